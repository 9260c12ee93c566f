"""The offline tagger: a category from the taxonomy and shopper search tags, each with a confidence.

Evidence, strongest first: the product title (its head noun most of all), the part of the caption
around the title, the hashtags split into words, the detector's labels on the thumbnails. Each
keyword found votes for its category with its weight times the weight of where it was found.

Tags are cut from the listing's own words (so they are in its language) plus the lexicon's
synonyms and category tags for that language. A tag's confidence is the precision that tags of its
kind reached on the labelled dev captions (see docs/tagger.md), so 0.9 really is right more often
than 0.7.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from tiktok_commerce import languages as language_packs
from tiktok_commerce.languages.detect import DEFAULT as DEFAULT_LANGUAGE
from tiktok_commerce.languages.detect import detect
from tiktok_commerce.workers.tagger.lexicon import Language, Lexicon, Match, load_lexicon
from tiktok_commerce.workers.tagger.taxonomy import Taxonomy, load_taxonomy
from tiktok_commerce.workers.tagger.text import (
    ENGLISH_WORDS,
    Word,
    fold,
    is_unspaced,
    normalize,
    singular,
    split_hashtag,
    words,
)

# Where a keyword was found -> how much its vote counts.
SOURCE_WEIGHT = {"title": 3.0, "near": 1.0, "hashtag": 0.8, "far": 0.25, "detector": 1.5}
FOREIGN_WORD_WEIGHT = 0.5  # a keyword from another language's table than the listing's
HEAD_BONUS = 1.6
AFTER_CUT_WEIGHT = 0.5
# Captions are untrusted: bound the work one can cause (no seller needs more to be understood).
MAX_HASHTAGS = 30
MAX_HASHTAG_CHARS = 60  # the title's main noun decides more than its modifiers ("car trash can")

# Confidence of each kind of tag = the precision tags of that kind reached on the labelled dev
# captions (the 150 not held out; measured numbers in the comments, rounded down a little), so a
# 0.9 tag is right about nine times in ten. Kinds below the threshold are dropped by default.
CONFIDENCE = {
    "title": 0.95,  # the whole title, when it is short (1.00, n=96)
    "title_head": 0.93,  # the head noun with its qualifier: "cordless drill" (0.99, n=128)
    "title_part": 0.9,  # the title's three words at its head end, when longer (0.99, n=83)
    "title_keyword": 0.92,  # a catalogue phrase of the category in the title (0.97, n=226)
    "hashtag_related": 0.88,  # a hashtag sharing a word with the title (0.94, n=63)
    "synonym": 0.88,  # the lexicon's synonym of a keyword in the title (0.93, n=88)
    "hashtag_shared": 0.75,  # a category hashtag of a several-product caption (0.81, n=43)
    "category": 0.68,  # the category's own search word: "skincare" (0.69, n=122)
    "caption_keyword": 0.65,  # a specific catalogue phrase near the title or after its "with"
    # (0.66, n=47)
    "hashtag": 0.64,  # any other specific hashtag of a one-product caption (0.66, n=73)
    "detector": 0.62,  # x (0.85 + 0.3 x share of thumbnails showing it): not in the dev set
    "caption_synonym": 0.5,  # a synonym of a caption keyword (0.50, n=8): below the threshold
}


def _alt(words: Iterable[str]) -> str:
    """The words as a regex alternation, longest first; one that never matches when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


_HASHTAG = re.compile(r"[#＃]((?:[^\W_]|[\u0e00-\u0e7f])(?:\w|[\u0e00-\u0e7f])*)", re.UNICODE)
_SEGMENT_BREAK = re.compile(r"[\n|•·;/→➡️]+|\s[-–—+]\s|,\s|\.\s|!\s|\?\s")
# Platform and community hashtags (#tiktokshopph, #fyp, #cleantok, #dogtok) say nothing a shopper
# would search for about the product: the packs' `hashtags.generic_starts` and `hashtags.generic_ends`.
_GENERIC_HASHTAG = re.compile(
    f"^(?:{_alt(language_packs.words('hashtags.generic_starts'))})"
    f"|(?:{_alt(language_packs.words('hashtags.generic_ends'))})$"
)
# Taxonomy category names are split into keywords at "&", ",", "/" and the packs' `title.and_words`
# ("Health and Beauty").
_CATEGORY_PARTS = re.compile(
    r"\s*(?:"
    + "|".join(["&", ",", "/", *(rf"\b{re.escape(w)}\b" for w in language_packs.words("title.and_words"))])
    + r")\s*"
)


@dataclass
class Listing:
    """What the tagger knows about one product."""

    title: str
    caption: str = ""
    hashtags: list[str] = field(default_factory=list)
    language: str | None = None
    detector_labels: dict[str, float] = field(default_factory=dict)  # label -> share of thumbnails
    other_titles: list[str] = field(default_factory=list)  # the caption's other products


@dataclass(frozen=True)
class Suggested:
    tag: str
    confidence: float
    source: str
    kind: str = ""  # which rule made it (a key of CONFIDENCE): what calibration is measured on


@dataclass
class Suggestion:
    category: str | None
    tags: list[Suggested]
    language: str
    scores: dict[str, float]


class RulesTagger:
    def __init__(self, taxonomy: Taxonomy | None = None, lexicon: Lexicon | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.lexicon = lexicon or load_lexicon()
        self._longest_known = max(map(len, self.lexicon.vocabulary), default=0)
        # A taxonomy's own category names are keywords too, so a custom taxonomy works untrained.
        self._name_keywords = {
            " ".join(w.folded for w in words(fold(part))): category
            for category in self.taxonomy.categories
            for part in _CATEGORY_PARTS.split(category)
            if part.strip()
        }

    def suggest(self, listing: Listing, threshold: float = 0.6, max_tags: int = 10) -> Suggestion:
        title = normalize(listing.title).strip()
        caption = normalize(listing.caption or "")
        hashtags = listing.hashtags or _HASHTAG.findall(caption)
        near, far = self._caption_parts(title, caption, listing.other_titles)
        language = listing.language or detect(f"{title} {caption}")
        if language not in self.lexicon.languages:
            language = DEFAULT_LANGUAGE  # a language with no tagger words yet: English is understood
        lang = self.lexicon.languages[language]
        hashtag_phrases = self._hashtag_phrases(hashtags, f"{title} {caption}", lang.noise)

        scores: dict[str, float] = defaultdict(float)
        title_folded = fold(title)
        title_matches = self.lexicon.match(title)
        head = self._head_match(title_folded, title_matches, lang.head, lang.cut_words)
        cut = _cut_position(title_folded, lang)
        for m in title_matches:
            # "Running Shorts with Phone Pocket": what follows "with" is a feature, not the product.
            where = HEAD_BONUS if m is head else (1.0 if m.start < cut else AFTER_CUT_WEIGHT)
            self._vote(scores, m, SOURCE_WEIGHT["title"] * where, language)
        for part, source in ((near, "near"), (far, "far")):
            for m in self.lexicon.match(part):
                self._vote(scores, m, SOURCE_WEIGHT[source], language)
        shared_caption = bool(listing.other_titles)
        for phrase in hashtag_phrases:
            for m in self.lexicon.match(phrase):
                self._vote(scores, m, SOURCE_WEIGHT["hashtag"] * (0.5 if shared_caption else 1.0), language)
        for label, share in listing.detector_labels.items():
            category = self.taxonomy.detector_labels.get(label.lower())
            if category:
                scores[category] += SOURCE_WEIGHT["detector"] * share
        for key, category in self._name_keywords.items():
            if re.search(rf"\b{re.escape(key)}\b", title_folded):
                scores[category] += 1.0

        category = max(scores, key=scores.__getitem__) if scores else None
        category = self._gendered(category, title, near, hashtag_phrases)
        tags = self._tags(category, title, title_matches, head, near, hashtag_phrases, listing, language)
        kept = [t for t in tags if t.confidence >= threshold][:max_tags]
        return Suggestion(category, kept, language, dict(scores))

    # ---- evidence ----------------------------------------------------------------------------

    def _vote(self, scores: dict[str, float], match: Match, weight: float, language: str) -> None:
        # A word several languages share ("serum") votes once per category, not once per table;
        # a word of another language (German "Hut" in an English caption) counts for less.
        best: dict[str, float] = {}
        for entry in match.entries:
            if entry.category in self.taxonomy:
                native = entry.language in (language, "en")  # English words are used everywhere
                strength = entry.weight * (1.0 if native else FOREIGN_WORD_WEIGHT)
                best[entry.category] = max(best.get(entry.category, 0.0), strength)
        for category, strength in best.items():
            scores[category] += strength * weight

    @staticmethod
    def _caption_parts(title: str, caption: str, other_titles: list[str]) -> tuple[str, str]:
        """(the caption around this product, the rest). One product: the whole caption is near."""
        text = _HASHTAG.sub(" ", caption)
        if not other_titles:
            return text, ""
        own = {singular(w.folded) for w in words(fold(title))}
        others = {singular(w.folded) for t in other_titles for w in words(fold(normalize(t)))}
        segments = [s for s in _SEGMENT_BREAK.split(text) if s and s.strip()]

        def overlap(segment: str) -> float:
            seg = {singular(w.folded) for w in words(fold(segment))}
            return len(seg & own) - 0.5 * len(seg & (others - own))

        best = max(segments, key=overlap, default="")
        if overlap(best) <= 0:
            return "", text
        return best, " ".join(s for s in segments if s is not best)

    def _hashtag_phrases(self, hashtags: list[str], text: str, noise: frozenset[str]) -> list[str]:
        """Each meaningful hashtag as folded words: '#summerdress' -> 'summer dress'."""
        # The listing's own words help split its hashtags (its hashtags themselves must not).
        own = {w.folded for w in words(fold(_HASHTAG.sub(" ", text))) if len(w.folded) > 2}
        known = _Known(self.lexicon.vocabulary, own)
        longest = max(self._longest_known, max(map(len, own), default=0))
        phrases: list[str] = []
        for raw in hashtags[:MAX_HASHTAGS]:
            tag = fold(normalize(raw.lstrip("#＃")))
            if not tag or len(tag) > MAX_HASHTAG_CHARS or tag in noise or _GENERIC_HASHTAG.search(tag):
                continue
            parts = [p for p in split_hashtag(tag, known, longest) if p not in noise]
            phrase = " ".join(parts)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        return phrases

    @staticmethod
    def _head_match(title: str, matches: list[Match], head: str, cut_words: frozenset[str]) -> Match | None:
        """The keyword that is the title's main noun: last before 'with'/'for' or first."""
        if not matches:
            return None
        if head == "first":
            return matches[0]
        cut = next((w.start for w in words(title) if w.folded in cut_words), len(title))
        before = [m for m in matches if m.end <= cut]
        return (before or matches)[-1]

    def _gendered(self, category: str | None, title: str, near: str, hashtags: list[str]) -> str | None:
        """Clothing for men goes to the men's category when the taxonomy has one (for_men)."""
        target = self.taxonomy.for_men.get(category or "")
        if not target:
            return category
        score = {"men": 0.0, "women": 0.0}
        for text, weight in ((title, 3.0), (near, 1.0), (" ".join(hashtags), 1.0)):
            tokens = [w.folded for w in words(fold(text))]
            phrases = set(tokens) | {" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)}
            for lang in self.lexicon.languages.values():
                for gender, cues in lang.gender.items():
                    if gender in score:
                        score[gender] += weight * len(phrases & cues)
        return target if score["men"] > score["women"] else category

    def _known_word(self, word: str) -> bool:
        return word in self.lexicon.vocabulary or word in ENGLISH_WORDS

    # ---- tags --------------------------------------------------------------------------------

    def _tags(
        self,
        category: str | None,
        title: str,
        title_matches: list[Match],
        head: Match | None,
        near: str,
        hashtag_phrases: list[str],
        listing: Listing,
        language: str,
    ) -> list[Suggested]:
        lang = self.lexicon.languages[language]
        found: dict[str, Suggested] = {}

        def add(text: str, kind: str, source: str, scale: float = 1.0) -> None:
            tag = " ".join(text.lower().split()).strip(" -,.")
            key = " ".join(w.folded for w in words(fold(tag)))
            if not key or key in lang.noise or key.isdigit():
                return
            confidence = round(min(1.0, CONFIDENCE[kind] * scale), 3)
            if key not in found or found[key].confidence < confidence:
                found[key] = Suggested(tag, confidence, source, kind)

        in_category = [m for m in title_matches if _votes_for(m, category)]
        for text, kind in self._title_phrases(title, title_matches, head, lang):
            add(text, kind, "title")
        folded_title = fold(title)
        cut = _cut_position(folded_title, lang)
        title_keywords: set[str] = set()
        for m in in_category:
            if _is_quantity(folded_title, m) or any(c.isdigit() for c in m.keyword):
                continue  # "12 Cup", "18K": a count or a grade, not what the product is
            # After "with"/"for" the title lists extras ("Heating Pad with Massage"): weaker.
            kind = "title_keyword" if m.start < cut else "caption_keyword"
            add(title[m.start : m.end], kind, "title")
            title_keywords.add(m.keyword)
        own_words = {singular(w.folded) for w in words(folded_title)}
        near_keywords: set[str] = set()
        for m in self.lexicon.match(near):
            # Only specific catalogue words make tags from the caption ("skin", "bits" do not).
            specific = _strength_for(m, category) >= 2.5 and not any(c.isdigit() for c in m.keyword)
            if specific and m.keyword not in title_keywords | near_keywords:
                add(near[m.start : m.end], "caption_keyword", "caption")
                near_keywords.add(m.keyword)
        title_glued = "".join(w.folded for w in words(fold(title)))
        for phrase in hashtag_phrases:
            if phrase.replace(" ", "") in title_glued:
                continue  # "#dashcam" under "Dash Cam": the title's own words already say it
            if " " not in phrase and len(phrase) > 8 and not self._known_word(phrase):
                continue  # a glued hashtag nothing could split ("#dodibien") is no search term
            related = bool({singular(w) for w in phrase.split()} & own_words)
            matches = self.lexicon.match(phrase)
            if related:
                add(phrase, "hashtag_related", "hashtag")
            elif any(_votes_for(m, category) for m in matches):
                add(phrase, "hashtag" if not listing.other_titles else "hashtag_shared", "hashtag")
            elif not listing.other_titles:
                add(phrase, "hashtag", "hashtag")
        for keywords, kind in ((title_keywords, "synonym"), (near_keywords, "caption_synonym")):
            for keyword in keywords:
                for synonym in lang.synonyms.get(keyword, []):
                    add(synonym, kind, "synonym")
        if category:
            for tag in lang.category_tags.get(category, []):
                add(tag, "category", "category")
        for label, share in listing.detector_labels.items():
            if self.taxonomy.detector_labels.get(label.lower()) == category:
                for tag in lang.detector_tags.get(label.lower(), []):
                    add(tag, "detector", "detector", scale=0.85 + 0.3 * share)
        return sorted(found.values(), key=lambda t: -t.confidence)

    @staticmethod
    def _title_phrases(
        title: str, matches: list[Match], head: Match | None, lang: Language
    ) -> list[tuple[str, str]]:
        """Tags cut from the title: all of it when short, its first or last three words, and the
        head noun with the word (or catalogue phrase) that qualifies it: "cordless drill"."""
        folded = fold(title)
        kept: list[Word] = []
        for w in words(folded):
            if w.folded in lang.cut_words and lang.head == "last" and kept:
                break  # "Heating Pad with Massage": what follows "with" is not the product
            if any(c.isdigit() for c in w.folded) or w.folded in lang.filler_words:
                continue
            kept.append(w)
        # Units: a keyword phrase is one unit ("button down"), any other word is one.
        units: list[tuple[int, int]] = []
        for w in kept:
            m = next((m for m in matches if m.start <= w.start and w.end <= m.end), None)
            if units and m is not None and units[-1][0] >= m.start:
                units[-1] = (units[-1][0], w.end)
            else:
                units.append((w.start, w.end))
        content = [u for u in units if folded[u[0] : u[1]] not in lang.stopwords]
        if not content:
            return []

        def span(first: tuple[int, int], last: tuple[int, int]) -> str:
            # The kept words only: "Hot Honey 12oz Squeeze Bottle" -> "hot honey squeeze bottle".
            return " ".join(title[w.start : w.end] for w in kept if first[0] <= w.start < last[1])

        out: list[tuple[str, str]] = []
        n_words = sum(len(title[a:b].split()) for a, b in content)
        if n_words <= 3 or (is_unspaced(folded) and len(content) == 1):
            out.append((span(content[0], content[-1]), "title"))
        elif lang.head == "first":
            out.append((span(content[0], content[min(2, len(content) - 1)]), "title_part"))
        else:
            out.append((span(content[max(0, len(content) - 3)], content[-1]), "title_part"))
        if is_unspaced(folded):
            out.append((span(content[0], content[0]), "title_head"))
            return out
        at = None
        if head is not None and lang.head == "first":
            at = next((i for i, u in enumerate(content) if u[0] <= head.start < u[1]), None)
        if at is None:  # head-last titles end on their noun: "Wooden Rabbit Hideout Hut"
            at = 0 if lang.head == "first" else len(content) - 1
        if lang.head == "first" and at + 1 < len(content):
            out.append((span(content[at], content[at + 1]), "title_head"))
        elif lang.head == "last" and at > 0:
            out.append((span(content[at - 1], content[at]), "title_head"))
        return out


class _Known:
    """The words hashtag splitting knows: the tables' and the listing's, without copying."""

    def __init__(self, *sets: set[str]) -> None:
        self.sets = sets

    def __contains__(self, word: object) -> bool:
        return any(word in s for s in self.sets)

    def __iter__(self) -> Iterator[str]:
        return (w for s in self.sets for w in s)

    def __len__(self) -> int:
        return sum(map(len, self.sets))


def _cut_position(folded_title: str, lang: Language) -> int:
    """Where a head-last title turns to extras ("... with Massage"); its end when it does not."""
    if lang.head != "last":
        return len(folded_title)
    tokens = words(folded_title)
    return next((w.start for w in tokens[1:] if w.folded in lang.cut_words), len(folded_title))


def _is_quantity(folded_title: str, match: Match) -> bool:
    """A one-word keyword right after a number counts something: "12 Cup", "3 Pack"."""
    before = folded_title[: match.start].split()
    return " " not in match.keyword and bool(before) and before[-1].isdigit()


def _strength_for(match: Match, category: str | None) -> float:
    return max((e.weight for e in match.entries if e.category == category), default=0.0)


def _votes_for(match: Match, category: str | None) -> bool:
    return category is not None and any(e.category == category for e in match.entries)


@lru_cache(maxsize=8)
def tagger_for(taxonomy_file: str | None = None) -> RulesTagger:
    """A tagger for the taxonomy file (None: the default one), built once per process."""
    return RulesTagger(taxonomy=load_taxonomy(taxonomy_file))
