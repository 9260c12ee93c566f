"""The bus on SQLite or PostgreSQL: one table of messages, SQS semantics, built from topology.py.

How a receive claims messages without two workers getting the same one: a single statement

    UPDATE bus_messages SET claim_token = :new, visible_at = :now + timeout, receive_count + 1
    WHERE id IN (SELECT id ... WHERE queue = :q AND visible_at <= :now LIMIT :n [FOR UPDATE SKIP LOCKED])
    RETURNING ...

On PostgreSQL the subquery locks its rows and skips those another worker holds, so concurrent
receivers take different messages without waiting on each other. SQLite has no row locks: a write
statement takes the database's write lock before it reads anything, so claims from threads and
processes run one after another (WAL keeps readers unblocked; busy_timeout makes writers queue
instead of failing). Every transaction here starts with its write statement, so no transaction
ever upgrades a stale read snapshot to a write.

ack and fail carry the claim token of their receive: once a message's visibility timeout expired
and another worker claimed it again, the first worker's late ack or fail changes nothing (the new
claim holder owns the message; handlers are idempotent, so its outputs are the same events).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Message, QueueStats, failure_event
from tiktok_commerce.bus.schema import bus_messages as T
from tiktok_commerce.events import Envelope
from tiktok_commerce.ops.metrics import EVENTS_DEAD_LETTERED
from tiktok_commerce.sql_engine import set_up_sqlite

log = logging.getLogger(__name__)


class SqlBus:
    """Bus on a SQLAlchemy engine whose database has the `bus_messages` table (revision 0002_bus).

    visibility_timeout_s overrides every queue's (local runs and tests); backoff after a failure is
    backoff_base_s * 2**(receive_count - 1), capped at backoff_max_s. `clock` is injectable so tests
    can move time instead of sleeping.

    An idle receiver polls every poll_interval_s; a publish through this same bus object wakes the
    receivers of this process at once, so `up` hands work on without delay and idles cheaply.
    Receivers in other processes see the message at their next poll.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        visibility_timeout_s: int | None = None,
        backoff_base_s: float = 2.0,
        backoff_max_s: float = 300.0,
        poll_interval_s: float = 0.5,
        purge_interval_s: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.visibility_timeout_s = visibility_timeout_s
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.poll_interval_s = poll_interval_s
        self.purge_interval_s = purge_interval_s
        self.clock = clock
        self._next_purge = 0.0
        self._purge_lock = threading.Lock()
        self._published = threading.Condition()
        # Publishes per queue: a receiver woken by a publish to another queue waits on instead of
        # claiming (a write transaction) for nothing.
        self._published_to: dict[str, int] = {}
        self._is_postgres = engine.dialect.name == "postgresql"
        set_up_sqlite(engine)  # WAL and a busy timeout, on an engine make_engine did not make

    # ---- policies -----------------------------------------------------------------------------

    def policy(self, queue: str) -> topology.Queue:
        """The queue's policy; a dead-letter queue keeps messages and never dead-letters them."""
        if queue in topology.QUEUES:
            policy = topology.QUEUES[queue]
        else:
            source = next((q for q in topology.QUEUES.values() if q.dlq == queue), None)
            if source is None:
                raise KeyError(f"unknown queue {queue!r}; known: {', '.join(topology.all_queue_names())}")
            policy = replace(source, name=queue, max_receive_count=0)
        if self.visibility_timeout_s is not None:
            policy = replace(policy, visibility_timeout_s=self.visibility_timeout_s)
        return policy

    def backoff_s(self, receive_count: int) -> float:
        return min(self.backoff_base_s * 2.0 ** max(receive_count - 1, 0), self.backoff_max_s)

    # ---- publish ------------------------------------------------------------------------------

    def publish(self, event: Envelope, connection: Connection | None = None) -> None:
        """One row per subscribed queue, all in one transaction.

        Pass `connection` to publish inside the caller's transaction (an outbox relay on the same
        database then marks its row sent atomically with the publish).
        """
        if connection is not None:
            self._insert(connection, event)
        else:
            with self.engine.begin() as conn:
                self._insert(conn, event)
        # In the caller's transaction the rows may not be committed yet: a woken receiver that
        # finds nothing simply waits for its next poll.
        with self._published:
            for queue in topology.queues_for(event.type):
                self._published_to[queue] = self._published_to.get(queue, 0) + 1
            self._published.notify_all()

    def publish_stored(self, stored: Sequence[tuple[str, str]], connection: Connection) -> None:
        """Events as an outbox holds them, (type, the Envelope's JSON), published in the caller's
        transaction with one insert for all: the relay's batch, without parsing and re-encoding each."""
        now = self.clock()
        rows = [
            _row(queue, body, now) for event_type, body in stored for queue in topology.queues_for(event_type)
        ]
        if rows:
            connection.execute(insert(T), rows)
        with self._published:
            for event_type, _body in stored:
                for queue in topology.queues_for(event_type):
                    self._published_to[queue] = self._published_to.get(queue, 0) + 1
            self._published.notify_all()

    def _insert(self, conn: Connection, event: Envelope) -> None:
        now = self.clock()
        body = event.to_json()
        rows = [_row(queue, body, now) for queue in topology.queues_for(event.type)]
        conn.execute(insert(T), rows)

    # ---- receive ------------------------------------------------------------------------------

    def receive(self, queue: str, max_messages: int = 1, wait_s: float = 0.0) -> list[Message]:
        """Claim up to max_messages visible messages, polling until one comes or wait_s passes."""
        policy = self.policy(queue)
        self._maybe_purge()
        deadline = time.monotonic() + wait_s
        while True:
            messages, dead_lettered = self._claim(policy, max_messages)
            if messages:
                return messages
            if dead_lettered:
                continue  # those were over their receive limit; there may be others behind them
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            with self._published:
                seen = self._published_to.get(queue, 0)

                def published(seen: int = seen) -> bool:
                    return self._published_to.get(queue, 0) != seen

                self._published.wait_for(published, min(self.poll_interval_s, remaining))

    def _claim(self, policy: topology.Queue, max_messages: int) -> tuple[list[Message], int]:
        now = self.clock()
        token = str(uuid.uuid4())
        candidates = (
            select(T.c.id)
            .where(T.c.queue == policy.name, T.c.visible_at <= now)
            .order_by(T.c.visible_at, T.c.created_at)
            .limit(max_messages)
        )
        if self._is_postgres:
            candidates = candidates.with_for_update(skip_locked=True)
        claim = (
            update(T)
            .where(T.c.id.in_(candidates.scalar_subquery()), T.c.visible_at <= now)
            .values(
                claim_token=token,
                visible_at=now + policy.visibility_timeout_s,
                receive_count=T.c.receive_count + 1,
            )
            .returning(T.c.id, T.c.body, T.c.receive_count, T.c.last_error)
            .execution_options(synchronize_session=False)
        )
        messages: list[Message] = []
        dead_lettered = 0
        with self.engine.begin() as conn:
            for row in conn.execute(claim).all():
                # SQS moves a message on the receive that would exceed maxReceiveCount: it was
                # received that many times and never acked (the worker crashed or timed out).
                if policy.max_receive_count and row.receive_count > policy.max_receive_count:
                    error = f"received {row.receive_count - 1} times without success" + (
                        f"; last error: {row.last_error}" if row.last_error else " (no worker reported back)"
                    )
                    self._dead_letter(conn, policy.name, row.id, row.body, error)
                    EVENTS_DEAD_LETTERED.labels(policy.name, "no-report").inc()
                    dead_lettered += 1
                    continue
                messages.append(
                    Message(
                        queue=policy.name,
                        body=row.body,
                        receive_count=row.receive_count,
                        receipt=f"{row.id}:{token}",
                        message_id=row.id,
                    )
                )
        messages.sort(key=lambda m: m.message_id)  # RETURNING order is unspecified; be deterministic
        return messages, dead_lettered

    # ---- ack / fail ---------------------------------------------------------------------------

    def ack(self, message: Message) -> None:
        """Delete the message, unless another worker has claimed it since (then it is theirs)."""
        message_id, token = _parse_receipt(message)
        with self.engine.begin() as conn:
            deleted = conn.execute(delete(T).where(T.c.id == message_id, T.c.claim_token == token)).rowcount
        if not deleted:
            log.warning(
                "late ack ignored: message %s on %s was claimed again or is gone", message_id, message.queue
            )

    def fail(self, message: Message, error: str) -> None:
        """Make the message visible again after a backoff; on its last allowed receive, dead-letter it."""
        message_id, token = _parse_receipt(message)
        policy = self.policy(message.queue)
        now = self.clock()
        with self.engine.begin() as conn:
            row = conn.execute(
                update(T)
                .where(T.c.id == message_id, T.c.claim_token == token)
                .values(claim_token=None, last_error=error)
                .returning(T.c.receive_count, T.c.body)
            ).first()
            if row is None:
                log.warning(
                    "late fail ignored: message %s on %s was claimed again or is gone",
                    message_id,
                    message.queue,
                )
                return
            if policy.max_receive_count and row.receive_count >= policy.max_receive_count:
                self._dead_letter(conn, policy.name, message_id, row.body, error)
                return
            conn.execute(
                update(T)
                .where(T.c.id == message_id)
                .values(visible_at=now + self.backoff_s(row.receive_count))
            )

    def visibility_timeout(self, queue: str) -> float:
        return float(self.policy(queue).visibility_timeout_s)

    def extend(self, message: Message) -> bool:
        """Keep a message invisible for another visibility timeout (a heartbeat while it is handled).

        False when the claim is lost (it expired and another worker took the message).
        """
        message_id, token = _parse_receipt(message)
        until = self.clock() + self.visibility_timeout(message.queue)
        with self.engine.begin() as conn:
            updated = conn.execute(
                update(T).where(T.c.id == message_id, T.c.claim_token == token).values(visible_at=until)
            ).rowcount
        return bool(updated)

    def dead_letter(self, message: Message, error: str) -> None:
        """Move a message that can never succeed (e.g. an unparseable body) to the DLQ now."""
        message_id, token = _parse_receipt(message)
        with self.engine.begin() as conn:
            row = conn.execute(
                update(T)
                .where(T.c.id == message_id, T.c.claim_token == token)
                .values(claim_token=None, last_error=error)
                .returning(T.c.body)
            ).first()
            if row is not None:
                self._dead_letter(conn, message.queue, message_id, row.body, error)

    def release(self, message: Message) -> None:
        """Give a claimed message back untouched (a stopping worker that will not handle it)."""
        message_id, token = _parse_receipt(message)
        with self.engine.begin() as conn:
            conn.execute(
                update(T)
                .where(T.c.id == message_id, T.c.claim_token == token)
                .values(
                    claim_token=None,
                    visible_at=self.clock(),
                    receive_count=case((T.c.receive_count > 0, T.c.receive_count - 1), else_=0),
                )
            )

    def _dead_letter(self, conn: Connection, queue: str, message_id: str, body: str, error: str) -> None:
        """Move the row to `<queue>-dlq` and, unless it came from results, publish processing.failed."""
        policy = self.policy(queue)
        dlq = topology.QUEUES[queue].dlq if queue in topology.QUEUES else queue
        # created_at is kept, as SQS keeps the original enqueue time: retention counts from it.
        conn.execute(
            update(T)
            .where(T.c.id == message_id)
            .values(queue=dlq, claim_token=None, visible_at=self.clock(), last_error=error)
        )
        log.error("dead-lettered message %s from %s to %s: %s", message_id, queue, dlq, error)
        if policy.name == topology.RESULTS.name or queue not in topology.QUEUES:
            return  # the results queue's own failures would loop back into it
        failure = failure_event(queue, body, error, message_id)
        if failure is not None:
            self._insert(conn, failure)

    # ---- maintenance and monitoring -----------------------------------------------------------

    def purge(self, now: float | None = None) -> int:
        """Delete messages (DLQs included) older than their queue's retention; return how many."""
        now = self.clock() if now is None else now
        deleted = 0
        with self.engine.begin() as conn:
            for queue in topology.QUEUES.values():
                cutoff = now - queue.retention_s
                deleted += conn.execute(
                    delete(T).where(T.c.queue.in_([queue.name, queue.dlq]), T.c.created_at < cutoff)
                ).rowcount
        if deleted:
            log.info("purged %d messages past retention", deleted)
        return deleted

    def _maybe_purge(self) -> None:
        # Retention without a scheduler: whichever receiver comes by purges, at most every interval.
        now = time.monotonic()
        if now < self._next_purge or not self._purge_lock.acquire(blocking=False):
            return
        try:
            self._next_purge = now + self.purge_interval_s
            self.purge()
        except SQLAlchemyError:
            log.exception("purge failed; retrying at the next interval")
        finally:
            self._purge_lock.release()

    def redrive(self, dlq: str, limit: int | None = None) -> int:
        """Move messages from a dead-letter queue back to its source queue with a fresh count."""
        source = next((q.name for q in topology.QUEUES.values() if q.dlq == dlq), None)
        if source is None:
            raise KeyError(f"{dlq!r} is not a dead-letter queue")
        ids = select(T.c.id).where(T.c.queue == dlq).order_by(T.c.created_at)
        if limit is not None:
            ids = ids.limit(limit)
        with self.engine.begin() as conn:
            return conn.execute(
                update(T)
                .where(T.c.id.in_(ids.scalar_subquery()))
                .values(queue=source, receive_count=0, claim_token=None, visible_at=self.clock())
                .execution_options(synchronize_session=False)
            ).rowcount

    def purge_queue(self, queue: str) -> int:
        """Delete every message of one queue (an operator emptying a DLQ); how many there were."""
        self.policy(queue)  # a clear error for an unknown queue
        with self.engine.begin() as conn:
            return int(conn.execute(delete(T).where(T.c.queue == queue)).rowcount or 0)

    def stats(self) -> list[QueueStats]:
        now = self.clock()
        visible = func.sum(case((T.c.visible_at <= now, 1), else_=0))
        query = select(T.c.queue, func.count(), visible, func.min(T.c.created_at)).group_by(T.c.queue)
        with self.engine.begin() as conn:
            by_queue = {row[0]: row for row in conn.execute(query)}
        result = []
        for queue in topology.QUEUES.values():
            _, total, n_visible, oldest = by_queue.get(queue.name, (queue.name, 0, 0, None))
            dlq = by_queue.get(queue.dlq)
            result.append(
                QueueStats(
                    queue=queue.name,
                    depth=int(n_visible or 0),
                    in_flight=int(total) - int(n_visible or 0),  # claimed, or waiting out a backoff
                    dlq_depth=int(dlq[1]) if dlq else 0,
                    oldest_age_s=max(now - oldest, 0.0) if oldest is not None else None,
                )
            )
        return result

    def healthy(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(T.c.id).limit(1)).all()
            return True
        except SQLAlchemyError:
            log.warning("bus health check failed", exc_info=True)
            return False

    def messages(self, queue: str) -> list[dict[str, Any]]:
        """Every row of a queue, oldest first (for inspecting a DLQ and for tests)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(T).where(T.c.queue == queue).order_by(T.c.created_at, T.c.id)).all()
        return [dict(row._mapping) for row in rows]


def _row(queue: str, body: str, now: float) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "queue": queue,
        "body": body,
        "receive_count": 0,
        "visible_at": now,
        "created_at": now,
        "claim_token": None,
        "last_error": None,
    }


def _parse_receipt(message: Message) -> tuple[str, str]:
    message_id, _, token = message.receipt.partition(":")
    if not token:
        raise ValueError(f"not a SQL bus receipt: {message.receipt!r}")
    return message_id, token
