"""Every outbound fetch: the URL guard on every hop, pinned addresses, a total deadline, a byte cap.

- Each hop (the URL and every redirect) goes through `urlguard.check_url`, which resolves the host
  once; the connection then goes to exactly the addresses that were checked (`PinnedBackend`), never
  through a second name lookup, so DNS rebinding cannot swap a checked address for an internal one.
- One wall-clock deadline covers the whole fetch: every connect, TLS handshake, read and write gets
  at most the time that is left, so a server that drips a byte every few seconds, or sends nothing at
  all, is cut off when the deadline passes.
- Bodies are read with a cap (`read_capped`); nothing is read whole without one.
- Proxy variables from the environment are ignored: a proxy would be a hop the guard cannot see.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx

from tiktok_commerce.settings import Settings
from tiktok_commerce.urlguard import CheckedURL, FetchPolicy, UnsafeURL, check_url

MAX_REDIRECTS = 5
USER_AGENT = "tiktok-commerce/0.1"


class FetchRefused(Exception):
    """Retrying cannot help: the URL is not allowed, not what was asked for, too big, or gone."""


class FetchFailed(Exception):
    """A fault that may pass (a timeout, a 5xx, a dropped connection): worth a retry."""


class Deadline:
    """A point in time every step of one fetch must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def clamp(self, timeout: float | None, error: type[Exception]) -> float:
        """The timeout for one step: what it asked for, never past the deadline."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise error(f"the fetch took longer than its {self.seconds:g} s deadline")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        wait = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, wait), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the addresses the guard checked for a host; does no name lookup itself."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self._inner = httpcore.SyncBackend()

    def pin(self, checked: CheckedURL) -> None:
        self.pins[(httpx.URL(checked.url).host, checked.port)] = checked.addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pins.get((host, port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not checked by the URL guard")
        error: Exception = httpcore.ConnectError(f"no address of {host} answered")
        for address in addresses:
            wait = self.deadline.clamp(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(address, port, wait, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.deadline.end - time.monotonic())))


@dataclass(frozen=True)
class Limits:
    deadline_s: float
    connect_timeout_s: float
    read_timeout_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(settings.fetch_deadline_s, settings.fetch_connect_timeout_s, settings.fetch_read_timeout_s)


class Fetcher:
    """One guarded HTTP client for one fetch (its hops, and the requests of one yt-dlp extraction)."""

    def __init__(
        self,
        policy: FetchPolicy,
        limits: Limits,
        headers: dict[str, str] | None = None,
        cookies: CookieJar | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self.deadline = Deadline(limits.deadline_s)
        self.backend = PinnedBackend(self.deadline)
        if transport is None:
            pinned = httpx.HTTPTransport(retries=0)
            # httpx has no public setting for the network backend: its pool is replaced by one that
            # connects through ours (httpx is pinned; tests fetch through it from a loopback server).
            pinned._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(), network_backend=self.backend, retries=0
            )
            transport = pinned
        timeout = httpx.Timeout(
            connect=limits.connect_timeout_s,
            read=limits.read_timeout_s,
            write=limits.read_timeout_s,
            pool=limits.connect_timeout_s,
        )
        self.client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            cookies=cookies,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def check(self, url: str) -> str:
        try:
            checked = check_url(url, self.policy)
        except UnsafeURL as exc:
            raise FetchRefused(f"the URL is refused: {exc}") from exc
        self.backend.pin(checked)
        return checked.url

    @contextlib.contextmanager
    def stream(
        self,
        url: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        params: dict[str, str] | None = None,
    ) -> Iterator[httpx.Response]:
        """The final response (redirects followed, each hop checked), its body not read yet."""
        request_url: str | httpx.URL = url
        for _ in range(MAX_REDIRECTS + 1):
            request = self.client.build_request(
                method, self.check(str(request_url)), headers=headers, content=content, params=params
            )
            params = None  # the query is part of the URL from here on
            try:
                response = self.client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise FetchFailed(self._timeout_message(exc)) from exc
            except httpx.TransportError as exc:
                raise FetchFailed(f"the host could not be reached: {exc}") from exc
            try:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchRefused("the URL redirects nowhere")
                    request_url = urljoin(str(response.url), location)
                    if response.status_code == 303 or (
                        response.status_code in (301, 302) and method not in ("GET", "HEAD")
                    ):
                        method, content = "GET", None
                    continue
                yield response
                return
            finally:
                response.close()
        raise FetchRefused(f"the URL redirects more than {MAX_REDIRECTS} times")

    def iter_bytes(self, response: httpx.Response) -> Iterator[bytes]:
        """The body as it arrives, decoded (every read bounded by the deadline), errors as Fetch*."""
        try:
            yield from response.iter_bytes()
        except httpx.TimeoutException as exc:
            raise FetchFailed(self._timeout_message(exc)) from exc
        except httpx.TransportError as exc:
            raise FetchFailed(f"the download was cut off: {exc}") from exc
        except httpx.DecodingError as exc:
            raise FetchRefused(f"the body cannot be decoded: {exc}") from exc

    def read_capped(self, response: httpx.Response, max_bytes: int) -> bytes:
        """The whole body, refused once it passes max_bytes (whatever Content-Length claims)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchRefused(f"the answer is {int(declared)} bytes, over the {max_bytes}-byte limit")
        parts: list[bytes] = []
        size = 0
        for chunk in self.iter_bytes(response):  # decoded: a small gzip bomb is counted as it expands
            size += len(chunk)
            if size > max_bytes:
                raise FetchRefused(f"the answer is larger than the {max_bytes}-byte limit")
            parts.append(chunk)
        return b"".join(parts)

    def _timeout_message(self, exc: Exception) -> str:
        if self.deadline.expired:
            return f"the fetch took longer than its {self.deadline.seconds:g} s deadline"
        return f"the host did not answer in time ({exc.__class__.__name__})"
