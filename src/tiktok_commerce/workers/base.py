"""What a worker handler is: one event in, the events it causes out.

A handler is a plain function so the same code runs under the local poll loop, an ECS task and
a Lambda SQS batch. It must be idempotent: run twice on the same event, it returns the same
events (built with `event.child(...)`, whose ids are derived from the input's id) and writes the
same blobs under the same keys.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from tiktok_commerce.blobs.base import BlobStore
from tiktok_commerce.events import Envelope
from tiktok_commerce.settings import Settings


class PermanentError(Exception):
    """Retrying cannot help (a corrupt video, a disallowed URL): fail the video at once."""


@dataclass
class WorkerContext:
    settings: Settings
    blobs: BlobStore
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("tiktok_commerce.worker"))


Handler = Callable[[Envelope, WorkerContext], list[Envelope]]
