"""The results consumer: applies the workers' result events to the database, idempotently.

Every event is applied in one transaction together with its id in `processed_events`, so a
redelivered event is recognised and changes nothing twice. Events may arrive in any order
(caption.parsed and thumbnails.generated are both fanned out to `results`): every event that
carries products upserts them by (video, index); tags that arrive before their products wait on
the video and are applied when the products appear; a video's status is derived from the stages
finished so far and never moves backwards.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from tiktok_commerce import events, topology
from tiktok_commerce.api import read_model
from tiktok_commerce.bus.base import Bus
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction
from tiktok_commerce.error_text import MAX_ERROR_CHARS
from tiktok_commerce.workers.runtime import RefusedEvent, Worker, consumer

log = logging.getLogger(__name__)

# stage name (in `videos.stages`) -> the event that finishes it, in pipeline order
PIPELINE: tuple[tuple[str, str], ...] = (
    ("parsing", events.CAPTION_PARSED),
    ("thumbnails", events.THUMBNAILS_GENERATED),
    ("tagging", events.PRODUCTS_TAGGED),
)
STAGE_OF = {event_type: stage for stage, event_type in PIPELINE}
# queue of a worker's stage -> the event its success publishes: that event takes a failure back
RECOVERED_BY = {
    topology.CAPTION_PARSER.name: events.CAPTION_PARSED,
    topology.THUMBNAIL_GENERATOR.name: events.THUMBNAILS_GENERATED,
    topology.AUTO_TAGGER.name: events.PRODUCTS_TAGGED,
}
PURGE_INTERVAL_S = 3600.0
MAX_CAPTION_CHARS = 4000


def text(value: str, limit: int) -> str:
    """Worker output is data from a caption: drop NUL (PostgreSQL refuses it) and cap the length."""
    return value.replace("\x00", "").strip()[:limit]


def failed_stage(video: models.Video) -> str | None:
    """The queue whose stage failed the video: `_fail` writes the error as `<queue>: <error>`."""
    if video.status != models.FAILED or not video.error:
        return None
    stage, sep, _ = video.error.partition(": ")
    return stage if sep and stage in topology.QUEUES else None


def status_rank(status: str) -> int:
    return models.STATUS_ORDER.index(status) if status in models.STATUS_ORDER else -1


def advance(video: models.Video, stage: str, at: datetime) -> None:
    """Record that `stage` finished; the status becomes the first stage not finished yet."""
    stages = dict(video.stages or {})
    stages.setdefault(stage, at.isoformat())
    video.stages = stages  # a new dict: the JSON column sees the change
    if video.status == models.FAILED:
        return
    target = next((name for name, _ in PIPELINE if name not in stages), "complete")
    if status_rank(target) > status_rank(video.status):
        video.status = target


# What applying one type of event does: (session, its video, its payload as the typed model, now).
_Applier = Callable[[Session, models.Video, Any, datetime], None]


class ResultsApplier:
    """Applies one result event to the database (no bus involved: easy to test and to reuse)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        # event type -> what applying it does (the payload as its typed model)
        self._appliers: dict[str, _Applier] = {
            events.CAPTION_PARSED: self._caption_parsed,
            events.THUMBNAILS_GENERATED: self._thumbnails_generated,
            events.PRODUCTS_TAGGED: self._products_tagged,
            events.PROCESSING_FAILED: self._fail,
        }

    def apply(self, event: events.Envelope) -> bool:
        """Apply the event once. False when it was applied before or its video is unknown.

        Raises RefusedEvent, changing nothing, for a type it does not apply (a misrouted video.posted):
        the runtime dead-letters that message at once rather than retrying it or dropping it unseen."""
        apply = self._appliers.get(event.type)
        if apply is None:
            raise RefusedEvent(f"{topology.RESULTS.name} cannot handle {event.type!r} events")
        with transaction(self.sessions) as session:
            # Lock the video first (PostgreSQL): two consumers applying events of one video queue
            # here, and the second then sees the first one's processed_events row.
            video = session.execute(
                select(models.Video).where(models.Video.id == event.video_id).with_for_update()
            ).scalar_one_or_none()
            if session.get(models.ProcessedEvent, event.id) is not None:
                return False
            session.add(
                models.ProcessedEvent(event_id=event.id, event_type=event.type, video_id=event.video_id)
            )
            if video is None:
                log.warning("%s %s is for an unknown video %s: dropped", event.type, event.id, event.video_id)
                return False
            self._apply(session, video, event, apply)
            read_model.refresh(session, video)  # the products' documents, in the same transaction
            return True

    def _apply(self, session: Session, video: models.Video, event: events.Envelope, apply: _Applier) -> None:
        at = models.utcnow()
        if event.type == RECOVERED_BY.get(failed_stage(video) or ""):
            self._take_failure_back(video)
        apply(session, video, event.parsed(), at)
        if event.type in STAGE_OF:  # a stage finished (processing.failed finishes none)
            advance(video, STAGE_OF[event.type], at)

    # ---- one applier per result event ------------------------------------------------------------

    def _caption_parsed(
        self, session: Session, video: models.Video, payload: events.CaptionParsed, at: datetime
    ) -> None:
        if video.caption is None and payload.caption:  # looked up by the caption parser
            video.caption = text(payload.caption, MAX_CAPTION_CHARS) or None
        if video.caption_source in (None, "pending") and payload.caption_source:
            video.caption_source = text(payload.caption_source, 16)
        video.hashtags = [text(tag, 100) for tag in payload.hashtags]
        video.language = text(payload.language or "", 8) or None
        self._upsert_products(session, video, payload.products, at)

    def _thumbnails_generated(
        self, session: Session, video: models.Video, payload: events.ThumbnailsGenerated, at: datetime
    ) -> None:
        self._upsert_products(session, video, payload.products, at)
        self._replace_thumbnails(session, video, payload.thumbnails)

    def _products_tagged(
        self, session: Session, video: models.Video, payload: events.ProductsTagged, _at: datetime
    ) -> None:
        self._apply_tags(session, video, [p.model_dump(mode="json") for p in payload.products])

    # ---- products, thumbnails, tags -------------------------------------------------------------

    def _upsert_products(
        self, session: Session, video: models.Video, products: Sequence[events.Product], at: datetime
    ) -> None:
        existing = {p.index: p for p in video.products}
        for index, item in enumerate(products):
            row = existing.get(index)
            if row is None:
                row = models.Product(
                    id=models.product_id(video.id, index),
                    video_id=video.id,
                    index=index,
                    seller_handle=video.seller_handle,
                    # One microsecond apart: listings keep the caption's order within a video.
                    created_at=at + timedelta(microseconds=index),
                )
                video.products.append(row)
            machine = {
                "title": text(item.title, 500) or f"Product {index + 1}",
                "price": item.price,
                "currency": item.currency.upper() if item.currency and len(item.currency) == 3 else None,
                "original_price": item.original_price,
            }
            edited = set(row.edited_fields or ())
            for field, value in machine.items():
                if field not in edited:  # what a person set stays as they set it
                    setattr(row, field, value)
            row.variants = {text(k, 100): [text(v, 200) for v in vs] for k, vs in item.variants.items()}
        session.flush()
        if video.pending_tags:
            self._apply_tags(session, video, video.pending_tags)

    def _replace_thumbnails(
        self, session: Session, video: models.Video, thumbnails: list[events.Thumbnail]
    ) -> None:
        # A video has one set of thumbnails: the newest event's set replaces the old one whole, so a
        # redelivery can never leave duplicates behind.
        video.thumbnails.clear()
        session.flush()
        for position, thumb in enumerate(thumbnails):
            video.thumbnails.append(
                models.Thumbnail(
                    position=position,
                    blob_key=thumb.blob_key,
                    product_index=thumb.product_index,
                    time_s=thumb.time_s,
                    width=thumb.width,
                    height=thumb.height,
                    label=thumb.label,
                    confidence=thumb.confidence,
                    box=thumb.box,
                    listing_blob_key=thumb.listing.blob_key if thumb.listing else None,
                    listing_width=thumb.listing.width if thumb.listing else None,
                    listing_height=thumb.listing.height if thumb.listing else None,
                )
            )
        session.flush()

    def _apply_tags(self, session: Session, video: models.Video, tagged: list[dict[str, Any]]) -> None:
        """Set category and tags of each product; keep for later those whose product is not there yet."""
        products = {p.index: p for p in video.products}
        waiting: list[dict[str, Any]] = []
        for raw in tagged:
            item = events.TaggedProduct.model_validate(raw)
            product = products.get(item.index)
            if product is None:
                waiting.append(raw)
                continue
            edited = set(product.edited_fields or ())
            if "category" not in edited:
                product.category = text(item.category or "", 100) or None
            if "tags" in edited:
                continue
            best: dict[str, events.Tag] = {}
            for tag in item.tags:
                name = text(tag.tag, 100).lower()
                if name and (name not in best or tag.confidence > best[name].confidence):
                    best[name] = tag
            product.tags.clear()
            session.flush()  # delete the old tags before inserting new ones with the same names
            for name, tag in best.items():
                product.tags.append(
                    models.Tag(tag=name, confidence=tag.confidence, source=text(tag.source, 32))
                )
        video.pending_tags = waiting or None
        session.flush()

    def _take_failure_back(self, video: models.Video) -> None:
        """The stage that failed the video succeeded after all (a redriven dead letter, or a slow
        first try finishing after the retries gave up): its output is good, so the video goes on."""
        log.info("video %s: %s succeeded after its failure; the failure is taken back", video.id, video.error)
        video.status = "parsing"  # advance() then moves it to the first stage not finished
        video.error = None
        stages = dict(video.stages or {})
        stages.pop("failed", None)
        video.stages = stages

    def _fail(
        self, _session: Session, video: models.Video, payload: events.ProcessingFailed, at: datetime
    ) -> None:
        if video.status == "complete":
            log.warning("video %s is complete; a late failure of %s is not applied", video.id, payload.stage)
            return
        video.status = models.FAILED
        video.error = text(f"{payload.stage}: {payload.error}", MAX_ERROR_CHARS)
        stages = dict(video.stages or {})
        stages.setdefault("failed", at.isoformat())
        video.stages = stages

    def purge(self, now: datetime | None = None) -> int:
        """Forget processed event ids older than the bus's retention; how many.

        After the retention no copy of an event can still be on a queue, so no redelivery can come
        that its processed id would have to catch.
        """
        cutoff = (now or models.utcnow()) - timedelta(seconds=topology.RETENTION_S)
        P = models.ProcessedEvent
        with transaction(self.sessions) as session:
            deleted = session.connection().execute(delete(P).where(P.processed_at < cutoff)).rowcount
        return int(deleted or 0)


class ResultsConsumer:
    """Consumes the `results` queue with the worker runtime (same retry/DLQ rules as every worker);
    forgets old processed ids at most every PURGE_INTERVAL_S, when an event comes."""

    def __init__(self, sessions: sessionmaker[Session], bus: Bus, wait_s: float = 1.0) -> None:
        self.applier = ResultsApplier(sessions)
        self.worker = Worker(bus, topology.RESULTS.name, consumer(self._apply), None, wait_s=wait_s)
        self._next_purge = 0.0

    def _apply(self, event: events.Envelope) -> None:
        self.applier.apply(event)
        if time.monotonic() >= self._next_purge:
            self._next_purge = time.monotonic() + PURGE_INTERVAL_S
            try:
                self.applier.purge()
            except Exception:  # the event is applied; forgetting old ids waits for the next one
                log.exception("results: forgetting old processed ids failed")

    def run_until_idle(self) -> int:
        """Apply every visible result event; how many messages were handled."""
        return self.worker.run_until_idle()

    def run(self, stop: threading.Event) -> None:
        self.worker.run_until(stop)
