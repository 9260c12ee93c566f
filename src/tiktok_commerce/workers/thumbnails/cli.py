"""Command line of the thumbnail generator.

tiktok-commerce thumbnails VIDEO_OR_URL [--count 5] [--out DIR] [--json] [--product TITLE ...]
tiktok-commerce models pull [--url URL] [--sha256 HEX] [--to PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    thumbs = sub.add_parser("thumbnails", help="cut product thumbnails from a video file or URL")
    thumbs.add_argument(
        "video", metavar="VIDEO_OR_URL", help="a local video file, or a TikTok or direct video URL"
    )
    thumbs.add_argument("--count", type=int, default=5, help="how many thumbnails (default 5)")
    thumbs.add_argument(
        "--out", type=Path, help="folder for the JPEGs (default ./data/thumbnails/<video name>)"
    )
    thumbs.add_argument("--json", action="store_true", help="print a JSON list, one object per thumbnail")
    thumbs.add_argument(
        "--product", action="append", default=[], metavar="TITLE",
        help="a product on sale in the video (repeat for several); picks prefer what fits it",
    )  # fmt: skip
    thumbs.set_defaults(func=run_thumbnails)

    models = sub.add_parser("models", help="detector models")
    models_sub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    pull = models_sub.add_parser(
        "pull", help="download the YOLOv8n detector (exported to ONNX) to ./data/models/yolov8n.onnx"
    )
    pull.add_argument(
        "--url", help="Ultralytics .pt weights or an ONNX export to download (default YOLO_MODEL_URL)"
    )
    pull.add_argument("--sha256", help="the expected SHA-256 of the file (default YOLO_MODEL_SHA256)")
    pull.add_argument("--to", type=Path, help="where to put it (default ./data/models/yolov8n.onnx)")
    pull.set_defaults(func=run_pull)


def _default_out(video: str) -> Path:
    stem = Path(video.split("?", 1)[0].rstrip("/")).stem or "video"
    return Path("./data/thumbnails") / re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:80]


def run_thumbnails(args: argparse.Namespace) -> int:
    from tiktok_commerce.settings import get_settings
    from tiktok_commerce.workers.thumbnails import handler, pipeline
    from tiktok_commerce.workers.thumbnails.fetch import FetchFailed, FetchRefused, fetched_video
    from tiktok_commerce.workers.thumbnails.frames import VideoUnreadable

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    settings = get_settings()
    detector = handler.detector_for(settings)
    try:
        with fetched_video(args.video, settings, allow_local=True) as path:
            result = pipeline.generate(
                path,
                args.product,
                count=args.count,
                detector=detector,
                threads=settings.thumbnail_threads,
                max_pixels=settings.video_max_pixels,
            )
    except (FetchRefused, FetchFailed, VideoUnreadable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out_dir = args.out or _default_out(args.video)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, thumb in enumerate(result.thumbnails):
        path = out_dir / f"thumbnail-{n}.jpg"
        path.write_bytes(thumb.jpeg)
        rows.append(
            {
                "path": str(path),
                "time_s": thumb.time_s,
                "box": thumb.box,
                "label": thumb.label,
                "confidence": thumb.confidence,
                "sharpness": thumb.sharpness,
                "score": thumb.score,
                "product_index": thumb.product_index,
            }
        )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{len(rows)} thumbnails in {out_dir} ({result.stats.get('total_s', 0):.2f} s, "
          f"detector {result.detector or 'none'})")  # fmt: skip
    for row in rows:
        what = f"{row['label']} {row['confidence']:.2f}" if row["label"] else "no detection"
        print(f"  {row['path']}  t={row['time_s']:.2f}s  {what}  sharpness {row['sharpness']:.0f}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from tiktok_commerce.settings import get_settings
    from tiktok_commerce.workers.thumbnails import models

    settings = get_settings()
    url = args.url or settings.yolo_model_url
    sha256 = args.sha256 or settings.yolo_model_sha256
    target = args.to or models.DEFAULT_TARGET
    print(f"pulling {url} ...", file=sys.stderr)
    try:
        summary = models.pull(url, target, sha256=sha256)
    except models.ModelPullError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"model ready: {summary}")
    return 0
