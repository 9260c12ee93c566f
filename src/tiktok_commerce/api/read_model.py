"""The read model: each product's public document, kept up to date by whatever changes the product.

The results consumer (and a seller's edit) rewrites the documents of a video's products in the same
transaction as the change, so a read is one indexed query that hands back finished JSON: no joins
to tags and thumbnails, no validation of every field per request. Thumbnails are stored by blob key
and turned into URLs when read (a presigned S3 URL expires; a local base URL follows the port).

A stored thumbnail `url` is its blob key behind a NUL (`"\u0000thumbnails/..."` in the JSON). No text
of a document can hold a NUL (worker text and seller edits are stripped of it), so when the blob store
has a fixed URL prefix a whole page gets its URLs by one bytes replace, without parsing a document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from tiktok_commerce.api.schemas import ProductOut, TagOut, ThumbnailOut
from tiktok_commerce.api.serialize import as_utc, product_thumbnails
from tiktok_commerce.blobs.base import BlobStore
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction
from tiktok_commerce.money.display import format_price

log = logging.getLogger(__name__)

BLOB_MARK = "\x00"
_MARK_JSON = b'"\\u0000'  # how orjson writes a string that starts with the mark


def build_document(product: models.Product, video: models.Video) -> dict[str, Any]:
    """The product as the API shows it, with each thumbnail's `url` holding its blob key."""
    language = video.language
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
        tags=[
            TagOut(tag=t.tag, confidence=t.confidence, source=t.source)
            # the relationship's order, also for tags added in this session
            for t in sorted(product.tags, key=lambda t: (-t.confidence, t.tag))
        ],
        thumbnails=[
            ThumbnailOut(
                url=BLOB_MARK + t.blob_key,
                width=t.width,
                height=t.height,
                time_s=t.time_s,
                label=t.label,
                confidence=t.confidence,
            )
            for t in product_thumbnails(product, video.thumbnails)
        ],
        created_at=as_utc(product.created_at),
        video_url=video.video_url,
        edited_fields=sorted(product.edited_fields or []),
        hidden=product.hidden,
    ).model_dump(mode="json")


def refresh(session: Session, video: models.Video) -> None:
    """Rewrite the documents (and the shop-page flag) of every product of the video."""
    for product in video.products:
        # Listed once its video completed; it stays listed while a reprocess runs, unless hidden.
        product.listed = not product.hidden and (video.status == "complete" or bool(product.listed))
        product.document = orjson.dumps(build_document(product, video)).decode()
    session.flush()


def present(document: str, url_of: Callable[[str], str]) -> dict[str, Any]:
    """A stored document as a client gets it: blob keys turned into URLs."""
    product: dict[str, Any] = orjson.loads(document)
    for thumbnail in product["thumbnails"]:
        thumbnail["url"] = url_of(thumbnail["url"].removeprefix(BLOB_MARK))
    return product


def json_page(documents: list[str], blobs: BlobStore, before: bytes, after: bytes) -> bytes:
    """`before` + the documents as a JSON array + `after`, with thumbnail URLs for this blob store."""
    prefix = blobs.url_prefix
    if prefix is None:  # URLs made one by one (presigned S3 URLs)
        items = orjson.dumps([present(d, blobs.url) for d in documents])
    else:
        items = b"[" + ",".join(documents).encode() + b"]"
        items = (b'"' + orjson.dumps(prefix)[1:-1]).join(items.split(_MARK_JSON))
    return before + items + after


def backfill(sessions: sessionmaker[Session], batch: int = 200) -> int:
    """Write the documents of products that have none (made before the read model); how many."""
    done = 0
    while True:
        with transaction(sessions) as session:
            video_ids = session.scalars(
                select(models.Product.video_id)
                .where(models.Product.document.is_(None))
                .distinct()
                .limit(batch)
            ).all()
            if not video_ids:
                return done
            videos = session.scalars(
                select(models.Video)
                .where(models.Video.id.in_(video_ids))
                .options(
                    selectinload(models.Video.products).selectinload(models.Product.tags),
                    selectinload(models.Video.thumbnails),
                )
            ).all()
            for video in videos:
                refresh(session, video)
                done += len(video.products)
        log.info("read model: wrote %d product documents", done)
