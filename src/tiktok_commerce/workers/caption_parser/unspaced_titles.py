"""Titles for scripts written without spaces between words (Japanese, as its pack says).

Sellers still put spaces between the chunks of a caption ("北海道産 訳あり ほたて貝柱 500g 3,280円"),
but inside a chunk there are none, so the word-run scoring of titles.py has nothing to hold on to.
Here a title is one chunk of the clause before the price: not a spec (no digits), cut after its
last particle ("おやつは無添加ささみジャーキー" -> "無添加ささみジャーキー"), ending in a noun-like
character (kanji, katakana, a Latin letter; a hiragana ending is a verb or an adjective, "蒸れない"),
the longest such chunk, the nearest to the price on a tie. The particles come from the pack.
"""

from __future__ import annotations

import re

from tiktok_commerce import languages as language_packs

# Where a clause ends: emoji (turned into " | " before), CJK and Latin punctuation, list bullets.
_BREAK_RE = re.compile(r"[|!?！？。、,，;；:：「」『』【】\[\]()（）→⇒➡︎&＆◎○●★☆\n]+")
_EDGE = "・.-_/+*#'\"“”‘’ "


def unspaced_languages() -> frozenset[str]:
    return frozenset(
        code for code, pack in language_packs.packs().items() if pack.table("title").get("unspaced")
    )


def _words(language: str, role: str) -> frozenset[str]:
    pack = language_packs.packs().get(language)
    return frozenset(pack.words(role)) if pack else frozenset()


def _noun_like(char: str) -> bool:
    return (
        "\u30a0" <= char <= "\u30ff"  # katakana
        or "\u4e00" <= char <= "\u9fff"  # kanji
        or char.isascii()
        and char.isalpha()
        or char == "ー"
    )


def candidate(
    chunk: str,
    particles: frozenset[str],
    not_names: frozenset[str],
    verb_endings: frozenset[str] = frozenset(),
) -> str | None:
    """The chunk as a title, or None when it cannot be one."""
    chunk = chunk.strip(_EDGE)
    if not chunk or any(c.isdigit() for c in chunk):
        return None
    # A particle followed by a noun ends what came before ("おやつは無添加..."); inside a word it
    # does not ("ひんやり").
    cut = max(
        (i for i, c in enumerate(chunk[:-1]) if c in particles and _noun_like(chunk[i + 1])),
        default=-1,
    )
    if cut >= 0:
        chunk = chunk[cut + 1 :].strip(_EDGE)
    if chunk[:1] in particles or chunk[-1:] in particles:
        return None  # "でお得", "ショップページへ": the rest of a sentence, not a name
    lower = chunk.lower()
    if len(chunk) < 2 or lower in not_names or chunk.endswith(tuple(verb_endings)):
        return None  # a verb or an adjective ("蒸れない", "変わります"), or no name at all
    if not any(_noun_like(c) for c in chunk):
        return None
    if any(word in chunk for word in not_names if not word.isascii()):
        return None  # "半額SALE", "送料無料": what the offer is, not what is sold
    return chunk


def best_chunk(text: str, language: str) -> str | None:
    """The likeliest product name in `text` (the clause before a price, or a whole caption)."""
    particles = _words(language, "title.particles")
    not_names = _words(language, "title.not_names") | _words(language, "title.cut_words")
    endings = _words(language, "title.verb_endings")
    best: str | None = None
    for chunk in text.split():
        name = candidate(chunk, particles, not_names, endings)
        if name is not None and (best is None or len(name) >= len(best)):
            best = name
    return best


def _AMOUNTS_OUT(text: str, amount_spans: list[tuple[int, int]]) -> str:  # noqa: N802
    """The text with its amounts blanked out (they are not names)."""
    chars = list(text)
    for s, e in amount_spans:
        for i in range(s, min(e, len(chars))):
            chars[i] = " "
    return "".join(chars)


def titles_before(
    body: str, price_spans: list[tuple[int, int]], amount_spans: list[tuple[int, int]], language: str
) -> list[str]:
    """One title per price: the best chunk between the previous amount (or clause break) and it;
    when that clause names nothing, the clause after the price (up to the next amount)."""
    titles: list[str] = []
    ends = sorted(end for _, end in amount_spans)
    starts = sorted(start for start, _ in amount_spans)
    for start, end in price_spans:
        before_from = max((e for e in ends if e <= start), default=0)
        clause = _BREAK_RE.split(body[before_from:start])[-1] if body[before_from:start] else ""
        name = best_chunk(clause, language)
        if name is None:  # the name after the price ("3,300円🔥 クッションファンデ"): its first clause
            after_to = min((s for s in starts if s >= end), default=len(body))
            clauses = [c for c in _BREAK_RE.split(body[end:after_to]) if c.strip()]
            name = best_chunk(clauses[0], language) if clauses else None
        if name is None:  # "通常3,960円→1,980円": the name stands before the former price
            name = best_chunk(" ".join(_BREAK_RE.split(_AMOUNTS_OUT(body[:start], amount_spans))), language)
        titles.append(name or "")
    return titles
