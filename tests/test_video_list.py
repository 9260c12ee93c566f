"""`GET /api/videos`: videos by status, newest first, with their errors; bad input is a 4xx."""
# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from api_support import client, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient

from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def add_videos(svc: Services) -> list[str]:
    """Seven videos an hour apart: statuses in turn, two sellers, the failed ones with errors."""
    rows = [
        ("shop_a", "complete", None),
        ("shop_a", "failed", "thumbnail-generator: the video host answered HTTP 503"),
        ("shop_b", "parsing", None),
        ("shop_b", "failed", "caption-parser: received 3 times without success"),
        ("shop_a", "tagging", None),
        ("shop_b", "complete", None),
        ("shop_a", "failed", "auto-tagger: KeyError: 'x'"),
    ]
    ids = []
    with transaction(svc.sessions) as session:
        for handle in ("shop_a", "shop_b"):
            session.add(models.Shop(seller_handle=handle))
        session.flush()
        for i, (seller, status, error) in enumerate(rows):
            at = T0 + timedelta(hours=i)
            video = models.Video(
                seller_handle=seller,
                video_url=f"https://www.tiktok.com/@{seller}/video/{i}",
                status=status,
                error=error,
                stages={"received": at.isoformat()},
                created_at=at,
                updated_at=at,
            )
            session.add(video)
            session.flush()
            ids.append(video.id)
    return ids


def test_failed_videos_newest_first_with_their_errors(client: TestClient, svc: Services) -> None:
    ids = add_videos(svc)
    body = client.get("/api/videos?status=failed").json()
    assert [v["id"] for v in body["items"]] == [ids[6], ids[3], ids[1]]
    assert [v["failed_stage"] for v in body["items"]] == [
        "auto-tagger",
        "caption-parser",
        "thumbnail-generator",
    ]
    assert body["items"][2]["error"] == "thumbnail-generator: the video host answered HTTP 503"
    assert body["next_cursor"] is None

    every = client.get("/api/videos").json()["items"]
    assert [v["id"] for v in every] == ids[::-1]
    assert all(v["failed_stage"] is None for v in every if v["status"] != "failed")


def test_seller_since_and_pages(client: TestClient, svc: Services) -> None:
    ids = add_videos(svc)
    seller = client.get("/api/videos?seller=@SHOP_B").json()["items"]
    assert [v["id"] for v in seller] == [ids[5], ids[3], ids[2]]

    since = (T0 + timedelta(hours=4)).isoformat()
    recent = client.get("/api/videos", params={"since": since}).json()["items"]
    assert [v["id"] for v in recent] == [ids[6], ids[5], ids[4]]
    naive = client.get("/api/videos", params={"since": "2026-03-01T16:00:00"}).json()["items"]
    assert [v["id"] for v in naive] == [ids[6], ids[5], ids[4]]  # no zone: UTC

    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/videos", params=params).json()
        seen += [v["id"] for v in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[::-1]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("status=broken", 422, "status"),
        ("limit=0", 422, "limit"),
        ("limit=101", 422, "limit"),
        ("limit=ten", 422, "limit"),
        ("since=yesterday", 422, "since"),
        ("seller=..", 422, "seller"),
        ("cursor=garbage", 404, "cursor"),
        ("status=failed%00", 422, "NUL"),
    ],
)
def test_bad_input_is_a_4xx_with_one_sentence(
    client: TestClient, query: str, status: int, words: str
) -> None:
    response = client.get(f"/api/videos?{query}")
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and words in detail and "\n" not in detail


def test_dates_at_the_ends_of_the_calendar(client: TestClient, svc: Services) -> None:
    ids = add_videos(svc)
    early = client.get("/api/videos", params={"since": "0001-01-01T00:00:00+01:00"})
    assert early.status_code == 200 and len(early.json()["items"]) == len(ids)
    late = client.get("/api/videos", params={"since": "9999-12-31T23:59:59-01:00"})
    assert late.status_code == 200 and late.json()["items"] == []
