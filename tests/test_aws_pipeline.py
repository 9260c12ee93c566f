"""The whole pipeline with BUS=aws and BLOBS=s3 on moto's server, and the API storing the results.

As in production: the API's outbox relay publishes video.posted to SNS; the caption parser and the
auto tagger run through the Lambda adapter on SQS batches shaped as Lambda's event source shapes
them; the thumbnail generator is the ECS worker (the runtime's Worker on SqsBus) writing to S3;
the API's results consumer reads the results queue. Stepped one after another, deterministically.
"""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from api_support import SAMPLE_CAPTION, make_services, serve_directory, settings_for, write_sample_videos
from aws_support import AwsStack, aws_env, delete_successes, lambda_batch, moto_endpoint  # noqa: F401
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.aws_provision import provision
from tiktok_commerce.blobs.s3 import S3BlobStore
from tiktok_commerce.bus.aws import SqsBus
from tiktok_commerce.workers.aws_lambda import LambdaWorker
from tiktok_commerce.workers.base import WorkerContext
from tiktok_commerce.workers.registry import load_handler
from tiktok_commerce.workers.runtime import build_worker

pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")
pytestmark = pytest.mark.slow  # a real video through PyAV and YOLOv8n: about 10 s on two shared cores

CAPTION = SAMPLE_CAPTION


@pytest.fixture(scope="module")
def video_dir(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_videos(tmp_path_factory.mktemp("videos"), shared)


@pytest.fixture
def services(aws_env: dict[str, str], database_url: str, tmp_path: Path):
    settings = settings_for(database_url, tmp_path)  # BUS=aws, BLOBS=s3 and the endpoint from aws_env
    assert (settings.bus, settings.blobs) == ("aws", "s3")
    provision(settings)
    svc = make_services(settings)
    assert isinstance(svc.bus, SqsBus)
    svc.bus.retry_backoff_s = 0
    yield svc
    svc.close()


class AwsPipeline:
    """Production's layout in one process: Lambdas for two workers, the ECS worker for thumbnails."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self.stack = AwsStack(svc.settings, provision(svc.settings), svc.bus)  # provisioning is idempotent
        ctx = WorkerContext(settings=svc.settings, blobs=S3BlobStore.from_settings(svc.settings))
        self.lambdas = [
            LambdaWorker(name, svc.bus, load_handler(name), ctx) for name in ("caption-parser", "tagger")
        ]
        self.ecs = build_worker("thumbnails", svc.settings, bus=svc.bus)
        assert isinstance(self.ecs.ctx.blobs, S3BlobStore)

    def run(self, rounds: int = 20) -> None:
        for _ in range(rounds):
            handled = self.svc.relay.relay_once()
            for fn in self.lambdas:
                batch = lambda_batch(self.stack, fn.queue, wait_s=0)
                if batch["Records"]:
                    result = fn.process_batch(batch)
                    delete_successes(self.stack, fn.queue, batch, result)  # as the Lambda service does
                    handled += len(batch["Records"])
            handled += self.ecs.run_until_idle()
            handled += self.svc.results.run_until_idle()
            if not handled:
                return


def test_a_posted_video_becomes_a_shop_on_aws(services: Services, video_dir: Path) -> None:
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
        AwsPipeline(services).run()

        video = client.get(f"/api/videos/{video_id}").json()
        assert video["status"] == "complete", video
        shop = client.get("/api/shops/cup_shop").json()
        (product,) = shop["products"]
        assert product["price"] == 18.99 and product["currency"] == "USD"
        assert product["category"]
        assert product["tags"] and all(t["confidence"] >= 0.6 for t in product["tags"])

        thumbnails = product["thumbnails"]
        assert len(thumbnails) == 5
        for thumb in thumbnails:
            assert "X-Amz-Signature=" in thumb["url"]  # a presigned GET on the private bucket
            image = httpx.get(thumb["url"])  # what a browser does with it
            assert image.status_code == 200
            assert Image.open(io.BytesIO(image.content)).size == (400, 400)

    stats = {s.queue: s for s in services.bus.stats()}
    assert all(s.depth == 0 and s.in_flight == 0 and s.dlq_depth == 0 for s in stats.values()), stats


def test_a_file_that_is_not_a_video_fails_visibly_on_aws(services: Services, video_dir: Path) -> None:
    with (
        serve_directory(video_dir) as base,
        TestClient(create_app(services.settings, services=services)) as client,
    ):
        response = client.post(
            "/api/videos",
            json={"video_url": f"{base}/not-a-video.mp4", "seller_handle": "cup_shop", "caption": CAPTION},
        )
        video_id = response.json()["id"]
        AwsPipeline(services).run()
        video = client.get(f"/api/videos/{video_id}").json()
        assert video["status"] == "failed"
        assert video["error"].startswith("thumbnail-generator: ")
        assert [p["price"] for p in video["products"]] == [18.99]
