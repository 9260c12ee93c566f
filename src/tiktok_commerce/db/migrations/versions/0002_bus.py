"""SQL bus: the bus_messages table (see bus/schema.py).

Revision ID: 0002_bus
Revises: 0001_app
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_bus"
down_revision: str | None = "0001_app"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bus_messages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("queue", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("receive_count", sa.Integer(), nullable=False),
        sa.Column("visible_at", sa.Float(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bus_messages_queue_visible_at", "bus_messages", ["queue", "visible_at"])


def downgrade() -> None:
    op.drop_index("ix_bus_messages_queue_visible_at", table_name="bus_messages")
    op.drop_table("bus_messages")
