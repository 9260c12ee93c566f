"""`/health` is not ready when a loop or a worker thread of the process has died, and says which."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from api_support import make_services, settings_for
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.ops.liveness import WorkerLoop
from tiktok_commerce.workers.runtime import build_worker


def wait_for_health(client: TestClient, status: int) -> dict:
    """Poll /health until it answers `status` (the dying thread runs on its own schedule)."""
    for _ in range(200):
        response = client.get("/health")
        if response.status_code == status:
            return response.json()
        time.sleep(0.05)
    raise AssertionError(f"/health never answered {status}: {response.json()}")


def test_a_worker_thread_that_dies_makes_the_process_not_ready(database_url: str, tmp_path: Path) -> None:
    svc = make_services(settings_for(database_url, tmp_path, worker_concurrency=2, poll_wait_s=0.05))
    worker = build_worker("tagger", svc.settings, bus=svc.bus)
    real_poll = worker._poll_once
    killed = threading.Event()

    def poll_once(wait_s: float) -> bool:
        if threading.current_thread().name == "tagger-1" and not killed.is_set():
            killed.set()
            raise SystemExit("killed by the test")  # what no `except Exception` in the loop catches
        return real_poll(wait_s)

    app = create_app(
        svc.settings, services=svc, background=True, extra_loops={"worker:tagger": WorkerLoop(worker)}
    )
    try:
        with TestClient(app) as client:
            healthy = client.get("/health")
            names = {loop["name"] for loop in healthy.json()["loops"]}
            assert {"outbox-relay", "results-consumer", "worker:tagger"} <= names
            assert healthy.status_code == 200 and healthy.json()["ready"]

            worker._poll_once = poll_once  # type: ignore[method-assign]
            body = wait_for_health(client, 503)
            assert body["ready"] is False and body["database"]["ok"] and body["bus"]["ok"]
            tagger = next(loop for loop in body["loops"] if loop["name"] == "worker:tagger")
            assert tagger["alive"] is False and tagger["concurrency"] == 2
            assert "thread tagger-1 died (SystemExit: killed by the test)" in tagger["error"]
            assert "1 of 2 left" in tagger["error"]
            assert body["not_ready"].startswith("dead: worker:tagger: thread tagger-1 died")
            others = [loop for loop in body["loops"] if loop["name"] != "worker:tagger"]
            assert all(loop["alive"] for loop in others), others
    finally:
        svc.close()


def test_a_loop_that_raises_makes_the_process_not_ready(database_url: str, tmp_path: Path) -> None:
    svc = make_services(settings_for(database_url, tmp_path))
    go = threading.Event()

    def broken(stop: threading.Event) -> None:
        go.wait()
        raise RuntimeError("lost its connection for good")

    app = create_app(svc.settings, services=svc, background=True, extra_loops={"worker:broken": broken})
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            go.set()
            body = wait_for_health(client, 503)
            assert "worker:broken: RuntimeError: lost its connection for good" in body["not_ready"]
            relay = next(loop for loop in body["loops"] if loop["name"] == "outbox-relay")
            assert relay["alive"] and relay["last_beat_s"] is not None
    finally:
        svc.close()
