"""Helpers for the thumbnail tests: small synthetic videos and a loopback HTTP server."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tiktok_commerce.settings import Settings

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Loopback:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def body(data: bytes, content_type: str = "video/mp4", status: int = 200, extra: dict | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (extra or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


@contextmanager
def loopback_server(routes: dict[str, Route] | None = None) -> Iterator[Loopback]:
    state = Loopback(base="", routes=dict(routes or {}))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            state.requests.append((self.path, dict(self.headers)))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            # The client may stop reading (the size cap): expected, not an error.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def loopback_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings that allow fetching from this machine's loopback server (tests only)."""
    values: dict[str, object] = {
        "video_allowed_hosts": "127.0.0.1,localhost",
        "video_allow_private_networks": True,
        "video_allowed_ports": "*",
        "blob_dir": tmp_path / "blobs",
        "fetch_connect_timeout_s": 2.0,
        "fetch_read_timeout_s": 5.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)
