"""The curated multilingual keyword and synonym tables, and finding their words in a text.

Each language's tables are the `[tagger]` section of its language pack (languages/packs/<code>.toml,
and LANGUAGE_PACKS_DIR): one home per language for the parser, the tagger and the thumbnail
matcher. A section holds

    head = "last"; cut_words = ["with", "for"]; compounds = false; stopwords = [...]
    noise = ["fyp", ...]; filler_words = ["ml", "pack", ...]
    [tagger.gender]  men = ["men", "him"]; women = ["women", "her"]
    [tagger.categories."Shoes"]  tags = ["shoes"]
    [tagger.categories."Shoes".keywords]  sneakers = 3; flats = 2
    [tagger.synonyms]  earbuds = ["earphones"]
    [tagger.detector_tags]  cup = ["mug"]

A keyword's weight is how strongly it points at its category: 1 a hint ("set"), 2 an ordinary
product word, 3 an unambiguous product ("sunscreen"), 4 a word that decides the domain whatever
the product ("dog", "car", "baby"); 0 a guard phrase that takes a false friend out of play ("car je"
in French). `head` says where a title's main noun sits ("last" in English, "first" in Indonesian,
Vietnamese, Spanish...); `compounds` lets a keyword match the tail of a glued word (German
"Keramiktasse" -> "tasse"). Adding a language is adding its pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tiktok_commerce import languages as language_packs
from tiktok_commerce.workers.tagger.text import fold, is_unspaced, normalize, singular, words

MAX_PHRASE_WORDS = 5


@dataclass(frozen=True)
class Entry:
    category: str
    weight: float
    language: str
    exact: str | None = None  # a short accented word must match with its accents ("chó" not "cho")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    keyword: str  # folded
    entries: tuple[Entry, ...]


@dataclass
class Language:
    code: str
    head: str = "last"
    cut_words: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    noise: frozenset[str] = frozenset()
    filler_words: frozenset[str] = frozenset()
    gender: dict[str, frozenset[str]] = field(default_factory=dict)
    category_tags: dict[str, list[str]] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    detector_tags: dict[str, list[str]] = field(default_factory=dict)


def _folded_set(items: list[str] | None) -> frozenset[str]:
    return frozenset(fold(normalize(i)).strip() for i in items or [])


def _key(phrase: str) -> str:
    return " ".join(w.folded for w in words(fold(normalize(phrase))))


class Lexicon:
    def __init__(self, tables: list[dict[str, Any]]) -> None:
        self.languages: dict[str, Language] = {}
        self.index: dict[str, list[Entry]] = {}
        self.unspaced_keywords: list[str] = []
        # Languages that glue nouns ("Keramiktasse"): their words also match as a word's tail.
        self.compound_tails: dict[str, list[Entry]] = {}
        self.vocabulary: set[str] = set()
        for table in tables:
            self._add(table)
        self.unspaced_keywords.sort(key=len, reverse=True)

    def _add(self, table: dict[str, Any]) -> None:
        code = table["language"]
        gender = {k: _folded_set(v) for k, v in (table.get("gender") or {}).items()}
        lang = Language(
            code=code,
            head=table.get("head", "last"),
            cut_words=_folded_set(table.get("cut_words")),
            stopwords=_folded_set(table.get("stopwords")),
            noise=_folded_set(table.get("noise")),
            filler_words=_folded_set(table.get("filler_words")),
            gender=gender,
            synonyms={_key(k): v for k, v in (table.get("synonyms") or {}).items()},
            detector_tags={k.lower(): v for k, v in (table.get("detector_tags") or {}).items()},
        )
        for category, spec in (table.get("categories") or {}).items():
            lang.category_tags[category] = list(spec.get("tags") or [])
            for keyword, weight in (spec.get("keywords") or {}).items():
                key = _key(keyword) if not is_unspaced(keyword) else fold(normalize(keyword))
                if not key:
                    continue
                # Folded, a short accented word often is another word ("chó" dog -> "cho" for).
                lowered = " ".join(normalize(keyword).lower().split())
                exact = lowered if lowered != key and len(key) <= 4 and not is_unspaced(key) else None
                entry = Entry(category, float(weight), code, exact)
                self.index.setdefault(key, []).append(entry)
                if table.get("compounds") and " " not in key and len(key) >= 4:
                    self.compound_tails.setdefault(key, []).append(entry)
                if is_unspaced(key):
                    self.unspaced_keywords.append(key)
                self.vocabulary.update(key.split())
        for cue_words in gender.values():
            self.vocabulary.update(w for cue in cue_words for w in cue.split())
        self.vocabulary.update(w for key in lang.synonyms for w in key.split())
        # Filler words split hashtags too: "#tudungmurah" -> "tudung murah" (then "murah" drops).
        for known in (lang.noise, lang.stopwords, lang.filler_words):
            self.vocabulary.update(w for phrase in known for w in phrase.split() if len(w) > 2)
        self.languages[code] = lang

    # ---- matching -----------------------------------------------------------------------------

    def match(self, text: str) -> list[Match]:
        """Keyword occurrences in a (normalized) text, longest first and without overlaps."""
        found: list[Match] = []
        folded = fold(text)
        lowered = "".join(c.lower()[:1] or c for c in text)  # aligned with `folded`
        tokens = words(folded)
        i = 0
        while i < len(tokens):
            for n in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
                part = tokens[i : i + n]
                phrase = " ".join(t.folded for t in part)
                original = " ".join(lowered[t.start : t.end] for t in part)
                # A short word must match with its accents both ways: "chó" is no "cho", and the
                # German "für" is no English "fur".
                accented = n == 1 and len(phrase) <= 4 and original != phrase
                entries = [
                    e
                    for e in self._lookup(phrase) or ()
                    if (e.exact is None and not accented) or e.exact == original
                ]
                if entries:
                    found.append(Match(part[0].start, part[-1].end, phrase, tuple(entries)))
                    i += n
                    break
            else:
                tail = self._compound_tail(tokens[i].folded)
                if tail:
                    found.append(
                        Match(tokens[i].start, tokens[i].end, tail, tuple(self.compound_tails[tail]))
                    )
                i += 1
        if is_unspaced(folded):
            found.extend(self._match_unspaced(folded))
        return sorted(found, key=lambda m: m.start)

    def _lookup(self, phrase: str) -> list[Entry] | None:
        entries = self.index.get(phrase)
        if entries is None:
            head, _, last = phrase.rpartition(" ")
            plural_free = f"{head} {singular(last)}".strip()
            if plural_free != phrase:
                entries = self.index.get(plural_free)
        return entries

    def _compound_tail(self, token: str) -> str | None:
        if not self.compound_tails or len(token) < 7:
            return None
        return next((token[k:] for k in range(1, len(token) - 3) if token[k:] in self.compound_tails), None)

    def _match_unspaced(self, folded: str) -> Iterator[Match]:
        taken = [False] * len(folded)
        for keyword in self.unspaced_keywords:
            start = folded.find(keyword)
            while start >= 0:
                end = start + len(keyword)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    yield Match(start, end, keyword, tuple(self.index[keyword]))
                start = folded.find(keyword, end)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The tagger tables of every language pack that has them."""
    return Lexicon(
        [
            {"language": code, **pack.table("tagger")}
            for code, pack in sorted(language_packs.packs().items())
            if pack.table("tagger")
        ]
    )
