"""The bus port: what every backend offers, with the same semantics.

At-least-once delivery; a received message is invisible to others for the queue's visibility
timeout; `ack` deletes it; `fail` makes it visible again after a backoff; the receive that would
be the queue's `max_receive_count`+1-th moves it to `<queue>-dlq` instead (and the bus publishes
`processing.failed` for it). Retention drops messages older than the queue's retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tiktok_commerce.events import Envelope


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


class Bus(Protocol):
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
