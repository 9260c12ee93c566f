"""Caption lookup in the parser stage: oEmbed with retries and backoff on a loopback server, then the page."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from api_support import settings_for

from tiktok_commerce.workers.caption_parser.caption_source import CaptionSource, FoundCaption


class FakeOEmbed:
    """Answers like TikTok's oEmbed endpoint after `failures` 503s (or always with `status`)."""

    def __init__(self, failures: int = 0, status: int = 200, body: object = None) -> None:
        self.failures, self.status, self.body = failures, status, body
        self.requests: list[str] = []


@pytest.fixture
def oembed() -> Iterator[tuple[FakeOEmbed, str]]:
    fake = FakeOEmbed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            url = parse_qs(urlsplit(self.path).query).get("url", [""])[0]
            fake.requests.append(url)
            if len(fake.requests) <= fake.failures:
                self.send_response(503)
                self.end_headers()
                return
            body = (
                fake.body
                if fake.body is not None
                else {"version": "1.0", "type": "video", "title": f"Caption of {url}"}
            )
            data = json.dumps(body).encode()
            self.send_response(fake.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}/oembed"
    server.shutdown()
    server.server_close()


def source(
    tmp_path: Path, oembed_url: str, sleeps: list[float], fallback: str | None = "from yt-dlp"
) -> CaptionSource:
    settings = settings_for(
        "sqlite://", tmp_path, oembed_url=oembed_url, oembed_attempts=3, oembed_backoff_s=0.5
    )
    return CaptionSource(settings, sleep=sleeps.append, extractor=lambda url, settings, policy: fallback)


VIDEO = "https://www.tiktok.com/@shop/video/7300000000000000001"


def test_oembed_title_is_the_caption(oembed, tmp_path: Path) -> None:
    fake, url = oembed
    sleeps: list[float] = []
    assert source(tmp_path, url, sleeps).resolve(VIDEO) == FoundCaption(f"Caption of {VIDEO}", "oembed")
    assert fake.requests == [VIDEO] and sleeps == []


def test_oembed_is_retried_with_backoff_then_succeeds(oembed, tmp_path: Path) -> None:
    fake, url = oembed
    fake.failures = 2
    sleeps: list[float] = []
    assert source(tmp_path, url, sleeps).resolve(VIDEO) == FoundCaption(f"Caption of {VIDEO}", "oembed")
    assert len(fake.requests) == 3
    assert sleeps == [0.5, 1.0]  # exponential backoff between attempts


def test_oembed_failing_every_time_falls_back_to_the_extractor(oembed, tmp_path: Path) -> None:
    fake, url = oembed
    fake.failures = 99
    sleeps: list[float] = []
    assert source(tmp_path, url, sleeps).resolve(VIDEO) == FoundCaption("from yt-dlp", "page")
    assert len(fake.requests) == 3 and sleeps == [0.5, 1.0]


def test_a_video_oembed_does_not_know_goes_to_the_fallback_at_once(oembed, tmp_path: Path) -> None:
    fake, url = oembed
    fake.status = 404
    sleeps: list[float] = []
    assert source(tmp_path, url, sleeps).resolve(VIDEO) == FoundCaption("from yt-dlp", "page")
    assert len(fake.requests) == 1 and sleeps == []


def test_an_unreachable_oembed_and_a_failing_extractor_leave_no_caption(tmp_path: Path) -> None:
    settings = settings_for("sqlite://", tmp_path, oembed_url="http://127.0.0.1:9/oembed", oembed_attempts=2)

    def broken(url: str, settings: object, policy: object) -> str:
        raise RuntimeError("yt-dlp: unsupported URL")

    sleeps: list[float] = []
    assert CaptionSource(settings, sleep=sleeps.append, extractor=broken).resolve(VIDEO) == FoundCaption(
        None, "none"
    )
    assert len(sleeps) == 1


def test_odd_oembed_answers_are_not_captions(oembed, tmp_path: Path) -> None:
    fake, url = oembed
    fake.body = ["not", "an", "object"]
    assert source(tmp_path, url, [], fallback=None).resolve(VIDEO) == FoundCaption(None, "none")
