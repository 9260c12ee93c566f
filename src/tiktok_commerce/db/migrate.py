"""Alembic, configured in code (no alembic.ini): `upgrade(database_url)` brings a database to head.

The same migrations run on SQLite and PostgreSQL. Revisions live in db/migrations/versions; the app
tables are "0001_app", the SQL bus adds its own on top.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from tiktok_commerce.sql_engine import make_engine, normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%": a password with %-escapes must survive.
    url = normalize_url(database_url).render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head", engine: Engine | None = None) -> None:
    """Create or upgrade every table (app and bus) to `revision`. Safe to run on every start."""
    config = alembic_config(database_url)
    own_engine = engine is None
    engine = engine or make_engine(database_url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if own_engine:
            engine.dispose()


def current(database_url: str) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
