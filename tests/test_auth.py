"""Sellers' API keys: every write for a seller needs one of its keys when AUTH_REQUIRED=true (a
missing, unknown, revoked or other seller's key is refused in one sentence); reads stay public."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import make_services, settings_for
from fastapi.testclient import TestClient
from sqlalchemy import select

from tiktok_commerce import cli, events
from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.keys import create_key, hash_key, revoke_key
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.settings import get_settings

VIDEO = "http://127.0.0.1:1/v.mp4"


@pytest.fixture
def secured(database_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = make_services(settings_for(database_url, tmp_path, auth_required=True))
    with TestClient(create_app(services.settings, services=services)) as client:
        yield client, services
    services.close()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def refused(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.count(". ") == 0 and "Traceback" not in detail
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_each_write_route_refuses_what_is_not_the_sellers_key(
    secured: tuple[TestClient, Services],
) -> None:
    client, svc = secured
    key, key_id = create_key(svc.sessions, "shop1")
    other, _ = create_key(svc.sessions, "shop2")
    revoked, revoked_id = create_key(svc.sessions, "shop1")
    assert revoke_key(svc.sessions, revoked_id) and not revoke_key(svc.sessions, revoked_id)
    body = {"video_url": VIDEO, "seller_handle": "shop1", "caption": "Mug $12"}

    def wrong_keys(method: str, path: str, **kwargs: object) -> None:
        refused(client.request(method, path, **kwargs), 401)  # type: ignore[arg-type]
        refused(client.request(method, path, headers={"Authorization": "Basic Zm9vOmJhcg=="}, **kwargs), 401)  # type: ignore[arg-type]
        refused(client.request(method, path, headers=bearer("not-a-key"), **kwargs), 401)  # type: ignore[arg-type]
        # the right shape and id, a wrong secret
        forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
        refused(client.request(method, path, headers=bearer(forged), **kwargs), 401)  # type: ignore[arg-type]
        refused(client.request(method, path, headers=bearer(revoked), **kwargs), 401)  # type: ignore[arg-type]
        response = client.request(method, path, headers=bearer(other), **kwargs)  # type: ignore[arg-type]
        refused(response, 403)
        assert "another seller" in response.json()["detail"]

    wrong_keys("POST", "/api/videos", json=body)
    assert client.get("/api/shops/shop1").status_code == 404  # nothing was recorded
    posted = client.post("/api/videos", json=body, headers=bearer(key))
    assert posted.status_code == 202
    video_id = posted.json()["id"]

    parsed = events.Envelope.new(
        video_id,
        events.CaptionParsed(seller_handle="shop1", video_url=VIDEO, products=[events.Product(title="Mug")]),
    )
    svc.results.applier.apply(parsed)
    (product,) = client.get("/api/shops/shop1").json()["products"]  # reads need no key
    assert client.get("/api/products").status_code == 200
    assert client.get(f"/api/videos/{video_id}").status_code == 200
    assert client.get("/shops/shop1").status_code == 200

    wrong_keys("PATCH", f"/api/products/{product['id']}", json={"title": "Mine"})
    assert client.get("/api/products").json()["items"][0]["title"] == "Mug"
    edited = client.patch(f"/api/products/{product['id']}", json={"title": "Mine"}, headers=bearer(key))
    assert edited.status_code == 200 and edited.json()["title"] == "Mine"

    with svc.sessions() as session, session.begin():
        session.get(models.Video, video_id).status = "complete"  # type: ignore[union-attr]
    wrong_keys("POST", f"/api/videos/{video_id}/reprocess")
    assert client.post(f"/api/videos/{video_id}/reprocess", headers=bearer(key)).status_code == 202


def test_with_auth_off_anyone_may_post(client_without_auth: TestClient) -> None:
    body = {"video_url": VIDEO, "seller_handle": "shop1", "caption": "Mug $12"}
    assert client_without_auth.post("/api/videos", json=body).status_code == 202


@pytest.fixture
def client_without_auth(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    services = make_services(settings_for(database_url, tmp_path, auth_required=False))
    with TestClient(create_app(services.settings, services=services)) as client:
        yield client
    services.close()


def test_auth_is_required_unless_turned_off() -> None:
    from tiktok_commerce.settings import Settings

    assert Settings(_env_file=None).auth_required is True  # type: ignore[call-arg]


def test_the_keys_command_prints_a_key_once_and_stores_only_its_hash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'keys.db'}"
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert cli.main(["keys", "create", "--seller", "@Mug.Shop"]) == 0
        out, err = capsys.readouterr()
        key = out.strip()
        assert key.startswith("tck_") and "shown only this once" in err
        services = make_services(settings_for(database_url, tmp_path, auth_required=True))
        try:
            with services.sessions() as session:
                (row,) = session.scalars(select(models.ApiKey)).all()
            assert row.seller_handle == "mug.shop" and row.key_hash == hash_key(key)
            assert key not in (row.key_hash, row.key_id)

            assert cli.main(["keys", "list"]) == 0
            listed = capsys.readouterr().out
            assert row.key_id in listed and key not in listed and "active" in listed

            with TestClient(create_app(services.settings, services=services)) as client:
                body = {"video_url": VIDEO, "seller_handle": "mug.shop"}
                assert client.post("/api/videos", json=body, headers=bearer(key)).status_code == 202
                assert cli.main(["keys", "revoke", row.key_id]) == 0
                refused(
                    client.post("/api/videos", json={**body, "video_url": VIDEO + "?2"}, headers=bearer(key)),
                    401,
                )
            assert cli.main(["keys", "revoke", row.key_id]) == 1
            assert "no active key" in capsys.readouterr().err
            assert cli.main(["keys", "create", "--seller", ".."]) == 2
        finally:
            services.close()
    finally:
        get_settings.cache_clear()
