"""From a video file to five product thumbnails: sample, screen, detect, choose, crop.

The detector is the expensive step (80-90% of the time when run on every keyframe), so it sees only
the frames that pass the cheap screens (exposure, sharpness, near-duplicates), several packed into
one inference (see detector.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from tiktok_commerce.workers.thumbnails import crop, quality
from tiktok_commerce.workers.thumbnails.detector import Detector
from tiktok_commerce.workers.thumbnails.frames import (
    ANALYSIS_SIDE,
    SampledFrame,
    add_frames_at,
    sample_frames,
)
from tiktok_commerce.workers.thumbnails.select import Candidate, choose, product_labels

log = logging.getLogger(__name__)

BLUR_SHARE = 0.35  # sharpness below this share of the video's sharp frames: blurred
DUPLICATE_DIFF = 0.06  # signatures closer than this: the same shot, keep the sharper frame
DETECT_INPUTS = 2  # detector runs per video (each holds several frames, see detector.py)
NO_MODEL_WARNING = "no detector model found: thumbnails chosen on image quality alone (centre crops)"


@dataclass
class Thumbnail:
    jpeg: bytes
    time_s: float
    box: list[float] | None  # the product's box in upright source pixels
    crop: list[int]  # the square cut from the frame
    label: str | None
    confidence: float | None
    sharpness: float
    score: float
    product_index: int | None


@dataclass
class Result:
    thumbnails: list[Thumbnail]
    detector: str | None
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_detector(path: str, threads: int, frame_size: int) -> Detector:
    """One onnxruntime session per process and model: loading takes longer than an inference."""
    return Detector(path, threads=threads, frame_size=frame_size)


def _screen(frames: list[SampledFrame], count: int, warnings: list[str]) -> list[Candidate]:
    """Exposure, sharpness and near-duplicate screens; returns the frames worth a closer look."""
    measured: list[tuple[SampledFrame, int, float, np.ndarray, str | None]] = []
    for i, frame in enumerate(frames):
        gray = quality.grayscale(frame.small)
        measured.append(
            (frame, i, quality.sharpness(gray), quality.signature(gray), quality.exposure_problem(gray))
        )
    exposed = [m for m in measured if m[4] is None]
    if not exposed:
        warnings.append("no well-exposed frame: the thumbnails may be dark or washed out")
        exposed = measured
    reference = float(np.percentile([m[2] for m in exposed], 90)) or 1.0
    sharp = [m for m in exposed if m[2] >= BLUR_SHARE * reference]
    if len(sharp) < count:  # a blurry video: keep its best frames rather than none
        sharp = sorted(exposed, key=lambda m: m[2], reverse=True)[: max(count, len(sharp))]
    kept: list[Candidate] = []
    for frame, i, sharpness, signature, _ in sorted(sharp, key=lambda m: m[2], reverse=True):
        if any(quality.difference(signature, c.signature) < DUPLICATE_DIFF for c in kept):
            continue
        kept.append(
            Candidate(
                index=i,
                time_s=frame.time_s,
                sharpness=sharpness,
                signature=signature,
                detections=[],
                frame_area=float(frame.small.shape[0] * frame.small.shape[1]),
                quality=min(1.0, sharpness / reference),
            )
        )
    if len(kept) < count:  # near-identical shots: bring back the sharpest of the rest
        chosen = {c.index for c in kept}
        for frame, i, sharpness, signature, _ in sorted(sharp, key=lambda m: m[2], reverse=True):
            if len(kept) >= count:
                break
            if i not in chosen:
                kept.append(
                    Candidate(
                        i,
                        frame.time_s,
                        sharpness,
                        signature,
                        [],
                        float(frame.small.shape[0] * frame.small.shape[1]),
                        min(1.0, sharpness / reference),
                    )
                )
    return sorted(kept, key=lambda c: c.time_s)


def _around(good: list[Candidate], frames: list[SampledFrame]) -> list[float]:
    """Times halfway between each good frame and its neighbours: likely more of the same good shot."""
    times = [f.time_s for f in frames]
    wanted: set[float] = set()
    for cand in good:
        k = times.index(cand.time_s)
        if k + 1 < len(times):
            wanted.add((cand.time_s + times[k + 1]) / 2)
        if k > 0:
            wanted.add((times[k - 1] + cand.time_s) / 2)
    return sorted(wanted)


def _release_others(frames: list[SampledFrame], candidates: list[Candidate]) -> None:
    """Drop the full-size pixels of frames that can no longer be picked: memory stays flat."""
    keep = {c.index for c in candidates}
    for i, frame in enumerate(frames):
        if i not in keep:
            frame.release()


def _spread(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """At most `limit` candidates, the sharpest of each stretch of time so the whole video is seen."""
    if len(candidates) <= limit:
        return candidates
    bins = np.array_split(np.arange(len(candidates)), limit)
    return [max((candidates[i] for i in b), key=lambda c: c.quality) for b in bins if len(b)]


def generate(
    path: str | Path,
    products: list[str],
    count: int = 5,
    detector: Detector | None = None,
    threads: int = 1,
    size: int = crop.THUMBNAIL_SIZE,
) -> Result:
    """Thumbnails for the video at `path`; `products` are the product titles of the caption."""
    stats: dict[str, float] = {}
    started = time.perf_counter()
    sample = sample_frames(path, threads=threads)
    stats["decode_s"] = time.perf_counter() - started
    stats["keyframes"] = sample.keyframes
    stats["sampled"] = len(sample.frames)
    warnings = list(sample.warnings)

    mark = time.perf_counter()
    screen_warnings: list[str] = []
    candidates = _screen(sample.frames, count, screen_warnings)
    good = [c for c in candidates if c.quality >= BLUR_SHARE]
    if len(good) < count and good:
        # Too few usable keyframes (a short video, or mostly dark/blurred): look around the good ones.
        added = add_frames_at(sample, path, _around(good, sample.frames), threads)
        stats["added"] = added
        if added:
            screen_warnings = []
            candidates = _screen(sample.frames, count, screen_warnings)
    warnings.extend(screen_warnings)
    stats["screen_s"] = time.perf_counter() - mark
    stats["screened"] = len(candidates)

    mark = time.perf_counter()
    if detector is not None:
        width, height = sample.frames[candidates[0].index].small.shape[1::-1]
        per_input = detector.frames_per_input(width, height)
        candidates = _spread(candidates, max(per_input * DETECT_INPUTS, count + 3))
        _release_others(sample.frames, candidates)
        images = [_detector_image(sample.frames[c.index], detector.frame_size) for c in candidates]
        for cand, image, found in zip(candidates, images, detector.detect(images), strict=True):
            cand.detections = found
            cand.frame_area = float(image.shape[0] * image.shape[1])
            cand.image_side = max(image.shape[:2])
        stats["detected_frames"] = len(candidates)
    else:
        _release_others(sample.frames, candidates)
        warnings.append(NO_MODEL_WARNING)
    stats["detect_s"] = time.perf_counter() - mark

    wants = [product_labels(title, detector.names if detector else None) for title in products]
    picks = choose(candidates, wants, count, sample.duration_s)
    if len(picks) < count:
        warnings.append(f"the video gave only {len(picks)} distinct frame(s) for {count} thumbnails")

    mark = time.perf_counter()
    thumbnails: list[Thumbnail] = []
    for pick in picks:
        frame = sample.frames[pick.candidate.index]
        full = frame.rgb()
        height, width = full.shape[:2]
        box = None
        if pick.detection is not None:
            # Boxes are in the detector image's pixels; that image is the upright frame scaled.
            scale = max(width, height) / pick.candidate.image_side
            box = [round(v * scale, 1) for v in pick.detection.box]
        square = crop.square_around(tuple(box) if box else None, width, height)
        thumbnails.append(
            Thumbnail(
                jpeg=crop.render(full, square, size),
                time_s=round(frame.time_s, 3),
                box=box,
                crop=list(square),
                label=pick.detection.label if pick.detection else None,
                confidence=round(pick.detection.confidence, 3) if pick.detection else None,
                sharpness=round(pick.candidate.sharpness, 1),
                score=round(pick.score, 3),
                product_index=pick.product_index,
            )
        )
    for frame in sample.frames:
        frame.release()
    stats["crop_s"] = time.perf_counter() - mark
    stats["total_s"] = time.perf_counter() - started
    return Result(thumbnails, detector.name if detector else None, warnings, stats)


def _detector_image(frame: SampledFrame, frame_size: int) -> np.ndarray:
    """The frame at the detector's size: the small copy when that is big enough, else a fresh scale."""
    if frame_size <= ANALYSIS_SIDE:
        return frame.small
    return frame.rgb(longest_side=frame_size)
