"""The one language detector the caption parser and the tagger share (languages/detect.py)."""

from __future__ import annotations

import socket

import pytest

from tiktok_commerce.languages.detect import by_script, detect
from tiktok_commerce.workers.caption_parser.rules import parse_caption
from tiktok_commerce.workers.tagger.rules import Listing, RulesTagger


@pytest.mark.parametrize(
    ("caption", "language"),
    [
        # Portuguese and Spanish share most short words; the identifier's letter n-grams tell them apart.
        ("gente o protetor solar com cor que eu uso todo dia, toque seco, não deixa branco", "pt"),
        ("el protector solar con color que uso todos los días, toque seco, no deja blanco", "es"),
        ("la crème solaire teintée que je mets tous les jours, toucher sec, ne laisse pas de traces", "fr"),
        ("la crema solare colorata che uso ogni giorno, tocco asciutto, non lascia aloni", "it"),
        ("die getönte Sonnencreme, die ich jeden Tag benutze, trocknet schnell und klebt nicht", "de"),
        ("the tinted sunscreen I use every single day, dries fast and leaves no white cast", "en"),
        ("Kaos polos harga 45.000 bahan adem", "id"),  # too short to identify: the words vote
        # The identifier reads this as Galician, which the Portuguese pack counts as its own.
        ("Vestido midi canelado com fenda de R$ 89,90 por R$ 49,90 ou 3x de R$ 16,63 sem juros", "pt"),
        ("ไดร์เป่าผมไอออนลบ ผมแห้งไว ราคา 1,290", "th"),
        ("保温杯 500ml 只需S$19.90", "zh"),
        ("ステンレスタンブラー 1,980円 送料無料", "ja"),
        ("Sữa rửa mặt than tre 129.000đ", "vi"),
        ("", "en"),
        ("#fyp #viral 🔥🔥", "en"),
    ],
)
def test_each_caption_gets_its_language(caption: str, language: str) -> None:
    assert detect(caption) == language


def test_scripts_decide_before_any_guess() -> None:
    assert by_script("ライト") == "ja" and by_script("plain ascii") is None


def test_the_identifier_model_ships_with_the_package_and_needs_no_network(monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the language identifier tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert detect("frete grátis para todo o Brasil, chega amanhã na sua casa") == "pt"


def test_parser_and_tagger_agree_on_the_language() -> None:
    caption = "Vestido longo floral perfeito pro verão, tecido leve e fresquinho, por R$ 89,90"
    assert parse_caption(caption).language == "pt"
    tagged = RulesTagger().suggest(Listing(title="Vestido longo floral", caption=caption))
    assert tagged.language == "pt"
    assert tagged.category == "Womenswear" and "moda feminina" in [t.tag for t in tagged.tags]


@pytest.mark.parametrize("caption", ["\x00\x01\x02", "a" * 200_000, "🔥" * 5000, "mixed 混合 ミックス ผสม"])
def test_any_text_gets_a_language(caption: str) -> None:
    assert isinstance(detect(caption), str)


@pytest.mark.parametrize(
    ("caption", "language", "currency"),
    [
        ("Funda iPhone 13 antigolpe $149 🔥", "es", "MXN"),  # "funda": a Spanish product word only
        ("Coque iPhone 14 silicone lilas 9,90€", "fr", "EUR"),
    ],
)
def test_a_short_caption_of_product_words_is_read_by_its_product_words(
    caption: str, language: str, currency: str
) -> None:
    result = parse_caption(caption)
    assert result.language == language
    assert [p["currency"] for p in result.products] == [currency]
