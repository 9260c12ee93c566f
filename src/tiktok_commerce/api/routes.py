"""The HTTP routes: thin, each one a query or a transaction; shapes come from schemas/serialize."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

import orjson
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import ValidationError
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tiktok_commerce.api import listing
from tiktok_commerce.api.auth import AUTH_RESPONSES, missing_key, require_seller
from tiktok_commerce.api.deps import CredentialsDep, LoopsDep, ServicesDep, services_of
from tiktok_commerce.api.http_cache import REVALIDATE, cached, etag_of
from tiktok_commerce.api.post_writer import Posted
from tiktok_commerce.api.read_model import json_page
from tiktok_commerce.api.schemas import (
    HANDLE_PATTERN,
    HANDLE_RULE,
    NO_NUL,
    ErrorOut,
    ListingQuery,
    ProductPage,
    ShopOut,
    VideoCreate,
    VideoOut,
    normalize_handle,
    query_parameters,
)
from tiktok_commerce.api.serialize import video_out
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.db.prepared import PreparedRead
from tiktok_commerce.error_text import STATUS_ERROR_CHARS, describe
from tiktok_commerce.sql_engine import READ_ONLY
from tiktok_commerce.urlguard import UnsafeURL, check_url
from tiktok_commerce.video_urls import canonical_url, tiktok_video_id

router = APIRouter()
T = TypeVar("T")

MAX_BLOB_KEY_CHARS = 512

LIMIT = Query(20, ge=1, le=100, description="products per page")
CURSOR = Query(
    None,
    max_length=200,
    description="next_cursor of the previous page",
    json_schema_extra={"pattern": NO_NUL},
)
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "not modified: the ETag sent in If-None-Match is current"}
}

VIDEO_LOAD = (
    selectinload(models.Video.products).selectinload(models.Product.tags),
    selectinload(models.Video.thumbnails),
)


# The hot reads first: routes are matched in order.


def handle_or_none(seller_handle: str) -> str | None:
    try:
        return normalize_handle(seller_handle)
    except ValueError:
        return None


async def read(svc: Services, function: Callable[..., T], *args: Any) -> T:
    """Run a read. On SQLite it runs right here: an index seek in a local file takes less time
    than handing it to a worker thread. On PostgreSQL it waits on the network: a worker thread."""
    if svc.engine.dialect.name == "sqlite":
        return function(*args)
    return await run_in_threadpool(function, *args)


def shop_documents(
    svc: Services,
    handle: str,
    limit: int,
    cursor: str | None,
    newest_first: bool = False,
    listed: bool = False,
) -> tuple[datetime, list[str], str | None] | None:
    created_at = listing.shop_created_at(svc.engine, handle)
    if created_at is None:
        return None
    filters = listing.Filters(seller=handle, listed_only=listed)
    documents, next_cursor = listing.page(svc.engine, filters, limit, cursor, newest_first)
    return created_at, documents, next_cursor


async def page_response(
    request: Request, svc: Services, key: Hashable, build: Callable[..., bytes | None], *args: Any
) -> Response | None:
    """A JSON page: from the page cache while the database is unchanged, else built by `build` (a
    read; None: nothing there) and kept. Thumbnail URLs that expire (presigned S3) are never kept."""
    prefix = svc.blobs.url_prefix  # part of the page: its thumbnail URLs
    version = svc.pages.version(svc.engine) if prefix is not None else None
    key = (prefix, key)
    page = svc.pages.get(key, version)
    if page is not None:
        return cached(request, page.body, etag=page.etag)
    body = await read(svc, build, *args)  # after the version: the page is at least that new
    if body is None:
        return None
    etag = etag_of(body)
    svc.pages.put(key, version, body, etag)
    return cached(request, body, etag=etag)


def _shop_json(svc: Services, handle: str, limit: int, cursor: str | None) -> bytes | None:
    shop = shop_documents(svc, handle, limit, cursor)
    if shop is None:
        return None
    created_at, documents, next_cursor = shop
    head = orjson.dumps({"seller_handle": handle, "created_at": created_at}, option=orjson.OPT_UTC_Z)
    tail = b',"next_cursor":' + orjson.dumps(next_cursor) + b"}"
    return json_page(documents, svc.blobs, head[:-1] + b',"products":', tail)


@router.get(
    "/api/shops/{seller_handle}",
    response_model=ShopOut,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
async def get_shop(
    seller_handle: str, request: Request, limit: int = LIMIT, cursor: str | None = CURSOR
) -> Response:
    """The seller's shop and a page of its products (thumbnails and tags included), oldest first."""
    svc = services_of(request)  # a hot read: no dependency to resolve (api/deps.py)
    handle = handle_or_none(seller_handle)
    answer = None
    if handle is not None:
        answer = await page_response(
            request, svc, ("shop", handle, limit, cursor), _shop_json, svc, handle, limit, cursor
        )
    if answer is None:
        raise HTTPException(404, f"no shop for seller {seller_handle!r}")
    return answer


def _products_json(svc: Services, filters: listing.Filters, limit: int, cursor: str | None) -> bytes:
    documents, next_cursor = listing.page(svc.engine, filters, limit, cursor)
    tail = b',"next_cursor":' + orjson.dumps(next_cursor) + b"}"
    return json_page(documents, svc.blobs, b'{"items":', tail)


@router.get(
    "/api/products",
    response_model=ProductPage,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    openapi_extra={"parameters": query_parameters(ListingQuery)},
)
async def list_products(request: Request) -> Response:
    """All products, filtered, in a stable order (oldest first), a page at a time.

    A price range with min_price above max_price holds no product: an empty page.
    """
    # One model validates the whole query string: FastAPI's per-parameter handling of eight
    # parameters costs more than the query itself on this hot path.
    try:
        query = ListingQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from exc
    seller, category, tag, q = query.seller, query.category, query.tag, query.q
    if seller is not None and not re.fullmatch(HANDLE_PATTERN, seller):
        raise HTTPException(422, f"seller must be {HANDLE_RULE}; got {seller!r}")
    filters = listing.Filters(
        seller=normalize_handle(seller) if seller is not None else None,
        category=category.strip().lower() or None if category else None,
        tag=tag.strip().lower() or None if tag else None,
        min_price=query.min_price,
        max_price=query.max_price,
        words=tuple(q.lower().split()) if q else (),
    )
    limit, cursor = query.limit, query.cursor
    svc = services_of(request)  # a hot read: no dependency to resolve (api/deps.py)
    key = ("products", filters, limit, cursor)
    answer = await page_response(request, svc, key, _products_json, svc, filters, limit, cursor)
    assert answer is not None  # a listing is never missing, at worst empty
    return answer


@lru_cache(maxsize=8)
def _same_video_query(dialect: Dialect, by_tiktok_id: bool) -> PreparedRead:
    V = models.Video
    same = V.tiktok_id == bindparam("tiktok_id") if by_tiktok_id else V.video_url == bindparam("url")
    return PreparedRead(
        select(V.id).where(V.seller_handle == bindparam("seller"), same).order_by(V.created_at).limit(1),
        dialect,
    )


def _existing_video_id(svc: Services, seller: str, url: str) -> str | None:
    """The seller's video at this URL (a TikTok video by its id: any @user spelling)."""
    tiktok_id = tiktok_video_id(url)
    query = _same_video_query(svc.engine.dialect, tiktok_id is not None)
    found = query.rows(svc.engine, {"seller": seller, "url": url, "tiktok_id": tiktok_id})
    return str(found[0][0]) if found else None


def _video_by_id(svc: Services, video_id: str) -> VideoOut:
    with svc.sessions() as session:
        video = session.scalars(
            select(models.Video).where(models.Video.id == video_id).options(*VIDEO_LOAD)
        ).one()
        return video_out(video, svc.blobs)


def _checked_url(svc: Services, video_url: str) -> str:
    """The canonical URL of a video this API may fetch, else 422. The workers check every hop again
    and connect to what they checked; here the name is looked up only to refuse an internal address
    early (not at all when those are allowed)."""
    policy = svc.fetch_policy
    try:
        return canonical_url(check_url(video_url, policy, resolve_dns=not policy.allow_private).url)
    except UnsafeURL as exc:
        raise HTTPException(422, f"video_url: {exc}") from exc


def _admit(svc: Services, credentials: HTTPAuthorizationCredentials | None, body: VideoCreate) -> str:
    """The key (401/403), then the URL with its DNS lookup (422): a stranger's post looks up no name."""
    require_seller(svc, credentials, body.seller_handle)
    return _checked_url(svc, body.video_url)


@router.post(
    "/api/videos",
    status_code=202,
    response_model=VideoOut,
    responses={
        200: {"model": VideoOut, "description": "already posted"},
        401: {"model": ErrorOut, **AUTH_RESPONSES[401]},
        403: {"model": ErrorOut, **AUTH_RESPONSES[403]},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="Post a seller's video",
)
async def post_video(
    body: VideoCreate, request: Request, response: Response, credentials: CredentialsDep
) -> VideoOut | Response:
    """Record the video for the seller's shop (created on first post) and queue it for processing.

    202 with the new video at once (status `received`; a missing caption is looked up by the
    caption parser's stage, `caption_source` says `pending` meanwhile); 200 with the existing video,
    products and thumbnails when this seller already posted this video (the same URL in any spelling,
    a TikTok video by its id).
    """
    svc = services_of(request)  # a hot path: no dependency to resolve (api/deps.py)
    key = None
    if svc.settings.auth_required:
        if credentials is None:
            raise missing_key(body.seller_handle)
        key = credentials.credentials  # checked where the post is recorded, with the others waiting
    if svc.fetch_policy.allow_private:
        url = _checked_url(svc, body.video_url)  # no DNS lookup: right here
    else:  # a DNS lookup waits on the network: a worker thread, once the key is known good
        url = await run_in_threadpool(_admit, svc, credentials, body)
    try:
        # Recorded with the other posts waiting, in one transaction with its video.posted event,
        # unless its key may not post for the seller or this seller posted this video already;
        # answered once committed (api/post_writer.py).
        posted = await svc.posts.record(body.seller_handle, url, body.caption or None, key)
    except IntegrityError:
        # Another process recorded the same video at the same moment: its video is the answer.
        existing_id = await read(svc, _existing_video_id, svc, body.seller_handle, url)
        if existing_id is None:
            raise
        posted = Posted(existing_id, None)
    if posted.created is None:
        response.status_code = 200
        return await run_in_threadpool(_video_by_id, svc, posted.video_id)
    # Written from the values just stored: no second read, no second validation.
    return Response(
        orjson.dumps(posted.created),
        status_code=202,
        media_type="application/json",
        headers={"Location": posted.created["link"]},
    )


@router.get(
    "/api/videos/{video_id}",
    response_model=VideoOut,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}},
)
def get_video(video_id: str, request: Request, svc: ServicesDep) -> Response:
    """The video's status, when each stage finished, its error if it failed, and its products."""
    with svc.sessions(bind=svc.engine.execution_options(**{READ_ONLY: True})) as session:
        video = session.scalars(
            select(models.Video).where(models.Video.id == video_id).options(*VIDEO_LOAD)
        ).one_or_none()
        if video is None:
            raise HTTPException(404, f"no video with id {video_id!r}")
        body = video_out(video, svc.blobs).model_dump_json().encode()
    return cached(request, body, cache_control=REVALIDATE)


@router.get("/health/live", summary="Liveness: the process answers")
async def live() -> dict[str, bool]:  # async: answered even when the thread pool is busy
    return {"live": True}


@router.get(
    "/health",
    summary="Liveness and readiness of the database and the bus",
    responses={503: {"description": "not ready: the database or the bus cannot be reached, or a loop died"}},
)
def health(svc: ServicesDep, loops: LoopsDep) -> JSONResponse:
    database: dict[str, object] = {"ok": True}
    try:
        with svc.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        database = {"ok": False, "error": describe(exc, STATUS_ERROR_CHARS)}
    bus: dict[str, object] = {"ok": False}
    try:
        bus["ok"] = bool(svc.bus.healthy())
        bus["queues"] = [vars(s) for s in svc.bus.stats()]
    except Exception as exc:
        bus = {"ok": False, "error": describe(exc, STATUS_ERROR_CHARS)}
    # The process's own loops (relay, results consumer, workers under `up`): a dead one is not ready.
    statuses = [s.as_dict() for s in loops.status()] if loops is not None else []
    dead = [f"{s['name']}: {s['error']}" for s in statuses if not s["alive"]]
    ready = bool(database["ok"] and bus["ok"]) and not dead
    body = {"live": True, "ready": ready, "database": database, "bus": bus, "outbox_pending": None}
    body["loops"] = statuses
    if dead:
        body["not_ready"] = "dead: " + "; ".join(dead)
    if database["ok"]:
        try:
            body["outbox_pending"] = svc.relay.pending()
        except Exception:
            body["outbox_pending"] = None
    return JSONResponse(status_code=200 if ready else 503, content=body)


@router.get(
    "/blobs/{key:path}",
    summary="A blob (thumbnail) from the local blob store",
    responses={
        200: {"content": {"image/jpeg": {}}, "description": "the blob"},
        404: {"model": ErrorOut, "description": "no such blob"},
    },
)
def get_blob(key: str, svc: ServicesDep) -> Response:
    files = svc.blob_files
    if files is None:  # S3 serves its own URLs
        raise HTTPException(404, "blobs are not served by this API")
    if len(key) > MAX_BLOB_KEY_CHARS or "\x00" in key:
        raise HTTPException(404, "no such blob")
    try:
        path = files.path(key)
        found = path.is_file()
    except (KeyError, ValueError, OSError) as exc:  # a key that is no file name this store wrote
        raise HTTPException(404, "no such blob") from exc
    if not found:
        raise HTTPException(404, "no such blob")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
