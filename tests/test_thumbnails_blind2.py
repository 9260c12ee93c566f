"""What the third never-tuned set taught (issue 13, fourth round): a lamp's soft shadow on a sweep
is backdrop, not part of the product; a textured backdrop (floorboards, a print, a counter) still
shows where the product is; the detector's inputs show the most shots they can hold; a second
look's frame joins its shot when the product is found in it again."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from scene_support import SMALL, SOURCE, scene

from tiktok_commerce.workers.thumbnails import pipeline, quality
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.select import Candidate

SCALE = SOURCE[0] / SMALL[0]


def _scene(backdrop: str, product, at: tuple[int, int], width: int, cutout: bool = True) -> np.ndarray:
    return scene(backdrop, product, at, width, cutout)


def test_a_soft_shadow_on_a_sweep_is_backdrop(images):
    # The pastel sweep has a lamp's shadow low in the middle (a third darker, same hue). It stood
    # out from the surface fitted to the border and joined the cup's region: a region twice the
    # cup's width, too wide for a square view, so the detector saw the whole picture.
    assert quality.object_region(_scene("pastel", None, (0, 0), 0)) is None
    region = quality.object_region(_scene("pastel", images / "coffee.png", (60, 60), 54))
    assert region is not None
    x0, y0, x1, y1 = region
    assert x0 >= 52 and x1 <= 122 and y1 <= 60 + 54 * 400 // 600 + 8, region
    # A dark product is no shadow: a black cup on the sweep still stands out whole.
    dark = _scene("pastel", None, (0, 0), 0).copy()
    dark[200:240, 70:110] = dark[200:240, 70:110] // 5
    got = quality.object_region(dark)
    assert got is not None and all(abs(a - b) <= 2 for a, b in zip(got, (70, 200, 110, 240), strict=True)), (
        got
    )


def _near(got, want, slack: int = 8) -> bool:
    return got is not None and all(abs(a - b) <= slack for a, b in zip(got, want, strict=True))


def test_a_textured_backdrop_still_shows_where_the_product_is(images):
    # Floorboards stray from any smooth surface and have too many colours for a pattern: the old
    # rule gave the whole picture, and a cup a quarter of it wide was too small for the detector.
    # Block by block the boards repeat themselves; the cup is like no block of the border.
    h = round(48 * 400 / 600)
    cup = _scene("floor", images / "coffee.png", (60, 120), 48, cutout=False)
    assert _near(quality.object_region(cup), (60, 120, 108, 120 + h)), quality.object_region(cup)
    # Nothing standing out from a texture says nothing (a product of its colours): the whole
    # picture, never "empty".
    assert quality.object_region(_scene("floor", None, (0, 0), 0)) == (0, 0, *SMALL)
    # A room or a bookshelf is no texture (a wall above, a floor below, furniture at one side:
    # a side's blocks find no like ones on the others): the whole picture, as before.
    for busy in ("room", "bookshelf"):
        placed = _scene(busy, images / "coffee.png", (60, 120), 48, cutout=False)
        assert quality.object_region(placed) == (0, 0, *SMALL), busy
    # A product at one edge is part of that side's border only: unlike the other three sides.
    edge = _scene("counter", images / "chelsea.png", (0, 120), 48)
    got = quality.object_region(edge)
    assert got is not None and got[0] == 0 and 40 <= got[2] <= 56 and 110 <= got[1] <= 130, got


def _view_candidate(time_s: float, views: list[tuple[int, int, int, int]], shot: int) -> Candidate:
    cand = Candidate(
        index=int(time_s * 1000),
        time_s=time_s,
        sharpness=1.0,
        signature=np.zeros((16, 16)),
        detections=[],
        frame_area=float(SOURCE[0] * SOURCE[1]),
        quality=1.0,
    )
    cand.views, cand.shot = views, shot
    return cand


def test_the_detector_s_inputs_show_the_most_shots_they_can():
    # Five shots, one a whole picture (a whole input when the picture is one to an input), four
    # squares (four to an input): spread evenly in one input, the whole picture came first and
    # left no room; the four squares fill it.
    whole = [(0, 0, *SOURCE)]
    square = [(100, 100, 500, 500)]
    shots = [_view_candidate(0.0, whole, 0)] + [
        _view_candidate(t, square, k) for k, t in enumerate((5, 10, 15, 20), 1)
    ]
    chosen = pipeline._for_detection(shots, 1, 1)
    assert [c.time_s for c in chosen] == [5, 10, 15, 20]


@dataclass
class _Frame:
    small: np.ndarray
    time_s: float
    size: tuple[int, int] = SOURCE


def _frame_candidate(
    small: np.ndarray, time_s: float, detections: list[Detection] | None = None
) -> Candidate:
    cand = _view_candidate(time_s, [], 0)
    cand.frame, cand.detections = _Frame(small, time_s), detections or []
    return cand


def test_a_second_look_frame_joins_its_shot_when_the_product_is_there_again(images):
    # On a print the object's region takes in some of the pattern, differently in every frame, so
    # the region's colours change (42 levels apart) while the product's do not.
    photo = images / "astronaut.png"
    h = round(40 * 400 / 600)
    box = (60 * SCALE, 120 * SCALE, 100 * SCALE, (120 + h) * SCALE)
    seen = _frame_candidate(_scene("print", photo, (60, 120), 40), 26.0, [Detection("person", 0, 0.9, box)])
    moved = _frame_candidate(_scene("print", photo, (64, 124), 40), 26.5)
    gone = _frame_candidate(_scene("print", None, (0, 0), 0), 26.5)
    alike = SimpleNamespace(signature=seen.signature)
    assert pipeline._still_there(seen, moved, alike)  # type: ignore[arg-type]
    assert not pipeline._still_there(seen, gone, alike)  # type: ignore[arg-type]
