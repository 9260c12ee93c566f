"""Cheap image screens, run on every sampled frame before the detector sees any.

All work on a small upright grayscale copy of the frame (longest side a few hundred pixels), so a
screen costs well under a millisecond. The detector is 80-90% of the cost of a video; these screens
decide which few frames are worth showing it.
"""

from __future__ import annotations

import numpy as np

DARK_MEAN = 45.0  # mean luminance below this: a dark frame (the detector still "sees" in those)
BRIGHT_MEAN = 225.0  # above this: blown out
FLAT_SPREAD = 28.0  # 5th-95th percentile spread below this: washed out, fog, a fade
CLIPPED_SHARE = 0.6  # this share of pixels at the black or white end: a fade, a flash, a title card


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """ITU-R BT.601 luma as float32."""
    rgb = rgb.astype(np.float32)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def exposure_problem(gray: np.ndarray) -> str | None:
    """'dark', 'bright', 'washed out', or None when the frame is exposed well enough to show."""
    mean = float(gray.mean())
    if mean < DARK_MEAN or float((gray < 16).mean()) > CLIPPED_SHARE:
        return "dark"
    if mean > BRIGHT_MEAN or float((gray > 240).mean()) > CLIPPED_SHARE:
        return "bright"
    low, high = np.percentile(gray, (5, 95))
    if high - low < FLAT_SPREAD:
        return "washed out"
    return None


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian: high for crisp edges, low for blur or motion smear."""
    g = gray.astype(np.float32)
    lap = -4.0 * g[1:-1, 1:-1] + g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:]
    return float(lap.var())


def signature(gray: np.ndarray, size: int = 16) -> np.ndarray:
    """A tiny, contrast-normalised picture of the frame for near-duplicate checks."""
    h, w = gray.shape
    ys = np.linspace(0, h, size + 1).astype(int)
    xs = np.linspace(0, w, size + 1).astype(int)
    # Block means via cumulative sums: cheap and independent of the frame size.
    integral = np.pad(gray.astype(np.float64).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = integral[np.ix_(ys[1:], xs[1:])] - integral[np.ix_(ys[:-1], xs[1:])]
    sums = sums - integral[np.ix_(ys[1:], xs[:-1])] + integral[np.ix_(ys[:-1], xs[:-1])]
    areas = np.outer(np.diff(ys), np.diff(xs)).clip(min=1)
    small = (sums / areas).astype(np.float32)
    return (small - small.mean()) / (small.std() + 1e-3)


def difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two signatures: ~0 for the same shot, ~1 for unrelated frames."""
    return float(np.abs(a - b).mean())
