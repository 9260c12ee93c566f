"""The fourth never-tuned thumbnail set (BLIND3): its specification in bench/thumbnails.py (new, off
by default) and its `reveal` timeline; what every blind set shares is checked in
test_synthetic_blind_sets.py. Nothing here runs the thumbnail generator or the bench's measurement."""

# ruff: noqa: F811  (the bench fixture imported from synthetic_support is a parameter by design)

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from synthetic_support import IMAGES, bench  # noqa: F401 (fixtures)

NEW = ("terrazzo", "denim", "bedroom", "sand", "glossy", "board")


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


def test_bench_reveal_timeline_shows_the_product_late(bench: ModuleType) -> None:
    video = next(v for v in bench.BLIND3 if v.timeline == "reveal")
    segments = bench.segments_for(video, IMAGES)
    first_good = min(s.start_s for s in segments if s.product and s.product_index is not None and s.blur == 0
                     and 0.5 <= s.brightness <= 2)  # fmt: skip
    assert first_good >= 14.0
    assert all(a.end_s == b.start_s for a, b in zip(segments, segments[1:], strict=False))
