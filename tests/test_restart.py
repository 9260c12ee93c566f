"""Kill -9 `tiktok-commerce up` in the middle of processing, start it again: every video finishes,
and no product or thumbnail is duplicated. A real subprocess, a real SQL bus, real workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from api_support import serve_directory

pytest.importorskip("av")

CAPTION = "Ceramic coffee cup now $18.99 (was $24.99) #coffee"
VIDEOS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "tiktok_commerce.cli", "up"],
        cwd=cwd,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def wait_until(predicate, what: str, process: subprocess.Popen, log: Path, limit_s: float = 180.0):  # type: ignore[no-untyped-def]
    """Poll until predicate() is truthy; fail with the server log if the process dies or it never happens."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the server exited ({process.returncode}) waiting for {what}:\n{log.read_text()[-4000:]}"
            )
        try:
            result = predicate()
        except httpx.HTTPError:
            result = None
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}:\n{log.read_text()[-4000:]}")


@pytest.mark.slow
def test_kill_9_mid_processing_then_restart_finishes_everything_once(
    database_url: str, tmp_path: Path, shared: Path
) -> None:
    from tiktok_commerce.synthetic_video import make_product_video

    videos = tmp_path / "videos"
    make_product_video(
        videos / "cup.mp4", shared / "fixtures" / "images" / "coffee.png", seconds=4.0, size=(720, 1280)
    )
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BLOB_DIR": str(tmp_path / "blobs"),
        "PORT": str(port),
        "VIDEO_ALLOWED_HOSTS": "*",
        "VIDEO_ALLOW_PRIVATE_NETWORKS": "true",
        "VIDEO_ALLOWED_PORTS": "*",
        "VISIBILITY_TIMEOUT_S": "3",  # messages a killed worker held come back quickly
        "POLL_WAIT_S": "0.2",
        "AUTH_REQUIRED": "false",  # as `make run` runs it
    }
    log = tmp_path / "server.log"
    client = httpx.Client(base_url=api, timeout=10.0)

    with serve_directory(videos) as base:
        server = start(env, tmp_path, log)
        try:
            wait_until(lambda: client.get("/health").status_code == 200, "the API to be ready", server, log)
            ids = []
            for n in range(VIDEOS):
                response = client.post(
                    "/api/videos",
                    json={
                        "video_url": f"{base}/cup.mp4?n={n}",
                        "seller_handle": "restart_shop",
                        "caption": CAPTION,
                    },
                )
                assert response.status_code == 202, response.text
                ids.append(response.json()["id"])

            def mid_processing() -> bool:
                statuses = [client.get(f"/api/videos/{i}").json()["status"] for i in ids]
                return (
                    any(s in ("thumbnails", "tagging") for s in statuses)
                    and statuses.count("complete") < VIDEOS
                )

            wait_until(mid_processing, "a video in the middle of processing", server, log)
        finally:
            server.kill()  # SIGKILL: no cleanup of any kind
            server.wait()

        server = start(env, tmp_path, log)
        try:

            def all_done() -> list[dict] | None:
                found = [client.get(f"/api/videos/{i}").json() for i in ids]
                return found if all(v["status"] in ("complete", "failed") for v in found) else None

            found = wait_until(all_done, "every video to finish after the restart", server, log)
            assert [v["status"] for v in found] == ["complete"] * VIDEOS, [v["error"] for v in found]
            for video in found:
                (product,) = video["products"]  # one product per video: nothing duplicated
                assert product["price"] == 18.99
                assert len(video["thumbnails"]) == 5
                assert len(product["thumbnails"]) == 5
                assert len({t["tag"] for t in product["tags"]}) == len(product["tags"])
            shop = client.get("/api/shops/restart_shop").json()
            assert len(shop["products"]) == VIDEOS
            for video in found:
                stored = list((tmp_path / "blobs" / "thumbnails" / video["id"]).glob("*.jpg"))
                assert len(stored) == 5, stored

            server.send_signal(signal.SIGTERM)  # and a graceful stop finishes its work and exits
            # uvicorn re-raises the signal after its graceful shutdown, so supervisors see it
            assert server.wait(timeout=60) in (0, -signal.SIGTERM)
            assert "Application shutdown complete" in log.read_text()
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
            client.close()


@pytest.mark.slow
def test_demo_against_a_running_up_prints_a_shop(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "BLOB_DIR": str(tmp_path / "blobs"),
        "PORT": str(port),
        "POLL_WAIT_S": "0.2",
        "AUTH_REQUIRED": "false",  # as `make run` runs it
    }
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "tiktok_commerce.cli", "up", "--allow-loopback-videos"],
        cwd=tmp_path,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0) as client:
            wait_until(lambda: client.get("/health").status_code == 200, "the API to be ready", server, log)
        demo = subprocess.run(
            [sys.executable, "-m", "tiktok_commerce.cli", "demo", "--api", f"http://localhost:{port}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr + log.read_text()[-3000:]
        assert "Shop @demo-seller" in demo.stdout
        assert "18.99 USD (was 24.99)" in demo.stdout
        assert demo.stdout.count("400x400 at") == 5
        assert "tags:       -" not in demo.stdout
    finally:
        server.kill()
        server.wait()
