"""Data tables the rules parser reads: currencies, number words and keywords per language.

Kept apart from the code so a new market is mostly a few lines here. Lowercase unless noted.
"""

from __future__ import annotations

from tiktok_commerce import languages as language_packs
from tiktok_commerce import money
from tiktok_commerce.workers.caption_parser.wordlist import words

# Currency written before the amount. Longest first in the regex (built in rules.py).
PREFIX_CURRENCY: dict[str, str] = {
    "US$": "USD",
    "USD$": "USD",
    "SGD$": "SGD",
    "AUD$": "AUD",
    "CAD$": "CAD",
    "NZD$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "R$": "BRL",
    "RM": "MYR",
    "Rm": "MYR",
    "rm": "MYR",
    "Rp.": "IDR",
    "Rp": "IDR",
    "RP": "IDR",
    "rp": "IDR",
    "₱": "PHP",
    "Php": "PHP",
    "P": "PHP",
    "฿": "THB",
    "£": "GBP",
    "€": "EUR",
    "$": "USD",
    "₫": "VND",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
}

# Currency signs written after the amount (case-insensitive); currency words ("baht", "pesos",
# "bucks") are in the packs' `currency.after`.
SUFFIX_CURRENCY: dict[str, str] = {"€": "EUR", "$": "USD", "£": "GBP", "฿": "THB", "₫": "VND"}

ISO_CODES = words(
    """
    USD SGD MYR IDR PHP THB GBP EUR VND AUD CAD NZD HKD JPY KRW INR BRL MXN CNY TWD CHF SEK NOK DKK
    PLN AED SAR ZAR
    """
)

# Amount suffixes that multiply ("89rb" (ribu), "199k", "1,2jt" (juta), "1tr" (triệu)), from the
# packs' `numbers.multipliers`; a pack's `numbers.currency` is the currency its multipliers imply
# ("45rb" is rupiah whatever the caption's language).
MULTIPLIERS: dict[str, float] = {}
SUFFIX_FIXED_CURRENCY: dict[str, str] = {}
for _pack in sorted(language_packs.packs().values(), key=lambda p: p.language):
    for _word, _factor in _pack.table("numbers.multipliers").items():
        MULTIPLIERS.setdefault(_word.lower(), float(_factor))
        if _pack.table("numbers").get("currency"):
            SUFFIX_FIXED_CURRENCY.setdefault(_word.lower(), str(_pack.table("numbers")["currency"]).upper())
# A language whose own multipliers imply its market's currency (id: IDR, vi: VND): in its captions
# every multiplier is that currency ("HP Android cuma 1tr2 #tiktokshopid" is rupiah).
LANGUAGE_MULTIPLIER_CURRENCY: dict[str, str] = {
    code: str(pack.table("numbers")["currency"]).upper()
    for code, pack in language_packs.packs().items()
    if pack.table("numbers.multipliers") and pack.table("numbers").get("currency")
}
# Amounts written in words ("twenty five bucks", "tiga puluh lima ribu", "a tenner"), from the
# packs' `numbers.words` (values), `numbers.scales` (multiply what came before), `numbers.joiners`
# and `numbers.slang` (a whole amount in the pack's `numbers.slang_currency`).
NUMBER_WORDS: dict[str, float] = {}
NUMBER_SCALES: dict[str, float] = {}
NUMBER_JOINERS: set[str] = set()
SLANG_AMOUNTS: dict[str, tuple[float, str]] = {}
for _pack in sorted(language_packs.packs().values(), key=lambda p: p.language):
    _numbers = _pack.table("numbers")
    for _word, _value in _pack.table("numbers.words").items():
        NUMBER_WORDS.setdefault(_word.lower(), float(_value))
    for _word, _value in _pack.table("numbers.scales").items():
        NUMBER_SCALES.setdefault(_word.lower(), float(_value))
    NUMBER_JOINERS.update(_pack.words("numbers.joiners"))
    # Tens and units written as one word (`numbers.compound`: "{tens}{unit}" gives "trentacinque",
    # "{unit}und{tens}" "fünfundzwanzig"; `numbers.elide`: "trent" + "uno" is "trentuno").
    if _template := str(_numbers.get("compound", "")):
        _words_of = _pack.table("numbers.words")
        _tens = [(w.lower(), v) for w, v in _words_of.items() if v in range(20, 100, 10)]
        _units = [(w.lower(), v) for w, v in _words_of.items() if v in range(1, 10)]
        for (_ten, _t), (_unit, _u) in ((a, b) for a in _tens for b in _units):
            if _numbers.get("elide") and _ten[-1] in "aeiou" and _unit[0] in "aeiou":
                _ten = _ten[:-1]
            _compound = _template.replace("{tens}", _ten).replace("{unit}", _unit)
            NUMBER_WORDS.setdefault(_compound, float(_t + _u))
    for _word, _value in _pack.table("numbers.slang").items():
        SLANG_AMOUNTS.setdefault(
            _word.lower(), (float(_value), str(_numbers.get("slang_currency", "")).upper())
        )
# A multiplier said between a number and its currency word, with the remainder after it
# ("2万円", "1.5万円", "1万2,800円", "3千円"): the packs' `numbers.currency_multipliers`.
CURRENCY_MULTIPLIERS: dict[str, float] = {}
for _pack in sorted(language_packs.packs().values(), key=lambda p: p.language):
    for _word, _factor in _pack.table("numbers.currency_multipliers").items():
        CURRENCY_MULTIPLIERS.setdefault(_word.lower(), float(_factor))
THOUSANDS_SUFFIX = tuple(w for w, f in MULTIPLIERS.items() if f == 1e3)
MILLIONS_SUFFIX = tuple(w for w, f in MULTIPLIERS.items() if f == 1e6)

# Currency of a market, from the caption's language, for amounts with no symbol ("199k", "45rb"):
# the currency CLDR gives the first market of each pack that says `currency.unmarked_amounts`.
LANGUAGE_CURRENCY: dict[str, str] = {
    code: money.facts()["territory_currency"][pack.markets[0]]
    for code, pack in sorted(language_packs.packs().items())
    if pack.table("currency").get("unmarked_amounts") and pack.markets
}

# The currency of each language's first market, for amounts that say only "this is money" ("29,-").
MARKET_CURRENCY: dict[str, str] = {
    code: money.facts()["territory_currency"][pack.markets[0]]
    for code, pack in sorted(language_packs.packs().items())
    if pack.markets and pack.markets[0] in money.facts()["territory_currency"]
}
# Languages whose first market writes a decimal comma (CLDR, the pack's locale) in a currency with
# cents: there a bare "79,90" can be only money or a measure ("antes 129,90 agora 79,90").
DECIMAL_COMMA_CURRENCY: dict[str, str] = {
    code: MARKET_CURRENCY[code]
    for code, pack in sorted(language_packs.packs().items())
    if code in MARKET_CURRENCY
    and money.writes_decimal_comma(pack.locale)
    and money.minor_units(MARKET_CURRENCY[code]) == 2
}
# Currencies of the markets the packs cover: their codes count written in any case ("19,99 eur");
# other codes only in capitals ("60 Sek." is sixty seconds, not Swedish krona).
MARKET_CURRENCIES = frozenset(
    money.facts()["territory_currency"][market]
    for pack in language_packs.packs().values()
    for market in pack.markets
    if market in money.facts()["territory_currency"]
)

# Words after "199k" that make it a count, not money ("100k followers", "18k gold").
COUNT_WORDS = frozenset(language_packs.words("price.count_words_after"))  # "100k followers", "18k gold"

# Clues that a bare "$" is not US dollars (hashtag prefixes, words, flags).
# Clues that a bare "$" is not US dollars (hashtags, words, flags): each pack's
# `currency.dollar_markets`, and the dollar a language's own captions mean (below).
DOLLAR_MARKETS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (str(code).upper(), tuple(str(c).lower() for c in cues))
    for _code_pack in sorted(language_packs.packs().values(), key=lambda p: p.language)
    for code, cues in _code_pack.table("currency.dollar_markets").items()
)

# Language detection: a few frequent function words per language; scripts decide Thai and Vietnamese.
# Language detection: each pack's `detect.function_words` (filled in below, from the packs).
STOPWORDS: dict[str, frozenset[str]] = {}

# Words that say a price is the former/regular one when they come just before it.
ORIGINAL_BEFORE: tuple[str, ...] = ()  # from the packs: `price.former_before`
# ... or just after it: "$45 on our website", "$80 in stores".
ORIGINAL_AFTER: tuple[str, ...] = ()  # from the packs: `price.former_after`
# Words between two prices that make the first the former one: "from $199 to $129", "$48 → $32".
FROM_TO_BETWEEN: tuple[str, ...] = ()  # from the packs: `price.now_between`
# Of FROM_TO_BETWEEN, the words that also join ranges ("$10 to $20"): a former price only after a
# "from" ("from $199 to $129", "de 45 € a 31 €", "dari 150k turun jadi 99k").
RANGE_BETWEEN: tuple[str, ...] = ()  # from the packs: `price.range_between`

# Amounts that are not what a product costs: savings, fees, ceilings, comparisons, hyperbole.
IGNORE_BEFORE: tuple[str, ...] = ()  # from the packs: `price.not_price_before`
IGNORE_AFTER: tuple[str, ...] = ()  # from the packs: `price.not_price_after`

# A price with a percentage off: "25% off", "diskon 30%", "giảm 20%", "-40%".
PERCENT_OFF_AFTER: tuple[str, ...] = ()  # from the packs: `price.percent_off_after`
PERCENT_OFF_BEFORE: tuple[str, ...] = ()  # from the packs: `price.percent_off_before`
HALF_OFF: tuple[str, ...] = ()  # from the packs: `price.half_off`

# Words after an amount that make it a price even after "the"/"my" ("the $25 bundle", "a $9 each"):
# such an amount is no adjective of a story's noun ("the $7 coffee run").
AMOUNT_ROLE_WORDS = frozenset(language_packs.words("price.role_words_after"))

# Words that say a caption sells something even when it gives no price.
SELLING_CUES: tuple[str, ...] = ()  # from the packs: `cues.selling`

# Selling cues that a story or giveaway uses too ("comment to enter"): they do not make it a sale.
WEAK_SELLING_CUES = frozenset(language_packs.words("cues.weak_selling"))

# Captions that tell a story rather than sell: a price in them is something the seller paid.
# They give no products unless a selling cue says otherwise.
STORY_CUES: tuple[str, ...] = ()  # from the packs: `cues.story`

# A live-selling announcement without a price sells on the live, not in the caption: "may live
# selling tayo bukas, kita kits", "going live Sunday 7pm, see you there". Read like STORY_CUES,
# for captions without a price only ("we're live! all dresses $20" does sell).
LIVE_CUES: tuple[str, ...] = ()  # from the packs: `cues.live`


# ---- the language packs (tiktok_commerce/languages/packs/*.toml) ---------------------------------
# Newer languages live only in packs; their words join the tables above, by role. (The words above
# are still to move into the packs of their languages: see docs/caption-parser.md.)

COUNT_PLACEHOLDER = "{n}"  # "{n}x de": an installment count, any number from 1 to MAX_COUNT
MAX_COUNT = 48


def _expand(phrases: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for phrase in phrases:
        if COUNT_PLACEHOLDER in phrase:
            out.extend(phrase.replace(COUNT_PLACEHOLDER, str(n)) for n in range(1, MAX_COUNT + 1))
        else:
            out.append(phrase)
    return tuple(out)


def _with(table: tuple[str, ...], role: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*table, *_expand(language_packs.words(role)))))


ORIGINAL_BEFORE = _with(ORIGINAL_BEFORE, "price.former_before")
ORIGINAL_AFTER = _with(ORIGINAL_AFTER, "price.former_after")
FROM_TO_BETWEEN = _with(FROM_TO_BETWEEN, "price.now_between")
IGNORE_BEFORE = _with(IGNORE_BEFORE, "price.not_price_before")
IGNORE_AFTER = _with(IGNORE_AFTER, "price.not_price_after")
# Amounts that say the caption sells without saying the price: a range's start ("à partir de
# 19,90 €"), an installment alone ("4 x 74,98 €"). The product is listed with price null.
UNPRICED_BEFORE = _with((), "price.unpriced_before")
PERCENT_OFF_AFTER = _with(PERCENT_OFF_AFTER, "price.percent_off_after")
PERCENT_OFF_BEFORE = _with(PERCENT_OFF_BEFORE, "price.percent_off_before")
RANGE_BETWEEN = _with(RANGE_BETWEEN, "price.range_between")
UNPRICED_AFTER = _with((), "price.unpriced_after")
# A word that, right before a caption's only amount, makes it a starting price ("linen sheets from
# $49"); beside a second amount the same word leads a former price or a range ("from $199 to $129").
STARTING_BEFORE = _with((), "price.starting_before")
# After an amount: it is the price of one unit ("each", "a bar", "cada", "pro Stück").
PER_UNIT_AFTER = _with((), "price.per_unit_after")
PER_UNIT_BEFORE = _with((), "price.per_unit_before")  # "works out £1.50 a bar"
SELLING_CUES = _with(SELLING_CUES, "cues.selling")
STORY_CUES = _with(STORY_CUES, "cues.story")
LIVE_CUES = _with(LIVE_CUES, "cues.live")
HALF_OFF = _with(HALF_OFF, "price.half_off")
# "{n}割引": n tenths off (Japanese); kept with the placeholder, read by a pattern.
TENTHS_OFF = tuple(dict.fromkeys(language_packs.words("price.tenths_off")))
for _pack in sorted(
    language_packs.packs().values(), key=lambda p: (p.table("detect").get("tie_rank", 99), p.language)
):
    # The first pack by tie rank names a word shared by several ("pesos": English/Tagalog PHP); a
    # language that means another currency by it says so for its own captions (LANGUAGE_SUFFIX_CURRENCY).
    for _word, _code in _pack.table("currency.after").items():
        SUFFIX_CURRENCY.setdefault(_word.lower(), str(_code).upper())
    if _pack.words("detect.function_words"):
        STOPWORDS[_pack.language] = STOPWORDS.get(_pack.language, frozenset()) | frozenset(
            _pack.words("detect.function_words")
        )
# Currency words that mean another currency in a language than elsewhere: "pesos" are Mexican in
# Spanish, Philippine in Tagalog and English.
LANGUAGE_SUFFIX_CURRENCY: dict[str, dict[str, str]] = {
    code: {w.lower(): str(c).upper() for w, c in pack.table("currency.after").items()}
    for code, pack in language_packs.packs().items()
    if pack.table("currency.after")
}
# A bare "$" by language ("es": MXN), and cues that name a dollar/peso market.
LANGUAGE_DOLLAR: dict[str, str] = {
    code: str(pack.table("currency").get("dollar", "")).upper()
    for code, pack in sorted(language_packs.packs().items())
    if pack.table("currency").get("dollar")
}
DOLLAR_MARKETS = (
    *DOLLAR_MARKETS,
    *(
        (LANGUAGE_DOLLAR[code], tuple(pack.words("currency.market_cues")))
        for code, pack in sorted(language_packs.packs().items())
        if code in LANGUAGE_DOLLAR and pack.words("currency.market_cues") and LANGUAGE_DOLLAR[code] != "USD"
    ),
)


# ---- currency symbols from CLDR (tiktok_commerce/money) -------------------------------------------
# Every symbol CLDR knows reads as its currency before or after an amount ("₺199", "1.299 Kč",
# "MX$299"), unless the tables above say otherwise (they hold how sellers write where CLDR does not:
# "Rp", "RM", "P499", "rb", "k", "円", "bucks"). Symbols made only of ASCII letters ("Ft", "Br", "K")
# are words too often ("5 ft") and are left out; so are symbols with digits.


def _readable_symbol(symbol: str) -> bool:
    if any(c.isdigit() or c.isspace() for c in symbol):
        return False
    return not (symbol.isascii() and symbol.replace(".", "").isalpha())


# Written by sellers, not in CLDR's current symbols: the old rouble abbreviation, the rial sign.
SUFFIX_CURRENCY.update({"руб.": "RUB", "руб": "RUB", "р.": "RUB", "﷼": "SAR", "kr": "SEK", "kr.": "DKK"})
for _symbol, _currencies in money.symbol_currencies().items():
    if _readable_symbol(_symbol):
        PREFIX_CURRENCY.setdefault(_symbol, _currencies[0])
        SUFFIX_CURRENCY.setdefault(_symbol.lower(), _currencies[0])
PREFIX_CURRENCY.setdefault("﷼", "SAR")
