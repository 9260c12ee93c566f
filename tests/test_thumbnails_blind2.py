"""What the third never-tuned set taught (issue 13, fourth round): a lamp's soft shadow on a sweep
is backdrop, not part of the product."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tiktok_commerce.synthetic_video import _background, _product_pixels
from tiktok_commerce.workers.thumbnails import quality

SMALL = (180, 320)  # the small copy's width, height


def _scene(backdrop: str, product, at: tuple[int, int], width: int, cutout: bool = True) -> np.ndarray:
    """A small copy of a frame (a bigger picture shrunk): the backdrop and the product at `at`."""
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


def test_a_soft_shadow_on_a_sweep_is_backdrop(images):
    # The pastel sweep has a lamp's shadow low in the middle (a third darker, same hue). It stood
    # out from the surface fitted to the border and joined the cup's region: a region twice the
    # cup's width, too wide for a square view, so the detector saw the whole picture.
    assert quality.object_region(_scene("pastel", None, (0, 0), 0)) is None
    region = quality.object_region(_scene("pastel", images / "coffee.png", (60, 60), 54))
    assert region is not None
    x0, y0, x1, y1 = region
    assert x0 >= 52 and x1 <= 122 and y1 <= 60 + 54 * 400 // 600 + 8, region
    # A dark product is no shadow: a black cup on the sweep still stands out whole.
    dark = _scene("pastel", None, (0, 0), 0).copy()
    dark[200:240, 70:110] = dark[200:240, 70:110] // 5
    got = quality.object_region(dark)
    assert got is not None and all(abs(a - b) <= 2 for a, b in zip(got, (70, 200, 110, 240), strict=True)), got
