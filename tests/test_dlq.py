"""`tiktok-commerce dlq ...` on both buses: a video whose thumbnails could not be fetched is
dead-lettered and fails; once the video host is back, `dlq redrive` brings it to `complete`,
with no duplicate product. Real workers, the real CLI, the SQL bus and moto's SQS."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from api_support import SAMPLE_CAPTION, make_services, settings_for, write_sample_videos
from aws_support import AwsStack, aws_env, delete_successes, lambda_batch, moto_endpoint  # noqa: F401
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.aws_provision import provision
from tiktok_commerce.cli import main
from tiktok_commerce.settings import get_settings
from tiktok_commerce.workers.aws_lambda import LambdaWorker
from tiktok_commerce.workers.registry import HANDLER_MODULES, load_handler
from tiktok_commerce.workers.runtime import build_worker

pytest.importorskip("av")
pytestmark = pytest.mark.slow  # a real video through PyAV and YOLOv8n, per bus


@pytest.fixture(scope="module")
def video_dir(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_videos(tmp_path_factory.mktemp("videos"), shared)


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@contextmanager
def flaky_host(root: Path) -> Iterator[tuple[str, threading.Event]]:
    """Serve `root` on loopback, answering 503 until the event is set (the host is "fixed")."""
    fixed = threading.Event()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            if not fixed.is_set():
                self.send_error(503, "down for maintenance")
                return
            super().do_GET()

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", fixed
    finally:
        server.shutdown()
        server.server_close()


class SqlPipeline:
    def __init__(self, svc: Services) -> None:
        self.svc = svc
        svc.bus.backoff_base_s = 0  # type: ignore[attr-defined]  # retries come back at once
        self.workers = [build_worker(name, svc.settings, bus=svc.bus) for name in HANDLER_MODULES]

    def run(self, rounds: int = 20) -> None:
        for _ in range(rounds):
            handled = self.svc.relay.relay_once()
            for worker in self.workers:
                handled += worker.run_until_idle()
            handled += self.svc.results.run_until_idle()
            if not handled:
                return


class AwsPipeline:
    """Production's layout: the caption parser and tagger as Lambdas, thumbnails as the ECS worker."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        svc.bus.retry_backoff_s = 0  # type: ignore[attr-defined]
        self.stack = AwsStack(svc.settings, provision(svc.settings), svc.bus)  # type: ignore[arg-type]
        self.ecs = build_worker("thumbnails", svc.settings, bus=svc.bus)
        self.lambdas = [
            LambdaWorker(name, svc.bus, load_handler(name), self.ecs.ctx)
            for name in ("caption-parser", "tagger")
        ]

    def run(self, rounds: int = 20) -> None:
        for _ in range(rounds):
            handled = self.svc.relay.relay_once()
            for fn in self.lambdas:
                batch = lambda_batch(self.stack, fn.queue, wait_s=0)
                if batch["Records"]:
                    delete_successes(self.stack, fn.queue, batch, fn.process_batch(batch))
                    handled += len(batch["Records"])
            handled += self.ecs.run_until_idle()
            handled += self.svc.results.run_until_idle()
            if not handled:
                return


def redrive_after_the_cause_is_fixed(svc: Services, pipeline, video_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with flaky_host(video_dir) as (base, fixed), TestClient(create_app(svc.settings, services=svc)) as client:
        posted = client.post(
            "/api/videos",
            json={"video_url": f"{base}/cup.mp4", "seller_handle": "cup_shop", "caption": SAMPLE_CAPTION},
        )
        video_id = posted.json()["id"]
        pipeline.run()
        video = client.get(f"/api/videos/{video_id}").json()
        assert video["status"] == "failed", video
        assert video["error"].startswith("thumbnail-generator: ") and "503" in video["error"]
        failed = client.get("/api/videos?status=failed").json()["items"]
        assert [(v["id"], v["failed_stage"]) for v in failed] == [(video_id, "thumbnail-generator")]

        capsys.readouterr()
        assert main(["dlq", "list", "thumbnails", "--json"]) == 0
        [letter] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert letter["video_id"] == video_id and letter["event_type"] == "caption.parsed"
        assert letter["queue"].endswith("thumbnail-generator-dlq")
        assert main(["dlq", "show", "thumbnail-generator-dlq", letter["message_id"]]) == 0
        assert json.loads(capsys.readouterr().out)["event"]["video_id"] == video_id

        fixed.set()  # the video host is back
        assert main(["dlq", "redrive", "thumbnails"]) == 0
        assert "moved 1 message(s)" in capsys.readouterr().out
        pipeline.run()

        video = client.get(f"/api/videos/{video_id}").json()
        assert video["status"] == "complete", video
        assert video["error"] is None and len(video["thumbnails"]) == 5
        [product] = client.get("/api/shops/cup_shop").json()["products"]  # one, never two
        assert product["price"] == 18.99 and product["tags"] and len(product["thumbnails"]) == 5
        assert main(["dlq", "list", "thumbnails", "--json"]) == 0
        assert capsys.readouterr().out == ""
    stats = {s.queue: s for s in svc.bus.stats()}
    assert all(s.depth == 0 and s.dlq_depth == 0 for s in stats.values()), stats


def test_redrive_on_the_sql_bus(
    database_url: str, tmp_path: Path, video_dir: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BUS", "sql")
    svc = make_services(settings_for(database_url, tmp_path))
    try:
        redrive_after_the_cause_is_fixed(svc, SqlPipeline(svc), video_dir, capsys)
    finally:
        svc.close()


def test_redrive_on_sqs(aws_env: dict[str, str], tmp_path: Path, video_dir: Path, capsys) -> None:
    database_url = f"sqlite:///{tmp_path / 'api.db'}"
    settings = settings_for(database_url, tmp_path)
    provision(settings)
    svc = make_services(settings)
    try:
        redrive_after_the_cause_is_fixed(svc, AwsPipeline(svc), video_dir, capsys)
    finally:
        svc.close()


def test_purge_needs_yes_and_unknown_queues_are_named(tmp_path: Path, monkeypatch, capsys) -> None:
    from tiktok_commerce.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BUS", "sql")
    assert main(["dlq", "purge", "results"]) == 2
    assert "pass --yes" in capsys.readouterr().err
    assert main(["dlq", "purge", "results", "--yes"]) == 0
    assert "deleted 0 message(s) from results-dlq" in capsys.readouterr().out
    assert main(["dlq", "list", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no queue named 'nope'") and "Traceback" not in err
    assert main(["dlq", "show", "results", "no-such-id"]) == 1
    assert "no message 'no-such-id' in results-dlq" in capsys.readouterr().err


def test_a_bus_that_cannot_be_read_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    monkeypatch.setenv("BUS", "sql")
    assert main(["dlq", "redrive", "thumbnails"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read the SQL bus") and "db upgrade" in err
    assert len(err.strip().splitlines()) == 1


def test_sqs_redrive_uses_the_message_move_task_where_the_endpoint_has_it() -> None:
    """Real SQS has StartMessageMoveTask (moto has not, so the tests above move messages one by one)."""
    from tiktok_commerce.ops.dead_letters import SqsDeadLetters

    calls: list[tuple[str, dict]] = []

    class Sqs:
        def get_queue_attributes(self, QueueUrl: str, AttributeNames: list[str]) -> dict:  # noqa: N803
            return {"Attributes": {"QueueArn": f"arn:aws:sqs:us-east-1:1:{QueueUrl.rsplit('/', 1)[-1]}"}}

        def start_message_move_task(self, **kwargs: str) -> dict:
            calls.append(("start", kwargs))
            return {"TaskHandle": "task-1"}

        def list_message_move_tasks(self, **kwargs: object) -> dict:
            calls.append(("list", kwargs))
            return {
                "Results": [
                    {"TaskHandle": "task-1", "Status": "COMPLETED", "ApproximateNumberOfMessagesMoved": 7}
                ]
            }

    class Bus:
        sqs = Sqs()

        def queue_url(self, queue: str) -> str:
            return f"https://sqs.us-east-1.amazonaws.com/1/tc-{queue}"

    assert SqsDeadLetters(Bus()).redrive("thumbnails") == 7
    assert calls[0] == (
        "start",
        {
            "SourceArn": "arn:aws:sqs:us-east-1:1:tc-thumbnail-generator-dlq",
            "DestinationArn": "arn:aws:sqs:us-east-1:1:tc-thumbnail-generator",
        },
    )
