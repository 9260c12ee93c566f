"""The SQL bus keeps SQS semantics on SQLite and PostgreSQL: fan-out, visibility, retries, DLQ."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from sqlalchemy import Engine

from tiktok_commerce import events, topology
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.db.migrate import upgrade
from tiktok_commerce.db.session import make_engine
from tiktok_commerce.events import CaptionParsed, Envelope, ProcessingFailed, Product, VideoPosted


class Clock:
    """A clock tests move by hand, so timeouts and backoffs need no sleeping."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bus(engine: Engine, clock: Clock) -> SqlBus:
    return SqlBus(engine, visibility_timeout_s=30, backoff_base_s=2, clock=clock)


def posted(video_id: str = "vid-1") -> Envelope:
    return Envelope.new(
        video_id, VideoPosted(seller_handle="shop", video_url="https://x/v.mp4", caption="Mug $5")
    )


def parsed(video_id: str = "vid-1") -> Envelope:
    payload = CaptionParsed(
        seller_handle="shop", video_url="https://x/v.mp4", products=[Product(title="Mug")]
    )
    return Envelope.new(video_id, payload)


def test_publish_fans_out_to_every_subscribed_queue(bus: SqlBus) -> None:
    event = parsed()
    bus.publish(event)
    for queue in ("thumbnail-generator", "results"):
        (message,) = bus.receive(queue, max_messages=10)
        assert message.envelope() == event
        assert message.receive_count == 1
    assert bus.receive("caption-parser") == []
    assert bus.receive("auto-tagger") == []


def test_a_received_message_is_invisible_until_its_timeout_then_comes_back(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted())
    (first,) = bus.receive("caption-parser")
    assert bus.receive("caption-parser") == []
    clock.advance(29)
    assert bus.receive("caption-parser") == []
    clock.advance(2)
    (again,) = bus.receive("caption-parser")
    assert again.message_id == first.message_id
    assert again.receive_count == 2


def test_ack_deletes_and_a_late_ack_from_an_expired_claim_does_not(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted())
    (slow,) = bus.receive("caption-parser")
    clock.advance(31)  # the slow worker's claim expires; another worker takes the message
    (fast,) = bus.receive("caption-parser")
    bus.ack(slow)
    assert len(bus.messages("caption-parser")) == 1, "a stale receipt must not delete a live claim"
    bus.ack(fast)
    assert bus.messages("caption-parser") == []
    clock.advance(1000)
    assert bus.receive("caption-parser") == []


def test_fail_brings_the_message_back_after_an_exponential_backoff(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted())
    (message,) = bus.receive("caption-parser")
    bus.fail(message, "ValueError: boom")
    assert bus.receive("caption-parser") == []
    clock.advance(2)  # 2 s after the first failure
    (message,) = bus.receive("caption-parser")
    assert message.receive_count == 2
    bus.fail(message, "ValueError: boom again")
    clock.advance(3)
    assert bus.receive("caption-parser") == []  # 4 s after the second
    clock.advance(1)
    (message,) = bus.receive("caption-parser")
    assert bus.messages("caption-parser")[0]["last_error"] == "ValueError: boom again"


def test_the_third_failed_receive_dead_letters_and_publishes_processing_failed(
    bus: SqlBus, clock: Clock
) -> None:
    event = posted()
    bus.publish(event)
    for attempt in range(3):
        (message,) = bus.receive("caption-parser")
        assert message.receive_count == attempt + 1
        bus.fail(message, f"RuntimeError: attempt {attempt + 1}")
        clock.advance(100)
    assert bus.receive("caption-parser") == []
    (dead,) = bus.messages("caption-parser-dlq")
    assert Envelope.from_json(dead["body"]) == event
    assert dead["last_error"] == "RuntimeError: attempt 3"

    (report,) = bus.receive("results", max_messages=10)  # one report, not two
    failure = report.envelope()
    assert failure.type == events.PROCESSING_FAILED
    assert failure.video_id == event.video_id
    assert failure.parsed() == ProcessingFailed(
        stage="caption-parser",
        error="RuntimeError: attempt 3",
        failed_event_id=event.id,
        failed_event_type=events.VIDEO_POSTED,
    )
    assert failure.id == event.child(failure.parsed()).id  # the same id a PermanentError report gets


def test_a_message_whose_workers_keep_crashing_is_dead_lettered_on_the_fourth_receive(
    bus: SqlBus, clock: Clock
) -> None:
    bus.publish(posted())
    for _ in range(3):  # received, never acked nor failed: the worker died each time
        assert len(bus.receive("caption-parser")) == 1
        clock.advance(31)
    assert bus.receive("caption-parser") == []
    assert len(bus.messages("caption-parser-dlq")) == 1
    (report,) = bus.receive("results", max_messages=10)  # one report, not two
    assert "received 3 times without success" in report.envelope().parsed().error


def test_a_failing_results_message_is_dead_lettered_without_a_new_report(bus: SqlBus, clock: Clock) -> None:
    bus.publish(Envelope.new("vid-1", ProcessingFailed(stage="caption-parser", error="x")))
    for _ in range(3):
        (message,) = bus.receive("results")
        bus.fail(message, "apply failed")
        clock.advance(100)
    assert bus.receive("results") == []
    assert len(bus.messages("results-dlq")) == 1
    assert bus.messages("results") == []


def test_poison_message_dead_lettered_at_once(bus: SqlBus) -> None:
    bus.publish(posted())
    (message,) = bus.receive("caption-parser")
    bus.dead_letter(message, "not an event envelope")
    assert bus.messages("caption-parser") == []
    assert bus.messages("caption-parser-dlq")[0]["last_error"] == "not an event envelope"


def test_redrive_moves_dead_letters_back_with_a_fresh_count(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted())
    (message,) = bus.receive("caption-parser")
    bus.dead_letter(message, "broken")
    assert bus.redrive("caption-parser-dlq") == 1
    (again,) = bus.receive("caption-parser")
    assert again.receive_count == 1
    with pytest.raises(KeyError):
        bus.redrive("caption-parser")


def test_retention_purges_old_messages_dead_letters_included(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted("old"))
    (message,) = bus.receive("caption-parser")
    bus.dead_letter(message, "broken")
    bus.publish(posted("old-2"))
    clock.advance(topology.RETENTION_S - 10)
    bus.publish(posted("new"))
    assert bus.purge(clock.now + 11) == 3  # old, its processing.failed report, old-2
    remaining = [Envelope.from_json(m["body"]).video_id for m in bus.messages("caption-parser")]
    assert remaining == ["new"]
    assert bus.messages("caption-parser-dlq") == []
    assert bus.messages("results") == []


def test_stats_report_depth_in_flight_dlq_and_oldest_age(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted("a"))
    clock.advance(10)
    bus.publish(posted("b"))
    bus.publish(posted("c"))
    (message,) = bus.receive("caption-parser")
    bus.dead_letter(message, "broken")
    bus.receive("caption-parser")
    clock.advance(5)
    stats = {s.queue: s for s in bus.stats()}
    assert set(stats) == set(topology.QUEUES)
    parser = stats["caption-parser"]
    assert (parser.depth, parser.in_flight, parser.dlq_depth) == (1, 1, 1)
    assert parser.oldest_age_s == pytest.approx(5)
    assert stats["results"].depth == 1  # the dead letter's processing.failed report
    assert stats["auto-tagger"].oldest_age_s is None


def test_healthy_only_when_the_bus_table_is_reachable(bus: SqlBus, tmp_path) -> None:
    assert bus.healthy()
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert not SqlBus(unmigrated).healthy()
    unmigrated.dispose()


def test_unknown_queue_is_a_clear_error(bus: SqlBus) -> None:
    with pytest.raises(KeyError, match="unknown queue 'nope'"):
        bus.receive("nope")


def test_long_poll_returns_a_message_published_while_waiting(engine: Engine) -> None:
    bus = SqlBus(engine, poll_interval_s=0.02)
    timer = threading.Timer(0.2, lambda: bus.publish(posted()))
    timer.start()
    try:
        messages = bus.receive("caption-parser", wait_s=10)
    finally:
        timer.join()
    assert len(messages) == 1


def _drain(bus: SqlBus, seen: list[str], batch: int) -> None:
    while messages := bus.receive("caption-parser", max_messages=batch):
        for message in messages:
            seen.append(message.envelope().video_id)
            bus.ack(message)


def test_concurrent_receivers_in_threads_never_claim_a_message_twice(engine: Engine) -> None:
    bus = SqlBus(engine)
    for i in range(60):
        bus.publish(posted(f"v{i}"))
    seen: list[str] = []
    threads = [threading.Thread(target=_drain, args=(bus, seen, 1 + i % 3)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(f"v{i}" for i in range(60))


def _drain_in_process(database_url: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    engine = make_engine(database_url)
    seen: list[str] = []
    _drain(SqlBus(engine), seen, 2)
    out.put(seen)


def test_concurrent_receivers_in_processes_never_claim_a_message_twice(
    database_url: str, engine: Engine
) -> None:
    bus = SqlBus(engine)
    for i in range(40):
        bus.publish(posted(f"v{i}"))
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [context.Process(target=_drain_in_process, args=(database_url, out)) for _ in range(2)]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    seen = [video for result in results for video in result]
    assert sorted(seen) == sorted(f"v{i}" for i in range(40))


def test_extend_keeps_a_claim_alive_and_a_late_fail_changes_nothing(bus: SqlBus, clock: Clock) -> None:
    bus.publish(posted())
    (message,) = bus.receive("caption-parser")
    clock.advance(25)
    assert bus.extend(message)  # 30 s more from now
    clock.advance(25)
    assert bus.receive("caption-parser") == []
    clock.advance(6)
    (again,) = bus.receive("caption-parser")
    assert not bus.extend(message), "the first claim is lost once another worker holds the message"
    bus.fail(message, "late failure")
    (row,) = bus.messages("caption-parser")
    assert (row["receive_count"], row["last_error"]) == (2, None)
    bus.ack(again)
    assert bus.messages("caption-parser") == []


def test_sqlite_claims_are_safe_on_a_plain_engine_too(tmp_path) -> None:
    from sqlalchemy import create_engine

    from tiktok_commerce.bus.schema import metadata

    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    metadata.create_all(engine)
    bus = SqlBus(engine)
    for i in range(60):
        bus.publish(posted(f"v{i}"))
    seen: list[str] = []
    threads = [threading.Thread(target=_drain, args=(bus, seen, 2)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(f"v{i}" for i in range(60))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_the_migration_creates_exactly_the_table_schema_py_describes(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tiktok_commerce.bus.schema import metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    # App tables show up as "not in this metadata"; only differences on bus_messages matter here.
    assert [d for d in diff if "bus_messages" in repr(d)] == []


def test_a_publish_wakes_a_waiting_receiver_of_the_same_bus(database_url: str) -> None:
    # An idle receiver polls rarely; a publish in the same process must not wait for that poll.
    upgrade(database_url)
    bus = SqlBus(make_engine(database_url), poll_interval_s=600)
    got: list = []
    receiver = threading.Thread(
        target=lambda: got.extend(bus.receive("caption-parser", wait_s=300)), daemon=True
    )
    receiver.start()
    time.sleep(0.2)  # let it find the queue empty and start waiting
    bus.publish(Envelope.new("v1", VideoPosted(seller_handle="s", video_url="https://www.tiktok.com/v")))
    receiver.join(60)  # far below the 300 s it would otherwise wait
    assert not receiver.is_alive()
    assert [m.envelope().video_id for m in got] == ["v1"]
