"""End to end: a video served from a loopback HTTP server goes in, a shop comes out of the API.

The real pieces run in this process, stepped one after another instead of in threads so the test
is deterministic: API -> outbox relay -> SQL bus -> caption parser -> thumbnail generator (PyAV,
YOLOv8n) -> auto tagger -> results consumer -> API. On SQLite, and on PostgreSQL when
TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from api_support import SAMPLE_CAPTION, make_services, serve_directory, settings_for, write_sample_videos
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.workers.registry import HANDLER_MODULES
from tiktok_commerce.workers.runtime import build_worker

pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

CAPTION = SAMPLE_CAPTION


@pytest.fixture(scope="module")
def video_dir(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_videos(tmp_path_factory.mktemp("videos"), shared)


def run_pipeline(svc: Services, rounds: int = 20) -> None:
    """Relay, run every worker and the results consumer until nothing is left to do."""
    workers = [build_worker(name, svc.settings, bus=svc.bus) for name in HANDLER_MODULES]
    for _ in range(rounds):
        handled = svc.relay.relay_once()
        for worker in workers:
            handled += worker.run_until_idle()
        handled += svc.results.run_until_idle()
        if not handled:
            return


def test_a_posted_video_becomes_a_shop_with_products_thumbnails_and_tags(
    database_url: str, tmp_path: Path, video_dir: Path
) -> None:
    services = make_services(settings_for(database_url, tmp_path))
    try:
        with (
            serve_directory(video_dir) as base,
            TestClient(create_app(services.settings, services=services)) as client,
        ):
            response = client.post(
                "/api/videos",
                json={"video_url": f"{base}/cup.mp4", "seller_handle": "cup_shop", "caption": CAPTION},
            )
            assert response.status_code == 202, response.text
            video_id = response.json()["id"]
            run_pipeline(services)

            video = client.get(f"/api/videos/{video_id}").json()
            assert video["status"] == "complete", video
            assert video["error"] is None
            assert {"received", "parsing", "thumbnails", "tagging"} <= set(video["stages"])

            shop = client.get("/api/shops/cup_shop").json()
            (product,) = shop["products"]
            assert product["price"] == 18.99 and product["currency"] == "USD"
            assert product["original_price"] == 24.99
            assert "cup" in product["title"].lower()
            assert product["category"]
            assert product["tags"] and all(t["confidence"] >= 0.6 for t in product["tags"])

            thumbnails = product["thumbnails"]
            assert len(thumbnails) == 5
            for thumb in thumbnails:
                assert (thumb["width"], thumb["height"]) == (400, 400)
                image = client.get(thumb["url"])  # the URL the API gives resolves, to a real image
                assert image.status_code == 200
                assert Image.open(io.BytesIO(image.content)).size == (400, 400)

            listed = client.get("/api/products?seller=cup_shop&tag=coffee").json()["items"]
            assert [p["id"] for p in listed] == [product["id"]]
    finally:
        services.close()


@pytest.mark.parametrize(
    ("name", "overrides", "words"),
    [
        ("not-a-video.mp4", {}, "video"),
        ("truncated.mp4", {}, "video"),
        ("cup.mp4", {"video_max_bytes": 20_000}, "limit"),
        ("missing.mp4", {}, "404"),
    ],
)
def test_a_video_that_cannot_be_processed_fails_with_a_readable_error(
    database_url: str, tmp_path: Path, video_dir: Path, name: str, overrides: dict, words: str
) -> None:
    services = make_services(settings_for(database_url, tmp_path, **overrides))
    try:
        with (
            serve_directory(video_dir) as base,
            TestClient(create_app(services.settings, services=services)) as client,
        ):
            response = client.post(
                "/api/videos",
                json={"video_url": f"{base}/{name}", "seller_handle": "cup_shop", "caption": CAPTION},
            )
            video_id = response.json()["id"]
            run_pipeline(services)
            video = client.get(f"/api/videos/{video_id}").json()
            assert video["status"] == "failed", video
            assert video["error"].startswith("thumbnail-generator: ")
            assert words in video["error"]
            assert "Traceback" not in video["error"]
            # what the caption said is still there
            assert [p["price"] for p in video["products"]] == [18.99]
    finally:
        services.close()
