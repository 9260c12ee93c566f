"""The HTML pages as a shopper and a seller get them: phone-ready markup, only finished listings,
newest first a page at a time, a product page, a seller's progress view, and 404 pages."""

# ruff: noqa: F811  (pytest fixtures imported from api_support are parameters by design)

from __future__ import annotations

import re

from api_support import client, svc  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from test_api_results import pipeline, posted  # noqa: F401 (fixture)

from tiktok_commerce import events
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.events import Envelope


def video_for(svc: Services, seller: str, url: str, status: str = "parsing") -> str:
    with svc.sessions() as session, session.begin():
        if session.get(models.Shop, seller) is None:
            session.add(models.Shop(seller_handle=seller))
        video = models.Video(seller_handle=seller, video_url=url, stages={}, status=status)
        session.add(video)
        session.flush()
        return video.id


def finished_product(svc: Services, seller: str, n: int) -> None:
    """A video taken through every stage: one listed product `Item n`, 5 thumbnails, a tag."""
    url = f"https://www.tiktok.com/@{seller}/video/{7000000000000000000 + n}"
    video_id = video_for(svc, seller, url)
    products = [events.Product(title=f"Item {n}", price=1980.0 + n, currency="JPY")]
    parsed = Envelope.new(
        video_id, events.CaptionParsed(seller_handle=seller, video_url=url, products=products, language="ja")
    )
    thumbs = [events.Thumbnail(blob_key=f"thumbnails/{video_id}/{i}.jpg", time_s=i) for i in range(5)]
    generated = parsed.child(
        events.ThumbnailsGenerated(seller_handle=seller, video_url=url, products=products, thumbnails=thumbs)
    )
    tagged = generated.child(
        events.ProductsTagged(
            seller_handle=seller,
            products=[
                events.TaggedProduct(
                    index=0,
                    category="Home & Kitchen",
                    tags=[events.Tag(tag="mug", confidence=0.9, source="title")],
                )
            ],
        )
    )
    for event in (parsed, generated, tagged):
        assert svc.results.applier.apply(event)


def test_the_shop_page_lists_finished_products_newest_first_a_page_at_a_time(
    client: TestClient, svc: Services
) -> None:
    for n in range(26):
        finished_product(svc, "tokyo", n)
    unfinished = video_for(svc, "tokyo", "https://www.tiktok.com/@tokyo/video/1")
    svc.results.applier.apply(
        Envelope.new(
            unfinished,
            events.CaptionParsed(
                seller_handle="tokyo", video_url="x", products=[events.Product(title="Half done", price=5.0)]
            ),
        )
    )
    page = client.get("/shops/tokyo")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html
    titles = re.findall(r"<h2>(.*?)</h2>", html)
    assert titles == [f"Item {n}" for n in range(25, 1, -1)]  # newest first, 24 a page
    assert "Half done" not in html  # still processing: not a listing yet
    assert "¥2,005" in html and "JPY" not in html  # the market's own format
    older = re.search(r'href="(/shops/tokyo\?cursor=[^"]+)" rel="next"', html)
    assert older
    second = client.get(older.group(1).replace("&amp;", "&")).text
    assert re.findall(r"<h2>(.*?)</h2>", second) == ["Item 1", "Item 0"]
    assert 'rel="next"' not in second and 'href="/shops/tokyo">' in second
    assert client.get("/shops/tokyo").headers["etag"] == page.headers["etag"]
    assert client.get("/shops/tokyo?cursor=junk").status_code == 404


def test_the_product_page_has_its_pictures_tags_and_video_link(client: TestClient, svc: Services) -> None:
    finished_product(svc, "tokyo", 7)
    (product,) = client.get("/api/shops/tokyo").json()["products"]
    assert f'href="/shops/tokyo/products/{product["id"]}"' in client.get("/shops/tokyo").text
    html = client.get(f"/shops/tokyo/products/{product['id']}").text
    assert len(re.findall(r'<img src="http://testserver/blobs/thumbnails/', html)) == 5
    assert "<li>mug</li>" in html and "Home &amp; Kitchen" in html and "¥1,987" in html
    assert (
        'href="https://www.tiktok.com/@tokyo/video/7000000000000000007"' in html and "Watch on TikTok" in html
    )


def test_unknown_shops_and_products_get_a_404_page(client: TestClient, svc: Services) -> None:
    finished_product(svc, "tokyo", 1)
    (product,) = client.get("/api/shops/tokyo").json()["products"]
    for path in (
        "/shops/nobody",
        "/shops/-_",
        "/shops/tokyo/products/nope",
        f"/shops/other/products/{product['id']}",
        "/sellers/nobody",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "<h1>" in response.text and "viewport" in response.text


def test_the_seller_view_shows_each_videos_progress_and_error(
    client: TestClient, svc: Services, posted: Envelope
) -> None:
    parsed, _, _ = pipeline(posted)
    svc.results.applier.apply(parsed)
    failure = parsed.child(
        events.ProcessingFailed(
            stage="thumbnail-generator", error="the file is <not> a video", failed_event_id=parsed.id
        )
    )
    svc.results.applier.apply(failure)
    html = client.get("/sellers/shop1").text
    assert '<span class="status">failed</span>' in html
    assert "thumbnail-generator: the file is &lt;not&gt; a video" in html
    assert re.search(r'<li class="done">parsing \d\d:\d\d:\d\d</li>', html)
    assert '<li class="failed">thumbnails</li>' in html and '<li class="">tagging</li>' in html
    assert "Ceramic mug" in html and "http://127.0.0.1:1/v.mp4" in html
