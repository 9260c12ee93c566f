"""Thumbnail generator bench: precision@5, wall time beside ffmpeg's thumbnail filter, peak memory.

Synthetic videos are built from ../shared/fixtures/images with known ground truth (the product is
pasted in some segments only; some segments are empty, one is blurred, one is dark), 30 fps, H.264
with a keyframe every 2 s, at 1080x1920 and 720x1280, 30 s and 60 s; plus one with a keyframe every
8 s, as phones write them. They are cached in bench/out/.

- precision@5: the share of the five thumbnails whose crop holds the product: the thumbnail's frame
  lies in a segment where the product is shown sharp and well exposed, and the crop and the product's
  true box overlap by at least half of the smaller of the two.
- wall time: each run is a fresh subprocess pinned to one core (PyAV and onnxruntime on one thread)
  or to two (two threads); "work" is the time to go from the video file to five JPEGs with the model
  loaded (as in the long-running worker), "load" the model load. ffmpeg runs
  `ffmpeg -i VIDEO -vf thumbnail -frames:v 1` pinned the same way, in the same run. Median of 3.
- peak RSS: the child's ru_maxrss.

`python -m bench thumbnails` (or `make bench`). ffmpeg must be installed (the Makefile does that).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "thumbnails"
REPEATS = 3
RATIO_LIMIT = 1.5  # ours / ffmpeg for the 30 s 1080x1920 video
RSS_LIMIT_MB = 500
PRECISION_FLOOR = 0.9
CACHE_VERSION = "v1"


@dataclass(frozen=True)
class BenchVideo:
    name: str
    size: tuple[int, int]
    seconds: int
    image: str
    products: tuple[str, ...]
    second_image: str | None = None  # a second product in some segments
    gated: bool = False  # the video the ratio limit applies to
    keyframe_interval_s: float = 2.0


VIDEOS = (
    BenchVideo("cup-1080x1920-30s", (1080, 1920), 30, "coffee.png", ("Handmade espresso cup",), gated=True),
    BenchVideo("cat-720x1280-30s", (720, 1280), 30, "chelsea.png", ("Cat plush toy",)),
    BenchVideo(
        "cup+cat-1080x1920-60s",
        (1080, 1920),
        60,
        "coffee.png",
        ("Espresso cup", "Cat figurine"),
        second_image="chelsea.png",
    ),
    BenchVideo("astronaut-720x1280-60s", (720, 1280), 60, "astronaut.png", ("Astronaut costume",)),
    # Beyond the set: a phone-like long GOP (a keyframe every 8 s), where extra frames are needed.
    BenchVideo(
        "cup-1080x1920-30s-gop8",
        (1080, 1920),
        30,
        "coffee.png",
        ("Handmade espresso cup",),
        keyframe_interval_s=8.0,
    ),
)


def segments_for(video: BenchVideo, images: Path) -> list:
    """Product in some segments only, some empty, one blurred, one dark; boundaries off the 2 s grid."""
    from tiktok_commerce.synthetic_video import Segment

    second = str(images / video.second_image) if video.second_image else None
    unit = video.seconds / 30.0  # the 60 s videos stretch the same plan
    plan = [
        (0.0, 3.0, dict(product=False)),
        (3.0, 8.5, dict(center=(0.5, 0.42), scale=0.62)),
        (8.5, 11.5, dict(blur=9.0)),
        (11.5, 14.0, dict(product=False)),
        (14.0, 19.5, dict(center=(0.45, 0.55), scale=0.55, image=second, product_index=1 if second else 0)),
        (19.5, 22.5, dict(brightness=0.08)),
        (22.5, 30.0, dict(center=(0.55, 0.38), scale=0.7, image=second, product_index=1 if second else 0)),
    ]
    return [Segment(start * unit, end * unit, **kwargs) for start, end, kwargs in plan]


def build(video: BenchVideo, images: Path):
    from tiktok_commerce.synthetic_video import ground_truth, make_product_video

    path = OUT / f"{video.name}-{CACHE_VERSION}.mp4"
    image = images / video.image
    segments = segments_for(video, images)
    if path.is_file():
        return ground_truth(path, image, video.seconds, video.size, 30, segments)
    started = time.perf_counter()
    truth = make_product_video(
        path.with_suffix(".tmp.mp4"),
        image,
        video.seconds,
        video.size,
        30,
        segments,
        keyframe_interval_s=video.keyframe_interval_s,
    )
    path.with_suffix(".tmp.mp4").rename(path)
    truth.path = path
    print(f"  built {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return truth


def overlap_share(a: list[float], b: tuple[int, int, int, int]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def precision(truth, thumbnails: list[dict]) -> tuple[float, list[str]]:
    notes = []
    hits = 0
    for thumb in thumbnails:
        seg = truth.at(thumb["time_s"])
        box = seg.box_at(thumb["time_s"]) if seg else None
        ok = bool(seg and seg.good and box and overlap_share(thumb["crop"], box) >= 0.5)
        hits += ok
        why = "ok" if ok else ("bad segment" if not (seg and seg.good) else "crop misses product")
        notes.append(f"t={thumb['time_s']:.2f} {thumb['label']} {why}")
    return hits / max(len(thumbnails), 1), notes


def pin(cores: int):
    def apply() -> None:
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:cores]))

    return apply


def run_ours(path: Path, products: tuple[str, ...], threads: int) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    cmd = [sys.executable, "-m", "bench.thumbnails", "--one", str(path), str(threads), json.dumps(products)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, preexec_fn=pin(threads))
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"bench child failed: {proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = wall
    return result


def run_ffmpeg(path: Path, cores: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-vf", "thumbnail", "-frames:v", "1",
               "-y", str(Path(tmp) / "thumb.png")]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, preexec_fn=pin(cores))
        return time.perf_counter() - started


def child(path: str, threads: int, products: list[str]) -> int:
    """One video in this process: prints a JSON line with times, RSS and the thumbnails."""
    import resource

    from tiktok_commerce.settings import Settings
    from tiktok_commerce.workers.thumbnails import pipeline

    settings = Settings(_env_file=None)
    model = settings.model_path()
    started = time.perf_counter()
    detector = pipeline.load_detector(str(model), threads, settings.detector_input_size) if model else None
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    result = pipeline.generate(path, products, count=5, detector=detector, threads=threads)
    work_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    thumbs = [
        {
            "time_s": t.time_s,
            "crop": t.crop,
            "box": t.box,
            "label": t.label,
            "confidence": t.confidence,
            "product_index": t.product_index,
            "score": t.score,
        }  # fmt: skip
        for t in result.thumbnails
    ]
    out = {
        "work_s": work_s,
        "load_s": load_s,
        "peak_rss_mb": peak_mb,
        "stats": result.stats,
        "thumbnails": thumbs,
        "detector": result.detector,
        "warnings": result.warnings,
    }
    print(json.dumps(out))
    return 0


def main() -> int:
    from tiktok_commerce.settings import Settings, shared_dir

    if shutil.which("ffmpeg") is None:
        print("ffmpeg is not installed (make bench installs it): cannot compare")
        return 1
    settings = Settings(_env_file=None)
    model = settings.model_path()
    print(
        f"model: {model or 'none (image quality alone)'}; detector frame size {settings.detector_input_size}"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    images = shared_dir() / "fixtures" / "images"
    failed = False
    header = (
        f"{'video':26} {'P@5':>4} {'1 core':>7} {'ffmpeg':>7} {'ratio':>6} {'2 cores':>7} {'ffmpeg':>7} "
        f"{'ratio':>6} {'load':>5} {'RSS MB':>7}"
    )
    rows = []
    for video in VIDEOS:
        truth = build(video, images)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        ff: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(REPEATS):
            for cores in (1, 2):
                runs[cores].append(run_ours(truth.path, video.products, cores))
                ff[cores].append(run_ffmpeg(truth.path, cores))
        first = runs[1][0]
        p5, notes = precision(truth, first["thumbnails"])
        ours = {c: statistics.median(r["work_s"] for r in runs[c]) for c in (1, 2)}
        theirs = {c: statistics.median(ff[c]) for c in (1, 2)}
        ratio = {c: ours[c] / theirs[c] for c in (1, 2)}
        rss = max(r["peak_rss_mb"] for c in (1, 2) for r in runs[c])
        load = statistics.median(r["load_s"] for r in runs[1])
        rows.append(
            f"{video.name:26} {p5:4.2f} {ours[1]:6.2f}s {theirs[1]:6.2f}s {ratio[1]:6.2f} {ours[2]:6.2f}s "
            f"{theirs[2]:6.2f}s {ratio[2]:6.2f} {load:4.2f}s {rss:7.0f}"
        )
        stats = first["stats"]
        print(f"\n{video.name}: {', '.join(notes)}")
        print(
            "  stages (1 core): "
            + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in stats.items())
        )
        products = [t["product_index"] for t in first["thumbnails"]]
        print(f"  product per thumbnail: {products}; process wall (1 core) {runs[1][0]['process_s']:.2f} s")
        if first["warnings"]:
            print(f"  warnings: {first['warnings']}")
        if p5 < PRECISION_FLOOR:
            failed = True
            print(f"  FAIL: precision@5 {p5:.2f} < {PRECISION_FLOOR}")
        if rss > RSS_LIMIT_MB:
            failed = True
            print(f"  FAIL: peak RSS {rss:.0f} MB > {RSS_LIMIT_MB} MB")
        if video.gated and ratio[1] > RATIO_LIMIT:
            failed = True
            print(f"  FAIL: ours/ffmpeg on one core {ratio[1]:.2f} > {RATIO_LIMIT}")
    print()
    print(header)
    for row in rows:
        print(row)
    print(
        f"\nlimits: precision@5 >= {PRECISION_FLOOR} on every video (aim 1.0); ours/ffmpeg <= {RATIO_LIMIT} "
        f"on one core for the 30 s 1080x1920 video (aim 1.0); peak RSS <= {RSS_LIMIT_MB} MB. "
        f"Times are medians of {REPEATS}; 'work' excludes the one-off model load ('load')."
    )
    print("thumbnails bench:", "FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--one":
        sys.exit(child(sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])))
    sys.exit(main())
