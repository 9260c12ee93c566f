"""Text handling the tagger needs: folding for matching, words with their spans, hashtag splitting.

Matching happens on a *folded* copy of the text (NFKC, lower case, Latin accents dropped, so
"Áo sơ mi" and the hashtag "#aosomi" meet), while tags are cut from the original text so they keep
the listing's spelling. Folding maps one character to one character, so spans carry over.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import wordninja

from tiktok_commerce import languages as language_packs

# Letters and digits, plus Thai (whose vowel and tone marks are not "word" characters to `re`).
_WORD = re.compile(r"(?:[^\W_]|[\u0e00-\u0e7f])+", re.UNICODE)
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Endings dropped from a word before matching ("men's" -> "men"): the packs' `text.possessive_endings`.
_POSSESSIVE = re.compile(
    "(?<=\\w)(?:"
    + ("|".join(re.escape(e) for e in language_packs.words("text.possessive_endings")) or "(?!)")
    + ")\\b",
    re.IGNORECASE,
)
_FOLD_EXTRA = {"đ": "d", "ð": "d", "ø": "o", "ß": "s", "æ": "a", "œ": "o", "ł": "l", "ı": "i"}


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    low = char.lower()[:1] or char
    if low in _FOLD_EXTRA:
        return _FOLD_EXTRA[low]
    if low.isascii() or _THAI.match(low):
        return low
    base = unicodedata.normalize("NFKD", low)[:1]
    # Only drop marks from Latin letters: Thai or Vietnamese-in-Thai-script marks carry meaning.
    return base if base.isascii() and base.isalpha() else low


def normalize(text: str) -> str:
    """NFKC (so 𝐛𝐨𝐥𝐝 letters become plain ones) and possessive "'s" removed ("men's" -> "men")."""
    text = unicodedata.normalize("NFKC", text or "")
    # NFKC splits Thai SARA AM into two characters; Thai shoppers type (and search) the one.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return _POSSESSIVE.sub("", text)


def fold(text: str) -> str:
    """Lower case without Latin accents; same length as `text` (which must be normalized)."""
    return "".join(_fold_char(c) for c in text)


def is_thai(text: str) -> bool:
    return bool(_THAI.search(text))


# Scripts written without spaces between words (Thai, Japanese kana, CJK ideographs): their keywords
# are found as substrings, not as words.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]")


def is_unspaced(text: str) -> bool:
    return bool(_UNSPACED.search(text))


@dataclass(frozen=True)
class Word:
    folded: str
    start: int
    end: int


def words(folded: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


def singular(word: str) -> str:
    """A crude English singular, enough to let "drills" meet "drill" (never below 4 letters)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# ---- hashtag splitting -------------------------------------------------------------------------

_NINJA_COST: dict[str, float] = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost
_NINJA_MAX = wordninja.DEFAULT_LANGUAGE_MODEL._maxword
ENGLISH_WORDS: Collection[str] = _NINJA_COST.keys()
# Short words a hashtag may be split into ("#3dprint" -> "3d print"): the packs' `hashtags.short_words`.
_SHORT_WORDS = frozenset(language_packs.words("hashtags.short_words"))
_KNOWN_COST = 5.0  # a word the lexicon or the caption itself uses: as cheap as a common English one
_UNKNOWN_CHAR_COST = 25.0


def split_hashtag(tag: str, known: Collection[str] = (), longest: int = 0) -> list[str]:
    """'#summerdress' -> ['summer', 'dress']; '#tudungmurah' -> ['tudung', 'murah'] given the lexicon.

    A minimum-cost segmentation where a word costs its English Wikipedia rank (wordninja's list)
    or less when the lexicon or the listing's own text knows it, so other languages split too.
    `longest` is the longest known word (computed from `known` when not given).
    """
    body = fold(normalize(tag.lstrip("#＃")))
    parts: list[str] = []
    for chunk in _WORD.findall(body):
        if is_thai(chunk) or chunk.isdigit():
            parts.append(chunk)
            continue
        parts.extend(_segment(chunk, known, longest or max((len(k) for k in known), default=0)))
    return parts


def _segment(text: str, known: Collection[str], longest_known: int) -> list[str]:
    def cost(word: str) -> float:
        if word in known:
            return _KNOWN_COST - min(len(word), 8) * 0.2  # prefer one long known word to two
        if word.isdigit():
            return 1.0
        ninja = _NINJA_COST.get(word)
        if ninja is not None:
            return ninja
        return _UNKNOWN_CHAR_COST * len(word)

    longest = max(_NINJA_MAX, longest_known)
    best = [0.0] + [math.inf] * len(text)
    back = [0] * (len(text) + 1)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - longest), end):
            total = best[start] + cost(text[start:end])
            if total < best[end]:
                best[end], back[end] = total, start
    out: list[str] = []
    end = len(text)
    while end > 0:
        out.append(text[back[end] : end])
        end = back[end]
    out.reverse()
    # Splitting an unknown word into scraps ("#keramik" -> "ke ram ik") invents words: keep it whole.
    if any(len(p) <= 2 and p not in known and p not in _SHORT_WORDS and not p.isdigit() for p in out):
        return [text]
    # A plural's "s" left alone ("essential s") belongs to the word before it.
    merged: list[str] = []
    for part in out:
        if part == "s" and merged:
            merged[-1] += part
        else:
            merged.append(part)
    return merged
