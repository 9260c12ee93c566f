"""Cut a square thumbnail around the product: margin, kept inside the picture, sized, JPEG.

One square per pick; each image size is cut from it. An image is never enlarged past the source's
pixels: when the tight square holds fewer source pixels than the size asked for, the square grows
around the product (inside the picture) until it holds enough; when the picture itself is too small,
the image comes out smaller than asked, and the caller says so.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image

THUMBNAIL_SIZE = 400
JPEG_QUALITY = 85
MARGIN = 0.18  # of the box's longer side, on each side: the product with a little room around it
MIN_SIDE_SHARE = 0.3  # a crop is at least this share of the picture's shorter side (no 40 px zoom-ins)

Box = tuple[int, int, int, int]


def square_around(box: Sequence[float] | None, width: int, height: int, bounds: Box | None = None) -> Box:
    """A square [x0, y0, x1, y1] holding `box` (x0, y0, x1, y1) with a margin, inside `bounds`
    (default the whole width x height frame: the picture inside letterbox bars, when there are some).

    Without a box (no detector, or nothing found) it is the largest centred square.
    """
    bx0, by0, bx1, by1 = bounds or (0, 0, width, height)
    short = min(bx1 - bx0, by1 - by0)
    if box is None:
        cx, cy, side = (bx0 + bx1) / 2, (by0 + by1) / 2, float(short)
    else:
        x0, y0, x1, y1 = box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        side = max(x1 - x0, y1 - y0) * (1 + 2 * MARGIN)
        side = min(max(side, short * MIN_SIDE_SHARE), short)
    return placed(cx, cy, side, (bx0, by0, bx1, by1))


def grown(square: Box, side: int, bounds: Box) -> Box:
    """`square` grown about its centre to `side` pixels (at most the picture's shorter side)."""
    bx0, by0, bx1, by1 = bounds
    side = min(max(side, square[2] - square[0]), bx1 - bx0, by1 - by0)
    return placed((square[0] + square[2]) / 2, (square[1] + square[3]) / 2, side, bounds)


def placed(cx: float, cy: float, side: float, bounds: Box) -> Box:
    """A square of `side` centred on (cx, cy), shifted to lie inside `bounds`."""
    bx0, by0, bx1, by1 = bounds
    side_px = max(1, int(round(side)))
    # Shift the square back inside the picture rather than shrinking it: the product stays whole.
    left = int(round(min(max(cx - side_px / 2, bx0), bx1 - side_px)))
    top = int(round(min(max(cy - side_px / 2, by0), by1 - side_px)))
    return left, top, left + side_px, top + side_px


def encode(image: np.ndarray) -> bytes:
    """An RGB array as a JPEG at quality 85 with optimised Huffman tables. Baseline, not progressive:
    a 400 px image arrives at once anyway, and progressive encoding takes three times as long
    (3.7 ms against 1.2 ms at 400x400) for files 2% smaller."""
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def render(frame_rgb: np.ndarray, crop: Box, size: int = THUMBNAIL_SIZE) -> bytes:
    """The crop as a size x size JPEG (Lanczos resampling, quality 85)."""
    image = Image.fromarray(frame_rgb).crop(crop)
    image = image.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return encode(np.asarray(image))
