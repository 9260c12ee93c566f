"""`tiktok-commerce aws provision|status` against moto's server, and their clear errors."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import pytest
from aws_support import aws_env, moto_endpoint  # noqa: F401 (fixtures)

from tiktok_commerce.bus.aws import SqsBus
from tiktok_commerce.cli import main
from tiktok_commerce.settings import get_settings


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_provision_then_status(aws_env: dict[str, str], capsys) -> None:
    assert main(["aws", "status"]) == 1  # nothing there yet
    assert "not reachable or incomplete" in capsys.readouterr().err

    assert main(["aws", "provision"]) == 0
    out = capsys.readouterr().out
    assert f"{aws_env['NAME_PREFIX']}-caption-parser-dlq" in out and f"bucket {aws_env['S3_BUCKET']}" in out

    assert main(["aws", "status"]) == 0
    out = capsys.readouterr().out
    assert "AWS bus reachable" in out
    assert "thumbnail-generator" in out and "results" in out


def test_provision_refuses_the_real_account_by_default(aws_env: dict[str, str], monkeypatch, capsys) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    assert main(["aws", "provision"]) == 2
    assert "--allow-real-aws" in capsys.readouterr().err


def test_announce_dead_letters(aws_env: dict[str, str], capsys) -> None:
    from tiktok_commerce.events import Envelope, ThumbnailsGenerated
    from tiktok_commerce.settings import Settings

    assert main(["aws", "provision"]) == 0
    bus = SqsBus.from_settings(Settings(_env_file=None))
    event = Envelope.new(
        "vid-7", ThumbnailsGenerated(seller_handle="s", video_url="https://www.tiktok.com/x")
    )
    bus.sqs.send_message(QueueUrl=bus.queue_url("auto-tagger-dlq"), MessageBody=event.to_json())
    capsys.readouterr()
    assert main(["aws", "announce-dead-letters"]) == 0
    out = capsys.readouterr().out
    assert "auto-tagger: 1 dead letter(s) announced" in out and "caption-parser: 0" in out
    [failed] = bus.receive("results", wait_s=1)
    assert failed.envelope().video_id == "vid-7" and failed.envelope().parsed().stage == "auto-tagger"
