"""Which worker consumes which queue with which handler (`tiktok-commerce worker NAME`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both import pydantic (and the settings): not needed to build the command line
    from tiktok_commerce.workers.base import Handler

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
    """Import the worker's handler only when it runs: heavy extras stay out of the core."""
    if worker not in HANDLER_MODULES:
        raise KeyError(f"unknown worker {worker!r}; choose one of {', '.join(HANDLER_MODULES)}")
    return importlib.import_module(HANDLER_MODULES[worker]).handle
