"""Families of misses found on captions the parser was not tuned on (a blind set read by the lead,
described only by family): one test per family, on captions written for these tests."""

from __future__ import annotations

import pytest

from tiktok_commerce.workers.caption_parser.rules import parse_caption


def products(caption: str) -> list[tuple[str, float | None, str | None, float | None]]:
    return [
        (p["title"], p["price"], p["currency"], p["original_price"]) for p in parse_caption(caption).products
    ]


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        # The hook names the product; the spec list after it names its parts and accessories.
        ("movie night on my ceiling 🎬 mini projector, 180° rotating stand, 1080p. $69", "Mini Projector"),
        ("6mm yoga mat that doesn't slide 🧘 alignment lines + carry strap included. $34", "6mm Yoga Mat"),
        (
            "weighted plush otter for my kiddo 🦦 removable lavender pouch, machine washable. $29",
            "Weighted Plush",
        ),
        (
            "ceramic photo frame for the hallway 🖼️ thin gold metal frame, fits 5x7 prints. $18",
            "Ceramic Photo Frame",
        ),
        ("desk fan that's actually quiet 🌬️ 3 speeds, USB-C cable, clip + stand. $24", "Desk Fan"),
        # "my new ..." points at the thing sold, like "this ...".
        ("my new massage gun is a game changer 💆 6 heads, 30 speeds, 4 hr battery. $59", "Massage Gun"),
        # A hashtag that spells a phrase is evidence for it.
        (
            "never scrubbing that basket again 🍟 air fryer liners, fit 5-8 qt baskets, $8.99 #airfryer",
            "Air Fryer Liners",
        ),
        # Figures and parts are specs, not descriptors of the name.
        (
            "the heated lunch box my husband loves 🍱 12V + 110V plug, removable container. $32",
            "Heated Lunch Box",
        ),
        (
            "kids smartwatch 📍 SOS button, camera, flashlight, 2 day battery. $49 #kidswatch",
            "Kids Smartwatch",
        ),
        # A property said of a noun ("dishwasher safe", "gift box included") and a count ("5 spray
        # modes", "2 pack") are specs too.
        (
            "best $20 I spent this month: silicone stretch lids, 6 sizes, dishwasher safe. $20",
            "Silicone Stretch Lids",
        ),
        (
            "the cutest way to carry your keys 🔑 leather key pouch, gift box included. $18",
            "Leather Key Pouch",
        ),
        (
            "finally a shower head that doesn't lose pressure 🚿 filtered, 5 spray modes. $34",
            "Filtered Shower Head",
        ),
        (
            "my desk finally looks clean 🖥️ under-desk cable tray, 2 pack, no drilling, $22",
            "Under-desk Cable Tray",
        ),
        # The same in other languages: "esta ..." points, "kasama" (included) marks a spec.
        (
            "Esta freidora de aire me cambió la vida 🍗 5,5 litros, cesta antiadherente. 69,99 €",
            "Freidora de Aire",
        ),
        ("Ang cute ng lampshade na to 🌙 may remote, 16 kulay, USB cable kasama. ₱450", "Lampshade"),
        # The next clause lends descriptors only when it is a list, not a sentence.
        ("phone tripod w/ remote $19.99 — extends to 60 inches, bluetooth remote", "Phone Tripod"),
        # "the X that ..." opening a caption is the hook naming the product; "inner pot" is a part.
        (
            "The rice cooker that changed my life 🍚 keep warm function, non-stick inner pot. $59.99",
            "Rice Cooker",
        ),
        # A part is still the product when nothing stronger is named, or when the caption points at it.
        ("rechargeable book light, 3 warm tones 📚 $22", "Rechargeable Book Light"),
        ("desk setup upgrade 💻 this aluminum laptop stand folds flat, $29.99", "Aluminum Laptop Stand"),
    ],
)
def test_the_product_is_the_hook_noun_phrase_not_a_part_from_the_spec_list(caption, title):
    assert [p[0] for p in products(caption)] == [title]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("electric spin scrubber ✨ now $39.99 (list price $49.99) #cleaningtok", (39.99, "USD", 49.99)),
        ("Lámpara de escritorio LED 💡 de 50 € se queda en 35 € #oferta", (35.0, "EUR", 50.0)),
    ],
)
def test_list_prices_and_spanish_from_to_phrasings_are_former_prices(caption, expected):
    assert [p[1:] for p in products(caption)] == [expected]


@pytest.mark.parametrize(
    ("caption", "titles"),
    [
        (
            "soy wax melts + the ceramic wax warmer 🕯️ prices go live Friday #waxmelts",
            ["Soy Wax Melts", "Ceramic Wax Warmer"],
        ),
        (
            "hand-poured beeswax candles are back 🐝 grab it from the orange basket",
            ["Hand-poured Beeswax Candles"],
        ),
        ("soy candles + wax melts back in stock 🕯️ everything on the website", ["Soy Candles", "Wax Melts"]),
        ("linen sets restock this friday 🤍 prices go live at 9am", ["Linen Sets"]),
        (
            "the bamboo cutting board everyone asked about 🔪 juice groove. everything's on the website",
            ["Bamboo Cutting Board"],
        ),
    ],
)
def test_unpriced_products_are_listed_with_a_null_price(caption, titles):
    assert products(caption) == [(t, None, None, None) for t in titles]


@pytest.mark.parametrize(
    "caption",
    [
        "Salamat sa 10k orders mga suki!! 🥹 may live selling tayo bukas 8pm, kita kits 💕",
        "thank you for 5,000 orders 🙏 we're going live Sunday 7pm with new drops, see you there!",
        "going live tonight at 8 with the new linen sets 💕 see you there",
        "new collection dropping Friday 💕 link in bio to get notified",
    ],
)
def test_thank_you_posts_and_live_announcements_sell_nothing(caption):
    assert products(caption) == []


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        # An amount used as an adjective in the story is no product when the caption prices one.
        (
            "skipping the $7 coffee run every day ☕ this cold brew maker pays for itself. $28 #coldbrew",
            [("Cold Brew Maker", 28.0, "USD", None)],
        ),
        (
            "cheaper than the $300 dupe everyone's buying 👀 cordless stick vacuum, 40 min runtime. $129",
            [("Cordless Stick Vacuum", 129.0, "USD", None)],
        ),
        # A review sells nothing.
        ("the $40 avocado slicer got a 2/10 from me 😂 save your money", []),
        ("i tried the viral $15 lip oil so you don't have to 💄 honestly a 6/10 for me", []),
        (
            "the $12 serum that replaced my $80 one 💧 niacinamide 10%, 30ml. link in bio",
            [("Serum", 12.0, "USD", None)],
        ),
        # ... but a bundle bought "the $25 ..." way is a product.
        (
            "vanilla lip scrub $12, lip mask $16, or grab the $25 bundle 💋",
            [("Vanilla Lip Scrub", 12.0, "USD", None), ("Lip Mask", 16.0, "USD", None)],
        ),
    ],
)
def test_amounts_in_a_story_or_comparison_are_not_prices(caption, expected):
    assert products(caption)[: len(expected)] == expected
    if "bundle" in caption:
        assert products(caption)[-1][1] == 25.0


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "take $10 off this week ✨ glass food storage set, 10 containers, now $39.99 (list price $49.99)",
            ("Glass Food Storage Set", 39.99, "USD", 49.99),
        ),
        (
            "half price today 🔥 heated eye massager $22 (normally $44) #selfcare",
            ("Heated Eye Massager", 22.0, "USD", 44.0),
        ),
        (
            "Freidora de aire 5L 🍟 -30% solo hoy: de 80 € se queda en 56 € #cocina",
            ("Freidora de Aire 5L", 56.0, "EUR", 80.0),
        ),
        (
            "Auriculares inalámbricos -25% 🎧 antes 40 € ahora 30 €",
            ("Auriculares Inalámbricos", 30.0, "EUR", 40.0),
        ),
        ("take 20% off the cordless hand vac 🧹 $64 (orig. $80)", ("Cordless Hand Vac", 64.0, "USD", 80.0)),
        (
            "PHP 1,499 na lang from PHP 2,199 🥹 mechanical keyboard",
            ("Mechanical Keyboard", 1499.0, "PHP", 2199.0),
        ),
    ],
)
def test_discount_phrasings_give_one_product_with_its_former_price(caption, expected):
    assert products(caption) == [expected]


def test_a_bundle_named_after_the_prices_is_one_more_product_named_by_its_bundle_words():
    box = products("hot honey $12, chili crisp $10, smoky salsa $9 🌶️ or all 3 in a gift box for $25!")
    assert [p[1] for p in box] == [12.0, 10.0, 9.0, 25.0] and box[3][0] == "Gift Box"
    both = products("jalapeño hot sauce $9, habanero hot sauce $11 🌶️ heat level 10/10 🔥 or get both for $18")
    assert both[2][1] == 18.0 and "Heat" not in both[2][0] and both[2][0].endswith("Bundle")
    thai = products("ลิปบาล์มมะพร้าว ฿129 สครับน้ำตาล ฿159 ซื้อคู่เหลือแค่ ฿259 🥥")
    assert [p[1] for p in thai] == [129.0, 159.0, 259.0]
    assert thai[2][0] == "เซ็ตลิปบาล์มมะพร้าวและสครับน้ำตาล"  # the set of both, in the caption's language


@pytest.mark.parametrize(
    ("caption", "names"),
    [
        (
            "Set alat makan bayi 🍼 sendok silikon Rp 35.000, mangkuk hisap Rp 45.000, ambil semua Rp 70.000",
            ["Sendok Silikon", "Mangkuk Hisap", "Sendok Silikon Mangkuk Hisap Bundle"],
        ),
        (
            "crema hidratante 50ml 12,99 €, sérum vitamina C 30ml 15,99 €, o los dos por 25 €",
            ["Crema Hidratante 50ml", "Sérum Vitamina C 30ml", "Crema Hidratante Sérum Vitamina C Bundle"],
        ),
        # A bundle word after a price names the next price's bundle, not this one.
        (
            "Ốp lưng iPhone 15 trong suốt 59k · cường lực 3 miếng 79k · combo cả hai 119k",
            [
                "Ốp Lưng iPhone 15 Trong Suốt",
                "Cường Lực 3 Miếng",
                "Ốp Lưng iPhone Trong Suốt Cường Lực Combo",
            ],
        ),
        # A bracket closes a clause: its specs do not run into the next product's name.
        (
            "desk glow up 💡 LED monitor light bar $35 (USB powered, auto dimming) + walnut desk shelf $48",
            ["LED Monitor Light Bar", "Walnut Desk Shelf"],
        ),
    ],
)
def test_each_priced_product_and_an_all_of_them_bundle_in_each_language(caption, names):
    assert [p[0] for p in products(caption)] == names


def test_a_shop_wide_starting_price_is_no_product():
    assert [p[:2] for p in products("prices from $20 🌸 handmade ceramic mugs $24, bowls $18")] == [
        ("Handmade Ceramic Mugs", 24.0),
        ("Bowls", 18.0),
    ]


def test_names_that_follow_their_prices():
    assert [p[:2] for p in products("$12 lavender soap · $14 oat milk soap · $22 soap dish 🧼")] == [
        ("Lavender Soap", 12.0),
        ("Oat Milk Soap", 14.0),
        ("Soap Dish", 22.0),
    ]
    # the multi-buy offer of a product priced alone is a promotion of that listing
    assert [p[:2] for p in products("$15 each or 2 for $25 🧦 merino wool socks")] == [
        ("Merino Wool Socks", 15.0)
    ]


def test_a_containers_count_before_a_dashed_price_is_no_range() -> None:
    caption = "Dulces de leche 🍬\nCajeta caja de 6 – $180\nObleas paquete de 20 – $95"
    assert products(caption) == [
        ("Cajeta Caja de 6", 180.0, "MXN", None),
        ("Obleas Paquete de 20", 95.0, "MXN", None),
    ]


def test_names_after_prices_are_read_on_the_prices_line() -> None:
    caption = (
        "R$ 45,90 — Caneca esmaltada azul\nR$ 29,90 — Porta-copos de cortiça\n"
        "R$ 19,90 — Pano de prato bordado\nCanecas para o café da tarde ☕"
    )
    assert [(title.lower(), price) for title, price, _, _ in products(caption)] == [
        ("caneca esmaltada azul", 45.9),
        ("porta-copos de cortiça", 29.9),
        ("pano de prato bordado", 19.9),
    ]


def test_a_fee_noun_three_words_before_an_amount_marks_a_fee() -> None:
    caption = "Pendientes de arcilla hechos a mano a 12€ el par, envío por correo certificado 3,50€"
    assert [price for _, price, _, _ in products(caption)] == [12.0]


def test_from_before_the_only_amount_is_a_starting_price() -> None:
    assert products("linen duvet covers from $49, every size in stock") == [
        ("Linen Duvet Covers", None, None, None)
    ]
    assert products("Serum wajah mulai dari 49rb aja kak") == [("Serum Wajah", None, None, None)]
    # beside a second amount "from" leads the former price
    assert products("LED desk lamp from $199 to $129 today only") == [("LED Desk Lamp", 129.0, "USD", 199.0)]


def test_a_count_in_words_before_a_multi_buy_price_is_a_pack_of_the_product() -> None:
    assert products("Merino beanie £12 each or two for £20") == [("Merino Beanie", 12.0, "GBP", None)]


def test_pro_in_a_model_name_keeps_the_brand() -> None:
    assert products("Vexa AirDrift Pro earbuds $59.99") == [("Vexa AirDrift Pro Earbuds", 59.99, "USD", None)]


def test_a_restock_line_names_no_product() -> None:
    caption = (
        "POV: the tote that actually fits a laptop 😭\nthe Marlow Canvas Work Tote in 2 colors 🤍\n"
        "restocked tonight only 🛒\n#totebag #workbag\n$48"
    )
    assert products(caption) == [("Marlow Canvas Work Tote", 48.0, "USD", None)]


def test_a_line_opening_with_a_brand_names_the_product_over_the_hook() -> None:
    caption = (
        "Ini tanda untuk korang tukar periuk lama tu 🍳✨\n"
        "Dapurmu Granite Periuk Nasi 1.8L dengan penutup kaca\n"
        "harga asal RM159, sekarang RM99 je 🔥"
    )
    assert products(caption)[0][0].startswith("Dapurmu Granite")


def test_a_capitalised_word_after_an_exclamation_is_no_brand_line() -> None:
    # no new line: "Amoy" (smells like) opens a sentence, not a listing line
    caption = (
        "Para sa mga furparents 🐶 anti-garapata na shampoo para sa aso, 500ml, php 185 lang! "
        "Amoy baby powder pa"
    )
    assert "Shampoo" in products(caption)[0][0]


@pytest.mark.parametrize(
    "caption",
    [
        "Ho provato il mascara più virale 💄 Verdetto: sbava dopo due ore. Non lo vendo, è solo un'opinione",
        "Les cuento mi experiencia con la secadora que compré en otra tienda, no la vendo ni la recomiendo",
        "which colour should our next tote be, beige or sage? Not selling yet hor 😂",
    ],
)
def test_a_seller_saying_it_does_not_sell_the_thing_lists_nothing(caption: str) -> None:
    assert products(caption) == []


def test_a_live_price_drop_sells_the_product_unpriced() -> None:
    caption = "the Cloudsoft Detangling Brush in 2 sizes 🌀\nprice drops at 7pm, live only 👀"
    assert products(caption) == [("Cloudsoft Detangling Brush", None, None, None)]


@pytest.mark.parametrize(
    ("caption", "price"),
    [
        ("Chaussettes en laine mérinos 🧦 9 € la paire ou 3 paires pour 24 € !", 9.0),
        ("Calzini a righe in cotone bio\n1 paio 4€ oppure 3 paia a 10€", 4.0),
    ],
)
def test_a_multi_buy_named_by_its_count_alone_is_no_second_product(caption: str, price: float) -> None:
    assert [p for _, p, _, _ in products(caption)] == [price]


def test_a_percentage_off_from_a_stated_price_is_no_starting_price() -> None:
    assert products("Diskon 40% dari Rp250.000 buat serum rambut Argan Glow 100ml")[0][1:] == (
        150000.0,
        "IDR",
        250000.0,
    )


def test_french_eighty_is_four_twenties() -> None:
    assert products("kit aquarium 60 litres AQUALINE à quatre-vingt-neuf euros seulement")[0][1] == 89.0


def test_an_ampersand_joins_inside_a_name() -> None:
    caption = "Restock na mga mars!! 💄\nKulay Co. lip & cheek tint ₱149\nsetting spray 100ml ₱249"
    assert products(caption)[0][0] == "Lip & Cheek Tint"


def test_a_poll_about_the_next_restock_lists_nothing() -> None:
    assert (
        products("which colour should we restock first?? sage or blush 🤔 comment below, most votes wins")
        == []
    )


def test_a_line_naming_a_brand_inside_outweighs_a_price_line_hook() -> None:
    caption = (
        "29,99€ per la lampada che ha svoltato la mia camera 🌙✨\n"
        "Lampada da comodino Luna 3D ricaricabile, 16 colori con telecomando 🎨"
    )
    assert products(caption)[0][0].startswith("Lampada da Comodino Luna")


def test_a_percentage_off_with_a_code_is_a_coupon_not_the_price() -> None:
    caption = "Crème de nuit au rétinol 50 ml\n29,90 € et encore -15 % avec le code promo NUIT15 au panier"
    assert products(caption)[0][1:] == (29.9, "EUR", None)


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        (
            "Dash cam front & rear 1080p 🚗 night vision, loop recording. $59.99",
            "Dash Cam Front & Rear 1080p",
        ),
        (
            "LETZTER TAG🔥NUR HEUTE🔥DUFTKERZE FEIGE & ZEDER 200G🔥19,90€🔥SOJAWACHS🔥",
            "Duftkerze Feige & Zeder 200G",
        ),
    ],
)
def test_descriptors_joined_by_an_ampersand_stay_in_the_name(caption: str, title: str) -> None:
    assert products(caption)[0][0] == title


def test_a_name_before_the_price_on_its_own_later_line_outweighs_the_next_line() -> None:
    caption = (
        "POV : tu retrouves la boîte de ta grand-mère 🥹\n"
        "Coffret de 24 crayons aquarellables Lyra Aquacolor — 19,90 € seulement\n"
        "Mine tendre, parfait pour les carnets de voyage 🎨"
    )
    assert products(caption)[0][0].startswith("Coffret de 24 Crayons")


def test_prices_from_one_amount_to_another_is_a_range() -> None:
    assert products("cordless impact driver, prices from $79 to $189 depending on the kit") == [
        ("Cordless Impact Driver", None, None, None)
    ]


def test_what_the_shop_used_to_sell_it_for_is_the_former_price() -> None:
    caption = (
        "the CHEFLINE 6\" santoku knife, German steel.\nWe used to sell these for $55. Today it's $34.99 🔪"
    )
    assert products(caption)[0][1:] == (34.99, "USD", 55.0)


def test_asking_whether_viewers_would_pay_a_price_sells_nothing() -> None:
    assert (
        products("honest question 🤔 would you actually pay £45 for a smart bird feeder or is that mad??")
        == []
    )


def test_a_cross_mark_strikes_out_the_former_price() -> None:
    assert products("LED desk lamp ❌$49 ✅$29")[0][1:] == (29.0, "USD", 49.0)


def test_an_abbreviated_discount_word_keeps_its_percentage_on_the_stated_price() -> None:
    assert products("Champú sólido de romero 80g, 20% dto. sobre 12€")[0][1:] == (9.6, "EUR", 12.0)
