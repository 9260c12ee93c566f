"""Which detector labels would show a product with a given title.

The words come from the language packs: each pack's `[detector.product_labels]` (product word ->
COCO labels: "mug" -> cup) and its tagger's `[tagger.detector_tags]` read the other way round
("caneca", "tazza", "マグカップ" -> cup), so a title in any packed language finds its label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tiktok_commerce import languages

_WORD_RE = re.compile(r"[^\W\d_]+")


def _unspaced(text: str) -> bool:
    """Written without spaces (Thai, Japanese, Chinese): a word is found inside a title, not split."""
    return any("\u0e00" <= c <= "\u0e7f" or "\u3040" <= c <= "\u9fff" for c in text)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """Product word or phrase (lower case) -> the labels that show it, from every pack."""
    table: dict[str, set[str]] = {}
    for _code, pack in sorted(languages.packs().items()):
        for word, labels in pack.table("detector.product_labels").items():
            table.setdefault(word.lower(), set()).update(str(label) for label in labels)
        for label, words in pack.table("tagger.detector_tags").items():
            for word in words:
                table.setdefault(str(word).lower(), set()).add(str(label))
    return {word: frozenset(labels) for word, labels in table.items()}


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, frozenset[str]], ...]:
    """The entries of several words or of an unspaced script, looked for inside a title."""
    return tuple((w, labels) for w, labels in synonyms().items() if " " in w or _unspaced(w))


def product_labels(title: str, known: list[str] | None = None) -> set[str]:
    """COCO labels that would show a product with this title ("Ceramic Mug" -> {"cup"})."""
    lower = title.lower()
    words = _WORD_RE.findall(lower)
    table = synonyms()
    labels: set[str] = set()
    for word in words:
        for form in (
            word,
            word[:-1] if word.endswith("s") else word,
            word[:-2] if word.endswith("es") else word,
        ):
            labels.update(table.get(form, ()))
    for phrase, phrase_labels in _phrases():
        if phrase in lower:
            labels.update(phrase_labels)  # "verre à vin", "マグカップ"
    text = " ".join(words)
    for label in known or ():
        if re.search(rf"\b{re.escape(label)}s?\b", text):
            labels.add(label)  # the title names the class itself ("wine glass set")
    if not labels:
        for word in words:
            labels.update(_compound_head(word, table))
    return labels


MIN_HEAD = 4  # letters of a compound's last part: "tasse" in "Espressotasse", not "cup" in "hiccup"


def _compound_head(word: str, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """The labels of a compound's last part when the title names nothing else ("Espressotasse" ->
    "tasse" -> cup, "Plüschkatze" -> "katze" -> cat): German and Dutch write one word for two."""
    for start in range(3, len(word) - MIN_HEAD + 1):
        found = table.get(word[start:])
        if found:
            return found
    return frozenset()
