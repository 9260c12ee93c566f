"""The one topology: which topic fans out to which queue, and each queue's policies.

The SQL bus builds itself from this module; deploy/terraform mirrors it and a test holds the two
equal. Names are the production names.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiktok_commerce import events

RETENTION_S = 14 * 24 * 3600
MAX_RECEIVE_COUNT = 3
VISIBILITY_TIMEOUT_S = 900


@dataclass(frozen=True)
class Queue:
    name: str
    visibility_timeout_s: int = VISIBILITY_TIMEOUT_S
    max_receive_count: int = MAX_RECEIVE_COUNT
    retention_s: int = RETENTION_S

    @property
    def dlq(self) -> str:
        return f"{self.name}-dlq"


CAPTION_PARSER = Queue("caption-parser")
THUMBNAIL_GENERATOR = Queue("thumbnail-generator")
AUTO_TAGGER = Queue("auto-tagger")
RESULTS = Queue("results")

QUEUES: dict[str, Queue] = {q.name: q for q in (CAPTION_PARSER, THUMBNAIL_GENERATOR, AUTO_TAGGER, RESULTS)}

# topic -> subscribed queues
TOPICS: dict[str, tuple[str, ...]] = {
    "video-posted": (CAPTION_PARSER.name,),
    "caption-parsed": (THUMBNAIL_GENERATOR.name, RESULTS.name),
    "thumbnails-generated": (AUTO_TAGGER.name, RESULTS.name),
    "products-tagged": (RESULTS.name,),
    "processing-failed": (RESULTS.name,),
}

# event type -> the topic it is published on
EVENT_TOPICS: dict[str, str] = {
    events.VIDEO_POSTED: "video-posted",
    events.CAPTION_PARSED: "caption-parsed",
    events.THUMBNAILS_GENERATED: "thumbnails-generated",
    events.PRODUCTS_TAGGED: "products-tagged",
    events.PROCESSING_FAILED: "processing-failed",
}

# worker name (as in `tiktok-commerce worker NAME`) -> the queue it consumes
WORKER_QUEUES: dict[str, str] = {
    "caption-parser": CAPTION_PARSER.name,
    "thumbnails": THUMBNAIL_GENERATOR.name,
    "tagger": AUTO_TAGGER.name,
}


def queues_for(event_type: str) -> tuple[str, ...]:
    return TOPICS[EVENT_TOPICS[event_type]]


def is_last_try(queue: str, receive_count: int) -> bool:
    """Whether a failure on this receive dead-letters the message (no queue of ours: never)."""
    policy = QUEUES.get(queue)
    return policy is not None and receive_count >= policy.max_receive_count


def event_types_for(queue: str) -> frozenset[str]:
    """The event types a queue receives: those published on the topics it subscribes to."""
    return frozenset(event_type for event_type, topic in EVENT_TOPICS.items() if queue in TOPICS[topic])


def all_queue_names(with_dlq: bool = True) -> list[str]:
    names = list(QUEUES)
    if with_dlq:
        names += [q.dlq for q in QUEUES.values()]
    return names
