"""Which detector labels would show a product with a given title.

One function, `product_labels`, is all the rest of the generator asks: where the words come from
(this table today, the language packs' detector labels perhaps tomorrow) stays in this module.
"""

from __future__ import annotations

import re

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
