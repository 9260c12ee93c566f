"""What the fourth never-tuned set taught (issue 13, sixth round): a cup on a cutting board that
lies on slate stands out from the board, not only the board from the slate; a seam alone on a
fabric does not set what a sharp frame scores; a title no label fits takes the label of what the
video shows most; a product seen too little is looked for again, zoomed, where a streak joined to
it made its region too wide for a square view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter
from scene_support import SMALL, SOURCE, scene

from tiktok_commerce.workers.thumbnails import pipeline, quality
from tiktok_commerce.workers.thumbnails.content import Content
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.select import Candidate, choose, most_shown


def _scene(backdrop: str, product, at: tuple[int, int], width: int, cutout: bool = False) -> np.ndarray:
    return scene(backdrop, product, at, width, cutout)


def _near(got, want, slack: int = 8) -> bool:
    return got is not None and all(abs(a - b) <= slack for a, b in zip(got, want, strict=True))


def test_a_cup_on_a_board_on_slate_stands_out_from_the_board(images):
    # The board stands out from the slate: the region was the board, most of the picture, so the
    # detector saw the whole picture and the cup (a fifth of its width) was too small in it. The
    # board is the backdrop then: what stands out from it is the cup, not its darker glued strips.
    h = round(40 * 400 / 600)
    cup = _scene("board", images / "coffee.png", (70, 140), 40)
    assert _near(quality.object_region(cup), (70, 140, 110, 140 + h)), quality.object_region(cup)
    # Nothing on the board: the board itself stands out (it may be what is sold), never "empty".
    bare = quality.object_region(_scene("board", None, (0, 0), 0))
    assert bare is not None and bare[2] - bare[0] >= 0.6 * SMALL[0], bare
    # A large busy thing (a photo most of the picture wide) is no surface: its region stays whole.
    cat = quality.object_region(_scene("white-sweep", images / "chelsea.png", (10, 60), 160))
    assert cat is not None and cat[2] - cat[0] >= 150, cat


@dataclass
class _Frame:
    small: np.ndarray
    time_s: float
    size: tuple[int, int] = SOURCE


def _denim(cup: np.ndarray | None, at: tuple[int, int]) -> np.ndarray:
    """A small copy of denim: blue twill (fine diagonal ribs, little spread) with an orange seam
    low at the right edge, and a cup pasted at `at`."""
    ys, xs = np.mgrid[0 : SMALL[1], 0 : SMALL[0]]
    twill = np.sin((xs + ys) * 2.1)[..., None]
    cloth = np.array([46, 72, 118], np.float32) * (0.9 + 0.08 * twill)
    seam = (np.abs(xs - 127) <= 3) & (ys >= 230)  # a sliver: orange stitches over a dark fold
    cloth[seam & (ys % 2 == 0)] = (214, 138, 52)
    cloth[seam & (ys % 2 == 1)] = (20, 30, 50)
    if cup is not None:
        h, w = cup.shape[:2]
        cloth[at[1] : at[1] + h, at[0] : at[0] + w] = cup
    return np.clip(cloth, 0, 255).astype(np.uint8)


def test_a_seam_alone_does_not_set_what_a_sharp_frame_scores(images):
    # Denim with a seam at one edge: in a frame with nothing else the seam alone stands out, and its
    # sharpness (the twill's fine ribs against the sliver's small spread) is several times a sharp
    # cup's: the cups then looked blurred, and only the bare frames and three cups were kept.
    photo = Image.open(images / "coffee.png").convert("RGB")
    cup = np.asarray(photo.resize((70, round(70 * photo.height / photo.width)), Image.Resampling.BOX))
    blurred = np.asarray(Image.fromarray(_denim(cup, (50, 110))).filter(ImageFilter.GaussianBlur(3)))
    frames = [_Frame(_denim(None, (0, 0)), 0.0), _Frame(_denim(None, (0, 0)), 2.0)]
    frames += [_Frame(_denim(cup, (20 + 4 * k, 100 + 6 * k)), 4.0 + 2 * k) for k in range(6)]
    frames.append(_Frame(blurred, 20.0))
    regions = [quality.object_region(f.small) for f in frames]
    assert regions[0] is not None and pipeline._sliver(regions[0]), regions[0]  # the seam alone
    assert not any(pipeline._sliver(r) for r in regions[2:]), regions
    kept, _ = pipeline._screen(frames, Content((0.0, 0.0, 1.0, 1.0), ()), 5, [])  # type: ignore[arg-type]
    times = [c.time_s for c in kept]
    assert all(4.0 + 2 * k in times for k in range(6)), times  # every sharp cup
    assert 20.0 not in times  # the blurred one still goes


def _seen(time_s: float, shot: int, *found: tuple[str, float, float]) -> Candidate:
    """A frame the detector saw: (label, confidence, width share of a square box) each."""
    side = SOURCE[0]
    detections = [
        Detection(label, 0, confidence, (100.0, 500.0, 100 + share * side, 500 + share * side))
        for label, confidence, share in found
    ]
    cand = Candidate(int(time_s * 1000), time_s, 1.0, np.full((16, 16), float(shot)), detections,
                     float(SOURCE[0] * SOURCE[1]), quality=1.0)  # fmt: skip
    cand.shot = shot
    return cand


def test_a_title_no_label_fits_prefers_what_the_video_shows_most():
    # "Custom Pet Portrait": no label. The cat is in five shots, the seller's mug (bigger, surer)
    # in two: the prominent-object rule alone took the mug's frames first.
    frames = [_seen(2.0 + 5 * k, k, ("cat", 0.6, 0.3)) for k in range(5)]
    frames += [_seen(4.0 + 10 * k, 10 + k, ("cup", 0.95, 0.6), ("person", 0.9, 0.8)) for k in range(2)]
    assert most_shown(frames) == {"cat"}
    wants: list[set[str]] = [set()]
    pipeline._infer_labels(frames, wants, [0])
    picks = choose(frames, wants, 5, 30.0)
    assert all(p.detection is not None and p.detection.label == "cat" for p in picks), picks
    # Nothing shown more than the rest (a tie), or in one shot only: no label, the old rule.
    assert most_shown(frames[:2] + frames[5:]) == set()
    assert most_shown(frames[:1]) == set()
    # Another product's label is never taken, nor a person or the table (they show every product).
    assert most_shown(frames, others={"cat"}) == {"cup"}
    people = [_seen(1.0 + k, 20 + k, ("person", 0.9, 0.5), ("dining table", 0.8, 0.7)) for k in range(4)]
    assert most_shown(people) == set()


def test_a_streak_joined_to_the_object_leaves_its_core_to_zoom_on():
    # A night light on glossy black with a window's streak reflected from it to the picture's edge:
    # the region runs to the edge, too wide for a square view, so the detector saw the whole
    # picture and the figure was too small in it. Its core, the square of the region's shorter
    # side holding most of it, is the figure.
    ys, xs = np.mgrid[0 : SMALL[1], 0 : SMALL[0]]
    small = np.full((SMALL[1], SMALL[0], 3), 22, np.uint8)
    disc = (xs - 60) ** 2 + (ys - 140) ** 2 < 30**2
    small[disc] = (220, 110, 40)
    streak = (np.abs((xs - 60) - (ys - 140) * 2.0) < 6) & (xs > 80)
    small[streak] = (150, 150, 156)
    seen = quality.inspect(small)
    assert seen.region is not None and seen.region[2] >= SMALL[0] - 2, seen.region  # to the edge
    core = seen.core
    assert core is not None and core[2] - core[0] == core[3] - core[1] < seen.region[2] - seen.region[0]
    assert core[0] <= 32 and core[1] <= 112 and core[2] >= 88 and core[3] >= 168, core  # all the disc


def test_frames_seen_whole_are_zoomed_on_for_a_product_seen_too_little():
    whole = (0, 0, *SOURCE)
    content = Content((0.0, 0.0, 1.0, 1.0), ())

    def frame(time_s: float, shot: int, *found: tuple[str, float, float]) -> Candidate:
        cand = _seen(time_s, shot, *found)
        cand.frame, cand.views = _Frame(np.zeros((SMALL[1], SMALL[0], 3), np.uint8), time_s), [whole]
        cand.region, cand.core = (250, 500, 1080, 1130), (250, 500, 880, 1130)
        return cand

    empty = [frame(8.0 + k, 10 + k) for k in range(5)]  # five shots, nothing found in them
    distractor = frame(1.0, 1, ("cat", 0.9, 0.4))  # something else found: after those
    found = frame(3.0, 3, ("person", 0.8, 0.4))  # the product's label already found: not again
    square = frame(5.0, 5)
    square.views = [(200, 400, 700, 900)]  # shown as a square already
    same_shot = frame(8.5, 10)
    chosen = pipeline._zoomable([distractor, found, square, same_shot, *empty], [{"person"}], content)
    assert [c.shot for c in chosen] == [10, 11, 12, 13]  # one a shot, one input's worth, empty ones first
    assert pipeline._zoomable([distractor, found], [], content) == []  # every product found somewhere
    view = pipeline._core_view(empty[0], content)
    assert view == (250, 500, 880, 1130)  # the core itself, no margin: what joined it stays out
