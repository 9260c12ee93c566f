# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)
"""Requests an attacker (or a clumsy client) sends: each gets a 4xx with one readable sentence.

On SQLite and on PostgreSQL (where a NUL in a string used to reach the database and fail there).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from api_support import (  # noqa: F401 (fixtures)
    SAMPLE_CAPTION,
    client,
    make_services,
    serve_directory,
    settings_for,
    svc,
    write_sample_videos,
)
from fastapi.testclient import TestClient

from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services

VIDEO = "https://www.tiktok.com/@shop/video/7300000000000000001"


def cursor_of(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def assert_4xx(response, status: int = 422) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "Traceback" not in detail


@pytest.mark.parametrize(
    "cursor",
    [
        cursor_of(["99999-01-01T00:00:00", "x"]),
        cursor_of(["0001-01-01T00:00:00+14:00", "x"]),  # out of range once made UTC
        base64.urlsafe_b64encode(b"[" * 140 + b"]" * 140).decode()[:200],
        cursor_of([{"a": 1}, ["b"]]),
        cursor_of(["2026-01-01T00:00:00", "a\x00b"]),
        cursor_of("just a string"),
        "%%%",
    ],
)
def test_cursors_the_api_never_gave_out_point_at_no_page(client: TestClient, cursor: str) -> None:
    assert_4xx(client.get("/api/products", params={"cursor": cursor}), 404)


@pytest.mark.parametrize("param", ["q", "category", "tag", "seller"])
def test_a_nul_in_a_query_parameter_is_422(client: TestClient, param: str) -> None:
    assert_4xx(client.get(f"/api/products?{param}=a%00b"))


def test_a_nul_in_a_path_and_odd_blob_names_are_404(client: TestClient) -> None:
    assert_4xx(client.get("/api/videos/abc%00def"), 404)
    assert_4xx(client.get("/api/shops/ab%00c"), 404)
    assert_4xx(client.get("/blobs/a%00b"), 404)
    assert_4xx(client.get("/blobs/" + "a" * 5000), 404)
    assert_4xx(client.get("/blobs/" + "/".join(["a" * 255] * 8)), 404)


def test_bodies_that_are_not_utf8_or_nest_too_deeply_are_422(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    assert_4xx(client.post("/api/videos", content=b'{"video_url": "\xff\xfe"}', headers=headers))
    assert_4xx(client.post("/api/videos", content=b"[" * 20000 + b"]" * 20000, headers=headers))
    deep = '{"video_url": ' + "[" * 20000 + "]" * 20000 + "}"
    assert_4xx(client.post("/api/videos", content=deep.encode(), headers=headers))
    body = {"video_url": VIDEO, "seller_handle": "shop1", "caption": "a\x00b"}
    response = client.post("/api/videos", json=body)
    assert response.status_code == 202 and response.json()["caption"] == "ab"


@pytest.mark.parametrize("handle", ["..", "...", "._", "-.-", "@.."])
def test_handles_made_only_of_punctuation_are_refused(client: TestClient, handle: str) -> None:
    response = client.post("/api/videos", json={"video_url": VIDEO, "seller_handle": handle})
    assert_4xx(response)
    assert "at least one letter or digit" in response.json()["detail"]


@pytest.mark.parametrize(
    "again",
    [
        "HTTPS://WWW.TIKTOK.COM/@shop/video/7300000000000000001",
        "https://www.tiktok.com/@shop/video/7300000000000000001#comments",
        "https://www.tiktok.com/@Shop/video/7300000000000000001?is_from_webapp=1&sender_device=pc",
        "https://m.tiktok.com/@shop/video/7300000000000000001/",
        "https://www.tiktok.com:443/@shop/video/7300000000000000001",
    ],
)
def test_the_same_video_in_another_spelling_is_the_same_video(client: TestClient, again: str) -> None:
    first = client.post(
        "/api/videos", json={"video_url": VIDEO, "seller_handle": "shop1", "caption": "Mug $9"}
    )
    assert first.status_code == 202
    second = client.post(
        "/api/videos", json={"video_url": again, "seller_handle": "shop1", "caption": "Mug $9"}
    )
    assert second.status_code == 200, second.text
    assert second.json()["id"] == first.json()["id"]
    assert first.json()["video_url"] == VIDEO


def test_a_direct_url_differing_only_in_case_of_scheme_host_and_fragment_is_the_same(
    client: TestClient,
) -> None:
    first = client.post(
        "/api/videos", json={"video_url": "http://127.0.0.1:9/v.mp4?sig=AbC", "seller_handle": "s1"}
    )
    again = {"video_url": "HTTP://127.0.0.1:9/v.mp4?sig=AbC#t=3", "seller_handle": "s1"}
    second = client.post("/api/videos", json=again)
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["id"] == first.json()["id"]
    other = client.post(
        "/api/videos", json={"video_url": "http://127.0.0.1:9/v.mp4?sig=abc", "seller_handle": "s1"}
    )
    assert other.status_code == 202  # the query is part of a signed media URL: kept as it is


def test_an_unknown_shop_page_is_404(client: TestClient) -> None:
    response = client.get("/shops/nobody-here")
    assert response.status_code == 404 and "No shop for" in response.text


def test_reposting_a_processed_video_answers_200_with_the_same_body(
    database_url: str, tmp_path: Path, shared: Path
) -> None:
    """Post, wait for products and thumbnails, post again: 200 and the very same video."""
    pytest.importorskip("av")
    from test_e2e import run_pipeline

    videos = tmp_path / "videos"
    videos.mkdir()
    write_sample_videos(videos, shared)
    services: Services = make_services(settings_for(database_url, tmp_path))
    try:
        with (
            serve_directory(videos) as base,
            TestClient(create_app(services.settings, services=services)) as http,
        ):
            body = {"video_url": f"{base}/cup.mp4", "seller_handle": "cup_shop", "caption": SAMPLE_CAPTION}
            first = http.post("/api/videos", json=body)
            assert first.status_code == 202
            run_pipeline(services)
            again = http.post("/api/videos", json=body)
            assert again.status_code == 200, again.text
            video = again.json()
            assert video["id"] == first.json()["id"]
            assert video["status"] == "complete" and video["products"] and len(video["thumbnails"]) == 5
            assert video == http.get(f"/api/videos/{video['id']}").json()
            assert http.post("/api/videos", json=body).json() == video  # the same body every time
    finally:
        services.close()
