"""The SQL bus's one table: every queue's messages, dead-letter queues included.

Kept apart from the app's ORM models (db/models.py): the bus is transport, not application data,
and it must not drag the app's models into a worker. Alembic revision 0002_bus creates it.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

bus_messages = Table(
    "bus_messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("queue", String(80), nullable=False),
    Column("body", Text, nullable=False),  # the Envelope as JSON
    Column("receive_count", Integer, nullable=False, default=0),
    # Epoch seconds: plain floats compare the same way on SQLite and PostgreSQL, with no time zones.
    Column("visible_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("claim_token", String(36), nullable=True),  # set by each receive; ack/fail must match it
    Column("last_error", Text, nullable=True),
    Index("ix_bus_messages_queue_visible_at", "queue", "visible_at"),
)
