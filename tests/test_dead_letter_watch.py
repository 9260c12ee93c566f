"""The API fails videos whose message SQS dead-lettered without a report (a worker died on its last try)."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import threading

from aws_support import AwsStack, aws_env, aws_stack, moto_endpoint  # noqa: F401 (fixtures)
from sqlalchemy import create_engine

from tiktok_commerce import events
from tiktok_commerce.api.dead_letters import dead_letter_watch
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.events import Envelope, VideoPosted


def test_the_watch_announces_a_silently_dead_lettered_message(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    event = Envelope.new("vid-9", VideoPosted(seller_handle="shop", video_url="https://www.tiktok.com/v/1"))
    # What SQS does when the worker dies on the last try: into the DLQ, nothing announced.
    aws_stack.client("sqs").send_message(
        QueueUrl=bus.queue_url("caption-parser-dlq"), MessageBody=event.to_json()
    )

    watch = dead_letter_watch(bus, interval_s=0.05)
    assert watch is not None
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(stop,))
    thread.start()
    try:
        [failed] = bus.receive("results", wait_s=5)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    envelope = failed.envelope()
    assert (envelope.type, envelope.video_id) == (events.PROCESSING_FAILED, "vid-9")
    assert envelope.parsed().stage == "caption-parser"


def test_the_sql_bus_needs_no_watch(tmp_path) -> None:
    # It moves messages to the DLQ itself and always announces them.
    assert dead_letter_watch(SqlBus(create_engine(f"sqlite:///{tmp_path}/bus.db")), 1.0) is None
