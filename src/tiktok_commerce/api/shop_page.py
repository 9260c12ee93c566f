"""The HTML pages: shops for shoppers on phones, a product page, and a seller's view of its videos.

Jinja2 templates (`templates/`) with autoescape: everything shown comes from sellers' captions.
Shoppers see only listed products (their video completed once, not hidden), newest first, a page at
a time. No JavaScript: links and a responsive CSS grid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select, tuple_

from tiktok_commerce.api import listing
from tiktok_commerce.api.deps import ServicesDep
from tiktok_commerce.api.http_cache import REVALIDATE, cached
from tiktok_commerce.api.read_model import present
from tiktok_commerce.api.results import PIPELINE
from tiktok_commerce.api.routes import VIDEO_LOAD, handle_or_none, shop_documents
from tiktok_commerce.api.serialize import as_utc, video_out
from tiktok_commerce.db import models
from tiktok_commerce.video_urls import is_tiktok_page

router = APIRouter(include_in_schema=False)

templates = Environment(
    loader=PackageLoader("tiktok_commerce.api", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
SHOP_PAGE_SIZE = 24
SELLER_PAGE_SIZE = 20
MAX_CURSOR_CHARS = 200


def _html(
    request: Request, template: str, cache_control: str = "public, max-age=5", **context: Any
) -> Response:
    body = templates.get_template(template).render(**context).encode()
    return cached(request, body, media_type="text/html; charset=utf-8", cache_control=cache_control)


def not_found(message: str, back_href: str = "/", back_text: str = "All shops") -> HTMLResponse:
    body = templates.get_template("not_found.html").render(
        message=message, back_href=back_href, back_text=back_text
    )
    return HTMLResponse(body, status_code=404)


def _cursor(cursor: str | None) -> str | None:
    if cursor is not None and (len(cursor) > MAX_CURSOR_CHARS or not cursor):
        raise HTTPException(404, listing.BAD_CURSOR)
    return cursor


@router.get("/shops/{seller_handle}", response_class=HTMLResponse)
def shop_html(seller_handle: str, request: Request, svc: ServicesDep, cursor: str | None = None) -> Response:
    handle = handle_or_none(seller_handle)
    try:
        shop = (
            shop_documents(svc, handle, SHOP_PAGE_SIZE, _cursor(cursor), newest_first=True, listed=True)
            if handle
            else None
        )
    except HTTPException:
        return not_found("This page of the shop does not exist", f"/shops/{handle}", "Back to the shop")
    if shop is None:
        return not_found(f"No shop for @{seller_handle}")
    _, documents, next_cursor = shop
    products = [present(d, svc.blobs.url) for d in documents]
    return _html(
        request,
        "shop.html",
        handle=handle,
        products=products,
        next_cursor=next_cursor,
        first_page=cursor is None,
    )


@router.get("/shops/{seller_handle}/products/{product_id}", response_class=HTMLResponse)
def product_html(seller_handle: str, product_id: str, request: Request, svc: ServicesDep) -> Response:
    handle = handle_or_none(seller_handle)
    with svc.sessions() as session:
        row = session.execute(
            select(models.Product.document, models.Product.listed).where(
                models.Product.id == product_id, models.Product.seller_handle == handle
            )
        ).one_or_none()
    if row is None or not row.listed or row.document is None:
        back = f"/shops/{handle}" if handle else "/"
        return not_found("This product is not in the shop", back, "Back to the shop")
    product = present(row.document, svc.blobs.url)
    return _html(
        request, "product.html", handle=handle, p=product, tiktok=is_tiktok_page(product["video_url"])
    )


def _when(iso: str | None, fmt: str = "%H:%M:%S") -> str | None:
    try:
        return as_utc(datetime.fromisoformat(iso)).strftime(fmt) if iso else None
    except ValueError:
        return None


def _stages(video: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stage of the pipeline with its state (done, failed, waiting) and when it finished."""
    stages = video["stages"]
    shown = [{"name": "received", "state": "done", "at": _when(stages.get("received"))}]
    failed = video["status"] == models.FAILED
    for name, _event in PIPELINE:
        at = stages.get(name)
        state = (
            "done" if at else ("failed" if failed and not any(s["state"] == "failed" for s in shown) else "")
        )
        shown.append({"name": name, "state": state, "at": _when(at)})
    if video["status"] == "complete":
        shown.append({"name": "complete", "state": "done", "at": None})
    return shown


@router.get("/sellers/{seller_handle}", response_class=HTMLResponse)
def seller_html(
    seller_handle: str, request: Request, svc: ServicesDep, cursor: str | None = None
) -> Response:
    handle = handle_or_none(seller_handle)
    V = models.Video
    with svc.sessions() as session:
        if handle is None or session.get(models.Shop, handle) is None:
            return not_found(f"No seller called @{seller_handle}")
        query = select(V).where(V.seller_handle == handle)
        if cursor:
            try:
                after = listing.decode_cursor(_cursor(cursor) or "")
            except HTTPException:
                return not_found(
                    "This page does not exist", f"/sellers/{handle}", "Back to the newest videos"
                )
            query = query.where(tuple_(V.created_at, V.id) < after)
        rows = session.scalars(
            query.order_by(V.created_at.desc(), V.id.desc()).limit(SELLER_PAGE_SIZE + 1).options(*VIDEO_LOAD)
        ).all()
        page = rows[:SELLER_PAGE_SIZE]
        next_cursor = (
            listing.encode_cursor(page[-1].created_at, page[-1].id) if len(rows) > SELLER_PAGE_SIZE else None
        )
        listed = {p.id for v in page for p in v.products if p.listed}
        videos = []
        for video in page:
            shown = video_out(video, svc.blobs).model_dump(mode="json")
            shown["posted"] = as_utc(video.created_at).strftime("%Y-%m-%d %H:%M UTC")
            shown["stages"] = _stages(shown)
            for product in shown["products"]:
                product["listed"] = product["id"] in listed
            videos.append(shown)
    return _html(
        request,
        "seller.html",
        cache_control=REVALIDATE,
        handle=handle,
        videos=videos,
        next_cursor=next_cursor,
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, svc: ServicesDep) -> Response:
    with svc.sessions() as session:
        handles = session.scalars(select(models.Shop.seller_handle).order_by(models.Shop.seller_handle)).all()
    return _html(request, "index.html", handles=handles)
