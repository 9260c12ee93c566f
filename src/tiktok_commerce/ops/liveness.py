"""Which loops of this process are alive: what `/health` reports and the monitor's services view reads.

A loop is a named thread of the API process (outbox relay, results consumer, each worker under
`up`). A loop whose thread ended while the process was not stopping, or a worker that lost one of
its threads, makes the process not ready, and `/health` says which and why.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from tiktok_commerce.workers.runtime import Worker

Loop = Callable[[threading.Event], None]  # runs until the event is set


class WorkerLoop:
    """A worker as a background loop: runs until the stop event, then finishes what it holds."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def __call__(self, stop: threading.Event) -> None:
        self.worker.run_until(stop)


@dataclass
class LoopStatus:
    name: str
    alive: bool
    error: str | None  # why it is not alive (the exception that ended it)
    last_beat_s: float | None  # seconds since its loop last came round
    in_flight: int | None
    concurrency: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def loop_status(name: str, loop: Loop, thread: threading.Thread | None, error: str | None) -> LoopStatus:
    """The status of one named loop from its thread and what its owner (worker, relay) records."""
    owner: Any = getattr(loop, "worker", None) or getattr(loop, "__self__", None)
    worker = owner if isinstance(owner, Worker) else getattr(owner, "worker", None)
    alive = thread is not None and thread.is_alive()
    if isinstance(worker, Worker) and worker.dead_threads:
        alive = False
        lost = ", ".join(f"thread {t} died ({why})" for t, why in sorted(worker.dead_threads.items()))
        error = f"{lost}; {worker.concurrency - len(worker.dead_threads)} of {worker.concurrency} left"
    elif not alive and error is None:
        error = "its thread is not running"
    beat = getattr(worker if worker is not None else owner, "last_beat", None)
    return LoopStatus(
        name=name,
        alive=alive,
        error=None if alive else error,
        last_beat_s=round(time.time() - beat, 3) if isinstance(beat, float) else None,
        in_flight=worker.in_flight if isinstance(worker, Worker) else None,
        concurrency=worker.concurrency if isinstance(worker, Worker) else None,
    )
