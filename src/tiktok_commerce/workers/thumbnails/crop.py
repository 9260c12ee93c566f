"""Cut a square thumbnail around the product: margin, clamped to the frame, resized, JPEG."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

THUMBNAIL_SIZE = 400
JPEG_QUALITY = 85
MARGIN = 0.18  # of the box's longer side, on each side: the product with a little room around it
MIN_SIDE_SHARE = 0.3  # a crop is at least this share of the frame's shorter side (no 40 px zoom-ins)


def square_around(
    box: tuple[float, float, float, float] | None, width: int, height: int
) -> tuple[int, int, int, int]:
    """A square [x0, y0, x1, y1] holding `box` with a margin, inside a width x height frame.

    Without a box (no detector, or nothing found) it is the largest centred square.
    """
    short = min(width, height)
    if box is None:
        cx, cy, side = width / 2, height / 2, float(short)
    else:
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        side = max(x1 - x0, y1 - y0) * (1 + 2 * MARGIN)
        side = min(max(side, short * MIN_SIDE_SHARE), short)
    side_px = max(1, int(round(side)))
    # Shift the square back inside the frame rather than shrinking it: the product stays whole.
    left = int(round(min(max(cx - side_px / 2, 0), width - side_px)))
    top = int(round(min(max(cy - side_px / 2, 0), height - side_px)))
    return left, top, left + side_px, top + side_px


def render(frame_rgb: np.ndarray, crop: tuple[int, int, int, int], size: int = THUMBNAIL_SIZE) -> bytes:
    """The crop as a size x size JPEG (Lanczos resampling, quality 85, progressive)."""
    image = Image.fromarray(frame_rgb).crop(crop)
    image = image.resize((size, size), Image.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
