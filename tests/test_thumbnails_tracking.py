"""What the never-tuned videos taught: a textured plain backdrop does not swell the object's region,
a detection carried to another frame of its shot follows the object or is dropped when it left, and
two products short of frames each get their own second look."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tiktok_commerce.synthetic_video import _background, _product_pixels
from tiktok_commerce.workers.thumbnails import pipeline, quality
from tiktok_commerce.workers.thumbnails.detector import Detection
from tiktok_commerce.workers.thumbnails.select import Candidate

SMALL = (180, 320)  # the small copy's width, height
SOURCE = (1080, 1920)  # the frame's, in source pixels
SCALE = SOURCE[0] / SMALL[0]


def _scene(
    backdrop: str, product: Path | None, at: tuple[int, int] = (60, 120), width: int = 64
) -> np.ndarray:
    """A small copy of a frame, as the pipeline makes it (a bigger picture shrunk): the backdrop,
    and the product cut out of its photo at `at` (small copy pixels)."""
    k = 3
    frame = _background(SMALL[0] * k, SMALL[1] * k, 0, backdrop)[:, : SMALL[0] * k].copy()
    if product is not None:
        sprite, alpha = _product_pixels(product, width * k, cutout=True)
        assert alpha is not None
        h, w = sprite.shape[:2]
        x, y = at[0] * k, at[1] * k
        under = frame[y : y + h, x : x + w].astype(np.float32)
        frame[y : y + h, x : x + w] = (sprite * alpha + under * (1 - alpha)).astype(np.uint8)
    return np.asarray(Image.fromarray(frame).reduce(k))


@pytest.mark.parametrize("backdrop", ["kraft", "concrete", "marble", "white-sweep"])
def test_a_textured_plain_backdrop_does_not_swell_the_object_region(images, backdrop):
    # Paper fibres stray past the backdrop's threshold here and there; the object is a solid patch.
    frame = _scene(backdrop, images / "coffee.png")
    region = quality.object_region(frame)
    truth = (60, 120, 124, 120 + round(64 * 400 / 600))  # the photo at 64 px wide
    assert region is not None
    assert all(abs(a - b) <= 8 for a, b in zip(region, truth, strict=True)), region
    assert quality.object_region(_scene(backdrop, None)) is None


@dataclass
class _Frame:
    """What a carried detection needs of a sampled frame."""

    small: np.ndarray
    time_s: float
    size: tuple[int, int] = SOURCE


def _candidate(small: np.ndarray, time_s: float, detections: list[Detection] | None = None) -> Candidate:
    cand = Candidate(
        index=int(time_s * 1000),
        time_s=time_s,
        sharpness=1.0,
        signature=np.zeros((16, 16)),
        detections=detections or [],
        frame_area=float(SOURCE[0] * SOURCE[1]),
        frame=_Frame(small, time_s),
    )
    cand.region = (0, 0, *SOURCE)  # a busy backdrop: the whole picture, nothing to follow
    return cand


def test_a_carried_box_follows_the_object_and_is_dropped_when_it_left(images):
    # One shot on a busy backdrop: the cup in the detected frame, moved in the next, gone in a third.
    photo = images / "coffee.png"
    h = round(64 * 400 / 600)
    box = (60 * SCALE, 120 * SCALE, 124 * SCALE, (120 + h) * SCALE)
    seen = _candidate(_scene("room", photo), 2.0, [Detection("cup", 41, 0.8, box)])
    moved = _candidate(_scene("room", photo, at=(80, 132)), 3.0)
    gone = _candidate(_scene("room", None), 4.0)
    pipeline._carry_over([seen, moved, gone], [seen])

    assert gone.detections == []
    # A frame where what the detector saw in its shot is gone has not been seen: the next pass
    # shows it to the detector (a product coming into a busy shot leaves its look alike).
    assert gone.lost and not moved.lost
    assert pipeline._unseen([seen, moved, gone], [seen]) == [gone]
    (carried,) = moved.detections
    assert carried.inferred and carried.label == "cup"
    assert carried.box[0] == pytest.approx(80 * SCALE, abs=3 * SCALE)
    assert carried.box[1] == pytest.approx(132 * SCALE, abs=3 * SCALE)


def test_each_product_short_of_frames_gets_its_own_second_look(images):
    # A cat at 4, 6 and 21 s, a cup at 12, 14 and 27 s: the frames to decode are in each product's
    # own gaps and just after its own last frame, not halfway between a cat and a cup.
    blank = np.zeros((SMALL[1], SMALL[0], 3), dtype=np.uint8)
    cat = Detection("cat", 15, 0.9, (100.0, 100.0, 500.0, 400.0))
    cup = Detection("cup", 41, 0.9, (100.0, 100.0, 500.0, 400.0))
    candidates = [_candidate(blank, t, [cat]) for t in (4.0, 6.0, 21.0)]
    candidates += [_candidate(blank, t, [cup]) for t in (12.0, 14.0, 27.0)]
    times = pipeline._second_look_times(candidates, [{"cat"}, {"cup"}], {0: 2, 1: 2})

    assert 5.0 in times and 13.0 in times  # inside each product's own stretch
    assert any(21.0 < t < 22.0 for t in times) and any(27.0 < t < 28.0 for t in times)
    assert pipeline._second_look_times(candidates, [{"cat"}, {"cup"}], {0: 2, 1: 0}) == sorted(
        pipeline._moments_between(candidates[:3], 2)
    )


def test_a_blown_out_window_behind_the_product_on_a_busy_backdrop_is_no_bright_frame(images):
    # A room with a window blown out over two thirds of the picture, the cup before it: the whole
    # frame is "bright" by the old rule, yet the cup is well exposed.
    frame = _scene("room", None).copy()
    frame[8:300, 8:172] = 255
    x, y = 40, 150
    sprite, _ = _product_pixels(images / "coffee.png", 100)
    frame[y : y + sprite.shape[0], x : x + sprite.shape[1]] = sprite
    seen = quality.inspect(frame)
    assert seen.region == (0, 0, SMALL[0], SMALL[1])  # busy: no backdrop to tell the cup from
    assert quality.exposure_problem(quality.grayscale(frame)) == "bright"
    assert seen.problem is None

    # Blown out, or nearly black, all over: still a bad frame.
    blown = np.clip(frame.astype(np.float32) * 4, 0, 255).astype(np.uint8)
    assert quality.inspect(blown).problem == "bright"
    night = (_scene("room", images / "coffee.png").astype(np.float32) * 0.08).astype(np.uint8)
    assert quality.inspect(night).problem == "dark"
