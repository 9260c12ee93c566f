"""The bus port: what every backend offers, with the same semantics.

At-least-once delivery; a received message is invisible to others for the queue's visibility
timeout; `ack` deletes it; `fail` makes it visible again after a backoff; the receive that would
be the queue's `max_receive_count`+1-th moves it to `<queue>-dlq` instead (and the bus publishes
`processing.failed` for it). Retention drops messages older than the queue's retention.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tiktok_commerce.events import Envelope, ProcessingFailed

if TYPE_CHECKING:  # only the SQL bus's optional capability names SQLAlchemy's types
    from sqlalchemy import Connection, Engine


@dataclass
class Message:
    queue: str
    body: str  # the Envelope as JSON
    receive_count: int
    receipt: str  # opaque handle for ack/fail (message id + claim token, or an SQS receipt handle)
    message_id: str = ""

    def envelope(self) -> Envelope:
        return Envelope.from_json(self.body)


@dataclass
class QueueStats:
    queue: str
    depth: int  # visible, waiting
    in_flight: int  # received, not yet acked
    dlq_depth: int
    oldest_age_s: float | None


@runtime_checkable
class Bus(Protocol):
    """What every bus offers; the runtime, the API and the operator tools use nothing else of it
    (but the optional capabilities below, each found once where the bus is wired)."""

    def publish(self, event: Envelope) -> None:
        """Fan the event out to every queue subscribed to its topic."""

    def receive(self, queue: str, max_messages: int = 1, wait_s: float = 0.0) -> list[Message]:
        """Claim up to max_messages visible messages, waiting up to wait_s for the first."""

    def ack(self, message: Message) -> None:
        """The message was handled: delete it."""

    def fail(self, message: Message, error: str) -> None:
        """The handler failed: let the message come back after a backoff (or dead-letter it)."""

    def stats(self) -> list[QueueStats]:
        """Depth, in-flight, DLQ depth and oldest age of every queue."""

    def healthy(self) -> bool:
        """Whether the bus can be reached."""

    def dead_letter(self, message: Message, error: str) -> None:
        """Move a message that can never succeed (a body that is no event) to its DLQ now."""

    def visibility_timeout(self, queue: str) -> float:
        """The queue's visibility timeout in seconds (workers heartbeat at a third of it)."""

    def extend(self, message: Message) -> bool:
        """Keep a message being handled invisible for another visibility timeout (a heartbeat);
        False when the claim is lost (another worker has the message now)."""

    def release(self, message: Message) -> None:
        """Give a received message back at once, unhandled (a stopping worker)."""


# ---- optional capabilities: an adapter may lack them; callers check once, where they are wired ----


@runtime_checkable
class PublishesInTransaction(Protocol):
    """A bus in a database that can publish inside a caller's transaction (the SQL bus): the outbox
    relay on the same database then marks its rows sent atomically with the publish."""

    @property
    def engine(self) -> Engine: ...

    def publish(self, event: Envelope, connection: Connection | None = None) -> None: ...

    def publish_stored(self, stored: Sequence[tuple[str, str]], connection: Connection) -> None:
        """(event type, the Envelope's JSON) pairs, published in the connection's transaction."""
        ...


@runtime_checkable
class AnnouncesDeadLetters(Protocol):
    """A bus whose broker dead-letters silently (SQS, when a worker dies on its last try): the API
    announces such messages as processing.failed every few minutes (api/dead_letters.py)."""

    def announce_dead_letters(self, queue: str, limit: int = 1000) -> int: ...


# ---- what every adapter reports the same way ------------------------------------------------------


def failure_event(stage: str, body: str, error: str, message_id: str = "") -> Envelope | None:
    """The processing.failed event for a message that gave up, or None when it names no video.

    Its id is derived from the failed event's (as `Envelope.child` does), so the worker's own
    PermanentError report and a dead-letter report of the same event are one event downstream.
    """
    payload = ProcessingFailed(stage=stage, error=error)
    try:
        failed = Envelope.from_json(body)
    except ValueError:
        failed = None
    if failed is not None:
        payload.failed_event_id, payload.failed_event_type = failed.id, failed.type
        return failed.child(payload)
    # An unparseable body: report it only if it still names a video (else nobody could show it).
    try:
        raw = json.loads(body)
    except ValueError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("video_id"), str):
        return None
    failed_id = str(raw.get("id") or message_id)
    payload.failed_event_id = failed_id
    payload.failed_event_type = str(raw["type"]) if raw.get("type") else None
    event_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{failed_id}:processing.failed"))
    return Envelope.new(raw["video_id"], payload, event_id=event_id)
