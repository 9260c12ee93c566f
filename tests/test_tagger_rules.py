"""The offline tagger: each kind of evidence, each market language, the taxonomy file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tiktok_commerce.workers.tagger.rules import Listing, RulesTagger, tagger_for
from tiktok_commerce.workers.tagger.taxonomy import TaxonomyError, load_taxonomy
from tiktok_commerce.workers.tagger.text import split_hashtag


@pytest.fixture(scope="module")
def tagger() -> RulesTagger:
    return tagger_for(None)


def tags_of(tagger: RulesTagger, listing: Listing) -> list[str]:
    return [t.tag for t in tagger.suggest(listing).tags]


# ---- evidence sources -------------------------------------------------------------------------


def test_the_title_decides_the_category_and_gives_the_strongest_tags(tagger: RulesTagger) -> None:
    result = tagger.suggest(Listing(title="20V Cordless Drill Kit", caption="every homeowner needs one"))
    assert result.category == "Tools & Home Improvement"
    best = result.tags[0]
    assert best.source == "title" and best.confidence >= 0.9
    assert "cordless drill" in [t.tag for t in result.tags]


def test_the_titles_head_noun_outweighs_its_modifiers(tagger: RulesTagger) -> None:
    assert tagger.suggest(Listing(title="Leakproof Car Trash Can")).category == "Automotive"
    assert tagger.suggest(Listing(title="Slow Feeder Dog Bowl")).category == "Pet Supplies"
    assert tagger.suggest(Listing(title="Kids Snow Boots")).category == "Shoes"


def test_the_caption_around_the_title_is_evidence(tagger: RulesTagger) -> None:
    # The title alone says nothing; the caption says what it is.
    result = tagger.suggest(
        Listing(title="The Cloud One", caption="the comfiest slippers ever, memory foam 😴 $24")
    )
    assert result.category == "Shoes"
    assert any(t.source == "caption" and t.tag == "slippers" for t in result.tags)


def test_in_a_multi_product_caption_only_the_products_own_part_counts(tagger: RulesTagger) -> None:
    caption = "date night fit 🖤 oxford shirt $36 / slim chinos $42 / suede penny loafers $64"
    titles = ["Oxford Shirt", "Slim Chinos", "Suede Penny Loafers"]
    loafers = tagger.suggest(Listing(title=titles[2], caption=caption, other_titles=titles[:2]))
    assert loafers.category == "Shoes"
    assert not any("chino" in t.tag for t in loafers.tags)


def test_hashtags_are_split_into_words_and_generic_ones_are_noise(tagger: RulesTagger) -> None:
    assert split_hashtag("#summerdress") == ["summer", "dress"]
    assert split_hashtag("#heatlesscurls") == ["heatless", "curls"]
    listing = Listing(
        title="Floral Midi Dress",
        caption="the one 🌸 $29 #summerdress #TikTokMadeMeBuyIt #fyp #viral #tiktokshopfinds",
    )
    tags = tags_of(tagger, listing)
    assert "summer dress" in tags
    assert not any(word in tag for tag in tags for word in ("tiktok", "fyp", "viral", "made me buy"))


def test_hashtags_split_in_other_languages_with_the_lexicon(tagger: RulesTagger) -> None:
    known = tagger.lexicon.vocabulary
    assert split_hashtag("#tudungmurah", known) == ["tudung", "murah"]
    assert split_hashtag("#bajukurung", known) == ["baju", "kurung"]


def test_hashtags_alone_can_carry_the_category(tagger: RulesTagger) -> None:
    result = tagger.suggest(Listing(title="The Everyday One", caption="restocked! $18 #crossbodybag"))
    assert result.category == "Bags & Accessories"
    assert "crossbody bag" in [t.tag for t in result.tags]


def test_detector_labels_support_a_category_and_add_tags(tagger: RulesTagger) -> None:
    bare = Listing(title="Speckled Stoneware", caption="new batch 🤍")
    assert tagger.suggest(bare).category is None
    seen = Listing(title="Speckled Stoneware", caption="new batch 🤍", detector_labels={"cup": 1.0})
    result = tagger.suggest(seen)
    assert result.category == "Home & Kitchen"
    mug = next(t for t in result.tags if t.tag == "mug")
    assert mug.source == "detector"
    # Seen in one thumbnail of five, the same object is weaker evidence (below the threshold).
    once = Listing(title="Speckled Stoneware", caption="new batch", detector_labels={"cup": 0.2})
    assert "mug" not in [t.tag for t in tagger.suggest(once).tags]
    weak = next(t for t in tagger.suggest(once, threshold=0.0).tags if t.tag == "mug")
    assert weak.confidence < mug.confidence


def test_the_title_outweighs_a_stray_detector_label(tagger: RulesTagger) -> None:
    listing = Listing(title="Vanilla Eau de Parfum", detector_labels={"cup": 0.6, "person": 1.0})
    assert tagger.suggest(listing).category == "Fragrance"


def test_clothing_for_men_goes_to_menswear(tagger: RulesTagger) -> None:
    assert tagger.suggest(Listing(title="Packable Puffer Jacket")).category == "Womenswear"
    assert tagger.suggest(Listing(title="Men's Packable Puffer Jacket")).category == "Menswear"
    for_him = Listing(title="Waffle Knit Henley", caption="gift him this #giftsforhim")
    assert tagger.suggest(for_him).category == "Menswear"


# ---- languages ----------------------------------------------------------------------------------

LANGUAGE_CASES = [
    # (title, caption, language, category, a tag in the listing's language)
    (
        "Kemeja Pria Lengan Panjang",
        "Kemeja pria lengan panjang, adem buat ngantor kak",
        "id",
        "Menswear",
        "kemeja pria",
    ),
    (
        "Serum Wajah Vitamin C 20ml",
        "Serum wajah cuma Rp 89.000 aja kak, bikin glowing",
        "id",
        "Skincare",
        "serum wajah",
    ),
    (
        "Tudung Bawal Premium",
        "Tudung bawal premium, kain tak jarang RM39.90 sahaja!",
        "ms",
        "Womenswear",
        "tudung bawal",
    ),
    (
        "Minyak Attar Oud 6ml",
        "Minyak attar tahan lama gila, bau wangi sampai petang",
        "ms",
        "Fragrance",
        "minyak attar",
    ),
    (
        "Malambot na Kumot Queen Size",
        "Sobrang lambot ng kumot na 'to mga mii, P649 lang",
        "tl",
        "Home & Kitchen",
        "kumot",
    ),
    ("Sapatos na Pambabae", "Ang ganda ng sapatos na ito mga sis, sulit na sulit", "tl", "Shoes", "sapatos"),
    ("ครีมกันแดด SPF50", "ครีมกันแดดเนื้อบางเบา ราคาเพียง 299 บาท", "th", "Skincare", "ครีมกันแดด"),
    ("ยาดมสมุนไพร สูตรเย็น", "ยาดมสมุนไพรสูตรเย็น หอมชื่นใจ ราคา 120 บาท", "th", "Health & Wellness", "ยาดมสมุนไพร"),
    (
        "Áo Sơ Mi Nam Tay Ngắn",
        "Áo sơ mi nam mặc đi làm hay đi chơi đều đẹp, chỉ 199k",
        "vi",
        "Menswear",
        "áo sơ mi nam",
    ),
    (
        "Ghế Công Thái Học Lưới",
        "Ghế công thái học, ngồi làm việc 8 tiếng vẫn thoải mái",
        "vi",
        "Computers & Office",
        "ghế công thái học",
    ),
    (
        "Zapatillas de Running para Mujer",
        "Zapatillas de running para mujer, antes 59,99 € y ahora 39,99 €",
        "es",
        "Shoes",
        "zapatillas",
    ),
    (
        "Bolso Bandolera de Rafia",
        "Bolso bandolera de rafia hecho a mano, cabe el móvil",
        "es",
        "Bags & Accessories",
        "bolso bandolera",
    ),
    (
        "Heavyweight Cotton Hoodie for Men",
        "keeps its shape after 50 washes, $58",
        "en",
        "Menswear",
        "cotton hoodie",
    ),
]


@pytest.mark.parametrize(("title", "caption", "language", "category", "tag"), LANGUAGE_CASES)
def test_each_market_language(
    tagger: RulesTagger, title: str, caption: str, language: str, category: str, tag: str
) -> None:
    result = tagger.suggest(Listing(title=title, caption=caption))
    assert result.language == language
    assert result.category == category
    assert tag in [t.tag for t in result.tags]


def test_tags_are_in_the_listings_language(tagger: RulesTagger) -> None:
    result = tagger.suggest(
        Listing(title="Pashmina Ceruty Babydoll", caption="Kak, pashmina udah restock yaa, adem, gak licin")
    )
    tags = [t.tag for t in result.tags]
    assert result.category == "Womenswear"
    assert "kerudung" in tags  # the Indonesian synonym, not the English "scarf"
    assert "women" not in tags


# ---- the contract and the confidences -----------------------------------------------------------


def test_threshold_and_maximum(tagger: RulesTagger) -> None:
    listing = Listing(
        title="Vegan Leather Mini Crossbody Bag",
        caption="fits my phone, keys AND a lip gloss 👛 $19.99 #crossbodybag #minibag #purse #veganleather",
    )
    assert len(tagger.suggest(listing, threshold=0.0, max_tags=3).tags) == 3
    strict = tagger.suggest(listing, threshold=0.9).tags
    assert strict and all(t.confidence >= 0.9 for t in strict)
    assert all(0.6 <= t.confidence <= 1.0 for t in tagger.suggest(listing).tags)


def test_title_tags_are_more_confident_than_weaker_evidence(tagger: RulesTagger) -> None:
    result = tagger.suggest(
        Listing(title="Lash Growth Serum", caption="my lashes grew in 4 weeks #lashserum #beautyfinds")
    )
    by_source: dict[str, float] = {}
    for t in result.tags:
        by_source[t.source] = max(by_source.get(t.source, 0.0), t.confidence)
    assert by_source["title"] > by_source.get("category", 0.0)


def test_a_listing_with_no_evidence_gets_no_category(tagger: RulesTagger) -> None:
    assert tagger.suggest(Listing(title="The Thing", caption="you need this")).category is None


# ---- the taxonomy file ---------------------------------------------------------------------------


def test_a_custom_taxonomy_file_limits_the_categories(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps({"categories": ["Garden", "Fashion"], "detector_labels": {"cup": "Kitchen"}}))
    taxonomy = load_taxonomy(path)
    assert taxonomy.categories == ("Garden", "Fashion")
    assert taxonomy.detector_labels == {}  # "Kitchen" is not one of its categories
    tagger = RulesTagger(taxonomy=taxonomy)
    assert tagger.suggest(Listing(title="Garden Hose Nozzle")).category == "Garden"
    assert tagger.suggest(Listing(title="Fashion Sunglasses")).category == "Fashion"
    # Lexicon categories outside the taxonomy are never suggested.
    assert tagger.suggest(Listing(title="Cordless Drill")).category is None


def test_a_broken_taxonomy_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"categories": []}')
    with pytest.raises(TaxonomyError, match="empty"):
        load_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "missing.json")


# ---- the labelled dev captions --------------------------------------------------------------------


def test_dev_captions_meet_the_bar_within_the_contract(tagger: RulesTagger, shared: Path) -> None:
    """Category accuracy >= 0.90 on the labelled captions, no tag outside the contract, and tags at
    >= 0.8 right more often than those at 0.6-0.8 (the tag matching rule of the shared scorer)."""

    def same_tag(a: str, b: str) -> bool:
        wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
        return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.5

    n = right = 0
    bands = {"high": [0, 0], "mid": [0, 0]}
    for line in (shared / "data" / "captions-dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        titles = [p["title"] for p in record["products"]]
        for i, gold in enumerate(record["products"]):
            others = titles[:i] + titles[i + 1 :]
            result = tagger.suggest(Listing(gold["title"], record["caption"], other_titles=others))
            n += 1
            right += result.category == gold["category"]
            assert len(result.tags) <= 10
            for tag in result.tags:
                assert 0.6 <= tag.confidence <= 1.0
                band = bands["high" if tag.confidence >= 0.8 else "mid"]
                band[0] += any(same_tag(tag.tag, g) for g in gold["tags"])
                band[1] += 1
    assert right / n >= 0.9
    assert bands["high"][0] / bands["high"][1] > bands["mid"][0] / bands["mid"][1]


@pytest.mark.parametrize(
    ("title", "caption", "category", "tag"),
    [
        ("Häkeltop für den Sommer", "Mein Häkeltop für den Sommer, nur 19,99 €", "Womenswear", "damenmode"),
        ("Crème hydratante visage", "Ma crème hydratante préférée, 14,90 €", "Skincare", "soin visage"),
        (
            "Piastra per capelli in ceramica",
            "La mia piastra per capelli, 29 €",
            "Hair Care",
            "cura dei capelli",
        ),
        (
            "Fone de ouvido bluetooth",
            "Fone de ouvido bluetooth com cancelamento de ruído por R$ 79,90",
            "Phones & Electronics",
            "fone de ouvido bluetooth",
        ),
    ],
)
def test_the_newer_markets_languages(
    tagger: RulesTagger, title: str, caption: str, category: str, tag: str
) -> None:
    result = tagger.suggest(Listing(title=title, caption=caption))
    assert result.category == category
    assert tag in [t.tag for t in result.tags]


def test_a_short_accented_word_is_not_an_unaccented_keyword(tagger: RulesTagger) -> None:
    # German "für" folds to English "fur" (a Pet Supplies word); it must not vote.
    result = tagger.suggest(Listing(title="Das Original", caption="perfekt für den Alltag, für jeden Tag"))
    assert result.category != "Pet Supplies"


NICHE_SHOP_CASES = [
    # (title, caption, language, category): product nouns of niche shops
    ("Piping Tips Set 24 pcs", "stainless piping tips with a reusable piping bag", "en", "Home & Kitchen"),
    ("61 Key Electronic Keyboard", "electronic keyboard for beginners", "en", "Phones & Electronics"),
    ("Matte Card Sleeves 100 pcs", "matte card sleeves, fit standard size", "en", "Toys & Games"),
    ("Sound Amplifier for Seniors", "personal sound amplifier, rechargeable", "en", "Health & Wellness"),
    ("Blind Repair Kit", "fix broken blinds in minutes", "en", "Tools & Home Improvement"),
    ("Succulent Set of 6", "live succulents, ships in nursery pots", "en", "Home Decor"),
    ("Car Shampoo 1L", "pH neutral car shampoo with rich foam", "en", "Automotive"),
    ("Umstandsjeans Skinny", "Umstandsjeans mit Überbauchbund, super bequem", "de", "Baby & Maternity"),
    ("Gitarrenpedal Delay", "Gitarrenpedal mit Tap Tempo", "de", "Phones & Electronics"),
    ("Hörgerätebatterien Größe 13", "60 Hörgerätebatterien, lange Laufzeit", "de", "Health & Wellness"),
    ("Jalousie Reparaturset", "Jalousie Reparaturset mit Ersatzschnur", "de", "Tools & Home Improvement"),
    ("Accordeur guitare", "accordeur à pince pour guitare et ukulélé", "fr", "Phones & Electronics"),
    ("Shampooing voiture 1L", "shampooing voiture concentré, brillance garantie", "fr", "Automotive"),
    ("カーシャンプー 1L", "カーシャンプー 泡立ち抜群", "ja", "Automotive"),
    ("バヌトン 発酵かご", "パン作りに 発酵かご", "ja", "Home & Kitchen"),
]


@pytest.mark.parametrize(("title", "caption", "language", "category"), NICHE_SHOP_CASES)
def test_niche_shops_product_words(
    tagger: RulesTagger, title: str, caption: str, language: str, category: str
) -> None:
    result = tagger.suggest(Listing(title=title, caption=caption, language=language))
    assert result.category == category


@pytest.mark.parametrize(
    ("title", "language", "category"),
    [
        # "macchina" alone is a car in Italian; a coffee machine is the kitchen's
        ("Macchina da caffè a capsule Bialetti Gioia", "it", "Home & Kitchen"),
        # precision tweezers and sandpaper are a modeller's tools
        ("精密ピンセット 先細タイプ", "ja", "Tools & Home Improvement"),
        ("紙やすり 10枚入り", "ja", "Tools & Home Improvement"),
    ],
)
def test_a_named_phrase_decides_a_category_its_words_alone_would_not(
    tagger: RulesTagger, title: str, language: str, category: str
) -> None:
    assert tagger.suggest(Listing(title=title, language=language)).category == category
