"""Each worker takes only the events its queue is subscribed to: any other type fails for good at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from tiktok_commerce import events, topology
from tiktok_commerce.blobs.local import LocalBlobStore
from tiktok_commerce.bus.schema import bus_messages
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.events import Envelope
from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.base import PermanentError, WorkerContext
from tiktok_commerce.workers.registry import HANDLER_MODULES, load_handler, queue_of
from tiktok_commerce.workers.runtime import Worker

# One event of every type, each with a payload that validates as its own model.
SAMPLES = {
    events.VIDEO_POSTED: events.VideoPosted(
        seller_handle="shop", video_url="https://x/v.mp4", caption="Mug $5"
    ),
    events.CAPTION_PARSED: events.CaptionParsed(seller_handle="shop", video_url="https://x/v.mp4"),
    events.THUMBNAILS_GENERATED: events.ThumbnailsGenerated(
        seller_handle="shop", video_url="https://x/v.mp4"
    ),
    events.PRODUCTS_TAGGED: events.ProductsTagged(seller_handle="shop"),
    events.PROCESSING_FAILED: events.ProcessingFailed(stage="caption-parser", error="x"),
}
EXPECTED = {
    "caption-parser": {events.VIDEO_POSTED},
    "thumbnails": {events.CAPTION_PARSED},
    "tagger": {events.THUMBNAILS_GENERATED},
}


@pytest.fixture
def ctx(tmp_path: Path) -> WorkerContext:
    settings = Settings(
        _env_file=None, blob_dir=tmp_path / "blobs", openrouter_api_key=None, llm_base_url=None
    )
    return WorkerContext(settings=settings, blobs=LocalBlobStore(settings.blob_dir, settings.public_base_url))


def test_each_worker_takes_the_events_of_its_queue() -> None:
    assert set(HANDLER_MODULES) == set(EXPECTED)
    for worker, accepted in EXPECTED.items():
        assert topology.event_types_for(queue_of(worker)) == accepted


@pytest.mark.parametrize(
    ("worker", "event_type"),
    [(w, t) for w in sorted(EXPECTED) for t in sorted(SAMPLES) if t not in EXPECTED[w]],
)
def test_a_misrouted_event_is_refused_for_good(worker: str, event_type: str, ctx: WorkerContext) -> None:
    misrouted = Envelope.new("vid-1", SAMPLES[event_type])
    with pytest.raises(PermanentError, match=f"{worker} cannot handle '{event_type}' events"):
        load_handler(worker)(misrouted, ctx)


def test_a_misrouted_event_fails_its_video_at_once_not_after_three_tries(
    engine: Engine, ctx: WorkerContext
) -> None:
    """Before, the tagger read a caption.parsed as thumbnails.generated, raised AttributeError and
    was retried three times, then dead-lettered."""
    bus = SqlBus(engine, backoff_base_s=0)
    misrouted = Envelope.new("vid-1", SAMPLES[events.CAPTION_PARSED])
    now = time.time()
    with engine.begin() as conn:
        conn.execute(
            insert(bus_messages).values(
                id="m-1",
                queue=topology.AUTO_TAGGER.name,
                body=misrouted.to_json(),
                receive_count=0,
                visible_at=now,
                created_at=now,
            )
        )
    worker = Worker(bus, "tagger", load_handler("tagger"), ctx)
    assert worker.run_until_idle() == 1
    assert (worker.stats.acked, worker.stats.retry, worker.stats.dead_lettered) == (1, 0, 0)
    assert bus.messages(topology.AUTO_TAGGER.name) == bus.messages(topology.AUTO_TAGGER.dlq) == []
    (report,) = bus.receive(topology.RESULTS.name, max_messages=10)
    failure = report.envelope().parsed()
    assert (failure.stage, failure.failed_event_type) == ("auto-tagger", events.CAPTION_PARSED)
    assert failure.error == "tagger cannot handle 'caption.parsed' events"
