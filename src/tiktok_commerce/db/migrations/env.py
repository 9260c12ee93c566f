"""Alembic environment: runs on the connection migrate.upgrade hands over, or opens its own."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tiktok_commerce.bus import schema as bus_schema
from tiktok_commerce.db.models import Base
from tiktok_commerce.sql_engine import make_engine

config = context.config
# Both owners of tables in this database: the app (0001_app) and the SQL bus (0002_bus).
target_metadata = [Base.metadata, bus_schema.metadata]


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic: no sqlalchemy.url and no connection to migrate")
    engine = make_engine(url)
    try:
        with engine.begin() as own:
            run_migrations(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
