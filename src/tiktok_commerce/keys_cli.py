"""`tiktok-commerce keys create|list|revoke`: sellers' API keys."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tiktok_commerce.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="sellers' API keys (needed to post and edit when AUTH_REQUIRED=true)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = keys_sub.add_parser("create", help="make a key for a seller and print it (shown only once)")
    create.add_argument("--seller", required=True, help="the seller's handle")
    create.set_defaults(func=cmd_create)
    listing = keys_sub.add_parser("list", help="list keys (ids, never the keys themselves)")
    listing.add_argument("--seller", help="only this seller's keys")
    listing.set_defaults(func=cmd_list)
    revoke = keys_sub.add_parser("revoke", help="revoke a key by its id (as `keys list` shows it)")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=cmd_revoke)


def _sessions() -> sessionmaker[Session]:
    from tiktok_commerce.db.migrate import upgrade
    from tiktok_commerce.db.session import make_session_factory
    from tiktok_commerce.sql_engine import make_engine

    settings = get_settings()
    upgrade(settings.database_url)
    return make_session_factory(make_engine(settings.database_url))


def _handle(value: str) -> str | None:
    from tiktok_commerce.api.schemas import normalize_handle

    try:
        return normalize_handle(value)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def cmd_create(args: argparse.Namespace) -> int:
    from tiktok_commerce.api.keys import create_key

    seller = _handle(args.seller)
    if seller is None:
        return 2
    key, key_id = create_key(_sessions(), seller)
    print(key)
    print(
        f"key {key_id} for @{seller}: keep it secret, it is shown only this once "
        f"(send it as 'Authorization: Bearer <key>')",
        file=sys.stderr,
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from tiktok_commerce.api.keys import list_keys

    seller = _handle(args.seller) if args.seller else None
    if args.seller and seller is None:
        return 2
    rows = list_keys(_sessions(), seller)
    if not rows:
        print("no keys")
    for row in rows:
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
        print(f"{row.key_id}  @{row.seller_handle}  created {row.created_at:%Y-%m-%d %H:%M}  {state}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from tiktok_commerce.api.keys import revoke_key

    if revoke_key(_sessions(), args.key_id):
        print(f"key {args.key_id} revoked")
        return 0
    print(f"error: no active key with id {args.key_id!r} (see `tiktok-commerce keys list`)", file=sys.stderr)
    return 1
