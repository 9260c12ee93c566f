"""Which detection shows the product, and which five frames make the thumbnails.

A product title ("Ceramic coffee mug 350ml") is matched to the COCO labels the detector knows
("cup") through a small synonym map. A detection whose label fits a product wins; else the most
prominent non-person object of a plausible size (a coloured sticker detected as a frisbee is
usually tiny or huge, rarely product-sized); else a person (clothes are worn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from tiktok_commerce.workers.thumbnails import quality
from tiktok_commerce.workers.thumbnails.detector import Detection

# product words -> COCO labels that show such a product
SYNONYMS: dict[str, tuple[str, ...]] = {
    # drinkware and kitchen
    "mug": ("cup",),
    "cup": ("cup",),
    "tumbler": ("cup", "bottle"),
    "teacup": ("cup",),
    "coffee": ("cup",),
    "espresso": ("cup",),
    "latte": ("cup",),
    "tea": ("cup",),
    "bottle": ("bottle",),
    "flask": ("bottle",),
    "thermos": ("bottle",),
    "glass": ("wine glass", "cup"),
    "wineglass": ("wine glass",),
    "bowl": ("bowl",),
    "plate": ("bowl", "dining table"),
    "spoon": ("spoon",),
    "fork": ("fork",),
    "knife": ("knife",),
    "knives": ("knife",),
    "cutlery": ("fork", "knife", "spoon"),
    "toaster": ("toaster",),
    "microwave": ("microwave",),
    "oven": ("oven",),
    "fridge": ("refrigerator",),
    "refrigerator": ("refrigerator",),
    "vase": ("vase",),
    "plant": ("potted plant",),
    "cake": ("cake",),
    "donut": ("donut",),
    "doughnut": ("donut",),
    "pizza": ("pizza",),
    "sandwich": ("sandwich",),
    "banana": ("banana",),
    "apple": ("apple",),
    "orange": ("orange",),
    # bags and travel
    "bag": ("handbag", "backpack", "suitcase"),
    "handbag": ("handbag",),
    "purse": ("handbag",),
    "tote": ("handbag",),
    "clutch": ("handbag",),
    "backpack": ("backpack",),
    "rucksack": ("backpack",),
    "suitcase": ("suitcase",),
    "luggage": ("suitcase",),
    "umbrella": ("umbrella",),
    # worn things: the detector sees the person wearing them
    "sneaker": ("person",),
    "sneakers": ("person",),
    "shoe": ("person",),
    "shoes": ("person",),
    "boots": ("person",),
    "dress": ("person",),
    "shirt": ("person",),
    "tshirt": ("person",),
    "tee": ("person",),
    "hoodie": ("person",),
    "sweater": ("person",),
    "jacket": ("person",),
    "coat": ("person",),
    "jeans": ("person",),
    "pants": ("person",),
    "leggings": ("person",),
    "skirt": ("person",),
    "hat": ("person",),
    "cap": ("person",),
    "scarf": ("person",),
    "necklace": ("person",),
    "earrings": ("person",),
    "bikini": ("person",),
    "swimsuit": ("person",),
    "lipstick": ("person",),
    "costume": ("person",),
    "outfit": ("person",),
    "suit": ("person",),
    "blouse": ("person",),
    "shorts": ("person",),
    "sandals": ("person",),
    "heels": ("person",),
    "makeup": ("person",),
    "wig": ("person",),
    "tie": ("tie", "person"),
    # electronics
    "phone": ("cell phone",),
    "iphone": ("cell phone",),
    "smartphone": ("cell phone",),
    "case": ("cell phone",),
    "laptop": ("laptop",),
    "notebook": ("laptop", "book"),
    "macbook": ("laptop",),
    "keyboard": ("keyboard",),
    "mouse": ("mouse",),
    "remote": ("remote",),
    "tv": ("tv",),
    "television": ("tv",),
    "monitor": ("tv",),
    "screen": ("tv", "laptop"),
    "watch": ("clock",),
    "clock": ("clock",),
    "hairdryer": ("hair drier",),
    "dryer": ("hair drier",),
    "toothbrush": ("toothbrush",),
    "scissors": ("scissors",),
    # home
    "chair": ("chair",),
    "sofa": ("couch",),
    "couch": ("couch",),
    "bed": ("bed",),
    "table": ("dining table",),
    "book": ("book",),
    "journal": ("book",),
    "planner": ("book",),
    "plush": ("teddy bear",),
    "teddy": ("teddy bear",),
    "plushie": ("teddy bear",),
    # sport and pets
    "ball": ("sports ball",),
    "football": ("sports ball",),
    "racket": ("tennis racket",),
    "skateboard": ("skateboard",),
    "surfboard": ("surfboard",),
    "skis": ("skis",),
    "kite": ("kite",),
    "frisbee": ("frisbee",),
    "bike": ("bicycle",),
    "bicycle": ("bicycle",),
    "cat": ("cat",),
    "kitten": ("cat",),
    "dog": ("dog",),
    "puppy": ("dog",),
}

PLAUSIBLE_AREA = (0.015, 0.85)  # share of the frame a product shot's main object covers
SHOWS_PRODUCT = 0.4  # best_detection value from which a frame counts as showing the product


def product_labels(title: str, known: list[str] | None = None) -> set[str]:
    """COCO labels that would show a product with this title ("Ceramic Mug" -> {"cup"})."""
    words = re.findall(r"[a-z]+", title.lower())
    labels: set[str] = set()
    for word in words:
        for form in (
            word,
            word[:-1] if word.endswith("s") else word,
            word[:-2] if word.endswith("es") else word,
        ):
            labels.update(SYNONYMS.get(form, ()))
    text = " ".join(words)
    for label in known or ():
        if re.search(rf"\b{re.escape(label)}s?\b", text):
            labels.add(label)  # the title names the class itself ("wine glass set")
    return labels


@dataclass(eq=False)  # compared by identity: the fields hold arrays
class Candidate:
    """A frame that passed the cheap screens, with what the detector saw in it."""

    index: int  # unique among the candidates of a video
    time_s: float
    sharpness: float
    signature: np.ndarray
    detections: list[Detection]
    frame_area: float  # of the image the detections' boxes refer to
    quality: float = 0.0  # 0..1, sharpness relative to the video's sharpest frames
    image_side: int = 0  # longest side of the image the detector saw (boxes are in its pixels)
    frame: Any = None  # the sampled frame it stands for (pipeline.py cuts the crop from it)


@dataclass(eq=False)
class Choice:
    candidate: Candidate
    detection: Detection | None
    product_index: int | None
    relevance: float
    score: float


def best_detection(candidate: Candidate, wanted: set[str]) -> tuple[Detection | None, float]:
    """The detection that most likely shows the product, and how sure that choice is (0..1)."""
    best: tuple[Detection | None, float] = (None, 0.0)
    for det in candidate.detections:
        x0, y0, x1, y1 = det.box
        area = max(0.0, x1 - x0) * max(0.0, y1 - y0) / candidate.frame_area
        plausible = PLAUSIBLE_AREA[0] <= area <= PLAUSIBLE_AREA[1]
        if det.label in wanted:
            fit = 1.0
        elif det.label == "person":
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


def choose(
    candidates: list[Candidate],
    product_wants: list[set[str]],
    count: int,
    duration_s: float,
) -> list[Choice]:
    """Pick `count` frames that show the product(s), sharp, and different in time and content."""
    options: list[Choice] = []
    wants = product_wants or [set()]
    for cand in candidates:
        per_product = [best_detection(cand, want) for want in wants]
        product_index = int(np.argmax([value for _, value in per_product]))
        detection, relevance = per_product[product_index]
        score = (0.15 + 0.85 * relevance) * (0.4 + 0.6 * cand.quality)
        options.append(Choice(cand, detection, product_index if product_wants else None, relevance, score))
    options.sort(key=lambda c: c.score, reverse=True)

    picked: list[Choice] = []
    # Frames that show the product come before any that do not, even near-duplicates of each other;
    # within each tier, strict first (far apart in time, clearly different), then relaxed.
    steps = ((duration_s / (count * 2), 0.25), (duration_s / (count * 4), 0.12), (0.0, 0.0))
    for tier in ([o for o in options if o.relevance >= SHOWS_PRODUCT], options):
        for min_gap, min_diff in steps:
            for option in tier:
                if len(picked) >= count:
                    break
                if any(option is p for p in picked):
                    continue
                if _too_close(option, picked, min_gap, min_diff):
                    continue
                if len(wants) > 1 and not _fair(option, picked, options, wants):
                    continue
                picked.append(option)
    return sorted(picked[:count], key=lambda c: c.candidate.time_s)


def _too_close(option: Choice, picked: list[Choice], min_gap: float, min_diff: float) -> bool:
    for p in picked:
        if p.candidate.index == option.candidate.index:
            return True
        near = abs(p.candidate.time_s - option.candidate.time_s) < min_gap
        alike = quality.difference(p.candidate.signature, option.candidate.signature) < min_diff
        if near or alike:
            return True
    return False


def _fair(option: Choice, picked: list[Choice], options: list[Choice], wants: list[set[str]]) -> bool:
    """With several products, take the next pick from the product with the fewest picks so far
    among those that still have a good option."""
    if option.product_index is None or option.relevance < 0.3:
        return True
    counts = {i: sum(p.product_index == i for p in picked) for i in range(len(wants))}
    available = {
        o.product_index
        for o in options
        if o.relevance >= 0.3 and o.product_index is not None and not any(o is p for p in picked)
    }
    fewest = min((counts[i] for i in available), default=0)
    return counts[option.product_index] <= fewest
