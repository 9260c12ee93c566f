"""What every never-tuned thumbnail set written blind must hold (BLIND3, BLIND4): its new
backdrops are deterministic textures that differ from each other, and its ground truth shows every
product inside the picture (for BLIND4, never under its caption band: BLIND3's lower third may
cover one). Nothing here runs the thumbnail generator or the bench's measurement; each set's own
specification is checked in test_synthetic_blind3.py and test_synthetic_blind4.py."""

# ruff: noqa: F811  (the bench fixture imported from synthetic_support is a parameter by design)

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from synthetic_support import IMAGES, bench  # noqa: F401 (fixtures)

from tiktok_commerce.synthetic_video import BACKGROUNDS, _background, ground_truth

# Each blind set and the backdrops written for it.
SETS: dict[str, tuple[str, ...]] = {
    "BLIND3": ("terrazzo", "denim", "bedroom", "sand", "glossy", "board"),
    "BLIND4": ("knit", "dashboard", "gym", "bathroom", "clutter", "walnut"),
}


@pytest.mark.parametrize("kind", [kind for kinds in SETS.values() for kind in kinds])
def test_blind_backdrops_are_deterministic_and_sized(kind: str) -> None:
    first = _background(108, 192, 3, kind)
    assert first.shape == (192, 108 + 64, 3) and first.dtype == np.uint8
    assert np.array_equal(first, _background(108, 192, 3, kind))
    assert float(first.std()) > 2  # a texture, not a flat colour


@pytest.mark.parametrize("name", SETS)
def test_blind_backdrops_are_listed_and_differ(name: str) -> None:
    kinds = SETS[name]
    assert set(kinds) <= set(BACKGROUNDS)
    means = [_background(108, 192, 0, kind).reshape(-1, 3).mean(axis=0) for kind in kinds]
    for i, a in enumerate(means):
        for b in means[i + 1 :]:
            assert float(np.abs(a - b).max()) > 10


@pytest.mark.parametrize("name", SETS)
def test_blind_ground_truth_shows_every_product_inside_the_picture(bench: ModuleType, name: str) -> None:
    for video in getattr(bench, name):
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
                    if band is not None and name == "BLIND4":  # its caption never covers the product
                        assert box[3] <= band[1] or box[1] >= band[3], (video.name, t)
            if seg.good:
                shown.add(seg.segment.product_index)
        assert shown == set(range(len(video.products))), video.name
