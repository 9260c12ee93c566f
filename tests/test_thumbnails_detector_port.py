"""The pipeline works with any detector the port describes: a fake one here, no model file needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_detector import FixedDetector

from tiktok_commerce.synthetic_video import make_product_video
from tiktok_commerce.workers.thumbnails import pipeline


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory, images: Path) -> Path:
    path = tmp_path_factory.mktemp("port") / "cup.mp4"
    return make_product_video(path, images / "coffee.png", seconds=4, size=(360, 640), fps=10).path


def test_what_the_detector_reports_is_what_the_thumbnails_show(video: Path) -> None:
    fake = FixedDetector("cup", (0.25, 0.25, 0.75, 0.75), confidence=0.8)
    result = pipeline.generate(video, ["Espresso cup"], detector=fake)

    assert result.detector == "fixed-cup"
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert thumb.label == "cup" and thumb.product_index == 0
        # its own detection (0.8), or one carried from a frame of the same shot (0.8 x 0.9)
        assert thumb.confidence in (0.8, 0.72)
        assert thumb.box is not None
        x0, y0, x1, y1 = thumb.box
        assert 0 <= x0 < x1 <= 360 and 0 <= y0 < y1 <= 640
        cx0, cy0, cx1, cy1 = thumb.crop
        assert cx0 <= (x0 + x1) / 2 <= cx1 and cy0 <= (y0 + y1) / 2 <= cy1  # cut around the product
    assert fake.seen, "the pipeline never called detect()"
    for shape in fake.seen:  # RGB images no larger than the detector's frame_size
        assert len(shape) == 3 and shape[2] == 3 and max(shape[:2]) <= fake.frame_size


def test_a_detector_that_finds_nothing_leaves_image_quality_to_choose(video: Path) -> None:
    fake = FixedDetector(None)
    result = pipeline.generate(video, ["Espresso cup"], detector=fake)

    assert result.detector == "fixed-nothing"
    assert len(result.thumbnails) == 5
    assert fake.seen
    for thumb in result.thumbnails:
        assert thumb.label is None and thumb.box is None and thumb.confidence is None
