"""Engines and sessions for SQLite and PostgreSQL from one DATABASE_URL.

`postgresql://` and `postgres://` URLs are mapped to the psycopg 3 driver, so the URL a hosting
provider hands out works unchanged. SQLite files get their folder created, WAL journaling (readers
do not block the writer) and a busy timeout, and every transaction starts with BEGIN IMMEDIATE:
the API, the relay, the results consumer and the workers' bus all write from several threads, and
taking the write lock up front makes them queue on the busy timeout instead of failing with
"database is locked" when a read transaction tries to upgrade.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "tiktok_commerce_read_only"  # execution option: this connection only reads


def normalize_url(database_url: str | URL) -> URL:
    """The URL with the driver this project installs (psycopg 3 for PostgreSQL)."""
    url = make_url(str(database_url)) if not isinstance(database_url, URL) else database_url
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def is_sqlite(database_url: str | URL) -> bool:
    return normalize_url(database_url).get_backend_name() == "sqlite"


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(database_url: str | URL, **kwargs: object) -> Engine:
    """An engine for the URL; SQLite gets its folder, WAL, a busy timeout and BEGIN IMMEDIATE."""
    url = normalize_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)  # type: ignore[arg-type]

    path = _sqlite_file(url)
    options: dict[str, object] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if path is None:
        options["poolclass"] = StaticPool  # one shared in-memory database
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    options.update(kwargs)
    engine = create_engine(url, **options)  # type: ignore[arg-type]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's lazy deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if path is not None:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # Reads (see `reading`) take no write lock: in WAL mode they run beside the writer.
        deferred = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads: one snapshot, and on SQLite no write lock (a deferred BEGIN)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        yield connection
