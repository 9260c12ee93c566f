"""What the seventh never-tuned set taught (issue 13, tenth round): a title whose product is one
German compound ("Espressotasse", "Plüschkatze") finds the label of its last part, and an astronaut
figure is a person in every packed language, not only the European ones."""

from __future__ import annotations

import pytest

from tiktok_commerce.workers.thumbnails.labels import product_labels


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        ("Espressotasse mit Untertasse ☕ handgetöpfert, 90 ml – 2er-Set nur 24,90 €", {"cup"}),
        ("Plüschkatze XXL zum Kuscheln", {"cat"}),
        ("Kaffeebecher to go aus Bambus", {"cup"}),
    ],
)
def test_a_compound_finds_the_label_of_its_last_part(title: str, labels: set[str]) -> None:
    assert product_labels(title) == labels


def test_a_word_ending_in_a_short_label_word_is_no_compound() -> None:
    assert product_labels("hiccup cure drops") == set()


@pytest.mark.parametrize(
    "title",
    [
        "Figur Astronot 🚀 pajangan meja kerja – tinggi 10cm, cuma Rp 45.000!",
        "宇航员摆件 桌面装饰",
        "宇宙飛行士 フィギュア 15cm",
        "Tượng phi hành gia để bàn",
    ],
)
def test_an_astronaut_figure_is_a_person_in_every_language(title: str) -> None:
    assert "person" in product_labels(title)
