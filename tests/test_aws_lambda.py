"""The Lambda SQS adapter: partial batch failures, retries with backoff, DLQ and processing.failed.

Records are real SQS messages received from moto's server and shaped as Lambda's SQS event source
shapes them; after the call the test deletes the successes, as the Lambda service does.
"""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from aws_support import (  # noqa: F401 (fixtures)
    AwsStack,
    aws_env,
    aws_stack,
    delete_successes,
    lambda_batch,
    moto_endpoint,
)

from tiktok_commerce import events, topology
from tiktok_commerce.blobs.local import LocalBlobStore
from tiktok_commerce.events import CaptionParsed, Envelope, VideoPosted
from tiktok_commerce.workers import aws_lambda
from tiktok_commerce.workers.aws_lambda import LambdaWorker
from tiktok_commerce.workers.base import PermanentError, WorkerContext


def posted(caption: str, video_id: str = "vid-1") -> Envelope:
    return Envelope.new(
        video_id,
        VideoPosted(seller_handle="shop", video_url="https://www.tiktok.com/@s/video/1", caption=caption),
    )


def fake_parser(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
    caption = event.parsed().caption
    if caption == "transient":
        raise ConnectionError("LLM timed out")
    if caption == "permanent":
        raise PermanentError("caption is not a caption")
    return [
        event.child(
            CaptionParsed(
                seller_handle="shop", video_url="https://www.tiktok.com/@s/video/1", caption=caption
            )
        )
    ]


def results(stack: AwsStack) -> list[Envelope]:
    got = []
    while batch := stack.bus.receive("results", max_messages=10, wait_s=0):
        for message in batch:
            got.append(message.envelope())
            stack.bus.ack(message)
    return got


@pytest.fixture
def worker(aws_stack: AwsStack, tmp_path) -> LambdaWorker:
    ctx = WorkerContext(settings=aws_stack.settings, blobs=LocalBlobStore(tmp_path, "http://x"))
    return LambdaWorker(name="caption-parser", bus=aws_stack.bus, handler=fake_parser, ctx=ctx)


def test_one_bad_record_never_fails_its_neighbours(aws_stack: AwsStack, worker: LambdaWorker) -> None:
    good = [posted(f"Mug ${i}", video_id=f"vid-{i}") for i in range(3)]
    bad, permanent = posted("transient", "vid-bad"), posted("permanent", "vid-perm")
    for event in [*good, bad, permanent]:
        aws_stack.bus.publish(event)
    sqs = aws_stack.client("sqs")
    sqs.send_message(QueueUrl=aws_stack.bus.queue_url("caption-parser"), MessageBody="not an event")

    batch = lambda_batch(aws_stack, "caption-parser")
    assert len(batch["Records"]) == 6
    result = worker.process_batch(batch)
    delete_successes(aws_stack, "caption-parser", batch, result)

    bad_id = next(
        r["messageId"] for r in batch["Records"] if json.loads(r["body"]).get("video_id") == "vid-bad"
    )
    assert result == {"batchItemFailures": [{"itemIdentifier": bad_id}]}

    out = results(aws_stack)
    parsed = {e.video_id for e in out if e.type == events.CAPTION_PARSED}
    assert parsed == {"vid-0", "vid-1", "vid-2"}
    [failed] = [e for e in out if e.type == events.PROCESSING_FAILED]
    assert failed.video_id == "vid-perm" and "not a caption" in failed.parsed().error

    # The poison record went straight to the DLQ; the transient one is back for a retry.
    [dead] = aws_stack.bus.receive("caption-parser-dlq", wait_s=1)
    assert dead.body == "not an event"
    [retry] = aws_stack.bus.receive("caption-parser", wait_s=1)
    assert retry.envelope().video_id == "vid-bad" and retry.receive_count == 2


def test_a_record_failing_every_time_is_announced_and_dead_lettered(
    aws_stack: AwsStack, worker: LambdaWorker
) -> None:
    event = posted("transient")
    aws_stack.bus.publish(event)
    for attempt in range(1, topology.MAX_RECEIVE_COUNT + 1):
        batch = lambda_batch(aws_stack, "caption-parser")
        assert [r["attributes"]["ApproximateReceiveCount"] for r in batch["Records"]] == [str(attempt)]
        result = worker.process_batch(batch)
        assert len(result["batchItemFailures"]) == 1
    assert lambda_batch(aws_stack, "caption-parser")["Records"] == []  # redriven to the DLQ
    [dead] = aws_stack.bus.receive("caption-parser-dlq", wait_s=1)
    assert dead.envelope().id == event.id
    [failed] = results(aws_stack)
    assert failed.type == events.PROCESSING_FAILED
    assert failed.parsed().error == "ConnectionError: LLM timed out"
    assert failed.parsed().stage == "caption-parser"


def test_the_entry_point_runs_the_real_caption_parser(aws_stack: AwsStack, monkeypatch) -> None:
    monkeypatch.setattr(aws_lambda, "_workers", {})
    aws_stack.bus.publish(posted("Ceramic mug $12.99 #kitchen"))
    batch = lambda_batch(aws_stack, "caption-parser")
    assert aws_lambda.caption_parser_handler(batch, None) == {"batchItemFailures": []}
    delete_successes(aws_stack, "caption-parser", batch, {"batchItemFailures": []})
    [parsed] = results(aws_stack)
    assert parsed.type == events.CAPTION_PARSED
    assert parsed.parsed().products[0].price == 12.99


BLOCKED = ("av", "onnxruntime", "numpy", "PIL", "yt_dlp", "cv2")


def test_the_lambda_package_imports_without_the_video_and_ml_extras() -> None:
    """What the Lambda zip holds: the core, boto3, the two light handlers; none of the video/ML extras."""
    script = textwrap.dedent(
        f"""
        import importlib.abc, sys
        BLOCKED = {BLOCKED!r}
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ModuleNotFoundError(f"{{name!r}} is blocked: not in the Lambda package")
                return None
        sys.meta_path.insert(0, Block())
        from tiktok_commerce.workers import aws_lambda
        from tiktok_commerce.workers.registry import load_handler
        from tiktok_commerce.bus.aws import SqsBus
        from tiktok_commerce.blobs.s3 import S3BlobStore
        for worker in ("caption-parser", "tagger"):
            load_handler(worker)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not leaked, leaked
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_openrouter_key_comes_from_secrets_manager(aws_stack: AwsStack, monkeypatch) -> None:
    secrets = aws_stack.client("secretsmanager")
    arn = secrets.create_secret(Name=f"{aws_stack.settings.name_prefix}/openrouter-api-key")["ARN"]
    monkeypatch.setenv("OPENROUTER_SECRET_ARN", arn)
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    aws_lambda._load_secret_into_env()  # no value put yet: offline rules, no crash
    assert "OPENROUTER_API_KEY" not in os.environ

    secrets.put_secret_value(SecretId=arn, SecretString=json.dumps({"OPENROUTER_API_KEY": "sk-or-test"}))
    aws_lambda._load_secret_into_env()
    assert os.environ["OPENROUTER_API_KEY"] == "sk-or-test"
    # Popped, not monkeypatch.delenv: that would record "sk-or-test" and put it back at teardown,
    # turning the LLM on (towards openrouter.ai) for every test after this one.
    os.environ.pop("OPENROUTER_API_KEY")


class FakeLambdaContext:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def test_a_record_that_would_outlive_the_function_is_reported_not_the_batch(
    aws_stack: AwsStack, worker: LambdaWorker
) -> None:
    release = threading.Event()

    def parser_with_a_hang(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
        if event.parsed().caption == "hangs":
            release.wait(timeout=10)  # an LLM call that never answers
        return fake_parser(event, ctx)

    worker.handler = parser_with_a_hang
    worker.safety_margin_s = 1.0
    for event in (posted("Mug $1", "vid-a"), posted("hangs", "vid-hang"), posted("Cup $2", "vid-b")):
        aws_stack.bus.publish(event)
    batch = lambda_batch(aws_stack, "caption-parser")
    try:
        # 4 s left, 1 s margin: the batch returns after 3 s with the hanging record reported (3 s, not
        # less: the good records' moto round trips must fit in it on a loaded machine).
        result = worker.process_batch(batch, FakeLambdaContext(remaining_ms=4000))
    finally:
        release.set()
    hung = next(r["messageId"] for r in batch["Records"] if json.loads(r["body"])["video_id"] == "vid-hang")
    assert result == {"batchItemFailures": [{"itemIdentifier": hung}]}
    delete_successes(aws_stack, "caption-parser", batch, result)
    assert {e.video_id for e in results(aws_stack) if e.type == events.CAPTION_PARSED} >= {"vid-a", "vid-b"}
    [again] = aws_stack.bus.receive("caption-parser", wait_s=1)  # back for a retry, after the backoff
    assert again.envelope().video_id == "vid-hang"
