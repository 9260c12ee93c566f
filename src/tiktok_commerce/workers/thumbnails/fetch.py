"""Fetch a seller's video into a temporary file, safely.

Two ways in, one guard:
- a TikTok page URL (tiktok.com/@seller/video/123, vm.tiktok.com/abc): yt-dlp's TikTok extractor
  reads the page and names the media URL; the media is then streamed by the guarded downloader below
  with yt-dlp's headers and cookies (TikTok's CDN refuses a media request without the page's cookies).
- a direct media URL: streamed with httpx.

The guard: http(s) only, an allowed host, no private/loopback/link-local address (unless configured),
every redirect checked again, connect and read timeouts plus an overall deadline, the size cap
enforced while streaming (the download stops at the cap, it is never measured afterwards), and the
first bytes must look like a video container. The temporary file is removed on every path out.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from tiktok_commerce.settings import Settings
from tiktok_commerce.urlguard import UnsafeURL, check_url

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
SNIFF_BYTES = 512
TIKTOK_PAGE_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com", "vm.tiktok.com", "vt.tiktok.com"}
USER_AGENT = "tiktok-commerce-thumbnailer/0.1"


class FetchRefused(Exception):
    """Retrying cannot help: the URL is not allowed, not a video, too big, or gone. Says why."""


class FetchFailed(Exception):
    """A fault that may pass (a timeout, a 5xx, a dropped connection): worth a retry."""


def looks_like_video(head: bytes) -> bool:
    """Whether the first bytes are a video container (by content, never by name or header)."""
    if len(head) >= 12 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot"):
        return True  # ISO BMFF: MP4, MOV, 3GP, M4V
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return True  # Matroska / WebM
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return True
    if head.startswith(b"FLV\x01"):
        return True
    if head.startswith(b"\x00\x00\x01\xba"):
        return True  # MPEG program stream
    return len(head) > 376 and head[0] == 0x47 and head[188] == 0x47 and head[376] == 0x47  # MPEG-TS


def describe(head: bytes) -> str:
    """A word on what a non-video looks like, for the error message."""
    text = head.lstrip()[:64].lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "an HTML page"
    if text.startswith((b"{", b"[")):
        return "JSON"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "an image"
    if not head:
        return "empty"
    return "not a known video format"


def is_tiktok_page(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in TIKTOK_PAGE_HOSTS


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def stream_to_file(
    url: str,
    dest: Path,
    settings: Settings,
    headers: dict[str, str] | None = None,
    cookies: CookieJar | None = None,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Download `url` into `dest` through the guard; returns the number of bytes written."""
    cap = settings.video_max_bytes
    timeout = httpx.Timeout(
        connect=settings.fetch_connect_timeout_s,
        read=settings.fetch_read_timeout_s,
        write=settings.fetch_read_timeout_s,
        pool=settings.fetch_connect_timeout_s,
    )
    # A server that trickles a byte before every read timeout would never time out: cap the total.
    deadline = time.monotonic() + settings.fetch_connect_timeout_s + 4 * settings.fetch_read_timeout_s
    request_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    with httpx.Client(
        timeout=timeout, follow_redirects=False, cookies=cookies, headers=request_headers, transport=transport
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                check_url(url, settings.allowed_hosts, settings.video_allow_private_networks)
            except UnsafeURL as exc:
                raise FetchRefused(f"the video URL is refused: {exc}") from exc
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchRefused("the video URL redirects nowhere")
                        url = urljoin(str(response.url), location)
                        continue
                    _check_status(response)
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise FetchRefused(
                            f"the video is {_megabytes(int(declared))}, over the {_megabytes(cap)} limit"
                        )
                    return _write_capped(response, dest, cap, deadline)
            except httpx.TimeoutException as exc:
                raise FetchFailed(
                    f"the video host did not answer in time ({exc.__class__.__name__})"
                ) from exc
            except httpx.TransportError as exc:
                raise FetchFailed(f"the video could not be downloaded: {exc}") from exc
        raise FetchRefused(f"the video URL redirects more than {MAX_REDIRECTS} times")


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status in (408, 425, 429) or status >= 500:
        raise FetchFailed(f"the video host answered HTTP {status}")
    if status >= 400:
        raise FetchRefused(f"the video URL answered HTTP {status}")


def _write_capped(response: httpx.Response, dest: Path, cap: int, deadline: float) -> int:
    written = 0
    head = b""
    with open(dest, "wb") as out:
        for chunk in response.iter_bytes(64 * 1024):
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
                if len(head) >= SNIFF_BYTES and not looks_like_video(head):
                    raise FetchRefused(f"the URL is not a video ({describe(head)})")
            written += len(chunk)
            if written > cap:
                raise FetchRefused(f"the video is larger than the {_megabytes(cap)} limit")
            if time.monotonic() > deadline:
                raise FetchFailed("the video download took too long")
            out.write(chunk)
    if not looks_like_video(head):
        raise FetchRefused(f"the URL is not a video ({describe(head)})")
    return written


def _tiktok_media(page_url: str, settings: Settings) -> tuple[str, dict[str, str], CookieJar]:
    """Ask yt-dlp's TikTok extractor for the media URL, the headers and the cookies it needs."""
    import yt_dlp  # only the TikTok page path needs it

    options = {
        "quiet": True,
        "no_warnings": True,
        "noplaylist": True,
        "skip_download": True,
        "cachedir": False,  # nothing written outside the temporary file
        "socket_timeout": settings.fetch_read_timeout_s,
        # Progressive MP4 that fits the cap; TikTok offers several bitrates of the same video.
        "format": f"best[ext=mp4][filesize<{settings.video_max_bytes}]/best[ext=mp4]/best",
    }
    with yt_dlp.YoutubeDL(options) as ydl:
        try:
            info = ydl.extract_info(page_url, download=False)
        except yt_dlp.utils.DownloadError as exc:
            message = str(exc).removeprefix("ERROR: ")
            if any(word in message.lower() for word in ("unable to download", "timed out", "http error 5")):
                raise FetchFailed(f"TikTok did not answer: {message}") from exc
            raise FetchRefused(f"TikTok has no video at this URL: {message}") from exc
        requested = (info.get("requested_formats") or [info])[0]
        media_url = requested.get("url") or info.get("url")
        if not media_url:
            raise FetchRefused("TikTok's page names no downloadable video")
        headers = dict(requested.get("http_headers") or info.get("http_headers") or {})
        # The same cookie jar that fetched the page goes with the media request.
        jar = CookieJar()
        for cookie in ydl.cookiejar:
            jar.set_cookie(cookie)
        return media_url, headers, jar


@contextlib.contextmanager
def fetched_video(source: str, settings: Settings, allow_local: bool = False) -> Iterator[Path]:
    """Yield a local path holding the video at `source`; the temporary copy is always removed.

    `allow_local` lets the command line pass a file path; the worker only ever takes URLs.
    """
    if allow_local and "://" not in source:
        path = Path(source)
        if not path.is_file():
            raise FetchRefused(f"there is no file at {source}")
        if path.stat().st_size > settings.video_max_bytes:
            raise FetchRefused(f"the video is larger than the {_megabytes(settings.video_max_bytes)} limit")
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if not looks_like_video(head):
            raise FetchRefused(f"{path.name} is not a video ({describe(head)})")
        yield path
        return

    fd, name = tempfile.mkstemp(prefix="tiktok-commerce-video-", suffix=".bin")
    os.close(fd)
    dest = Path(name)
    try:
        try:
            check_url(source, settings.allowed_hosts, settings.video_allow_private_networks)
        except UnsafeURL as exc:
            raise FetchRefused(f"the video URL is refused: {exc}") from exc
        if is_tiktok_page(source):
            media_url, headers, cookies = _tiktok_media(source, settings)
            size = stream_to_file(media_url, dest, settings, headers=headers, cookies=cookies)
        else:
            size = stream_to_file(source, dest, settings)
        log.info("fetched %s (%d bytes)", urlsplit(source).hostname, size)
        yield dest
    finally:
        dest.unlink(missing_ok=True)
