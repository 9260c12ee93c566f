"""SQLAlchemy engines for SQLite and PostgreSQL from one DATABASE_URL: the one place that knows
how a SQLite connection is set up, for the app's database (db/) and the SQL bus (bus/) alike.

`postgresql://` and `postgres://` URLs are mapped to the psycopg 3 driver, so the URL a hosting
provider hands out works unchanged. SQLite files get their folder created, WAL journaling (readers
do not block the writer) and a busy timeout, and every transaction starts with BEGIN IMMEDIATE:
the API, the relay, the results consumer and the workers' bus all write from several threads, and
taking the write lock up front makes them queue on the busy timeout instead of failing with
"database is locked" when a read transaction tries to upgrade.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "tiktok_commerce_read_only"  # execution option: this connection only reads
_SET_UP: weakref.WeakSet[Engine] = weakref.WeakSet()  # SQLite engines whose connections get the pragmas


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


class WriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions take its engine's lock first.

    SQLite has one writer at a time; a second BEGIN IMMEDIATE waits in SQLite's busy handler, which
    sleeps and retries (1, 2, 5 ... up to 100 ms a try), so under load writers idle while the lock
    is free. A Python lock hands it over at once. Released when the transaction ends (commit,
    rollback, or the connection closing); after 30 s of waiting: "database is locked", as before.
    """

    writer_lock: threading.Lock | None = None
    holds_writer_lock = False

    def take_writer_lock(self) -> None:
        if self.writer_lock is None:
            return
        if not self.writer_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise sqlite3.OperationalError("database is locked")
        self.holds_writer_lock = True

    def release_writer_lock(self) -> None:
        if self.holds_writer_lock and self.writer_lock is not None:
            self.holds_writer_lock = False
            self.writer_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.release_writer_lock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.release_writer_lock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release_writer_lock()


def make_engine(database_url: str | URL, **kwargs: object) -> Engine:
    """An engine for the URL; SQLite gets its folder, WAL, a busy timeout and BEGIN IMMEDIATE."""
    url = normalize_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)

    path = _sqlite_file(url)
    writer_lock = threading.Lock()  # this engine's writers, one at a time (see WriterConnection)
    options: dict[str, object] = {
        "connect_args": {"check_same_thread": False, "timeout": 30, "factory": WriterConnection}
    }
    if path is None:
        options["poolclass"] = StaticPool  # one shared in-memory database
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    options.update(kwargs)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: WriterConnection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's lazy deferred BEGIN.
        dbapi_connection.isolation_level = None
        dbapi_connection.writer_lock = writer_lock
        sqlite_pragmas(dbapi_connection, file_backed=path is not None)
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    _SET_UP.add(engine)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Reads (see `reading`) take no write lock: in WAL mode they run beside the writer.
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        writer = cast(WriterConnection, connection.connection.dbapi_connection)  # its connect factory
        writer.take_writer_lock()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writer.release_writer_lock()
            raise

    return engine


def sqlite_pragmas(dbapi_connection: Any, file_backed: bool) -> None:
    """Every SQLite connection's setup: WAL journaling in a file (readers do not block the writer;
    it stays in the file), synchronous=NORMAL (safe with WAL), and a busy timeout, so a writer
    waits for the lock instead of failing with "database is locked"."""
    cursor = dbapi_connection.cursor()
    if file_backed:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def set_up_sqlite(engine: Engine) -> None:
    """Give a SQLite engine that `make_engine` did not make (a plain `create_engine`) the pragmas on
    every connection, the ones it holds already included. Nothing for other engines or ours."""
    if engine.dialect.name != "sqlite" or engine in _SET_UP:
        return
    file_backed = _sqlite_file(engine.url) is not None

    def on_connect(dbapi_connection: Any, _record: object) -> None:
        sqlite_pragmas(dbapi_connection, file_backed)

    event.listen(engine, "connect", on_connect)
    _SET_UP.add(engine)
    # A connection made before (say, by create_all) may be back in the pool: set it up too. On the
    # driver's connection, outside any BEGIN, where journal_mode can still change.
    raw = engine.raw_connection()
    try:
        sqlite_pragmas(raw.dbapi_connection, file_backed)
    finally:
        raw.close()
