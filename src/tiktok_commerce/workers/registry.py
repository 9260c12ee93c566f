"""Which worker consumes which queue with which handler (`tiktok-commerce worker NAME`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both import pydantic (and the settings): not needed to build the command line
    from tiktok_commerce.events import Envelope
    from tiktok_commerce.workers.base import Handler, WorkerContext

# worker name -> module whose `handle(event, ctx) -> list[Envelope]` it runs
HANDLER_MODULES: dict[str, str] = {
    "caption-parser": "tiktok_commerce.workers.caption_parser.handler",
    "thumbnails": "tiktok_commerce.workers.thumbnails.handler",
    "tagger": "tiktok_commerce.workers.tagger.handler",
}


def queue_of(worker: str) -> str:
    from tiktok_commerce import topology

    return topology.WORKER_QUEUES[worker]


def load_handler(worker: str) -> Handler:
    """Import the worker's handler only when it runs (heavy extras stay out of the core), refusing
    the events its queue does not get."""
    if worker not in HANDLER_MODULES:
        raise KeyError(f"unknown worker {worker!r}; choose one of {', '.join(HANDLER_MODULES)}")
    handler: Handler = importlib.import_module(HANDLER_MODULES[worker]).handle
    return refusing_others(worker, handler)


def refusing_others(worker: str, handler: Handler) -> Handler:
    """The handler, refusing for good (PermanentError) an event of a type its queue is not subscribed
    to (topology.py): a misrouted event fails its video at once, not after three retries."""
    from tiktok_commerce import topology
    from tiktok_commerce.workers.base import PermanentError

    accepted = topology.event_types_for(queue_of(worker))

    def handle(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
        if event.type not in accepted:
            raise PermanentError(f"{worker} cannot handle {event.type!r} events")
        return handler(event, ctx)

    handle.__name__ = handle.__qualname__ = f"{worker}:handle"
    return handle
