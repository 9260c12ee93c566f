"""Small synthetic frames for the thumbnail tests: a backdrop and a product's photo drawn as the
pipeline's small copy of a 1080x1920 frame would show them, and frames' measurements."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from tiktok_commerce.synthetic_video import _background, _product_pixels
from tiktok_commerce.workers.thumbnails import pipeline

SMALL = (180, 320)  # the small copy's width, height
SOURCE = (1080, 1920)


def scene(backdrop: str, product: Path | None, at: tuple[int, int], width: int, cutout: bool) -> np.ndarray:
    """A small copy of a frame (a bigger picture shrunk): the backdrop and the product's photo at `at`
    (small copy pixels), cut out or whole."""
    k = 3
    frame = _background(SMALL[0] * k, SMALL[1] * k, 0, backdrop)[:, : SMALL[0] * k].copy()
    if product is not None:
        sprite, alpha = _product_pixels(product, width * k, cutout=cutout)
        h, w = sprite.shape[:2]
        x, y = at[0] * k, at[1] * k
        if alpha is None:
            frame[y : y + h, x : x + w] = sprite
        else:
            under = frame[y : y + h, x : x + w].astype(np.float32)
            frame[y : y + h, x : x + w] = (sprite * alpha + under * (1 - alpha)).astype(np.uint8)
    return np.asarray(Image.fromarray(frame).reduce(k))


@dataclass
class MeasuredFrame:
    """A decoded frame as the pipeline's measurements hold it: its small copy, time and size."""

    small: np.ndarray
    time_s: float
    size: tuple[int, int] = SOURCE


def frame_measures(time_s: float, sharpness: float, region: tuple[int, int, int, int]) -> pipeline._Measured:
    """A frame's measurements with only its time, sharpness and the region it was measured over."""
    frame = MeasuredFrame(np.zeros((320, 180, 3), np.uint8), time_s)
    return pipeline._Measured(
        frame,  # type: ignore[arg-type]
        sharpness,
        np.full((16, 16), time_s),
        None,
        region,
        [],
        None,
        np.zeros(3),
    )
