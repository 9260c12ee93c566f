"""Sellers correct the machine: an edited field stays as the seller set it through later and
redelivered events and a reprocess; hidden products leave every listing; the product says what a
person edited."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

from api_support import client, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from test_api_results import pipeline, posted  # noqa: F401 (fixture)

from tiktok_commerce import events
from tiktok_commerce.api.services import Services
from tiktok_commerce.events import Envelope


def product_ids(client: TestClient, video_id: str) -> list[str]:
    return [p["id"] for p in client.get(f"/api/videos/{video_id}").json()["products"]]


def test_edited_fields_survive_redelivered_and_later_events(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    parsed, generated, tagged = pipeline(posted)
    apply = svc.results.applier.apply
    apply(parsed)
    mug_id, _ = product_ids(client, posted.video_id)
    edit = {"title": "Stoneware mug 350 ml", "price": 14.5, "currency": "eur", "tags": ["Mug", "mug", "gift"]}
    response = client.patch(f"/api/products/{mug_id}", json=edit)
    assert response.status_code == 200, response.text
    mug = response.json()
    assert (mug["title"], mug["price"], mug["currency"], mug["price_display"]) == (
        "Stoneware mug 350 ml",
        14.5,
        "EUR",
        "€14.50",
    )
    assert mug["edited_fields"] == ["currency", "price", "tags", "title"]
    assert mug["tags"] == [
        {"tag": "gift", "confidence": 1.0, "source": "seller"},
        {"tag": "mug", "confidence": 1.0, "source": "seller"},
    ]

    apply(parsed)  # a redelivery: dropped as already applied
    apply(generated)  # a later event carrying the machine's products again
    apply(tagged)  # the tagger's tags and category for the mug
    # and a new caption.parsed (as a reprocess makes) with other values for every field
    again = Envelope.new(
        posted.video_id,
        events.CaptionParsed(
            seller_handle="shop1",
            video_url="http://127.0.0.1:1/v.mp4",
            products=[events.Product(title="Mug", price=99.0, currency="USD", original_price=120.0)],
        ),
    )
    apply(again)
    mug = next(p for p in client.get("/api/products").json()["items"] if p["id"] == mug_id)
    assert (mug["title"], mug["price"], mug["currency"]) == ("Stoneware mug 350 ml", 14.5, "EUR")
    assert [t["tag"] for t in mug["tags"]] == ["gift", "mug"]  # not the tagger's
    assert mug["category"] == "Home & Kitchen"  # not edited: the tagger's
    assert mug["original_price"] == 120.0  # not edited: the newest event's
    assert mug["edited_fields"] == ["currency", "price", "tags", "title"]


def test_hidden_products_leave_the_shop_and_the_listings(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    for event in pipeline(posted):
        svc.results.applier.apply(event)
    mug_id, tray_id = product_ids(client, posted.video_id)
    assert "Ceramic mug" in client.get("/shops/shop1").text
    hidden = client.patch(f"/api/products/{mug_id}", json={"hidden": True}).json()
    assert hidden["hidden"] is True and hidden["edited_fields"] == []
    assert [p["id"] for p in client.get("/api/products").json()["items"]] == [tray_id]
    assert [p["id"] for p in client.get("/api/shops/shop1").json()["products"]] == [tray_id]
    assert "Ceramic mug" not in client.get("/shops/shop1").text
    assert client.get(f"/shops/shop1/products/{mug_id}").status_code == 404
    video = client.get(f"/api/videos/{posted.video_id}").json()  # the seller still sees it there
    assert [p["hidden"] for p in video["products"]] == [True, False]
    client.patch(f"/api/products/{mug_id}", json={"hidden": False})
    assert len(client.get("/api/products").json()["items"]) == 2
    assert "Ceramic mug" in client.get("/shops/shop1").text


def test_bad_edits_are_refused_in_one_sentence(client: TestClient, svc: Services, posted: Envelope) -> None:
    svc.results.applier.apply(pipeline(posted)[0])
    mug_id, _ = product_ids(client, posted.video_id)
    for body in (
        {},
        {"title": "   "},
        {"title": "x" * 501},
        {"price": -1},
        {"currency": "XYZ"},
        {"currency": "€"},
        {"tags": ["ok", ""]},
        {"tags": ["t"] * 21},
        {"colour": "red"},
        {"hidden": "maybe"},
    ):
        response = client.patch(f"/api/products/{mug_id}", json=body)
        assert response.status_code == 422, (body, response.text)
        assert isinstance(response.json()["detail"], str)
    response = client.patch("/api/products/nope", json={"title": "x"})
    assert response.status_code == 404 and "no product" in response.json()["detail"]
    assert client.get("/api/products").json()["items"][0]["edited_fields"] == []


def test_reprocess_runs_the_pipeline_again_and_keeps_the_edits(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    apply = svc.results.applier.apply
    parsed, _, _ = pipeline(posted)
    apply(parsed)
    link = f"/api/videos/{posted.video_id}"
    response = client.post(f"{link}/reprocess")
    assert response.status_code == 409 and "still being processed" in response.json()["detail"]
    for event in pipeline(posted)[1:]:
        apply(event)
    assert client.get(link).json()["status"] == "complete"
    mug_id, _ = product_ids(client, posted.video_id)
    client.patch(f"/api/products/{mug_id}", json={"title": "My mug"})

    response = client.post(f"{link}/reprocess")
    assert response.status_code == 202
    assert response.json()["status"] == "received" and list(response.json()["stages"]) == ["received"]
    assert "My mug" in client.get("/shops/shop1").text  # still listed meanwhile
    assert svc.relay.relay_once() == 1
    (message,) = svc.bus.receive("caption-parser")
    svc.bus.ack(message)
    again = message.envelope()
    assert again.type == events.VIDEO_POSTED and again.id != posted.id
    for event in pipeline(again):  # the workers' answers to the new run
        assert apply(event)
    video = client.get(link).json()
    assert video["status"] == "complete"
    assert [p["id"] for p in video["products"]] == product_ids(client, posted.video_id)
    assert video["products"][0]["title"] == "My mug" and video["products"][1]["title"] == "Bamboo tray"
    assert client.post("/api/videos/nope/reprocess").status_code == 404
