"""A tiny HTML shop page (`/shops/{seller_handle}`) and an index of shops (`/`), no JS, no templates.

Everything shown comes from sellers' captions: it is escaped, always.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from tiktok_commerce.api.read_model import present
from tiktok_commerce.api.routes import _shop_page, services
from tiktok_commerce.api.schemas import ProductOut, normalize_handle
from tiktok_commerce.db import models

router = APIRouter(include_in_schema=False)

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
.card{border:1px solid #ddd;border-radius:8px;padding:.8rem}
.thumbs{display:flex;gap:4px;overflow-x:auto}.thumbs img{width:80px;height:80px;border-radius:4px}
.price{font-size:1.2rem;font-weight:600}.was{text-decoration:line-through;color:#888;margin-left:.4rem}
.tag{display:inline-block;background:#eef;border-radius:10px;padding:0 .5rem;margin:2px;font-size:.8rem}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        status_code=status,
        content=(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>"
        ),
    )


def _money(display: str | None) -> str:
    return escape(display or "")


def _card(product: ProductOut) -> str:
    thumbs = "".join(f"<img src='{escape(t.url)}' alt='{escape(product.title)}'>" for t in product.thumbnails)
    tags = "".join(f"<span class='tag'>{escape(t.tag)}</span>" for t in product.tags)
    was = (
        f"<span class='was'>{_money(product.original_price_display)}</span>" if product.original_price else ""
    )
    variants = "; ".join(f"{escape(k)}: {escape(', '.join(v))}" for k, v in product.variants.items())
    return (
        f"<div class='card'><div class='thumbs'>{thumbs}</div><h3>{escape(product.title)}</h3>"
        f"<div class='price'>{_money(product.price_display)}{was}</div>"
        f"<div>{escape(product.category or '')}</div><div>{variants}</div><div>{tags}</div></div>"
    )


@router.get("/shops/{seller_handle}", response_class=HTMLResponse)
def shop_html(seller_handle: str, request: Request) -> HTMLResponse:
    svc = services(request)
    try:
        handle = normalize_handle(seller_handle)
    except ValueError:
        handle = None
    shop = _shop_page(svc, handle, 100, None) if handle else None
    if shop is None:
        body = f"<h1>No shop for {escape(seller_handle)}</h1><a href='/'>All shops</a>"
        return _page("No such shop", body, status=404)
    products = [ProductOut.model_validate(present(d, svc.blobs.url)) for d in shop[1]]
    cards = "".join(_card(p) for p in products) or "<p>No products yet: videos are still being processed.</p>"
    return _page(f"@{handle}", f"<h1>@{escape(handle)}</h1><div class='grid'>{cards}</div>")


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    with services(request).sessions() as session:
        handles = session.scalars(select(models.Shop.seller_handle).order_by(models.Shop.seller_handle)).all()
    items = "".join(f"<li><a href='/shops/{escape(h)}'>@{escape(h)}</a></li>" for h in handles)
    return _page(
        "tiktok-commerce",
        f"<h1>Shops</h1><ul>{items or '<li>none yet</li>'}</ul><p><a href='/docs'>API documentation</a></p>",
    )
