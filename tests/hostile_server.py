"""A hostile HTTP server on loopback: the tricks a URL posted by an attacker can play on a fetcher.

Every route is bounded in time and bytes (the server stops by itself), and it only ever listens on
127.0.0.1. Each request is recorded, so a test can say what the fetcher asked for and what not.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
SECRET = "TOP-SECRET-INTERNAL-PAGE"
DRIP_SECONDS = 60  # how long a drip goes on if nobody hangs up: far past any test deadline


@dataclass
class Hostile:
    base: str
    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


class _Handler(BaseHTTPRequestHandler):
    state: Hostile

    def log_message(self, *args: object) -> None:
        pass

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.state.requests.append(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = getattr(self, "route_" + parts.path.strip("/").split("/")[0].replace("-", "_"), None)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            if route is None:
                self._head(404, {"Content-Length": "0"})
            else:
                route(query)

    # ---- where a fetch must never arrive ------------------------------------------------------

    def route_secret(self, _q: dict[str, str]) -> None:
        data = f"<html><head><meta property='og:description' content='{SECRET}'></head></html>".encode()
        self._head(200, {"Content-Type": "text/html", "Content-Length": str(len(data))})
        self.wfile.write(data)

    # ---- redirects ----------------------------------------------------------------------------

    def route_to(self, q: dict[str, str]) -> None:
        """302 to ?url=... (an internal name, an IPv6 form, another port)."""
        self._head(302, {"Location": q["url"], "Content-Length": "0"})

    def route_chain(self, q: dict[str, str]) -> None:
        """?n hops of redirects, then the video."""
        n = int(q.get("n", "3"))
        location = f"/chain?n={n - 1}" if n > 0 else "/video"
        self._head(302, {"Location": location, "Content-Length": "0"})

    # ---- bodies -------------------------------------------------------------------------------

    def route_video(self, _q: dict[str, str]) -> None:
        data = MP4_HEAD + b"\x00" * 4000
        self._head(200, {"Content-Type": "video/mp4", "Content-Length": str(len(data))})
        self.wfile.write(data)

    def route_drip(self, q: dict[str, str]) -> None:
        """Headers at once, then one byte every ?every seconds (a read timeout never fires)."""
        every = float(q.get("every", "0.2"))
        self._head(200, {"Content-Type": "video/mp4"})
        self.wfile.write(MP4_HEAD)
        end = time.monotonic() + DRIP_SECONDS
        while time.monotonic() < end:
            self.wfile.write(b"\x00")
            self.wfile.flush()
            time.sleep(every)

    def route_drip_headers(self, q: dict[str, str]) -> None:
        """The status line and headers themselves a byte at a time."""
        every = float(q.get("every", "0.2"))
        end = time.monotonic() + DRIP_SECONDS
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nX-Padding: " + b"a" * 10_000:
            if time.monotonic() > end:
                break
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(every)

    def route_silent(self, _q: dict[str, str]) -> None:
        """Accepts the request and says nothing at all."""
        time.sleep(DRIP_SECONDS)

    def route_endless(self, q: dict[str, str]) -> None:
        """A body with no length that goes on (video bytes, or HTML with ?html=1)."""
        html = q.get("html") == "1"
        self._head(200, {"Content-Type": "text/html" if html else "video/mp4"})
        self.wfile.write(b"<html><head><title>x</title></head><body>" if html else MP4_HEAD)
        chunk = (b"<p>" + b"a" * 8190 + b"</p>") if html else b"\x00" * 8192
        end = time.monotonic() + DRIP_SECONDS
        sent = 0
        while time.monotonic() < end and sent < 4 * 1024**3:
            self.wfile.write(chunk)
            sent += len(chunk)

    def route_lying_length(self, q: dict[str, str]) -> None:
        """Content-Length says ?says bytes; ?sends bytes follow, then the connection closes."""
        says, sends = int(q.get("says", "100000")), int(q.get("sends", "100"))
        self._head(200, {"Content-Type": "video/mp4", "Content-Length": str(says)})
        self.wfile.write((MP4_HEAD + b"\x00" * sends)[:sends])
        self.close_connection = True

    def route_oembed(self, _q: dict[str, str]) -> None:
        """An oEmbed endpoint that knows no video."""
        self._head(404, {"Content-Length": "0"})

    def route_oembed_known(self, _q: dict[str, str]) -> None:
        """An oEmbed endpoint that knows every video: always the same caption."""
        data = b'{"version": "1.0", "title": "Linen shirt $35 #fashion"}'
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(data))})
        self.wfile.write(data)


@contextlib.contextmanager
def hostile_server() -> Iterator[Hostile]:
    state = Hostile(base="", port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"state": state}))
    server.daemon_threads = True
    state.port = server.server_address[1]
    state.base = f"http://127.0.0.1:{state.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
