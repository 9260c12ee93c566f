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

MIN_ITEMS = 3
MAX_WORDS = 8  # a product's name, not a sentence

# A line's marker: a bullet or dash, a number with "." or ")" and a space, or one pictograph / arrow.
_MARKER_RE = re.compile(
    r"\s*((?:[-*•・▪◦●▸►–—]|\d{1,2}[.)](?=\s)|[\u2190-\u21ff\u25a0-\u27bf\U0001f300-\U0001faff])\ufe0f?)\s*(.*)"
)
_HASHTAG_RE = re.compile(r"#\w+")


def unpriced_items(text: str) -> list[str]:
    """The lines of the caption's longest run of marked lines, when it lists names; else []."""
    best: list[str] = []
    run: list[str] = []
    marker = ""
    for line in text.split("\n"):
        m = _MARKER_RE.fullmatch(line)
        item = _HASHTAG_RE.sub(" ", m.group(2)).strip() if m else ""
        if not item:
            run, marker = [], ""
            continue
        key = "1." if m and m.group(1)[0].isdigit() else (m.group(1) if m else "")
        if key == marker:
            run.append(item)
        else:
            run, marker = [item], key
        if len(run) > len(best):
            best = list(run)
    if len(best) < MIN_ITEMS or any(_reads_as_feature(item) for item in best):
        return []
    return best


def _reads_as_feature(item: str) -> bool:
    return item[0].isdigit() or ":" in item or len(item.split()) > MAX_WORDS
