"""Database rows -> the API's JSON shapes. One product shape everywhere (video, shop, listing)."""

from __future__ import annotations

from datetime import UTC, datetime

from tiktok_commerce.api.schemas import ProductOut, ShopOut, TagOut, ThumbnailOut, VideoOut
from tiktok_commerce.blobs.base import BlobStore
from tiktok_commerce.db import models
from tiktok_commerce.money.display import format_price


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything stored is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def thumbnail_out(thumb: models.Thumbnail, blobs: BlobStore) -> ThumbnailOut:
    return ThumbnailOut(
        url=blobs.url(thumb.blob_key),
        width=thumb.width,
        height=thumb.height,
        time_s=thumb.time_s,
        label=thumb.label,
        confidence=thumb.confidence,
        listing_url=blobs.url(thumb.listing_blob_key) if thumb.listing_blob_key else None,
        listing_width=thumb.listing_width,
        listing_height=thumb.listing_height,
    )


def product_thumbnails(product: models.Product, thumbnails: list[models.Thumbnail]) -> list[models.Thumbnail]:
    """Thumbnails showing this product: its own, and those not tied to any product."""
    return [t for t in thumbnails if t.product_index is None or t.product_index == product.index]


def product_out(product: models.Product, blobs: BlobStore) -> ProductOut:
    language = product.video.language
    return ProductOut(
        id=product.id,
        video_id=product.video_id,
        seller_handle=product.seller_handle,
        title=product.title,
        price=product.price,
        currency=product.currency,
        original_price=product.original_price,
        price_display=format_price(product.price, product.currency, language),
        original_price_display=format_price(product.original_price, product.currency, language),
        variants=product.variants or {},
        category=product.category,
        tags=[TagOut(tag=t.tag, confidence=t.confidence, source=t.source) for t in product.tags],
        thumbnails=[thumbnail_out(t, blobs) for t in product_thumbnails(product, product.video.thumbnails)],
        created_at=as_utc(product.created_at),
    )


def video_out(video: models.Video, blobs: BlobStore) -> VideoOut:
    return VideoOut(
        id=video.id,
        seller_handle=video.seller_handle,
        video_url=video.video_url,
        caption=video.caption,
        caption_source=video.caption_source,
        status=video.status,
        error=video.error,
        stages=video.stages or {},
        products=[product_out(p, blobs) for p in video.products],
        thumbnails=[thumbnail_out(t, blobs) for t in video.thumbnails],
        link=f"/api/videos/{video.id}",
    )


def shop_out(shop: models.Shop, products: list[models.Product], blobs: BlobStore) -> ShopOut:
    return ShopOut(
        seller_handle=shop.seller_handle,
        created_at=as_utc(shop.created_at),
        products=[product_out(p, blobs) for p in products],
    )
