"""The results consumer: every event applied once, in any order, status never moving backwards."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

import time

import pytest
from api_support import client, make_services, settings_for, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tiktok_commerce import events, topology
from tiktok_commerce.api.services import Services
from tiktok_commerce.bus.schema import bus_messages
from tiktok_commerce.bus.sql import SqlBus
from tiktok_commerce.db import models
from tiktok_commerce.events import Envelope
from tiktok_commerce.workers.runtime import RefusedEvent

CAPTION = "Ceramic mug $12 (was $15) and a bamboo tray 20 USD #kitchen"
PRODUCTS = [
    events.Product(
        title="Ceramic mug", price=12.0, currency="USD", original_price=15.0, variants={"color": ["white"]}
    ),
    events.Product(title="Bamboo tray", price=20.0, currency="USD"),
]


@pytest.fixture
def posted(client: TestClient, svc: Services) -> Envelope:
    """A posted video, relayed; returns its video.posted event as the caption parser receives it."""
    response = client.post(
        "/api/videos",
        json={"video_url": "http://127.0.0.1:1/v.mp4", "seller_handle": "shop1", "caption": CAPTION},
    )
    assert response.status_code == 202
    svc.relay.relay_once()
    (message,) = svc.bus.receive("caption-parser")
    svc.bus.ack(message)
    return message.envelope()


def pipeline(posted: Envelope) -> tuple[Envelope, Envelope, Envelope]:
    """The three result events the workers would publish for this video."""
    seller, url = "shop1", "http://127.0.0.1:1/v.mp4"
    parsed = posted.child(
        events.CaptionParsed(
            seller_handle=seller, video_url=url, caption=CAPTION, products=PRODUCTS, hashtags=["kitchen"]
        )
    )
    thumbs = [
        events.Thumbnail(
            blob_key=f"thumbnails/{posted.video_id}/{i}.jpg",
            product_index=i % 2,
            time_s=i * 0.5,
            label="cup",
            confidence=0.8,
        )
        for i in range(4)
    ] + [events.Thumbnail(blob_key=f"thumbnails/{posted.video_id}/4.jpg", product_index=None, time_s=2.0)]
    generated = parsed.child(
        events.ThumbnailsGenerated(seller_handle=seller, video_url=url, products=PRODUCTS, thumbnails=thumbs)
    )
    tagged = generated.child(
        events.ProductsTagged(
            seller_handle=seller,
            products=[
                events.TaggedProduct(
                    index=0,
                    category="Home & Kitchen",
                    tags=[
                        events.Tag(tag="mug", confidence=0.9, source="title"),
                        events.Tag(tag="Mug", confidence=0.7, source="detector"),
                    ],
                ),
                events.TaggedProduct(
                    index=1,
                    category="Home & Kitchen",
                    tags=[events.Tag(tag="tray", confidence=0.8, source="title")],
                ),
            ],
        )
    )
    return parsed, generated, tagged


def counts(svc: Services) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    with svc.sessions() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table))
            for table in (models.Product, models.Thumbnail, models.Tag)
        )


def test_events_in_order_make_a_complete_video(client: TestClient, svc: Services, posted: Envelope) -> None:
    parsed, generated, tagged = pipeline(posted)
    link = f"/api/videos/{posted.video_id}"
    apply = svc.results.applier.apply

    assert apply(parsed)
    video = client.get(link).json()
    assert video["status"] == "thumbnails"
    assert [(p["title"], p["price"], p["original_price"]) for p in video["products"]] == [
        ("Ceramic mug", 12.0, 15.0),
        ("Bamboo tray", 20.0, None),
    ]
    assert apply(generated)
    assert client.get(link).json()["status"] == "tagging"
    assert apply(tagged)
    video = client.get(link).json()
    assert video["status"] == "complete"
    assert set(video["stages"]) == {"received", "parsing", "thumbnails", "tagging"}
    mug, tray = video["products"]
    assert mug["category"] == "Home & Kitchen"
    assert mug["tags"] == [{"tag": "mug", "confidence": 0.9, "source": "title"}]  # case-duplicates merged
    assert mug["variants"] == {"color": ["white"]}
    # product_index attaches a thumbnail to its product; no index attaches it to every product
    assert [t["time_s"] for t in mug["thumbnails"]] == [0.0, 1.0, 2.0]
    assert [t["time_s"] for t in tray["thumbnails"]] == [0.5, 1.5, 2.0]
    assert mug["thumbnails"][0]["url"] == f"http://testserver/blobs/thumbnails/{posted.video_id}/0.jpg"
    assert len(video["thumbnails"]) == 5
    assert counts(svc) == (2, 5, 2)


def test_the_same_event_twice_changes_nothing_twice(svc: Services, posted: Envelope) -> None:
    apply = svc.results.applier.apply
    for event in pipeline(posted):
        assert apply(event) is True
        assert apply(event) is False
    assert counts(svc) == (2, 5, 2)


@pytest.mark.parametrize("order", [(2, 1, 0), (1, 2, 0), (0, 2, 1), (2, 0, 1)])
def test_events_out_of_order_end_the_same(
    client: TestClient, svc: Services, posted: Envelope, order: tuple[int, int, int]
) -> None:
    events_ = pipeline(posted)
    statuses = []
    for i in order:
        svc.results.applier.apply(events_[i])
        statuses.append(client.get(f"/api/videos/{posted.video_id}").json()["status"])
    ranks = ["received", "parsing", "thumbnails", "tagging", "complete"]
    assert [ranks.index(s) for s in statuses] == sorted(ranks.index(s) for s in statuses)  # never backwards
    video = client.get(f"/api/videos/{posted.video_id}").json()
    assert video["status"] == "complete"
    assert [p["category"] for p in video["products"]] == ["Home & Kitchen", "Home & Kitchen"]
    assert [len(p["tags"]) for p in video["products"]] == [1, 1]
    assert counts(svc) == (2, 5, 2)


def test_a_failure_is_shown_with_its_error_until_that_stage_succeeds(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    parsed, generated, tagged = pipeline(posted)
    svc.results.applier.apply(parsed)
    failure = parsed.child(
        events.ProcessingFailed(
            stage="thumbnail-generator", error="the host answered HTTP 503", failed_event_id=parsed.id
        )
    )
    svc.results.applier.apply(failure)
    video = client.get(f"/api/videos/{posted.video_id}").json()
    assert video["status"] == "failed"
    assert video["error"] == "thumbnail-generator: the host answered HTTP 503"
    assert "failed" in video["stages"]
    # The failed stage succeeds after all (its dead letter redriven): the failure is taken back.
    svc.results.applier.apply(generated)
    video = client.get(f"/api/videos/{posted.video_id}").json()
    assert (video["status"], video["error"], len(video["thumbnails"])) == ("tagging", None, 5)
    assert "failed" not in video["stages"]
    svc.results.applier.apply(tagged)
    assert client.get(f"/api/videos/{posted.video_id}").json()["status"] == "complete"


def test_the_consumer_applies_redelivered_messages_from_the_bus_once(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    for event in pipeline(posted):
        svc.bus.publish(event)
        svc.bus.publish(event)  # at-least-once: a duplicate delivery
    assert svc.results.run_until_idle() == 6
    assert counts(svc) == (2, 5, 2)
    assert client.get(f"/api/videos/{posted.video_id}").json()["status"] == "complete"
    assert svc.bus.receive("results") == []


def test_events_for_unknown_videos_are_dropped(svc: Services) -> None:
    stray = Envelope.new("no-such-video", events.CaptionParsed(seller_handle="x1", video_url="http://x/v"))
    assert svc.results.applier.apply(stray) is False
    assert counts(svc) == (0, 0, 0)


def test_a_misrouted_event_is_refused_and_changes_nothing(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    before = client.get(f"/api/videos/{posted.video_id}").json()
    with pytest.raises(RefusedEvent, match="results cannot handle 'video.posted' events"):
        svc.results.applier.apply(posted)
    assert client.get(f"/api/videos/{posted.video_id}").json() == before
    assert counts(svc) == (0, 0, 0)
    with svc.sessions() as session:  # not marked processed: redriven once routed right, it applies
        assert session.get(models.ProcessedEvent, posted.id) is None


def test_a_misrouted_event_is_dead_lettered_at_once_not_retried_nor_dropped(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    """Before, the results consumer logged a misrouted video.posted and acked it: the event was gone."""
    assert isinstance(svc.bus, SqlBus)
    now = time.time()
    with svc.bus.engine.begin() as conn:  # a routing mistake: video.posted on the results queue
        conn.execute(
            insert(bus_messages).values(
                id="m-1",
                queue="results",
                body=posted.to_json(),
                receive_count=0,
                visible_at=now,
                created_at=now,
            )
        )
    before = client.get(f"/api/videos/{posted.video_id}").json()

    assert svc.results.run_until_idle() == 1
    stats = svc.results.worker.stats
    assert (stats.acked, stats.retry, stats.dead_lettered) == (0, 0, 1)
    assert svc.bus.messages("results") == []
    (dead,) = svc.bus.messages(topology.RESULTS.dlq)
    assert dead["receive_count"] == 1 and dead["body"] == posted.to_json()
    assert dead["last_error"] == "results cannot handle 'video.posted' events"
    assert client.get(f"/api/videos/{posted.video_id}").json() == before  # the video is not failed


def test_products_can_be_listed_filtered_and_paged(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    for event in pipeline(posted):
        svc.results.applier.apply(event)
    everything = client.get("/api/products").json()
    assert [p["title"] for p in everything["items"]] == ["Ceramic mug", "Bamboo tray"]
    assert [p["price_display"] for p in everything["items"]] == ["$12.00", "$20.00"]
    assert everything["next_cursor"] is None

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/products?{query}")
        assert response.status_code == 200, response.text
        return [p["title"] for p in response.json()["items"]]

    assert titles("seller=@SHOP1") == ["Ceramic mug", "Bamboo tray"]
    assert titles("seller=other") == []
    assert titles("tag=tray") == ["Bamboo tray"]
    assert titles("category=home%20%26%20kitchen") == ["Ceramic mug", "Bamboo tray"]
    assert titles("min_price=15") == ["Bamboo tray"]
    assert titles("max_price=12") == ["Ceramic mug"]
    assert titles("q=MUG") == ["Ceramic mug"]
    assert titles("q=bamboo%20tray") == ["Bamboo tray"]
    assert titles("q=%25") == []  # "%" is searched for, not a wildcard

    first = client.get("/api/products?limit=1").json()
    assert [p["title"] for p in first["items"]] == ["Ceramic mug"] and first["next_cursor"]
    second = client.get(f"/api/products?limit=1&cursor={first['next_cursor']}").json()
    assert [p["title"] for p in second["items"]] == ["Bamboo tray"] and second["next_cursor"] is None

    shop = client.get("/api/shops/shop1").json()
    assert shop["seller_handle"] == "shop1"
    assert shop["products"] == everything["items"]  # one product shape everywhere
    page = client.get("/shops/shop1")
    assert page.status_code == 200 and "Ceramic mug" in page.text and "$12.00" in page.text
