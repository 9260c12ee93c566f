"""Small files of huge frames: the worker refuses what is over VIDEO_MAX_PIXELS and keeps its peak
RSS under 500 MB on what it takes (measured in a fresh process: memory, not time)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("av")

from tiktok_commerce.synthetic_video import make_keyframe_bomb  # noqa: E402
from tiktok_commerce.workers.thumbnails.peak_rss import measure  # noqa: E402

BUDGET_MB = 500


def run(video: Path) -> dict[str, object]:
    outcome, peak = measure(video, timeout_s=300)
    return {"outcome": outcome, "peak_rss_mb": peak}


def test_huge_keyframes_are_refused_with_the_reason_and_memory_stays_low(tmp_path: Path) -> None:
    answer = run(make_keyframe_bomb(tmp_path / "bomb.mp4", side=8192, frames=6))
    assert answer["outcome"].startswith("refused: the video is 8192x8192")
    assert "VIDEO_MAX_PIXELS" in answer["outcome"]
    assert answer["peak_rss_mb"] < BUDGET_MB


def test_large_keyframes_under_the_limit_are_processed_within_the_budget(tmp_path: Path) -> None:
    answer = run(make_keyframe_bomb(tmp_path / "big.mp4", side=3072, frames=40))
    assert answer["outcome"] == "5 thumbnails"
    assert answer["peak_rss_mb"] < BUDGET_MB
