"""Product names and variants from a caption body (hashtags gone, emoji turned into "|").

A caption is cut into pieces at clause breaks ("|", ".", "!", " – ", "/", "=", and each money
amount), and each piece into runs of words at words that start another clause ("that", "for", "my",
"is" ...). Runs are scored: a product noun (title_words.PRODUCT_NOUNS) in head position counts most
(last word in English, first in Bahasa, Vietnamese, Spanish ...), then being in the first clause or
in the price's own clause; a run after "fits", "like" or "free" is an object, not the thing sold.
When a caption lists several priced products, each takes the named run just before its price; a
price named only by a size ("4oz $12 / 8oz $20") takes the name before it plus the size; a bundle
named only by a word ("or grab the duo for $20") takes the names of the products before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tiktok_commerce.workers.caption_parser.title_words import (
    COLOURS,
    COUNT_NOUNS,
    CUT_WORDS,
    LEAD_WORDS,
    NARRATIVE_START,
    OBJECT_BEFORE,
    PRODUCT_BEFORE,
    PRODUCT_NOUNS,
    SIZE_ORDER,
    SMALL_WORDS,
    TAIL_NOISE,
    TAIL_WORDS,
)
from tiktok_commerce.workers.caption_parser.wordlist import words

_PIECE_SEP_RE = re.compile(r"\||[!?;•·=\n\r]+|\.(?=\s|$)|\s[-–—/]\s|[–—]|→|:(?=\s)|~~|\s-\s")
_SOFT_SEP_RE = re.compile(r",(?!\d{3})|\s&\s")
_TOKEN_RE = re.compile(r"[^\s\"“”‘()\[\]{}*~,!?]+")
_EDGE_PUNCT = "'’\".:;-–—+&/"
_BREAKERS = CUT_WORDS | {"the", "this", "these", "those", "a", "an", "diese", "dieses", "like"}
_BUNDLE_RE = re.compile(
    r"\b(?:duo|trio|bundle|combo|set|all (?:three|3|four|4|two|2)|both|everything|the lot|paket|bộ)\b",
    re.IGNORECASE,
)
_BUNDLE_WORDS = words("duo trio set bundle combo all three four two both everything lot full whole 2 3 4")
_SPEC_RE = re.compile(
    r"^(?:\d+(?:[.,]\d+)?\s?(?:oz|ml|l|g|gr|kg|lb|lbs|cm|mm|in|inch|ft|pk|pc|pcs|pack|ct)|xs|s|m|l|xl|xxl|"
    r"small|medium|large|queen|king|twin|full|single|double|mini|regular)$",
    re.IGNORECASE,
)
_PACK_RE = re.compile(r"^(\d+)\s?pk$", re.IGNORECASE)
_PIECE_RE = re.compile(r"^(\d+)\s?pc$", re.IGNORECASE)
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
_HEAD_LAST_LANGUAGES = frozenset({"en", "de", None})
_JOINERS = frozenset({"or", "and", ","})
_PACK_WORDS = words("pack pk pcs pieces count pairs")


@dataclass(slots=True)
class Run:
    words: list[str]
    before: tuple[str, ...]  # the clause words just before the run (none at the start of a piece)
    piece: int  # index of the piece it came from
    first_in_piece: bool
    is_object: bool = False  # "fits the door pocket or cup holder": both are objects


def _is_head(word: str) -> bool:
    w = word.lower().strip(_EDGE_PUNCT)
    if w in PRODUCT_NOUNS:
        return True
    if "-" in w and w.rsplit("-", 1)[-1] in PRODUCT_NOUNS:
        return True
    if w.endswith("es") and w[:-2] in PRODUCT_NOUNS:
        return True
    return w.endswith("s") and w[:-1] in PRODUCT_NOUNS


def _is_spec(words: list[str]) -> bool:
    return bool(words) and all(_SPEC_RE.match(w) or w.isdigit() for w in words)


def _runs_of(piece: str, piece_index: int, head_last: bool) -> list[Run]:
    """Runs of words in a piece, broken at clause words and soft separators."""
    runs: list[Run] = []
    for part_index, part in enumerate(_SOFT_SEP_RE.split(piece)):
        current: list[str] = []
        before: list[str] = [] if part_index == 0 else [","]
        for token in _TOKEN_RE.findall(part):
            word = token.strip(_EDGE_PUNCT)
            if not word:
                continue
            lower = word.lower()
            if lower in ("with", "w/", "w") and current:
                current.append("with")
                continue
            if lower in _BREAKERS:
                if current:
                    runs.append(Run(current, tuple(before), piece_index, not runs))
                    current, before = [], []
                before.append(lower)
                continue
            current.append(word)
        if current:
            runs.append(Run(current, tuple(before), piece_index, not runs))
    for k, run in enumerate(runs):
        # "... of this niacinamide serum": a "this" right before names the product, whatever came first.
        run.is_object = not (run.before and run.before[-1] in PRODUCT_BEFORE) and (
            any(w in OBJECT_BEFORE for w in run.before)
            or (k > 0 and runs[k - 1].is_object and bool(run.before) and set(run.before) <= _JOINERS)
        )
        run.words = _trim(run.words, head_last)
    return [r for r in runs if r.words]


def _trim(run: list[str], head_last: bool) -> list[str]:
    start, end = 0, len(run)
    while start < end and run[start].lower() in LEAD_WORDS:
        start += 1
    while end > start and (run[end - 1].lower() in TAIL_WORDS or run[end - 1].lower() in TAIL_NOISE):
        end -= 1
    run = run[start:end]
    if "with" in run and run.index("with") >= 2:
        run = run[: run.index("with")]  # "gooseneck kettle with temperature presets"
    if head_last and run:
        heads = [i for i, w in enumerate(run) if _is_head(w)]
        if heads:
            last = heads[-1]
            tail = [w for w in run[last + 1 :] if w.isalpha()]
            if tail and tail[0] != "with":
                run = run[: last + 1]  # "dainty gold set everyone asked about" -> "... set"
    if len(run) > 8:
        heads = [i for i, w in enumerate(run) if _is_head(w)]
        last = heads[-1] if heads else 5
        run = run[max(0, last - 5) : last + 1]
    return run


def _score(run: Run, head_last: bool) -> float:
    words = run.words
    heads = [i for i, w in enumerate(words) if _is_head(w)]
    head_at = len(words) - 1 if head_last else 0
    score = 0.25 * min(len(words), 5)
    if head_at in heads:
        score += 3.5
    elif heads:
        score += 2.0
    if len(words) == 1:
        score -= 1.0
    if _is_spec(words) or all(any(c.isdigit() for c in w) or len(w) <= 2 for w in words):
        score -= 3.0  # "64 pieces", "50ml": specs, not names
    if words[0].isdigit() and any(w.lower() in COUNT_NOUNS for w in words[1:3]):
        score -= 2.0
    if run.is_object:
        score -= 1.5
    elif run.before and run.before[-1] in PRODUCT_BEFORE:
        score += 0.5
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
        chars[s:e] = "|" * (e - s)
    return "".join(chars)


def format_title(words: list[str]) -> str:
    words = [_PACK_RE.sub(r"\1-Pack", w) for w in words if w != "with" or words[-1] != w]
    words = [_PIECE_RE.sub(r"\1 Piece", w) for w in words]
    shouting = sum(1 for w in words if w.isupper() and len(w) > 1) >= max(2, len(words) - 1)
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i and lw in SMALL_WORDS:
            out.append(lw)
        elif any(c.isdigit() for c in w):
            out.append(w)
        elif shouting and len(w) > 3:
            out.append(w[:1].upper() + w[1:].lower())
        elif w.islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def _named_runs(masked: str, lo: int, hi: int, head_last: bool) -> list[tuple[float, Run]]:
    scored = []
    for i, (_, piece) in enumerate(_pieces(masked, lo, hi)):
        for run in _runs_of(piece, i, head_last):
            scored.append((_score(run, head_last), run))
    return scored


def _left_title(masked: str, lo: int, hi: int, head_last: bool) -> tuple[list[str] | None, list[str]]:
    """(the named run just before a price, a size/spec said right before the price)."""
    pieces = _pieces(masked, lo, hi)
    spec: list[str] = []
    for k, (_, piece) in enumerate(reversed(pieces)):
        runs = _runs_of(piece, 0, head_last)
        if not runs:
            continue
        if k == 0 and _is_spec(runs[-1].words):
            spec = runs[-1].words
        named = [(s, r) for r in runs if (s := _score(r, head_last)) > 0]
        if named:
            best = max(reversed(named), key=lambda sr: sr[0])[1]
            return best.words, spec
        if spec:
            return None, spec
    if pieces:
        runs = _runs_of(pieces[-1][1], 0, head_last)
        if runs and not _is_spec(runs[-1].words):
            return runs[-1].words, spec  # unnamed but present: Thai, or an unknown product noun
    return None, spec


def titles_for(
    body: str, price_spans: list[tuple[int, int]], amount_spans: list[tuple[int, int]], language: str | None
) -> list[str]:
    """One title per priced product, in order."""
    head_last = language in _HEAD_LAST_LANGUAGES
    masked = _mask(body, amount_spans)
    if len(price_spans) == 1:
        words = _single_title(masked, price_spans[0], head_last)
        return [format_title(words) if words else ""]
    titles: list[list[str] | None] = []
    ends = sorted(e for _, e in amount_spans)
    for start, end in price_spans:
        lo = max((e for e in ends if e <= start), default=0)
        words, spec = _left_title(masked, lo, start, head_last)
        left_text = masked[lo:start]
        if (words is None or all(w.lower() in _BUNDLE_WORDS for w in words)) and _BUNDLE_RE.search(left_text):
            earlier = [t for t in titles if t]
            if earlier:
                head = _BUNDLE_RE.search(left_text).group(0).split()[-1]
                head = head if head.lower() in ("duo", "trio", "bundle", "combo", "set") else "Bundle"
                names = [w for t in earlier for w in t if w.lower() not in ("and", "or")]
                words = [*names[:7], head]
        if words is None and spec:
            base = _base_name(masked, start, head_last, titles)
            words = [*base, *spec] if base else spec
        if words is None:
            nxt = min((s for s, _ in amount_spans if s >= end), default=len(body))
            words, _ = _left_title(masked, end, nxt, head_last)
        titles.append(words)
    return [format_title(t) if t else "" for t in titles]


def _base_name(masked: str, before: int, head_last: bool, titles: list[list[str] | None]) -> list[str]:
    """The name a size-only price belongs to: "soy candles 🕯️ 4oz $12 / 8oz $20" -> "soy candles"."""
    named = [(s, r) for s, r in _named_runs(masked, 0, before, head_last) if s > 0 and not _is_spec(r.words)]
    if not named:
        return []
    return max(reversed(named), key=lambda sr: sr[0])[1].words


def _single_title(masked: str, span: tuple[int, int] | None, head_last: bool) -> list[str] | None:
    """The best-named run in the whole caption, favouring the first clause and the price's own."""
    start, end = span or (len(masked), len(masked))
    pieces = _pieces(masked, 0, len(masked))
    if not pieces:
        return None
    price_piece = max((i for i, (p, _) in enumerate(pieces) if p < start), default=None) if span else None
    next_piece = next((i for i, (p, _) in enumerate(pieces) if p >= end), None)
    all_runs = [_runs_of(piece, i, head_last) for i, (_, piece) in enumerate(pieces)]
    best: tuple[int, int] | None = None
    best_score = float("-inf")
    for i, (_, piece) in enumerate(pieces):
        first_word = piece.split(None, 1)[0].lower().strip(_EDGE_PUNCT) if piece.split() else ""
        for j, run in enumerate(all_runs[i]):
            score = _score(run, head_last)
            if i == 0:
                score += 1.0
            if i == price_piece:
                score += 1.0  # the clause that carries the price
            elif i == next_piece and start < 3:
                score += 1.0  # "~~$120~~ $79 😱 robot vacuum": the name right after a leading price
            if run.first_in_piece and first_word in NARRATIVE_START:
                score -= 1.0
            score -= 0.05 * i
            if score > best_score:
                best, best_score = (i, j), score
    if best is None:
        return None
    if span is None and not any(_is_head(w) for w in all_runs[best[0]][best[1]].words):
        return None  # without a price, only a product noun makes it a product
    return _extend(all_runs, *best, head_last)


def _extend(all_runs: list[list[Run]], i: int, j: int, head_last: bool) -> list[str]:
    """A name of one or two words takes the short descriptors listed right after it.

    "the bodysuit that doesn't ride up 🖤 square neck, double lined" -> "Square Neck Double Lined
    Bodysuit"; "smart plugs, 4 pack" -> "Smart Plugs 4 Pack".
    """
    words = list(all_runs[i][j].words)
    if len(words) >= 3:
        return words
    same_piece = _comma_chain(all_runs[i][j + 1 :])
    next_piece = all_runs[i + 1] if i + 1 < len(all_runs) else []
    following = same_piece + (_comma_chain(next_piece[1:], [next_piece[0]]) if next_piece else [])
    descriptors: list[str] = []
    specs: list[str] = []
    for run in following:
        if _is_spec(run.words) or _is_pack(run.words):
            specs += run.words
        elif run.is_object or len(run.words) > 3 or _score(run, head_last) < 0:
            break
        elif any(_is_head(w) for w in run.words):
            break
        else:
            descriptors += run.words
        if len(words) + len(descriptors) + len(specs) >= 5:
            break
    if head_last:
        return [*descriptors, *words, *specs][:8]
    return [*words, *descriptors, *specs][:8]


def _comma_chain(runs: list[Run], start: list[Run] | None = None) -> list[Run]:
    """The runs that follow one another joined only by commas / "and" / "or"."""
    chain = [r for r in (start or []) if not r.before]
    if start and not chain:
        return []
    for run in runs:
        if not run.before or not set(run.before) <= _JOINERS:
            break
        chain.append(run)
    return chain


def _is_pack(words: list[str]) -> bool:
    return len(words) == 2 and words[0].isdigit() and words[1].lower() in _PACK_WORDS


def unpriced_titles(body: str, language: str | None) -> list[str]:
    """The product named by a caption that sells without a price ("link in bio")."""
    title = _single_title(body, None, language in _HEAD_LAST_LANGUAGES)
    return [format_title(title)] if title else []


def variants(body: str) -> dict[str, list[str]]:
    """Sizes and colours when the caption lists them: {"size": [...], "color": [...]}."""
    found: dict[str, list[str]] = {}
    m = _SIZE_RE.search(body)
    if m:
        lo, hi = (_size_key(m.group(1)), _size_key(m.group(2)))
        if lo in SIZE_ORDER and hi in SIZE_ORDER and SIZE_ORDER.index(lo) < SIZE_ORDER.index(hi):
            found["size"] = list(SIZE_ORDER[SIZE_ORDER.index(lo) : SIZE_ORDER.index(hi) + 1])
    c = _COLOUR_LIST_RE.search(body)
    if c:
        found["color"] = list(dict.fromkeys(w.lower() for w in _COLOUR_WORD_RE.findall(c.group(0))))
    return found


def _size_key(size: str) -> str:
    size = size.upper()
    return {"2X": "XXL", "2XL": "XXL", "3X": "3XL", "XXXL": "3XL", "4X": "4XL"}.get(size, size)
