"""Which detection shows the product, and which frames make each product's thumbnails.

A product title ("Ceramic coffee mug 350ml") is matched to the detector's labels ("cup") by
`labels.product_labels`. In a frame, a detection whose label fits the product wins over any other
object; else the most prominent non-person object of a plausible size (a coloured sticker detected as
a frisbee is usually tiny or huge, rarely product-sized); else a person (clothes are worn).

Each product gets its own picks. Frames where its label is detected come first, then frames where
some other prominent object is (for a title no label fits), then any frame. The picks of one product
differ: first one per shot (a stretch of the video where the picture stays alike), far apart in time
and clearly different in look (signature distance); these limits relax step by step only when the
video has too few shots, down to a floor: never twice the same moment.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tiktok_commerce.workers.thumbnails import quality
from tiktok_commerce.workers.thumbnails.detection import Detection
from tiktok_commerce.workers.thumbnails.labels import product_labels

__all__ = ["Candidate", "Choice", "best_detection", "choose", "most_shown", "product_labels", "shows"]

PLAUSIBLE_AREA = (0.015, 0.85)  # share of the frame a product shot's main object covers
SHOWS_PRODUCT = 0.4  # best_detection value from which a frame counts as showing the product
LABEL_VALUE = 0.6  # best_detection of a fitting label starts here: above any other object's
# Steps of (may share a shot with an earlier pick, least time apart as a share of duration / count,
# least signature difference), tried in turn until a product has its picks; the last leaves only the
# floor (MOMENT_S).
STEPS = ((False, 0.5, 0.25), (True, 0.5, 0.25), (True, 0.25, 0.12), (True, 0.1, 0.06), (True, 0.0, 0.0))
CONTEXT_LABELS = frozenset({"person", "dining table"})  # seen with every product: the hand, the table
MOMENT_S = 0.5  # the floor: two picks of one product are at least this far apart (or look different)


@dataclass(eq=False)  # compared by identity: the fields hold arrays
class Candidate:
    """A frame that passed the cheap screens, with what the detector saw in it."""

    index: int  # unique among the candidates of a video
    time_s: float
    sharpness: float
    signature: np.ndarray
    detections: list[Detection]  # boxes in upright source pixels
    frame_area: float  # of the picture the detections' boxes lie in (the content box), in source pixels
    quality: float = 0.0  # 0..1, sharpness relative to the video's sharpest frames
    image_side: int = 0  # unused since boxes are in source pixels; kept for older callers
    frame: Any = None  # the sampled frame it stands for (pipeline.py cuts the crop from it)
    views: list[tuple[int, int, int, int]] = field(default_factory=list)  # what the detector is shown
    region: tuple[int, int, int, int] | None = None  # what stands out from the backdrop (source pixels)
    backdrop: Any = None  # a plain backdrop's colour (numpy RGB), None when busy
    colours: Any = None  # the object's colours (quality.colours)
    shot: int = 0  # which stretch of the video (a new shot where the picture changes)
    lost: bool = False  # what the detector saw in its shot could not be found again in it: unseen
    core: tuple[int, int, int, int] | None = None  # where most of the region is (quality.Inspection.core)


@dataclass(eq=False)
class Choice:
    candidate: Candidate
    detection: Detection | None
    product_index: int | None
    relevance: float
    score: float


def best_detection(
    candidate: Candidate, wanted: set[str], others: AbstractSet[str] = frozenset()
) -> tuple[Detection | None, float]:
    """The detection that most likely shows the product, and how sure that choice is (0..1).

    A label that fits the product wins over any other object, whatever its size (LABEL_VALUE and up
    by its confidence); else the most prominent object of a plausible size (at most 0.55) that is
    not another product's (`others`), people and the table under the product last.
    """
    best: tuple[Detection | None, float] = (None, 0.0)
    for det in candidate.detections:
        if det.label in wanted:
            value = LABEL_VALUE + (1 - LABEL_VALUE) * det.confidence
        elif det.label in others:
            continue  # another product of the caption, not this one
        else:
            area = _area_share(det, candidate)
            plausible = PLAUSIBLE_AREA[0] <= area <= PLAUSIBLE_AREA[1]
            if det.label == "person":
                fit = 0.3
            elif det.label == "dining table":
                fit = 0.2  # the surface a product stands on, rarely the product
            else:
                fit = 0.55
            if not plausible:
                fit *= 0.4
            # Prominence: bigger boxes show the product better, up to a point.
            prominence = min(1.0, 0.5 + area * 2.5)
            value = fit * det.confidence * prominence
        if value > best[1]:
            best = (det, value)
    return best


def _area_share(det: Detection, candidate: Candidate) -> float:
    """The share of the picture a detection's box covers."""
    x0, y0, x1, y1 = det.box
    return max(0.0, x1 - x0) * max(0.0, y1 - y0) / max(candidate.frame_area, 1.0)


def most_shown(candidates: list[Candidate], others: AbstractSet[str] = frozenset()) -> set[str]:
    """For a title no label fits ("Custom Pet Portrait", "Night light"): the label of the object
    the video shows in the most shots, when one does in more than any other and in two or more
    (a seller films what is sold most; the pet or the mug beside it comes and goes). Not another
    product's label, nor a person or the table (they show every product), nor an object of no
    plausible size. Empty when none stands out: the prominent-object rule then decides."""
    shots: dict[str, set[int]] = {}
    for cand in candidates:
        for det in cand.detections:
            if det.label in others or det.label in CONTEXT_LABELS:
                continue
            if PLAUSIBLE_AREA[0] <= _area_share(det, cand) <= PLAUSIBLE_AREA[1]:
                shots.setdefault(det.label, set()).add(cand.shot)
    ranked = sorted((len(seen), label) for label, seen in shots.items())
    if not ranked or ranked[-1][0] < 2 or (len(ranked) > 1 and ranked[-2][0] == ranked[-1][0]):
        return set()
    return {ranked[-1][1]}


def shows(candidate: Candidate, wanted: set[str], others: AbstractSet[str] = frozenset()) -> bool:
    """Whether a frame shows the product: its label detected, or (for a title no label fits) a
    prominent object that is not another product's."""
    detection, value = best_detection(candidate, wanted, others)
    return detection is not None and (detection.label in wanted or (not wanted and value >= SHOWS_PRODUCT))


def choose(
    candidates: list[Candidate],
    product_wants: list[set[str]],
    count: int,
    duration_s: float,
) -> list[Choice]:
    """`count` picks for each product (product_index 0, 1, ...), or `count` picks when the caption
    names none (product_index None): frames that show it, sharp, different in time and look."""
    wants = product_wants or [set()]
    taken: set[int] = set()  # frames already picked for another product: others come first
    picks: list[Choice] = []
    for index, wanted in enumerate(wants):
        others = set().union(*(w for j, w in enumerate(wants) if j != index)) - wanted
        options = []
        for cand in candidates:
            detection, relevance = best_detection(cand, wanted, others)
            score = (0.15 + 0.85 * relevance) * (0.4 + 0.6 * cand.quality)
            options.append(Choice(cand, detection, index if product_wants else None, relevance, score))
        options.sort(key=lambda c: c.score, reverse=True)
        mine = _pick(options, wanted, others, count, duration_s, taken)
        taken.update(p.candidate.index for p in mine)
        picks.extend(sorted(mine, key=lambda c: c.candidate.time_s))
    return picks


def _pick(
    options: list[Choice], wanted: set[str], others: set[str], count: int, duration_s: float, taken: set[int]
) -> list[Choice]:
    """The tiers in order: frames that show the product; frames that show no other product; the
    rest. Within a tier, by score, through the STEPS of diversity.

    For a product with a label, among the frames that show no other product, those where the
    detector saw only a person or the table (and not the product's label) come after those where it
    saw nothing: such a detection is a figure or someone beside the product, or the hand over it,
    and a crop on its box misses a product the detector did not see; a frame where nothing was
    seen is cropped on what stands out from the backdrop."""
    showing = [o for o in options if shows(o.candidate, wanted, others)]
    elsewhere = [o for o in options if o not in showing and _shows_other(o.candidate, others)]
    rest = [o for o in options if o not in showing and o not in elsewhere]
    context = [o for o in rest if wanted and _context_only(o.candidate, wanted)]
    rest = [o for o in rest if o not in context]
    picked: list[Choice] = []
    span = max([duration_s, *(o.candidate.time_s for o in options)])  # a video may not say its duration
    spacing = span / max(count, 1)
    for tier in (showing, rest, context, elsewhere):
        for fresh_only in (True, False):  # frames another product has not taken first
            for same_shot, gap, look in STEPS:
                while len(picked) < count:
                    eligible = [
                        o
                        for o in tier
                        if not (fresh_only and o.candidate.index in taken)
                        and not _conflicts(o, picked, same_shot, gap * spacing, look)
                    ]
                    if not eligible:
                        break
                    # Within a shot, the frame farthest from the picks so far (the picks spread
                    # over the stretch); beyond a spacing apart, the better score.
                    picked.append(max(eligible, key=lambda o: (_apart(o, picked, spacing), o.score)))
                if len(picked) >= count:
                    return picked
    return picked


def _apart(option: Choice, picked: list[Choice], spacing: float) -> float:
    gaps = [abs(option.candidate.time_s - p.candidate.time_s) for p in picked]
    return min([spacing, *gaps])


def _context_only(candidate: Candidate, wanted: set[str]) -> bool:
    """Whether the detector saw something in the frame and all of it is a person or the table,
    none of them the product's own label."""
    labels = {det.label for det in candidate.detections}
    return bool(labels) and labels <= CONTEXT_LABELS - wanted


def _shows_other(candidate: Candidate, others: set[str]) -> bool:
    return any(det.label in others for det in candidate.detections)


def _conflicts(
    option: Choice, picked: list[Choice], same_shot: bool, min_gap: float, min_look: float
) -> bool:
    cand = option.candidate
    for p in picked:
        other = p.candidate
        if other.index == cand.index:
            return True
        apart = abs(other.time_s - cand.time_s)
        look = quality.difference(other.signature, cand.signature)
        if apart < MOMENT_S and look < 0.12:
            return True  # the same moment: never twice
        if not same_shot and other.shot == cand.shot:
            return True
        if apart < min_gap or look < min_look:
            return True
    return False
