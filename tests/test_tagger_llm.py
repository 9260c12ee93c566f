"""The tagger's LLM path: a valid answer is used, anything else falls back to the offline rules."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_llm import FakeLLM, Reply

from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.tagger.handler import tag_products
from tiktok_commerce.workers.tagger.llm import TAGS_SCHEMA
from tiktok_commerce.workers.tagger.rules import Listing

LOG = logging.getLogger("test")
CAPTION = "date night fit 🖤 oxford shirt $36 / suede penny loafers $64 #mensfashion"
TITLES = ["Oxford Shirt", "Suede Penny Loafers"]


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def settings_for(fake: FakeLLM, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        llm_base_url=fake.url,
        openrouter_api_key=None,
        llm_model="fake-model",
        llm_timeout_s=1.0,
        llm_max_retries=0,
        blob_dir=tmp_path,
        **extra,
    )


def listings() -> list[Listing]:
    return [Listing(title=t, caption=CAPTION, other_titles=[o for o in TITLES if o != t]) for t in TITLES]


def answer(*products: dict) -> Reply:
    return Reply.json({"products": list(products)})


SHIRT = {
    "index": 0,
    "category": "Menswear",
    "tags": [{"tag": "oxford shirt", "confidence": 0.95}, {"tag": "date night outfit", "confidence": 0.7}],
}
LOAFERS = {"index": 1, "category": "Shoes", "tags": [{"tag": "penny loafers", "confidence": 0.9}]}


def test_a_valid_answer_is_used_and_the_caption_travels_as_data(fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(answer(SHIRT, LOAFERS))
    products, tagger, warnings = tag_products(listings(), settings_for(fake, tmp_path), LOG, use_llm=True)
    assert tagger == "llm" and warnings == []
    assert [p.category for p in products] == ["Menswear", "Shoes"]
    assert [(t.tag, t.confidence, t.source) for t in products[0].tags] == [
        ("oxford shirt", 0.95, "llm"),
        ("date night outfit", 0.7, "llm"),
    ]
    sent = fake.user_data()
    assert sent["caption"] == CAPTION
    assert sent["categories"][0] == "Womenswear" and "Shoes" in sent["categories"]
    assert [p["title"] for p in sent["products"]] == TITLES
    assert fake.requests[0]["response_format"]["json_schema"]["schema"] == TAGS_SCHEMA


def test_a_category_outside_the_taxonomy_falls_back_for_that_product(fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(answer(SHIRT, {**LOAFERS, "category": "Automotive Deals"}))
    products, tagger, warnings = tag_products(listings(), settings_for(fake, tmp_path), LOG, use_llm=True)
    assert tagger == "llm+rules"
    assert products[0].tags[0].source == "llm"
    assert products[1].category == "Shoes"  # the rules' answer
    assert all(t.source != "llm" for t in products[1].tags)
    assert any("not in the taxonomy" in w for w in warnings)


def test_confidences_outside_0_1_are_dropped_and_threshold_and_maximum_apply(
    fake: FakeLLM, tmp_path: Path
) -> None:
    many = [{"tag": f"tag {i}", "confidence": 0.99 - i * 0.01} for i in range(15)]
    bad = [
        {"tag": "too sure", "confidence": 1.7},
        {"tag": "negative", "confidence": -0.2},
        {"tag": "a string", "confidence": "high"},
        {"tag": "unsure", "confidence": 0.3},
        {"tag": "", "confidence": 0.9},
    ]
    fake.script(answer({"index": 0, "category": "menswear", "tags": many + bad}, LOAFERS))
    settings = settings_for(fake, tmp_path, max_tags=10, tag_threshold=0.6)
    products, _tagger, warnings = tag_products(listings(), settings, LOG, use_llm=True)
    shirt = products[0]
    assert shirt.category == "Menswear"  # the taxonomy's own spelling
    names = [t.tag for t in shirt.tags]
    assert len(names) == 10 and names[0] == "tag 0"
    assert not {"too sure", "negative", "a string", "unsure"} & set(names)
    assert all(0.6 <= t.confidence <= 1.0 for t in shirt.tags)
    assert any("4 tag(s) dropped" in w for w in warnings)


def test_invalid_json_falls_back_to_the_rules(fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(Reply.text("Sure! Here are your tags: oxford shirt"))
    products, tagger, warnings = tag_products(listings(), settings_for(fake, tmp_path), LOG, use_llm=True)
    assert tagger == "rules"
    assert [p.category for p in products] == ["Menswear", "Shoes"]
    assert any("llm failed" in w for w in warnings)


def test_a_server_error_or_timeout_falls_back_to_the_rules(fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(Reply.status(503), Reply.delay(2.0))
    for _ in range(2):
        products, tagger, warnings = tag_products(listings(), settings_for(fake, tmp_path), LOG, use_llm=True)
        assert tagger == "rules" and products[1].category == "Shoes"
        assert warnings and "llm failed" in warnings[0]


def test_a_product_missing_from_the_answer_is_tagged_by_the_rules(fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(answer(SHIRT))
    products, tagger, warnings = tag_products(listings(), settings_for(fake, tmp_path), LOG, use_llm=True)
    assert tagger == "llm+rules"
    assert products[1].category == "Shoes" and products[1].tags
    assert "llm product 1 missing from the answer" in warnings


def test_without_an_llm_configured_the_rules_answer(tmp_path: Path) -> None:
    settings = Settings(llm_base_url=None, openrouter_api_key=None, blob_dir=tmp_path)
    products, tagger, _ = tag_products(listings(), settings, LOG)
    assert tagger == "rules" and products[0].category == "Menswear"
