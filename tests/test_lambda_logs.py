"""On Lambda, Powertools writes the logs and the metrics: every line of an invocation is JSON with
the request id, the record's lines carry its video and stage, and the outcomes are CloudWatch
embedded metrics. Against moto's server, as the other AWS tests."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import json
import logging

import pytest
from aws_support import AwsStack, aws_env, aws_stack, lambda_batch, moto_endpoint  # noqa: F401

from tiktok_commerce.events import Envelope, VideoPosted
from tiktok_commerce.ops import metrics as ops_metrics
from tiktok_commerce.workers import aws_lambda


class FakeContext:
    aws_request_id = "req-1234"
    function_name = "tc-caption-parser"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@pytest.fixture
def on_lambda(monkeypatch):  # type: ignore[no-untyped-def]
    package = logging.getLogger("tiktok_commerce")
    saved = (list(package.handlers), package.propagate, package.level, list(ops_metrics.SINKS))
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "tc-caption-parser")
    for name in ("OPENROUTER_API_KEY", "LLM_BASE_URL", "OPENROUTER_SECRET_ARN"):
        monkeypatch.delenv(name, raising=False)  # the offline rules: nothing leaves this machine
    monkeypatch.setattr(aws_lambda, "_telemetry", None)
    monkeypatch.setattr(aws_lambda, "_workers", {})
    yield
    package.handlers, package.propagate = saved[0], saved[1]
    package.setLevel(saved[2])
    ops_metrics.SINKS[:] = saved[3]


def test_an_invocation_logs_json_lines_with_ids_and_embedded_metrics(
    aws_stack: AwsStack, on_lambda, capsys
) -> None:
    caption = "Ceramic mug $12.99 #kitchen"
    post = VideoPosted(seller_handle="shop", video_url="https://www.tiktok.com/@s/video/1", caption=caption)
    aws_stack.bus.publish(Envelope.new("vid-lambda", post))
    batch = lambda_batch(aws_stack, "caption-parser")
    capsys.readouterr()
    assert aws_lambda.caption_parser_handler(batch, FakeContext()) == {"batchItemFailures": []}
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON

    logs = [r for r in records if "level" in r]
    handled = [r for r in logs if r.get("outcome") == "acked"]
    assert len(handled) == 1
    [line] = handled
    assert line["video_id"] == "vid-lambda" and line["stage"] == "caption-parser"
    assert line["event_type"] == "video.posted" and line["function_request_id"] == "req-1234"
    assert all(r["function_request_id"] == "req-1234" for r in logs)

    [emf] = [r for r in records if "_aws" in r]
    [directive] = emf["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "TiktokCommerce" and emf["stage"] == "caption-parser"
    assert emf["EventsHandled"] == [1.0] and len(emf["StageDuration"]) == 1
