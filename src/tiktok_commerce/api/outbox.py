"""The transactional outbox: events written with the change that caused them, published by a relay.

The API writes a video and its `video.posted` event in one transaction, so neither exists without
the other. The relay publishes unsent rows in id order and marks them sent. When the bus lives in
the same database (the SQL bus), publish and mark-sent are one transaction; otherwise a crash
between the two publishes the event again, which the workers' idempotency absorbs (same event id).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tiktok_commerce import events, topology
from tiktok_commerce.bus.base import Bus, PublishesInTransaction
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction
from tiktok_commerce.error_text import describe

log = logging.getLogger(__name__)

PURGE_INTERVAL_S = 3600.0
BATCH_WINDOW_S = 0.02


def add_event(session: Session, event: events.Envelope) -> None:
    """Queue an event for publishing in the caller's transaction."""
    session.add(
        models.OutboxEvent(
            event_id=event.id, event_type=event.type, video_id=event.video_id, body=event.to_json()
        )
    )


class OutboxRelay:
    def __init__(
        self, sessions: sessionmaker[Session], bus: Bus, batch_size: int = 50, interval_s: float = 0.5
    ) -> None:
        self.sessions = sessions
        self.bus = bus
        self.batch_size = batch_size
        self.interval_s = interval_s
        self._wake = threading.Event()
        self.last_beat: float | None = None  # when the relay loop last came round (/health)
        # The SQL bus on our own database can publish inside our transaction.
        self._in_transaction: PublishesInTransaction | None = (
            bus if isinstance(bus, PublishesInTransaction) and bus.engine is sessions.kw.get("bind") else None
        )

    def wake(self) -> None:
        """Publish now instead of at the next tick (the API calls this after a post)."""
        self._wake.set()

    def pending(self) -> int:
        with self.sessions() as session:
            unsent = (
                select(func.count())
                .select_from(models.OutboxEvent)
                .where(models.OutboxEvent.sent_at.is_(None))
            )
            return int(session.scalar(unsent) or 0)

    def relay_once(self) -> int:
        """Publish up to batch_size unsent events, oldest first; the number published."""
        if self._in_transaction is not None:
            return self._relay_batch(self._in_transaction)
        with transaction(self.sessions) as session:
            ids = session.scalars(
                select(models.OutboxEvent.id)
                .where(models.OutboxEvent.sent_at.is_(None))
                .order_by(models.OutboxEvent.id)
                .limit(self.batch_size)
            ).all()
        published = 0
        for row_id in ids:
            outcome = self._publish(row_id)
            if outcome == "failed":
                break  # the bus is likely down: keep the order, try again at the next tick
            published += outcome == "sent"
        return published

    def _relay_batch(self, bus: PublishesInTransaction) -> int:
        """The SQL bus in our database: the whole batch published and marked sent in one transaction
        (one commit for 50 events instead of 50), in id order; rows another relay holds are skipped.
        The stored JSON is published as it is (it was written from an Envelope by this process)."""
        Outbox = models.OutboxEvent
        with transaction(self.sessions) as session:
            rows = session.execute(
                select(Outbox.id, Outbox.event_type, Outbox.video_id, Outbox.body)
                .where(Outbox.sent_at.is_(None))
                .order_by(Outbox.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            bus.publish_stored([(event_type, body) for _, event_type, _, body in rows], session.connection())
            session.execute(
                update(Outbox)
                .where(Outbox.id.in_([row_id for row_id, *_ in rows]))
                .values(sent_at=models.utcnow(), attempts=Outbox.attempts + 1)
            )
            posted = [video_id for _, event_type, video_id, _ in rows if event_type == events.VIDEO_POSTED]
            if posted:
                V = models.Video
                session.execute(
                    update(V).where(V.id.in_(posted), V.status == "received").values(status="parsing")
                )
            return len(rows)

    def _publish(self, row_id: int) -> str:
        """Publish one row: "sent", "skipped" (another relay has it or sent it) or "failed"."""
        try:
            with transaction(self.sessions) as session:
                # SKIP LOCKED: two relays (two API processes) never publish the same row at once.
                row = session.execute(
                    select(models.OutboxEvent)
                    .where(models.OutboxEvent.id == row_id, models.OutboxEvent.sent_at.is_(None))
                    .with_for_update(skip_locked=True)
                ).scalar_one_or_none()
                if row is None:
                    return "skipped"
                event = events.Envelope.from_json(row.body)
                self.bus.publish(event)  # another database: published, then marked sent
                row.sent_at = models.utcnow()
                row.attempts += 1
                if event.type == events.VIDEO_POSTED:
                    video = session.get(models.Video, event.video_id)
                    if video is not None and video.status == "received":
                        video.status = "parsing"
            return "sent"
        except Exception as exc:
            log.exception("outbox: publishing row %s failed; it stays queued", row_id)
            with transaction(self.sessions) as session:
                row = session.get(models.OutboxEvent, row_id)
                if row is not None:
                    row.attempts += 1
                    row.last_error = describe(exc)
            return "failed"

    def purge(self, now: datetime | None = None) -> int:
        """Forget sent outbox rows older than the bus's retention; how many.

        (The results consumer forgets its processed event ids the same way: api/results.py.)
        """
        cutoff = (now or models.utcnow()) - timedelta(seconds=topology.RETENTION_S)
        with transaction(self.sessions) as session:
            sent = (
                session.connection()
                .execute(delete(models.OutboxEvent).where(models.OutboxEvent.sent_at < cutoff))
                .rowcount
            )
        return int(sent or 0)

    def run(self, stop: threading.Event) -> None:
        log.info("outbox relay started")
        next_purge = 0.0
        while not stop.is_set():
            self.last_beat = time.time()
            try:
                self.relay_once()
                if time.monotonic() >= next_purge:
                    self.purge()
                    next_purge = time.monotonic() + PURGE_INTERVAL_S
            except Exception:  # the database is down: try again at the next tick
                log.exception("outbox relay: pass failed; retrying")
            if self._wake.wait(self.interval_s):
                # Woken by a post: let the posts arriving meanwhile join the batch (one transaction
                # for many events under load; 20 ms more before a video's processing starts).
                stop.wait(BATCH_WINDOW_S)
            self._wake.clear()
        log.info("outbox relay stopped")
