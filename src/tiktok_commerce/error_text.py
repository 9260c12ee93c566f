"""How long an error's text may be, and the one way it is cut.

An error travels on a message (`last_error`), in `processing.failed` and onto the video, where a
seller reads it: it is kept readable and bounded. A status line (/health, a loop that died) keeps
less.
"""

from __future__ import annotations

MAX_ERROR_CHARS = 2000
STATUS_ERROR_CHARS = 300


def clip(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """The text, cut to `limit` characters; an ellipsis says it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(exc: BaseException, limit: int = MAX_ERROR_CHARS) -> str:
    """`Type: message` of an exception, cut to `limit` characters."""
    return clip(f"{type(exc).__name__}: {exc}", limit)
