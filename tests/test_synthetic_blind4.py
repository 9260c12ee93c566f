"""The synthesizer's backdrops written for the fifth never-tuned thumbnail set (BLIND4), its two
timelines (zoom, handheld), and that set's specification in bench/thumbnails.py: well formed, new,
off by default. Nothing here runs the thumbnail generator or the bench's measurement."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tiktok_commerce.settings import shared_dir
from tiktok_commerce.synthetic_video import BACKGROUNDS, _background, ground_truth

ROOT = Path(__file__).resolve().parents[1]
NEW = ("knit", "dashboard", "gym", "bathroom", "clutter", "walnut")
IMAGES = shared_dir() / "fixtures" / "images"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.thumbnails")


@pytest.mark.parametrize("kind", NEW)
def test_synthetic_blind4_backdrops_are_deterministic_and_sized(kind: str) -> None:
    first = _background(108, 192, 3, kind)
    assert first.shape == (192, 108 + 64, 3) and first.dtype == np.uint8
    assert np.array_equal(first, _background(108, 192, 3, kind))
    assert float(first.std()) > 2  # a texture, not a flat colour


def test_synthetic_blind4_backdrops_are_listed_and_differ() -> None:
    assert set(NEW) <= set(BACKGROUNDS)
    means = [_background(108, 192, 0, kind).reshape(-1, 3).mean(axis=0) for kind in NEW]
    for i, a in enumerate(means):
        for b in means[i + 1 :]:
            assert float(np.abs(a - b).max()) > 10


def test_bench_blind4_is_new_and_unseen(bench: ModuleType) -> None:
    videos = bench.BLIND4
    assert len(videos) == 6 and all(v.unseen for v in videos)
    names = [v.name for v in videos]
    others = [*bench.VIDEOS, *bench.UNSEEN, *bench.BLIND, *bench.BLIND2, *bench.BLIND3]
    assert len(set(names)) == 6 and not set(names) & {v.name for v in others}
    assert {v.backdrop for v in videos} == set(NEW)
    assert not {v.backdrop for v in others} & set(NEW)
    assert {v.timeline for v in videos} == {"zoom", "handheld"}
    assert not {v.timeline for v in others} & {"zoom", "handheld"}
    for video in videos:
        assert len(video.products) == (2 if video.second else 1)


def test_bench_blind4_is_off_by_default(bench: ModuleType) -> None:
    source = Path(bench.__file__).read_text(encoding="utf-8")
    assert 'os.environ.get("BENCH_BLIND4", "0") == "1"' in source
    assert "Fifth set (BLIND4, measured twice blind, tuned on since):" in source


def test_bench_blind4_ground_truth_shows_every_product_inside_the_picture(bench: ModuleType) -> None:
    for video in bench.BLIND4:
        options = dict(video.options)
        layout = {k: v for k, v in options.items() if k in ("content", "text_band", "band_at")}
        segments = bench.segments_for(video, IMAGES)
        assert segments[0].start_s == 0 and segments[-1].end_s == bench.SECONDS
        assert all(a.end_s == b.start_s for a, b in zip(segments, segments[1:], strict=False))
        truth = ground_truth(
            video.path,
            IMAGES / video.image,
            bench.SECONDS,
            bench.SIZE,
            options.get("fps", 30),
            segments,
            **layout,
        )
        x0, y0, x1, y1 = truth.content or (0, 0, *bench.SIZE)
        shown = set()
        for seg in truth.segments:
            for t in (seg.segment.start_s, (seg.segment.start_s + seg.segment.end_s) / 2, seg.segment.end_s):
                box = seg.box_at(t)
                if box is not None:
                    assert x0 <= box[0] < box[2] <= x1 and y0 <= box[1] < box[3] <= y1, (video.name, t)
                    band = truth.text_band
                    if band is not None:  # a caption never covers the product
                        assert box[3] <= band[1] or box[1] >= band[3], (video.name, t)
            if seg.good:
                shown.add(seg.segment.product_index)
        assert shown == set(range(len(video.products))), video.name


def test_bench_zoom_timeline_steps_in_and_out(bench: ModuleType) -> None:
    video = next(v for v in bench.BLIND4 if v.timeline == "zoom")
    segments = bench.segments_for(video, IMAGES)
    steps = [s for s in segments if s.end_s - s.start_s == 0.5 and s.product_index == 0]
    growing = [s.scale for s in steps if s.start_s < 8.0]
    shrinking = [s.scale for s in steps if s.start_s >= 13.0]
    assert len(growing) == len(shrinking) == 8
    assert growing == sorted(growing) and shrinking == sorted(shrinking, reverse=True)


def test_bench_handheld_timeline_shots_start_where_the_last_ended(bench: ModuleType) -> None:
    video = next(v for v in bench.BLIND4 if v.timeline == "handheld")
    segments = bench.segments_for(video, IMAGES)
    shots = [
        s for s in segments if s.product_index is not None and s.blur == 0 and s.end_s - s.start_s <= 1.0
    ]
    assert len(shots) >= 15
    for a, b in zip(shots, shots[1:], strict=False):
        if a.end_s == b.start_s and a.image == b.image and a.product_index == b.product_index:
            assert b.center == pytest.approx((a.center[0] + a.motion[0], a.center[1] + a.motion[1]))
