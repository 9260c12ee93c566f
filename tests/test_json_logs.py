"""`up` logs JSON when not on a terminal: every line of a pipeline run parses as JSON, the pipeline's
lines carry the video's id, stage, event and outcome, and a traceback is one field of one line.

A real `tiktok-commerce up` subprocess: one video that completes, one whose host refuses the
connection (retried, then dead-lettered: the runtime logs each failure with its exception)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from api_support import SAMPLE_CAPTION, serve_directory, write_sample_videos

pytest.importorskip("av")
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_line_of_a_pipeline_run_is_json_with_the_video_id(tmp_path: Path, shared: Path) -> None:
    videos = write_sample_videos(tmp_path / "videos", shared)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}",
        "BLOB_DIR": str(tmp_path / "blobs"),
        "PORT": str(port),
        "VIDEO_ALLOWED_HOSTS": "*",
        "VIDEO_ALLOW_PRIVATE_NETWORKS": "true",
        "VIDEO_ALLOWED_PORTS": "*",
        "POLL_WAIT_S": "0.2",
        "AUTH_REQUIRED": "false",  # as `make run` runs it
    }
    env.pop("LOG_FORMAT", None)  # the default off a terminal: JSON
    stderr = tmp_path / "stderr.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "tiktok_commerce.cli", "up"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr.open("wb"),
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0)
    try:
        for _ in range(600):
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, stderr.read_text()[-3000:]
            time.sleep(0.1)
        with serve_directory(videos) as base:
            ids = {}
            for name, url in (("good", f"{base}/cup.mp4"), ("down", f"http://127.0.0.1:{free_port()}/v.mp4")):
                posted = client.post(
                    "/api/videos",
                    json={"video_url": url, "seller_handle": "log_shop", "caption": SAMPLE_CAPTION},
                    headers={"X-Request-ID": f"req-{name}"},
                )
                assert posted.status_code == 202 and posted.headers["x-request-id"] == f"req-{name}"
                ids[name] = posted.json()["id"]
            for _ in range(1200):
                found = {k: client.get(f"/api/videos/{v}").json()["status"] for k, v in ids.items()}
                if all(s in ("complete", "failed") for s in found.values()):
                    break
                assert server.poll() is None, stderr.read_text()[-3000:]
                time.sleep(0.1)
            assert found == {"good": "complete", "down": "failed"}
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        client.close()
        if server.poll() is None:
            server.kill()
            server.wait()

    lines = stderr.read_text().splitlines()
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not a JSON line: {line!r}")
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)

    pipeline = [r for r in records if "stage" in r]
    stages = {r["stage"] for r in pipeline}
    assert {"caption-parser", "thumbnail-generator", "auto-tagger", "results"} <= stages
    assert all(r.get("video_id") in ids.values() for r in pipeline), pipeline
    good_done = [r for r in pipeline if r["video_id"] == ids["good"] and r.get("outcome") == "acked"]
    assert {r["stage"] for r in good_done} >= {"caption-parser", "thumbnail-generator", "auto-tagger"}
    assert all(r["event_id"] and r["event_type"] and r["duration_s"] >= 0 for r in good_done)

    failures = [
        r for r in pipeline if r["video_id"] == ids["down"] and r.get("outcome") in ("retry", "dead-lettered")
    ]
    assert [r["outcome"] for r in failures if r["stage"] == "thumbnail-generator"] == [
        "retry",
        "retry",
        "dead-lettered",
    ]
    assert all("Traceback" in r["exception"] and r["error_kind"] for r in failures)

    requests = [r for r in records if r.get("route") == "/api/videos" and r.get("method") == "POST"]
    assert {r["request_id"] for r in requests} == {"req-good", "req-down"}
    assert all(r["status"] == 202 for r in requests)
