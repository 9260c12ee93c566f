"""Database rows -> the API's JSON shapes. One product shape everywhere (video, shop, listing):
the product's document from the read model (`read_model.py`)."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from tiktok_commerce.api.schemas import ProductOut, ThumbnailOut, VideoOut
from tiktok_commerce.blobs.base import BlobStore
from tiktok_commerce.db import models


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


def video_out(video: models.Video, blobs: BlobStore) -> VideoOut:
    from tiktok_commerce.api.read_model import build_document, present

    products = [
        ProductOut.model_validate(
            present(p.document or orjson.dumps(build_document(p, video)).decode(), blobs.url)
        )
        for p in video.products
    ]
    return VideoOut(
        id=video.id,
        seller_handle=video.seller_handle,
        video_url=video.video_url,
        caption=video.caption,
        caption_source=video.caption_source,
        status=video.status,
        error=video.error,
        stages=video.stages or {},
        products=products,
        thumbnails=[thumbnail_out(t, blobs) for t in video.thumbnails],
        link=f"/api/videos/{video.id}",
    )
