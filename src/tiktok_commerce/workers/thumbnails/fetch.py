"""Fetch a seller's video into a temporary file, safely.

Two ways in, one guard:
- a TikTok page URL (tiktok.com/@seller/video/123, vm.tiktok.com/abc): yt-dlp's TikTok extractor
  reads the page and names the media URL; the media is then streamed by the guarded downloader below
  with yt-dlp's headers and cookies (TikTok's CDN refuses a media request without the page's cookies).
- a direct media URL: streamed with httpx.

The guard (`tiktok_commerce.guarded_http`, the same for every fetch): http(s) only, an allowed host
and port, no internal address (unless configured), every hop checked and connected to the address
that was checked, one wall-clock deadline for the page and the media together; here on top: the size
cap enforced while streaming (the download stops at the cap, it is never measured afterwards), and
the first bytes must look like a video container. The temporary file is removed on every path out.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tiktok_commerce.guarded_http import Fetcher, FetchFailed, FetchRefused, Limits
from tiktok_commerce.ops.metrics import FETCHED_BYTES
from tiktok_commerce.settings import Settings
from tiktok_commerce.urlguard import Resolver, policy_for
from tiktok_commerce.video_urls import is_tiktok_page
from tiktok_commerce.workers.thumbnails.sniff import (
    SNIFF_BYTES,
    NotAVideoFile,
    describe,
    local_video,
    looks_like_video,
    megabytes,
)

log = logging.getLogger(__name__)


__all__ = ["FetchFailed", "FetchRefused", "fetched_video", "looks_like_video"]


def stream_to_file(url: str, dest: Path, settings: Settings, fetcher: Fetcher) -> int:
    """Download `url` into `dest` through the guard; returns the number of bytes written."""
    cap = settings.video_max_bytes
    with fetcher.stream(url) as response:
        _check_status(response)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchRefused(f"the video is {megabytes(int(declared))}, over the {megabytes(cap)} limit")
        return _write_capped(fetcher, response, dest, cap)


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status in (408, 425, 429) or status >= 500:
        raise FetchFailed(f"the video host answered HTTP {status}")
    if status >= 400:
        raise FetchRefused(f"the video URL answered HTTP {status}")


def _write_capped(fetcher: Fetcher, response: httpx.Response, dest: Path, cap: int) -> int:
    written = 0
    head = b""
    with open(dest, "wb") as out:
        for chunk in fetcher.iter_bytes(response):
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
                if len(head) >= SNIFF_BYTES and not looks_like_video(head):
                    raise FetchRefused(f"the URL is not a video ({describe(head)})")
            written += len(chunk)
            FETCHED_BYTES.inc(len(chunk))
            if written > cap:
                raise FetchRefused(f"the video is larger than the {megabytes(cap)} limit")
            out.write(chunk)
    if not looks_like_video(head):
        raise FetchRefused(f"the URL is not a video ({describe(head)})")
    return written


def _tiktok_media(page_url: str, settings: Settings, fetcher: Fetcher) -> tuple[str, dict[str, str]]:
    """Ask yt-dlp's TikTok extractor (its requests guarded) for the media URL and its headers.

    The page's cookies land in the fetcher's cookie jar and go with the media request.
    """

    from tiktok_commerce.ytdlp_guard import GuardedYoutubeDL  # only the TikTok page path needs yt-dlp

    options = {
        "quiet": True,
        "no_warnings": True,
        "noplaylist": True,
        "skip_download": True,
        "cachedir": False,  # nothing written outside the temporary file
        # Progressive MP4 that fits the cap; TikTok offers several bitrates of the same video.
        "format": f"best[ext=mp4][filesize<{settings.video_max_bytes}]/best[ext=mp4]/best",
    }
    with GuardedYoutubeDL(options, fetcher, settings.fetch_page_max_bytes) as ydl:
        try:
            info = ydl.extract_info(page_url, download=False)
        except Exception as exc:  # yt-dlp wraps our refusals and failures in errors of its own
            if ydl.refusal is not None:
                raise FetchRefused(f"TikTok's page: {ydl.refusal}") from exc
            message = str(exc).removeprefix("ERROR: ")
            if ydl.failure is not None or any(
                word in message.lower() for word in ("unable to download", "timed out", "http error 5")
            ):
                raise FetchFailed(f"TikTok did not answer: {message}") from exc
            raise FetchRefused(f"TikTok has no video at this URL: {message}") from exc
        requested = (info.get("requested_formats") or [info])[0]
        media_url = requested.get("url") or info.get("url")
        if not media_url:
            raise FetchRefused("TikTok's page names no downloadable video")
        headers = dict(requested.get("http_headers") or info.get("http_headers") or {})
        headers.pop("Cookie", None)  # the cookie jar sends them
        return media_url, headers


@contextlib.contextmanager
def fetched_video(
    source: str,
    settings: Settings,
    allow_local: bool = False,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[Path]:
    """Yield a local path holding the video at `source`; the temporary copy is always removed.

    `allow_local` lets the command line pass a file path; the worker only ever takes URLs.
    """
    if allow_local and "://" not in source:
        try:
            yield local_video(source, settings.video_max_bytes)
        except NotAVideoFile as exc:
            raise FetchRefused(str(exc)) from exc
        return

    fd, name = tempfile.mkstemp(prefix="tiktok-commerce-video-", suffix=".bin")
    os.close(fd)
    dest = Path(name)
    try:
        with Fetcher(
            policy_for(settings, resolver), Limits.from_settings(settings), transport=transport
        ) as fetcher:
            fetcher.check(source)  # refused before anything is asked of the network
            if is_tiktok_page(source):
                media_url, headers = _tiktok_media(source, settings, fetcher)
                fetcher.client.headers.update(headers)
                size = stream_to_file(media_url, dest, settings, fetcher)
            else:
                size = stream_to_file(source, dest, settings, fetcher)
        log.info("fetched %s (%d bytes)", urlsplit(source).hostname, size)
        yield dest
    finally:
        dest.unlink(missing_ok=True)
