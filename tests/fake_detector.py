"""A fake object detector for the thumbnail pipeline: it implements the detector port
(workers/thumbnails/detection.py), and mypy checks that it does (`files` in pyproject.toml).

    fake = FixedDetector("cup", (0.25, 0.25, 0.75, 0.75), confidence=0.8)
    result = pipeline.generate(video, ["Espresso cup"], detector=fake)

It reports `label` in every image it is given, at `box` (shares of that image's width and height),
or nothing when `label` is None; `seen` keeps the shape of every image, in order.
"""

from __future__ import annotations

import numpy as np

from tiktok_commerce.workers.thumbnails.detection import Detection, Detector

COCO_SOME = ["person", "bicycle", "car", "cat", "dog", "bottle", "wine glass", "cup", "bowl", "vase"]


class FixedDetector:
    def __init__(
        self,
        label: str | None,
        box: tuple[float, float, float, float] = (0.25, 0.25, 0.75, 0.75),
        confidence: float = 0.8,
        frame_size: int = 320,
    ) -> None:
        self.label = label
        self.box = box
        self.confidence = confidence
        self.frame_size = frame_size
        self.names = COCO_SOME
        self.seen: list[tuple[int, ...]] = []

    @property
    def name(self) -> str:
        return f"fixed-{self.label or 'nothing'}"

    def frames_per_input(self, width: int, height: int) -> int:
        return 1

    def detect(self, images: list[np.ndarray]) -> list[list[Detection]]:
        found: list[list[Detection]] = []
        for image in images:
            self.seen.append(image.shape)
            if self.label is None:
                found.append([])
                continue
            height, width = image.shape[:2]
            x0, y0, x1, y1 = self.box
            box = (x0 * width, y0 * height, x1 * width, y1 * height)
            found.append([Detection(self.label, self.names.index(self.label), self.confidence, box)])
        return found


def _holds_to_the_port(fake: FixedDetector) -> Detector:
    return fake  # never called: mypy fails here when the fake misses or mistypes a member of the port
