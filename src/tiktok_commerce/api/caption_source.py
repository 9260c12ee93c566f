"""Resolve a video's caption from its URL: TikTok's oEmbed endpoint, then yt-dlp's extractor.

oEmbed (`GET {OEMBED_URL}?url=...`) answers JSON whose `title` is the caption. It fails now and
then (5xx, 429, timeouts), so it is retried with exponential backoff; a 4xx other than 429 means
it will not know the video, and the fallback runs at once. yt-dlp (an optional install, the
`video` extra) reads the caption from the video page as `description`. Either way the result is
plain data: it goes into the database and the caption parser, never into a prompt as instructions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from tiktok_commerce.settings import Settings

log = logging.getLogger(__name__)

MAX_CAPTION_CHARS = 4000


class CaptionSource:
    def __init__(
        self,
        settings: Settings,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        extractor: Callable[[str], str | None] | None = None,
    ) -> None:
        self.settings = settings
        self.client = client or httpx.Client(timeout=settings.oembed_timeout_s, follow_redirects=True)
        self.sleep = sleep
        self.extractor = extractor or ytdlp_caption

    def resolve(self, video_url: str) -> str | None:
        """The caption, or None when neither source knows it (the video is still processed)."""
        caption = self.from_oembed(video_url)
        if caption is None:
            try:
                caption = self.extractor(video_url)
            except Exception as exc:  # yt-dlp raises many kinds; none of them may fail the post
                log.warning("yt-dlp could not read a caption from %s: %s", video_url, exc)
                caption = None
        if caption is not None:
            caption = caption.replace("\x00", "").strip()[:MAX_CAPTION_CHARS] or None
        return caption

    def from_oembed(self, video_url: str) -> str | None:
        attempts = max(1, self.settings.oembed_attempts)
        for attempt in range(1, attempts + 1):
            try:
                response = self.client.get(self.settings.oembed_url, params={"url": video_url})
            except httpx.HTTPError as exc:
                log.info("oEmbed attempt %d/%d for %s: %s", attempt, attempts, video_url, exc)
            else:
                if response.status_code == 200:
                    try:
                        title = response.json().get("title")
                    except (ValueError, AttributeError):
                        log.info("oEmbed answered something that is not a JSON object for %s", video_url)
                        return None
                    return title if isinstance(title, str) and title.strip() else None
                if 400 <= response.status_code < 500 and response.status_code != 429:
                    log.info("oEmbed does not know %s (HTTP %d)", video_url, response.status_code)
                    return None
                log.info(
                    "oEmbed attempt %d/%d for %s: HTTP %d", attempt, attempts, video_url, response.status_code
                )
            if attempt < attempts:
                self.sleep(self.settings.oembed_backoff_s * 2 ** (attempt - 1))
        return None

    def close(self) -> None:
        self.client.close()


def ytdlp_caption(video_url: str) -> str | None:
    """The caption yt-dlp's extractor reads from the video page (None without yt-dlp installed)."""
    try:
        from yt_dlp import YoutubeDL  # optional: the `video` extra
    except ImportError:
        return None
    options = {
        "quiet": True,
        "no_warnings": True,
        "skip_download": True,
        "noplaylist": True,
        "socket_timeout": 10,
    }
    with YoutubeDL(options) as ydl:
        info = ydl.extract_info(video_url, download=False)
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
