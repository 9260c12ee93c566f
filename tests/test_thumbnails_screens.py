"""Screens that keep the product: exposure judged where the product is, bars and text bands left out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tiktok_commerce.settings import shared_dir
from tiktok_commerce.synthetic_video import Segment, _background, _product_pixels, make_product_video
from tiktok_commerce.workers.thumbnails import pipeline, quality
from tiktok_commerce.workers.thumbnails.content import find_content
from tiktok_commerce.workers.thumbnails.frames import sample_frames


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screens")


def overlap(crop: list[int], box: tuple[int, int, int, int]) -> float:
    """Share of the product's true box inside the crop."""
    ix = max(0, min(crop[2], box[2]) - max(crop[0], box[0]))
    iy = max(0, min(crop[3], box[3]) - max(crop[1], box[1]))
    return ix * iy / ((box[2] - box[0]) * (box[3] - box[1]))


def _catalogue_segments(images: Path) -> list[Segment]:
    """A product a third of the frame wide on the backdrop, empty stretches, a cat that is not on sale
    and a stretch where the product itself is blown out."""
    return [
        Segment(0.0, 1.5, product=False),
        Segment(1.5, 4.0, cutout=True, scale=0.38, motion=(0.06, 0.02)),
        Segment(4.0, 5.5, image=images / "chelsea.png", product_index=None, cutout=True, scale=0.42),
        Segment(5.5, 8.0, cutout=True, scale=0.32, center=(0.42, 0.58), motion=(0.08, -0.04)),
        Segment(8.0, 9.5, cutout=True, scale=0.4, brightness=8.0),
        Segment(9.5, 12.0, cutout=True, scale=0.45, center=(0.55, 0.4)),
    ]


@pytest.mark.parametrize("backdrop", ["white-sweep", "light-box", "studio-table"])
def test_a_product_on_a_bright_backdrop_is_found(videos, images, detector, backdrop):
    truth = make_product_video(
        videos / f"{backdrop}.mp4", images / "coffee.png", seconds=12, size=(540, 960), fps=10,
        segments=_catalogue_segments(images), keyframe_interval_s=1.0, background=backdrop,
    )  # fmt: skip
    if backdrop != "studio-table":  # the old whole-frame screen dropped most of these frames
        sample = sample_frames(truth.path)
        whole_frame = [quality.exposure_problem(quality.grayscale(f.small)) for f in sample.frames]
        assert whole_frame.count("bright") >= len(whole_frame) // 2

    result = pipeline.generate(truth.path, ["Coffee cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        seg = truth.at(thumb.time_s)
        assert seg.good, f"thumbnail at {thumb.time_s}s: {seg.segment}"
        assert thumb.label == "cup"
        assert overlap(thumb.crop, seg.box_at(thumb.time_s)) > 0.5


def _still(background: str, product: bool, brightness: float = 1.0) -> np.ndarray:
    frame = _background(180, 320, 0, background)[:, :180].copy()
    if product:
        sprite, alpha = _product_pixels(shared_dir() / "fixtures" / "images" / "coffee.png", 64, True)
        sprite = np.clip(sprite.astype(np.float32) * brightness, 0, 255)
        h, w = sprite.shape[:2]
        under = frame[120 : 120 + h, 60 : 60 + w].astype(np.float32)
        frame[120 : 120 + h, 60 : 60 + w] = (sprite * alpha + under * (1 - alpha)).astype(np.uint8)
    return frame


def test_exposure_is_judged_where_the_product_is():
    # A product on white or on black velvet is well exposed, though most of the frame is clipped.
    for backdrop, whole in (("white-sweep", "bright"), ("light-box", "bright"), ("dark-velvet", "dark")):
        frame = _still(backdrop, product=True)
        assert quality.exposure_problem(quality.grayscale(frame)) == whole
        seen = quality.inspect(frame)
        assert seen.problem is None
        x0, y0, x1, y1 = seen.region
        assert x0 >= 55 and x1 <= 130 and y0 >= 110 and y1 <= 170  # the product, not the backdrop
    # The backdrop alone is empty; a product blown out itself is bright.
    assert quality.inspect(_still("white-sweep", product=False)).problem in ("empty", "bright")
    assert quality.inspect(_still("dark-velvet", product=False)).problem in ("empty", "dark")
    blown = _still("white-sweep", product=True, brightness=8.0)
    assert quality.inspect(blown).problem == "bright"
    white = np.array([250, 249, 246])
    assert quality.box_problem(blown[120:165, 60:124], white) == "bright"
    assert quality.box_problem(_still("white-sweep", product=True)[120:165, 60:124], white) is None


def test_letterbox_bars_and_text_bands_are_not_content(videos, images, detector):
    segments = [Segment(0.0, 3.0, scale=0.5), Segment(3.0, 6.0, scale=0.45, center=(0.4, 0.5))]
    # A landscape picture in a portrait frame, a caption strip in the lower bar.
    boxed = make_product_video(
        videos / "letterbox.mp4", images / "coffee.png", seconds=6, size=(360, 640), fps=10,
        segments=segments, keyframe_interval_s=1.0, content=(360, 202), text_band="Only $12 today!",
        band_at=0.75,
    )  # fmt: skip
    content = find_content([f.small for f in sample_frames(boxed.path).frames])
    x0, y0, x1, y1 = content.pixels(360, 640)
    picture = boxed.content
    assert abs(y0 - picture[1]) <= 3 and abs(y1 - picture[3]) <= 3 and (x0, x1) == (0, 360)
    result = pipeline.generate(boxed.path, ["Espresso cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert thumb.label == "cup"
        assert picture[1] - 3 <= thumb.crop[1] and thumb.crop[3] <= picture[3] + 3  # no bar in a thumbnail

    # A caption strip burnt in over the bottom of a full-frame picture: the picture ends above it.
    banded = make_product_video(
        videos / "band.mp4", images / "coffee.png", seconds=6, size=(360, 640), fps=10, segments=segments,
        keyframe_interval_s=1.0, text_band="Free shipping", band_at=0.84,
    )  # fmt: skip
    content = find_content([f.small for f in sample_frames(banded.path).frames])
    band_top = banded.text_band[1]
    assert abs(content.pixels(360, 640)[3] - band_top) <= 3
    for thumb in pipeline.generate(banded.path, ["Espresso cup"], detector=detector).thumbnails:
        assert thumb.crop[3] <= band_top + 3

    # In the middle of the picture, a band is left out of the screens but the picture stays whole.
    middle = make_product_video(
        videos / "band-middle.mp4", images / "coffee.png", seconds=6, size=(360, 640), fps=10,
        segments=segments, keyframe_interval_s=1.0, text_band="SALE 50% OFF", band_at=0.7,
    )  # fmt: skip
    content = find_content([f.small for f in sample_frames(middle.path).frames])
    assert content.box == (0.0, 0.0, 1.0, 1.0) and len(content.bands) == 1
    top, bottom = content.bands[0]
    assert abs(top * 640 - middle.text_band[1]) <= 3 and abs(bottom * 640 - middle.text_band[3]) <= 3


def test_a_plain_or_dark_backdrop_is_no_letterbox(videos, images):
    for backdrop in ("white-sweep", "light-box", "dark-velvet"):
        truth = make_product_video(
            videos / f"plain-{backdrop}.mp4", images / "coffee.png", seconds=4, size=(180, 320), fps=10,
            segments=[Segment(0.0, 4.0, cutout=True, scale=0.4, motion=(0.2, 0.2))], keyframe_interval_s=0.5,
            background=backdrop,
        )  # fmt: skip
        content = find_content([f.small for f in sample_frames(truth.path).frames])
        assert content.box == (0.0, 0.0, 1.0, 1.0) and not content.bands, backdrop
