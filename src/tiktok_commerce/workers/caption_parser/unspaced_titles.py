"""Titles for scripts written without spaces between words (Japanese, as its pack says).

Sellers still put spaces between the chunks of a caption ("北海道産 訳あり ほたて貝柱 500g 3,280円"),
but inside a chunk there are none, so the word-run scoring of titles.py has nothing to hold on to.
Here a title is one chunk of the text before the price, trimmed to its noun phrase:

- a relative clause before the noun is cut off: a particle, then a verb or adjective ending right
  before a noun ("猫が夢中になる電動ねこじゃらし" -> "電動ねこじゃらし"; "洗えるラグ" keeps its verb, which
  has no argument and so names the kind of rug);
- what comes before its last particle is cut off
  ("おやつは無添加ささみジャーキー" -> "無添加ささみジャーキー");
- it must end in a noun-like character (kanji, katakana, a Latin letter; a hiragana ending is a
  verb or an adjective, "蒸れない"), say no offer ("送料無料", "特価") and hold no figure but a
  Latin model code or unit glued to the name ("A5トレカバインダー", "ゆめぴりか5kg"; not "最大30時間再生").

Of the chunks since the previous product's price (amounts blanked out, so a former price does not
hide the name before it: "ホットアイマスク 通常4,980円→今だけ2,980円"), the nearest one that ends in a
product noun of the pack (`title.product_nouns` and the tagger's keywords: "イヤホン", "鍋") wins;
else the longest chunk of the nearest clause that has one. The particles and endings come from the pack.
A brand in Latin letters said as its own chunk right before the name, and one spec chunk right after
it, join the title as a listing line writes them ("Anker 充電器 65W", "ヨガマット 10mm厚").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tiktok_commerce import languages as language_packs
from tiktok_commerce.workers.caption_parser.title_words import PROMO_WORDS

# Where a clause ends: emoji (turned into " | " before), CJK and Latin punctuation, list bullets.
_BREAK_RE = re.compile(r"[|!?！？。、,，;；:：「」『』【】\[\]()（）→⇒➡︎▶►&＆◎○●★☆=＝\n]+")
_EDGE = "・.-_/+*#'\"“”‘’ "
# A Latin model code or unit glued to a name ("A5", "Air2", "5kg", "500ml"): the only figures a
# chunk may hold and still be a name.
_LATIN_CODE_RE = re.compile(r"[A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*")
# Unit symbols of the SI: written the same in every language (titles.py reads them too).
SI_UNITS = ("ml", "l", "g", "kg", "cm", "mm")
# A mass or volume glued to the end of a name ("セラミド保湿クリーム50g"): the product's size, not its
# name ("ヨガマット10mm" names a thickness, kept).
_MEASURE_TAIL_RE = re.compile(r"\d+(?:\.\d+)?(?:ml|l|g|kg)$", re.IGNORECASE)
# The least weight a tagger keyword needs to count as a product noun (below it: hints such as
# "メンズ", "ファッション").
_PRODUCT_WEIGHT = 2.0


# Small Latin words sellers mix into unspaced captions ("一括39,800円 or 分割払い"): never a name.
_LATIN_JOINERS = frozenset(
    w
    for role in ("title.small_words", "title.and_words", "price.alternative_words")
    for w in language_packs.words(role)
    if w.isascii()
)


def unspaced_languages() -> frozenset[str]:
    return frozenset(
        code for code, pack in language_packs.packs().items() if pack.table("title").get("unspaced")
    )


def _words(language: str, role: str) -> frozenset[str]:
    pack = language_packs.packs().get(language)
    return frozenset(pack.words(role)) if pack else frozenset()


@lru_cache(maxsize=16)
def product_nouns(language: str) -> tuple[str, ...]:
    """Words that end a product's name in this language: the pack's `title.product_nouns` and its
    tagger's product keywords but its audience words, longest first."""
    pack = language_packs.packs().get(language)
    if pack is None:
        return ()
    found = set(pack.words("title.product_nouns"))
    audience = set(pack.words("title.audience"))  # "わんこ": who it is for, no product
    for spec in pack.table("tagger.categories").values():
        for word, weight in (spec.get("keywords") or {}).items():
            if float(weight) >= _PRODUCT_WEIGHT and word.lower() not in audience:
                found.add(word.lower())
    return tuple(sorted(found, key=len, reverse=True))


def _noun_like(char: str) -> bool:
    return (
        "\u30a0" <= char <= "\u30ff"  # katakana
        or "\u4e00" <= char <= "\u9fff"  # kanji
        or char.isascii()
        and char.isalpha()
        or char == "ー"
    )


def _hiragana(char: str) -> bool:
    return "\u3041" <= char <= "\u309f"


def _after_relative_clause(
    chunk: str,
    particles: frozenset[str],
    verb_endings: tuple[str, ...],
    argued: bool = False,
    nouns: tuple[str, ...] = (),
) -> str:
    """The chunk without a relative clause before its noun: the text up to a verb or adjective
    ending that follows a particle (its argument) and comes right before a noun-like character
    ("水やりがラクになるセルフ給水プランター" -> "セルフ給水プランター"); `argued`: a figure cut off
    before it was the argument ("5cm盛れる厚底スニーカー")."""
    for i in range(2, len(chunk) - 1):  # the first such ending: "楽なシリコン製まな板" is not "板"
        if (
            _hiragana(chunk[i])
            and _noun_like(chunk[i + 1])
            and chunk[: i + 1].endswith(verb_endings)
            and (argued or any(p in chunk[1 : i - 1] for p in particles))  # "が", "から" ...
            and not any(chunk.endswith(n) and len(chunk) - len(n) <= i for n in nouns)  # "まな板"
        ):
            return chunk[i + 1 :]
    return chunk


# A count of a pack ending a name ("ガーゼスタイ5枚セット", "ドリップバッグ10個入り"): a figure, its
# counter and one of the packs' `title.pack_suffixes`.
_PACK_SUFFIXES = language_packs.words("title.pack_suffixes")
_PACK_TAIL_RE = re.compile(
    rf"\d+[^\W\d_]?(?:{'|'.join(map(re.escape, _PACK_SUFFIXES))})$" if _PACK_SUFFIXES else "(?!)"
)


# A count of the name's variants after it ("シアーシャツ全5色"): said of the product, not its name.
_VARIANT_COUNTERS = language_packs.words("title.variant_counters")
_VARIANT_TAIL_RE = re.compile(
    rf"全?\d+(?:{'|'.join(map(re.escape, _VARIANT_COUNTERS))})$" if _VARIANT_COUNTERS else "(?!)"
)
# A figure and its counter or unit opening a chunk ("12色アイシャドウパレット", "2025年版ウィークリー手帳",
# "5cm盛れる厚底スニーカー"): a spec said before the name.
# Its counter is Latin letters, or kanji and kana other than katakana (which start the name).
_FIGURE_LEAD_RE = re.compile(r"^全?\d+(?:[.,]\d+)?(?:[A-Za-z]{1,3}|[\u3040-\u309f\u4e00-\u9fff]{1,2})?")


def _figures_ok(chunk: str) -> bool:
    """A chunk with figures names a product only when each figure is in a Latin code or unit glued
    to the name, or counts its pack, and the rest still names something ("A5トレカバインダー",
    "ガーゼスタイ5枚セット", not "最大30時間再生")."""
    if chunk[0].isdigit():
        return False  # "3段階調光", "120ピース": a spec or a count
    rest = _LATIN_CODE_RE.sub("", _PACK_TAIL_RE.sub("", chunk))
    return not any(c.isdigit() for c in rest) and sum(map(_noun_like, rest)) >= 2


class Joining(NamedTuple):
    """The pack's words for what opens and ends a name in a chunk."""

    particles: frozenset[str] = frozenset()  # `title.joining_particles` ("の")
    not_modifiers: frozenset[str] = frozenset()  # `title.not_modifiers` ("人気")
    modifier_suffixes: tuple[str, ...] = ()  # `title.modifier_suffixes` ("用")
    tails: tuple[str, ...] = ()  # `title.chunk_tails`, longest first ("入荷しました")
    audience: frozenset[str] = frozenset()  # `title.audience` ("キッズ"): inside a name, not its offer


def _names_modifier(
    chunk: str, cut: int, joining: Joining, verb_endings: tuple[str, ...] = (), nouns: tuple[str, ...] = ()
) -> bool:
    """Whether the noun before the particle at `cut`, joining it to the next noun, belongs to the
    product's name, after a relative clause too ("電車でも安心な帆布のトートバッグ"): a material, an
    origin, a scent ("南部鉄器の急須", "リネンのワンピース"), not praise, a purpose or a brand ("人気の",
    "キャンプ用の", "BEAUTYの"), nor a clause ("同じ香りの", "この"); and the whole still ends in a
    noun ("金木犀の香り" names a scent)."""
    before = chunk[:cut]
    return (
        chunk[cut] in joining.particles
        and (_noun_like(chunk[-1]) or chunk.endswith(nouns))  # "信楽焼の一輪挿し", not "金木犀の香り"
        and len(before) >= 2
        and not before.isascii()  # "BEAUTYの": a brand
        and (
            all(map(_noun_like, before))  # "CICA配合の", "南部鉄器の"
            # a noun in kana ("ずわいがにの棒肉", "いくらの醤油漬け"), not a verb or adjective ("かわいい")
            or (len(before) >= 3 and all(map(_hiragana, before)) and not before.endswith(verb_endings))
        )
        and before not in joining.not_modifiers
        and not before.endswith(joining.modifier_suffixes)
    )


_SIZE = r"(?:X{0,4}[SL]|M|F|\d?XL)"
_SIZE_LIST_RE = re.compile(rf"{_SIZE}(?:\s*[/〜~\-・,]\s*{_SIZE})+\)?")


def candidate(
    chunk: str,
    particles: frozenset[str],
    not_names: frozenset[str],
    verb_endings: frozenset[str] = frozenset(),
    nouns: tuple[str, ...] = (),
    joining: Joining = Joining(),
) -> str | None:
    """The chunk as a title, or None when it cannot be one (`nouns`: product nouns that may end it;
    `joining`: when a noun opening the chunk stays in the name, see _names_modifier)."""
    chunk = chunk.strip(_EDGE)
    tail = next((t for t in joining.tails if chunk.endswith(t) and len(chunk) > len(t) + 1), "")
    if tail:
        chunk = chunk[: -len(tail)]  # "リネンシャツワンピ入荷しました": the name, then news of it
    while len(chunk) > 1 and chunk[0] in particles and not _hiragana(chunk[1]):
        # "と12色アイシャドウパレット": the particle joined it to the previous product ("とろみシャツ"
        # starts with a word)
        chunk = chunk[1:]
    figure = _FIGURE_LEAD_RE.match(chunk) if chunk[:1].isdigit() else None
    if figure and len(chunk) - figure.end() >= 2 and not chunk[figure.end()].isdigit():
        if chunk[figure.end() :] in _PACK_SUFFIXES:
            return None  # "100本セット": a pack count, said after the name it counts
        chunk = chunk[figure.end() :]
        if verb_endings:  # the figure was the argument of a clause: "5cm盛れる厚底スニーカー"
            chunk = _after_relative_clause(chunk, frozenset(), tuple(verb_endings), argued=True)
    if _VARIANT_COUNTERS and chunk.endswith(_VARIANT_COUNTERS):
        chunk = _VARIANT_TAIL_RE.sub("", chunk) or chunk
    if not chunk:
        return None
    if verb_endings:
        chunk = _after_relative_clause(chunk, particles, tuple(verb_endings), nouns=nouns)
    # A particle followed by a noun ends what came before ("おやつは無添加..."); inside a word it
    # does not ("ひんやり").
    cut = max(
        (i for i, c in enumerate(chunk[:-1]) if c in particles and _noun_like(chunk[i + 1])),
        default=-1,
    )
    if cut >= 0 and not _names_modifier(chunk, cut, joining, tuple(verb_endings), nouns):
        chunk = chunk[cut + 1 :].strip(_EDGE)
        if verb_endings:  # "姉も愛用してる椿ヘアオイル": the particle's phrase was the verb's argument
            chunk = _after_relative_clause(chunk, frozenset(), tuple(verb_endings), argued=True)
    if not chunk or (any(c.isdigit() for c in chunk) and not _figures_ok(chunk)):
        return None
    sized = False  # a name with its size glued on: "塩水うに100g" ends in a name, whatever its last kana
    measure = _MEASURE_TAIL_RE.search(chunk)
    if measure and measure.start() >= 2 and not chunk[measure.start() - 1].isdigit():
        chunk, sized = chunk[: measure.start()], True
    praise = max((w for w in joining.not_modifiers if chunk.startswith(w)), key=len, default="")
    if praise and len(chunk) - len(praise) >= 2 and _noun_like(chunk[len(praise)]):
        chunk = chunk[len(praise) :]  # "新色リップティント", "人気ダウンジャケット": praise, not the name
    if chunk[-1:] in particles and chunk[:-1].lower().endswith(nouns):
        chunk = chunk[:-1]  # "ハンドクリームも ¥1,320": a product noun and its particle
    ends_in_particle = chunk[-1:] in particles and not sized
    if ends_in_particle or (chunk[:1] in particles and not chunk.lower().endswith(nouns)):
        return None  # "でお得", "ショップページへ": the rest of a sentence; "とろみシャツ" is a name
    lower = chunk.lower()
    if _SIZE_LIST_RE.fullmatch(chunk) or chunk[0] == "%":
        return None  # "S/L", "S〜XL": the sizes it comes in; "(30)%OFF": what it costs, not its name
    if lower in _LATIN_JOINERS:
        return None  # "or", "and", "x": a Latin word joining the sentence, no name
    if len(chunk) < 2 or lower in not_names or chunk.endswith(tuple(verb_endings)):
        return None  # a verb or an adjective ("蒸れない", "変わります"), or no name at all
    if not any(_noun_like(c) for c in chunk):
        return None
    if any(word in chunk for word in not_names if not word.isascii() and word not in joining.audience) or any(
        lower.endswith(word) and not lower[-len(word) - 1].isascii() for word in not_names if word.isascii()
    ):
        return None  # "半額SALE", "送料無料", "食洗機OK": what the offer is or does, not what is sold
    return chunk


@lru_cache(maxsize=16)
def _joining(language: str) -> Joining:
    return Joining(
        _words(language, "title.joining_particles"),
        _words(language, "title.not_modifiers"),
        tuple(_words(language, "title.modifier_suffixes")),
        tuple(sorted(_words(language, "title.chunk_tails"), key=len, reverse=True)),
        _words(language, "title.audience"),
    )


def _tables(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (
        _words(language, "title.particles"),
        _words(language, "title.not_names") | _words(language, "title.cut_words"),
        _words(language, "title.verb_endings"),
    )


def best_chunk(text: str, language: str) -> str | None:
    """The likeliest product name in `text` (one clause, or a whole caption): the last chunk that
    ends in a product noun, else the longest chunk, the nearest on a tie."""
    particles, not_names, endings = _tables(language)
    nouns = product_nouns(language)
    best: str | None = None
    named: str | None = None
    for chunk in text.split():
        name = candidate(chunk, particles, not_names, endings, nouns, _joining(language))
        if name is None:
            continue
        if name.lower().endswith(nouns):
            named = name
        # a name ends in a noun-like character: "冷感敷きパッド" over "寝苦しさともお別れ", however long
        if best is None or (_noun_like(name[-1]), len(name)) >= (_noun_like(best[-1]), len(best)):
            best = name
    return named or best


def _nearest(text: str, language: str) -> str | None:
    """The name in the text before a price: the first chunk ending in a product noun in the nearest
    clause that has one, else the best chunk of the nearest clause that has any."""
    particles, not_names, endings = _tables(language)
    nouns = product_nouns(language)
    clauses = [c for c in _BREAK_RE.split(text) if c.strip()]
    joining = _joining(language)
    fallback: str | None = None
    for clause in reversed(clauses):
        chunks = clause.split()
        found = [
            (i, candidate(c, particles, not_names, endings, nouns, joining)) for i, c in enumerate(chunks)
        ]
        names = [(i, n) for i, n in found if n]
        listed = [
            (i, n)
            for i, n in names
            if i + 1 < len(chunks) and _SPEC_CHUNK_RE.fullmatch(chunks[i + 1]) and _noun_like(n[-1])
        ]
        if fallback is None and listed and not any(n.lower().endswith(nouns) for _, n in names):
            # the nearest clause naming anything is a listing line, its size after the name ("コシヒカリ
            # 5kg 4,200円"): it names the product whatever noun an earlier clause ends in
            i, name = listed[-1]
            return _with_brand_and_specs(name, chunks, i, language)
        for i, name in names:  # the first: "木製パズル 知育玩具" names the puzzle, then its kind
            if name.lower().endswith(nouns):
                return _with_brand_and_specs(name, chunks, i, language)
        if names and fallback is None:
            i, name = max(reversed(names), key=lambda n: len(n[1]))  # the longest, the nearest on a tie
            fallback = _with_brand_and_specs(name, chunks, i, language)
    return fallback


# A brand in Latin letters said as its own chunk before a name ("Anker 充電器", "Angel Heart オードトワレ").
_BRAND_CHUNK_RE = re.compile(r"[A-Z][A-Za-z0-9'&-]+(?:\.[A-Za-z0-9]+)*")  # not "A." of a Q&A
# A spec said as its own chunk after a name: a figure and its unit or counter ("65W", "3ポート",
# "0.5mm", "200g", "12粒入"), a size letter ("Lサイズ"), a model code ("4&1").
_SPEC_CHUNK_RE = re.compile(
    r"\d+(?:[.,&]\d+)?[A-Za-z\u30a0-\u30ff\u4e00-\u9fff]{0,4}|[A-Z0-9]{1,3}\u30b5\u30a4\u30ba"
)


_LATIN_MODEL_RE = re.compile(r"[A-Z0-9][A-Za-z0-9.'&-]*")  # "PEN", "EE-3", "AE-1"
# After a name in Japanese or Chinese: a brand or model in Latin letters, opening with a capital, not
# a size ("0.5mm" is a spec chunk)
_MODEL_AFTER_RE = re.compile(r"[A-Z][A-Za-z0-9.'&-]*(?:\([A-Za-z0-9.-]+\))?")


def _with_brand_and_specs(name: str, chunks: list[str], i: int, language: str = "") -> str:
    """The name with the brand (and size) chunks said right before it, its Latin model words and one
    spec chunk right after it, as a listing line writes them ("Anker 充電器 65W", "OLYMPUS PEN EE-3").
    A clause of a few chunks that are all names opens the title with its first ("灯りや 手吹きガラス
    ランプシェード": the shop's name and the material, then the product)."""
    if chunks[i].strip(_EDGE) != name:
        return name  # trimmed inside its chunk: the chunks around it belong to the sentence
    if language and 0 < i <= _LINE_CHUNKS and all(_names_itself(c, language) for c in chunks[:i]):
        return " ".join([*chunks[:i], _with_brand_and_specs(name, chunks[i:], 0)])
    start = i
    while (
        start > 0
        and i - start < 2
        and (_BRAND_CHUNK_RE.fullmatch(chunks[start - 1]) or _SPEC_CHUNK_RE.fullmatch(chunks[start - 1]))
    ):
        start -= 1  # "Xiaomi 5.5L 大容量智能空气炸锅": a brand, and a size said before the name
    while start < i and not _BRAND_CHUNK_RE.fullmatch(chunks[start]):
        start += 1  # a size alone before the name stays out of it: the brand opens the title
    end = i + 1
    if name.isascii():  # "OLYMPUS PEN EE-3": a name in Latin letters goes on in its model's words
        while end < len(chunks) and end - i <= 3 and _LATIN_MODEL_RE.fullmatch(chunks[end]):
            end += 1
    else:  # "ワイヤレスイヤホン AirBeat Pro", "コンピューターミシン CPM-700", "空気電池 PR41(312)"
        while (
            end < len(chunks)
            and end - i <= 3
            and _MODEL_AFTER_RE.fullmatch(chunks[end])
            and chunks[end].lower() not in PROMO_WORDS  # "ワンピース SALE"
        ):
            end += 1
    if end < len(chunks) and _SPEC_CHUNK_RE.fullmatch(chunks[end]):  # one: a second is often a count
        end += 1
    return " ".join([*chunks[start:i], name, *chunks[i + 1 : end]])


_LINE_CHUNKS = 3  # chunks before a name on a listing line: a shop or brand, a material, a kind


def _names_itself(chunk: str, language: str) -> bool:
    """Whether the chunk reads as a word of a name, whole: a brand or spec, or a chunk that is a
    title as it stands (no particle, verb or offer word trimmed off)."""
    if _BRAND_CHUNK_RE.fullmatch(chunk) or _SPEC_CHUNK_RE.fullmatch(chunk):
        return True
    particles, not_names, endings = _tables(language)
    joining = _joining(language)
    if chunk.endswith(joining.modifier_suffixes) or chunk.endswith(_origin_suffixes(language)):
        return False  # "わんちゃん用", "北海道産": who it is for, where it comes from, not its name
    found = candidate(chunk, particles, not_names, endings, product_nouns(language), joining)
    return found == chunk


@lru_cache(maxsize=16)
def _origin_suffixes(language: str) -> tuple[str, ...]:
    return tuple(_words(language, "title.origin_suffixes"))


def _AMOUNTS_OUT(text: str, amount_spans: list[tuple[int, int]]) -> str:  # noqa: N802
    """The text with its amounts blanked out (they are not names)."""
    chars = list(text)
    for s, e in amount_spans:
        for i in range(s, min(e, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _after_price(clause: str, language: str) -> str | None:
    """The name in a clause after the price: its best chunk, with the brand and specs a listing
    line writes around it ("HAYATE Run 2 ランニングシューズ")."""
    best = best_chunk(clause, language)
    near = _nearest(clause, language)
    return near if best and near and best in near else best


def titles_before(
    body: str, price_spans: list[tuple[int, int]], amount_spans: list[tuple[int, int]], language: str
) -> list[str]:
    """One title per price: the name between the previous price and it (other amounts, such as a
    former price, blanked out); when that names nothing, the clause after the price (up to the
    next amount)."""
    titles: list[str] = []
    blanked = _AMOUNTS_OUT(body, amount_spans)
    previous_end = 0
    for start, end in price_spans:
        name = _nearest(blanked[previous_end:start], language)
        previous_end = end
        if name is None:
            # The name after the price ("3,300円🔥 クッションファンデ"): the first clause before the
            # next price that names something, past a former price
            # ("1,490円（通常価格2,290円）ラタン風バスケット").
            after_to = min((s for s, _ in price_spans if s >= end), default=len(body))
            clauses = (c for c in _BREAK_RE.split(blanked[end:after_to]) if c.strip())
            name = next((n for c in clauses if (n := _after_price(c, language))), None)
        if name is None:  # the name stands before an earlier price
            name = best_chunk(" ".join(_BREAK_RE.split(blanked[:start])), language)
        titles.append(name or "")
    return titles
