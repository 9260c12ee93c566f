"""The core commands: db upgrade, post, and the text the demo prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiktok_commerce import cli
from tiktok_commerce.commands import format_shop
from tiktok_commerce.db.migrate import current
from tiktok_commerce.settings import get_settings


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_db_upgrade_makes_the_default_sqlite_file_under_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["db", "upgrade"]) == 0
    assert (tmp_path / "data" / "tiktok_commerce.db").is_file()
    assert current("sqlite:///./data/tiktok_commerce.db") in capsys.readouterr().out


def test_db_upgrade_follows_database_url(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli.main(["db", "upgrade"]) == 0
    assert current(database_url) is not None


def test_post_without_a_running_api_says_how_to_start_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        ["post", "https://www.tiktok.com/@a/video/1", "--seller", "shop1", "--api", "http://127.0.0.1:9"]
    )
    assert code == 1
    assert "tiktok-commerce up" in capsys.readouterr().err


def test_the_shop_prints_prices_tags_and_thumbnails() -> None:
    shop = {
        "seller_handle": "demo-seller",
        "products": [
            {
                "video_id": "v1",
                "title": "Coffee cup",
                "price": 18.99,
                "currency": "USD",
                "original_price": 24.99,
                "variants": {"color": ["white", "black"]},
                "category": "Home & Kitchen",
                "tags": [{"tag": "coffee", "confidence": 0.9, "source": "hashtag"}],
                "thumbnails": [
                    {
                        "url": "http://x/blobs/a.jpg",
                        "width": 400,
                        "height": 400,
                        "time_s": 1.0,
                        "label": "cup",
                    }
                ],
            }
        ],
    }
    text = format_shop(shop)
    assert "Coffee cup: 18.99 USD (was 24.99)" in text
    assert "color: white, black" in text and "coffee (0.90)" in text
    assert "400x400 at 1.0s cup: http://x/blobs/a.jpg" in text
