"""Is a file a video? Decided on its first bytes, never its name or a Content-Type.

Light on purpose (no HTTP client): the command line checks a local file with it before anything
heavy is imported, and the fetcher checks the first bytes of a download with it.
"""

from __future__ import annotations

from pathlib import Path

SNIFF_BYTES = 512  # enough for every container signature below


class NotAVideoFile(Exception):
    """A local file that is missing, too large or not a video; the message says which."""


def local_video(source: str, max_bytes: int) -> Path:
    """The path of a local video file, checked: it exists, is within max_bytes, and is a video."""
    path = Path(source)
    if not path.is_file():
        raise NotAVideoFile(f"there is no file at {source}")
    if path.stat().st_size > max_bytes:
        raise NotAVideoFile(f"the video is larger than the {megabytes(max_bytes)} limit")
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not looks_like_video(head):
        raise NotAVideoFile(f"{path.name} is not a video ({describe(head)})")
    return path


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


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
