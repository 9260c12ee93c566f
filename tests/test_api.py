"""The Ingestion API: validation, idempotent posts, the outbox, reads, health and blobs."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import client, make_services, settings_for, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient

from tiktok_commerce import events
from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.bus.base import Bus, Message, QueueStats

VIDEO = "http://127.0.0.1:8000/v/1.mp4"


@pytest.fixture(scope="module")
def validating_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One SQLite-backed app for the tests of request validation, which never reach the database."""
    folder = tmp_path_factory.mktemp("validation")
    services = make_services(settings_for(f"sqlite:///{folder / 'db.sqlite'}", folder))
    with TestClient(create_app(services.settings, services=services)) as test_client:
        yield test_client
    services.close()


def post(client: TestClient, **body: object):  # type: ignore[no-untyped-def]
    return client.post("/api/videos", json=body)


# ---- posting --------------------------------------------------------------------------------


def test_post_records_the_video_and_its_event_in_the_outbox(client: TestClient, svc: Services) -> None:
    response = post(client, video_url=VIDEO, seller_handle="@Mug.Shop", caption="Mug $12")
    assert response.status_code == 202, response.text
    video = response.json()
    assert video["status"] == "received"
    assert video["seller_handle"] == "mug.shop"
    assert video["caption"] == "Mug $12"
    assert video["link"] == f"/api/videos/{video['id']}" == response.headers["location"]
    assert "received" in video["stages"]
    assert svc.relay.pending() == 1

    assert svc.relay.relay_once() == 1
    assert svc.relay.pending() == 0
    messages = svc.bus.receive("caption-parser", max_messages=5)
    assert len(messages) == 1
    event = messages[0].envelope()
    assert event.type == events.VIDEO_POSTED and event.video_id == video["id"]
    assert event.parsed().caption == "Mug $12"
    assert client.get(video["link"]).json()["status"] == "parsing"
    assert client.get("/api/shops/mug.shop").json()["products"] == []


def test_posting_the_same_video_again_returns_the_existing_one(client: TestClient, svc: Services) -> None:
    first = post(client, video_url=VIDEO, seller_handle="shop1", caption="Mug $12")
    again = post(client, video_url=VIDEO, seller_handle="@SHOP1")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert svc.relay.pending() == 1  # one event, not two
    other_seller = post(client, video_url=VIDEO, seller_handle="shop2")
    assert other_seller.status_code == 202 and other_seller.json()["id"] != first.json()["id"]


def test_sent_events_and_processed_ids_are_forgotten_after_the_retention(
    client: TestClient, svc: Services
) -> None:
    from datetime import timedelta

    from tiktok_commerce.db import models

    video_id = post(client, video_url=VIDEO, seller_handle="shop1", caption="x").json()["id"]
    svc.relay.relay_once()
    later = models.utcnow() + timedelta(days=15)
    assert svc.relay.purge() == 0  # fresh: kept
    assert svc.relay.purge(now=later) == 1
    assert svc.relay.pending() == 0
    # The processed ids are the results consumer's to forget, not the relay's.
    failed = events.Envelope.new(video_id, events.ProcessingFailed(stage="caption-parser", error="x"))
    assert svc.results.applier.apply(failed)
    assert svc.relay.purge(now=later) == 0
    assert svc.results.applier.purge() == 0
    assert svc.results.applier.purge(now=later) == 1


def test_concurrent_posts_make_one_video_per_url_and_one_shop(client: TestClient, svc: Services) -> None:
    from concurrent.futures import ThreadPoolExecutor

    same = {"video_url": VIDEO, "seller_handle": "racer"}
    distinct = [{"video_url": f"{VIDEO}?n={n}", "seller_handle": "racer2"} for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        same_answers = list(pool.map(lambda body: client.post("/api/videos", json=body), [same] * 6))
        distinct_answers = list(pool.map(lambda body: client.post("/api/videos", json=body), distinct))
    assert sorted(r.status_code for r in same_answers) == [200] * 5 + [202]
    assert len({r.json()["id"] for r in same_answers}) == 1
    assert [r.status_code for r in distinct_answers] == [202] * 6
    assert svc.relay.pending() == 7


class BrokenBus:
    """The bus port on a bus that cannot be reached: every call fails as a network error would."""

    def publish(self, event: events.Envelope) -> None:
        raise ConnectionError("bus down")

    def receive(self, queue: str, max_messages: int = 1, wait_s: float = 0.0) -> list[Message]:
        raise ConnectionError("bus down")

    def ack(self, message: Message) -> None:
        raise ConnectionError("bus down")

    def fail(self, message: Message, error: str) -> None:
        raise ConnectionError("bus down")

    def dead_letter(self, message: Message, error: str) -> None:
        raise ConnectionError("bus down")

    def visibility_timeout(self, queue: str) -> float:
        return 60.0

    def extend(self, message: Message) -> bool:
        raise ConnectionError("bus down")

    def release(self, message: Message) -> None:
        raise ConnectionError("bus down")

    def stats(self) -> list[QueueStats]:
        raise ConnectionError("bus down")

    def healthy(self) -> bool:
        return False


def test_a_relay_crash_before_publishing_loses_nothing(client: TestClient, svc: Services) -> None:
    post(client, video_url=VIDEO, seller_handle="shop1", caption="x")

    from tiktok_commerce.api.outbox import OutboxRelay

    post(client, video_url=VIDEO + "?2", seller_handle="shop1", caption="y")
    assert isinstance(BrokenBus(), Bus)  # the whole port: runtime_checkable finds every method
    assert OutboxRelay(svc.sessions, BrokenBus()).relay_once() == 0
    assert svc.relay.pending() == 2  # still there for the next pass

    from tiktok_commerce.db import models

    with svc.sessions() as session:
        rows = session.query(models.OutboxEvent).order_by(models.OutboxEvent.id).all()
        # the first failure stops the pass: the order of events is kept
        assert [(r.attempts, r.last_error) for r in rows] == [(1, "ConnectionError: bus down"), (0, None)]
    assert svc.relay.relay_once() == 2
    assert svc.relay.relay_once() == 0  # published once
    assert len(svc.bus.receive("caption-parser", max_messages=10)) == 2


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"seller_handle": "shop1"}, 422, "video_url is required"),
        ({"video_url": VIDEO}, 422, "seller_handle is required"),
        ({"video_url": VIDEO, "seller_handle": "x"}, 422, "seller_handle must be 2 to 24 characters"),
        ({"video_url": VIDEO, "seller_handle": "bad handle!"}, 422, "seller_handle must be"),
        ({"video_url": "ftp://127.0.0.1/v.mp4", "seller_handle": "shop1"}, 422, "only http and https"),
        ({"video_url": "not a url", "seller_handle": "shop1"}, 422, "spaces"),
        ({"video_url": "example.com/v.mp4", "seller_handle": "shop1"}, 422, "only http and https"),
        ({"video_url": "http://[::1/v.mp4", "seller_handle": "shop1"}, 422, "cannot be parsed"),
        ({"video_url": "http://127.0.0.1:99999/v.mp4", "seller_handle": "shop1"}, 422, "port"),
        ({"video_url": "http://127.0.0.1/a b.mp4", "seller_handle": "shop1"}, 422, "control characters"),
        ({"video_url": None, "seller_handle": "shop1"}, 422, "video_url"),
        ({"video_url": VIDEO, "seller_handle": "shop1", "caption": 5}, 422, "caption"),
        ({"video_url": VIDEO, "seller_handle": "shop1", "price": 5}, 422, "price is not a known field"),
        ({"video_url": VIDEO, "seller_handle": "shop1", "caption": "x" * 4001}, 422, "caption"),
    ],
)
def test_bad_posts_get_a_422_that_says_what_is_wrong(
    validating_client: TestClient, body: dict, status: int, words: str
) -> None:
    response = validating_client.post("/api/videos", json=body)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_malformed_json_and_non_objects_are_422(validating_client: TestClient) -> None:
    response = validating_client.post(
        "/api/videos", content=b'{"video_url": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]
    response = validating_client.post("/api/videos", json=["a", "b"])
    assert response.status_code == 422
    assert "JSON object" in response.json()["detail"]


def test_an_empty_body_says_what_to_send(validating_client: TestClient) -> None:
    response = validating_client.post(
        "/api/videos", content=b"", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "video_url and seller_handle" in response.json()["detail"]


def test_captions_are_stored_as_data_and_shown_escaped(client: TestClient, svc: Services) -> None:
    caption = "<script>alert(1)</script> Mug \x00$12"
    response = post(client, video_url=VIDEO, seller_handle="shop1", caption=caption)
    assert response.status_code == 202  # NUL would break PostgreSQL: it is dropped, the rest kept
    assert response.json()["caption"] == "<script>alert(1)</script> Mug $12"
    parsed = events.Envelope.new(
        response.json()["id"],
        events.CaptionParsed(
            seller_handle="shop1",
            video_url=VIDEO,
            products=[events.Product(title="<script>x</script>\x00Mug")],
        ),
    )
    assert svc.results.applier.apply(parsed)
    # The seller's view shows the product while it is processed (shoppers see finished listings only).
    page = client.get("/sellers/shop1").text
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;Mug" in page


def test_a_huge_body_is_413(client: TestClient, svc: Services) -> None:
    big = {"video_url": VIDEO, "seller_handle": "shop1", "caption": "x" * (svc.settings.max_body_bytes + 10)}
    response = client.post("/api/videos", json=big)
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        yield b'{"video_url": "' + b"x" * svc.settings.max_body_bytes
        yield b'"}'

    response = client.post("/api/videos", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_disallowed_hosts_and_private_addresses_are_refused(database_url: str, tmp_path: Path) -> None:
    settings = settings_for(
        database_url,
        tmp_path,
        video_allowed_hosts="localhost,*.tiktokcdn.com",
        video_allow_private_networks=False,
    )
    services = make_services(settings)
    try:
        with TestClient(create_app(settings, services=services)) as client:
            response = post(client, video_url="https://evil.example.com/v.mp4", seller_handle="shop1")
            assert response.status_code == 422
            assert "not an allowed video host" in response.json()["detail"]
            response = post(client, video_url="http://localhost:8000/v.mp4", seller_handle="shop1")
            assert response.status_code == 422
            assert "private or local address" in response.json()["detail"]
            assert client.get("/api/shops/shop1").status_code == 404  # nothing was recorded
    finally:
        services.close()


def test_a_post_without_caption_answers_at_once_and_leaves_the_lookup_to_the_parser(
    client: TestClient, svc: Services
) -> None:
    response = post(client, video_url=VIDEO, seller_handle="shop1")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "received" and body["caption"] is None and body["caption_source"] == "pending"
    assert svc.relay.relay_once() == 1
    posted = svc.bus.receive("caption-parser", max_messages=1)
    assert posted and events.Envelope.from_json(posted[0].body).payload["caption"] is None


# ---- reading --------------------------------------------------------------------------------


def test_unknown_things_are_404(client: TestClient) -> None:
    assert client.get("/api/videos/nope").status_code == 404
    response = client.get("/api/shops/nobody")
    assert response.status_code == 404 and "no shop" in response.json()["detail"]
    assert client.get("/blobs/nothing/here.jpg").status_code == 404
    assert client.get("/blobs/../../etc/passwd").status_code == 404


def test_bad_listing_parameters_are_422(validating_client: TestClient) -> None:
    assert validating_client.get("/api/products?limit=0").status_code == 422
    assert validating_client.get("/api/products?min_price=-1").status_code == 422
    response = validating_client.get("/api/products?min_price=10&max_price=5")
    assert response.status_code == 200 and response.json()["items"] == []  # an empty range
    response = validating_client.get("/api/products?cursor=garbage")
    assert response.status_code == 404 and "cursor" in response.json()["detail"]


def test_health_reports_database_and_bus(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["live"] and body["ready"] and body["database"]["ok"] and body["bus"]["ok"]
    assert {q["queue"] for q in body["bus"]["queues"]} >= {"caption-parser", "results"}
    assert client.get("/health/live").json() == {"live": True}


def test_blobs_are_served_from_the_local_store(client: TestClient, svc: Services) -> None:
    svc.blobs.put("thumbnails/v1/0.jpg", b"\xff\xd8jpeg")
    response = client.get("/blobs/thumbnails/v1/0.jpg")
    assert response.status_code == 200
    assert response.content == b"\xff\xd8jpeg"
    assert response.headers["content-type"] == "image/jpeg"


def test_the_api_imports_no_video_or_ml_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tiktok_commerce.api.app, tiktok_commerce.commands;"
        "heavy = {'av', 'onnxruntime', 'numpy', 'PIL', 'yt_dlp', 'boto3'};"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"  # heavy dependencies stay at the edge (DESIGN.md)
