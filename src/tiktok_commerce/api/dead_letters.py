"""Fail videos whose message reached a dead-letter queue without a `processing.failed`.

On SQS a worker that dies on its last try (killed for memory, a Lambda crash) never reports: SQS
moves the message to the DLQ by itself and the video would stay "in progress" for ever. The API
process, when its bus can, announces such messages every few minutes. Announcing is idempotent
(stable event ids), and the results consumer never fails a video that completed. The SQL bus moves
messages itself and always announces, so it offers nothing to watch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from tiktok_commerce import topology
from tiktok_commerce.bus.base import AnnouncesDeadLetters, Bus

log = logging.getLogger(__name__)


def dead_letter_watch(bus: Bus, interval_s: float) -> Callable[[threading.Event], None] | None:
    """A loop for the API's background threads, or None when the bus needs none."""
    if not isinstance(bus, AnnouncesDeadLetters):
        return None
    announce = bus.announce_dead_letters

    def run(stop: threading.Event) -> None:
        while not stop.is_set():
            for queue in topology.WORKER_QUEUES.values():
                try:
                    announced = announce(queue)
                except Exception:  # AWS unreachable for a moment: the next round tries again
                    log.exception("dead letters of %s: check failed", queue)
                    continue
                if announced:
                    log.warning("dead letters of %s: announced %d as processing.failed", queue, announced)
            stop.wait(interval_s)

    return run
