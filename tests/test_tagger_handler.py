"""The tagger worker: thumbnails.generated in, products.tagged out, within the contract."""

from __future__ import annotations

from pathlib import Path

from tiktok_commerce import events
from tiktok_commerce.blobs.local import LocalBlobStore
from tiktok_commerce.events import Envelope, Product, Thumbnail, ThumbnailsGenerated
from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.base import WorkerContext
from tiktok_commerce.workers.tagger.handler import handle


def _ctx(tmp_path: Path, **overrides: object) -> WorkerContext:
    settings = Settings(blob_dir=tmp_path / "blobs", openrouter_api_key=None, llm_base_url=None, **overrides)
    return WorkerContext(settings=settings, blobs=LocalBlobStore(tmp_path / "blobs", "http://localhost:3001"))


def _event(**payload: object) -> Envelope:
    base: dict = {"seller_handle": "shop", "video_url": "https://www.tiktok.com/@shop/video/1"}
    base.update(payload)
    return Envelope.new("vid-1", ThumbnailsGenerated(**base))


def test_each_product_gets_a_category_and_tags_within_the_contract(tmp_path: Path) -> None:
    event = _event(
        caption="Kitchen restock 🧽 bamboo cutting board $24.99 | silicone spatula set $15.99 #kitchenfinds",
        products=[Product(title="Bamboo Cutting Board"), Product(title="Silicone Spatula Set")],
        hashtags=["kitchenfinds"],
    )
    [out] = handle(event, _ctx(tmp_path))
    assert out.type == events.PRODUCTS_TAGGED
    assert out.video_id == "vid-1"
    tagged = out.parsed()
    assert tagged.seller_handle == "shop"
    assert [p.index for p in tagged.products] == [0, 1]
    assert [p.category for p in tagged.products] == ["Home & Kitchen", "Home & Kitchen"]
    board = [t.tag for t in tagged.products[0].tags]
    assert "cutting board" in board
    for product in tagged.products:
        assert 0 < len(product.tags) <= 10
        assert all(0.6 <= t.confidence <= 1.0 for t in product.tags)


def test_threshold_and_maximum_come_from_the_settings(tmp_path: Path) -> None:
    event = _event(
        caption="smells like a vanilla latte, long lasting eau de parfum $38 #perfumetok #vanillaperfume",
        products=[Product(title="Vanilla Latte Eau de Parfum 50ml")],
    )
    loose = handle(event, _ctx(tmp_path, tag_threshold=0.0, max_tags=3))[0].parsed().products[0]
    strict = handle(event, _ctx(tmp_path, tag_threshold=0.88))[0].parsed().products[0]
    assert len(loose.tags) == 3
    assert strict.tags and all(t.confidence >= 0.88 for t in strict.tags)
    assert loose.category == strict.category == "Fragrance"


def test_a_redelivered_event_yields_the_same_output(tmp_path: Path) -> None:
    event = _event(caption="gooseneck kettle $44.99", products=[Product(title="Electric Gooseneck Kettle")])
    first, second = handle(event, _ctx(tmp_path)), handle(event, _ctx(tmp_path))
    assert first[0].id == second[0].id
    assert first[0].payload == second[0].payload


def test_no_products_still_answers_so_the_video_finishes(tmp_path: Path) -> None:
    [out] = handle(_event(caption="thank you for 100k followers"), _ctx(tmp_path))
    assert out.parsed().products == []


def test_detector_labels_of_the_products_thumbnails_are_evidence(tmp_path: Path) -> None:
    thumbs = [Thumbnail(blob_key=f"k{i}", product_index=0, time_s=i, label="cup") for i in range(5)]
    event = _event(
        caption="my new favourite 😍 $12", products=[Product(title="Speckled Stoneware")], thumbnails=thumbs
    )
    product = handle(event, _ctx(tmp_path))[0].parsed().products[0]
    assert product.category == "Home & Kitchen"
    assert any(t.tag == "mug" and t.source == "detector" for t in product.tags)
