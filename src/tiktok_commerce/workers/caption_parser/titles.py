"""Product names and variants from a caption body (hashtags gone, emoji turned into "|").

A caption is cut into pieces at clause breaks ("|", ".", "!", " – ", "/", "→", commas) and each
piece into runs of words at words that start another clause ("that", "for", "my", "is" ...). The
run that names the product is the one with a product noun (title_words.PRODUCT_NOUNS) near the price;
when a caption lists several priced products, each takes the run just before its price.
"""

from __future__ import annotations

import re

from tiktok_commerce.workers.caption_parser.title_words import (
    COLOURS,
    CUT_WORDS,
    LEAD_WORDS,
    NARRATIVE_START,
    PRODUCT_NOUNS,
    SIZE_ORDER,
    SMALL_WORDS,
    TAIL_WORDS,
)

_PIECE_SEP_RE = re.compile(r"\||[!?;•·\n\r]+|\.(?=\s|$)|\s[-–—/]\s|[–—]|→|:(?=\s)|~~|\s-\s")
_SOFT_SEP_RE = re.compile(r",(?!\d{3})|\s&\s|\s\+\s(?=\S+\s\$)")
_TOKEN_RE = re.compile(r"[^\s\"“”‘()\[\]{}*~,!?]+")
_EDGE_PUNCT = "'’\".:;-–—+&/"
_BREAKERS = CUT_WORDS | {"the", "this", "these", "those", "a", "an"}
_BUNDLE_WORDS = frozenset(
    [
        "duo",
        "trio",
        "set",
        "bundle",
        "combo",
        "all",
        "three",
        "both",
        "everything",
        "lot",
        "full",
        "whole",
        "3",
        "2",
    ]
)
_BUNDLE_HEADS = frozenset(["duo", "trio", "bundle", "combo", "set", "lot"])
_SIZE_RE = re.compile(
    r"(?<![\w])(XXS|XS|S|M|L|XL|XXL|2XL|XXXL|3XL|4XL|5XL|2X|3X|4X)\s?(?:-|–|to|sampai|hasta|a|đến)\s?"
    r"(XXS|XS|S|M|L|XL|XXL|2XL|XXXL|3XL|4XL|5XL|2X|3X|4X)(?![\w])"
)
_COLOUR_ALT = "|".join(sorted(COLOURS, key=len, reverse=True))
_COLOUR_LIST_RE = re.compile(
    rf"(?<!\w)(?:{_COLOUR_ALT})(?:\s*(?:,|&|/|\band\b|\bor\b|\bdan\b|\by\b|\bvà\b)\s*(?:{_COLOUR_ALT}))+(?!\w)",
    re.IGNORECASE,
)
_COLOUR_WORD_RE = re.compile(rf"(?<!\w)(?:{_COLOUR_ALT})(?!\w)", re.IGNORECASE)
_AMOUNT_PLACEHOLDER = "|"


def _is_head(word: str) -> bool:
    w = word.lower().strip(_EDGE_PUNCT)
    if w in PRODUCT_NOUNS:
        return True
    if w.endswith("es") and w[:-2] in PRODUCT_NOUNS:
        return True
    if "-" in w and w.rsplit("-", 1)[-1] in PRODUCT_NOUNS:
        return True
    return w.endswith("s") and w[:-1] in PRODUCT_NOUNS


def _runs(piece: str) -> list[list[str]]:
    """Runs of words in a piece, broken at clause words and soft separators."""
    runs: list[list[str]] = []
    for part in _SOFT_SEP_RE.split(piece):
        current: list[str] = []
        for token in _TOKEN_RE.findall(part):
            word = token.strip(_EDGE_PUNCT)
            if not word:
                continue
            if word.lower() in _BREAKERS or word.lower() == "w/":
                if word.lower() in ("with", "w/") and current:
                    current.append("with")
                    continue
                if current:
                    runs.append(current)
                current = []
                continue
            current.append(word)
        if current:
            runs.append(current)
    return [_trim(r) for r in runs if _trim(r)]


def _trim(run: list[str]) -> list[str]:
    start, end = 0, len(run)
    while start < end and run[start].lower() in LEAD_WORDS:
        start += 1
    while end > start and (run[end - 1].lower() in TAIL_WORDS or run[end - 1].lower() == "with"):
        end -= 1
    run = run[start:end]
    if len(run) > 8:
        # Keep the words up to the last product noun: "… tiles" rather than the tail after it.
        heads = [i for i, w in enumerate(run) if _is_head(w)]
        last = heads[-1] if heads else 5
        run = run[max(0, last - 5) : last + 1]
    if "with" in run and len(run) > 6:
        run = run[: run.index("with")]
    return run


def _score(run: list[str]) -> float:
    heads = sum(1 for w in run if _is_head(w))
    score = 3.0 * min(heads, 1) + 0.5 * min(heads, 2) + 0.25 * min(len(run), 5)
    if _is_head(run[-1]):
        score += 0.5
    if len(run) == 1:
        score -= 1.0
    if all(any(c.isdigit() for c in w) or len(w) <= 2 for w in run):
        score -= 3.0  # "64 pieces", "50ml": specs, not names
    return score


def _pieces(body: str, lo: int, hi: int) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    pos = lo
    for m in _PIECE_SEP_RE.finditer(body, lo, hi):
        if m.start() > pos:
            pieces.append((pos, body[pos : m.start()]))
        pos = m.end()
    if hi > pos:
        pieces.append((pos, body[pos:hi]))
    return [(p, t) for p, t in pieces if t.strip()]


def _mask(body: str, spans: list[tuple[int, int]]) -> str:
    """The body with every amount replaced by a clause break of the same length."""
    chars = list(body)
    for s, e in spans:
        chars[s:e] = _AMOUNT_PLACEHOLDER * (e - s)
    return "".join(chars)


def format_title(words: list[str]) -> str:
    shouting = sum(1 for w in words if w.isupper() and len(w) > 1) >= max(2, len(words) - 1)
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i and lw in SMALL_WORDS:
            out.append(lw)
        elif any(c.isdigit() for c in w):
            out.append(w)
        elif w.islower() or (shouting and len(w) > 3):
            out.append(w[:1].upper() + w[1:].lower() if shouting else w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def _best_left(masked: str, lo: int, hi: int) -> list[str] | None:
    """The product run just before a price: the last piece with a name in it."""
    for _, piece in reversed(_pieces(masked, lo, hi)):
        runs = _runs(piece)
        named = [r for r in runs if _score(r) > 0]
        if named:
            return (
                max(reversed(named), key=_score) if any(_is_head(w) for r in named for w in r) else named[-1]
            )
    return None


def _bundle_title(run: list[str], earlier: list[list[str]]) -> list[str] | None:
    """ "or grab the duo for $20": a bundle named only by a word takes the names before it."""
    if not earlier or not all(w.lower() in _BUNDLE_WORDS for w in run):
        return None
    head = next((w for w in reversed(run) if w.lower() in _BUNDLE_HEADS), "Bundle")
    words = [w for r in earlier for w in r if w.lower() not in ("and", "or")]
    return [*words[:7], head]


def titles_for(
    body: str, price_spans: list[tuple[int, int]], amount_spans: list[tuple[int, int]], language: str | None
) -> list[str]:
    """One title per priced product, in order."""
    masked = _mask(body, amount_spans)
    if len(price_spans) == 1:
        run = _single_title(masked, price_spans[0])
        return [format_title(run) if run else ""]
    titles: list[list[str] | None] = []
    ends = sorted(e for _, e in amount_spans)
    for start, end in price_spans:
        lo = max((e for e in ends if e <= start), default=0)
        run = _best_left(masked, lo, start)
        if run is None:
            nxt = min((s for s, _ in amount_spans if s >= end), default=len(body))
            run = _best_left(masked, end, nxt)
        if run is not None:
            bundle = _bundle_title(run, [t for t in titles if t])
            run = bundle or run
        titles.append(run)
    return [format_title(t) if t else "" for t in titles]


def _single_title(masked: str, span: tuple[int, int]) -> list[str] | None:
    """The best-named run in the whole caption, favouring the first clause and the price's own."""
    start, end = span
    pieces = _pieces(masked, 0, len(masked))
    if not pieces:
        return None
    best, best_score = None, float("-inf")
    next_piece = next((i for i, (p, _) in enumerate(pieces) if p >= end), None)
    for i, (pos, piece) in enumerate(pieces):
        first_word = piece.split(None, 1)[0].lower().strip(_EDGE_PUNCT) if piece.split() else ""
        for j, run in enumerate(_runs(piece)):
            score = _score(run)
            if i == 0:
                score += 1.0
            if pos <= start and pos + len(piece) >= start - 2:
                score += 1.0  # the clause that carries the price
            if i == next_piece:
                score += 0.5  # "~~$120~~ $79 😱 robot vacuum": the name right after a leading price
            if j == 0 and first_word in NARRATIVE_START:
                score -= 1.0
            score -= 0.05 * i
            if score > best_score:
                best, best_score = run, score
    return best


def unpriced_titles(body: str, language: str | None) -> list[str]:
    """The product named by a caption that sells without a price ("link in bio")."""
    best, best_score = None, 0.0
    for i, (_, piece) in enumerate(_pieces(body, 0, len(body))):
        for run in _runs(piece):
            score = _score(run) - 0.05 * i
            if score > best_score and any(_is_head(w) for w in run):
                best, best_score = run, score
    return [format_title(best)] if best else []


def variants(body: str) -> dict[str, list[str]]:
    """Sizes and colours when the caption lists them: {"size": [...], "color": [...]}."""
    found: dict[str, list[str]] = {}
    m = _SIZE_RE.search(body)
    if m:
        lo, hi = (_size_key(m.group(1)), _size_key(m.group(2)))
        if lo in SIZE_ORDER and hi in SIZE_ORDER and SIZE_ORDER.index(lo) < SIZE_ORDER.index(hi):
            sizes = [s for s in SIZE_ORDER[SIZE_ORDER.index(lo) : SIZE_ORDER.index(hi) + 1]]
            found["size"] = sizes
    c = _COLOUR_LIST_RE.search(body)
    if c:
        found["color"] = list(dict.fromkeys(w.lower() for w in _COLOUR_WORD_RE.findall(c.group(0))))
    return found


def _size_key(size: str) -> str:
    size = size.upper()
    return {"2X": "XXL", "2XL": "XXL", "3X": "3XL", "XXXL": "3XL", "4X": "4XL"}.get(size, size)
