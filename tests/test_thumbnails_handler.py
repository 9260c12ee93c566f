"""The thumbnails worker end to end on a loopback server: five 400x400 JPEGs, idempotent, clear failures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from thumbnails_support import body, loopback_server, loopback_settings

from tiktok_commerce.blobs.local import LocalBlobStore
from tiktok_commerce.events import CaptionParsed, Envelope, Product
from tiktok_commerce.synthetic_video import make_product_video
from tiktok_commerce.workers.base import PermanentError, WorkerContext
from tiktok_commerce.workers.thumbnails.handler import handle


@pytest.fixture(scope="module")
def cup_video(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> bytes:
    path = tmp_path_factory.mktemp("video") / "cup.mp4"
    make_product_video(path, shared / "fixtures/images/coffee.png", seconds=4, size=(480, 854), fps=15)
    return path.read_bytes()


def _event(url: str, titles: list[str]) -> Envelope:
    payload = CaptionParsed(
        seller_handle="mugshop",
        video_url=url,
        caption="Espresso cup $12 #coffee",
        products=[Product(title=t, price=12.0, currency="USD") for t in titles],
        hashtags=["coffee"],
        language="en",
    )
    return Envelope.new("video-1", payload, event_id="00000000-0000-0000-0000-000000000001")


def test_five_thumbnails_of_the_product_stored_and_published(tmp_path, cup_video, yolo_model):
    settings = loopback_settings(tmp_path, yolo_model=yolo_model)
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    with loopback_server({"/cup.mp4": body(cup_video)}) as server:
        event = _event(server.url("/cup.mp4"), ["Espresso cup"])
        [out] = handle(event, WorkerContext(settings=settings, blobs=blobs))

    assert out.type == "thumbnails.generated"
    payload = out.parsed()
    assert payload.seller_handle == "mugshop" and payload.products[0].title == "Espresso cup"
    assert payload.hashtags == ["coffee"] and payload.language == "en"
    assert payload.detector == "yolov8n_int8"
    assert len(payload.thumbnails) == 5
    assert [t.blob_key for t in payload.thumbnails] == [f"thumbnails/video-1/{n}.jpg" for n in range(5)]
    for thumb in payload.thumbnails:
        image = Image.open(io.BytesIO(blobs.get(thumb.blob_key)))
        assert image.format == "JPEG" and image.size == (400, 400)
        assert (thumb.width, thumb.height) == (400, 400)
        assert thumb.label == "cup" and thumb.product_index == 0
        assert thumb.box is not None and thumb.confidence and thumb.confidence > 0.25
    times = [t.time_s for t in payload.thumbnails]
    assert len(set(times)) == 5


def test_redelivery_overwrites_the_same_blobs_and_event(tmp_path, cup_video, yolo_model):
    settings = loopback_settings(tmp_path, yolo_model=yolo_model)
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    ctx = WorkerContext(settings=settings, blobs=blobs)
    with loopback_server({"/cup.mp4": body(cup_video)}) as server:
        event = _event(server.url("/cup.mp4"), ["Espresso cup"])
        first = handle(event, ctx)
        second = handle(event, ctx)
    assert first[0].id == second[0].id
    assert first[0].payload["thumbnails"] == second[0].payload["thumbnails"]
    stored = sorted(p.name for p in (settings.blob_dir / "thumbnails/video-1").iterdir())
    assert stored == [f"{n}.jpg" for n in range(5)]


def test_a_page_that_is_not_a_video_fails_permanently(tmp_path, yolo_model):
    settings = loopback_settings(tmp_path, yolo_model=yolo_model)
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    page = b"<!DOCTYPE html><html><body>" + b"x" * 2000 + b"</body></html>"
    with (
        loopback_server({"/video.mp4": body(page, "video/mp4")}) as server,
        pytest.raises(PermanentError, match="not a video"),
    ):
        handle(
            _event(server.url("/video.mp4"), ["Espresso cup"]),
            WorkerContext(settings=settings, blobs=blobs),
        )
    assert not (settings.blob_dir / "thumbnails").exists()


def test_a_disallowed_url_fails_permanently(tmp_path):
    settings = loopback_settings(tmp_path, video_allowed_hosts="tiktok.com")
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    with pytest.raises(PermanentError, match="not an allowed video host"):
        handle(_event("http://127.0.0.1:9/v.mp4", ["Mug"]), WorkerContext(settings=settings, blobs=blobs))


def test_without_a_model_the_event_and_the_log_say_so(tmp_path, cup_video, monkeypatch, caplog):
    from tiktok_commerce.settings import Settings

    monkeypatch.setattr(Settings, "model_path", lambda self: None)
    settings = loopback_settings(tmp_path)
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    with loopback_server({"/cup.mp4": body(cup_video)}) as server, caplog.at_level("WARNING"):
        [out] = handle(
            _event(server.url("/cup.mp4"), ["Espresso cup"]), WorkerContext(settings=settings, blobs=blobs)
        )
    payload = out.parsed()
    assert payload.detector is None
    assert any("image quality alone" in w for w in payload.warnings)
    assert "image quality alone" in caplog.text
    assert len(payload.thumbnails) == 5 and all(t.label is None for t in payload.thumbnails)
    assert all(blobs.exists(t.blob_key) for t in payload.thumbnails)


def test_too_big_is_permanent_but_a_busy_host_is_retried(tmp_path, cup_video):
    from tiktok_commerce.workers.thumbnails.fetch import FetchFailed

    settings = loopback_settings(tmp_path, video_max_bytes=len(cup_video) // 2)
    ctx = WorkerContext(settings=settings, blobs=LocalBlobStore(settings.blob_dir, "http://localhost"))
    routes = {"/cup.mp4": body(cup_video), "/busy.mp4": body(b"try later", "text/plain", status=503)}
    with loopback_server(routes) as server:
        with pytest.raises(PermanentError, match="limit"):
            handle(_event(server.url("/cup.mp4"), ["Mug"]), ctx)
        with pytest.raises(FetchFailed, match="503"):  # not PermanentError: the queue retries it
            handle(_event(server.url("/busy.mp4"), ["Mug"]), ctx)


def test_an_audio_only_file_is_a_clear_failure(tmp_path):
    import av

    audio = tmp_path / "voice.mp4"
    with av.open(str(audio), "w") as container:
        stream = container.add_stream("aac", rate=8000)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        frame.sample_rate = 8000
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        for _ in range(10):
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    settings = loopback_settings(tmp_path)
    ctx = WorkerContext(settings=settings, blobs=LocalBlobStore(settings.blob_dir, "http://localhost"))
    with (
        loopback_server({"/voice.mp4": body(audio.read_bytes())}) as server,
        pytest.raises(PermanentError, match="no video stream"),
    ):
        handle(_event(server.url("/voice.mp4"), ["Mug"]), ctx)


@pytest.fixture(scope="module")
def two_products_video(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> bytes:
    from tiktok_commerce.synthetic_video import Segment

    images = shared / "fixtures/images"
    path = tmp_path_factory.mktemp("video") / "two.mp4"
    segments = [
        Segment(0.0, 2.0, image=images / "coffee.png", product_index=0),
        Segment(2.0, 4.0, image=images / "chelsea.png", product_index=1, scale=0.7),
        Segment(4.0, 6.0, image=images / "coffee.png", product_index=0, center=(0.45, 0.5), scale=0.5),
        Segment(6.0, 8.0, image=images / "chelsea.png", product_index=1, scale=0.6, center=(0.5, 0.55)),
    ]
    make_product_video(
        path,
        images / "coffee.png",
        seconds=8,
        size=(480, 854),
        fps=10,
        segments=segments,
        keyframe_interval_s=1.0,
    )
    return path.read_bytes()


def test_each_product_gets_its_own_thumbnails_and_listing_images(
    tmp_path, two_products_video, yolo_model, caplog
):
    settings = loopback_settings(tmp_path, yolo_model=yolo_model, listing_image_size=800)
    blobs = LocalBlobStore(settings.blob_dir, "http://localhost")
    with loopback_server({"/two.mp4": body(two_products_video)}) as server, caplog.at_level("WARNING"):
        [out] = handle(
            _event(server.url("/two.mp4"), ["Espresso cup", "Cat figurine"]),
            WorkerContext(settings=settings, blobs=blobs),
        )
    payload = out.parsed()
    cup, cat = payload.products
    assert [t.label for t in cup.thumbnails] == ["cup"] * 5
    assert [t.label for t in cat.thumbnails] == ["cat"] * 5
    assert {t.product_index for t in cup.thumbnails} == {0} and {t.product_index for t in cat.thumbnails} == {
        1
    }
    # Older consumers read the flat list: the same ten, product by product, each saying whose it is.
    assert payload.thumbnails == cup.thumbnails + cat.thumbnails
    assert len({t.blob_key for t in payload.thumbnails}) == 10
    for thumb in payload.thumbnails:
        assert Image.open(io.BytesIO(blobs.get(thumb.blob_key))).size == (400, 400)
        # The listing image: the same pick, never enlarged past the 480 px wide source.
        listing = thumb.listing
        assert listing is not None and (listing.width, listing.height) == (480, 480)
        assert Image.open(io.BytesIO(blobs.get(listing.blob_key))).size == (480, 480)
        x0, y0, x1, y1 = listing.crop
        assert x1 - x0 == 480 and x0 <= thumb.crop[0] and thumb.crop[2] <= x1  # holds the thumbnail's square
    assert "too small for 800x800 images without enlarging it: 480x480 instead" in caplog.text
    assert any("480x480 instead" in w for w in payload.warnings)


def test_an_older_consumer_reads_the_new_event_and_the_new_one_reads_old_events():
    from tiktok_commerce.events import Product, ThumbnailsGenerated

    new = ThumbnailsGenerated.model_validate(
        {
            "seller_handle": "s",
            "video_url": "https://x/v.mp4",
            "products": [
                {"title": "Mug", "thumbnails": [{"blob_key": "k0", "time_s": 1.0, "product_index": 0}]}
            ],
            "thumbnails": [
                {
                    "blob_key": "k0",
                    "time_s": 1.0,
                    "product_index": 0,
                    "listing": {"blob_key": "l0", "width": 800, "height": 800},
                }
            ],
        }
    ).model_dump(mode="json")
    # What a consumer that knows only titles and the flat list takes from it.
    assert [Product.model_validate(p).title for p in new["products"]] == ["Mug"]
    assert new["thumbnails"][0]["blob_key"] == "k0" and new["thumbnails"][0]["width"] == 400
    # An event from before products carried thumbnails.
    old = ThumbnailsGenerated.model_validate(
        {
            "seller_handle": "s",
            "video_url": "https://x/v.mp4",
            "products": [{"title": "Mug"}],
            "thumbnails": [],
        }
    )
    assert old.products[0].thumbnails == [] and old.products[0].title == "Mug"
    assert (
        ThumbnailsGenerated(seller_handle="s", video_url="u", products=[Product(title="Mug")])
        .products[0]
        .title
        == "Mug"
    )
