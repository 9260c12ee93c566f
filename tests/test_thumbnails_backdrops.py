"""What the second never-tuned set taught (issue 13, third round): a patterned backdrop still shows
where the product is, a region spanning the picture locates nothing (a blown-out window behind a
large product is no "bright" frame), a product seen in fewer shots than its picks gets the shots
not seen yet detected, and a second look decodes only what it can reach, nearest the product first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fake_detector import COCO_SOME
from scene_support import SMALL, scene

from tiktok_commerce.synthetic_video import Segment, make_product_video
from tiktok_commerce.workers.thumbnails import frames, pipeline, quality
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.select import MOMENT_S, Candidate


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("backdrops")


@pytest.mark.parametrize("cutout", [False, True])
def test_a_patterned_backdrop_still_shows_where_the_product_is(images, cutout):
    # Bold stripes defeat the smooth surface (the old rule: the whole picture, a cup a third of it
    # wide too small for the detector to see); the cup's colours are none of the stripes'.
    frame = scene("stripes", images / "coffee.png", (60, 120), 64, cutout)
    region = quality.object_region(frame)
    truth = (60, 120, 124, 120 + round(64 * 400 / 600))
    assert region is not None
    assert all(abs(a - b) <= 8 for a, b in zip(region, truth, strict=True)), region
    assert quality.object_region(scene("stripes", None, (0, 0), 0, cutout)) is None
    # A backdrop of many colours is still busy: the whole picture.
    books = scene("bookshelf", images / "coffee.png", (60, 120), 64, cutout)
    assert quality.object_region(books) == (0, 0, SMALL[0], SMALL[1])


def test_a_large_product_before_a_blown_out_window_is_no_bright_frame(images):
    # The window's white fills most of the picture and its frame stands out from any smooth
    # surface, so what stands out spans the picture: it says nothing about where the cat is.
    frame = scene("window", images / "chelsea.png", (8, 100), 164, cutout=True)
    assert quality.exposure_problem(quality.grayscale(frame)) == "bright"  # the whole-frame rule
    seen = quality.inspect(frame)
    assert seen.problem is None
    # The window alone, and the cat blown out itself, stay bright.
    assert quality.inspect(scene("window", None, (0, 0), 0, cutout=True)).problem == "bright"
    blown = frame.astype(np.float32)
    blown = np.clip(blown * 4, 0, 255).astype(np.uint8)
    assert quality.inspect(blown).problem == "bright"


class _FirstFramesOnly:
    """A detector port that sees the cup in the first `shown` images it is given, nothing after."""

    def __init__(self, shown: int) -> None:
        self.shown = shown
        self.calls = 0
        self.images = 0
        self.names = COCO_SOME
        self.frame_size = 320

    @property
    def name(self) -> str:
        return "first-frames"

    def frames_per_input(self, width: int, height: int) -> int:
        return 1

    def detect(self, images: list[np.ndarray]) -> list[list[Detection]]:
        self.calls += 1
        found: list[list[Detection]] = []
        for image in images:
            self.images += 1
            h, w = image.shape[:2]
            box = (0.25 * w, 0.25 * h, 0.75 * w, 0.75 * h)
            found.append([Detection("cup", 7, 0.8, box)] if self.images <= self.shown else [])
        return found


def test_a_product_seen_in_fewer_shots_than_its_picks_gets_the_other_shots_detected(videos, images):
    # Twelve one-second shots, each a different look; the detector finds the cup in three of the
    # first ones it sees: three shots for five picks, so the shots not seen yet get an input more.
    segments = [
        Segment(float(k), float(k + 1), scale=0.3 + 0.04 * (k % 4),
                center=(0.3 + 0.4 * (k % 2), 0.3 + 0.05 * k),
                image=images / ("coffee.png" if k % 3 else "chelsea.png"), product_index=0)
        for k in range(12)
    ]  # fmt: skip
    truth = make_product_video(
        videos / "shots.mp4", images / "coffee.png", seconds=12, size=(180, 320), fps=10,
        segments=segments, keyframe_interval_s=1.0,
    )  # fmt: skip
    detector = _FirstFramesOnly(shown=3)
    result = pipeline.generate(truth.path, ["Coffee cup"], detector=detector)
    assert result.stats.get("second_pass", 0) > 0
    assert detector.calls == 2


def _showing(times: list[float]) -> list[Candidate]:
    cup = Detection("cup", 41, 0.9, (0.0, 0.0, 10.0, 10.0))
    return [
        Candidate(
            index=k, time_s=t, sharpness=1.0, signature=np.zeros((16, 16)), detections=[cup], frame_area=1e4
        )
        for k, t in enumerate(times)
    ]


def test_a_second_look_tries_beside_the_product_first_and_past_a_lone_stretch():
    # Seen in one stretch only (a keyframe at 25 s): its other frames lie just past it.
    times = pipeline._moments_between(_showing([25.0]), 4)
    assert {round(t, 2) for t in times} >= {25.55, 26.1, 26.65, 24.45}
    # Seen in three short stretches far apart (quick cuts): beside each, not halfway across the
    # long gaps, where other shots lie.
    times = pipeline._moments_between(_showing([6.3, 16.8, 23.2]), 2)
    assert times and all(min(abs(t - s) for s in (6.3, 16.8, 23.2)) <= 1.1 * MOMENT_S + 1e-6 for t in times)
    # A short gap is the same stretch: its middle comes first.
    assert 5.0 in pipeline._moments_between(_showing([4.0, 6.0, 21.0]), 1)


def test_a_second_look_decodes_only_what_its_budget_reaches(videos, images):
    truth = make_product_video(
        videos / "sparse-exact.mp4", images / "coffee.png", seconds=12, size=(160, 284), fps=10,
        keyframe_interval_s=4.0,
    )  # fmt: skip
    sample = frames.sample_frames(truth.path)
    keyframes = sorted(f.time_s for f in sample.frames if f.keyframe)
    assert keyframes == [0.0, 4.0, 8.0]
    known = {id(f) for f in sample.frames}
    before = sample.extra_decoded
    # 3.5 s lies 35 frames past its keyframe, beyond a 10-frame budget: left out, its keyframe
    # interval not decoded at all; 4.5 s is within reach.
    added = frames.add_frames_at(sample, truth.path, [3.5, 4.5], budget=10, exact=True)
    new = [f.time_s for f in sample.frames if id(f) not in known]
    assert added == 1 and len(new) == 1 and 4.4 <= new[0] <= 4.6
    assert sample.extra_decoded - before <= 10


def test_a_second_look_frame_joins_its_shot_by_the_object_s_colours():
    # A cup moving fast over a night street changes the picture's shape between frames a moment
    # apart (0.35 here) more than a shot change's 0.3; its colours stay. Another scene changes both.
    rng = np.random.default_rng(0)
    shape = rng.normal(size=(16, 16))
    cup = np.full((6, 6, 3), 120.0)
    beside = Candidate(index=0, time_s=23.2, sharpness=1.0, signature=shape, detections=[], frame_area=1e4)
    beside.colours = cup

    def measured(signature: np.ndarray, colours: np.ndarray) -> pipeline._Measured:
        return pipeline._Measured(None, 1.0, signature, None, None, [], None, colours)  # type: ignore[arg-type]

    moved = shape + 0.35 * np.sign(rng.normal(size=(16, 16)))
    assert quality.difference(shape, moved) > pipeline.SHOT_CHANGE
    assert pipeline._joins(beside, measured(moved, cup + 5))
    assert not pipeline._joins(beside, measured(moved, cup + 40))  # something else, where it was
    assert not pipeline._joins(beside, measured(rng.normal(size=(16, 16)), cup))  # another scene


def test_a_product_is_thin_when_few_shots_and_few_frames_show_it():
    # Seen in two shots: thin while fewer than five frames show it; five frames (the picks may share
    # shots) are enough, and an input more would only add choice.
    few = _showing([2.0, 9.0])
    for k, cand in enumerate(few):
        cand.shot = k
    assert pipeline._thin(few, [{"cup"}], 0, 5)
    many = _showing([2.0, 2.6, 3.2, 9.0, 9.6])
    for cand in many:
        cand.shot = 0 if cand.time_s < 5 else 1
    assert not pipeline._thin(many, [{"cup"}], 0, 5)
    assert pipeline._thin(many, [{"cup"}], 0, 6)
