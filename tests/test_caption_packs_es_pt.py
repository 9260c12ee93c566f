"""The Spanish and Portuguese packs' price roles and cues, each pinned by a caption written for it
(how Mexican, Spanish and Brazilian sellers and shoppers write: languages/packs/es.toml, pt.toml)."""

from __future__ import annotations

import pytest

from tiktok_commerce.workers.caption_parser.rules import parse_caption


def offers(caption: str) -> list[tuple[float | None, str | None, float | None]]:
    return [(p["price"], p["currency"], p["original_price"]) for p in parse_caption(caption).products]


def titles(caption: str) -> list[str]:
    return [p["title"] for p in parse_caption(caption).products]


# ---- Spanish (Mexico, Spain) ----------------------------------------------------------------------


def test_es_a_price_per_piece_is_the_price_of_one_and_no_word_of_the_name():
    caption = "$45/pieza aretes de acero inoxidable #aretes #tiktokshopmx"
    assert offers(caption) == [(45.0, "MXN", None)]
    assert titles(caption) == ["Aretes de Acero Inoxidable"]


def test_es_an_amount_at_so_much_the_piece_is_a_price_not_a_storys_adjective():
    # "a $35 la pieza": Spanish "a" is "at" (English reads "a $35 ..." as "the $35 coffee run").
    caption = "Llaveros de resina a $35 la pieza y tazas de cerámica $120 🎁 #regalos"
    assert offers(caption) == [(35.0, "MXN", None), (120.0, "MXN", None)]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        # Spain's PVP (the recommended retail price) is the former price beside an offer.
        ("Plancha de pelo de cerámica PVP 49,99 €, aquí 29,99 € ✨ #pelo", [(29.99, "EUR", 49.99)]),
        # The price elsewhere, said after its amount.
        ("Audífonos inalámbricos $899 en otras tiendas, aquí $599 🎧", [(599.0, "MXN", 899.0)]),
        ("Cafetera italiana $650 y hoy por tan solo $449 ☕", [(449.0, "MXN", 650.0)]),
    ],
)
def test_es_former_prices(caption, expected):
    assert offers(caption) == expected


def test_es_fortnightly_payments_sell_at_no_one_price():
    caption = "Licuadora de 10 velocidades 🔥 12 quincenas de $99 #cocina"
    assert offers(caption) == [(None, None, None)]
    assert titles(caption) == ["Licuadora de 10 Velocidades"]


@pytest.mark.parametrize(
    "caption",
    [
        "No vale la pena 😤 la compré en $899 y se rompió a la semana #freidora",
        "Le doy un 4/10 a la freidora de aire de $1,299 que se hizo viral",
        "No es publicidad: la crema de $350 que todas recomiendan no me funcionó",
    ],
)
def test_es_a_review_or_a_story_sells_nothing(caption):
    assert parse_caption(caption).products == []


def test_es_a_live_announcement_without_a_price_sells_nothing():
    # "pregúntame en el live" sells a little (a weak cue); announcing the live itself sells nothing yet.
    assert titles("Bolsas de piel nuevas 👜 pregúntame en el live") == ["Bolsas de Piel Nuevas"]
    live = "Hoy en vivo a las 8pm 🎉 bolsas de piel nuevas, pregúntame en el live"
    assert parse_caption(live).products == []


# ---- Portuguese (Brazil) --------------------------------------------------------------------------


def test_pt_a_price_per_unit_is_the_price_of_one_and_no_word_of_the_name():
    caption = "R$ 12,90/unidade pote hermético de vidro #cozinha"
    assert offers(caption) == [(12.9, "BRL", None)]
    assert titles(caption) == ["Pote Hermético de Vidro"]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Escova secadora R$ 199,90 saindo por R$ 129,90 💨 #cabelo", [(129.9, "BRL", 199.9)]),
        ("Air fryer 4L R$ 399 nas lojas, aqui R$ 279 🔥 #cozinha", [(279.0, "BRL", 399.0)]),
    ],
)
def test_pt_former_prices(caption, expected):
    assert offers(caption) == expected


def test_pt_an_amount_at_so_much_each_is_a_price_not_a_storys_adjective():
    caption = "Meias cano alto a R$ 9,90 cada e cueca boxer R$ 19,90 🧦 #modamasculina"
    assert offers(caption) == [(9.9, "BRL", None), (19.9, "BRL", None)]


@pytest.mark.parametrize(
    "caption",
    [
        "Não é publi: comprei o mop giratório de R$ 120 e quebrou em uma semana",
        "Dou nota 4/10 pra esse sérum de R$ 89 que todo mundo ama",
    ],
)
def test_pt_a_review_sells_nothing(caption):
    assert parse_caption(caption).products == []


def test_pt_in_stock_ready_to_ship_sells_without_a_price():
    caption = "Bolsa de palha com alça de couro 👜 pronta entrega"
    assert titles(caption)[0].startswith("Bolsa de Palha")
    assert offers(caption) == [(None, None, None)]


@pytest.mark.parametrize(
    "caption",
    [
        "Escova secadora R$ 199,90 saindo por R$ 129,90 💨 #cabelo",
        "brinco argola banhado a ouro 18k 💛 antialérgico, 3cm de diâmetro, por R$ 24,90",
    ],
)
def test_pt_a_short_caption_priced_in_reais_is_portuguese_though_it_reads_as_spanish(caption):
    # `detect.kin`: only Brazil, of the packs' markets, pays in R$
    assert parse_caption(caption).language == "pt"


@pytest.mark.parametrize(
    "caption",
    [
        "Plantones de lechuga romana 🥬 bandeja de 20 por 6,90 € #huerto",
        "Galletas de mantequilla caseras 🍪 caja de 24 por $189 #reposteria",
    ],
)
def test_es_a_count_of_a_container_before_por_is_no_former_price(caption):
    # "bandeja de 20 por 6,90 €": twenty plants in a tray at 6,90, not "from 20 down to 6,90"
    assert [p["original_price"] for p in parse_caption(caption).products] == [None]


def test_pt_a_discount_for_paying_by_pix_is_not_the_price():
    # "ou 5% off no Pix": for the buyers who pay so (`price.payment_discount_after`)
    caption = "Carretilha de pesca 12 rolamentos 🎣 R$ 189,90 no cartão ou 10% off no Pix"
    assert [(p["price"], p["original_price"]) for p in parse_caption(caption).products] == [(189.9, None)]
    # a percentage off said without one is still the price paid
    assert [p["price"] for p in parse_caption("Tênis de corrida R$ 300 com 20% off hoje").products] == [240.0]


def test_without_is_part_of_a_portuguese_name() -> None:
    products = parse_caption("Teclado sem fio compacto 🖱️ R$ 89,90 + frete R$ 12").products
    assert [(p["title"], p["price"]) for p in products] == [("Teclado sem Fio Compacto", 89.9)]


def test_a_coupons_amount_off_is_no_product() -> None:
    caption = "Mochila de senderismo 30L TREKA 🎒 39,90 € · cupón HOLA5 para 5 € menos en tu primer pedido"
    assert [(p["price"], p["currency"]) for p in parse_caption(caption).products] == [(39.9, "EUR")]


def test_cents_said_after_the_euros_are_read() -> None:
    products = parse_caption("Llavero de resina con flores secas 🌸 a tres euros con cincuenta").products
    assert [(p["price"], p["currency"]) for p in products] == [(3.5, "EUR")]
