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

from tiktok_commerce import languages as language_packs
from tiktok_commerce.workers.caption_parser import unspaced_titles, vocab
from tiktok_commerce.workers.caption_parser.alternation import alternation
from tiktok_commerce.workers.caption_parser.title_words import (
    ADJECTIVE_ENDINGS,
    AUDIENCE,
    COLOURS,
    COMPONENT_NOUNS,
    COMPOUND_HEADS,
    COUNT_NOUNS,
    CUT_WORDS,
    DETERMINERS,
    FEATURE_LEAD,
    HEAD_LAST_LANGUAGES,
    LEAD_WORDS,
    LOCAL_CLAUSE_WORDS,
    NAME_ARTICLES,
    NAME_WORDS,
    NAMED_PHRASES,
    NARRATIVE_START,
    OBJECT_BEFORE,
    POSTPOSED_ENDINGS,
    PRODUCT_BEFORE,
    PRODUCT_NOUNS,
    PROMO_WORDS,
    SIZE_ORDER,
    SMALL_WORDS,
    SPEC_TAIL,
    TAIL_NOISE,
    TAIL_WORDS,
    UNITS,
    WITH_SPELLED,
    WITH_WORDS,
    WITH_WORDS_KEPT,
    said,
)
from tiktok_commerce.workers.caption_parser.vocab import COUNT_PLACEHOLDER


def _words(role: str) -> frozenset[str]:
    """A role's words over every pack (languages/packs/*.toml)."""
    return frozenset(language_packs.words(role))


_alt = alternation  # literal phrases as a trie-shaped alternation


# Clause breaks become the token _HARD, soft breaks (commas) _SOFT; " & " a word of the name it
# stands in ("lip & cheek tint"); brackets and quotes go. Then str.split() tokenises in C:
# per-character regex scanning was most of the parse time.
# Private-use characters: never in captions, and not whitespace (unlike \x1c-\x1f) for str.split().
_HARD, _SOFT, _AMOUNT = "\ue000", "\ue001", "\ue002"
# " + the ..." turns into this token, which acts as the word "and" (a clause word that joins a list).
_AND = "\ue003"
_QUESTION = "\ue005"  # a clause break after a question: "Kaki pancing mana? 🎣 Joran pancing ..."
# A price-role cue said right before an amount ("invece di", "vorher") turns into this token, which
# acts as a clause word: it opens the price's clause but is never part of a name.
_CUE = "\ue004"
# A run of breaks, spaces between them included ("#a #b 🔥" left " |  |  | "), is one break.
_BREAK_RE = re.compile(r"[|!?;•·=\n\r→–—~…)][\s|!?;•·=→–—~…)]*")
_NEW_LINE_RE = re.compile(r"\s*\n\s*")
_LINE_BREAK_RE = re.compile("[\n→•]")  # a new line, or a bullet the body wrote for one
_QUESTION_RE = re.compile(r"\?[\s|!?;•·=→–—~…)]*")
_DROP_CHARS = '"“”‘„«»([]{}*'  # quotes of every language (German „…“, French « … ») too
# A short quoted name after a word ("Lipgloss „Glazed“", "bougie « Figue & Cèdre »", "Eau de Parfum
# "Amber Nights""): its words stay in the name, a head-last name included, its "&" joins no list.
_QUOTED_RE = re.compile(r'(?<=\w )[„“«"]\s?([^„“”«»"\n]{1,30}?)\s?[“”»"]')
_QUOTE_MARK = "\ue006"  # before each word of a quoted name
_LINE = "\ue007"  # a clause break at a new line: the clause after it opens a line
_DROP_RE = re.compile(f"[{re.escape(_DROP_CHARS)}]+")
# Not a figure's ("5,5 Liter", "10,000"). The comma first, then the look-behind: a pattern that
# starts with a literal is searched for by a fast scan, one that starts with a look-behind is tried
# at every position.
_COMMA_RE = re.compile(r",(?:(?<!\d,)|(?!\d))")
_EDGE_PUNCT = "'’\".:;-–—+&/"
# Every word below is a role of the language packs (docs/caption-parser.md, "Adding a language").
# Words that end a run of name words without ending its clause ("the", "este").
_BREAKERS = CUT_WORDS | _words("title.run_breakers") | {_AND, _CUE}
_AND_WORDS = _words("title.and_words") | {_AND}  # "the loafers and the shoulder bag": two products
# A bundle of the products named before its price ("or grab the duo for $20", "both for $18"); words
# for "all of them" count even after a name; in scripts without spaces, anywhere in the name.
_ALL_OF = language_packs.words("title.all_of_words")
_BUNDLE_RE = re.compile(
    rf"\b(?:{_alt((*language_packs.words('title.bundle_words'), *_ALL_OF))})\b", re.IGNORECASE
)
_ALL_OF_RE = re.compile(rf"\b(?:{_alt(_ALL_OF)})\b", re.IGNORECASE)
_UNSPACED_BUNDLE_RE = {
    code: re.compile(_alt(phrases))
    for code, phrases in language_packs.by_language("title.unspaced_bundle_words").items()
}
_BUNDLE_WORDS = _words("title.bundle_only_words")  # a run of only these names the bundle, no product
_BUNDLE_HEADS = _words("title.bundle_heads")  # kept as a bundle title's head ("Soap Candle Duo")
# Unit symbols of the SI and clothing size letters: written the same in every language. A figure
# with one of them or of the packs' `title.spec_units`, a size letter or a size word is a spec.
_SI_UNITS = unspaced_titles.SI_UNITS
_SIZE_LETTERS = ("xs", "s", "m", "l", "xl", "xxl")
_SPEC_RE = re.compile(
    rf"^(?:\d+(?:[.,]\d+)?\s?(?:{_alt((*_SI_UNITS, *language_packs.words('title.spec_units')))})"
    rf"|{_alt(_SIZE_LETTERS)}|{_alt(language_packs.words('title.size_words'))})$",
    re.IGNORECASE,
)
# Count abbreviations written out in a title ("10pk" -> "10-Pack"), from `title.count_abbreviations`.
_COUNT_SPELLED: dict[str, str] = {}
for _pack in sorted(language_packs.packs().values(), key=lambda p: p.language):
    for _short, _spelled in _pack.table("title.count_abbreviations").items():
        _COUNT_SPELLED.setdefault(_short.lower(), str(_spelled))
_COUNT_ENDINGS = tuple(_COUNT_SPELLED)
_COUNT_ABBREV_RE = re.compile(rf"^(\d+)\s?({_alt(_COUNT_SPELLED)})$", re.IGNORECASE)
_SIZES = "XXS|XS|S|M|L|XL|XXL|2XL|XXXL|3XL|4XL|5XL|2X|3X|4X"
_SIZE_JOINERS = _alt(("-", "–", *language_packs.words("title.size_range_joiners")))  # "S to XL"
_SIZE_RE = re.compile(rf"(?<![\w])({_SIZES})\s?(?:{_SIZE_JOINERS})\s?({_SIZES})(?![\w])")
_COLOUR_ALT = _alt(COLOURS)
_COLOUR_JOINERS = "|".join(
    [",", "&", "/", *(rf"\b{re.escape(w)}\b" for w in language_packs.words("title.colour_joiners"))]
)
_COLOUR_LIST_RE = re.compile(
    rf"(?<!\w)(?:{_COLOUR_ALT})(?:\s*(?:{_COLOUR_JOINERS})\s*(?:{_COLOUR_ALT}))+(?!\w)",
    re.IGNORECASE,
)
_SIZE_HINT_RE = re.compile(rf"[SMLX] ?(?:{_SIZE_JOINERS}) ?[SMLX2-5]")
_COLOUR_WORD_RE = re.compile(rf"(?<!\w)(?:{_COLOUR_ALT})(?!\w)", re.IGNORECASE)
_HEAD_LAST_LANGUAGES = HEAD_LAST_LANGUAGES | {None}
_UNSPACED = unspaced_titles.unspaced_languages()
_LIST_JOINERS = _words("title.list_joiners")  # runs joined by these or commas are one list
_JOINERS = _LIST_JOINERS | {",", _AND}
_BREAK_CHARS = frozenset({_HARD, _SOFT, _AMOUNT, _QUESTION, _LINE})
# "with" in every language ("con", "com", "avec", "mit"): what follows it is a feature of the
# product, kept only when the name before it is a single word ("Smartwatch con GPS").
_WITH = WITH_WORDS
_OWNER = _words("title.owner_words")  # "my new massage gun": it points at the product
_NEW = _words("title.new_words")
_THAT = frozenset((w,) for w in language_packs.words("title.relative_words"))
_DEFINITE = _words("title.definite_articles")  # "the rice cooker that changed my life"
_PLUS_THE_RE = re.compile(
    rf" \+ (?=(?:{_alt(language_packs.words('title.after_plus_words'))}) )", re.IGNORECASE
)
_PACK_WORDS = _words("title.pack_words")
_CONTAINERS = _words("title.container_nouns")  # "box", "frasco", "pot": what a product comes in
_OF_WORDS = _words("title.of_words")  # "box of 6", "frasco de 250g"
_GENERIC = _words("title.generic_nouns")
_FEATURE_NOUNS = _words("title.feature_nouns")
_NOT_DESCRIPTORS = _words("title.not_descriptors")
_AUDIENCE_BEFORE = _words("title.audience_before")  # "salmon oil for dogs"
_AUDIENCE_LEAD = _words("title.audience_lead")  # "para mujer", "para sa aso"
_MATCHING = _words("title.matching_words")  # "tennis skirt + matching visor"


@dataclass(slots=True)
class Run:
    words: list[str]
    before: tuple[str, ...]  # the clause words just before the run (none at the start of a piece)
    piece: int  # index of the piece it came from
    first_in_piece: bool
    flags: list[int]  # the words' _flags bits, carried from tokenising
    is_object: bool = False  # "fits the door pocket or cup holder": both are objects
    pointed: bool = False  # "this ...", "my new ...": the caption points at it as the thing sold
    part: bool = False  # headed by a component noun ("rotating stand", "carry strap")
    container: bool = False  # a container and its quantity ("frasco de 250g"): never the name
    some: int = 0  # the OR of its words' flags (after trimming)
    score: float = 0.0


_HEAD_CACHE: dict[str, bool] = {}


def _is_head(word: str) -> bool:
    known = _HEAD_CACHE.get(word)
    if known is None:
        known = _HEAD_CACHE[word] = _is_head_uncached(word)
        if len(_HEAD_CACHE) > 50_000:
            _HEAD_CACHE.clear()  # bounded: captions bring an open vocabulary
    return known


def _is_head_uncached(word: str) -> bool:
    w = word.lower().strip(_EDGE_PUNCT)
    if w in PRODUCT_NOUNS:
        return True
    if "-" in w and w.rsplit("-", 1)[-1] in PRODUCT_NOUNS:
        return True
    if w.endswith("es") and w[:-2] in PRODUCT_NOUNS:
        return True
    if w.endswith("s") and w[:-1] in PRODUCT_NOUNS:
        return True
    # A compound of a compounding language ends with its head: "Trinkflasche", "Kaffeemühle".
    # Its first part is a word too, three letters at least: "kleinen" is no compound of "leinen".
    return len(w) >= 7 and any(w.endswith(h) and len(w) - len(h) >= 3 for h in COMPOUND_HEADS.get(w[-1], ()))


def _is_part(lower: str) -> bool:
    """A component or accessory noun ("stand", "strap", "battery"), plural or hyphenated too."""
    w = lower.strip(_EDGE_PUNCT).rsplit("-", 1)[-1]
    return w in COMPONENT_NOUNS or (w.endswith("s") and w[:-1] in COMPONENT_NOUNS)


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _has_head(words: list[str]) -> bool:
    return any(_is_head(w) for w in words)


def names_a_product(words: list[str], language: str | None = None) -> bool:
    """Is one of the words a product noun of some pack ("tas", "Trinkflasche"), or, in a language
    written without spaces, does one end with a product noun of its pack ("リペアトリートメント")?"""
    if language in _UNSPACED:
        nouns = unspaced_titles.product_nouns(language or "")
        if any(w.endswith(nouns) for w in words):
            return True
    return _has_head(words)


_SPEC_CACHE: dict[str, bool] = {}


def _is_spec_word(word: str) -> bool:
    known = _SPEC_CACHE.get(word)
    if known is None:
        known = _SPEC_CACHE[word] = bool(word.isdigit() or _SPEC_RE.match(word))
        if len(_SPEC_CACHE) > 50_000:
            _SPEC_CACHE.clear()
    return known


def _is_spec(words: list[str]) -> bool:
    return bool(words) and all(_is_spec_word(w) for w in words)


_TOKEN_CACHE: dict[str, tuple[str, str]] = {}


def _token(token: str) -> tuple[str, str]:
    """(word, lowercase word) of a raw token, its edge punctuation gone; cached, words repeat."""
    known = _TOKEN_CACHE.get(token)
    if known is None:
        word = token.strip(_EDGE_PUNCT)
        known = _TOKEN_CACHE[token] = (word, word.lower())
        if len(_TOKEN_CACHE) > 50_000:
            _TOKEN_CACHE.clear()
    return known


@dataclass(slots=True)
class Piece:
    """A clause of the caption and its runs of words."""

    start: int
    end: int
    runs: list[Run]
    first_word: str  # lowercase, to spot narrative openers ("i", "pov", "tap")
    question: bool = False  # ends with "?": it asks the viewer, the answer names the product
    line_start: bool = False  # opens a line of the caption


def split_pieces(
    text: str,
    head_last: bool,
    amount_at: dict[int, int] | None = None,
    keep: frozenset[str] = frozenset(),
    stop: frozenset[str] = frozenset(),
    postposed: frozenset[str] = frozenset(),
    articles: frozenset[str] = frozenset(),
    with_kept: int = 0,
    heads: frozenset[str] = frozenset(),
) -> list[Piece]:
    """The caption's clauses, each cut into runs of words at clause words and commas; the words in
    `keep` (the caption language's name words) stay inside a run, and so do the `articles` right
    after one ("per il sottovuoto"); the words in `stop` (its local clause words) end one.

    Piece.start/end are token positions; an amount masked as "_AMOUNT<n>" (see _mask) is a clause
    break whose position lands in `amount_at[n]`.
    """
    tokens = _tokens(text)
    pieces: list[Piece] = []
    runs: list[Run] = []
    current: list[str] = []
    cflags: list[int] = []
    before: list[str] = []
    start = end = -1
    first_word = ""
    kinds, word_kind = _TOKEN_KINDS, _WORD  # locals: this loop runs once per token
    after_name_word = False
    line_start = at_line = False  # the clause being read opens a line; the next one will
    for pos, token in enumerate(tokens):
        kind, word, lower, hard_after, flags = kinds.get(token) or _token_kind(token)
        if lower in keep and kind in (word_kind, _BREAKER):  # the set test first: rarely true
            kind, flags = word_kind, (_FLAGS.get(word) or _flags(word)) | _NAME_BIT
            after_name_word = bool(current)
        elif after_name_word:
            after_name_word = False
            if lower in articles:  # "Macchina per il sottovuoto": the name word's article
                kind, flags = word_kind, (_FLAGS.get(word) or _flags(word)) | _NAME_BIT
        elif kind == word_kind and lower in stop and not flags & _POSTPOSED:
            kind = _BREAKER
        elif kind == word_kind and lower in postposed:
            flags |= _POSTPOSED
        if kind == word_kind:  # the common case first
            if heads and lower in heads:
                flags |= _HEAD
            if start < 0:
                start, first_word, line_start = pos, lower, at_line
            end = pos
            current.append(word)
            cflags.append(flags)
            if not hard_after:
                continue
        elif kind <= _EMPTY:
            if kind != _EMPTY:
                if start < 0:
                    start, first_word, line_start = pos, lower, at_line
                end = pos
                if kind == _WITHWORD and current:
                    current.append(WITH_SPELLED.get(lower, word))
                    cflags.append(_WITH_FLAGS)
                else:
                    if current:
                        runs.append(Run(current, tuple(before), len(pieces), not runs, cflags))
                        current, cflags, before = [], [], []
                    before.append(lower)
            if not hard_after:
                continue
        elif token[0] == _AMOUNT and amount_at is not None:
            amount_at[int(token[1:])] = pos
        elif token == _SOFT:
            if current:
                runs.append(Run(current, tuple(before), len(pieces), not runs, cflags))
                current, cflags = [], []
            before = [","]
            continue
        if current:
            runs.append(Run(current, tuple(before), len(pieces), not runs, cflags))
            current, cflags = [], []
        if start >= 0:
            runs = _finish(runs, head_last, with_kept)
            pieces.append(Piece(start, end, runs, first_word, token == _QUESTION, line_start))
            runs, start, at_line = [], -1, False
        if token == _LINE:
            at_line = True
        if before:
            before = []
    if current:
        runs.append(Run(current, tuple(before), len(pieces), not runs, cflags))
    if start >= 0:
        pieces.append(Piece(start, end, _finish(runs, head_last, with_kept), first_word, False, line_start))
    return pieces


_WORD, _WITHWORD, _BREAKER, _EMPTY, _OTHER = range(5)
_TOKEN_KINDS: dict[str, tuple[int, str, str, bool, int]] = {}


def _token_kind(token: str) -> tuple[int, str, str, bool, int]:
    """(kind, word, lowercase word, clause ends after it, word flags) of a token; cached, words repeat."""
    if token[0] in _BREAK_CHARS:
        info = (_OTHER, token, token, False, 0)
        _TOKEN_KINDS[token] = info
        return info
    if token[0] == _QUOTE_MARK:  # a word of a quoted name: a word of the name whatever it is
        word, lower = _token(token[1:]) if token != _QUOTE_MARK + "&" else ("&", "&")
        info = (
            (_WORD, word, lower, False, (_FLAGS.get(word) or _flags(word)) | _POSTPOSED)
            if word
            else (_EMPTY, "", "", False, 0)
        )
        _TOKEN_KINDS[token] = info
        return info
    hard_after = token[-1] in ".:"
    word, lower = _token(token.rstrip(".:") if hard_after else token)
    if hard_after and token[-1] == "." and lower in _ABBREVIATIONS:
        hard_after = False  # "Gr.", "inkl.": an abbreviation's period ends no clause
    if not word:
        kind = _EMPTY
    elif lower in _WITH:
        kind = _WITHWORD
    elif lower in _BREAKERS or (lower[-1] == "%" and not token[0].isdigit()):
        kind = _BREAKER  # "-30%" ends a name ("lámpara LED -30% esta semana"); "65%" may be a spec
    else:
        kind = _WORD
    info = (kind, word, lower, hard_after, (_FLAGS.get(word) or _flags(word)) if kind == _WORD else 0)
    if len(_TOKEN_KINDS) > 50_000:
        _TOKEN_KINDS.clear()
    _TOKEN_KINDS[token] = info
    return info


def _tokens(text: str) -> list[str]:
    if "," in text:
        text = _COMMA_RE.sub(f" {_SOFT} ", text)
    if "„" in text or "«" in text or '"' in text or "“" in text:
        text = _QUOTED_RE.sub(_quoted_words, text)
    if " & " in text:
        text = text.replace(" & ", f" {_QUOTE_MARK}& ")  # "&" joins inside a name: "Lip & Cheek Tint"
    if " + " in text:
        # "soy wax melts + the ceramic wax warmer": two things; "robot vacuum + mop combo": one name.
        text = _PLUS_THE_RE.sub(f" {_AND} ", text)
    if " - " in text or " / " in text:
        text = text.replace(" - ", f" {_HARD} ").replace(" / ", f" {_HARD} ")
    if "?" in text:
        text = _QUESTION_RE.sub(f" {_QUESTION} ", text)
    if "\n" in text:
        text = _NEW_LINE_RE.sub(f" {_LINE} ", text)
    text = _BREAK_RE.sub(f" {_HARD} ", text)
    # Most captions have none of these: a C scan per character ("in") costs far less than the
    # regex's scan, which runs only when one is there.
    if any(c in text for c in _DROP_CHARS):
        text = _DROP_RE.sub(" ", text)
    return text.split()


def _quoted_words(m: re.Match[str]) -> str:
    words = m.group(1).split()
    return " ".join(_QUOTE_MARK + w for w in words) if len(words) <= 3 else m.group(0)


def _finish(runs: list[Run], head_last: bool, with_kept: int = 0) -> list[Run]:
    kept = []
    previous_object = False
    after_with = False  # the run before ended with a "with" word: "bag with a shoe compartment"
    in_complement = False
    for run in runs:
        if len(run.words) > 1 and run.words[-1][-1] == "%" and run.words[-1][0].isdigit():
            # "batterie 100%": a percentage ending a run is a figure said of it; inside a name it
            # stays ("Clavier mécanique 65% switchs rouges")
            run.words, run.flags = run.words[:-1], run.flags[:-1]
        # "... of this niacinamide serum": a "this" right before names the product, whatever came
        # first; so does "my new ..." ("my new massage gun is ...").
        before, words = run.before, run.words
        if len(words) > 2 and words[0].lower() in _OWNER and words[1].lower() in _NEW:
            run.pointed, is_object = True, False  # "Mon nouveau PC portable": the run holds its pointer
        elif len(words) > 1 and words[0].lower() in OBJECT_BEFORE:
            is_object = True  # "Free 64GB memory card": a freebie opens with its word, inside the run
        elif not before:
            is_object = False
        elif (
            before[-1] in PRODUCT_BEFORE
            and not (before[-1] in _OWNER and len(before) > 1 and before[-2] in OBJECT_BEFORE)
        ) or (before[-1] in _OWNER and words[0].lower() in _NEW):  # "this", "our", not "at our workshop"
            run.pointed, is_object = True, False
        else:
            is_object = not OBJECT_BEFORE.isdisjoint(before) or (
                previous_object and _JOINERS.issuperset(before)
            )
        if after_with and not run.pointed and len(before) <= 1:  # only its article between
            is_object = True  # "weekender bag with a shoe compartment": a feature, not the product
        elif in_complement and before and _JOINERS.issuperset(before):
            is_object = True  # "Ladestation für iPhone, AirPods & Apple Watch": the list goes on
        after_with = bool(run.flags) and bool(run.flags[-1] & _WITH_BIT)
        in_complement = False  # set below once the run's bits are known
        run.is_object = previous_object = is_object
        flags = run.flags
        every, some = -1, 0
        for f in flags:
            every &= f
            some |= f
        # "dishwasher safe", "gift box included": a property of the product, said of a noun.
        spec_tail = some & _SPEC_TAIL and (
            any(flags[k] & _HEAD and flags[k + 1] & _SPEC_TAIL for k in range(len(flags) - 1))
            # "custodia morbida e accordatore inclusi": what comes with it, said at the run's end
            or (flags[-1] & _SPEC_TAIL and some & _HEAD and len(flags) > 2)
        )
        # Most runs need no trimming: test the bits first, call _trim only when it may cut.
        if some & _TRIM_EDGE or len(flags) > 8 or (head_last and some & _HEAD and not flags[-1] & _HEAD):
            words, flags = _trim(run.words, flags, head_last, with_kept)
            if not words:
                continue
            run.words, run.flags = words, flags
            every, some = -1, 0
            for f in flags:
                every &= f
                some |= f
        run.some = some
        # the run ends in a name word's complement ("... für iPhone"), which a list may continue
        in_complement = bool(some & _NAME_BIT) and not (flags[0] | flags[-1]) & _NAME_BIT
        run.score = _score(run, flags, head_last, every, some)
        if spec_tail:
            run.part = True
            run.score -= 2.5
        kept.append(run)
    for k, run in enumerate(kept):
        if _is_container_of(run, kept[k + 1] if k + 1 < len(kept) else None):
            run.part = run.container = True  # "box of 6 bottles", "frasco de 250g": the pack it comes in
            run.score -= 3.0
    return kept


def _is_container_of(run: Run, nxt: Run | None) -> bool:
    """Does the run open with a container and its quantity ("pot de 500 g", "box" + "of 6 bottles")?"""
    words, flags = run.words, run.flags
    if words[0].lower() not in _CONTAINERS:
        return False
    if len(words) >= 3 and words[1].lower() in _OF_WORDS:
        return bool(flags[2] & (_DIGITS | _MEASURE))
    return (
        len(words) == 1
        and nxt is not None
        and bool(nxt.before)
        and nxt.before[-1] in _OF_WORDS
        and bool(nxt.flags[0] & (_DIGITS | _MEASURE))
    )


# Per-word facts the title finder asks again and again, as bits; cached per word.
(
    _HEAD,
    _SPEC,
    _NUMBERISH,
    _PROMO,
    _LEAD,
    _TAIL,
    _ALPHA,
    _COUNT,
    _DIGITS,
    _KNOWN,
    _MEASURE,
    _UNIT,
    _SET,
    _PART,
    _FEATURE,
    _GLUED,
    _SPEC_TAIL,
    _WITH_BIT,
    _NAME_BIT,  # a name word of the caption's language inside a run ("aus" of "Fummelbrett aus Holz")
    _COMPOUND,  # a head by its compound's last part only ("Schnüffelteppich"): a whole name in one word
    _CONNECT,  # joins a name's parts in some language ("de", "mit", "and", "o")
    _POSTPOSED,  # an uninflected adjective after a name in this caption ("Hundebett orthopädisch")
) = (1 << i for i in range(22))
_SET_WORDS = _words("title.set_words")
_ABBREVIATIONS = frozenset(a.rstrip(".") for a in _words("text.abbreviations"))  # "Gr.", "inkl."
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Words that join a name's parts in some language ("de", "mit", "and", "o"): small words and name words.
_CONNECTORS = SMALL_WORDS | WITH_WORDS | _words("title.and_words") | _words("title.colour_joiners")
# A figure with a unit or none: "12hr", "6000mAh", "30g", "925", "4". Not "3-in-1" or "5-piece".
_MEASURE_RE = re.compile(r"^\d+(?:[.,]\d+)?[^\W\d_]{0,4}$")
_FLAGS: dict[str, int] = {}
_TRIM_EDGE = _LEAD | _TAIL


def _flags(word: str) -> int:
    lower = word.lower()
    bits = _KNOWN
    if _is_head(word):
        bits |= _HEAD
        w = lower.strip(_EDGE_PUNCT)
        heads = COMPOUND_HEADS.get(w[-1:], ())
        if len(w) >= 7 and any(w.endswith(h) and len(w) >= len(h) + 3 for h in heads):
            bits |= _COMPOUND
    bits |= _SPEC if _is_spec_word(word) else 0
    bits |= _NUMBERISH if _is_numberish(word) else 0
    bits |= _PROMO if lower in PROMO_WORDS else 0
    bits |= _LEAD if lower in LEAD_WORDS else 0
    bits |= _TAIL if lower in TAIL_WORDS or lower in TAIL_NOISE else 0
    # letters only, a hyphenated compound too ("Bio-Baumwolle")
    bits |= _ALPHA if word.isalpha() or (word[0] != "-" and word.replace("-", "").isalpha()) else 0
    bits |= _COUNT if lower in COUNT_NOUNS else 0
    bits |= _DIGITS if word.isdigit() else 0
    if word[:1].isdigit() and _MEASURE_RE.match(word):
        bits |= _MEASURE | (0 if word.isdigit() else _GLUED)  # "6mm", "15lb": a unit glued on
    bits |= _UNIT if lower in UNITS else 0
    bits |= _SET if lower in _SET_WORDS else 0
    bits |= _PART if _is_part(lower) else 0
    bits |= _FEATURE if lower in FEATURE_LEAD else 0
    bits |= _SPEC_TAIL if lower in SPEC_TAIL else 0
    bits |= _CONNECT if lower in _CONNECTORS else 0
    if len(_FLAGS) > 50_000:
        _FLAGS.clear()
    _FLAGS[word] = bits
    return bits


def _trim(
    words: list[str], flags: list[int], head_last: bool, with_kept: int = 0
) -> tuple[list[str], list[int]]:
    start, end = 0, len(words)
    while start < end and flags[start] & _LEAD:
        start += 1
    while end > start and flags[end - 1] & _TAIL:
        end -= 1
    if start or end < len(words):
        words, flags = words[start:end], flags[start:end]
    cut = next((k for k, f in enumerate(flags) if f & _WITH_BIT), -1)
    # "gooseneck kettle with temperature presets"; one capitalised feature noun stays ("Steppjacke mit
    # Kapuze": German capitalises nouns), a lowercase one goes ("phone tripod w/ remote")
    if cut >= 2 and with_kept and len(words) - cut > 1:
        # German listings keep what a product comes with ("Akkuschrauber 12V mit 2 Akkus und ..."):
        # the first few words of it (`title.with_words_kept`)
        words, flags = words[: cut + 1 + with_kept], flags[: cut + 1 + with_kept]
    elif cut >= 2 and (len(words) - cut > 2 or not words[-1][:1].isupper()):
        words, flags = words[:cut], flags[:cut]
    last = len(flags) - 1
    while last >= 0 and not flags[last] & _HEAD:
        last -= 1
    if 0 <= last < len(words) - 1 and words[last + 1].lower() in AUDIENCE:
        last += 1  # "Steppjacke Herren", "Sneaker Damen": who it is for, as listings name it
    if (
        head_last
        and 0 <= last < len(words) - 1
        and not flags[last + 1] & (_WITH_BIT | _POSTPOSED)  # "Kette mit Anhänger", "Hundebett orthopädisch"
        # "Fummelbrett aus Holz" (not "Schal aus 100 % Kaschmir": a material named with a figure)
        and not (flags[last + 1] & _NAME_BIT and last + 2 < len(flags) and flags[last + 2] & _ALPHA)
        and not flags[last + 1] & _COUNT  # "5 spray modes" is a count of modes, not a spray
        # a size after the name: "Thermoskanne 1 L Edelstahl", "Heißluftfritteuse XXL 5,5 Liter"
        and not flags[last + 1] & (_DIGITS | _MEASURE | _SPEC)
        and not _is_model_code(words[last + 1])  # "Ladestation 3in1 für iPhone"
        and any(f & _ALPHA for f in flags[last + 1 :])
        and not _brand_and_model(words[last + 1 :], flags[last + 1 :])
        and "&" not in words[last + 2 :]  # "dash cam front & rear 1080p": a pair of descriptors goes on
    ):
        words, flags = words[: last + 1], flags[: last + 1]  # "dainty gold set everyone asked" -> "... set"
    if len(words) > 8:
        if head_last:
            last = last if last >= 0 else 5
            words, flags = words[max(0, last - 5) : last + 1], flags[max(0, last - 5) : last + 1]
        else:  # the head opens the name: "spazzolino elettrico sonico con 4 testine e ..."
            first = next((k for k, f in enumerate(flags) if f & _HEAD), 0)
            words, flags = words[first : first + 6], flags[first : first + 6]
    return words, flags


def _brand_and_model(words: list[str], flags: list[int]) -> bool:
    """ "Laufschuhe Nike Air Zoom Pegasus 40 für Damen": capitalised names and a model number after
    the product noun, as listings write them, not a sentence going on."""
    return (
        words[0][:1].isupper()
        and any(map(_has_digit, words))
        and all(w[:1].isupper() or _has_digit(w) or f & _NAME_BIT for w, f in zip(words, flags, strict=True))
    )


def _score(run: Run, flags: list[int], head_last: bool, every: int, some: int) -> float:
    """How much a run looks like a product name; `every`/`some` are the AND/OR of its flags."""
    n = len(flags)
    score = 0.25 * (n if n < 5 else 5)
    k = n - 1 if head_last else 0
    if head_last:
        if some & (_WITH_BIT | _NAME_BIT):
            # "Powerbank mit 10.000 mAh", "Handyhalterung fürs Auto": the head stands before its "with"
            # or the name word that opens its complement
            k = max(0, next(i for i, f in enumerate(flags) if f & (_WITH_BIT | _NAME_BIT)) - 1)
        while k > 0 and (flags[k] & (_MEASURE | _POSTPOSED) or _is_model_code(run.words[k])):
            # "Akkuschrauber 12V", "Thermoskanne 1L", "Hundebett orthopädisch", "Sauger X7": after the head
            k -= 1
        if k > 1 and flags[k - 1] & _DIGITS and some & _HEAD:
            # "solar lichterkette 50 LEDs": a count of parts after the name; the name's own head leads
            k = next((i for i in range(k - 2, -1, -1) if flags[i] & _HEAD), k)
    head = flags[k]
    if head & _HEAD:
        if head & _PART and not run.pointed:  # "this laptop stand" is pointed at: no part
            # A part or accessory ("rotating stand", "carry strap") names the product only when
            # nothing stronger does.
            run.part = True
            score += 1.75
        else:
            score += 3.5
        if n > 1 and head & _SET:
            score += 0.75  # "pickleball starter set", "matcha whisk set": the whole, not its parts
    elif head & _PART:  # "shower head", "watch strap": a part's name, maybe the product
        run.part = True
        score += 1.75
    elif some & _HEAD:
        score += 2.0
    if n == 1 and not head & _COMPOUND:
        score -= 1.0
    if every & _SPEC or every & _NUMBERISH:
        score -= 3.0  # "64 pieces", "50ml": specs, not names
    if run.pointed and flags[0] & _DIGITS:
        pass  # "this 360 laser level is $39.99": pointed at, its figure is part of its name
    elif n > 1 and flags[0] & _DIGITS and (flags[1] & _COUNT or (n > 2 and flags[2] & _COUNT)):
        score -= 2.0  # "16 colours", "3 heat levels"
    elif (
        n == 2
        and flags[0] & _DIGITS
        and (run.words[1].lower() in _PACK_WORDS or run.words[1].lower() in _CONTAINERS)
    ):
        score -= 3.0  # "2 pack", "6 bottles": a count of the product named elsewhere
    elif (
        n > 1
        and flags[0] & _MEASURE
        and not every & _MEASURE
        and (n <= 3 or not flags[1] & _UNIT)
        and not (
            n >= 3 and flags[0] & _GLUED and not flags[1] & _MEASURE and head & _HEAD and not head & _PART
        )
    ):
        # "12 hour battery", "250g jar", "2 carbon fiber paddles": a spec or a count, while
        # "15 lb weighted blanket", "6ft faux olive tree" and "6mm yoga mat" name the product
        # with its size.
        score -= 1.5
    if n > 3 and some & _CONNECT and 2 * sum(1 for f in flags if f & _CONNECT) >= n:
        score -= 1.5  # "proteína en el gym o en": half its words join others, a phrase, not a name
    if some & _FEATURE:
        score -= 1.0  # "removable lavender pouch", "non-stick inner pot": a feature of the product
    if every & _PROMO:
        score -= 3.0  # "FLASH SALE", "ลดราคา"
    if run.is_object:
        score -= 1.5
    elif run.pointed:
        score += 1.0
    if flags[0] & _NAME_BIT:
        score -= 1.0  # "Für Fliegenfischer 🎣 Trockenfliegen ...": opening with "for" says who it is for
    return score


_MODEL_LINE_BONUS = 4.0  # a product noun's weight (3.5) and a little: the line names the product


def _looks_like_model(words: list[str]) -> bool:
    """A brand and model as a listing writes them: capitalised words and a model code or figure."""
    return (
        len(words) >= 3
        and words[0][:1].isupper()
        and any(_has_digit(w) for w in words[1:])
        and sum(1 for w in words if w[:1].isupper() or _has_digit(w)) >= len(words) - 1
    )


def _is_model_code(word: str) -> bool:
    """A model code: letters and figures in one short word ("X7", "S25", "16-in-1"), not a measure."""
    if len(word) > 8 or word.isalpha() or word.isdigit():
        return False  # most words: C-level tests only
    return _has_digit(word) and any(c.isalpha() for c in word)


def _is_numberish(word: str) -> bool:
    return len(word) <= 2 or (not word.isalpha() and any(c.isdigit() for c in word))


# A "with" word inside a run: known, alphabetic, trimmed from either end of a name.
_WITH_FLAGS = _KNOWN | _ALPHA | _LEAD | _TAIL | _WITH_BIT | _CONNECT


# The price-role cues of each language ("invece di", "vorher", "ahora", "de ... por", "a partir de"),
# from its pack: said right before an amount they belong to the price, never to a product's name.
_CUE_ROLES = ("price.former_before", "price.now_between", "price.unpriced_before", "price.not_price_before")
_CUES: dict[str, frozenset[str]] = {
    code: frozenset(c for role in _CUE_ROLES for c in pack.words(role) if COUNT_PLACEHOLDER not in c)
    for code, pack in language_packs.packs().items()
}
# The last word of each language's cues: a text ending in none of them ends in no cue.
_CUE_LAST_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(c.split()[-1] for c in cues if c.split()) for code, cues in _CUES.items()
}
_CUE_WORDS = 4  # the longest cue looked for, in words
_CUE_REACH = 40  # characters before an amount looked at for its cues


def _cue_start(body: str, lo: int, hi: int, cues: frozenset[str], last_words: frozenset[str]) -> int:
    """Where the cues said right before `hi` start ("... invece di " -> its "invece"), or `hi`."""
    start = hi
    while True:
        head = body[lo:start].rstrip(" :")
        words = head.split()
        if (
            not words
            or words[-1].lower() not in last_words
            and words[-1].lower().lstrip("(") not in last_words
        ):
            return start  # most amounts: no cue ends right before them ("(U.P. $459)": its bracket too)
        for n in range(min(_CUE_WORDS, len(words)), 0, -1):
            if " ".join(words[-n:]).lower().lstrip("(") in cues:
                cut = len(head)
                for word in words[-n:][::-1]:
                    cut = head.rindex(word, 0, cut)  # whole words: split() cut them at spaces
                start = lo + cut
                break
        else:
            return start


def _mask(body: str, spans: list[tuple[int, int]], language: str | None = None) -> str:
    """The body with amount n (in span order) replaced by the clause-break token "_AMOUNT<n>", and
    the language's price-role cues said right before it blanked."""
    cues = _CUES.get(language or "")
    last_words = _CUE_LAST_WORDS.get(language or "", frozenset())
    out, pos = [], 0
    for n, (s, e) in enumerate(spans):
        if cues and (cue := _cue_start(body, max(pos, s - _CUE_REACH), s, cues, last_words)) < s:
            out.append(body[pos:cue])
            out.append(f" {_CUE} ")
            pos = s
        out.append(body[pos:s])
        out.append(f" {_AMOUNT}{n} ")
        pos = e
    out.append(body[pos:])
    return "".join(out)


def _pack_word(word: str) -> str:
    """ "10pk" -> "10-Pack", "48pc" -> "48 Piece"."""
    m = _COUNT_ABBREV_RE.match(word)
    return _COUNT_SPELLED[m.group(2).lower()].replace(COUNT_PLACEHOLDER, m.group(1)) if m else word


def _pack_of(count: str, language: str | None) -> str:
    """ "2" -> "2-Pack": a bare count before a price names a pack of the product."""
    return (said("pack_title", language) or COUNT_PLACEHOLDER).replace(COUNT_PLACEHOLDER, count)


def format_title(words: list[str]) -> str:
    """Title Case for display: small words lower, figures and acronyms kept, SHOUTING calmed."""
    while words and (words[-1].lower() in _WITH or words[-1].lower() in _CONNECTORS):
        words = words[:-1]  # "Winterjacke für Damen von 149 € auf 89 €": a name ends in no joining word
    shouting = len([w for w in words if w.isupper() and len(w) > 1]) >= max(2, len(words) - 1)
    formatted = _FORMATTED
    return " ".join(
        [formatted.get((w, i > 0, shouting)) or _format_word(w, i > 0, shouting) for i, w in enumerate(words)]
    )


_FORMATTED: dict[tuple[str, bool, bool], str] = {}


def _as_written(title: str, postposed: frozenset[str]) -> str:
    """The title with the adjectives that follow a German noun in lower case, as written
    ("Hundeleine reflektierend", not "Hundeleine Reflektierend")."""
    if not postposed:
        return title
    words = title.split(" ")
    return " ".join([words[0], *(w.lower() if w.lower() in postposed else w for w in words[1:])])


def _format_word(word: str, inside: bool, shouting: bool) -> str:
    lower = word.lower()
    if lower.endswith(_COUNT_ENDINGS):
        out = _pack_word(word)
    elif inside and lower in SMALL_WORDS:
        out = lower
    elif not word.isalpha() and _has_digit(word):
        out = word
    elif inside and word.islower() and lower in UNITS:
        out = word  # "Kratzbaum 120 cm", "Serum 30 ml": a unit keeps its own case
    elif shouting and len(word) > 3:
        out = word[:1].upper() + word[1:].lower()
    elif word.islower():
        out = word[:1].upper() + word[1:]
    else:
        out = word
    if len(_FORMATTED) > 50_000:
        _FORMATTED.clear()
    _FORMATTED[(word, inside, shouting)] = out
    return out


def _own_line_start(body: str, masked: str, price_spans: list[tuple[int, int]]) -> int:
    """The token position where the first price's line (or bullet) starts, when every price stands
    on a line of its own after the caption's first line; else -1."""
    lines = [len(_LINE_BREAK_RE.findall(body, 0, start)) for start, _ in price_spans]
    if lines[0] == 0 or len(set(lines)) < len(lines):
        return -1
    breaks = list(_LINE_BREAK_RE.finditer(masked))  # masking amounts kept every line break
    return len(_tokens(masked[: breaks[lines[0] - 1].end()]))


_MAX_PACK = 12  # a count in words before a price ("two for £15") names a pack up to a dozen


def _on_a_named_line(body: str, at: int) -> bool:
    """Does the amount at `at` stand on a line after the first, with letters before it on its line?"""
    line = body.rfind("\n", 0, at)
    return line > 0 and any(c.isalpha() for c in body[line:at])


def _line_end(masked: str, n: int) -> int:
    """The token position where the line holding amount n ends (see _mask), or "never"."""
    at = masked.find(f" {_AMOUNT}{n} ")
    end = masked.find("\n", at) if at >= 0 else -1
    return len(_tokens(masked[:end])) if end >= 0 else 1 << 30


def _left_title(pieces: list[Piece], lo: int, hi: int) -> tuple[list[str] | None, list[str]]:
    """(the named run just before a price, a size/spec said right before the price).

    The nearest run with a product noun wins; failing that, the nearest named run.
    """
    window = [p for p in pieces if p.start >= lo and p.end <= hi]
    spec: list[str] = []
    fallback: list[str] | None = None
    for k, piece in enumerate(reversed(window)):
        runs = piece.runs
        if not runs:
            continue
        if k == 0 and _is_spec(runs[-1].words):
            spec = runs[-1].words
        named = [r for r in runs if r.score > 0 and not r.container]
        headed = [r for r in named if r.some & _HEAD]
        if headed:
            return max(reversed(headed), key=lambda r: r.score).words, spec
        if named and fallback is None:
            fallback = max(reversed(named), key=lambda r: r.score).words
        if spec and fallback is None:
            return None, spec
    if fallback is not None:
        return fallback, spec
    if window and window[-1].runs and not _is_spec(window[-1].runs[-1].words):
        return window[-1].runs[-1].words, spec  # unnamed but present: Thai, or an unknown product noun
    return None, spec


# A lowercase word right after a capitalised one, only a space between ("Hundebett orthopädisch").
_POSTPOSED_RE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*) ([^\W\d_]+)(?![\w-])")


def _local_words(
    language: str | None, text: str
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], int]:
    """The caption language's name words, the words that end a name in this caption (its local
    clause words and, where nouns are capitalised, its lowercase words that are no adjective), the
    uninflected adjectives that may follow a name there and the articles a name word may take (see
    split_pieces)."""
    keep = NAME_WORDS.get(language or "", frozenset())
    articles = NAME_ARTICLES.get(language or "", frozenset())
    with_kept = WITH_WORDS_KEPT.get(language or "", 0)
    stop = LOCAL_CLAUSE_WORDS.get(language or "", frozenset())
    postposed: frozenset[str] = frozenset()
    endings = ADJECTIVE_ENDINGS.get(language or "")
    if endings:
        words = _LETTERS_RE.findall(text)
        # Only in a caption that capitalises its nouns ("lädt dein Handy"), not one all in lowercase.
        if sum(1 for a, b in zip(words, words[1:], strict=False) if a[0].islower() and b[0].isupper()) >= 2:
            joins = keep | _CONNECTORS
            after = POSTPOSED_ENDINGS.get(language or "", ())
            # "Hundebett orthopädisch": right after a capitalised noun, a space between, as listings write
            postposed = (
                frozenset(
                    m.group(2)
                    for m in _POSTPOSED_RE.finditer(text)
                    if m.group(1)[0].isupper()
                    and m.group(2).islower()
                    and (m.group(2).endswith(after) or m.group(2) in COLOURS)  # "Bodengrund schwarz"
                )
                if after
                else frozenset()
            )
            stop = stop | {
                w
                for w in words
                if w.islower()
                and len(w) > 2
                and not w.endswith(endings)
                and w not in joins
                and w not in postposed
            }
            determiners = DETERMINERS.get(language or "")
            if determiners:
                # "braucht einen ordentlichen Topf": an inflected adjective after an article or a
                # possessive describes a thing in a sentence; a listing names it without ("Topf")
                stop = stop | {
                    b
                    for a, b in zip(words, words[1:], strict=False)
                    if b.islower() and a.lower() in determiners and b.endswith(endings) and b not in _NEW
                }
    return keep, stop, postposed, articles, with_kept


_NAMED_PHRASE_FIRSTS = {code: frozenset(p.split()[0] for p in ps) for code, ps in NAMED_PHRASES.items()}


def _chunk_heads(text: str, language: str | None) -> frozenset[str]:
    """In Thai, written without spaces between words, the chunks that open with a product noun of
    its pack ("ไดร์เป่าผมไอออนลบ": a hair dryer, then what kind): heads of a name."""
    if language != "th":
        return frozenset()
    nouns = unspaced_titles.product_nouns(language)
    return frozenset(w.lower() for w in text.split() if w.startswith(nouns))


def _phrase_heads(text: str, language: str | None) -> frozenset[str]:
    """The first words of the tagger's named product phrases said in the text ("canne à pêche",
    "jeu de société", "pedaleira para guitarra"): heads of a name in this caption, though no title
    list knows them."""
    phrases = NAMED_PHRASES.get(language or "")
    if not phrases:
        return frozenset()
    lower = text.lower()
    if _NAMED_PHRASE_FIRSTS[language or ""].isdisjoint(lower.split()):
        return frozenset()  # most captions: no phrase's first word, a C-level test
    words = _LETTERS_RE.findall(lower)
    return frozenset(
        words[i] for i in range(len(words) - 2) if f"{words[i]} {words[i + 1]} {words[i + 2]}" in phrases
    )


def titles_for(
    body: str,
    price_spans: list[tuple[int, int]],
    amount_spans: list[tuple[int, int]],
    language: str | None,
    tags: frozenset[str] = frozenset(),
) -> list[str]:
    """One title per priced product, in order (`tags`: the caption's hashtags, lowercase)."""
    if language in _UNSPACED:
        return unspaced_titles.titles_before(body, price_spans, amount_spans, language or "")
    head_last = language in _HEAD_LAST_LANGUAGES
    spans = sorted(amount_spans)
    masked = _mask(body, spans, language)
    at: dict[int, int] = {}  # amount index -> token position
    local = _local_words(language, masked)
    local_heads = _phrase_heads(masked, language) | _chunk_heads(masked, language)
    pieces = split_pieces(masked, head_last, at, *local, local_heads)
    index_of = {span: n for n, span in enumerate(spans)}
    if len(price_spans) == 1:
        n = index_of[price_spans[0]]
        # Where nouns are capitalised (German), the descriptors listed after a name are its features,
        # not words of a listing's name ("Zirbenkissen, von meiner Mama handgefüllt")
        extend = language not in ADJECTIVE_ENDINGS
        words = _single_title(
            pieces,
            (at[n], at[n] + 1),
            head_last,
            tags,
            frozenset(at.values()),
            extend,
            _on_a_named_line(body, price_spans[0][0]),
        )
        if words and language == "th":
            words = _thai_title(words, pieces, at[n])
        return [_as_written(format_title(words), local[2]) if words else ""]
    titles: list[list[str] | None] = []
    # "$12 lavender soap · $14 oat milk soap": the caption opens with a price, so each name follows
    # its price.
    names_follow = bool(pieces) and at[index_of[price_spans[0]]] < pieces[0].start
    for span in price_spans:
        n = index_of[span]
        lo = at[n - 1] if n else -1
        if names_follow:
            hi = at[n + 1] if n + 1 < len(spans) else 1 << 30
            # "R$ 34,90 — Baralho de cartas\nNoite de jogos garantida": the name on the price's line
            words, _ = _left_title(pieces, at[n], min(hi, _line_end(masked, n)))
            if words is None:
                words, _ = _left_title(pieces, at[n], hi)
            if words is not None and not all(w.lower() in _BUNDLE_WORDS for w in words):
                _, spec = _left_title(pieces, lo, at[n])
                if len(spec) == 1 and spec[0].isdigit():
                    words = [*words, _pack_of(spec[0], language)]  # "$15 each or 2 for $25 🧦 wool socks"
                titles.append(words)
                continue
        words, spec = None, []
        if span == price_spans[0] and (line_lo := _own_line_start(body, masked, price_spans)) > lo:
            # "O que usei:\n➡️ Termostato 50W R$ 44,90\n➡️ Substrato ...": a list of priced lines,
            # the first line's name is on it, not in the words that open the list
            words, spec = _left_title(pieces, line_lo, at[n])
        if words is None:
            words, spec = _left_title(pieces, lo, at[n])
        # The bundle word may come before the price or right after it: "or $60 for the pair".
        left_text = body[spans[n - 1][1] if n else 0 : span[0]] + " " + body[span[1] : span[1] + 20]
        # A spec said before the bundle's word ("heat level 10/10 🔥 or get both for $18") names
        # no product: the bundle words do.
        if language == "th":
            unspaced = _UNSPACED_BUNDLE_RE.get(language)
            bundle = unspaced.search(words[0]) if words and unspaced else None
        elif words is None or all(w.lower() in _BUNDLE_WORDS for w in words):
            bundle = _BUNDLE_RE.search(left_text)
        elif not _has_head(words):
            # Only a bundle word before the price: the one after it belongs to the next price
            # ("cường lực 3 miếng 79k · combo cả hai 119k").
            bundle = _BUNDLE_RE.search(left_text, 0, span[0] - (spans[n - 1][1] if n else 0))
        elif words[-1].lower() in _SET_WORDS:
            bundle = None  # "or the rub trio (both + garlic parm) for $25": named already
        else:
            # Only words for "all of them" after the name and before the price count ("brass candle
            # holders, pair, $18" is a pair of holders).
            seg_len = span[0] - (spans[n - 1][1] if n else 0)
            at_name = left_text.lower().rfind(words[-1].lower(), 0, seg_len)
            bundle = _ALL_OF_RE.search(left_text, at_name + len(words[-1]), seg_len) if at_name >= 0 else None
        if bundle and (earlier := [t for t in titles if t]):
            if language == "th":  # "ซื้อคู่เหลือแค่ ฿259": buy the pair, "เซ็ต<A>และ<B>" (Thai writes no spaces)
                joined = said("bundle_joiner", language).join(" ".join(t) for t in earlier)
                words = [said("bundle_title", language) + joined]
            else:
                names = [
                    w
                    for t in earlier
                    for w in t
                    if w.lower() not in _LIST_JOINERS
                    and not _is_spec_word(w)
                    and w.lower() not in _PACK_WORDS
                ]
                head = bundle.group(0).split()[-1]
                head = head if head.lower() in _BUNDLE_HEADS else (said("bundle_title", language) or head)
                heads = [next((w for w in t if _is_head(w)), "") for t in earlier]
                and_word = said("bundle_and", language)
                distinct = all(heads) and len({h.lower() for h in heads}) == len(heads)
                if and_word and not head_last and distinct:
                    # "Kit Colar e Brinco": a head-first language whose pack says how names a
                    # bundle by its products' heads
                    words = [head, *_joined(heads, and_word)]
                else:
                    words = [*names[:7], head]
        count = vocab.NUMBER_WORDS.get(words[0].lower(), 0) if words and len(words) == 1 else 0
        if 1 < count <= _MAX_PACK:
            words, spec = None, [f"{count:g}"]  # "£10 each or two for £15": a pack of the product
        if spec and len(spec) == 1 and spec[0].isdigit():
            spec = [_pack_of(spec[0], language)]  # "$14 each or 2 for $25"
        if words is None and spec:
            # "4oz $12 / 8oz $20" after the name, or "1 for ₱150, 3 for ₱400! handmade soap bars"
            base = _base_name(pieces, at[n]) or _trailing_name(pieces, at[spans.index(price_spans[-1])])
            words = [*base, *spec] if base else spec
        if words is None and n and spans[n - 1] not in price_spans:
            # "Kemeja flanel pria dari 199rb jadi 150k": the name stands before the former price
            words, _ = _left_title(pieces, at[n - 2] if n > 1 else -1, at[n - 1])
        if words is None:
            nxt = at[n + 1] if n + 1 < len(spans) else 1 << 30
            words, _ = _left_title(pieces, at[n], nxt)
        if words is None:
            words = _base_name(pieces, at[n]) or None  # "3 for $20 or $8 each": the same product
        if words is None and names_follow:
            words = _trailing_name(pieces, at[n]) or None  # "$15 each or 2 for $25 🧦 wool socks"
        titles.append(words)
    return [_as_written(format_title(t), local[2]) if t else "" for t in _with_base_names(titles)]


_VARIANT_WORDS = _words("title.size_words") | COLOURS


def _is_variant_word(word: str) -> bool:
    lower = word.lower()
    return lower in _VARIANT_WORDS or lower[:-1] in _VARIANT_WORDS or lower[:-2] in _VARIANT_WORDS


def _with_base_names(titles: list[list[str] | None]) -> list[list[str] | None]:
    """ "arracadas de acero 💛 chicas $89 / medianas $119 / grandes $149": a later price named only
    by a size or colour is a variant of the first named product, whose name it takes."""
    base = next((t for t in titles if t and _has_head(t)), None)
    if base is None:
        return titles
    stem = [w for w in base if not _is_variant_word(w)]
    return [
        [*stem, *t] if t and t is not base and len(t) <= 2 and all(_is_variant_word(w) for w in t) else t
        for t in titles
    ]


def _joined(words: list[str], and_word: str) -> list[str]:
    """["Colar", "Brinco"] -> ["Colar", "e", "Brinco"]."""
    return [*words[:-1], and_word, words[-1]] if len(words) > 1 else words


def _thai_title(words: list[str], pieces: list[Piece], price_at: int) -> list[str]:
    """Thai runs have no spaces between words: keep the first chunk (the product), the Latin specs
    of the run ("SPF50"), and a short count or size said right before the price ("แพ็ค 6 ขวด")."""
    title = [words[0]] + [w for w in words[1:] if w.isascii() and not w.isdigit()]
    before = [p for p in pieces if p.end < price_at]
    if before and before[-1].runs:
        spec = [w for r in before[-1].runs for w in r.words]
        if spec != words and len(spec) <= 3 and any(_has_digit(w) for w in spec):
            title += [w for w in spec if w not in title]
    return title


def _trailing_name(pieces: list[Piece], after: int) -> list[str]:
    """The name said after the last price ("1 for ₱150, 3 for ₱400 lang! handmade soap bars")."""
    named = [r for p in pieces if p.start > after for r in p.runs if r.score > 0 and r.some & _HEAD]
    return max(named, key=lambda r: r.score).words if named else []


def _base_name(pieces: list[Piece], before: int) -> list[str]:
    """The name a size-only price belongs to: "soy candles 🕯️ 4oz $12 / 8oz $20" -> "soy candles"."""
    named = [r for p in pieces if p.end <= before for r in p.runs if r.score > 0 and not _is_spec(r.words)]
    if not named:
        return []
    return max(reversed(named), key=lambda r: r.score).words


def _single_title(
    pieces: list[Piece],
    span: tuple[int, int] | None,
    head_last: bool,
    tags: frozenset[str] = frozenset(),
    amounts_at: frozenset[int] = frozenset(),
    extend: bool = True,
    named_line: bool = False,
) -> list[str] | None:
    """The best-named run in the whole caption, favouring the first clause and the price's own,
    and a name the hashtags spell (`tags`: lowercase hashtags, "massagegun"); `named_line`: the
    price stands on a later line after words of its own, which then count as the first clause."""
    if not pieces:
        return None
    start, end = span or (pieces[-1].end + 1, pieces[-1].end + 1)
    leading = pieces[0].start > start  # the caption opens with the price: "~~$120~~ $79 😱 robot vacuum"
    price_piece = max((i for i, p in enumerate(pieces) if p.start < start), default=None) if span else None
    if (
        price_piece
        and not pieces[price_piece].runs
        and any(pieces[price_piece - 1].end <= at <= pieces[price_piece].start for at in amounts_at)
    ):
        # "Plateau-Sneaker aus Leder statt 89,99 € jetzt nur 59,99 €": the clause before the price
        # names nothing ("jetzt nur"), the one before its former price does
        price_piece -= 1
    next_piece = next((i for i, p in enumerate(pieces) if p.start >= end), None)
    # A price on a later line of its own with words before it ("...\nCoffret de 12 crayons
    # aquarellables — 24,90 € seulement\nMine tendre ... carnets de voyage"): its line names it.
    line_first = (
        max((i for i in range(price_piece + 1) if pieces[i].line_start), default=0)
        if price_piece is not None and named_line
        else 0
    )
    best: tuple[int, int] | None = None
    best_score = float("-inf")
    for i, piece in enumerate(pieces):
        narrative = piece.first_word in NARRATIVE_START
        runs = piece.runs
        # Bonuses of the clause, worked out once per clause: the first clause, the one that
        # carries the price (its spec list names parts, which get no bonus), the name right after
        # a leading price ("~~$120~~ $79 😱 robot vacuum").
        bonus = (1.0 if i == 0 else 0.0) - 0.05 * i
        price_bonus = 1.0 if i == price_piece else 0.0
        if 0 < line_first <= i and price_piece is not None and i <= price_piece:
            bonus += _PRICE_LINE_BONUS
        if i == next_piece and leading and i != price_piece:
            bonus += 1.0
        named_before = False  # a run of the price's clause after one that names a product: a spec list
        for j, run in enumerate(runs):
            score = run.score + bonus
            if price_bonus and not run.part and not named_before:
                score += price_bonus
                if not run.some & _HEAD and _looks_like_model(run.words):
                    # "La crema solare che non unge 🌞 La Roche-Posay Anthelios UVmune 400 ... a 16,90€":
                    # a brand and model line in the price's own clause names it over a hook's noun
                    score += _MODEL_LINE_BONUS
            if i == price_piece and (
                run.some & (_HEAD | _PART) or (j == 0 and all(f & (_SPEC | _NUMBERISH) for f in run.flags))
            ):
                named_before = True  # a name, a part, or a spec opening the clause ("2.5L, ultra quiet pump")
            if narrative and run.first_in_piece and not run.pointed:
                score -= 1.0
            if i and _is_brand_line(piece, run):
                score += _BRAND_LINE_BONUS
            if piece.question and not run.pointed:
                score -= 1.0  # "Kaki pancing mana? 🎣 Joran pancing carbon 2.1m": the answer names it
            if (
                i == 0
                and len(run.before) == 1
                and run.before[0] in _DEFINITE
                and j + 1 < len(runs)
                and runs[j + 1].before[:1] in _THAT
            ):
                score += 0.5  # "the rice cooker that changed my life": the hook names it
            if tags and run.score > 2.0 and _in_hashtags(run.words, tags):  # named runs only
                score += 0.5  # "#massagegun": the seller tagged the product by name
            if score > best_score:
                best, best_score = (i, j), score
    if best is None:
        return None
    if span is None and not pieces[best[0]].runs[best[1]].some & _HEAD:
        return None  # without a price, only a product noun makes it a product
    best = _restated(pieces, best, head_last)
    words = (
        _extend([p.runs for p in pieces], *best, head_last)
        if extend
        else list(pieces[best[0]].runs[best[1]].words)
    )
    runs = pieces[best[0]].runs
    if best[1] + 1 < len(runs) and len(words) < 7:
        nxt = runs[best[1] + 1]
        audience = len(nxt.words) == 1 and nxt.words[0].lower() in AUDIENCE
        for_whom = bool(nxt.before) and (
            nxt.before[-1] in _AUDIENCE_BEFORE or (nxt.before[0] in _AUDIENCE_LEAD and len(nxt.before) <= 2)
        )
        if audience and for_whom:
            words = [*words, *nxt.before, nxt.words[0]]  # "salmon oil for dogs", "para mujer", "para sa aso"
    return words


_PRICE_LINE_BONUS = 1.0  # the price's own line, when it is not the caption's first: as the first clause's
_BRAND_LINE_BONUS = 1.5  # the first clause's bonus and a half: the hook before it names a kind


def _is_brand_line(piece: Piece, run: Run) -> bool:
    """Does the run open its line, name a product and hold a capitalised word that is no known word
    of a name (a brand: "Dapurku Granite Non-Stick Wok 32cm", "Novatek Blaze 5G")?"""
    if not (
        run.first_in_piece
        and piece.line_start
        and not run.before
        and len(run.words) >= 3
        and run.some & _HEAD
    ):
        return False
    # its first word, or a later capitalised one ("Lampada da comodino Luna 3D", "Balança digital
    # de bioimpedância FitCheck"), is no word a pack knows
    return any(
        word[:1].isupper()
        and flags & _ALPHA
        and not flags & (_HEAD | _LEAD | _PROMO | _SPEC | _NUMBERISH | _NAME_BIT)
        for word, flags in zip(run.words, run.flags, strict=True)
    )


def _in_hashtags(words: list[str], tags: frozenset[str]) -> bool:
    """Do the hashtags (`tags`, lowercase) spell this name, its last two words or its first two
    ("#massagegun", "#airfryer", "#weightedplush")?"""
    n = len(words)
    if n < 2:
        return False
    if (words[-2] + words[-1]).lower() in tags:
        return True
    return n > 2 and ((words[0] + words[1]).lower() in tags or "".join(words).lower() in tags)


def _restated(pieces: list[Piece], best: tuple[int, int], head_last: bool) -> tuple[int, int]:
    """A later clause that names the same kind of thing again, with its own descriptors, is the
    listing name; the first was a hook: "rainy day boots that don't look like rain boots 🥾
    waterproof Chelsea boots" -> "Waterproof Chelsea Boots"."""
    run = pieces[best[0]].runs[best[1]]
    head_flags = run.flags[-1 if head_last else 0]
    if not head_flags & _HEAD or head_flags & _PART:
        return best  # "photo frame ... thin gold metal frame": a part restated is a spec
    chosen = run.words
    head = (chosen[-1] if head_last else chosen[0]).lower()
    for i in range(best[0] + 1, len(pieces)):
        for j, run in enumerate(pieces[i].runs):
            words = run.words
            if (
                run.flags[-1 if head_last else 0] & _HEAD
                and not run.is_object
                and len(words) >= 2
                and not _has_digit(words[0])
                and (words[-1] if head_last else words[0]).lower() == head
                and [w.lower() for w in words] != [w.lower() for w in chosen]
            ):
                return i, j
    return best


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
    # The next clause lends descriptors only when it is a list ("square neck, double lined"), not a
    # sentence ("extends to 60 inches").
    listed = next_piece and (len(next_piece) == 1 or next_piece[1].before[:1] == (",",))
    following = same_piece + (_comma_chain(next_piece[1:], [next_piece[0]]) if listed else [])
    descriptors: list[str] = []
    specs: list[str] = []
    for run in following:
        spec = _is_spec(run.words)
        if spec and not any(map(_has_digit, run.words)):
            continue  # a size said in letters or words ("Gr.", "XL"): a variant, not the name
        if spec or _is_pack(run.words):
            specs += run.words
        elif all(w.lower() in COLOURS for w in run.words):
            continue  # colours are variants, not part of the name
        elif _not_a_descriptor(run):
            break
        else:
            descriptors += run.words
        if len(words) + len(descriptors) + len(specs) >= 5:
            break
    if head_last:
        return [*descriptors, *words, *specs][:8]
    return [*words, *descriptors, *specs][:8]


def _not_a_descriptor(run: Run) -> bool:
    """An object, a long clause, another product or a part of it, a promo word, or a figure ("2 min",
    "TOG 1.0")."""
    words = run.words
    return (
        run.is_object
        or len(words) > 3
        or bool(run.some & (_HEAD | _PART))  # another product, or a part: "SOS button", "steel head"
        or words[-1].lower() in _FEATURE_NOUNS  # "keep warm function": a feature, not a kind
        or all(w.lower() in PROMO_WORDS for w in words)
        or any(_has_digit(w) or w.lower() in _NOT_DESCRIPTORS for w in words)  # "restock next week"
    )


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


def unpriced_titles(body: str, language: str | None, tags: frozenset[str] = frozenset()) -> list[str]:
    """The products named by a caption that sells without a price ("link in bio").

    Usually one; a second when the caption pairs it with a "matching" one ("pleated tennis skirt +
    matching visor", "a walnut monitor riser and the matching desk organizer").
    """
    if language in _UNSPACED:
        name = unspaced_titles.best_chunk(" ".join(unspaced_titles._BREAK_RE.split(body)), language or "")
        return [name] if name else []
    head_last = language in _HEAD_LAST_LANGUAGES
    local = _local_words(language, body)
    pieces = split_pieces(body, head_last, None, *local)
    if language == "th":
        # Thai runs have no spaces between words, so no product noun to find: the caption opens
        # with the product ("น้ำพริกนรกกุ้ง ทำสดใหม่ทุกวัน ... ทักแชทสอบถามราคา").
        first = pieces[0].runs if pieces else []
        return [format_title(_thai_title(first[0].words, [], 0))] if first else []
    title = _single_title(pieces, None, head_last, tags)
    if not title or (len(title) == 1 and title[0].lower() in _GENERIC):
        return []  # "new collection dropping Friday, link in bio": nothing named yet
    names = [title]
    lowered = [w.lower() for w in title]
    plus = _plus_split(title, body.lower()) if " + " in body else 0
    if plus:
        names = [title[:plus], title[plus:]]  # "soy candles + wax melts back in stock"
    elif any(w in _MATCHING for w in lowered[1:]) and _has_head(
        title[: (cut := next(k for k, w in enumerate(lowered) if w in _MATCHING))]
    ):
        names = [title[:cut], title[cut:]]
    else:
        piece = next((p for p in pieces if any(r.words == title for r in p.runs)), None)
        for run in piece.runs if piece else []:
            if run.words == title or not run.some & _HEAD or run.is_object:
                continue
            if run.words[0].lower() in _MATCHING or (
                run.before[:1] and run.before[0] in _AND_WORDS and len(run.words) >= 2
            ):
                # "the chunky loafers AND the croc-embossed shoulder bag, both in my showcase"
                names.append(run.words)
                break
    return [_as_written(format_title(n), local[2]) for n in names]


def listed_titles(items: list[str], language: str | None) -> list[str]:
    """Titles for the names a caption lists one a line (see listed.py), each as a title is written."""
    titles = []
    for item in items:
        words = item.split()
        if words:
            titles.append(_as_written(format_title(words), _local_words(language, item)[2]))
    return titles


def _plus_split(title: list[str], lower: str) -> int:
    """Where "+" joins two named things in the title ("soy candles + wax melts"), or 0. Not when
    the right side names a set of both ("magnetic eyeliner + lash kit", "robot vacuum + mop combo")."""
    for k in range(1, len(title)):
        if f"{title[k - 1]} + {title[k]}".lower() in lower:
            left, right = title[:k], title[k:]
            if _has_head(left) and _has_head(right) and right[-1].lower() not in _SET_WORDS:
                return k
    return 0


def variants(body: str, lower: str | None = None) -> dict[str, list[str]]:
    """Sizes and colours when the caption lists them: {"size": [...], "color": [...]}.

    `lower` is the body in lowercase when the caller has it already."""
    found: dict[str, list[str]] = {}
    m = _SIZE_RE.search(body) if _SIZE_HINT_RE.search(body) else None
    if m:
        first, last = (_size_key(m.group(1)), _size_key(m.group(2)))
        if first in SIZE_ORDER and last in SIZE_ORDER and SIZE_ORDER.index(first) < SIZE_ORDER.index(last):
            found["size"] = list(SIZE_ORDER[SIZE_ORDER.index(first) : SIZE_ORDER.index(last) + 1])
    lower = lower if lower is not None else body.lower()
    # Five C replaces cost less than one regex pass over the caption ("red/blue, green.").
    spaced = lower.replace(",", " ").replace(".", " ").replace("&", " ").replace("/", " ").replace("!", " ")
    listed = COLOURS.intersection(spaced.split())
    c = None
    if len(listed) > 1:  # a list names two colours at least
        # The list lies between the first and the last colour word: searching only there keeps
        # the long case-insensitive alternation off the rest of the caption.
        lo, hi = 0, len(body)
        if len(lower) == len(body):
            lo = min(lower.find(w) for w in listed)
            hi = max(lower.rfind(w) + len(w) for w in listed)
            while hi < len(body) and (body[hi].isalnum() or body[hi] == "_"):
                hi += 1  # to the end of that word: "tan" found in "tank" must not end the list there
        c = _COLOUR_LIST_RE.search(body, lo, hi)
    if c:
        found["color"] = list(dict.fromkeys(w.lower() for w in _COLOUR_WORD_RE.findall(c.group(0))))
    return found


def _size_key(size: str) -> str:
    size = size.upper()
    return {"2X": "XXL", "2XL": "XXL", "3X": "3XL", "XXXL": "3XL", "4X": "4XL"}.get(size, size)
