"""The detector port: what the thumbnail pipeline asks of an object detector, and what it gets back.

The ONNX YOLO detector (detector.py) implements it, and so do the tests' fakes (tests/fake_detector.py,
checked by mypy too). The pipeline, the handler and the command line know only this port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Detection:
    label: str
    class_id: int
    confidence: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the pixels of the image passed in
    inferred: bool = False  # not detected in this frame: carried over from a frame of the same shot


class Detector(Protocol):
    """An object detector as the thumbnail pipeline uses it."""

    @property
    def name(self) -> str:
        """The model's name, reported with the thumbnails ("yolov8n_int8")."""

    @property
    def names(self) -> list[str]:
        """The labels it can report, by class id: a product title naming one finds it."""

    @property
    def frame_size(self) -> int:
        """The longest side, in pixels, the pipeline scales each image to before `detect`."""

    def frames_per_input(self, width: int, height: int) -> int:
        """How many images of this size one inference takes: the pipeline budgets its calls by it."""

    def detect(self, images: list[np.ndarray]) -> list[list[Detection]]:
        """Detections per image (RGB uint8 arrays, H x W x 3), boxes in each image's own pixels."""
