"""A running `up` with videos in every state, for the monitor's tests (and its screenshot).

Videos, all from loopback hosts: one that completes, one that is not a video (fails at once), one
whose host answers 503 (retried, dead-lettered, failed) and one whose host never answers while the
test runs (held by the thumbnail generator: in flight).
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CAPTION = "Ceramic coffee cup now $18.99 (was $24.99) #coffee"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def video_host(root: Path) -> Iterator[str]:
    """Serve `root`; /down/... answers 503, /hang/... waits until the server stops."""
    stop = threading.Event()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            if self.path.startswith("/down/"):
                self.send_error(503, "down for maintenance")
            elif self.path.startswith("/hang/"):
                stop.wait(600)
            else:
                super().do_GET()

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def up_env(database_url: str, folder: Path, port: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BLOB_DIR": str(folder / "blobs"),
        "PORT": str(port),
        "VIDEO_ALLOWED_HOSTS": "*",
        "VIDEO_ALLOW_PRIVATE_NETWORKS": "true",
        "VIDEO_ALLOWED_PORTS": "*",
        "POLL_WAIT_S": "0.2",
        "WORKER_CONCURRENCY": "2",  # the hanging video holds one thread; the other goes on
        "FETCH_READ_TIMEOUT_S": "600",
        "FETCH_DEADLINE_S": "600",
        "LOG_FORMAT": "json",
        "AUTH_REQUIRED": "false",  # as `make run` runs it
    }
    env.pop("BUS", None)
    return env


@contextmanager
def running_up(env: dict[str, str], folder: Path) -> Iterator[tuple[subprocess.Popen, httpx.Client]]:
    log = folder / "up.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "tiktok_commerce.cli", "up"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{env['PORT']}", timeout=10.0)
    try:
        wait(lambda: client.get("/health").status_code == 200, server, log, "the API to be ready")
        yield server, client
    finally:
        client.close()
        server.kill()
        server.wait()


def wait(predicate, server: subprocess.Popen, log: Path, what: str, limit_s: float = 180.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"`up` exited waiting for {what}:\n{log.read_text()[-3000:]}")
        try:
            result = predicate()
        except httpx.HTTPError:
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}:\n{log.read_text()[-3000:]}")


def post_every_state(client: httpx.Client, base: str) -> dict[str, str]:
    """Post the four videos; wait until each is where it stays. Returns name -> video id."""
    ids = {}
    for name, seller, path in (
        ("complete", "cup_shop", "/cup.mp4"),
        ("refused", "cup_shop", "/not-a-video.mp4"),
        ("dead", "mug_shop", "/down/cup.mp4"),
        ("hanging", "mug_shop", "/hang/cup.mp4"),
    ):
        response = client.post(
            "/api/videos", json={"video_url": f"{base}{path}", "seller_handle": seller, "caption": CAPTION}
        )
        assert response.status_code == 202, response.text
        ids[name] = response.json()["id"]
    return ids


def settled(client: httpx.Client, ids: dict[str, str]) -> bool:
    status = {name: client.get(f"/api/videos/{vid}").json()["status"] for name, vid in ids.items()}
    return status == {"complete": "complete", "refused": "failed", "dead": "failed", "hanging": "thumbnails"}
