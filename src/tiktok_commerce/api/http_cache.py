"""Pre-encoded JSON and HTML answers with an ETag, 304 on If-None-Match, and Cache-Control."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response

# Listings may be a few seconds old in a cache; a client revalidates after that (ETag: 304, no body).
PUBLIC_SHORT = "public, max-age=5"
# Things that change while someone watches them (a video's progress, a seller's view): always revalidate.
REVALIDATE = "no-cache"


def etag_of(body: bytes) -> str:
    # SHA-1 for its speed (hardware-assisted, ~1 GB/s here): an ETag names a version, it proves nothing.
    return f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def cached(
    request: Request,
    body: bytes,
    media_type: str = "application/json",
    cache_control: str = PUBLIC_SHORT,
    status_code: int = 200,
    etag: str | None = None,
) -> Response:
    """The body with its ETag (given, or computed here); 304 without a body when the client already
    holds this version."""
    etag = etag or etag_of(body)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if status_code == 200 and matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)
