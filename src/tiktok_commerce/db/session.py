"""Sessions on the app's database, and the engine helpers under the names the code has used.

Engines (URL mapping, SQLite's setup) live in `sql_engine.py`, outside this package, because the
SQL bus needs them too and workers never import `db`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tiktok_commerce.sql_engine import READ_ONLY, is_sqlite, make_engine, normalize_url

__all__ = ["READ_ONLY", "is_sqlite", "make_engine", "make_session_factory", "normalize_url", "transaction"]


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session
