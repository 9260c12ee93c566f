"""`GET /metrics` in Prometheus' text format, read back with prometheus-client's own parser: a
pipeline run moves the counters and histograms by exactly what happened."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from api_support import SAMPLE_CAPTION, make_services, serve_directory, settings_for, write_sample_videos
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.events import Envelope, VideoPosted
from tiktok_commerce.ops.metrics import serve_worker_metrics
from tiktok_commerce.workers.registry import HANDLER_MODULES
from tiktok_commerce.workers.runtime import Worker, build_worker

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse(text: str) -> Samples:
    """Every sample of a scrape by (name, sorted labels)."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def run_pipeline(svc: Services) -> None:
    workers = [build_worker(name, svc.settings, bus=svc.bus) for name in HANDLER_MODULES]
    for _ in range(20):
        handled = svc.relay.relay_once()
        for worker in workers:
            handled += worker.run_until_idle()
        handled += svc.results.run_until_idle()
        if not handled:
            return


@pytest.mark.slow
def test_a_pipeline_run_moves_the_metrics_by_what_happened(
    database_url: str, tmp_path: Path, shared: Path
) -> None:
    pytest.importorskip("av")
    videos = write_sample_videos(tmp_path / "videos", shared)
    svc = make_services(settings_for(database_url, tmp_path))
    try:
        with serve_directory(videos) as base, TestClient(create_app(svc.settings, services=svc)) as client:
            before = parse(client.get("/metrics").text)
            for name in ("cup.mp4", "not-a-video.mp4"):
                posted = client.post(
                    "/api/videos",
                    json={"video_url": f"{base}/{name}", "seller_handle": "shop", "caption": SAMPLE_CAPTION},
                )
                assert posted.status_code == 202
            pending = parse(client.get("/metrics").text)
            assert value(pending, "tiktok_commerce_outbox_pending") == 2
            assert value(pending, "tiktok_commerce_videos", status="received") == 2
            run_pipeline(svc)
            response = client.get("/metrics")
        assert response.headers["content-type"].startswith("text/plain")
        after = parse(response.text)
    finally:
        svc.close()

    handled = "tiktok_commerce_events_handled_total"
    assert delta(before, after, handled, stage="caption-parser") == 2
    assert delta(before, after, handled, stage="thumbnail-generator") == 2  # one made, one refused
    assert delta(before, after, handled, stage="auto-tagger") == 1
    # caption.parsed x2, thumbnails.generated, products.tagged, processing.failed
    assert delta(before, after, handled, stage="results") == 5
    failed = "tiktok_commerce_events_failed_total"
    assert delta(before, after, failed, stage="thumbnail-generator", error_kind="FetchRefused") == 1
    duration = "tiktok_commerce_stage_duration_seconds_count"
    assert delta(before, after, duration, stage="thumbnail-generator", outcome="ok") == 1
    assert delta(before, after, duration, stage="thumbnail-generator", outcome="failed") == 1
    assert delta(before, after, duration, stage="caption-parser", outcome="ok") == 2
    assert (
        delta(
            before,
            after,
            "tiktok_commerce_stage_duration_seconds_sum",
            stage="thumbnail-generator",
            outcome="ok",
        )
        > 0
    )
    cup = (videos / "cup.mp4").stat().st_size
    assert cup <= delta(before, after, "tiktok_commerce_fetched_bytes_total") <= cup + 6000

    assert value(after, "tiktok_commerce_videos", status="complete") == 1
    assert value(after, "tiktok_commerce_videos", status="failed") == 1
    assert value(after, "tiktok_commerce_outbox_pending") == 0
    assert value(after, "tiktok_commerce_outbox_lag_seconds") == 0
    for queue in ("caption-parser", "thumbnail-generator", "auto-tagger", "results"):
        assert value(after, "tiktok_commerce_queue_depth", queue=queue) == 0
        assert value(after, "tiktok_commerce_dlq_depth", queue=queue) == 0
    http = "tiktok_commerce_http_request_duration_seconds_count"
    assert delta(before, after, http, method="POST", route="/api/videos", status="202") == 2


def test_retries_and_dead_letters_are_counted_by_stage_and_error_kind(engine) -> None:  # type: ignore[no-untyped-def]
    bus = SqlBus(engine, backoff_base_s=0)
    from tiktok_commerce.ops.metrics import registry_for

    registry = registry_for()

    def scrape() -> Samples:
        from prometheus_client import generate_latest

        return parse(generate_latest(registry).decode())

    def broken(_event: Envelope, _ctx: object) -> list[Envelope]:
        raise ConnectionResetError("the host hung up")

    bus.publish(Envelope.new("vid-9", VideoPosted(seller_handle="s", video_url="https://www.tiktok.com/x")))
    before = scrape()
    Worker(bus, "caption-parser", broken).run_until_idle()
    after = scrape()
    labels = {"stage": "caption-parser", "error_kind": "ConnectionResetError"}
    assert delta(before, after, "tiktok_commerce_events_failed_total", **labels) == 3
    assert delta(before, after, "tiktok_commerce_events_retried_total", **labels) == 2
    assert delta(before, after, "tiktok_commerce_events_dead_lettered_total", **labels) == 1
    assert delta(before, after, "tiktok_commerce_events_handled_total", stage="caption-parser") == 0


def test_a_lone_worker_serves_its_metrics_on_its_port(engine) -> None:  # type: ignore[no-untyped-def]
    bus = SqlBus(engine)
    bus.publish(Envelope.new("vid-1", VideoPosted(seller_handle="s", video_url="https://www.tiktok.com/x")))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = serve_worker_metrics(bus, "127.0.0.1", port)
    try:
        samples = parse(httpx.get(f"http://127.0.0.1:{port}/metrics").text)
    finally:
        server.shutdown()
        server.server_close()
    assert value(samples, "tiktok_commerce_queue_depth", queue="caption-parser") == 1
    assert value(samples, "tiktok_commerce_queue_depth", queue="results") == 0
    assert ("tiktok_commerce_dlq_depth", (("queue", "results"),)) in samples
