"""The product decides the picks; five picks of a product differ; sizes are never enlarged."""

from __future__ import annotations

import io
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image

from tiktok_commerce.synthetic_video import Segment, make_product_video
from tiktok_commerce.workers.thumbnails import pipeline, quality
from tiktok_commerce.workers.thumbnails.frames import sample_frames


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("picks")


def test_the_named_product_beats_a_person_and_a_cat_in_other_frames(videos, images, detector):
    # The video: a cat, a cup on a white background and a person; the caption sells the cup.
    segments = [
        Segment(0.0, 3.0, image=images / "astronaut.png", product_index=None, scale=0.8),
        Segment(3.0, 6.0, cutout=True, scale=0.35, motion=(0.05, 0.03)),
        Segment(6.0, 9.0, image=images / "chelsea.png", product_index=None, scale=0.7),
        Segment(9.0, 12.0, cutout=True, scale=0.4, center=(0.45, 0.35), distractor=images / "astronaut.png"),
    ]
    truth = make_product_video(
        videos / "cat-cup-person.mp4", images / "coffee.png", seconds=12, size=(540, 960), fps=10,
        segments=segments, keyframe_interval_s=1.0, background="white-sweep",
    )  # fmt: skip
    result = pipeline.generate(truth.path, ["Coffee cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert truth.at(thumb.time_s).good, f"{thumb.time_s}s shows {thumb.label}"
        assert thumb.label == "cup"
    # Without the hint the person, the biggest thing in the video, is a fair pick: the hint decides.
    unnamed = pipeline.generate(truth.path, [], detector=detector)
    assert any(thumb.label != "cup" for thumb in unnamed.thumbnails)


def test_five_picks_of_a_product_differ_in_time_and_look(videos, images, detector):
    # Five stretches show the cup, each a different shot; keyframes every second, so each stretch
    # offers several near-identical frames the picks must not all come from.
    segments = [
        Segment(0.0, 2.0, product=False),
        Segment(2.0, 6.0, scale=0.6, center=(0.5, 0.35)),
        Segment(6.0, 8.0, product=False),
        Segment(8.0, 12.0, scale=0.45, center=(0.35, 0.6)),
        Segment(12.0, 16.0, scale=0.7, center=(0.55, 0.5)),
        Segment(16.0, 18.0, product=False),
        Segment(18.0, 22.0, scale=0.5, center=(0.6, 0.3)),
        Segment(22.0, 26.0, scale=0.55, center=(0.4, 0.7)),
    ]
    truth = make_product_video(
        videos / "five.mp4", images / "coffee.png", seconds=26, size=(360, 640), fps=5, segments=segments,
        keyframe_interval_s=1.0,
    )  # fmt: skip
    result = pipeline.generate(truth.path, ["Espresso cup"], detector=detector)
    assert len(result.thumbnails) == 5
    stretches = {truth.segments.index(truth.at(t.time_s)) for t in result.thumbnails}
    assert len(stretches) == 5  # one from each stretch that shows the cup
    frames = {round(f.time_s, 3): f for f in sample_frames(truth.path).frames}
    signatures = [quality.signature(quality.grayscale(frames[t.time_s].small)) for t in result.thumbnails]
    for a, b in combinations(range(5), 2):
        assert abs(result.thumbnails[a].time_s - result.thumbnails[b].time_s) >= 2.0
        assert quality.difference(signatures[a], signatures[b]) >= 0.25


def test_thumbnails_and_listing_images_are_never_enlarged(videos, images, detector):
    big = make_product_video(
        videos / "big.mp4", images / "coffee.png", seconds=2, size=(1080, 1920), fps=5,
        keyframe_interval_s=0.4, segments=[Segment(0.0, 2.0, cutout=True, scale=0.4, motion=(0.1, 0.05))],
        background="white-sweep",
    )  # fmt: skip
    result = pipeline.generate(big.path, ["Mug"], detector=detector, size=400, listing_size=800)
    assert not any("too small" in w for w in result.warnings)
    for thumb in result.thumbnails:
        assert Image.open(io.BytesIO(thumb.jpeg)).size == (400, 400)
        assert Image.open(io.BytesIO(thumb.listing_jpeg)).size == (800, 800)
        x0, y0, x1, y1 = thumb.listing_crop
        assert x1 - x0 >= 800  # at least as many source pixels as the image has
        tx0, ty0, tx1, ty1 = thumb.crop
        assert x0 <= tx0 and tx1 <= x1 and y0 <= ty0 and ty1 <= y1  # the same pick, with more room
    small = make_product_video(videos / "small.mp4", images / "coffee.png", seconds=4, size=(360, 640), fps=5)
    result = pipeline.generate(small.path, ["Mug"], detector=detector, size=400, listing_size=800)
    assert {Image.open(io.BytesIO(t.jpeg)).size for t in result.thumbnails} == {(360, 360)}
    assert {Image.open(io.BytesIO(t.listing_jpeg)).size for t in result.thumbnails} == {(360, 360)}
    for asked in (400, 800):
        assert f"too small for {asked}x{asked} images without enlarging it: 360x360 instead" in str(
            result.warnings
        )
