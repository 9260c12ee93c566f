"""Helpers for the API tests: services on a test database, a loopback HTTP server for files."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services, build_services
from tiktok_commerce.db.migrate import upgrade
from tiktok_commerce.settings import Settings


def settings_for(database_url: str, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "blob_dir": tmp_path / "blobs",
        "public_base_url": "http://testserver",
        "video_allowed_hosts": "*",
        "video_allow_private_networks": True,
        "video_allowed_ports": "*",
        "visibility_timeout_s": 30,
        "poll_wait_s": 0.2,
        "oembed_url": "http://127.0.0.1:9/oembed",  # nothing listens on the discard port
        "oembed_attempts": 1,
        "oembed_backoff_s": 0.0,
        "auth_required": False,  # the auth tests turn it on
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def make_services(settings: Settings) -> Services:
    upgrade(settings.database_url)
    return build_services(settings)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SAMPLE_CAPTION = "Handmade ceramic coffee cup, now $18.99 (was $24.99). Colors: white, black #coffee #kitchen"


def write_sample_videos(folder: Path, shared: Path) -> Path:
    """A 4 s 720x1280 video of the coffee cup, a web page posing as one, and a truncated copy."""
    from tiktok_commerce.synthetic_video import make_product_video  # PyAV: only tests that need it

    make_product_video(
        folder / "cup.mp4", shared / "fixtures" / "images" / "coffee.png", seconds=4.0, size=(720, 1280)
    )
    (folder / "not-a-video.mp4").write_bytes(b"<html><body>" + b"x" * 5000 + b"</body></html>")
    whole = (folder / "cup.mp4").read_bytes()
    (folder / "truncated.mp4").write_bytes(whole[: len(whole) // 3])  # the index (moov) is at the end
    return folder


@pytest.fixture
def svc(database_url: str, tmp_path: Path) -> Iterator[Services]:
    services = make_services(settings_for(database_url, tmp_path))
    yield services
    services.close()


@pytest.fixture
def client(svc: Services) -> Iterator[TestClient]:
    with TestClient(create_app(svc.settings, services=svc)) as test_client:
        yield test_client
