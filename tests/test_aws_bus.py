"""The SNS/SQS bus and the S3 blob store against moto's server: the semantics the workers rely on."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import json

import pytest
from aws_support import AwsStack, aws_env, aws_stack, moto_endpoint  # noqa: F401 (fixtures)

from tiktok_commerce import events, topology
from tiktok_commerce.aws_provision import provision
from tiktok_commerce.blobs.factory import make_blob_store
from tiktok_commerce.blobs.s3 import S3BlobStore
from tiktok_commerce.bus.aws import POINTER_CLASS, AwsBusError, SqsBus
from tiktok_commerce.events import Envelope, ProcessingFailed, VideoPosted
from tiktok_commerce.settings import Settings


def posted(caption: str = "Mug $12") -> Envelope:
    return Envelope.new(
        "vid-1",
        VideoPosted(seller_handle="shop", video_url="https://www.tiktok.com/@s/video/1", caption=caption),
    )


def parsed_from(event: Envelope) -> Envelope:
    source = event.parsed()
    return event.child(
        events.CaptionParsed(seller_handle="shop", video_url=source.video_url, caption=source.caption)
    )


def drain(bus: SqsBus, queue: str) -> list:
    got = []
    while batch := bus.receive(queue, max_messages=10, wait_s=0):
        got += batch
    return got


def test_publish_fans_out_the_raw_event_to_every_subscribed_queue(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    event = parsed_from(posted())
    bus.publish(event)

    for queue in ("thumbnail-generator", "results"):
        [message] = bus.receive(queue, max_messages=10, wait_s=1)
        # Raw delivery: the body is the envelope itself, not an SNS notification wrapper.
        assert json.loads(message.body)["id"] == event.id
        assert message.envelope() == event
        assert message.receive_count == 1
        bus.ack(message)
    assert bus.receive("caption-parser", wait_s=0) == []
    assert bus.receive("auto-tagger", wait_s=0) == []


def test_ack_deletes_and_fail_brings_the_message_back(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.publish(posted())
    [first] = bus.receive("caption-parser", wait_s=1)
    assert bus.receive("caption-parser", wait_s=0) == []  # invisible while claimed
    bus.fail(first, "transient")
    [again] = bus.receive("caption-parser", wait_s=1)
    assert again.receive_count == 2 and again.message_id == first.message_id
    bus.ack(again)
    assert bus.receive("caption-parser", wait_s=0) == []


def test_fail_backs_off_exponentially(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.retry_backoff_s = 30
    bus.publish(posted())
    [message] = bus.receive("caption-parser", wait_s=1)
    bus.fail(message, "transient")
    assert bus.receive("caption-parser", wait_s=0) == []  # hidden for the 30 s backoff
    [stats] = [s for s in bus.stats() if s.queue == "caption-parser"]
    assert stats.in_flight == 1 and stats.depth == 0


def test_third_failure_dead_letters_and_announces_processing_failed(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    event = posted()
    bus.publish(event)
    for attempt in range(1, topology.MAX_RECEIVE_COUNT + 1):
        [message] = bus.receive("caption-parser", wait_s=1)
        assert message.receive_count == attempt
        bus.fail(message, f"boom {attempt}")
    # The 4th receive is the one SQS's redrive policy turns into a move to the DLQ.
    assert bus.receive("caption-parser", wait_s=0) == []
    [dead] = bus.receive("caption-parser-dlq", wait_s=1)
    assert dead.envelope().id == event.id

    [failed_msg] = drain(bus, "results")
    failed = failed_msg.envelope()
    assert failed.type == events.PROCESSING_FAILED and failed.video_id == "vid-1"
    payload = failed.parsed()
    assert isinstance(payload, ProcessingFailed)
    assert (payload.stage, payload.error, payload.failed_event_id) == ("caption-parser", "boom 3", event.id)
    # Stable id: a repeat announcement of the same failure is the same event for the results consumer.
    assert failed.id == event.child(payload).id


def test_a_poison_message_goes_to_the_dlq_without_announcing_anything(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    sqs = aws_stack.client("sqs")
    sqs.send_message(QueueUrl=bus.queue_url("caption-parser"), MessageBody="{not json")
    for _ in range(topology.MAX_RECEIVE_COUNT):
        [message] = bus.receive("caption-parser", wait_s=1)
        with pytest.raises(ValueError):
            message.envelope()
        bus.fail(message, "unparseable body")
    assert bus.receive("caption-parser", wait_s=0) == []
    by_queue = {s.queue: s for s in bus.stats()}
    assert by_queue["caption-parser"].dlq_depth == 1  # the signal: no video id to fail
    [dead] = bus.receive("caption-parser-dlq", wait_s=1)
    assert dead.body == "{not json"
    assert drain(bus, "results") == []


def test_an_event_over_the_sns_limit_travels_through_s3(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    big = parsed_from(posted(caption="x" * 300_000))
    bus.publish(big)
    [message] = bus.receive("results", wait_s=1)
    assert message.envelope() == big  # the receiver sees the event, not the pointer

    sqs = aws_stack.client("sqs")
    raw = sqs.receive_message(QueueUrl=bus.queue_url("thumbnail-generator"), WaitTimeSeconds=1)["Messages"][0]
    pointer = json.loads(raw["Body"])
    assert pointer[0] == POINTER_CLASS and pointer[1]["s3Key"] == f"events/{big.id}.json"


def test_an_oversized_event_without_a_bucket_is_a_clear_error(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.s3 = None
    with pytest.raises(AwsBusError, match="S3_BUCKET"):
        bus.publish(posted(caption="x" * 300_000))


def test_stats_and_health(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.publish(posted())
    bus.publish(posted())
    by_queue = {s.queue: s for s in bus.stats()}
    assert set(by_queue) == set(topology.QUEUES)
    assert by_queue["caption-parser"].depth == 2
    assert by_queue["results"].depth == 0
    assert bus.healthy()


def test_missing_topology_is_unhealthy_and_names_what_is_missing(
    aws_env: dict[str, str], monkeypatch
) -> None:
    monkeypatch.setenv("NAME_PREFIX", "not-provisioned")
    bus = SqsBus.from_settings(Settings(_env_file=None))
    assert not bus.healthy()
    with pytest.raises(AwsBusError, match="'not-provisioned-video-posted'.*SNS_VIDEO_POSTED_TOPIC"):
        bus.publish(posted())


def test_explicit_names_and_arns_from_settings_win_over_the_prefix(aws_stack: AwsStack, monkeypatch) -> None:
    done = aws_stack.provisioned
    monkeypatch.setenv("NAME_PREFIX", "ignored")
    monkeypatch.setenv("SNS_VIDEO_POSTED_TOPIC", done.topics["video-posted"])  # an ARN
    monkeypatch.setenv("SQS_CAPTION_PARSER_QUEUE", done.queues["caption-parser"])  # a URL
    bus = SqsBus.from_settings(Settings(_env_file=None))
    event = posted()
    bus.publish(event)
    [message] = bus.receive("caption-parser", wait_s=1)
    assert message.envelope().id == event.id


def test_provisioning_is_idempotent(aws_stack: AwsStack) -> None:
    again = provision(aws_stack.settings)
    assert again.topics == aws_stack.provisioned.topics
    sns = aws_stack.client("sns")
    subs = sns.list_subscriptions_by_topic(TopicArn=again.topics["caption-parsed"])["Subscriptions"]
    assert len(subs) == 2  # not duplicated
    for sub in subs:
        attrs = sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])["Attributes"]
        assert attrs["RawMessageDelivery"] == "true"


# ---- S3 blob store ----------------------------------------------------------------------------


def test_s3_blob_store_round_trip_and_presigned_url(aws_stack: AwsStack) -> None:
    import httpx

    store = make_blob_store(aws_stack.settings)
    assert isinstance(store, S3BlobStore)
    assert not store.exists("thumbs/vid-1/0.jpg")
    with pytest.raises(KeyError):
        store.get("thumbs/vid-1/0.jpg")
    store.put("thumbs/vid-1/0.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")
    assert store.exists("thumbs/vid-1/0.jpg")
    assert store.get("thumbs/vid-1/0.jpg") == b"\xff\xd8jpeg"

    url = store.url("thumbs/vid-1/0.jpg")
    assert "X-Amz-Signature=" in url or "Signature=" in url
    response = httpx.get(url)  # a browser's fetch, without credentials
    assert response.status_code == 200
    assert response.content == b"\xff\xd8jpeg"
    assert response.headers["content-type"] == "image/jpeg"


def test_s3_blob_store_uses_the_public_base_url_when_set(aws_stack: AwsStack, monkeypatch) -> None:
    monkeypatch.setenv("S3_PUBLIC_BASE_URL", "https://cdn.example.com/")
    store = S3BlobStore.from_settings(Settings(_env_file=None))
    assert store.url("thumbs/vid 1/0.jpg") == "https://cdn.example.com/thumbs/vid%201/0.jpg"


def test_s3_blob_store_without_a_bucket_is_a_clear_error(aws_env: dict[str, str], monkeypatch) -> None:
    monkeypatch.delenv("S3_BUCKET")
    with pytest.raises(RuntimeError, match="S3_BUCKET"):
        S3BlobStore.from_settings(Settings(_env_file=None))


def test_release_gives_a_claimed_message_back_at_once(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.publish(posted())
    [claimed] = bus.receive("caption-parser", wait_s=1)
    bus.release(claimed)  # a stopping worker that will not handle it
    [again] = bus.receive("caption-parser", wait_s=1)
    assert again.message_id == claimed.message_id


def test_dead_letter_moves_a_message_at_once_and_fails_its_video(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    sqs = aws_stack.client("sqs")
    body = json.dumps({"id": "e-1", "type": "video.posted", "video_id": "vid-9", "payload": "garbled"})
    sqs.send_message(QueueUrl=bus.queue_url("caption-parser"), MessageBody=body)
    [message] = bus.receive("caption-parser", wait_s=1)
    bus.dead_letter(message, "not an event envelope")
    assert bus.receive("caption-parser", wait_s=0) == []
    [dead] = bus.receive("caption-parser-dlq", wait_s=1)
    assert dead.body == body
    [failed] = drain(bus, "results")  # it still names its video, so the video visibly fails
    assert failed.envelope().video_id == "vid-9"
    assert failed.envelope().parsed().error == "not an event envelope"


def test_extend_keeps_a_message_in_hand_invisible(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    bus.publish(posted())
    [message] = bus.receive("caption-parser", wait_s=1)
    assert bus.visibility_timeout("caption-parser") == 900
    assert bus.extend(message) is True  # the runtime's heartbeat while a long video is handled
    assert bus.receive("caption-parser", wait_s=0) == []
    bus.ack(message)


def test_dead_letters_a_crashed_worker_left_can_be_announced(aws_stack: AwsStack) -> None:
    bus = aws_stack.bus
    event = posted()
    # What SQS does when a worker dies on the last try: the message lands in the DLQ, unannounced.
    aws_stack.client("sqs").send_message(
        QueueUrl=bus.queue_url("caption-parser-dlq"), MessageBody=event.to_json()
    )
    assert bus.announce_dead_letters("caption-parser") == 1
    [failed] = drain(bus, "results")
    assert failed.envelope().video_id == "vid-1" and failed.envelope().type == events.PROCESSING_FAILED
    assert "worker stopped" in failed.envelope().parsed().error
    dlq = aws_stack.client("sqs").get_queue_attributes(
        QueueUrl=bus.queue_url("caption-parser-dlq"), AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    assert dlq["ApproximateNumberOfMessagesNotVisible"] == "1"  # still there (hidden a minute), for redrive
    assert bus.announce_dead_letters("results") == 0
