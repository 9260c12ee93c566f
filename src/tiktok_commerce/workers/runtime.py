"""The worker runtime: take messages off a queue, run the handler, publish what it returns, ack.

Three layers, so every way of running a worker shares the same rules:

- `handle_body(body, handler, ctx, stage)`: the pure step. Parse the envelope, run the handler;
  a `PermanentError` becomes a `processing.failed` event instead of a retry. No bus involved: the
  Lambda SQS adapter calls this for each record of a batch.
- `process_message(bus, queue, handler, ctx, message)`: one message on a bus. Outputs published,
  then ack (so a crash in between redelivers, and the idempotent handler produces the same
  events). Any other exception: `bus.fail` (backoff, then the DLQ after 3 receives). A body that
  is not an envelope can never succeed: dead-lettered at once.
- `Worker`: the long-poll loop in N threads with graceful shutdown (SIGTERM/SIGINT or `stop()`:
  in-flight messages finish, nothing new is claimed).

Consumers that only apply events (the API's results consumer) pass `consumer(apply)` as handler.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Bus, Message
from tiktok_commerce.error_text import STATUS_ERROR_CHARS, clip, describe
from tiktok_commerce.events import Envelope, ProcessingFailed
from tiktok_commerce.ops import logs
from tiktok_commerce.ops.metrics import error_kind, record_outcome
from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.base import Handler, PermanentError, WorkerContext

log = logging.getLogger(__name__)


class PoisonMessage(ValueError):
    """No retry can ever handle the message: it is dead-lettered at once. Its body is not an event
    envelope, or (RefusedEvent) its consumer does not take the event's type."""


class RefusedEvent(PoisonMessage):
    """A consumer's permanent error: an event of a type it does not handle (a misrouted one).

    A worker refuses such an event with PermanentError, which fails the video by a processing.failed
    event; a consumer (the results consumer) is where that event would go, so the message goes to
    its DLQ at once instead, for an operator to see and redrive once the routing is fixed."""


def consumer(apply: Callable[[Envelope], object]) -> Handler:
    """A handler for a queue whose events are applied, not transformed (it publishes nothing)."""

    def handle(event: Envelope, _ctx: WorkerContext | None) -> list[Envelope]:
        apply(event)
        return []

    handle.__name__ = getattr(apply, "__name__", "consumer")
    return handle


def handle_body(
    body: str | bytes, handler: Handler, ctx: WorkerContext | None, stage: str = "worker"
) -> list[Envelope]:
    """Run the handler on one message body and return the events to publish.

    Raises PoisonMessage for a body that is not an envelope, and lets every other exception but
    PermanentError propagate (the caller retries). `stage` names the queue in processing.failed.
    """
    return handle_body_outcome(body, handler, ctx, stage)[0]


def handle_body_outcome(
    body: str | bytes, handler: Handler, ctx: WorkerContext | None, stage: str = "worker"
) -> tuple[list[Envelope], str | None]:
    """handle_body, and the error kind when the handler failed for good (None when it succeeded)."""
    try:
        event = Envelope.from_json(body)
    except ValueError as exc:
        raise PoisonMessage(clip(f"not an event envelope: {exc}")) from exc
    try:
        outputs = handler(event, ctx)  # type: ignore[arg-type]  # None only for consumer(), which ignores it
    except PermanentError as exc:
        log.warning(
            "%s: permanent failure of %s event=%s video=%s: %s",
            stage,
            event.type,
            event.id,
            event.video_id,
            exc,
        )
        failure = ProcessingFailed(
            stage=stage,
            error=clip(str(exc) or type(exc).__name__),
            failed_event_id=event.id,
            failed_event_type=event.type,
        )
        return [event.child(failure)], error_kind(exc)
    return list(outputs or []), None


def process_message(
    bus: Bus, queue: str, handler: Handler, ctx: WorkerContext | None, message: Message
) -> str:
    """Handle one received message end to end; returns what happened: acked, retry or dead-lettered.

    Every line logged meanwhile carries the event's ids and the stage (ops/logs.py); the last one
    says the outcome and the duration.
    """
    event_id, video_id, event_type = event_ids(message.body)
    with logs.context(video_id=video_id, event_id=event_id, event_type=event_type, stage=queue):
        return _process_message(bus, queue, handler, ctx, message)


def _process_message(
    bus: Bus, queue: str, handler: Handler, ctx: WorkerContext | None, message: Message
) -> str:
    started = time.monotonic()

    def done(outcome: str, kind: str | None = None) -> dict[str, object]:
        return finished(queue, message, started, outcome, kind)

    try:
        outputs, permanent = handle_body_outcome(message.body, handler, ctx, stage=queue)
    except PoisonMessage as exc:
        bus.dead_letter(message, str(exc))
        fields = done("dead-lettered", type(exc).__name__)
        log.error("%s: message %s dead-lettered at once: %s", queue, message.message_id, exc, extra=fields)
        return "dead-lettered"
    except Exception as exc:
        last = topology.is_last_try(queue, message.receive_count)
        bus.fail(message, describe(exc))
        outcome = "dead-lettered" if last else "retry"
        log.warning(
            "%s: failed (receive %d), %s: %s",
            queue,
            message.receive_count,
            "giving up: dead-letter" if last else "will retry",
            exc,
            exc_info=True,
            extra=done(outcome, error_kind(exc)),
        )
        return outcome
    try:
        for output in outputs:
            bus.publish(output)
    except Exception as exc:
        # Nothing is acked: the message comes back and the handler's outputs are published again,
        # with the same ids, so the consumer drops any it already applied.
        bus.fail(message, clip(f"publish failed: {describe(exc)}"))
        fields = done("retry", f"publish:{type(exc).__name__}")
        log.warning("%s: publish failed, will retry: %s", queue, exc, extra=fields)
        return "retry"
    bus.ack(message)
    log.info(
        "%s: handled, published %s",
        queue,
        ", ".join(f"{o.type} {o.id}" for o in outputs) or "nothing",
        extra=done("permanent" if permanent else "acked", permanent),
    )
    return "acked"


@dataclass
class WorkerStats:
    acked: int = 0
    retry: int = 0
    dead_lettered: int = 0

    def add(self, outcome: str) -> None:
        field = outcome.replace("-", "_")
        setattr(self, field, getattr(self, field) + 1)

    @property
    def handled(self) -> int:
        return self.acked + self.retry + self.dead_lettered


class Worker:
    """Consume one queue with a handler in `concurrency` threads until stopped (or idle)."""

    def __init__(
        self,
        bus: Bus,
        name: str,
        handler: Handler,
        ctx: WorkerContext | None = None,
        *,
        concurrency: int = 1,
        wait_s: float = 1.0,
        error_pause_s: float = 1.0,
        heartbeat_s: float | None = None,
    ) -> None:
        # A worker name (`thumbnails`) or a queue name (`thumbnail-generator`, `results`).
        self.queue = topology.WORKER_QUEUES.get(name, name)
        if self.queue not in topology.QUEUES:
            known = sorted(set(topology.WORKER_QUEUES) | set(topology.QUEUES))
            raise KeyError(f"unknown worker or queue {name!r}; choose one of {', '.join(known)}")
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.name = name
        self.bus = bus
        self.handler = handler
        self.ctx = ctx
        self.concurrency = concurrency
        self.wait_s = wait_s
        self.error_pause_s = error_pause_s
        # Extend a message's visibility while its handler runs, so a short visibility timeout (fast
        # recovery after a crash) does not hand a slow but healthy handler's message to another.
        if heartbeat_s is None:
            heartbeat_s = max(bus.visibility_timeout(self.queue) / 3, 0.05)
        self.heartbeat_s = heartbeat_s
        self.stats = WorkerStats()
        self._stopping = threading.Event()
        self._stats_lock = threading.Lock()
        # For /health and the monitor: when a poll last came round, what is in hand, which thread died.
        self.last_beat: float | None = None
        self.in_flight = 0
        self.dead_threads: dict[str, str] = {}  # thread name -> the exception that ended it

    # ---- control ------------------------------------------------------------------------------

    def stop(self) -> None:
        """Claim nothing new; messages being handled finish. Safe from any thread or a signal."""
        if not self._stopping.is_set():
            log.info("%s: stopping after in-flight work", self.name)
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run_forever(self, install_signal_handlers: bool = True) -> None:
        """Poll until stop() or SIGTERM/SIGINT, then return once in-flight messages are done."""
        restore = _install_signal_handlers(self.stop) if install_signal_handlers else {}
        try:
            log.info("%s: consuming %s with %d thread(s)", self.name, self.queue, self.concurrency)
            self._run_threads(self._poll_loop)
        finally:
            for signum, previous in restore.items():
                signal.signal(signum, previous)
        log.info("%s: stopped (%s)", self.name, self.stats)

    def run_until(self, stop: threading.Event) -> None:
        """Poll in this thread until `stop` is set (a background loop of the API process), then
        return once in-flight messages are done."""

        def stop_when_set() -> None:
            stop.wait()
            self.stop()

        threading.Thread(target=stop_when_set, name=f"{self.name}-stop", daemon=True).start()
        self.run_forever(install_signal_handlers=False)

    def run_until_idle(self, max_messages: int | None = None) -> int:
        """Handle messages until the queue has none visible (or stop()); return how many were handled.

        For tests and the demo: messages waiting out a backoff are not visible, so they are left.
        """
        before = self.stats.handled

        def loop() -> None:
            while not self.stopping:
                if max_messages is not None and self.stats.handled - before >= max_messages:
                    return
                if not self._poll_once(wait_s=0.0):
                    return

        self._run_threads(loop)
        return self.stats.handled - before

    # ---- the loop -----------------------------------------------------------------------------

    def _run_threads(self, target: Callable[[], None]) -> None:
        def guarded(reraise: bool = False) -> None:
            try:
                target()
            except BaseException as exc:
                # Nothing inside the loop should get here (it catches Exception): a thread ended by
                # something else is recorded, so /health can say the worker lost it.
                name = threading.current_thread().name
                self.dead_threads[name] = describe(exc, STATUS_ERROR_CHARS)
                log.error("%s: thread %s died: %s", self.name, name, self.dead_threads[name])
                if reraise:  # the caller's own thread: a second Ctrl-C's SystemExit must go on up
                    raise

        if self.concurrency == 1:
            guarded(reraise=True)
            return
        threads = [
            threading.Thread(target=guarded, name=f"{self.name}-{i}", daemon=True)
            for i in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        _join(threads)

    def _poll_loop(self) -> None:
        while not self.stopping:
            self.last_beat = time.time()
            try:
                self._poll_once(wait_s=self.wait_s)
            except Exception:
                # The bus itself failed (database down, network): keep the worker alive and retry.
                log.exception(
                    "%s: polling %s failed; retrying in %.1fs", self.name, self.queue, self.error_pause_s
                )
                self._stopping.wait(self.error_pause_s)

    def _poll_once(self, wait_s: float) -> bool:
        """Receive one message and handle it; False when there was none."""
        messages = self.bus.receive(self.queue, max_messages=1, wait_s=wait_s)
        for message in messages:
            if self.stopping:
                self._give_back(message)
                continue
            with self._stats_lock:
                self.in_flight += 1
            try:
                with Heartbeat(self.bus, message, self.heartbeat_s):
                    outcome = process_message(self.bus, self.queue, self.handler, self.ctx, message)
            finally:
                with self._stats_lock:
                    self.in_flight -= 1
            with self._stats_lock:
                self.stats.add(outcome)
        return bool(messages)

    def _give_back(self, message: Message) -> None:
        # Claimed during the long poll after stop(): hand it back rather than start new work.
        self.bus.release(message)
        log.info("%s: released message %s claimed while stopping", self.name, message.message_id)


class Heartbeat:
    """While in the `with` block, call `bus.extend(message)` every `interval_s` (none when it is 0)."""

    def __init__(self, bus: Bus, message: Message, interval_s: float) -> None:
        self._bus = bus
        self._message = message
        self._interval_s = interval_s
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if self._interval_s:
            self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        while not self._done.wait(self._interval_s):
            try:
                if not self._bus.extend(self._message):
                    log.warning(
                        "lost the claim on message %s; another worker has it", self._message.message_id
                    )
                    return
            except Exception:
                log.warning("could not extend message %s; retrying", self._message.message_id, exc_info=True)


def build_worker(name: str, settings: Settings, bus: Bus | None = None) -> Worker:
    """The worker `tiktok-commerce worker NAME` runs: its handler, the configured bus and blobs."""
    from tiktok_commerce.blobs.factory import make_blob_store
    from tiktok_commerce.bus.factory import make_bus
    from tiktok_commerce.workers.registry import load_handler

    ctx = WorkerContext(settings=settings, blobs=make_blob_store(settings))
    return Worker(
        bus or make_bus(settings),
        name,
        load_handler(name),
        ctx,
        concurrency=settings.worker_concurrency,
        wait_s=settings.poll_wait_s,
    )


def run_workers(workers: Sequence[Worker], install_signal_handlers: bool = True) -> None:
    """Run several workers in this process until SIGTERM/SIGINT (or each is stopped), then return.

    Each runs in its own thread; a signal stops all of them, and this returns once every one has
    finished its in-flight messages.
    """

    def stop_all() -> None:
        for worker in workers:
            worker.stop()

    restore = _install_signal_handlers(stop_all) if install_signal_handlers else {}
    threads = [
        threading.Thread(
            target=w.run_forever, kwargs={"install_signal_handlers": False}, name=w.name, daemon=True
        )
        for w in workers
    ]
    try:
        for thread in threads:
            thread.start()
        _join(threads)
    finally:
        stop_all()
        _join(threads)
        for signum, previous in restore.items():
            signal.signal(signum, previous)


def _install_signal_handlers(stop: Callable[[], None]) -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}  # signals can only be handled on the main thread; the owner calls stop()

    received: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        name = signal.Signals(signum).name
        if received:
            # A second Ctrl-C or SIGTERM: the operator does not want to wait. Claimed messages
            # come back after their visibility timeout, so nothing is lost.
            log.warning("received %s again: exiting without finishing in-flight work", name)
            raise SystemExit(128 + signum)
        received.append(signum)
        log.info("received %s: stopping after in-flight work (send it again to exit now)", name)
        stop()

    return {signum: signal.signal(signum, on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}


def _join(threads: Sequence[threading.Thread]) -> None:
    for thread in threads:
        # Join with a timeout so the main thread keeps handling signals while it waits.
        while thread.is_alive():
            thread.join(timeout=0.5)


def finished(
    queue: str, message: Message, started: float, outcome: str, kind: str | None = None
) -> dict[str, object]:
    """Record a message's outcome (metrics) and return the fields of its last log line."""
    seconds = time.monotonic() - started
    record_outcome(queue, outcome, seconds, kind)
    fields: dict[str, object] = {"duration_s": round(seconds, 3), "outcome": outcome}
    fields.update(message_id=message.message_id, receive_count=message.receive_count)
    if kind:
        fields["error_kind"] = kind
    return fields


def event_ids(body: str) -> tuple[str | None, str | None, str | None]:
    """Event id, video id and event type for log lines, even from a body that does not parse."""
    try:
        event = Envelope.from_json(body)
    except ValueError:
        return None, None, None
    return event.id, event.video_id, event.type
