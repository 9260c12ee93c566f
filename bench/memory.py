"""Peak RSS of a thumbnail worker on memory-bomb videos: small files of huge keyframes.

Each video is built with PyAV (every frame a keyframe, so every frame is decoded) and handled by the
pipeline in a fresh process (`tiktok_commerce.workers.thumbnails.peak_rss`), which reports its own
peak RSS. Printed beside each input: its resolution, frames and file size, and the outcome
(processed, or refused over VIDEO_MAX_PIXELS). The budget is 500 MB (the Fargate task has 2 GB).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tiktok_commerce.synthetic_video import make_keyframe_bomb
from tiktok_commerce.workers.thumbnails.peak_rss import measure

BUDGET_MB = 500
# (side, frames): the 4096 and 8192 bombs, one just under the pixel limit, a 1080p-sized square
VIDEOS = ((1920, 40), (3072, 40), (4096, 40), (8192, 12), (8192, 40))


def main() -> int:
    over = 0
    with tempfile.TemporaryDirectory() as tmp:
        for side, frames in VIDEOS:
            video = make_keyframe_bomb(Path(tmp) / f"bomb-{side}-{frames}.mp4", side, frames=frames)
            size_mb = video.stat().st_size / 1e6
            outcome, peak = measure(video)
            over += peak >= BUDGET_MB
            outcome = outcome.split(":")[0]
            print(
                f"  {side}x{side}, {frames} keyframes, {size_mb:5.1f} MB file -> peak RSS {peak:6.1f} MB"
                f"  ({outcome}; budget {BUDGET_MB} MB)",
                flush=True,
            )
    print(f"memory bombs over the budget: {over}")
    return 1 if over else 0
