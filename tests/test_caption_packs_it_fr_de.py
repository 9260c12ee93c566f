"""The Italian, French and German packs' price roles and cues (captions written for the tests)."""

from __future__ import annotations

import pytest

from tiktok_commerce.workers.caption_parser.rules import parse_caption


def offers(caption: str) -> list[tuple[str, float | None, float | None]]:
    return [(p["title"], p["price"], p["original_price"]) for p in parse_caption(caption).products]


# ---- Italian ---------------------------------------------------------------------------------------


def test_italian_da_then_a_is_a_discount_and_tra_e_a_range():
    assert offers("Borsa a tracolla in ecopelle da 49 € a 29 € solo per oggi") == [
        ("Borsa a Tracolla in Ecopelle", 29.0, 49.0)
    ]
    # "tra 19 € e 29 €": it sells at no one price, and "tra" is no word of the name
    assert offers("Cuscini in memory foam tra 19 € e 29 € in base alla misura") == [
        ("Cuscini in Memory Foam", None, None)
    ]


def test_italian_a_before_a_price_is_no_english_article():
    # "a 18,50 € e ..." is "at 18.50 and ...", not an adjective like English "a $18 coffee run"
    assert offers("Pettorina imbottita a 18,50 € e guinzaglio retrattile a 14 € per il tuo cane") == [
        ("Pettorina Imbottita", 18.5, None),
        ("Guinzaglio Retrattile", 14.0, None),
    ]


def test_italian_review_and_thank_you_posts_sell_nothing():
    assert offers("La mia recensione sincera: crema viso pagata 25 €, non ve lo consiglio") == []
    assert offers("Grazie per i 10 mila follower! Ho aperto il negozio con 300 € e tanta voglia") == []


# ---- French ----------------------------------------------------------------------------------------


def test_french_contre_after_a_price_gives_its_former_price():
    assert offers("Robe longue fleurie 29,90 € contre 45 € habituellement") == [
        ("Robe Longue Fleurie", 29.9, 45.0)
    ]


def test_french_live_announcement_sells_on_the_live_not_in_the_caption():
    # "commentez" sells a named product on its own, but not in the announcement of a live
    assert offers("Sacs à main en cuir, commentez pour réserver") == [("Sacs à Main en Cuir", None, None)]
    assert offers("Ce soir en live à 20h : bijoux et sacs à main, commentez pour réserver") == []


def test_french_gift_value_is_no_price():
    assert offers("Trousse offerte d'une valeur de 15 € avec la palette ombres à paupières 24,90 €") == [
        ("Palette Ombres à Paupières", 24.9, None)
    ]


# ---- German ----------------------------------------------------------------------------------------


def test_german_von_auf_is_a_discount_and_zwischen_und_a_range():
    assert offers("Winterjacke für Damen von 149 € auf 89 € reduziert") == [
        ("Winterjacke für Damen", 89.0, 149.0)
    ]
    assert offers("Wandregal aus Eiche zwischen 24,90 € und 49,90 € je nach Länge") == [
        ("Wandregal aus Eiche", None, None)
    ]


def test_german_voucher_value_and_low_rating():
    # "im Wert von 20 €" is what the voucher is worth, not a product
    assert offers("Gratis dazu: Gutschein im Wert von 20 €! Kaffeemühle aus Edelstahl 39,99 €") == [
        ("Kaffeemühle aus Edelstahl", 39.99, None)
    ]
    # a low score out of ten is a review of something bought, not an offer
    assert offers("Der Toaster für 30 € aus dem Discounter: ehrlich 5/10") == []


def test_colours_listed_in_italian_french_and_german_are_variants():
    for caption, colours in [
        ("Borsa a tracolla 29 € disponibile in nero, bianco e rosso", ["nero", "bianco", "rosso"]),
        ("Sac cabas 35 € dispo en noir, beige ou kaki", ["noir", "beige", "kaki"]),
        ("Strickpullover 39 € in Schwarz, Grau und Salbei", ["schwarz", "grau", "salbei"]),
    ]:
        (product,) = parse_caption(caption).products
        assert product["variants"].get("color") == colours


def test_de_a_colour_after_a_capitalised_noun_stays_in_its_name() -> None:
    # "Handtuch weiß": a colour said after the noun, as German listings write it, not the word
    # that ends the name in a caption that capitalises its nouns
    caption = "Neu im Shop: Handtuch weiß 70x140 cm 12,99 € – jetzt im Shop bestellen"
    assert [p["title"] for p in parse_caption(caption).products] == ["Handtuch weiß 70x140 cm"]


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        (
            "Mon premier pull fait main 🧶 j'ai testé les nouvelles Aiguilles à tricoter en bambou 4 mm, "
            "super douces 😍 Dispo à 12,90€ dans la boutique #tricot",
            "Aiguilles à Tricoter en Bambou 4 mm",
        ),
        (
            "Domenica di pesca al lago 🎣 ho provato gli ami da pesca in acciaio carbonio, "
            "confezione da 100 pezzi. 7,90€ #pesca",
            "Ami da Pesca in Acciaio Carbonio",
        ),
    ],
)
def test_a_named_phrase_of_the_tagger_heads_a_name_the_title_lists_do_not_know(
    caption: str, title: str
) -> None:
    # "aiguilles à tricoter", "ami da pesca": the tagger's keywords of a noun and its complement
    assert [p["title"] for p in parse_caption(caption).products] == [title]


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        ("Handgemachte Sojawachs Kerze „Vanille & Tonka“ 🕯️ 180 g. Für 16,90 €", "Vanille & Tonka"),
        ("Bougie parfumée « Figue & Cèdre » 180 g – 18,90 €", "Figue & Cèdre"),
        ('Soy candle "Fig & Cedar" 8oz $28', "Fig & Cedar"),
    ],
)
def test_a_quoted_name_after_a_word_stays_in_the_title(caption: str, title: str) -> None:
    # A scent or shade in quotes names the product with its noun, in head-last German too; its "&"
    # joins no list of two products
    (product,) = parse_caption(caption).products
    assert title in product["title"]


def test_de_a_dashed_price_with_its_euro_sign_is_in_euros_whatever_the_words_suggest() -> None:
    # "39,- €" at the start of a short caption read as English: the sign decides, not the market
    products = parse_caption("39,- € | Damen-Steppweste in S–XXL 💚 #herbstoutfit").products
    assert [(p["price"], p["currency"]) for p in products] == [(39.0, "EUR")]


def test_de_percent_auf_a_former_price_gives_the_price_paid() -> None:
    # "25 % auf ... statt 40,00 €": a quarter off the stated former price
    products = parse_caption(
        "Nur heute: 25 % auf das Wachs-Set für Autos – statt 40,00 € 🚗 #autopflege"
    ).products
    assert [(p["price"], p["original_price"]) for p in products] == [(30.0, 40.0)]


def test_de_treated_myself_is_a_story_unless_the_shop_sells_it() -> None:
    review = (
        "Hab mir letzte Woche den Lockenstab für 89 € gegönnt und ehrlich? Für meine Haare bringt er wenig 🙃"
    )
    assert parse_caption(review).products == []
    sold = "Hab mir endlich eine Overlock Nähmaschine gegönnt 🧵 Gibt's bei uns für 299 € #nähen"
    assert [p["price"] for p in parse_caption(sold).products] == [299.0]


def test_fr_soit_gives_the_price_after_a_percentage_off() -> None:
    # "-30% sur 89 € soit 62,30 €": "soit" (that is) says the price paid, after the former one
    products = parse_caption("Jupe plissée en satin 🌸 -20% sur 45 € soit 36,00 € ce week-end").products
    assert [(p["price"], p["original_price"]) for p in products] == [(36.0, 45.0)]


def test_fr_du_stays_inside_a_name() -> None:
    # "ras du cou", "tour du cou": a name word in French, as "à" is
    (product,) = parse_caption("Bonnet tour du cou en laine mérinos 🧣 22,00 € #hiver").products
    assert product["title"] == "Bonnet Tour du Cou en Laine Mérinos"


def test_de_a_run_opening_with_fuer_says_who_it_is_for_not_what_it_is() -> None:
    # "Für Strickfans 🧶 Maschenmarkierer ...": the product is named after the dedication
    (product,) = parse_caption("Für Strickfans 🧶 Maschenmarkierer bunt, 50 Stück\n4,50 €").products
    assert product["title"].startswith("Maschenmarkierer")


def test_a_hyphenated_material_keeps_its_aus_in_a_german_name() -> None:
    products = parse_caption("Kuscheldecke aus Bio-Baumwolle mit Waffelmuster 🐶 34,90 €").products
    assert products[0]["title"] == "Kuscheldecke aus Bio-Baumwolle mit Waffelmuster"


def test_without_is_part_of_an_italian_name() -> None:
    assert parse_caption("Auricolari senza fili con custodia 29,90€").products[0]["title"] == (
        "Auricolari senza Fili con Custodia"
    )


@pytest.mark.parametrize(
    ("caption", "price"),
    [
        ("Profumo Notte di Positano 50ml\ntrentacinque euro e te lo porti a casa", 35.0),
        ("Portachiavi in pelle trentuno euro", 31.0),
        ("Duftkerze Vanille 200g für fünfundzwanzig Euro", 25.0),
        ("Lampe de chevet en laiton\nseptante-neuf euros, livraison comprise", 79.0),
    ],
)
def test_numbers_written_as_one_word_or_the_belgian_way_are_read(caption: str, price: float) -> None:
    assert [p["price"] for p in parse_caption(caption).products] == [price]


def test_a_percentage_with_its_off_word_before_auf_cuts_the_stated_price() -> None:
    products = parse_caption("Rucksack aus Canvas 🎒\n25 % Rabatt auf 60 € nur dieses Wochenende").products
    assert [(p["price"], p["original_price"]) for p in products] == [(45.0, 60.0)]


def test_a_percentage_ending_a_spec_is_no_part_of_the_name() -> None:
    caption = "iPhone 12 reconditionné grade A, 64 Go, batterie 100% 📱 payable en 4x 74,75€ sans frais"
    assert parse_caption(caption).products[0]["title"].startswith("iPhone 12")


def test_what_comes_included_at_a_runs_end_is_no_name() -> None:
    caption = (
        "Ho iniziato a suonare a 40 anni 🎸\nChitarra classica Alhambra 1C natural, custodia morbida e "
        "accordatore inclusi\n349 €"
    )
    assert parse_caption(caption).products[0]["title"].startswith("Chitarra Classica Alhambra")
