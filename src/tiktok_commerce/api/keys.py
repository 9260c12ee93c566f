"""Sellers' API keys: made once and shown once, stored as a SHA-256, compared in constant time.

A key reads `tck_<key id>_<secret>`: the key id (12 hex digits) finds the row, the secret (256 random
bits) is the proof. Only the hash of the whole key is stored, so a copy of the database holds no key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, sessionmaker

from tiktok_commerce.db import models
from tiktok_commerce.db.prepared import PreparedRead
from tiktok_commerce.db.session import transaction

KEY_RE = re.compile(r"^tck_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(sessions: sessionmaker[Session], seller: str) -> tuple[str, str]:
    """A new key for the seller: (the key, to show once; its id, to list and revoke it by)."""
    key_id = secrets.token_hex(6)
    key = f"tck_{key_id}_{secrets.token_urlsafe(32)}"
    with transaction(sessions) as session:
        session.add(models.ApiKey(key_id=key_id, seller_handle=seller, key_hash=hash_key(key)))
    return key, key_id


def revoke_key(sessions: sessionmaker[Session], key_id: str) -> bool:
    """Revoke a key by its id; False when there is no such key (or it was revoked already)."""
    with transaction(sessions) as session:
        row = session.get(models.ApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = models.utcnow()
        return True


@dataclass
class KeyInfo:
    key_id: str
    seller_handle: str
    created_at: datetime
    revoked_at: datetime | None


def list_keys(sessions: sessionmaker[Session], seller: str | None = None) -> list[KeyInfo]:
    query = select(models.ApiKey).order_by(models.ApiKey.seller_handle, models.ApiKey.created_at)
    if seller:
        query = query.where(models.ApiKey.seller_handle == seller)
    with sessions() as session:
        return [
            KeyInfo(row.key_id, row.seller_handle, row.created_at, row.revoked_at)
            for row in session.scalars(query)
        ]


@lru_cache(maxsize=4)
def _key_query(dialect: Dialect) -> PreparedRead:
    K = models.ApiKey
    return PreparedRead(
        select(K.seller_handle, K.key_hash, K.revoked_at).where(K.key_id == bindparam("key_id")), dialect
    )


def seller_of(engine: Engine, key: str) -> str | None:
    """The seller a valid, unrevoked key belongs to; None for anything else."""
    match = KEY_RE.fullmatch(key)
    rows = _key_query(engine.dialect).rows(engine, {"key_id": match.group(1)}) if match else []
    return _owner(key, rows[0] if rows else None)


def sellers_of(connection: Connection, keys: Collection[str]) -> dict[str, str | None]:
    """seller_of for many keys with one query, in the connection's transaction (a batch of posts)."""
    ids = {key: match.group(1) for key in keys if (match := KEY_RE.fullmatch(key))}
    K = models.ApiKey
    rows: dict[str, tuple[Any, ...]] = {}
    if ids:
        query = select(K.key_id, K.seller_handle, K.key_hash, K.revoked_at).where(
            K.key_id.in_(sorted(set(ids.values())))
        )
        rows = {
            key_id: (seller, stored, revoked) for key_id, seller, stored, revoked in connection.execute(query)
        }
    return {key: _owner(key, rows.get(ids[key]) if key in ids else None) for key in keys}


def _owner(key: str, row: tuple[Any, ...] | None) -> str | None:
    """The row's seller when `key` is the key it holds and it is not revoked; else None."""
    seller: str | None
    seller, stored, revoked_at = row if row else (None, _DUMMY_HASH, None)
    # Compare hashes in constant time, against a stand-in when there is no row, so the answer's
    # timing says nothing about how much of a key was right.
    same = hmac.compare_digest(stored, hash_key(key))
    if seller is None or not same or revoked_at is not None:
        return None
    return seller
