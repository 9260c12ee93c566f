"""Pages of product documents: one keyset query over an index, newest or oldest first.

A cursor is the (created_at, id) of the last product of a page, so pages never skip or repeat while
products are added, and the next page starts at an index seek instead of an offset.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime

from fastapi import HTTPException
from sqlalchemy import ColumnElement, Connection, and_, or_, select

from tiktok_commerce.api.serialize import as_utc
from tiktok_commerce.db import models

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


def page(
    connection: Connection,
    where: Sequence[ColumnElement[bool]],
    limit: int,
    cursor: str | None,
    newest_first: bool = False,
) -> tuple[list[str], str | None]:
    """Up to `limit` documents matching `where` after the cursor, and the next page's cursor."""
    conditions = [*where, P.document.is_not(None)]
    if cursor:
        created_at, last_id = decode_cursor(cursor)
        if newest_first:
            after = or_(P.created_at < created_at, and_(P.created_at == created_at, P.id < last_id))
        else:
            after = or_(P.created_at > created_at, and_(P.created_at == created_at, P.id > last_id))
        conditions.append(after)
    order = (P.created_at.desc(), P.id.desc()) if newest_first else (P.created_at, P.id)
    rows = connection.execute(
        select(P.document, P.created_at, P.id).where(*conditions).order_by(*order).limit(limit + 1)
    ).all()
    shown = rows[:limit]
    next_cursor = encode_cursor(shown[-1].created_at, shown[-1].id) if len(rows) > limit else None
    return [row.document for row in shown], next_cursor


def shop_page(
    connection: Connection,
    handle: str,
    limit: int,
    cursor: str | None,
    *,
    newest_first: bool = False,
    listed_only: bool = False,
) -> tuple[datetime, list[str], str | None] | None:
    """The shop's creation time and a page of its products; None when there is no such shop."""
    created_at = connection.execute(
        select(models.Shop.created_at).where(models.Shop.seller_handle == handle)
    ).scalar_one_or_none()
    if created_at is None:
        return None
    where = [P.seller_handle == handle, P.listed if listed_only else P.hidden.is_(False)]
    documents, next_cursor = page(connection, where, limit, cursor, newest_first=newest_first)
    return as_utc(created_at), documents, next_cursor
