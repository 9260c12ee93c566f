"""One spelling per video URL, so the same video posted twice is recognised.

Scheme and host lower-cased, the default port and the fragment dropped; a TikTok video page becomes
`https://www.tiktok.com/@user/video/ID` (query dropped, user lower-cased: handles ignore case), and
its video id is what identifies it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

TIKTOK_VIDEO_HOSTS = frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"})
TIKTOK_PAGE_HOSTS = TIKTOK_VIDEO_HOSTS | {"vm.tiktok.com", "vt.tiktok.com"}  # with the short links
_TIKTOK_VIDEO_PATH = re.compile(r"^/@([\w.-]*)/video/(\d{1,30})/?$")
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL as stored and compared (it has passed the URL guard, so it parses)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    video = tiktok_video(scheme, host, parts.path)
    if video is not None:
        user, video_id = video
        return f"https://www.tiktok.com/@{user}/video/{video_id}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def tiktok_video(scheme: str, host: str, path: str) -> tuple[str, str] | None:
    """(user, video id) of a TikTok video page URL, else None."""
    if scheme not in DEFAULT_PORTS or host not in TIKTOK_VIDEO_HOSTS:
        return None
    match = _TIKTOK_VIDEO_PATH.match(path)
    return (match.group(1).lower(), match.group(2)) if match else None


def tiktok_video_id(url: str) -> str | None:
    parts = urlsplit(url)
    video = tiktok_video(parts.scheme.lower(), (parts.hostname or "").rstrip("."), parts.path)
    return video[1] if video else None


def is_tiktok_page(url: str) -> bool:
    """A TikTok page (a video or a short link), as opposed to a direct media URL."""
    return (urlsplit(url).hostname or "").lower().rstrip(".") in TIKTOK_PAGE_HOSTS
