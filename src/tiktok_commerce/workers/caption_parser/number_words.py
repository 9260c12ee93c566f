"""Amounts written in words: "twenty five bucks", "tiga puluh lima ribu", "neunzehn Euro neunzig",
"a tenner". The words are the packs' (`numbers.words`, `numbers.scales`, `numbers.joiners`,
`numbers.slang`); a run of them is money only when a currency word follows it, or when it ends
with a multiplier that implies its currency ("ribu": rupiah), or when it is slang for an amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tiktok_commerce.workers.caption_parser import vocab

_PARTS_RE = re.compile(r"[-’']")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MAX_GAP = 2  # characters between two words of one run (a space, ", ", " - ")
# "2 mil pesos", "1,5 mil reais": a figure right before a scale word multiplies it.
_FIGURE_BEFORE_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{1,2})?) $")


def parse_figure(figure: str) -> float:
    """ "2", "1,5", "2.5": a small figure with either decimal mark."""
    return float(figure.replace(",", "."))


@dataclass(frozen=True)
class WordAmount:
    start: int
    end: int
    value: float
    currency: str
    words: str  # as written, for the record


def _fixed_multipliers() -> dict[str, tuple[float, str]]:
    return {
        word: (factor, vocab.SUFFIX_FIXED_CURRENCY[word])
        for word, factor in vocab.MULTIPLIERS.items()
        if word.isalpha() and len(word) > 2 and word in vocab.SUFFIX_FIXED_CURRENCY
    }


_FIXED = _fixed_multipliers()
_KNOWN = frozenset(vocab.NUMBER_WORDS) | frozenset(vocab.NUMBER_SCALES) | frozenset(_FIXED)


# Words one of which an amount in words must contain.
_TRIGGERS = _KNOWN | frozenset(max(slang.split(), key=len) for slang in vocab.SLANG_AMOUNTS)


def _value(words: list[str]) -> float:
    """The value of a run of number words: values add, scales multiply what came before."""
    total = current = 0.0
    for word in words:
        if word in vocab.NUMBER_WORDS:
            current += vocab.NUMBER_WORDS[word]
        elif word in vocab.NUMBER_SCALES or word in _FIXED:
            scale = vocab.NUMBER_SCALES.get(word) or _FIXED[word][0]
            if scale >= 1000:
                total += (current or 1.0) * scale
                current = 0.0
            else:
                current = (current or 1.0) * scale
    return total + current


def _split_words(word: str) -> list[str] | None:
    """ "twenty-five" -> ["twenty", "five"]; None when any part is no number word."""
    if word.isalpha():  # the common case: no hyphen or apostrophe
        return [word] if word in _KNOWN or word in vocab.NUMBER_JOINERS else None
    parts = [p for p in _PARTS_RE.split(word) if p]
    # A hyphenated number word of its own is one part: "quatre-vingt" (80) in "quatre-vingt-neuf".
    for k in range(len(parts) - 1):
        if f"{parts[k]}-{parts[k + 1]}" in _KNOWN:
            parts[k : k + 2] = [f"{parts[k]}-{parts[k + 1]}"]
            break
    return parts if parts and all(p in _KNOWN or p in vocab.NUMBER_JOINERS for p in parts) else None


def may_hold_one(words: list[str]) -> bool:
    """Could a caption with these (lowercase, stripped) words hold an amount in words?"""
    if not _TRIGGERS.isdisjoint(words):
        return True
    # Only a word with a hyphen or an apostrophe can hide one ("twenty-five"); one C scan of the
    # joined words rules out most captions before the per-word loop.
    joined = " ".join(words)
    if "-" not in joined and "'" not in joined:
        return False
    return any(part in _TRIGGERS for w in words if "-" in w or "'" in w for part in _PARTS_RE.split(w))


def find(lower: str, language: str | None) -> Iterator[WordAmount]:
    """Every amount in words in the (lowercase) text of a caption in `language`."""
    currency_words = {**vocab.SUFFIX_CURRENCY, **vocab.LANGUAGE_SUFFIX_CURRENCY.get(language or "", {})}
    if _TRIGGERS.isdisjoint(_LETTERS_RE.findall(lower)):
        return  # most captions: no number word at all (one C scan)
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(lower)]
    currency: str | None  # a slang amount's, a multiplier's own ("grand") or the word after it
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        pair = f"{word} {tokens[i + 1][2]}" if i + 1 < len(tokens) else ""
        if pair in vocab.SLANG_AMOUNTS or word in vocab.SLANG_AMOUNTS:
            slang = pair if pair in vocab.SLANG_AMOUNTS else word  # "a fiver": the article too
            end = tokens[i + 1][1] if slang == pair else end
            value, currency = vocab.SLANG_AMOUNTS[slang]
            if currency:
                yield WordAmount(start, end, value, currency, lower[start:end])
            i += 2 if slang == pair else 1
            continue
        run, j = _run(tokens, i)
        if not run:
            i += 1
            continue
        whole, cents = _value(run), 0.0
        if run[0] in vocab.NUMBER_SCALES and (figure := _FIGURE_BEFORE_RE.search(lower, 0, start)):
            start, whole = figure.start(), _value(run[1:]) + parse_figure(figure.group(1)) * _value(run[:1])
        amount_end = tokens[j - 1][1]
        currency = _FIXED[run[-1]][1] if run[-1] in _FIXED else None
        if currency is None and j < len(tokens) and tokens[j][0] - amount_end <= _MAX_GAP:
            currency = currency_words.get(tokens[j][2])
            if currency is not None:
                amount_end, j = tokens[j][1], j + 1
                # "neunzehn Euro neunzig", "diciannove euro e novanta": cents in words after it
                gap = _MAX_GAP
                if j < len(tokens) and tokens[j][2] in vocab.NUMBER_JOINERS:
                    gap += len(tokens[j][2]) + 1
                    j += 1
                after, k = _run(tokens, j)
                if after and tokens[j][0] - amount_end <= gap and 0 < _value(after) < 100:
                    cents, amount_end, j = _value(after), tokens[k - 1][1], k
        if currency and len(currency) == 3 and whole > 0:
            value = round(whole + cents / 100, 2)
            yield WordAmount(start, amount_end, value, currency, lower[start:amount_end])
        i = max(j, i + 1)


def spelled_values(lower: str) -> set[float]:
    """The value of every run of number words in the (lowercase) text, money or not ("now fifteen")."""
    if _TRIGGERS.isdisjoint(_LETTERS_RE.findall(lower)):
        return set()
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(lower)]
    found: set[float] = set()
    i = 0
    while i < len(tokens):
        run, j = _run(tokens, i)
        if run and (value := _value(run)) > 0:
            found.add(value)
            found.update(_with_cents(tokens, i, j))
        i = max(j, i + 1)
    return found


def _with_cents(tokens: list[tuple[int, int, str]], i: int, j: int) -> set[float]:
    """A run read as whole units then cents: "thirty-two fifty" is 32.50 as well as 82."""
    words = [[p for p in _split_words(t[2]) or [] if p not in vocab.NUMBER_JOINERS] for t in tokens[i:j]]
    found: set[float] = set()
    for k in range(1, len(words)):
        whole = _value([w for ws in words[:k] for w in ws])
        cents = _value([w for ws in words[k:] for w in ws])
        if whole >= 1 and 0 < cents < 100:
            found.add(round(whole + cents / 100, 2))
    return found


def _run(tokens: list[tuple[int, int, str]], i: int) -> tuple[list[str], int]:
    """The number words from token i on (joiners inside only), and the index after them."""
    run: list[str] = []
    j = i
    while j < len(tokens):
        if run and tokens[j][0] - tokens[j - 1][1] > _MAX_GAP:
            break
        parts = _split_words(tokens[j][2])
        if parts is None:
            break
        if all(p in vocab.NUMBER_JOINERS for p in parts) and not run:
            break
        run.extend(p for p in parts if p not in vocab.NUMBER_JOINERS)
        j += 1
    while j > i and tokens[j - 1][2] in vocab.NUMBER_JOINERS:
        j -= 1  # "… and" ends no number
    return run, j
