"""A small language detector: the script for Thai and Vietnamese, frequent function words otherwise.

Enough to pick a caption's market (the currency of "199k") and the language of its titles; not a
general-purpose detector, which would be a heavy dependency for six markets.
"""

from __future__ import annotations

import re
from itertools import repeat

from tiktok_commerce.workers.caption_parser.vocab import STOPWORDS

_THAI_RE = re.compile("[\u0e00-\u0e7f]")
_KANA_RE = re.compile("[\u3040-\u30ff]")  # hiragana and katakana: only Japanese writes them
_HAN_RE = re.compile("[\u4e00-\u9fff]")  # ideographs without kana: Chinese
# Letters only Vietnamese writes ("â", "ê", "ô" are French and Portuguese too), and only Spanish.
_VIETNAMESE_RE = re.compile("[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_SPANISH_RE = re.compile("[ñ¿¡]", re.IGNORECASE)
_ROMANCE_ACCENT_RE = re.compile("[áéíóúàèìòùâêôãõçœ]", re.IGNORECASE)
_STRIP = "\"'“”‘’.,!?:;()[]|*~-¡¿"
# word -> the languages it is a function word of: one dictionary look-up per word.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _language, _words in STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _language)


def detect_language(text: str, lower: str | None = None, words: list[str] | None = None) -> str:
    """ISO 639-1 code of the caption's language; "en" when nothing points elsewhere.

    `lower` is the text in lowercase when the caller has it already; `words`, when given, receives
    every word of the (lowercase) text with its edge punctuation stripped, for the caller's own
    word tests (one pass over the words instead of two)."""
    hits: dict[str, int] = {}
    if not text.isascii():
        script = (
            "th"
            if _THAI_RE.search(text)
            else "ja"
            if _KANA_RE.search(text)
            else "zh"
            if _HAN_RE.search(text)
            else "vi"
            if _VIETNAMESE_RE.search(text)
            else None
        )
        if script:
            if words is not None:
                words.extend(_words(lower if lower is not None else text.lower()))
            return script
        if _SPANISH_RE.search(text):
            hits["es"] = 1  # "ñ", "¿", "¡" count as one Spanish word (Vietnamese was ruled out)
        elif _ROMANCE_ACCENT_RE.search(text) and not _has_pack_words(
            lower if lower is not None else text.lower()
        ):
            hits["es"] = 1  # an accent and no French/Portuguese/Italian word: Spanish, as before
    # Strip the words and keep the function words in C (map, filter): the Python loop below runs
    # only for the words that count, in caption order, so ties break as before.
    stripped = list(map(str.strip, (lower if lower is not None else text.lower()).split(), repeat(_STRIP)))
    if words is not None:
        words.extend(stripped)  # a list: the caller only tests it against a set, once or twice
    for word in filter(_LANGUAGES_OF.__contains__, stripped):
        for language in _LANGUAGES_OF[word]:
            hits[language] = hits.get(language, 0) + 1
    # English wins ties: it is the most common second language in captions.
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"), default="en")
    return best if hits.get(best, 0) > hits.get("en", 0) else "en"


_PACK_ONLY = frozenset(w for code, ws in STOPWORDS.items() if code in ("fr", "pt", "it", "de") for w in ws)


def _has_pack_words(lower: str) -> bool:
    """Does the text hold a function word of a language that accents share with Spanish?"""
    return not _PACK_ONLY.isdisjoint(w.strip(_STRIP) for w in lower.split())


def _words(lower: str) -> list[str]:
    return [token.strip(_STRIP) if not token.isalpha() else token for token in lower.split()]
