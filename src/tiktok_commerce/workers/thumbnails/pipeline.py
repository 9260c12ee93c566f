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
    MAX_PIXELS,
    SampledFrame,
    add_frames_at,
    sample_frames,
)
from tiktok_commerce.workers.thumbnails.select import (
    SHOWS_PRODUCT,
    Candidate,
    best_detection,
    choose,
    product_labels,
)

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
    detector = Detector(path, threads=threads, frame_size=frame_size)
    detector.warm_up()
    return detector


@dataclass(eq=False)  # compared by identity: the fields hold arrays
class _Measured:
    frame: SampledFrame
    sharpness: float
    signature: np.ndarray
    problem: str | None  # an exposure problem, or None


def _measure(frames: list[SampledFrame]) -> list[_Measured]:
    measured = []
    for frame in frames:
        gray = quality.grayscale(frame.small)
        measured.append(
            _Measured(frame, quality.sharpness(gray), quality.signature(gray), quality.exposure_problem(gray))
        )
    return measured


def _candidate(m: _Measured, reference: float) -> Candidate:
    return Candidate(
        index=id(m.frame),
        time_s=m.frame.time_s,
        sharpness=m.sharpness,
        signature=m.signature,
        detections=[],
        frame_area=float(m.frame.small.shape[0] * m.frame.small.shape[1]),
        quality=min(1.0, m.sharpness / reference),
        frame=m.frame,
    )


def _screen(frames: list[SampledFrame], count: int, warnings: list[str]) -> tuple[list[Candidate], float]:
    """Exposure, sharpness and near-duplicate screens: the frames worth a closer look, and the
    sharpness a sharp frame of this video has (the reference the others are measured against)."""
    measured = _measure(frames)
    exposed = [m for m in measured if m.problem is None]
    if not exposed:
        warnings.append("no well-exposed frame: the thumbnails may be dark or washed out")
        exposed = measured
    reference = float(np.percentile([m.sharpness for m in exposed], 90)) or 1.0
    by_sharpness = sorted(exposed, key=lambda m: m.sharpness, reverse=True)
    sharp = [m for m in by_sharpness if m.sharpness >= BLUR_SHARE * reference]
    if len(sharp) < count:  # a blurry video: keep its best frames rather than none
        sharp = by_sharpness[: max(count, len(sharp))]
    kept: list[_Measured] = []
    for m in sharp:
        if not any(quality.difference(m.signature, k.signature) < DUPLICATE_DIFF for k in kept):
            kept.append(m)
    if len(kept) < count:  # near-identical shots: bring back the sharpest of the rest
        kept += [m for m in sharp if all(m is not k for k in kept)][: count - len(kept)]
    candidates = [_candidate(m, reference) for m in kept]
    return sorted(candidates, key=lambda c: c.time_s), reference


def _around(good: list[Candidate], frames: list[SampledFrame], steps: int = 1) -> list[float]:
    """Times between each good frame and its neighbours (halfway, or at thirds with steps=2):
    likely more of the same good shot."""
    times = [f.time_s for f in frames]
    position = {id(f): k for k, f in enumerate(frames)}
    wanted: set[float] = set()
    for cand in good:
        k = position[id(cand.frame)]
        for j in range(1, steps + 1):
            share = j / (steps + 1)
            if k + 1 < len(times):
                wanted.add(cand.time_s + (times[k + 1] - cand.time_s) * share)
            if k > 0:
                wanted.add(cand.time_s - (cand.time_s - times[k - 1]) * share)
    return sorted(wanted)


def _release_others(frames: list[SampledFrame], candidates: list[Candidate]) -> None:
    """Drop the full-size pixels of frames that can no longer be picked: memory stays flat."""
    keep = {id(c.frame) for c in candidates}
    for frame in frames:
        if id(frame) not in keep:
            frame.release()


def _spread(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """At most `limit` candidates, the sharpest of each stretch of time so the whole video is seen."""
    if len(candidates) <= limit:
        return candidates
    bins = np.array_split(np.arange(len(candidates)), limit)
    return [max((candidates[i] for i in b), key=lambda c: c.quality) for b in bins if len(b)]


def _detect(detector: Detector, candidates: list[Candidate]) -> None:
    images = [_detector_image(c.frame, detector.frame_size) for c in candidates]
    for cand, image, found in zip(candidates, images, detector.detect(images), strict=True):
        cand.detections = found
        cand.frame_area = float(image.shape[0] * image.shape[1])
        cand.image_side = max(image.shape[:2])


def _shows_product(cand: Candidate, wants: list[set[str]]) -> bool:
    return any(best_detection(cand, want)[1] >= SHOWS_PRODUCT for want in wants)


def generate(
    path: str | Path,
    products: list[str],
    count: int = 5,
    detector: Detector | None = None,
    threads: int = 1,
    size: int = crop.THUMBNAIL_SIZE,
    max_pixels: int = MAX_PIXELS,
) -> Result:
    """Thumbnails for the video at `path`; `products` are the product titles of the caption."""
    stats: dict[str, float] = {}
    started = time.perf_counter()
    sample = sample_frames(path, threads=threads, max_pixels=max_pixels)
    stats["decode_s"] = time.perf_counter() - started
    stats["keyframes"] = sample.keyframes
    stats["sampled"] = len(sample.frames)
    warnings = list(sample.warnings)

    mark = time.perf_counter()
    screen_warnings: list[str] = []
    candidates, reference = _screen(sample.frames, count, screen_warnings)
    good = [c for c in candidates if c.quality >= BLUR_SHARE]
    if len(good) < count and good:
        # Too few usable keyframes (a short video, or mostly dark/blurred): look around the good ones.
        added = add_frames_at(sample, path, _around(good, sample.frames), threads, max_pixels)
        stats["added"] = added
        if added:
            screen_warnings = []
            candidates, reference = _screen(sample.frames, count, screen_warnings)
    warnings.extend(screen_warnings)
    stats["screen_s"] = time.perf_counter() - mark
    stats["screened"] = len(candidates)

    mark = time.perf_counter()
    wants = [product_labels(title, detector.names if detector else None) for title in products] or [set()]
    if detector is not None:
        width, height = candidates[0].frame.small.shape[1::-1]
        per_input = detector.frames_per_input(width, height)
        candidates = _spread(candidates, max(per_input * DETECT_INPUTS, count + 1))
        _release_others(sample.frames, candidates)
        _detect(detector, candidates)
        showing = [c for c in candidates if _shows_product(c, wants)]
        if 0 < len(showing) < count:
            # The product is on screen only briefly: look closer around the frames that show it.
            known = {id(f) for f in sample.frames}
            add_frames_at(sample, path, _around(showing, sample.frames, steps=2), threads, max_pixels)
            new_frames = [f for f in sample.frames if id(f) not in known]
            usable = [
                m for m in _measure(new_frames) if m.problem is None and m.sharpness >= BLUR_SHARE * reference
            ]
            extra = [_candidate(m, reference) for m in usable][: per_input * DETECT_INPUTS]
            _release_others(new_frames, extra)
            _detect(detector, extra)
            candidates = sorted(candidates + extra, key=lambda c: c.time_s)
            stats["second_look"] = len(extra)
        stats["detected_frames"] = len(candidates)
    else:
        _release_others(sample.frames, candidates)
        warnings.append(NO_MODEL_WARNING)
    stats["detect_s"] = time.perf_counter() - mark

    picks = choose(candidates, wants if products else [], count, sample.duration_s)
    if len(picks) < count:
        warnings.append(f"the video gave only {len(picks)} distinct frame(s) for {count} thumbnails")

    mark = time.perf_counter()
    thumbnails: list[Thumbnail] = []
    for pick in picks:
        frame = pick.candidate.frame
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
