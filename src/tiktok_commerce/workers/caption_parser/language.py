"""A small language detector: the script for Thai and Vietnamese, frequent function words otherwise.

Enough to pick a caption's market (the currency of "199k") and the language of its titles; not a
general-purpose detector, which would be a heavy dependency for six markets.
"""

from __future__ import annotations

import re

from tiktok_commerce.workers.caption_parser.vocab import STOPWORDS

_THAI_RE = re.compile("[\u0e00-\u0e7f]")
_VIETNAMESE_RE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the caption's language; "en" when nothing points elsewhere."""
    if not text.isascii():
        if _THAI_RE.search(text):
            return "th"
        if len(_VIETNAMESE_RE.findall(text)) >= 2:
            return "vi"
    words = _WORD_RE.findall(text.lower())
    best, best_hits = "en", 0
    for language, stopwords in STOPWORDS.items():
        hits = sum(1 for w in words if w in stopwords)
        # English wins ties: its stopword list is the most common second language in captions.
        if hits > best_hits or (hits == best_hits and language == "en"):
            best, best_hits = language, hits
    return best
