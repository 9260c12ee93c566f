"""Command line of the thumbnail generator.

tiktok-commerce thumbnails VIDEO_OR_URL [VIDEO_OR_URL ...] [--count 5] [--out DIR] [--json]
    [--product TITLE ...] [--size 400] [--listing-size 800]
tiktok-commerce models pull [--url URL] [--sha256 HEX] [--to PATH]

Several videos in one call share one process and one model load (how a folder is batched:
`tiktok-commerce thumbnails videos/*.mp4`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # heavy: imported when a command runs
    from tiktok_commerce.settings import Settings
    from tiktok_commerce.workers.thumbnails.config import ThumbnailConfig
    from tiktok_commerce.workers.thumbnails.detection import Detector
    from tiktok_commerce.workers.thumbnails.pipeline import Result


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    thumbs = sub.add_parser("thumbnails", help="cut product thumbnails from video files or URLs")
    thumbs.add_argument(
        "videos",
        metavar="VIDEO_OR_URL",
        nargs="+",
        help="local video files, or TikTok or direct video URLs (several share one model load)",
    )
    thumbs.add_argument("--count", type=int, default=5, help="how many thumbnails per product (default 5)")
    thumbs.add_argument(
        "--out",
        type=Path,
        help="folder for the JPEGs (default ./data/thumbnails/<video name>; with several videos, "
        "one folder per video inside it)",
    )
    thumbs.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list, one object per thumbnail; with several videos, one JSON line per video",
    )
    thumbs.add_argument("--size", type=int, help="thumbnail side in pixels (default THUMBNAIL_SIZE, 400)")
    thumbs.add_argument(
        "--listing-size",
        type=int,
        help="also a larger listing image of each pick, e.g. 800 (default LISTING_IMAGE_SIZE, none)",
    )
    thumbs.add_argument(
        "--product", action="append", default=[], metavar="TITLE",
        help="a product on sale in the video (repeat for several); picks prefer what fits it",
    )  # fmt: skip
    thumbs.set_defaults(func=run_thumbnails, quick_exit=True)

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
    from tiktok_commerce import languages

    try:
        return _run_thumbnails(args)
    finally:
        languages.use_pack_dirs(None)  # the packs' folders come from Settings again


def _run_thumbnails(args: argparse.Namespace) -> int:
    from tiktok_commerce.workers.thumbnails import pipeline
    from tiktok_commerce.workers.thumbnails.config import ConfigError, ThumbnailConfig

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    settings: Settings | None = None
    try:
        if any("://" in video for video in args.videos):  # fetching needs every fetch setting
            from tiktok_commerce.settings import get_settings

            settings = get_settings()
            config = ThumbnailConfig.from_settings(settings)
        else:  # local files: the light reader, a fifth of a second sooner (config.py)
            config = ThumbnailConfig.from_env()
            if args.product:  # the product words' packs, found without Settings too
                from tiktok_commerce import languages

                languages.use_pack_dirs(config.pack_dirs())
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    size = args.size or config.thumbnail_size
    listing_size = args.listing_size if args.listing_size is not None else config.listing_image_size
    for flag, value in (("--size", size), ("--listing-size", listing_size or 16)):
        if not 16 <= value <= 4096:
            print(f"error: {flag} must be between 16 and 4096 pixels", file=sys.stderr)
            return 2
    detector = pipeline.detector_for(config, warm_up=False)  # loaded once for every video
    batch = len(args.videos) > 1
    failed = 0
    for video in args.videos:
        out_dir = (args.out / _name(video) if batch else args.out) if args.out else _default_out(video)
        try:
            rows, result = _one(video, out_dir, args, config, settings, detector, size, listing_size)
        except _Refused as exc:
            failed += 1
            print(f"error: {video}: {exc}" if batch else f"error: {exc}", file=sys.stderr)
            if batch and args.json:
                print(json.dumps({"video": video, "error": str(exc)}), flush=True)
            continue
        for warning in result.warnings:
            print(f"warning: {video}: {warning}" if batch else f"warning: {warning}", file=sys.stderr)
        if args.json:
            if batch:
                print(json.dumps({"video": video, "out": str(out_dir), "thumbnails": rows}), flush=True)
            else:
                print(json.dumps(rows, indent=2))
            continue
        print(f"{len(rows)} thumbnails of {video} in {out_dir} ({result.stats.get('total_s', 0):.2f} s, "
              f"detector {result.detector or 'none'})", flush=True)  # fmt: skip
        for row in rows:
            what = f"{row['label']} {row['confidence']:.2f}" if row["label"] else "no detection"
            product = "" if row["product_index"] is None else f"product {row['product_index']}  "
            print(f"  {row['path']}  {product}t={row['time_s']:.2f}s  {what}  {row['size']}px")
    if failed and batch:
        print(f"error: {failed} of {len(args.videos)} videos failed", file=sys.stderr)
    return 2 if failed else 0


class _Refused(Exception):
    """A video that cannot be read or fetched; the message says why."""


def _name(video: str) -> str:
    return _default_out(video).name


def _generate(
    path: Path,
    args: argparse.Namespace,
    config: ThumbnailConfig,
    detector: Detector | None,
    size: int,
    listing_size: int | None,
) -> Result:
    from tiktok_commerce.workers.thumbnails import pipeline

    return pipeline.generate(
        path,
        args.product,
        count=args.count,
        detector=detector,
        threads=config.thumbnail_threads,
        size=size,
        max_pixels=config.video_max_pixels,
        listing_size=listing_size,
    )


def _one(
    video: str,
    out_dir: Path,
    args: argparse.Namespace,
    config: ThumbnailConfig,
    settings: Settings | None,
    detector: Detector | None,
    size: int,
    listing_size: int | None,
) -> tuple[list[dict[str, Any]], Result]:
    """One video's thumbnails written to out_dir; the JSON rows and the pipeline's result."""
    from tiktok_commerce.workers.thumbnails.frames import VideoUnreadable
    from tiktok_commerce.workers.thumbnails.sniff import NotAVideoFile, local_video

    try:
        if "://" in video:
            from tiktok_commerce.workers.thumbnails.fetch import FetchFailed, FetchRefused, fetched_video

            assert settings is not None  # read for every URL (run_thumbnails)
            try:
                with fetched_video(video, settings) as path:
                    result = _generate(path, args, config, detector, size, listing_size)
            except (FetchRefused, FetchFailed) as exc:
                raise _Refused(str(exc)) from exc
        else:  # a local file: no HTTP client is imported
            local = local_video(video, config.video_max_bytes)
            result = _generate(local, args, config, detector, size, listing_size)
    except (NotAVideoFile, VideoUnreadable) as exc:
        raise _Refused(str(exc)) from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, thumb in enumerate(result.thumbnails):
        path = out_dir / f"thumbnail-{n}.jpg"
        path.write_bytes(thumb.jpeg)
        listing_path = None
        if thumb.listing_jpeg is not None:
            listing_path = out_dir / f"listing-{n}.jpg"
            listing_path.write_bytes(thumb.listing_jpeg)
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
                "crop": thumb.crop,
                "size": thumb.size,
                "listing_path": str(listing_path) if listing_path else None,
                "listing_size": thumb.listing_size,
            }
        )
    return rows, result


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
