"""From a video file to product thumbnails: sample, screen, detect, choose, crop.

The detector is the expensive step, so it sees only the frames that pass the cheap screens
(exposure where the object is, sharpness, near-duplicates), and of each frame only the part that
matters: the picture inside letterbox bars, or, on a plain backdrop, a square around what stands out
from it, so a product a third of the frame wide fills the detector's view. Square views share one
inference four at a time, whole pictures two at a time (see detector.py).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from tiktok_commerce.workers.thumbnails import crop, quality
from tiktok_commerce.workers.thumbnails.content import Content, find_content
from tiktok_commerce.workers.thumbnails.crop import THUMBNAIL_SIZE
from tiktok_commerce.workers.thumbnails.detection import Detection, Detector
from tiktok_commerce.workers.thumbnails.detector import OnnxDetector
from tiktok_commerce.workers.thumbnails.frames import (
    MAX_PIXELS,
    SampledFrame,
    add_frames_at,
    sample_frames,
)
from tiktok_commerce.workers.thumbnails.select import (
    MOMENT_S,
    Candidate,
    Choice,
    choose,
    most_shown,
    product_labels,
    shows,
)

log = logging.getLogger(__name__)


class DetectorSettings(Protocol):
    """What loading the detector needs: `Settings`, or the command line's ThumbnailConfig."""

    @property
    def thumbnail_threads(self) -> int: ...
    @property
    def detector_input_size(self) -> int: ...

    def model_path(self) -> Path | None: ...


BLUR_SHARE = 0.35  # sharpness below this share of the video's sharp frames: blurred
SLIVER = 0.2  # a region whose shorter side is under this share of its longer: a seam, an edge, no object
DETECT_INPUTS = 2  # detector inputs per video, plus one per further product (several views each)
SHOT_CHANGE = 0.3  # signature difference between neighbouring samples that starts a new shot
MOVED_SHAPE = 2 * SHOT_CHANGE  # a second look's frame this alike in shape (and in colours) is the same shot
COLOUR_CHANGE = 18.0  # or this difference of the object's colours (grey levels, mean)
SHORT_GAP = 4 * MOMENT_S  # a gap this short between frames that show a product: the same stretch
SECOND_LOOK_BUDGET = 96  # frames a second look may decode (3 s at 30 fps); moments past it: left out
CARRIED_CONFIDENCE = 0.9  # a detection carried to another frame of its shot counts a little less
CARRY_GRID = 4  # a carried box is found again by its 4x4 colour picture
TRACK_STEPS = 4  # searched first at this many eighths of the box each way
TRACK_SAME = 6.0  # a carried box this close (grey levels) to the detected one needs no search
SQUARE_VIEW = 312  # a square view's side at the detector: four share one 640x640 input
VIEW_MARGIN = 0.25  # room around the standing-out region in a square view, of its longer side, each side
MIN_VIEW_SHARE = 0.35  # a square view is at least this share of the picture's shorter side
WHOLE_VIEW_SHARE = 0.85  # a region needing a square this big (of the shorter side): view the picture
WHOLE_REFERENCE_FRAMES = 3  # whole-picture frames that make a reference of their own
NO_MODEL_WARNING = "no detector model found: thumbnails chosen on image quality alone (centre crops)"

Box = tuple[int, int, int, int]


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
    size: int = THUMBNAIL_SIZE  # the JPEG's side in pixels
    listing_jpeg: bytes | None = None  # the larger listing image of the same pick, when asked for
    listing_size: int | None = None
    listing_crop: list[int] | None = None


@dataclass
class Result:
    thumbnails: list[Thumbnail]
    detector: str | None
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_detector(path: str, threads: int, frame_size: int, warm_up: bool = True) -> OnnxDetector:
    """One onnxruntime session per process and model: loading takes longer than an inference.

    A long-running worker warms it up (its first inference allocates), so no video pays for that;
    a one-off command skips the warm-up: its first video would pay the same again."""
    detector = OnnxDetector(path, threads=threads, frame_size=frame_size)
    if warm_up:
        detector.warm_up()
    return detector


def detector_for(
    settings: DetectorSettings, logger: logging.Logger | None = None, warm_up: bool = True
) -> Detector | None:
    """The configured detector, or None (image quality alone), said in the log."""
    path = settings.model_path()
    if path is None:
        (logger or log).warning(
            "no detector model (YOLO_MODEL unset, none in ./data/models; run `tiktok-commerce models pull`): "
            "thumbnails are chosen on image quality alone"
        )
        return None
    try:
        return load_detector(str(path), settings.thumbnail_threads, settings.detector_input_size, warm_up)
    except Exception as exc:  # a broken model file must not stop thumbnails: fall back, loudly
        (logger or log).error("the detector model %s cannot be loaded (%s): image quality alone", path, exc)
        return None


@dataclass(eq=False)  # compared by identity: the fields hold arrays
class _Measured:
    frame: SampledFrame
    sharpness: float
    signature: np.ndarray
    problem: str | None  # an exposure problem, or None
    region: Box | None  # what stands out from the backdrop, in source pixels
    parts: list[Box]  # the separate things in it, biggest first, in source pixels
    backdrop: np.ndarray | None  # a plain backdrop's colour (None: busy)
    colours: np.ndarray  # the object's colours (quality.colours): what a shape signature misses
    core: Box | None = None  # where most of the region is, in source pixels (quality.Inspection.core)


def _to_source(box: Box, frame: SampledFrame, small_box: Box) -> Box:
    """A box in the small copy's pixels (offset by small_box's origin) -> upright source pixels."""
    width, height = frame.size
    sx, sy = width / frame.small.shape[1], height / frame.small.shape[0]
    ox, oy = small_box[:2]
    x0, y0, x1, y1 = box
    return (
        int((x0 + ox) * sx),
        int((y0 + oy) * sy),
        min(width, int(np.ceil((x1 + ox) * sx))),
        min(height, int(np.ceil((y1 + oy) * sy))),
    )


def _measure(frames: list[SampledFrame], content: Content) -> list[_Measured]:
    measured = []
    for frame in frames:
        cut, band = content.cut(frame.small)
        view = content.view(frame.small)
        seen = quality.inspect(cut, band if band.any() else None)
        # Sharpness where the object is (a product on a plain backdrop is a small part of the frame).
        x0, y0, x1, y1 = seen.region or (0, 0, cut.shape[1], cut.shape[0])
        inside = cut[y0:y1, x0:x1]
        if band[y0:y1].any() and (~band[y0:y1]).sum() >= 4:
            inside = inside[~band[y0:y1]]
        small_box = content.pixels(frame.small.shape[1], frame.small.shape[0])
        measured.append(
            _Measured(
                frame,
                quality.sharpness(quality.grayscale(inside)),
                quality.signature(quality.grayscale(view)),
                seen.problem,
                _to_source(seen.region, frame, small_box) if seen.region else None,
                [_to_source(part, frame, small_box) for part in seen.parts],
                seen.backdrop,
                quality.colours(inside),
                _to_source(seen.core, frame, small_box) if seen.core else None,
            )
        )
    return measured


class _Reference:
    """What a sharp frame of this video scores, by what the measure was taken over: the region
    that stands out, or the whole picture where nothing does (a busy backdrop, or an object filling
    it). The two are not comparable: over a whole busy picture the measure is the backdrop's
    texture against its wide spread, ten or more times below a small sharp object's, so against
    the video's one reference every whole-picture frame looked blurred. Each kind is measured
    against its own sharp frames when there are WHOLE_REFERENCE_FRAMES of them, never more strictly
    than against the video's (the regions' sizes vary, and a tiny one would set too high a bar for
    the rest): two seconds of lawn before a statue came in (its region located) set the video's
    bar four times what the statue's sharp frames scored, and every one of them looked blurred."""

    def __init__(self, measured: list[_Measured], content: Content) -> None:
        self.content = content
        everything = self._percentile(measured)
        whole = [m for m in measured if self.whole(m)]
        located = [m for m in measured if not self.whole(m)]
        self.located = everything
        self.wholes = everything
        if len(whole) >= WHOLE_REFERENCE_FRAMES:
            self.wholes = min(everything, self._percentile(whole))
        if len(located) >= WHOLE_REFERENCE_FRAMES:
            self.located = min(everything, self._percentile(located))

    @staticmethod
    def _percentile(measured: list[_Measured]) -> float:
        return float(np.percentile([m.sharpness for m in measured], 90)) if measured else 0.0

    def whole(self, m: _Measured) -> bool:
        if m.region is None:
            return True
        x0, y0, x1, y1 = self.content.pixels(*m.frame.size)
        rx0, ry0, rx1, ry1 = m.region
        # a region this share of the picture or more: the measure is taken over the whole of it
        return (rx1 - rx0) * (ry1 - ry0) >= quality.WHOLE_REGION * max(1, (x1 - x0) * (y1 - y0))

    def of(self, m: _Measured) -> float:
        return (self.wholes if self.whole(m) else self.located) or 1.0


def _candidate(m: _Measured, reference: _Reference, content: Content) -> Candidate:
    width, height = m.frame.size
    bounds = content.pixels(width, height)
    x0, y0, x1, y1 = bounds
    cand = Candidate(
        index=id(m.frame),
        time_s=m.frame.time_s,
        sharpness=m.sharpness,
        signature=m.signature,
        detections=[],
        frame_area=float((x1 - x0) * (y1 - y0)),
        quality=min(1.0, m.sharpness / reference.of(m)),
        frame=m.frame,
    )
    cand.views = _views(m.region, m.parts, bounds)
    cand.region = m.region
    cand.backdrop = m.backdrop
    cand.colours = m.colours
    cand.core = m.core
    return cand


def _square(region: Box, bounds: Box) -> Box | None:
    """A square view around `region` with room around it, or None when it would be nearly the
    whole picture (then the picture itself is the view)."""
    short = min(bounds[2] - bounds[0], bounds[3] - bounds[1])
    x0, y0, x1, y1 = region
    side = max(x1 - x0, y1 - y0) * (1 + 2 * VIEW_MARGIN)
    if side > WHOLE_VIEW_SHARE * short:
        return None
    return crop.placed((x0 + x1) / 2, (y0 + y1) / 2, max(side, MIN_VIEW_SHARE * short), bounds)


def _views(region: Box | None, parts: list[Box], bounds: Box) -> list[Box]:
    """What the detector is shown of a frame: a square around what stands out from the backdrop; a
    square around each of two things far apart; else the whole picture."""
    if region is None:
        return [bounds]
    one = _square(region, bounds)
    if one is not None:
        return [one]
    squares = [_square(part, bounds) for part in parts]
    if len(squares) >= 2 and all(squares):
        return [sq for sq in squares if sq is not None]
    return [bounds]


def _screen(
    frames: list[SampledFrame], content: Content, count: int, warnings: list[str]
) -> tuple[list[Candidate], _Reference]:
    """Exposure, sharpness and near-duplicate screens: the frames worth a closer look, and the
    sharpness a sharp frame of this video has (the reference the others are measured against)."""
    measured = _measure(frames, content)
    shots = _shots(measured)
    exposed = [m for m in measured if m.problem is None]
    if not exposed:
        warnings.append("no well-exposed frame: the thumbnails may be dark or washed out")
        exposed = [m for m in measured if m.problem != "empty"] or measured
    # What a sharp frame of this video scores, on frames that show an object: where only a sliver
    # stands out (a seam in the fabric, nothing on it), the measure is the backdrop's fine weave
    # against its small spread, five to ten times a product's, and sharp products looked blurred.
    shown = [m for m in exposed if not _sliver(m.region)] or exposed
    reference = _Reference(shown, content)
    by_sharpness = sorted(exposed, key=lambda m: m.sharpness / reference.of(m), reverse=True)
    sharp = [m for m in by_sharpness if m.sharpness >= BLUR_SHARE * reference.of(m)]
    if len(sharp) < count:  # a blurry video: keep its best frames rather than none
        sharp = by_sharpness[: max(count, len(sharp))]
    # Near-identical frames stay: the detector sees one frame a shot anyway, and the picks keep
    # their distance (select.py); a product on screen briefly needs every frame that shows it.
    candidates = [_candidate(m, reference, content) for m in sharp]
    for cand in candidates:
        cand.shot = shots[id(cand.frame)]
    return sorted(candidates, key=lambda c: c.time_s), reference


def _sliver(region: Box | None) -> bool:
    """Whether what stands out is a sliver (a seam, the edge of something), not an object."""
    if region is None:
        return False
    w, h = region[2] - region[0], region[3] - region[1]
    return min(w, h) < SLIVER * max(w, h)


def _shots(measured: list[_Measured]) -> dict[int, int]:
    """A shot number for each frame (by id): a new shot where the picture changes from the sample
    before: its shape (signature), its object's colours, or whether it is usable at all."""
    shots: dict[int, int] = {}
    shot = 0
    previous: _Measured | None = None
    for m in sorted(measured, key=lambda m: m.frame.time_s):
        if previous is not None and (
            quality.difference(previous.signature, m.signature) > SHOT_CHANGE
            or quality.colour_difference(previous.colours, m.colours) > COLOUR_CHANGE
            or (previous.problem is None) != (m.problem is None)
        ):
            shot += 1
        shots[id(m.frame)] = shot
        previous = m
    return shots


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


def _for_detection(
    candidates: list[Candidate], per_picture: int, inputs: int, at_least: int = 0
) -> list[Candidate]:
    """The candidates to show the detector: the sharpest frame of every shot (shots spread evenly over
    the video when they are more than `inputs` detector inputs hold, but at least `at_least` of
    them: five picks want five shots seen, whatever they cost; the cheapest views first when
    that shows more shots), then, while they fit in the inputs already needed, a second frame of
    each shot (the one farthest in time from the first): an inference costs the same with one
    view as with four. The other frames of a shot take its detections (_carry_over)."""
    by_shot: dict[int, list[Candidate]] = {}
    for cand in sorted(candidates, key=lambda c: c.quality, reverse=True):
        by_shot.setdefault(cand.shot, []).append(cand)
    firsts = [by_shot[shot].pop(0) for shot in sorted(by_shot)]
    limit = len(firsts)
    chosen = firsts
    while limit > max(1, at_least) and _inputs(chosen, per_picture) > inputs + 1e-9:
        limit -= 1
        chosen = _spread(firsts, limit)
    # Cheapest views first, when that shows more shots in the inputs allowed (a whole picture
    # spread in first can fill an input that four squares would share).
    cheap: list[Candidate] = []
    for cand in sorted(firsts, key=lambda c: _inputs([c], per_picture)):
        if _inputs([*cheap, cand], per_picture) <= inputs + 1e-9:
            cheap.append(cand)
    if len(cheap) > len(chosen):
        chosen = sorted(cheap, key=lambda c: c.time_s)
    needed = math.ceil(_inputs(chosen, per_picture) - 1e-9)
    seconds = []
    for cand in firsts:
        left = by_shot[cand.shot]
        if any(cand is c for c in chosen) and left:
            seconds.append(max(left, key=lambda c: (abs(c.time_s - cand.time_s), c.quality)))
    for extra in seconds:
        if _inputs([*chosen, extra], per_picture) <= needed + 1e-9:
            chosen = [*chosen, extra]
    return sorted(chosen, key=lambda c: c.time_s)


def _spread(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """`limit` of the candidates (in time order), evenly spread over them."""
    if len(candidates) <= limit:
        return candidates
    picks = np.linspace(0, len(candidates) - 1, limit).round().astype(int)
    return [candidates[i] for i in sorted(set(picks.tolist()))]


def _is_square(view: Box) -> bool:
    return view[2] - view[0] == view[3] - view[1]


def _view_image(frame: SampledFrame, view: Box, frame_size: int) -> np.ndarray:
    """A view at the detector's size: a square at SQUARE_VIEW, the picture at frame_size."""
    x0, y0, x1, y1 = view
    w, h = x1 - x0, y1 - y0
    if _is_square(view):
        side = min(SQUARE_VIEW, frame_size)
        return frame.view(view, side, side)
    scale = frame_size / max(w, h)
    return frame.view(view, max(1, round(w * scale)), max(1, round(h * scale)))


def _inputs(candidates: list[Candidate], per_picture: int) -> float:
    """How many detector inputs the candidates' views fill (squares four to one, pictures per_picture)."""
    return sum(1 / 4 if _is_square(v) else 1 / per_picture for c in candidates for v in c.views)


def _zoomable(detected: list[Candidate], unfound: list[set[str]], content: Content) -> list[Candidate]:
    """Frames the detector saw whole though what stands out is known and smaller (something joined
    to the object made the region too wide for a square view), for products found in no frame:
    one a shot, those where nothing at all was found first, as many as one input holds."""
    if not unfound:
        return []
    wanted = set().union(*unfound)
    options = [
        c
        for c in detected
        if c.core is not None
        and c.region is not None
        and c.views == [content.pixels(*c.frame.size)]
        and not any(d.label in wanted for d in c.detections)
    ]
    options.sort(key=lambda c: (bool(c.detections), -c.quality))
    chosen: list[Candidate] = []
    for cand in options:
        if len(chosen) < 4 and all(c.shot != cand.shot for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.time_s)


def _core_view(cand: Candidate, content: Content) -> Box:
    """A square view on the core of a frame's region: no margin (the core spans the region's
    shorter side already, and what joined the object lies beside it), at least MIN_VIEW_SHARE."""
    assert cand.core is not None
    bounds = content.pixels(*cand.frame.size)
    short = min(bounds[2] - bounds[0], bounds[3] - bounds[1])
    x0, y0, x1, y1 = cand.core
    side = min(max(x1 - x0, y1 - y0, MIN_VIEW_SHARE * short), short)
    return crop.placed((x0 + x1) / 2, (y0 + y1) / 2, side, bounds)


def _detect(
    detector: Detector,
    candidates: list[Candidate],
    content: Content,
    views: list[Box] | None = None,
    keep: bool = False,
) -> None:
    """What the detector finds in the candidates' views (or in `views`, one a candidate), in source
    pixels; with `keep`, added to what was found in them before."""
    jobs = [(cand, view) for cand in candidates for view in cand.views]
    if views is not None:
        jobs = list(zip(candidates, views, strict=True))
    images = [_view_image(cand.frame, view, detector.frame_size) for cand, view in jobs]
    if not keep:
        for cand in candidates:
            cand.detections = []
    for (cand, view), image, found in zip(jobs, images, detector.detect(images), strict=True):
        x0, y0, x1, y1 = view
        sx, sy = (x1 - x0) / image.shape[1], (y1 - y0) / image.shape[0]
        height = cand.frame.size[1]
        for det in found:
            bx0, by0, bx1, by1 = det.box
            box = (x0 + bx0 * sx, y0 + by0 * sy, x0 + bx1 * sx, y0 + by1 * sy)
            if content.in_band((box[1] + box[3]) / 2, height):
                continue  # burnt-in text is not a product
            if _blown(cand, box):
                continue  # the product's own pixels are clipped: no use as a thumbnail
            cand.detections.append(Detection(det.label, det.class_id, det.confidence, box))


def _blown(cand: Candidate, box: tuple[float, float, float, float]) -> bool:
    """Whether the product's own pixels in the box (in the small copy) are blown out or black."""
    width, height = cand.frame.size
    small = cand.frame.small
    sx, sy = small.shape[1] / width, small.shape[0] / height
    x0, y0 = int(box[0] * sx), int(box[1] * sy)
    x1, y1 = max(x0 + 1, int(np.ceil(box[2] * sx))), max(y0 + 1, int(np.ceil(box[3] * sy)))
    return quality.box_problem(small[y0:y1, x0:x1], cand.backdrop) is not None


def _joins(shot_frame: Candidate, m: _Measured) -> bool:
    """Whether a second look's frame belongs to the shot of the frame beside it: the object's
    colours decide; the picture's shape may change as much as a product moving fast across it
    changes it (MOVED_SHAPE; a cut to another scene changes both). Where the product now is,
    _carry_over finds again, or drops it."""
    return quality.difference(shot_frame.signature, m.signature) <= MOVED_SHAPE and (
        quality.colour_difference(shot_frame.colours, m.colours) <= COLOUR_CHANGE
    )


def _still_there(shot_frame: Candidate, cand: Candidate, m: _Measured) -> bool:
    """Whether what the detector found in a second look's neighbour is found again in it (its
    colours near where it was): on a textured backdrop the object's region takes in some of the
    texture around it, differently in every frame, so the region's colours change while the
    product's do not."""
    if quality.difference(shot_frame.signature, m.signature) > MOVED_SHAPE:
        return False
    return any(_track(shot_frame, det.box, cand, det.box) is not None for det in shot_frame.detections)


def _thin(candidates: list[Candidate], wants: list[set[str]], index: int, count: int) -> bool:
    """Whether a product is seen too little to have its picks: in fewer shots than its picks, and
    in fewer frames (when five frames show it, the picks can share shots, an input more would
    only add choice)."""
    return (
        len(_showing_shots(candidates, wants, index)) < count
        and len(_showing(candidates, wants, index)) < count
    )


def _unseen(candidates: list[Candidate], detected: list[Candidate]) -> list[Candidate]:
    """The frames the detector has in effect not seen: those of shots it was shown no frame of, and
    those where nothing it saw in their shot was found again (_carry_over's `lost`)."""
    shots = {d.shot for d in detected}
    return [c for c in candidates if c.shot not in shots or c.lost]


def _carry_over(candidates: list[Candidate], detected: list[Candidate]) -> None:
    """Frames the detector did not see take the detections of the nearest frame it saw in the same
    shot, moved as what stands out from the backdrop moved (a shot is a stretch where the picture
    stays alike, so what was there is still there)."""
    for cand in candidates:
        if any(cand is d for d in detected):
            continue
        mates = [d for d in detected if d.shot == cand.shot and d.detections]
        if not mates:
            continue
        mate = min(mates, key=lambda d: abs(d.time_s - cand.time_s))
        dx, dy = _shift(mate.region, cand.region)
        width, height = cand.frame.size
        carried = []
        for det in mate.detections:
            box = _track(mate, det.box, cand, _moved(det.box, dx, dy, width, height))
            if box is not None:
                carried.append(
                    Detection(det.label, det.class_id, det.confidence * CARRIED_CONFIDENCE, box, True)
                )
        cand.detections = carried
        # Nothing the detector saw in the shot is here: the frame shows something else (on a busy
        # backdrop a product coming or going leaves the picture's look, and its shot, the same).
        cand.lost = not carried


def _track(
    mate: Candidate,
    box: tuple[float, float, float, float],
    cand: Candidate,
    guess: tuple[float, float, float, float],
) -> tuple[float, float, float, float] | None:
    """Where a box detected in `mate` lies in another frame of its shot: the place near `guess`
    (up to half the box's size away, then finer) whose tiny colour picture is closest to the
    detected one, or None when no place is close (COLOUR_CHANGE): the object left.

    A shot is split on the whole picture's look, so on a busy backdrop a small object coming or
    going, or moving, stays in one shot with the frames around it; carried as it was, its box would
    hold backdrop, or half of it. Searched on the small copies, with integral images."""
    want = _grid_colours(_Integral(mate.frame.small, _small_box(mate, box)), _small_box(mate, box), [0], [0])
    small = cand.frame.small
    gx0, gy0, gx1, gy1 = guessed = _small_box(cand, guess)
    bw, bh = gx1 - gx0, gy1 - gy0
    h, w = small.shape[:2]
    # Coarse to fine: steps of an eighth of the box up to half of it each way, then around the
    # best place at half the step, down to a pixel; all inside one window's integral image.
    reach_x, reach_y = bw // 2 + 2, bh // 2 + 2
    window = _Integral(small, (gx0 - reach_x, gy0 - reach_y, gx1 + reach_x, gy1 + reach_y))
    if np.abs(_grid_colours(window, guessed, [0], [0])[0, 0] - want).mean() <= TRACK_SAME:
        return guess  # where it was guessed (the usual case: a product on a plain backdrop)
    best, step, reach, diff = (gx0, gy0), (bw / 8, bh / 8), TRACK_STEPS, np.inf
    while True:
        xs = np.unique(np.clip(np.round(best[0] + step[0] * np.arange(-reach, reach + 1)), 0, w - bw))
        ys = np.unique(np.clip(np.round(best[1] + step[1] * np.arange(-reach, reach + 1)), 0, h - bh))
        xs = xs[np.abs(xs - gx0) <= reach_x]
        ys = ys[np.abs(ys - gy0) <= reach_y]
        got = _grid_colours(window, guessed, (xs - gx0).tolist(), (ys - gy0).tolist())
        diffs = np.abs(got - want).mean(axis=(2, 3, 4))
        iy, ix = np.unravel_index(int(np.argmin(diffs)), diffs.shape)
        best, diff = (int(xs[ix]), int(ys[iy])), float(diffs[iy, ix])
        if max(step) <= 1:
            break
        step, reach = (max(1.0, step[0] / 2), max(1.0, step[1] / 2)), 1
    if diff > COLOUR_CHANGE:
        return None
    width, height = cand.frame.size
    return _moved(guess, (best[0] - gx0) * width / w, (best[1] - gy0) * height / h, width, height)


def _small_box(cand: Candidate, box: tuple[float, float, float, float]) -> Box:
    """A box in source pixels -> the frame's small copy (at least 1x1 pixel, inside it)."""
    width, height = cand.frame.size
    h, w = cand.frame.small.shape[:2]
    x0 = min(w - 1, max(0, int(box[0] * w / width)))
    y0 = min(h - 1, max(0, int(box[1] * h / height)))
    x1 = min(w, max(x0 + 1, int(np.ceil(box[2] * w / width))))
    y1 = min(h, max(y0 + 1, int(np.ceil(box[3] * h / height))))
    return x0, y0, x1, y1


class _Integral:
    """The integral image (sums from the top left, per colour) of a window of a picture, clipped to
    the picture: any box's sum inside it in four look-ups."""

    def __init__(self, pixels: np.ndarray, window: Box) -> None:
        h, w = pixels.shape[:2]
        self.left, self.top = max(0, window[0]), max(0, window[1])
        self.right, self.bottom = min(w, window[2]), min(h, window[3])
        part = pixels[self.top : self.bottom, self.left : self.right]
        self.sums = np.zeros((part.shape[0] + 1, part.shape[1] + 1, 3), dtype=np.int32)
        # int32 holds 255 x 4 megapixels; its running sums are three times quicker than float64's.
        self.sums[1:, 1:] = part.cumsum(axis=0, dtype=np.int32).cumsum(axis=1, dtype=np.int32)


def _grid_colours(integral: _Integral, box: Box, dxs: list[int], dys: list[int]) -> np.ndarray:
    """The CARRY_GRID x CARRY_GRID block means (RGB) of `box` shifted by every (dy, dx):
    an array [len(dys), len(dxs), grid, grid, 3], cut to the integral's window."""
    x0, y0, x1, y1 = box
    ex = np.round(np.linspace(0, x1 - x0, CARRY_GRID + 1)).astype(int)
    ey = np.round(np.linspace(0, y1 - y0, CARRY_GRID + 1)).astype(int)
    ex[1:] = np.maximum(ex[1:], ex[:-1] + 1)  # every cell at least a pixel
    ey[1:] = np.maximum(ey[1:], ey[:-1] + 1)
    cols = np.clip(x0 + np.asarray(dxs, dtype=int)[:, None] + ex[None, :], integral.left, integral.right)
    rows = np.clip(y0 + np.asarray(dys, dtype=int)[:, None] + ey[None, :], integral.top, integral.bottom)
    cols, rows = cols - integral.left, rows - integral.top  # [dx, edge], [dy, edge]
    r0, r1 = rows[:, None, :-1, None], rows[:, None, 1:, None]  # [dy, 1, gy, 1]
    c0, c1 = cols[None, :, None, :-1], cols[None, :, None, 1:]  # [1, dx, 1, gx]
    sums = integral.sums
    total = sums[r1, c1] - sums[r0, c1] - sums[r1, c0] + sums[r0, c0]
    area = np.maximum((r1 - r0) * (c1 - c0), 1)[..., None]
    means: np.ndarray = total / area
    return means


def _shift(before: Box | None, after: Box | None) -> tuple[float, float]:
    """How far what stands out moved between two frames of a shot; nothing when it changed shape
    (something else came in, or it is the whole picture): then the box stays where it was."""
    if before is None or after is None:
        return 0.0, 0.0
    (bx0, by0, bx1, by1), (ax0, ay0, ax1, ay1) = before, after
    similar = all(0.75 <= a / max(b, 1) <= 1.33 for a, b in ((ax1 - ax0, bx1 - bx0), (ay1 - ay0, by1 - by0)))
    if not similar:
        return 0.0, 0.0
    return (ax0 + ax1 - bx0 - bx1) / 2, (ay0 + ay1 - by0 - by1) / 2


def _moved(
    box: tuple[float, float, float, float], dx: float, dy: float, width: int, height: int
) -> tuple[float, float, float, float]:
    dx = min(max(dx, -box[0]), width - box[2])
    dy = min(max(dy, -box[1]), height - box[3])
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _render(pick: Choice, content: Content, size: int, listing_size: int | None) -> Thumbnail:
    """The pick's thumbnail (and listing image): a square around the product inside the picture,
    grown where it holds fewer source pixels than the image (never enlarged)."""
    frame = pick.candidate.frame
    width, height = frame.size
    bounds = content.pixels(width, height)
    box = [round(v, 1) for v in pick.detection.box] if pick.detection is not None else None
    tight = crop.square_around(box, width, height, bounds)
    square = crop.grown(tight, size, bounds)
    side = min(size, square[2] - square[0])
    thumbnail = Thumbnail(
        jpeg=crop.encode(frame.view(square, side, side, lanczos=True)),
        time_s=round(frame.time_s, 3),
        box=box,
        crop=list(square),
        label=pick.detection.label if pick.detection else None,
        confidence=round(pick.detection.confidence, 3) if pick.detection else None,
        sharpness=round(pick.candidate.sharpness, 3),
        score=round(pick.score, 3),
        product_index=pick.product_index,
        size=side,
    )
    if listing_size:
        wide = crop.grown(tight, listing_size, bounds)
        listing_side = min(listing_size, wide[2] - wide[0])
        thumbnail.listing_jpeg = crop.encode(frame.view(wide, listing_side, listing_side, lanczos=True))
        thumbnail.listing_size = listing_side
        thumbnail.listing_crop = list(wide)
    return thumbnail


def _infer_labels(candidates: list[Candidate], wants: list[set[str]], unlabelled: list[int]) -> None:
    """A title no label fits takes the label of what the video shows most (select.most_shown),
    when something does: then the picks prefer it over a distractor as a named product's do."""
    for index in unlabelled:
        others = set().union(*(w for j, w in enumerate(wants) if j != index and j not in unlabelled))
        wants[index] = most_shown(candidates, others)


def _shows(cand: Candidate, wants: list[set[str]], index: int) -> bool:
    others = set().union(*(w for j, w in enumerate(wants) if j != index)) - wants[index]
    return shows(cand, wants[index], others)


def _showing(candidates: list[Candidate], wants: list[set[str]], index: int) -> list[Candidate]:
    return [c for c in candidates if _shows(c, wants, index)]


def _moments(showing: list[Candidate]) -> int:
    """How many distinct moments the frames span: frames within a moment (select.MOMENT_S) of one
    counted count once, as the picks never take both (a keyframe and the frame decoded 0.2 s after
    it are one pick, so five such frames in three moments left two picks to empty frames)."""
    last = -float("inf")
    moments = 0
    for t in sorted(c.time_s for c in showing):
        if t - last >= MOMENT_S:
            moments, last = moments + 1, t
    return moments


def _showing_shots(candidates: list[Candidate], wants: list[set[str]], index: int) -> set[int]:
    return {c.shot for c in _showing(candidates, wants, index)}


def _moments_between(showing: list[Candidate], wanted: int) -> list[float]:
    """About `wanted` times (twice as many to try), each a moment (select.MOMENT_S) or more from
    every frame that shows a product, likeliest to show it too first: halfway across short gaps
    between them (SHORT_GAP: the same stretch, most likely), then a moment after and before each
    (the first after: decoding runs forward from a keyframe), then further on past the last and
    before the first (a product seen in one stretch only), then halfway across long gaps (other
    stretches lie between). A frame there may not show it: the caller checks."""
    times = sorted({c.time_s for c in showing})
    if not times:
        return []
    step = 1.1 * MOMENT_S
    pairs = list(zip(times, times[1:], strict=False))
    short = [
        (a + b) / 2 for a, b in sorted(pairs, key=lambda p: p[0] - p[1]) if 2 * MOMENT_S <= b - a <= SHORT_GAP
    ]
    beside = [t + step for t in times] + [t - step for t in times]
    clear = [t for t in beside if all(abs(t - u) >= MOMENT_S for u in times)]
    beyond = [t for j in range(2, wanted + 1) for t in (times[-1] + j * step, times[0] - j * step)]
    long = [(a + b) / 2 for a, b in sorted(pairs, key=lambda p: p[0] - p[1]) if b - a > SHORT_GAP]
    ranked = list(dict.fromkeys(t for t in [*short, *clear, *beyond, *long] if t >= 0))
    return sorted(ranked[: 2 * wanted])


def _second_look_times(
    candidates: list[Candidate], wants: list[set[str]], deficit: dict[int, int]
) -> list[float]:
    """Times to decode for the products short of frames: each product's own gaps and ends (two
    products' frames interleave, and a gap between a frame of one and a frame of the other holds
    neither)."""
    return sorted(
        {t for i, d in deficit.items() if d > 0 for t in _moments_between(_showing(candidates, wants, i), d)}
    )


def generate(
    path: str | Path,
    products: list[str],
    count: int = 5,
    detector: Detector | None = None,
    threads: int = 1,
    size: int = THUMBNAIL_SIZE,
    max_pixels: int = MAX_PIXELS,
    listing_size: int | None = None,
) -> Result:
    """Thumbnails for the video at `path`, `count` for each of `products` (the caption's product
    titles; `count` in all when there are none), each `size` pixels square, and a `listing_size`
    image of the same pick when asked. Neither is ever enlarged past the source's pixels."""
    stats: dict[str, float] = {}
    started = time.perf_counter()
    sample = sample_frames(path, threads=threads, max_pixels=max_pixels)
    stats["decode_s"] = time.perf_counter() - started
    stats["keyframes"] = sample.keyframes
    stats["sampled"] = len(sample.frames)
    warnings = list(sample.warnings)

    mark = time.perf_counter()
    content = find_content([f.small for f in sample.frames])
    screen_warnings: list[str] = []
    candidates, reference = _screen(sample.frames, content, count, screen_warnings)
    good = [c for c in candidates if c.quality >= BLUR_SHARE]
    if len(good) < count and good:
        # Too few usable keyframes (a short video, or mostly dark/blurred): look around the good ones.
        added = add_frames_at(sample, path, _around(good, sample.frames), threads, max_pixels)
        stats["added"] = added
        if added:
            screen_warnings = []
            candidates, reference = _screen(sample.frames, content, count, screen_warnings)
    warnings.extend(screen_warnings)
    _release_others(sample.frames, candidates)
    stats["screen_s"] = time.perf_counter() - mark
    stats["screened"] = len(candidates)

    mark = time.perf_counter()
    wants = [product_labels(title, detector.names if detector else None) for title in products] or [set()]
    if detector is not None:
        x0, y0, x1, y1 = content.pixels(*candidates[0].frame.size)
        per_picture = detector.frames_per_input(x1 - x0, y1 - y0)
        inputs = DETECT_INPUTS + max(0, len(products) - 1)
        detected = _for_detection(candidates, per_picture, inputs, count + 1)
        _detect(detector, detected, content)
        _carry_over(candidates, detected)
        unlabelled = [i for i, wanted in enumerate(wants) if not wanted] if products else []
        _infer_labels(candidates, wants, unlabelled)
        thin = [i for i in range(len(wants)) if _thin(candidates, wants, i, count)]
        rest = _unseen(candidates, detected)
        if thin and rest:
            # A product seen in few shots, and shots the detector has not seen: one input more.
            more = _for_detection(rest, per_picture, 1)
            _detect(detector, more, content)
            detected = sorted(detected + more, key=lambda c: c.time_s)
            _carry_over(candidates, detected)
            _infer_labels(candidates, wants, unlabelled)
            stats["second_pass"] = len(more)
        unfound = [wants[i] for i in range(len(wants)) if wants[i] and not _showing(candidates, wants, i)]
        zoomed = _zoomable(detected, unfound, content)
        if zoomed:
            # Found in no frame (so no second look around one), and frames shown whole because
            # something joined to the object made its region too wide: their object's own
            # square, zoomed, in one input more.
            _detect(detector, zoomed, content, views=[_core_view(c, content) for c in zoomed], keep=True)
            _carry_over(candidates, detected)
            stats["zoomed"] = len(zoomed)
        deficit = {i: count - _moments(_showing(candidates, wants, i)) for i in range(len(wants))}
        showing = [c for c in candidates if any(_shows(c, wants, i) for i, d in deficit.items() if d > 0)]
        if showing:
            # Too few frames show a product (it is on screen briefly): frames decoded just over a
            # moment after those that show it (decoding forward from their keyframe is cheapest),
            # which take the detections of the shot they belong to.
            known = {id(f) for f in sample.frames}
            times = _second_look_times(candidates, wants, deficit)
            add_frames_at(sample, path, times, threads, max_pixels, SECOND_LOOK_BUDGET, exact=True)
            new_frames = [f for f in sample.frames if id(f) not in known]
            extra = []
            for m in _measure(new_frames, content):
                nearest = min(showing, key=lambda c: abs(c.time_s - m.frame.time_s))
                if m.problem is None and m.sharpness >= BLUR_SHARE * reference.of(m):
                    cand = _candidate(m, reference, content)
                    if _joins(nearest, m) or _still_there(nearest, cand, m):
                        cand.shot = nearest.shot
                        extra.append(cand)
            _carry_over(extra, detected)
            candidates = sorted(candidates + extra, key=lambda c: c.time_s)
            stats["second_look"] = len(extra)
        _release_others(sample.frames, candidates)
        stats["detected_views"] = sum(len(c.views) for c in detected)
        stats["detected_frames"] = len(detected)
    else:
        warnings.append(NO_MODEL_WARNING)
    stats["detect_s"] = time.perf_counter() - mark

    picks = choose(candidates, wants if products else [], count, sample.duration_s)
    for index in range(max(1, len(products))):
        got = sum(1 for p in picks if p.product_index == (index if products else None))
        if got < count:
            whose = f" of product {index}" if len(products) > 1 else ""
            warnings.append(f"the video gave only {got} distinct frame(s) for {count} thumbnails{whose}")

    mark = time.perf_counter()
    thumbnails = [_render(pick, content, size, listing_size) for pick in picks]
    made: list[tuple[int | None, list[int | None]]] = [
        (size, [t.size for t in thumbnails]),
        (listing_size, [t.listing_size for t in thumbnails]),
    ]
    for asked, sides in made:
        smaller = sorted({side for side in sides if asked and side and side < asked})
        if smaller:
            warnings.append(
                f"the video's picture is too small for {asked}x{asked} images without enlarging it: "
                f"{smaller[0]}x{smaller[0]} instead"
            )
    for frame in sample.frames:
        frame.release()
    stats["extra_decoded"] = sample.extra_decoded
    stats["crop_s"] = time.perf_counter() - mark
    stats["total_s"] = time.perf_counter() - started
    return Result(thumbnails, detector.name if detector else None, warnings, stats)
