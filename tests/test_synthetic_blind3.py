"""The synthesizer's backdrops written for the fourth never-tuned thumbnail set (BLIND3), and that
set's specification in bench/thumbnails.py: well formed, new, off by default. Nothing here runs the
thumbnail generator or the bench's measurement."""

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
NEW = ("terrazzo", "denim", "bedroom", "sand", "glossy", "board")
IMAGES = shared_dir() / "fixtures" / "images"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.thumbnails")


@pytest.mark.parametrize("kind", NEW)
def test_synthetic_new_backdrops_are_deterministic_and_sized(kind: str) -> None:
    first = _background(108, 192, 3, kind)
    assert first.shape == (192, 108 + 64, 3) and first.dtype == np.uint8
    assert np.array_equal(first, _background(108, 192, 3, kind))
    assert float(first.std()) > 2  # a texture, not a flat colour


def test_synthetic_new_backdrops_are_listed_and_differ() -> None:
    assert set(NEW) <= set(BACKGROUNDS)
    means = [_background(108, 192, 0, kind).reshape(-1, 3).mean(axis=0) for kind in NEW]
    for i, a in enumerate(means):
        for b in means[i + 1 :]:
            assert float(np.abs(a - b).max()) > 10


def test_bench_blind3_is_new_and_unseen(bench: ModuleType) -> None:
    videos = bench.BLIND3
    assert len(videos) == 7 and all(v.unseen for v in videos)
    names = [v.name for v in videos]
    others = [*bench.VIDEOS, *bench.UNSEEN, *bench.BLIND, *bench.BLIND2]
    assert len(set(names)) == 7 and not set(names) & {v.name for v in others}
    assert {v.backdrop for v in videos} == set(NEW)
    assert not {v.backdrop for v in others} & set(NEW)
    for video in videos:
        assert len(video.products) == (2 if video.second else 1)
        assert video.timeline in ("standard", "brief", "cuts", "reveal")


def test_bench_blind3_is_off_by_default(bench: ModuleType) -> None:
    source = Path(bench.__file__).read_text(encoding="utf-8")
    assert 'os.environ.get("BENCH_BLIND3", "0") == "1"' in source
    assert "Fourth set (BLIND3, measured once blind, then analysed: no longer blind):" in source


def test_bench_blind3_ground_truth_shows_every_product_inside_the_picture(bench: ModuleType) -> None:
    for video in bench.BLIND3:
        options = dict(video.options)
        layout = {k: v for k, v in options.items() if k in ("content", "text_band", "band_at")}
        segments = bench.segments_for(video, IMAGES)
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
            if seg.good:
                shown.add(seg.segment.product_index)
        assert shown == set(range(len(video.products))), video.name
        assert truth.segments[0].segment.start_s == 0 and truth.segments[-1].segment.end_s == bench.SECONDS


def test_bench_reveal_timeline_shows_the_product_late(bench: ModuleType) -> None:
    video = next(v for v in bench.BLIND3 if v.timeline == "reveal")
    segments = bench.segments_for(video, IMAGES)
    first_good = min(s.start_s for s in segments if s.product and s.product_index is not None and s.blur == 0
                     and 0.5 <= s.brightness <= 2)  # fmt: skip
    assert first_good >= 14.0
    assert all(a.end_s == b.start_s for a, b in zip(segments, segments[1:], strict=False))
