"""Prices as a shopper of the caption's market reads them, formatted by CLDR through Babel:
"R$ 49,90", "¥1,980", "19,99 €", "$12.99". Amounts stay numbers in JSON; this is for people."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache

from tiktok_commerce import languages as language_packs
from tiktok_commerce.money import facts


@lru_cache(maxsize=1024)
def locale_for(language: str | None, currency: str) -> str:
    """The locale to write `currency` in for a caption in `language`.

    The language's pack locale when its market uses the currency ("pt" + BRL -> pt_BR); else, for a
    packed language, the own language of a territory whose currency it is ("es" + BRL -> pt_BR), for
    another language that language in such a territory; else English.
    """
    from babel import Locale, UnknownLocaleError

    language = (language or "en").lower()
    pack = language_packs.packs().get(language)
    territories = [t for t, c in facts()["territory_currency"].items() if c == currency]
    if pack and any(facts()["territory_currency"].get(m) == currency for m in pack.markets):
        market = next(m for m in pack.markets if facts()["territory_currency"].get(m) == currency)
        return f"{language}_{market}"
    own = [f"und_{t}" for t in territories]  # the territory's own language: "und_BR" -> pt_BR
    in_language = [f"{language}_{t}" for t in territories]
    # A packed language whose markets pay otherwise (a caption read as Spanish priced in R$): written
    # as the currency's own shoppers read it, not in a rare locale ("es_BR" writes "R$129.90").
    for candidate in [*own, *in_language] if pack else [*in_language, *own]:
        try:
            return str(Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return "en_US"


def format_price(value: float | None, currency: str | None, language: str | None) -> str | None:
    """The price for display, or None when there is no price or no currency to write it in."""
    if value is None or not currency:
        return None
    from babel.numbers import UnknownCurrencyError, format_currency

    try:
        text = format_currency(Decimal(str(value)), currency, locale=locale_for(language, currency))
    except (UnknownCurrencyError, ValueError):
        return f"{value:g} {currency}"
    # NFKC: plain spaces for CLDR's no-break ones, "¥" for the full-width "￥" of ja_JP.
    return unicodedata.normalize("NFKC", text)
