"""Look up a missing caption from the video's URL: TikTok's oEmbed endpoint, then the page itself.

This runs in the caption parser's stage, never in the API's request: a slow or hostile page holds a
worker (with its retries, backoff and dead-letter queue), not the API. Every request goes through
the guarded fetcher (URL guard on every hop, pinned addresses, a total deadline, a byte cap).

- oEmbed (`GET {OEMBED_URL}?url=...`) answers JSON whose `title` is the caption. It fails now and
  then (5xx, 429, timeouts), so it is retried with exponential backoff; a 4xx other than 429 means
  it does not know the video, and the page is read at once.
- A TikTok page is read by yt-dlp's extractor (the `video` extra; without it, oEmbed alone), whose
  requests go through the same guard; its `description` is the caption. A direct media URL has no
  page, so only oEmbed is asked.

A refusal of the guard means no caption (the thumbnail stage fails the video with the reason if the
URL itself is refused); a page that keeps timing out raises `CaptionLookupFailed`, so the stage is
retried and, after its last try, the video fails with the message. The caption stays plain data.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from tiktok_commerce.guarded_http import Fetcher, FetchFailed, FetchRefused, Limits
from tiktok_commerce.settings import Settings
from tiktok_commerce.urlguard import FetchPolicy, Resolver, policy_for
from tiktok_commerce.video_urls import is_tiktok_page

log = logging.getLogger(__name__)

MAX_CAPTION_CHARS = 4000


class CaptionLookupFailed(Exception):
    """The caption could not be looked up this time (timeouts, 5xx); a retry may succeed."""


@dataclass(frozen=True)
class FoundCaption:
    caption: str | None
    source: str  # "oembed" | "page" | "none"


Extractor = Callable[[str, Settings, FetchPolicy], str | None]


class CaptionSource:
    def __init__(
        self,
        settings: Settings,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        extractor: Extractor | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy_for(settings, resolver)
        self.transport = transport
        self.sleep = sleep
        self.extractor = extractor or page_caption

    def resolve(self, video_url: str) -> FoundCaption:
        """The caption and where it came from; source "none" when neither knows it."""
        caption = clean(self.from_oembed(video_url))
        if caption is not None:
            return FoundCaption(caption, "oembed")
        if not is_tiktok_page(video_url):  # a direct media URL has no page to read a caption from
            return FoundCaption(None, "none")
        try:
            caption = clean(self.extractor(video_url, self.settings, self.policy))
        except FetchRefused as exc:
            log.warning("the page of %s is refused: %s", urlsplit(video_url).hostname, exc)
            return FoundCaption(None, "none")
        except FetchFailed as exc:
            raise CaptionLookupFailed(f"the caption lookup failed: {exc}") from exc
        except Exception as exc:  # yt-dlp raises many kinds; a page it cannot read has no caption
            log.warning("the page of %s could not be read: %s", urlsplit(video_url).hostname, exc)
            return FoundCaption(None, "none")
        return FoundCaption(caption, "page" if caption is not None else "none")

    def from_oembed(self, video_url: str) -> str | None:
        endpoint = urlsplit(self.settings.oembed_url)
        port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
        policy = self.policy.with_host(endpoint.hostname or "", port)
        timeout = self.settings.oembed_timeout_s
        limits = Limits(deadline_s=timeout, connect_timeout_s=timeout, read_timeout_s=timeout)
        attempts = max(1, self.settings.oembed_attempts)
        for attempt in range(1, attempts + 1):
            try:
                with (
                    Fetcher(policy, limits, transport=self.transport) as fetcher,
                    fetcher.stream(self.settings.oembed_url, params={"url": video_url}) as response,
                ):
                    status = response.status_code
                    body = fetcher.read_capped(response, self.settings.fetch_page_max_bytes)
            except FetchRefused as exc:
                log.info("oEmbed for %s: %s", video_url, exc)
                return None
            except FetchFailed as exc:
                log.info("oEmbed attempt %d/%d for %s: %s", attempt, attempts, video_url, exc)
            else:
                if status == 200:
                    return _title(body)
                if 400 <= status < 500 and status != 429:
                    log.info("oEmbed does not know %s (HTTP %d)", video_url, status)
                    return None
                log.info("oEmbed attempt %d/%d for %s: HTTP %d", attempt, attempts, video_url, status)
            if attempt < attempts:
                self.sleep(self.settings.oembed_backoff_s * 2 ** (attempt - 1))
        return None


def _title(body: bytes) -> str | None:
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):
        log.info("oEmbed answered something that is not JSON")
        return None
    title = answer.get("title") if isinstance(answer, dict) else None
    return title if isinstance(title, str) else None


def clean(caption: str | None) -> str | None:
    """A caption as stored: no NUL (PostgreSQL refuses it), trimmed, capped; None when empty."""
    if caption is None:
        return None
    return caption.replace("\x00", "").strip()[:MAX_CAPTION_CHARS] or None


def page_caption(video_url: str, settings: Settings, policy: FetchPolicy) -> str | None:
    """The caption yt-dlp's extractor reads from the video page (None without yt-dlp installed)."""
    try:
        from tiktok_commerce.ytdlp_guard import GuardedYoutubeDL  # yt-dlp: the optional `video` extra
    except ImportError:
        return None
    options = {
        "quiet": True,
        "no_warnings": True,
        "skip_download": True,
        "noplaylist": True,
        "cachedir": False,
    }
    with (
        Fetcher(policy, Limits.from_settings(settings)) as fetcher,
        GuardedYoutubeDL(options, fetcher, settings.fetch_page_max_bytes) as ydl,
    ):
        try:
            info = ydl.extract_info(video_url, download=False)
        except Exception as exc:  # yt-dlp wraps our refusals and failures in errors of its own
            if ydl.refusal is not None:
                raise ydl.refusal from exc
            if ydl.failure is not None:
                raise ydl.failure from exc
            log.info("the page of %s names no caption: %s", video_url, str(exc).removeprefix("ERROR: "))
            return None
    if not isinstance(info, dict):
        return None
    description = info.get("description")
    if isinstance(description, str) and description.strip():
        return description
    # The generic extractor names a bare file by its file name: that is not a caption.
    title = info.get("title")
    if info.get("extractor_key") != "Generic" and isinstance(title, str) and title.strip():
        return title
    return None
