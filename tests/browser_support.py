"""A shop to look at in a real browser: products of four markets with real pictures, served by the
API on 127.0.0.1 (uvicorn in a thread)."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from tiktok_commerce import events
from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models

# (title, price, original price, currency, caption language, picture, category, tags)
CATALOGUE = [
    ("Handmade ceramic coffee cup", 18.99, 24.99, "USD", "en", "coffee.png", "Home & Kitchen", ["mug"]),
    ("Caneca de porcelana com tampa", 49.9, None, "BRL", "pt", "coffee.png", "Home & Kitchen", ["caneca"]),
    ("Kaffeebecher aus Steingut", 19.99, 29.99, "EUR", "de", "coffee.png", "Home & Kitchen", ["becher"]),
    ("猫のぬいぐるみ", 1980.0, None, "JPY", "ja", "chelsea.png", "Toys & Games", ["cat", "plush"]),
    ("Astronaut poster, A2 matte", 12.5, None, "USD", "en", "astronaut.png", "Home Decor", ["poster"]),
    ("Cat portrait print with a very long title that wraps onto a second line", 9.0, 12.0, "USD", "en",
     "chelsea.png", "Home Decor", ["print"]),
]  # fmt: skip


def thumbnails(picture: Path, count: int = 5) -> list[bytes]:
    """`count` 400x400 JPEG crops of the picture, as the thumbnail generator would cut them."""
    from PIL import Image

    image = Image.open(picture).convert("RGB")
    side = min(image.size)
    out = []
    for i in range(count):
        shrink = side * (1 - 0.08 * i)
        left = (image.width - shrink) / 2
        top = (image.height - shrink) / 2
        crop = image.crop((int(left), int(top), int(left + shrink), int(top + shrink))).resize((400, 400))
        buffer = io.BytesIO()
        crop.save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def fill_shop(svc: Services, seller: str, images: Path) -> None:
    """One finished video per catalogue entry, through the results consumer; pictures in the blob store."""
    for n, (title, price, was, currency, language, picture, category, tags) in enumerate(CATALOGUE):
        url = f"https://www.tiktok.com/@{seller}/video/{7310000000000000000 + n}"
        with svc.sessions() as session, session.begin():
            if session.get(models.Shop, seller) is None:
                session.add(models.Shop(seller_handle=seller))
            video = models.Video(seller_handle=seller, video_url=url, stages={}, status="parsing")
            session.add(video)
            session.flush()
            video_id = video.id
        product = events.Product(title=title, price=price, original_price=was, currency=currency)
        parsed = events.Envelope.new(
            video_id,
            events.CaptionParsed(seller_handle=seller, video_url=url, products=[product], language=language),
        )
        keys = []
        for i, jpeg in enumerate(thumbnails(images / picture)):
            key = f"thumbnails/{video_id}/{i}.jpg"
            svc.blobs.put(key, jpeg, "image/jpeg")
            keys.append(
                events.Thumbnail(blob_key=key, product_index=0, time_s=i * 0.8, width=400, height=400)
            )
        generated = parsed.child(
            events.ThumbnailsGenerated(
                seller_handle=seller, video_url=url, products=[product], thumbnails=keys
            )
        )
        tagged = generated.child(
            events.ProductsTagged(
                seller_handle=seller,
                products=[
                    events.TaggedProduct(
                        index=0,
                        category=category,
                        tags=[events.Tag(tag=t, confidence=0.9, source="title") for t in tags],
                    )
                ],
            )
        )
        for event in (parsed, generated, tagged):
            svc.results.applier.apply(event)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(svc: Services) -> Iterator[str]:
    """The app on 127.0.0.1 at a free port until the block ends; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    svc.blobs.public_base_url = base  # thumbnails from this server
    config = uvicorn.Config(
        create_app(svc.settings, services=svc), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(30)
