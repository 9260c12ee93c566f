"""`python -m tiktok_commerce.workers.thumbnails.peak_rss VIDEO`: run the thumbnail pipeline on one
video in this fresh process and print one JSON line with the outcome and the process's peak RSS.

How the memory test and the memory bench measure a worker handling a hostile video.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.thumbnails import handler, pipeline
from tiktok_commerce.workers.thumbnails.frames import VideoUnreadable


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage: ru_maxrss survives exec on Linux, so a child
    of a large process (a test runner) would report its parent's high-water mark."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB where /proc lacks it


def measure(video: str | Path, timeout_s: float = 600) -> tuple[str, float]:
    """Run this module on `video` in a fresh interpreter: (outcome, peak RSS in MB)."""
    out = subprocess.run(
        [sys.executable, "-m", __name__, str(video)],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=True,
    )
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    return str(answer["outcome"]), float(answer["peak_rss_mb"])


def main(video: str) -> int:
    settings = Settings(_env_file=None)
    detector = handler.detector_for(settings)
    try:
        result = pipeline.generate(
            video, ["product"], detector=detector, threads=1, max_pixels=settings.video_max_pixels
        )
        outcome = f"{len(result.thumbnails)} thumbnails"
    except VideoUnreadable as exc:
        outcome = f"refused: {exc}"
    print(json.dumps({"outcome": outcome, "peak_rss_mb": round(peak_rss_mb(), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
