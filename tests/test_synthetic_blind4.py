"""The fifth never-tuned thumbnail set (BLIND4): its specification in bench/thumbnails.py (new, off
by default) and its two timelines (zoom, handheld); what every blind set shares is checked in
test_synthetic_blind_sets.py. Nothing here runs the thumbnail generator or the bench's measurement."""

# ruff: noqa: F811  (the bench fixture imported from synthetic_support is a parameter by design)

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from synthetic_support import IMAGES, bench  # noqa: F401 (fixtures)

NEW = ("knit", "dashboard", "gym", "bathroom", "clutter", "walnut")


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
