"""A caption's language, by the one detector the parser and the tagger share (languages.detect)."""

from __future__ import annotations

from itertools import repeat

from tiktok_commerce.languages.detect import detect

_STRIP = "\"'“”‘’.,!?:;()[]|*~-¡¿"


def detect_language(text: str, lower: str | None = None, words: list[str] | None = None) -> str:
    """ISO 639-1 code of the caption's language; "en" when nothing points elsewhere.

    `words`, when given, receives every word of the (lowercase) text with its edge punctuation
    stripped, for the caller's own word tests."""
    if words is not None:
        words.extend(map(str.strip, (lower if lower is not None else text.lower()).split(), repeat(_STRIP)))
    return detect(text)
