"""Listing pages kept in memory (SQLite): never a page older than what the database holds, whoever
wrote the change (this process, or another one on the same file)."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

from api_support import client, settings_for, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from sqlalchemy import text
from test_api_results import pipeline, posted  # noqa: F401 (fixture)

from tiktok_commerce.api.services import Services
from tiktok_commerce.db.session import make_engine
from tiktok_commerce.events import Envelope

PAGES = ("/api/products?limit=20", "/api/products?limit=20&q=mug", "/api/shops/shop1?limit=20")


def titles(client: TestClient, path: str) -> list[str]:
    body = client.get(path).json()
    return [p["title"] for p in body.get("items", body.get("products", []))]


def test_a_page_changed_by_another_process_is_never_served_stale(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    for event in pipeline(posted):
        svc.results.applier.apply(event)
    before = {path: client.get(path) for path in PAGES}
    assert all("mug" in " ".join(titles(client, path)).lower() for path in PAGES)
    again = {path: client.get(path) for path in PAGES}  # nothing written: the same page
    assert all(again[p].content == before[p].content for p in PAGES)
    assert all(again[p].headers["etag"] == before[p].headers["etag"] for p in PAGES)

    # Another process (its own engine and connection) renames the mug in the stored documents.
    other = make_engine(svc.settings.database_url)
    try:
        with other.begin() as connection:
            rename = "UPDATE products SET document = replace(document, 'mug', 'cup')"
            changed = connection.execute(text(rename)).rowcount
        assert changed >= 1
    finally:
        other.dispose()

    for path in PAGES[:1] + PAGES[2:]:
        after = client.get(path, headers={"If-None-Match": before[path].headers["etag"]})
        assert after.status_code == 200 and after.headers["etag"] != before[path].headers["etag"]
        assert "cup" in " ".join(titles(client, path)).lower()
    # The word search reads the title column, not the document: the page changed all the same.
    assert client.get(PAGES[1]).content != before[PAGES[1]].content


def test_a_page_changed_by_the_results_consumer_is_read_afresh(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    parsed, generated, tagged = pipeline(posted)
    svc.results.applier.apply(parsed)
    untagged = client.get("/api/shops/shop1").json()["products"]
    assert client.get("/api/shops/shop1").json()["products"] == untagged  # served again, unchanged
    svc.results.applier.apply(generated)
    svc.results.applier.apply(tagged)
    tagged_now = client.get("/api/shops/shop1").json()["products"]
    assert [p["tags"] for p in untagged] != [p["tags"] for p in tagged_now]
    assert tagged_now[0]["thumbnails"] and not untagged[0]["thumbnails"]
