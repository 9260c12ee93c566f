"""SELECTs compiled once by SQLAlchemy and run on the driver's connection: the hot read path.

SQLAlchemy Core spends ~300 µs per query on building the statement, its execution context and
result metadata; the query itself (an index seek for a page of 20) takes ~30 µs on SQLite. A listing
is answered thousands of times a second, so it is written once with SQLAlchemy (same SQL on SQLite
and PostgreSQL, bound parameters, the column types' own conversions) and then run through the DBAPI.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import Select


class PreparedRead:
    """A SELECT with named bind parameters, compiled for one dialect."""

    def __init__(self, statement: Select[*tuple[Any, ...]], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.names: Sequence[str] | None = list(compiled.positiontup or ()) if compiled.positional else None
        processors = {
            key: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for key, bind in compiled.binds.items()
        }
        self.processors: dict[str, Callable[[Any], Any]] = {k: p for k, p in processors.items() if p}
        # Values SQLAlchemy bound itself (literals such as `IS 1`); the caller's fill the others.
        self.fixed = {k: v for k, v in compiled.params.items() if v is not None}

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        merged = {**self.fixed, **values}
        converted = {k: self.processors[k](v) if k in self.processors else v for k, v in merged.items()}
        return tuple(converted[name] for name in self.names) if self.names is not None else converted

    def rows(self, engine: Engine, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Every row. SQLite: on this thread's own connection (autocommit: each SELECT is its own
        snapshot and holds no lock after); others (and the one in-memory SQLite connection): the pool."""
        if engine.dialect.name == "sqlite" and not isinstance(engine.pool, StaticPool):
            cursor = _sqlite_reader(engine).execute(self.sql, self.parameters(values))
            try:
                return cast(list[tuple[Any, ...]], cursor.fetchall())  # a list of rows on both drivers
            finally:
                cursor.close()
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql, self.parameters(values))
                return cast(list[tuple[Any, ...]], cursor.fetchall())  # a list of rows on both drivers
            finally:
                cursor.close()
        finally:
            connection.close()


_readers = threading.local()
_reader_serials = itertools.count(1)


def sqlite_version(engine: Engine) -> tuple[int, int] | None:
    """What the database holds, as this thread's reader connection sees it: (the connection's serial,
    SQLite's `PRAGMA data_version`). It changes whenever any other connection, in this process or
    another, commits a change; two equal values mean nothing was written in between. None when the
    engine is not a SQLite file (PostgreSQL, the one in-memory SQLite connection)."""
    if engine.dialect.name != "sqlite" or isinstance(engine.pool, StaticPool):
        return None
    connection = _sqlite_reader(engine)
    version: int = connection.execute("PRAGMA data_version").fetchone()[0]
    return _readers.serials[engine], version


def _sqlite_reader(engine: Engine) -> Any:
    """A DBAPI connection of this thread for reads, made by the engine (WAL, busy timeout) and kept
    out of its pool: checking one out and in costs more than a page query on SQLite."""
    owned = getattr(_readers, "connections", None)
    if owned is None:
        owned = _readers.connections = weakref.WeakKeyDictionary()
        _readers.serials = weakref.WeakKeyDictionary()
    connection = owned.get(engine)
    if connection is None:
        fairy = engine.raw_connection()
        fairy.detach()  # ours now; closed when the thread or the engine goes
        connection = owned[engine] = fairy.dbapi_connection
        # data_version values of two connections cannot be compared: sqlite_version says whose it is.
        _readers.serials[engine] = next(_reader_serials)
    return connection
