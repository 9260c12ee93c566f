"""Products listed one a line with no price: "Lo que siempre llevo a la playa 🏖️ / • bloqueador
facial en barra / • sombrero de palma / • toalla de microfibra / Todo está en mi vitrina".

A caption that sells without a price and lists three or more short lines under one marker (a bullet,
a dash, a number, one emoji) lists its products: each line names one. A priced caption's list is
left to the price rules, where a marked list more often holds the one product's features
("• 3 heat levels / • massage mode"); a list whose lines open with a figure or hold a colon reads as
features or specs here too ("✅ 42 Teile", "- Material: Baumwolle") and is not taken.
"""

from __future__ import annotations

import re

from tiktok_commerce import languages as language_packs
from tiktok_commerce.workers.caption_parser.titles import names_a_product

MIN_ITEMS = 3
MAX_WORDS = 8  # a product's name, not a sentence

# A line's marker: a bullet or dash, a number with "." or ")" and a space, or one pictograph / arrow.
_MARKER_RE = re.compile(
    r"\s*((?:[-*•・▪◦●▸►–—]|\d{1,2}[.)](?=\s)|[\u2190-\u21ff\u25a0-\u27bf\U0001f300-\U0001faff])\ufe0f?)\s*(.*)"
)
_HASHTAG_RE = re.compile(r"#\w+")
# "ciseaux cranteurs, épingles tête de verre, craie tailleur et découseur": the last item's joiner.
_AND_RE = re.compile(
    r"\s+(?:" + "|".join(re.escape(w) for w in sorted(language_packs.words("title.and_words"))) + r")\s+",
    re.IGNORECASE,
)
MAX_LINE_ITEM_WORDS = 5


def unpriced_items(text: str) -> list[str]:
    """The lines of the caption's longest run of marked lines, when it lists names; else []."""
    best: list[str] = []
    run: list[str] = []
    marker = ""
    for line in text.split("\n"):
        m = _MARKER_RE.fullmatch(line)
        item = _HASHTAG_RE.sub(" ", m.group(2)).strip() if m else ""
        if not m or not item:
            run, marker = [], ""
            continue
        key = "1." if m.group(1)[0].isdigit() else m.group(1)  # any number marks like "1."
        if key == marker:
            run.append(item)
        else:
            run, marker = [item], key
        if len(run) > len(best):
            best = list(run)
    if len(best) < MIN_ITEMS or any(_reads_as_feature(item, MAX_WORDS) for item in best):
        return []
    return best


def line_items(text: str, language: str | None) -> list[str]:
    """The items of a line that is nothing but a list of three or more names, commas between them
    and an "and" before the last ("braided line, barrel swivels, soft plastic lures and a tackle
    box"); else []. Three items or more must name a product (a pack's product noun) and one at most
    may not: a line of the one product's features ("handmade, dishwasher safe, fits most mugs") is
    no list."""
    for line in text.split("\n"):
        line = _HASHTAG_RE.sub(" ", line).strip().rstrip(".!")
        if line.count(",") < 1:
            continue
        items = [i.strip() for i in line.split(",")]
        items[-1:] = [i.strip() for i in _AND_RE.split(items[-1])]
        items = [i for i in items if i]
        if (
            len(items) >= MIN_ITEMS
            and not any(_reads_as_feature(i, MAX_LINE_ITEM_WORDS) for i in items)
            and (named := sum(names_a_product(i.split(), language) for i in items)) >= MIN_ITEMS
            and len(items) - named <= 1
        ):
            return items
    return []


def _reads_as_feature(item: str, max_words: int) -> bool:
    """A figure first ("3 heat levels"), a spec ("Material: Baumwolle") or a sentence: no name."""
    return item[0].isdigit() or ":" in item or len(item.split()) > max_words
