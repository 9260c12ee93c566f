"""Money facts come from CLDR through Babel, and the parser reads amounts in any currency CLDR knows."""

from __future__ import annotations

import json

import pytest

from tiktok_commerce.money import DATA, minor_units
from tiktok_commerce.money.cldr import build, render
from tiktok_commerce.workers.caption_parser.rules import parse_caption


def test_the_cldr_file_is_what_babel_says_today() -> None:
    """cldr_money.json is generated (python -m tiktok_commerce.money.cldr), never edited by hand."""
    assert json.loads(DATA.read_text(encoding="utf-8")) == json.loads(render(build()))


def test_minor_units() -> None:
    assert (minor_units("JPY"), minor_units("VND"), minor_units("EUR"), minor_units("KWD")) == (0, 0, 2, 3)


@pytest.mark.parametrize(
    ("caption", "price", "currency"),
    [
        ("Plancha de pelo MX$299", 299, "MXN"),
        ("Kulaklık ₺1.299 kargo bedava", 1299, "TRY"),
        ("Sluchátka 1 299 Kč", 1299, "CZK"),
        ("Słuchawki bezprzewodowe 199 zł", 199, "PLN"),
        ("Наушники 2 990 руб.", 2990, "RUB"),
        ("wireless earbuds ₹1,499", 1499, "INR"),
        ("ceramic mug NT$350", 350, "TWD"),
        ("Hörlurar 499 kr", 499, "SEK"),
    ],
)
def test_amounts_in_currencies_of_markets_the_parser_was_never_shown(
    caption: str, price: float, currency: str
) -> None:
    (product,) = parse_caption(caption).products
    assert (product["price"], product["currency"]) == (price, currency)


@pytest.mark.parametrize(
    ("value", "currency", "language", "shown"),
    [
        (49.9, "BRL", "pt", "R$ 49,90"),
        (1980, "JPY", "ja", "¥1,980"),
        (19.99, "EUR", "fr", "19,99 €"),
        (24.99, "EUR", "de", "24,99 €"),
        (12.99, "USD", "en", "$12.99"),
        (299, "MXN", "es", "$299.00"),
        (149000, "VND", "vi", "149.000 ₫"),
        (39.9, "SGD", "en", "$39.90"),
        (19.99, "EUR", "en", "€19.99"),
        # a language whose markets pay otherwise: as the currency's own shoppers write it (not es_BR)
        (49.9, "BRL", "es", "R$ 49,90"),
        (12.5, "CHF", "de", "CHF 12.50"),
        (None, "USD", "en", None),
        (5, None, "en", None),
    ],
)
def test_prices_are_shown_as_their_market_writes_them(value, currency, language, shown) -> None:  # type: ignore[no-untyped-def]
    from tiktok_commerce.money.display import format_price

    assert format_price(value, currency, language) == shown
