"""The HTTP routes: thin, each one a query or a transaction; shapes come from schemas/serialize."""

from __future__ import annotations

import mimetypes
import re

import orjson
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import exists, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tiktok_commerce import events
from tiktok_commerce.api import listing, outbox
from tiktok_commerce.api.http_cache import REVALIDATE, cached
from tiktok_commerce.api.read_model import present
from tiktok_commerce.api.schemas import (
    HANDLE_PATTERN,
    HANDLE_RULE,
    NO_NUL,
    ErrorOut,
    ProductPage,
    ShopOut,
    VideoCreate,
    VideoOut,
    normalize_handle,
)
from tiktok_commerce.api.serialize import video_out
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.db.session import READ_ONLY, reading, transaction
from tiktok_commerce.urlguard import UnsafeURL, check_url, policy_for
from tiktok_commerce.video_urls import canonical_url, tiktok_video_id

router = APIRouter()

MAX_BLOB_KEY_CHARS = 512

LIMIT = Query(20, ge=1, le=100, description="products per page")
CURSOR = Query(
    None,
    max_length=200,
    description="next_cursor of the previous page",
    json_schema_extra={"pattern": NO_NUL},
)
NOT_MODIFIED = {304: {"description": "not modified: the ETag sent in If-None-Match is current"}}

VIDEO_LOAD = (
    selectinload(models.Video.products).selectinload(models.Product.tags),
    selectinload(models.Video.thumbnails),
)


def services(request: Request) -> Services:
    return request.app.state.services


def _find_video(svc: Services, seller: str, url: str) -> VideoOut | None:
    """The seller's video at this URL (a TikTok video by its id), serialized while its session is open."""
    V = models.Video
    same = V.video_url == url
    video_id = tiktok_video_id(url)
    if video_id is not None:
        same = or_(same, V.video_url.like(f"https://www.tiktok.com/@%/video/{video_id}"))
    with svc.sessions() as session:
        video = session.scalars(
            select(V).where(V.seller_handle == seller, same).order_by(V.created_at).options(*VIDEO_LOAD)
        ).first()
        return video_out(video, svc.blobs) if video is not None else None


def _record_video(svc: Services, seller: str, url: str, caption: str | None) -> str:
    """The shop (on first post), the video and its video.posted event, in one transaction."""
    with transaction(svc.sessions) as session:
        if session.get(models.Shop, seller) is None:
            session.add(models.Shop(seller_handle=seller))
            session.flush()
        video = models.Video(
            seller_handle=seller,
            video_url=url,
            caption=caption,
            # Without a caption the caption parser's stage looks it up (never this request).
            caption_source="seller" if caption else "pending",
            status="received",
            stages={"received": models.utcnow().isoformat()},
        )
        session.add(video)
        session.flush()
        posted = events.VideoPosted(seller_handle=seller, video_url=url, caption=caption)
        outbox.add_event(session, events.Envelope.new(video.id, posted))
        return video.id


@router.post(
    "/api/videos",
    status_code=202,
    response_model=VideoOut,
    responses={
        200: {"model": VideoOut, "description": "already posted"},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="Post a seller's video",
)
def post_video(body: VideoCreate, request: Request, response: Response) -> VideoOut:
    """Record the video for the seller's shop (created on first post) and queue it for processing.

    202 with the new video at once (status `received`; a missing caption is looked up by the
    caption parser's stage, `caption_source` says `pending` meanwhile); 200 with the existing video,
    products and thumbnails when this seller already posted this video (the same URL in any spelling,
    a TikTok video by its id).
    """
    svc = services(request)
    try:
        # The workers check every hop again and connect to what they checked; here the name is
        # looked up only to refuse an internal address early (not at all when those are allowed).
        policy = policy_for(svc.settings)
        url = canonical_url(check_url(body.video_url, policy, resolve_dns=not policy.allow_private).url)
    except UnsafeURL as exc:
        raise HTTPException(422, f"video_url: {exc}") from exc

    existing = _find_video(svc, body.seller_handle, url)
    if existing is not None:
        response.status_code = 200
        return existing

    for attempt in (1, 2):
        try:
            video_id = _record_video(svc, body.seller_handle, url, body.caption or None)
            break
        except IntegrityError:
            # A concurrent post won a race: the same video (double click, client retry) -> answer
            # with it; the same new shop (two first videos at once) -> try again, the shop exists now.
            existing = _find_video(svc, body.seller_handle, url)
            if existing is not None:
                response.status_code = 200
                return existing
            if attempt == 2:
                raise

    svc.relay.wake()
    response.headers["Location"] = f"/api/videos/{video_id}"
    with svc.sessions() as session:
        return video_out(
            session.scalars(
                select(models.Video).where(models.Video.id == video_id).options(*VIDEO_LOAD)
            ).one(),
            svc.blobs,
        )


@router.get(
    "/api/videos/{video_id}",
    response_model=VideoOut,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}},
)
def get_video(video_id: str, request: Request) -> Response:
    """The video's status, when each stage finished, its error if it failed, and its products."""
    svc = services(request)
    with svc.sessions(bind=svc.engine.execution_options(**{READ_ONLY: True})) as session:
        video = session.scalars(
            select(models.Video).where(models.Video.id == video_id).options(*VIDEO_LOAD)
        ).one_or_none()
        if video is None:
            raise HTTPException(404, f"no video with id {video_id!r}")
        body = video_out(video, svc.blobs).model_dump_json().encode()
    return cached(request, body, cache_control=REVALIDATE)


def _handle_or_none(seller_handle: str) -> str | None:
    try:
        return normalize_handle(seller_handle)
    except ValueError:
        return None


@router.get(
    "/api/shops/{seller_handle}",
    response_model=ShopOut,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def get_shop(
    seller_handle: str, request: Request, limit: int = LIMIT, cursor: str | None = CURSOR
) -> Response:
    """The seller's shop and a page of its products (thumbnails and tags included), oldest first."""
    svc = services(request)
    handle = _handle_or_none(seller_handle)
    with reading(svc.engine) as connection:
        shop = listing.shop_page(connection, handle, limit, cursor) if handle else None
    if shop is None:
        raise HTTPException(404, f"no shop for seller {seller_handle!r}")
    created_at, documents, next_cursor = shop
    url_of = svc.blobs.url
    body = orjson.dumps(
        {
            "seller_handle": handle,
            "created_at": created_at,
            "products": [present(d, url_of) for d in documents],
            "next_cursor": next_cursor,
        },
        option=orjson.OPT_UTC_Z,
    )
    return cached(request, body)


@router.get(
    "/api/products",
    response_model=ProductPage,
    responses={**NOT_MODIFIED, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def list_products(
    request: Request,
    seller: str | None = Query(
        None,
        description=f"only this seller's products: {HANDLE_RULE}",
        json_schema_extra={"pattern": HANDLE_PATTERN},
    ),
    category: str | None = Query(None, max_length=100, json_schema_extra={"pattern": NO_NUL}),
    tag: str | None = Query(None, max_length=100, json_schema_extra={"pattern": NO_NUL}),
    min_price: float | None = Query(None, ge=0),
    max_price: float | None = Query(None, ge=0),
    q: str | None = Query(
        None,
        max_length=200,
        description="words in the title or category",
        json_schema_extra={"pattern": NO_NUL},
    ),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
) -> Response:
    """All products, filtered, in a stable order (oldest first), a page at a time.

    A price range with min_price above max_price holds no product: an empty page.
    """
    P = models.Product
    where = [P.hidden.is_(False)]
    if seller is not None:
        if not re.fullmatch(HANDLE_PATTERN, seller):
            raise HTTPException(422, f"seller must be {HANDLE_RULE}; got {seller!r}")
        where.append(P.seller_handle == normalize_handle(seller))
    if category:
        where.append(func.lower(P.category) == category.strip().lower())
    if tag:
        where.append(exists().where(models.Tag.product_id == P.id, models.Tag.tag == tag.strip().lower()))
    if min_price is not None:
        where.append(P.price >= min_price)
    if max_price is not None:
        where.append(P.price <= max_price)
    if q:
        for word in q.lower().split():
            # autoescape: a "%" or "_" typed by a shopper is a character, not a wildcard
            where.append(
                or_(
                    func.lower(P.title).contains(word, autoescape=True),
                    func.lower(P.category).contains(word, autoescape=True),
                )
            )
    svc = services(request)
    with reading(svc.engine) as connection:
        documents, next_cursor = listing.page(connection, where, limit, cursor)
    url_of = svc.blobs.url
    body = orjson.dumps({"items": [present(d, url_of) for d in documents], "next_cursor": next_cursor})
    return cached(request, body)


@router.get("/health/live", summary="Liveness: the process answers")
async def live() -> dict[str, bool]:  # async: answered even when the thread pool is busy
    return {"live": True}


@router.get(
    "/health",
    summary="Liveness and readiness of the database and the bus",
    responses={503: {"description": "not ready: the database or the bus cannot be reached"}},
)
def health(request: Request) -> JSONResponse:
    svc = services(request)
    database: dict[str, object] = {"ok": True}
    try:
        with svc.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        database = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    bus: dict[str, object] = {"ok": False}
    try:
        bus["ok"] = bool(svc.bus.healthy())
        bus["queues"] = [vars(s) for s in svc.bus.stats()]
    except Exception as exc:
        bus = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    ready = bool(database["ok"] and bus["ok"])
    body = {"live": True, "ready": ready, "database": database, "bus": bus, "outbox_pending": None}
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
def get_blob(key: str, request: Request) -> Response:
    store = services(request).blobs
    path_of = getattr(store, "path", None)
    if path_of is None:  # S3 serves its own URLs
        raise HTTPException(404, "blobs are not served by this API")
    if len(key) > MAX_BLOB_KEY_CHARS or "\x00" in key:
        raise HTTPException(404, "no such blob")
    try:
        path = path_of(key)
        found = path.is_file()
    except (KeyError, ValueError, OSError) as exc:  # a key that is no file name this store wrote
        raise HTTPException(404, "no such blob") from exc
    if not found:
        raise HTTPException(404, "no such blob")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
