"""A caption that sells without prices and lists its products one a line gives one product a line;
a list of the one product's features does not (listed.py). Captions written for these tests."""

from __future__ import annotations

import pytest

from tiktok_commerce.workers.caption_parser.rules import parse_caption


def listing(caption: str) -> list[tuple[str, float | None]]:
    return [(p["title"].lower(), p["price"]) for p in parse_caption(caption).products]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "What's in my camping bag ⛺\n• folding camp stove\n• titanium spork\n• inflatable pillow\n"
            "all in my showcase 🛒",
            ["folding camp stove", "titanium spork", "inflatable pillow"],
        ),
        (
            "Unsere Herbstdüfte 🍂\n- Duftkerze Apfelstrudel\n- Raumspray Zimt\n- Duftwachs Kürbis\n"
            "Alles im Shop verlinkt!",
            ["duftkerze apfelstrudel", "raumspray zimt", "duftwachs kürbis"],
        ),
        (
            "Meu kit de escritório ✏️\n1. caderno pontilhado\n2. marca-texto pastel\n3. estojo de lona\n"
            "tudo no link da bio",
            ["caderno pontilhado", "marca-texto pastel", "estojo de lona"],
        ),
        (
            "今日の紹介👇\n・柚子のハンドソープ\n・木製の石けん置き\n・麻のバスタオル\n全部プロフのショップにあります",
            ["柚子のハンドソープ", "木製の石けん置き", "麻のバスタオル"],
        ),
    ],
)
def test_an_unpriced_list_of_names_gives_a_product_a_line(caption: str, expected: list[str]) -> None:
    assert listing(caption) == [(title, None) for title in expected]


def test_a_list_of_features_names_one_product() -> None:
    caption = (
        "cordless neck fan for summer commutes 🌬️\n✅ 3 speeds\n✅ 12h battery\n✅ 200 g light\nlink in bio"
    )
    assert len(listing(caption)) == 1


def test_a_priced_list_keeps_each_line_with_its_price() -> None:
    caption = (
        "Mes essentiels 🧶\n- Aiguilles circulaires : 12,90 €\n- Laine mérinos : 8,50 €\n"
        "- Marqueurs de mailles : 3,20 €"
    )
    assert [price for _, price in listing(caption)] == [12.9, 8.5, 3.2]


def test_two_marked_lines_are_not_a_list() -> None:
    caption = "new drop 🔥\n• linen shirt\n• wide pants\nlink in bio"
    assert len(listing(caption)) <= 1


def test_a_line_listing_names_with_commas_gives_a_product_each() -> None:
    caption = (
        "my desk setup 🖥️\nmonitor light bar, mechanical keyboard, gel wrist rest and a felt desk mat\n"
        "all linked in my showcase"
    )
    assert [title for title, _ in listing(caption)] == [
        "monitor light bar",
        "mechanical keyboard",
        "gel wrist rest",
        "a felt desk mat",
    ]


def test_a_line_of_the_products_features_is_no_list() -> None:
    caption = "ceramic pour-over dripper ☕\nhandmade, dishwasher safe, fits most mugs\nlink in bio"
    assert len(listing(caption)) == 1
