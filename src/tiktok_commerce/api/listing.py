"""Pages of product documents: one keyset query over an index, newest or oldest first.

A cursor is the (created_at, id) of the last product of a page, so pages never skip or repeat while
products are added, and the next page starts at an index seek instead of an offset. Each shape of
query (which filters are set) is compiled once per dialect and run through the driver (`PreparedRead`).
"""

from __future__ import annotations

import base64
import binascii
import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from fastapi import HTTPException
from sqlalchemy import Engine, Integer, bindparam, exists, func, or_, select, tuple_
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from tiktok_commerce.api.serialize import as_utc
from tiktok_commerce.db import models
from tiktok_commerce.db.prepared import PreparedRead

P = models.Product
BAD_CURSOR = "cursor: no page for this cursor (pass next_cursor as it was given)"


def encode_cursor(created_at: datetime, product_id: str) -> str:
    raw = json.dumps([as_utc(created_at).isoformat(), product_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, product_id = json.loads(raw)
        if not isinstance(created_at, str) or not isinstance(product_id, str) or "\x00" in product_id:
            raise ValueError("not a cursor")
        return as_utc(datetime.fromisoformat(created_at)), product_id
    except (binascii.Error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        # Anything else than what encode_cursor wrote (a date out of range, nested JSON, junk) points
        # at no page: 404, like any other address this API never handed out.
        raise HTTPException(404, BAD_CURSOR) from exc


def _like_escape(word: str) -> str:
    """A shopper's "%" or "_" is a character, not a wildcard."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass(frozen=True)
class Filters:
    """What a page is of. `listed_only`: what shoppers see on the shop page (complete, not hidden)."""

    seller: str | None = None
    category: str | None = None
    tag: str | None = None
    min_price: float | None = None
    max_price: float | None = None
    words: tuple[str, ...] = ()
    listed_only: bool = False

    def shape(self) -> tuple[Any, ...]:
        return (
            self.seller is not None,
            self.category is not None,
            self.tag is not None,
            self.min_price is not None,
            self.max_price is not None,
            len(self.words),
            self.listed_only,
        )

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "seller": self.seller,
            "category": self.category,
            "tag": self.tag,
            "min_price": self.min_price,
            "max_price": self.max_price,
        }
        values.update({f"word{i}": _like_escape(w) for i, w in enumerate(self.words)})
        return {k: v for k, v in values.items() if v is not None}


@lru_cache(maxsize=512)
def _query(dialect: Dialect, shape: tuple[Any, ...], after: bool, newest_first: bool) -> PreparedRead:
    seller, category, tag, min_price, max_price, words, listed_only = shape
    where: list[ColumnElement[bool]] = [
        P.listed.is_(True) if listed_only else P.hidden.is_(False),
        P.document.is_not(None),
    ]
    if seller:
        where.append(P.seller_handle == bindparam("seller"))
    if category:
        where.append(func.lower(P.category) == bindparam("category"))
    if tag:
        where.append(exists().where(models.Tag.product_id == P.id, models.Tag.tag == bindparam("tag")))
    if min_price:
        where.append(P.price >= bindparam("min_price", type_=P.price.type))
    if max_price:
        where.append(P.price <= bindparam("max_price", type_=P.price.type))
    for i in range(words):
        word: BindParameter[str] = bindparam(f"word{i}")
        where.append(
            or_(
                func.lower(P.title).contains(word, escape="/"),
                func.lower(P.category).contains(word, escape="/"),
            )
        )
    if after:
        at = bindparam("after_at", type_=P.created_at.type)
        last: BindParameter[str] = bindparam("after_id")
        # A row-value comparison: the index seeks straight to the cursor (SQLite and PostgreSQL).
        key, after_key = tuple_(P.created_at, P.id), tuple_(at, last)
        where.append(key < after_key if newest_first else key > after_key)
    order = (P.created_at.desc(), P.id.desc()) if newest_first else (P.created_at, P.id)
    statement = (
        select(P.document, P.created_at, P.id)
        .where(*where)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
    )
    return PreparedRead(statement, dialect)


def page(
    engine: Engine,
    filters: Filters,
    limit: int,
    cursor: str | None,
    newest_first: bool = False,
) -> tuple[list[str], str | None]:
    """Up to `limit` documents matching the filters after the cursor, and the next page's cursor."""
    values = filters.values()
    values["limit"] = limit + 1
    if cursor:
        values["after_at"], values["after_id"] = decode_cursor(cursor)
    query = _query(engine.dialect, filters.shape(), bool(cursor), newest_first)
    rows = query.rows(engine, values)
    shown = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(_stored_datetime(engine.dialect, shown[-1][1]), shown[-1][2])
    return [row[0] for row in shown], next_cursor


def _stored_datetime(dialect: Dialect, value: Any) -> datetime:
    """A `created_at` as the driver hands it back: SQLite's stored text made a datetime again."""
    if isinstance(value, datetime):
        return value
    converted: datetime = _datetime_from_text(dialect)(value)
    return converted


@lru_cache(maxsize=4)
def _datetime_from_text(dialect: Dialect) -> Callable[[Any], Any]:
    processor = P.created_at.type.dialect_impl(dialect).result_processor(dialect, None)
    return processor if processor is not None else datetime.fromisoformat


@lru_cache(maxsize=4)
def _shop_query(dialect: Dialect) -> PreparedRead:
    return PreparedRead(
        select(models.Shop.created_at).where(models.Shop.seller_handle == bindparam("handle")), dialect
    )


# Shops are never changed or deleted once made: when one opened is remembered (not that one is missing).
_opened: weakref.WeakKeyDictionary[Engine, dict[str, datetime]] = weakref.WeakKeyDictionary()
MAX_REMEMBERED_SHOPS = 10_000


def shop_created_at(engine: Engine, handle: str) -> datetime | None:
    """When the shop opened; None when there is no such shop."""
    opened = _opened.setdefault(engine, {})
    known = opened.get(handle)
    if known is not None:
        return known
    rows = _shop_query(engine.dialect).rows(engine, {"handle": handle})
    if not rows:
        return None
    created_at = _stored_datetime(engine.dialect, rows[0][0])
    if len(opened) >= MAX_REMEMBERED_SHOPS:
        opened.clear()
    opened[handle] = as_utc(created_at)
    return opened[handle]
