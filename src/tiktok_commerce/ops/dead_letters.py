"""Dead letters on either bus: list, show, redrive, purge, announce (`tiktok-commerce dlq ...`).

A queue is named as the topology names it (`thumbnail-generator`), by its DLQ
(`thumbnail-generator-dlq`) or by its worker (`thumbnails`). Redriving sends the messages back
to their queue with a fresh receive count; the handlers are idempotent and output ids derive from
input ids, so a message that partly ran before makes no duplicate. When the stage that failed a
video then succeeds, the results consumer takes the failure back (api/results.py).

- SQL bus: rows of `bus_messages` move from `<queue>-dlq` to `<queue>` in one statement.
- SQS: without a limit, SQS's own message move task (StartMessageMoveTask), waited for; where
  the endpoint does not offer it (moto, some LocalStack versions), or with --limit, each message
  is received from the DLQ, sent to its queue and then deleted (a crash in between sends it twice,
  which the idempotent handlers absorb).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Bus

if TYPE_CHECKING:  # each adapter's module is imported where it is used
    from tiktok_commerce.bus.aws import SqsBus
    from tiktok_commerce.bus.sql import SqlBus

log = logging.getLogger(__name__)

PEEK_VISIBILITY_S = 30  # how long a listing hides the DLQ messages it walks (given back right after)
MOVE_TASK_WAIT_S = 120.0


class DeadLetterError(Exception):
    """A queue or message that does not exist, or a bus that cannot do it; the message says which."""


@dataclass
class DeadLetter:
    message_id: str
    queue: str  # the dead-letter queue it is in
    video_id: str | None
    event_type: str | None
    event_id: str | None
    error: str | None
    receive_count: int | None
    enqueued_at: float | None  # epoch seconds
    body: str

    def as_dict(self, with_body: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not with_body:
            data.pop("body")
        return data


def resolve_queue(name: str) -> tuple[str, str]:
    """(queue, its DLQ) for a queue, DLQ or worker name; a clear error for anything else."""
    queue = topology.WORKER_QUEUES.get(name, name.removesuffix("-dlq"))
    if queue not in topology.QUEUES:
        known = ", ".join(dict.fromkeys([*topology.QUEUES, *topology.WORKER_QUEUES]))
        raise DeadLetterError(f"no queue named {name!r}; choose one of {known} (or a queue's -dlq)")
    return queue, topology.QUEUES[queue].dlq


def _event_fields(body: str) -> tuple[str | None, str | None, str | None]:
    """(video id, event type, event id) from a body, as far as it is readable (poison bodies too)."""
    try:
        raw = json.loads(body)
    except ValueError:
        return None, None, None
    if not isinstance(raw, dict):
        return None, None, None
    video_id, event_type, event_id = (raw.get(key) for key in ("video_id", "type", "id"))
    return (
        video_id if isinstance(video_id, str) else None,
        event_type if isinstance(event_type, str) else None,
        event_id if isinstance(event_id, str) else None,
    )


class DeadLetters(Protocol):
    def list(self, queue: str, limit: int = 100) -> list[DeadLetter]: ...
    def show(self, queue: str, message_id: str) -> DeadLetter: ...
    def redrive(self, queue: str, limit: int | None = None) -> int: ...
    def purge(self, queue: str) -> int: ...
    def announce(self, queue: str) -> int: ...


def dead_letters_for(bus: Bus) -> DeadLetters:
    from tiktok_commerce.bus.aws import SqsBus  # boto3 loads only when an SqsBus is built
    from tiktok_commerce.bus.sql import SqlBus

    if isinstance(bus, SqlBus):
        return SqlDeadLetters(bus)
    if isinstance(bus, SqsBus):
        return SqsDeadLetters(bus)
    raise TypeError(f"no dead-letter tooling for a {type(bus).__name__}")


# ---- the SQL bus ---------------------------------------------------------------------------------


class SqlDeadLetters:
    def __init__(self, bus: SqlBus) -> None:
        self.bus = bus

    def _letter(self, row: dict[str, Any]) -> DeadLetter:
        video_id, event_type, event_id = _event_fields(row["body"])
        return DeadLetter(
            message_id=row["id"],
            queue=row["queue"],
            video_id=video_id,
            event_type=event_type,
            event_id=event_id,
            error=row["last_error"],
            receive_count=row["receive_count"],
            enqueued_at=row["created_at"],
            body=row["body"],
        )

    def list(self, queue: str, limit: int = 100) -> list[DeadLetter]:
        _, dlq = resolve_queue(queue)
        rows = self.bus.messages(dlq)
        return [self._letter(row) for row in rows[-limit:][::-1]]  # newest first

    def show(self, queue: str, message_id: str) -> DeadLetter:
        _, dlq = resolve_queue(queue)
        for row in self.bus.messages(dlq):
            if row["id"] == message_id:
                return self._letter(row)
        raise DeadLetterError(f"no message {message_id!r} in {dlq}")

    def redrive(self, queue: str, limit: int | None = None) -> int:
        _, dlq = resolve_queue(queue)
        return int(self.bus.redrive(dlq, limit))

    def purge(self, queue: str) -> int:
        _, dlq = resolve_queue(queue)
        return int(self.bus.purge_queue(dlq))

    def announce(self, queue: str) -> int:
        resolve_queue(queue)
        return 0  # the SQL bus publishes processing.failed as it dead-letters: nothing is silent


# ---- SQS -----------------------------------------------------------------------------------------


class SqsDeadLetters:
    def __init__(self, bus: SqsBus) -> None:
        self.bus = bus
        self.sqs = bus.sqs

    def _arn(self, queue: str) -> str:
        url = self.bus.queue_url(queue)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        return attrs["Attributes"]["QueueArn"]

    def _walk(self, dlq: str, limit: int, visibility_s: int = PEEK_VISIBILITY_S) -> list[dict[str, Any]]:
        """Receive up to `limit` messages of a DLQ, each once (they stay hidden `visibility_s`)."""
        url = self.bus.queue_url(dlq)
        seen: set[str] = set()
        raw: list[dict[str, Any]] = []
        while len(raw) < limit:
            batch = self.sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(10, limit - len(raw)),
                VisibilityTimeout=visibility_s,
                WaitTimeSeconds=0,
                MessageSystemAttributeNames=["ApproximateReceiveCount", "SentTimestamp"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            fresh = [m for m in batch if m["MessageId"] not in seen]
            if not fresh:
                break
            seen.update(m["MessageId"] for m in fresh)
            raw += fresh
        return raw

    def _give_back(self, dlq: str, raw: list[dict[str, Any]]) -> None:
        url = self.bus.queue_url(dlq)
        for start in range(0, len(raw), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(raw[start : start + 10])
            ]
            self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=entries)

    def _letter(self, dlq: str, m: dict[str, Any]) -> DeadLetter:
        body = self.bus.resolve_body(m["Body"])
        video_id, event_type, event_id = _event_fields(body)
        attrs = m.get("Attributes", {})
        error = m.get("MessageAttributes", {}).get("error", {}).get("StringValue")
        sent = attrs.get("SentTimestamp")
        return DeadLetter(
            message_id=m["MessageId"],
            queue=dlq,
            video_id=video_id,
            event_type=event_type,
            event_id=event_id,
            # SQS keeps no error for a message its redrive policy moved; the video's error says it.
            error=error,
            receive_count=int(attrs["ApproximateReceiveCount"])
            if "ApproximateReceiveCount" in attrs
            else None,
            enqueued_at=int(sent) / 1000 if sent else None,
            body=body,
        )

    def list(self, queue: str, limit: int = 100) -> list[DeadLetter]:
        _, dlq = resolve_queue(queue)
        raw = self._walk(dlq, limit)
        try:
            letters = [self._letter(dlq, m) for m in raw]
        finally:
            self._give_back(dlq, raw)
        return sorted(letters, key=lambda d: d.enqueued_at or 0, reverse=True)

    def show(self, queue: str, message_id: str) -> DeadLetter:
        _, dlq = resolve_queue(queue)
        raw = self._walk(dlq, 10_000)
        try:
            for m in raw:
                if m["MessageId"] == message_id:
                    return self._letter(dlq, m)
        finally:
            self._give_back(dlq, raw)
        raise DeadLetterError(f"no message {message_id!r} in {dlq}")

    def redrive(self, queue: str, limit: int | None = None) -> int:
        source, dlq = resolve_queue(queue)
        if limit is None:
            moved = self._move_task(source, dlq)
            if moved is not None:
                return moved
        return self._receive_send_delete(source, dlq, limit)

    def _move_task(self, source: str, dlq: str) -> int | None:
        """SQS's own redrive; None when the endpoint does not offer it (then we move them ourselves)."""
        from botocore.exceptions import ClientError

        dlq_arn = self._arn(dlq)
        try:
            handle = self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=self._arn(source))
        except ClientError as exc:
            error = exc.response.get("Error", {})
            log.info(
                "no message move task at this endpoint (%s), moving messages one by one",
                error.get("Code") or exc,
            )
            return None
        deadline = time.monotonic() + MOVE_TASK_WAIT_S
        while True:
            tasks = self.sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10).get("Results", [])
            task = next((t for t in tasks if t.get("TaskHandle") == handle.get("TaskHandle")), None)
            status = (task or {}).get("Status", "RUNNING")
            if status in ("COMPLETED", "FAILED", "CANCELLED") or time.monotonic() > deadline:
                if status == "FAILED":
                    raise DeadLetterError(f"the move task failed: {(task or {}).get('FailureReason', '?')}")
                return int((task or {}).get("ApproximateNumberOfMessagesMoved", 0))
            time.sleep(1.0)

    def _receive_send_delete(self, source: str, dlq: str, limit: int | None) -> int:
        source_url, dlq_url, moved = self.bus.queue_url(source), self.bus.queue_url(dlq), 0
        while limit is None or moved < limit:
            # Hidden for a minute while each is sent on: a crash leaves it in the DLQ for next time.
            batch = self._walk(dlq, 10 if limit is None else min(10, limit - moved), visibility_s=60)
            if not batch:
                break
            for m in batch:
                attributes = {
                    k: v
                    for k, v in m.get("MessageAttributes", {}).items()
                    if k not in ("error", "source_queue")
                }
                kwargs: dict[str, Any] = {"QueueUrl": source_url, "MessageBody": m["Body"]}
                if attributes:
                    kwargs["MessageAttributes"] = attributes
                self.sqs.send_message(**kwargs)
                self.sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=m["ReceiptHandle"])
                moved += 1
        return moved

    def purge(self, queue: str) -> int:
        _, dlq = resolve_queue(queue)
        url = self.bus.queue_url(dlq)
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        count = int(attrs.get("ApproximateNumberOfMessages", 0)) + int(
            attrs.get("ApproximateNumberOfMessagesNotVisible", 0)
        )
        self.sqs.purge_queue(QueueUrl=url)
        return count

    def announce(self, queue: str) -> int:
        source, _ = resolve_queue(queue)
        return int(self.bus.announce_dead_letters(source))
