"""The read model: each product's stored document gives the same answers as building it afresh, through
any order of events and redeliveries; pages of a shop; ETag, 304 and Cache-Control on reads."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

import itertools

import pytest
from api_support import client, settings_for, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from test_api_results import pipeline, posted  # noqa: F401 (fixture)

from tiktok_commerce import events
from tiktok_commerce.api.read_model import backfill
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.db.migrate import upgrade
from tiktok_commerce.db.session import make_engine, make_session_factory
from tiktok_commerce.events import Envelope


def answers(client: TestClient, video_id: str) -> tuple[object, ...]:
    return (
        client.get("/api/products").json(),
        client.get("/api/shops/shop1").json(),
        client.get(f"/api/videos/{video_id}").json()["products"],
    )


def rebuilt_from_scratch(client: TestClient, svc: Services, video_id: str) -> tuple[object, ...]:
    """The answers after forgetting every document and writing them again from the rows."""
    with svc.sessions() as session, session.begin():
        session.execute(update(models.Product).values(document=None))
    assert backfill(svc.sessions) == 2
    return answers(client, video_id)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3)))[1:4])
def test_documents_stay_right_through_any_order_and_redelivery(
    client: TestClient, svc: Services, posted: Envelope, order: tuple[int, ...]
) -> None:
    steps = pipeline(posted)
    for i in order:
        svc.results.applier.apply(steps[i])
        svc.results.applier.apply(steps[i])  # redelivered: changes nothing twice
        now = answers(client, posted.video_id)
        assert now == rebuilt_from_scratch(client, svc, posted.video_id)
    products, shop, in_video = answers(client, posted.video_id)
    assert products["items"] == shop["products"] == in_video
    mug = products["items"][0]
    assert mug["tags"] == [{"tag": "mug", "confidence": 0.9, "source": "title"}]
    assert mug["thumbnails"][0]["url"] == f"http://testserver/blobs/thumbnails/{posted.video_id}/0.jpg"
    assert mug["video_url"] == "http://127.0.0.1:1/v.mp4" and mug["edited_fields"] == []


def test_thumbnail_urls_follow_the_blob_store_not_the_stored_document(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    for event in pipeline(posted):
        svc.results.applier.apply(event)
    svc.blobs.public_base_url = "https://cdn.example.test"  # e.g. PUBLIC_BASE_URL changed
    url = client.get("/api/products").json()["items"][0]["thumbnails"][0]["url"]
    assert url == f"https://cdn.example.test/blobs/thumbnails/{posted.video_id}/0.jpg"


def test_reads_carry_an_etag_and_answer_304_when_unchanged(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    parsed, generated, tagged = pipeline(posted)
    svc.results.applier.apply(parsed)
    for path in ("/api/products?limit=20", "/api/shops/shop1", f"/api/videos/{posted.video_id}"):
        first = client.get(path)
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('"') and first.headers["cache-control"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
        assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200
    before = client.get("/api/shops/shop1").headers["etag"]
    svc.results.applier.apply(generated)  # the products changed: the old version is stale
    response = client.get("/api/shops/shop1", headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["etag"] != before
    assert client.get("/api/products").headers["cache-control"] == "public, max-age=5"
    assert client.get(f"/api/videos/{posted.video_id}").headers["cache-control"] == "no-cache"


def add_products(svc: Services, seller: str, count: int) -> None:
    """`count` products, one video each, as the results consumer would store them."""
    for n in range(count):
        with svc.sessions() as session, session.begin():
            if session.get(models.Shop, seller) is None:
                session.add(models.Shop(seller_handle=seller))
            video = models.Video(seller_handle=seller, video_url=f"http://127.0.0.1:1/{n}.mp4", stages={})
            session.add(video)
            session.flush()
            video_id = video.id
        parsed = Envelope.new(
            video_id,
            events.CaptionParsed(
                seller_handle=seller,
                video_url=f"http://127.0.0.1:1/{n}.mp4",
                products=[events.Product(title=f"Item {n}", price=float(n), currency="EUR")],
            ),
        )
        assert svc.results.applier.apply(parsed)


def test_a_shop_is_read_a_page_at_a_time(client: TestClient, svc: Services) -> None:
    add_products(svc, "pager", 25)
    add_products(svc, "other", 2)
    first = client.get("/api/shops/pager").json()
    assert len(first["products"]) == 20 and first["next_cursor"]  # the default page, like /api/products
    seen = [p["title"] for p in first["products"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(f"/api/shops/pager?limit=2&cursor={cursor}").json()
        seen += [p["title"] for p in page["products"]]
        cursor = page["next_cursor"]
    assert seen == [f"Item {n}" for n in range(25)]  # oldest first, none skipped or repeated
    assert client.get("/api/shops/pager?limit=0").status_code == 422
    assert client.get("/api/shops/pager?limit=101").status_code == 422
    response = client.get("/api/shops/pager?cursor=garbage")
    assert response.status_code == 404 and "cursor" in response.json()["detail"]
    assert client.get("/api/shops/nobody?limit=5").status_code == 404


def test_products_made_before_the_read_model_get_their_documents(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(database_url, tmp_path)
    upgrade(database_url, "0004_video_language")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO shops (seller_handle, created_at) VALUES ('old', :t)"),
                {"t": models.utcnow()},
            )
            connection.execute(
                text(
                    "INSERT INTO videos (id, seller_handle, video_url, status, stages, hashtags, created_at,"
                    " updated_at) VALUES ('v1', 'old', 'http://x/v', 'complete', '{}', '[]', :t, :t)"
                ),
                {"t": models.utcnow()},
            )
            connection.execute(
                text(
                    'INSERT INTO products (id, video_id, "index", seller_handle, title, price, currency,'
                    " variants, created_at, updated_at) VALUES ('p1', 'v1', 0, 'old', 'Old mug', 9.5, 'EUR',"
                    " '{}', :t, :t)"
                ),
                {"t": models.utcnow()},
            )
        upgrade(database_url)
        assert backfill(make_session_factory(engine)) == 1
        assert backfill(make_session_factory(engine)) == 0
    finally:
        engine.dispose()
    from tiktok_commerce.api.app import create_app
    from tiktok_commerce.api.services import build_services

    services = build_services(settings)
    try:
        with TestClient(create_app(settings, services=services)) as http:
            (product,) = http.get("/api/shops/old").json()["products"]
    finally:
        services.close()
    assert (product["title"], product["price_display"]) == ("Old mug", "€9.50")
