"""The thumbnails worker: `caption.parsed` in, `thumbnails.generated` out.

Idempotent: the blobs go under keys derived from the video id and the thumbnail's rank
(thumbnails/{video_id}/{n}.jpg, and {n}-listing.jpg for a listing image), so a redelivered event
overwrites the same files, and the output event's id comes from `event.child`. Each product of the
caption gets its own thumbnails: in the event under `products[i].thumbnails`, and all of them, in
product order, in the flat `thumbnails` list older consumers read.

Faults a retry cannot fix (a refused URL, a non-video, a corrupt or oversized file) raise
PermanentError so the video fails at once with the reason; network faults raise plainly and the
queue retries them.
"""

from __future__ import annotations

import logging

from tiktok_commerce.events import (
    CaptionParsed,
    Envelope,
    ListingImage,
    ProductThumbnails,
    Thumbnail,
    ThumbnailsGenerated,
)
from tiktok_commerce.workers.base import PermanentError, WorkerContext
from tiktok_commerce.workers.thumbnails import pipeline
from tiktok_commerce.workers.thumbnails.fetch import FetchRefused, fetched_video
from tiktok_commerce.workers.thumbnails.frames import VideoUnreadable
from tiktok_commerce.workers.thumbnails.pipeline import detector_for

log = logging.getLogger(__name__)

__all__ = ["blob_key", "detector_for", "handle"]


def blob_key(video_id: str, rank: int, listing: bool = False) -> str:
    return f"thumbnails/{video_id}/{rank}{'-listing' if listing else ''}.jpg"


def handle(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
    parsed: CaptionParsed = event.parsed()
    detector = detector_for(ctx.settings, ctx.log)
    titles = [product.title for product in parsed.products]
    try:
        with fetched_video(parsed.video_url, ctx.settings) as path:
            result = pipeline.generate(
                path,
                titles,
                count=ctx.settings.thumbnail_count,
                detector=detector,
                threads=ctx.settings.thumbnail_threads,
                size=ctx.settings.thumbnail_size,
                max_pixels=ctx.settings.video_max_pixels,
                listing_size=ctx.settings.listing_image_size,
            )
    except (FetchRefused, VideoUnreadable) as exc:
        raise PermanentError(str(exc)) from exc
    if not result.thumbnails:
        raise PermanentError("no frame of the video could be used for a thumbnail")

    thumbnails: list[Thumbnail] = []
    for rank, thumb in enumerate(result.thumbnails):
        key = blob_key(event.video_id, rank)
        ctx.blobs.put(key, thumb.jpeg, "image/jpeg")
        listing = None
        if thumb.listing_jpeg is not None and thumb.listing_size:
            listing_key = blob_key(event.video_id, rank, listing=True)
            ctx.blobs.put(listing_key, thumb.listing_jpeg, "image/jpeg")
            listing = ListingImage(
                blob_key=listing_key,
                width=thumb.listing_size,
                height=thumb.listing_size,
                crop=thumb.listing_crop,
            )
        thumbnails.append(
            Thumbnail(
                blob_key=key,
                product_index=thumb.product_index,
                time_s=thumb.time_s,
                box=thumb.box,
                label=thumb.label,
                confidence=thumb.confidence,
                sharpness=thumb.sharpness,
                score=thumb.score,
                width=thumb.size,
                height=thumb.size,
                crop=thumb.crop,
                listing=listing,
            )
        )
    for warning in result.warnings:
        ctx.log.warning("video %s: %s", event.video_id, warning)
    ctx.log.info(
        "video %s: %d thumbnails in %.2f s (detector %s)",
        event.video_id,
        len(thumbnails),
        result.stats.get("total_s", 0.0),
        result.detector or "none",
    )
    payload = ThumbnailsGenerated(
        seller_handle=parsed.seller_handle,
        video_url=parsed.video_url,
        caption=parsed.caption,
        products=[
            ProductThumbnails(
                **product.model_dump(), thumbnails=[t for t in thumbnails if t.product_index == index]
            )
            for index, product in enumerate(parsed.products)
        ],
        hashtags=parsed.hashtags,
        language=parsed.language,
        thumbnails=thumbnails,
        detector=result.detector,
        warnings=result.warnings,
    )
    return [event.child(payload)]
