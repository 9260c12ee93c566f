"""The worker runtime: outputs published before the ack, failures retried or reported, clean stops."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from tiktok_commerce import events
from tiktok_commerce.blobs.local import LocalBlobStore
from tiktok_commerce.bus.schema import bus_messages
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.events import CaptionParsed, Envelope, Product, VideoPosted
from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.base import PermanentError, WorkerContext
from tiktok_commerce.workers.runtime import PoisonMessage, Worker, consumer, handle_body, process_message


@pytest.fixture
def bus(engine: Engine) -> SqlBus:
    # No backoff, so a retried message is visible again at once.
    return SqlBus(engine, visibility_timeout_s=60, backoff_base_s=0, poll_interval_s=0.02)


@pytest.fixture
def ctx(tmp_path: Path) -> WorkerContext:
    settings = Settings(blob_dir=tmp_path / "blobs")
    return WorkerContext(settings=settings, blobs=LocalBlobStore(settings.blob_dir, settings.public_base_url))


def posted(video_id: str = "vid-1") -> Envelope:
    return Envelope.new(
        video_id, VideoPosted(seller_handle="shop", video_url="https://x/v.mp4", caption="Mug $5")
    )


def parse_caption(event: Envelope, _ctx: WorkerContext) -> list[Envelope]:
    payload = event.parsed()
    products = [Product(title="Mug", price=5.0, currency="USD")]
    return [
        event.child(
            CaptionParsed(seller_handle=payload.seller_handle, video_url=payload.video_url, products=products)
        )
    ]


def test_handler_outputs_are_published_and_the_input_acked(bus: SqlBus, ctx: WorkerContext) -> None:
    event = posted()
    bus.publish(event)
    worker = Worker(bus, "caption-parser", parse_caption, ctx)
    assert worker.run_until_idle() == 1
    assert bus.messages("caption-parser") == []
    for queue in ("thumbnail-generator", "results"):
        (message,) = bus.receive(queue)
        output = message.envelope()
        assert output.type == events.CAPTION_PARSED
        assert output.id == event.child(output.parsed()).id
        assert output.parsed().products[0].title == "Mug"


def test_permanent_error_reports_processing_failed_and_acks(bus: SqlBus, ctx: WorkerContext) -> None:
    def corrupt(_event: Envelope, _ctx: WorkerContext) -> list[Envelope]:
        raise PermanentError("not a video: the file is an HTML page")

    event = posted()
    bus.publish(event)
    Worker(bus, "caption-parser", corrupt, ctx).run_until_idle()
    assert bus.messages("caption-parser") == []
    assert bus.messages("caption-parser-dlq") == []
    (report,) = bus.receive("results", max_messages=10)  # one report, not two
    failure = report.envelope().parsed()
    assert failure.stage == "caption-parser"
    assert failure.error == "not a video: the file is an HTML page"
    assert (failure.failed_event_id, failure.failed_event_type) == (event.id, events.VIDEO_POSTED)


def test_other_errors_are_retried_then_dead_lettered_with_one_report(bus: SqlBus, ctx: WorkerContext) -> None:
    calls: list[int] = []

    def flaky(event: Envelope, _ctx: WorkerContext) -> list[Envelope]:
        calls.append(1)
        raise ConnectionError("upstream down")

    bus.publish(posted())
    worker = Worker(bus, "caption-parser", flaky, ctx)
    worker.run_until_idle()
    assert len(calls) == 3
    assert (worker.stats.retry, worker.stats.dead_lettered) == (2, 1)
    assert len(bus.messages("caption-parser-dlq")) == 1
    # Every message on results at once: a second report (the worker's and the bus's both) would show.
    (report,) = bus.receive("results", max_messages=10)
    assert report.envelope().parsed().error == "ConnectionError: upstream down"


def test_a_handler_that_succeeds_on_retry_publishes_once(bus: SqlBus, ctx: WorkerContext) -> None:
    attempts: list[int] = []

    def second_time_lucky(event: Envelope, c: WorkerContext) -> list[Envelope]:
        attempts.append(1)
        if len(attempts) == 1:
            raise TimeoutError("slow network")
        return parse_caption(event, c)

    bus.publish(posted())
    Worker(bus, "caption-parser", second_time_lucky, ctx).run_until_idle()
    assert len(attempts) == 2
    assert len(bus.messages("results")) == 1
    assert bus.messages("caption-parser") == bus.messages("caption-parser-dlq") == []


def test_a_poison_body_is_dead_lettered_at_once(bus: SqlBus, engine: Engine, ctx: WorkerContext) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(bus_messages).values(
                id="poison-1",
                queue="caption-parser",
                body="{not json",
                receive_count=0,
                visible_at=time.time(),
                created_at=time.time(),
            )
        )
    handled: list[Envelope] = []
    worker = Worker(bus, "caption-parser", lambda e, c: handled.append(e) or [], ctx)
    assert worker.run_until_idle() == 1
    assert handled == []
    (dead,) = bus.messages("caption-parser-dlq")
    assert dead["receive_count"] == 1
    assert dead["last_error"].startswith("not an event envelope")
    assert bus.messages("results") == []  # it names no video, so there is nothing to report on


def test_handle_body_is_the_pure_step_a_lambda_adapter_shares(ctx: WorkerContext) -> None:
    event = posted()
    (output,) = handle_body(event.to_json(), parse_caption, ctx, stage="caption-parser")
    assert output.type == events.CAPTION_PARSED

    def refuse(_event: Envelope, _ctx: WorkerContext) -> list[Envelope]:
        raise PermanentError("host not allowed")

    (failure,) = handle_body(event.to_json(), refuse, ctx, stage="caption-parser")
    assert failure.parsed().error == "host not allowed"
    with pytest.raises(PoisonMessage):
        handle_body(b"\x00garbage", parse_caption, ctx)
    with pytest.raises(ConnectionError):
        handle_body(event.to_json(), lambda e, c: (_ for _ in ()).throw(ConnectionError("x")), ctx)


def test_results_consumer_applies_events_and_publishes_nothing(bus: SqlBus) -> None:
    applied: list[str] = []
    bus.publish(Envelope.new("vid-1", events.ProcessingFailed(stage="caption-parser", error="x")))
    worker = Worker(bus, "results", consumer(lambda event: applied.append(event.type)))
    assert worker.run_until_idle() == 1
    assert applied == [events.PROCESSING_FAILED]
    assert bus.stats()[-1].queue == "results"
    assert bus.messages("results") == []


def test_process_message_reports_its_outcome(bus: SqlBus, ctx: WorkerContext) -> None:
    bus.publish(posted())
    (message,) = bus.receive("caption-parser")
    assert process_message(bus, "caption-parser", parse_caption, ctx, message) == "acked"


@pytest.mark.parametrize("concurrency", [1, 2])
def test_stop_finishes_in_flight_work_and_claims_nothing_new(
    bus: SqlBus, ctx: WorkerContext, concurrency: int
) -> None:
    for i in range(4):
        bus.publish(posted(f"v{i}"))
    started = threading.Semaphore(0)
    go = threading.Event()

    def slow(event: Envelope, c: WorkerContext) -> list[Envelope]:
        started.release()
        go.wait(timeout=30)
        return parse_caption(event, c)

    worker = Worker(bus, "caption-parser", slow, ctx, concurrency=concurrency, wait_s=0.2)
    runner = threading.Thread(target=worker.run_forever, kwargs={"install_signal_handlers": False})
    runner.start()
    for _ in range(concurrency):
        assert started.acquire(timeout=30)
    worker.stop()
    time.sleep(0.3)  # give a wrongly still-polling thread the chance to claim more
    go.set()
    runner.join(timeout=30)
    assert not runner.is_alive()

    assert worker.stats.acked == concurrency
    assert len(bus.messages("results")) == concurrency  # their outputs were published
    left = bus.messages("caption-parser")
    assert len(left) == 4 - concurrency
    assert all(m["receive_count"] == 0 and m["claim_token"] is None for m in left)


def test_sigterm_stops_the_worker_after_the_message_in_hand(bus: SqlBus, ctx: WorkerContext) -> None:
    bus.publish(posted("v1"))
    bus.publish(posted("v2"))

    def terminate_mid_way(event: Envelope, c: WorkerContext) -> list[Envelope]:
        os.kill(os.getpid(), signal.SIGTERM)
        return parse_caption(event, c)

    previous = signal.getsignal(signal.SIGTERM)
    worker = Worker(bus, "caption-parser", terminate_mid_way, ctx, wait_s=0.1)
    worker.run_forever()
    assert worker.stats.acked == 1
    assert len(bus.messages("caption-parser")) == 1
    assert signal.getsignal(signal.SIGTERM) is previous


def test_worker_names_map_to_their_queues(bus: SqlBus) -> None:
    assert Worker(bus, "thumbnails", parse_caption).queue == "thumbnail-generator"
    assert Worker(bus, "results", parse_caption).queue == "results"
    with pytest.raises(KeyError, match="unknown worker or queue 'nope'"):
        Worker(bus, "nope", parse_caption)


def test_a_message_claimed_while_stopping_is_given_back_untouched(bus: SqlBus, ctx: WorkerContext) -> None:
    bus.publish(posted())
    handled: list[Envelope] = []
    worker = Worker(bus, "caption-parser", lambda e, c: handled.append(e) or [], ctx)
    real_receive = bus.receive

    def receive_then_stop(*args, **kwargs):  # the stop request lands during the long poll
        messages = real_receive(*args, **kwargs)
        worker.stop()
        return messages

    bus.receive = receive_then_stop  # type: ignore[method-assign]
    worker.run_forever(install_signal_handlers=False)
    assert handled == []
    (left,) = bus.messages("caption-parser")
    assert (left["receive_count"], left["claim_token"]) == (0, None)
    bus.receive = real_receive  # type: ignore[method-assign]
    assert len(bus.receive("caption-parser")) == 1  # visible again at once


def test_run_workers_stops_every_worker_on_sigterm(
    bus: SqlBus, ctx: WorkerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiktok_commerce.workers import registry, runtime

    def tag(event: Envelope, _c: WorkerContext) -> list[Envelope]:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while this handler still works
        return []

    monkeypatch.setattr(
        registry, "load_handler", lambda name: parse_caption if name == "caption-parser" else tag
    )
    settings = ctx.settings.model_copy(update={"poll_wait_s": 0.1, "worker_concurrency": 2})
    parser = runtime.build_worker("caption-parser", settings, bus=bus)
    tagger = runtime.build_worker("tagger", settings, bus=bus)
    assert (parser.queue, parser.concurrency, tagger.queue) == ("caption-parser", 2, "auto-tagger")

    bus.publish(Envelope.new("vid-1", events.ThumbnailsGenerated(seller_handle="s", video_url="https://x")))
    runtime.run_workers([parser, tagger])
    assert parser.stopping and tagger.stopping
    assert tagger.stats.acked == 1
    assert bus.messages("auto-tagger") == []


def test_heartbeat_keeps_a_slow_handlers_message_from_other_workers(
    engine: Engine, ctx: WorkerContext
) -> None:
    now = [1_000_000.0]
    bus = SqlBus(engine, visibility_timeout_s=30, clock=lambda: now[0])
    beats_at: list[float] = []  # the clock reading each heartbeat extended from
    real_extend = bus.extend

    def recording_extend(message):
        at = now[0]
        result = real_extend(message)
        beats_at.append(at)
        return result

    bus.extend = recording_extend  # type: ignore[method-assign]
    bus.publish(posted())
    seen_by_others: list[int] = []

    def slow(event: Envelope, c: WorkerContext) -> list[Envelope]:
        for _ in range(3):  # 81 s of handler time, far past the 30 s timeout
            now[0] += 27
            deadline = time.monotonic() + 30
            while now[0] not in beats_at and time.monotonic() < deadline:
                time.sleep(0.005)  # wait for a heartbeat at this (fake) time
            seen_by_others.append(len(bus.receive("caption-parser")))
        return parse_caption(event, c)

    worker = Worker(bus, "caption-parser", slow, ctx, heartbeat_s=0.01)
    assert worker.run_until_idle() == 1
    assert seen_by_others == [0, 0, 0]
    assert worker.stats.acked == 1
    assert bus.messages("caption-parser") == []


def test_a_second_signal_exits_without_waiting(bus: SqlBus, ctx: WorkerContext) -> None:
    bus.publish(posted())

    def stuck(event: Envelope, c: WorkerContext) -> list[Envelope]:
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(30)  # never reached to the end: the second signal interrupts it
        return []

    # Python's own handler, whatever the shell gave (a background job starts with SIGINT ignored).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(SystemExit) as exit_info:
            Worker(bus, "caption-parser", stuck, ctx, wait_s=0.1).run_forever()
        assert exit_info.value.code == 128 + signal.SIGINT
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        signal.signal(signal.SIGINT, before)
    assert len(bus.messages("caption-parser")) == 1  # still claimed; it comes back after the timeout


def test_a_failed_publish_is_retried_and_publishes_the_same_events(bus: SqlBus, ctx: WorkerContext) -> None:
    real_publish = bus.publish
    attempts: list[str] = []

    def publish_fails_once(event: Envelope, connection=None) -> None:
        attempts.append(event.id)
        if len(attempts) == 1:
            raise ConnectionError("database went away")
        real_publish(event, connection)

    bus.publish = publish_fails_once  # type: ignore[method-assign]
    real_publish(posted())
    Worker(bus, "caption-parser", parse_caption, ctx).run_until_idle()
    assert attempts[0] == attempts[1]  # the retry produced the very same output event
    assert len(bus.messages("results")) == 1
    assert bus.messages("caption-parser") == []
