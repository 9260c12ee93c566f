"""Where a video's picture is: letterbox bars and burnt-in text bands are not content.

A landscape clip posted as a portrait TikTok has black bars above and below; an editing app burns a
caption strip across the frame. Both are the same in every frame. Measured over the whole frame they
make a dark video look "dark", a blurred one look sharp, and every frame look alike; cut into a
thumbnail they waste its pixels. So the screens, the detector and the crops work on the content box,
and rows of a text band inside it are left out of the screens.

Found once per video on the small upright copies of its sampled frames:
- *bars*: dark rows (columns) at the edges that are flat in every frame and never change, on both
  sides (letterboxing centres the picture); a light box's clipped white walls are not bars;
- *text bands*: a run of still rows the width of the frame, most of it one colour, holding text (many
  short strokes across a row, unlike an object's few long ones). A band near the top or bottom of the
  picture is cut off with what lies beyond it; one in the middle is only left out of the screens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BAR_FLAT = 3.0  # spatial std of a bar's row, in grey levels
BAR_DARK = 40.0  # bars are black (a bright flat edge is a light box's wall, not a bar)
STILL = 2.0  # mean temporal std of a row that never changes
MIN_CONTENT = 0.25  # bars never leave less than this share of the frame's side
BAR_BALANCE = 0.25  # bars on the two sides differ by at most this share of the larger (centred)
BAND_DOMINANT = 0.5  # share of a band row at the band's colour
BAND_HEIGHT = (0.02, 0.25)  # of the picture's height
BAND_EDGE = 0.2  # a band this close to the picture's top or bottom is cut off with what is beyond


@dataclass(frozen=True)
class Content:
    """The picture inside a frame, as fractions of the upright frame, and text band rows within it."""

    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    bands: tuple[tuple[float, float], ...] = ()  # (top, bottom) fractions of the frame's height

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The box in the pixels of a width x height frame (at least 2 x 2)."""
        x0, y0 = int(round(self.box[0] * width)), int(round(self.box[1] * height))
        x1, y1 = int(round(self.box[2] * width)), int(round(self.box[3] * height))
        return x0, y0, max(x1, x0 + 2), max(y1, y0 + 2)

    def band_rows(self, height: int) -> np.ndarray:
        """Which of a frame's `height` rows lie in a text band (with a row of slack each side)."""
        rows = np.arange(height)
        inside = np.zeros(height, dtype=bool)
        for top, bottom in self.bands:
            inside |= (rows >= int(top * height) - 1) & (rows <= int(np.ceil(bottom * height)))
        return inside

    def cut(self, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`image` (upright, any size) cut to the content box, and which of its rows are text band."""
        h, w = image.shape[:2]
        x0, y0, x1, y1 = self.pixels(w, h)
        return image[y0:y1, x0:x1], self.band_rows(h)[y0:y1]

    def view(self, image: np.ndarray) -> np.ndarray:
        """`image` cut to the content box with its text band rows left out: what the screens measure."""
        cut, band = self.cut(image)
        return cut[~band] if band.any() and (~band).sum() >= 4 else cut

    def in_band(self, y: float, height: int) -> bool:
        """Whether row y (frame pixels) lies in a text band."""
        return any(top * height <= y <= bottom * height for top, bottom in self.bands)

    @property
    def whole(self) -> bool:
        return self.box == (0.0, 0.0, 1.0, 1.0) and not self.bands


def _edge_run(flags: np.ndarray) -> int:
    """How many leading entries are True."""
    false = np.flatnonzero(~flags)
    return int(false[0]) if false.size else len(flags)


def _bars(flat: np.ndarray, still: np.ndarray) -> tuple[int, int]:
    """Bar sizes at the start and end of one axis, or (0, 0) when they are not a centred pair."""
    bar = flat & still
    start, end = _edge_run(bar), _edge_run(bar[::-1])
    n = len(bar)
    if start + end > n * (1 - MIN_CONTENT) or min(start, end) == 0:
        return 0, 0
    if abs(start - end) > BAR_BALANCE * max(start, end) + 1:
        return 0, 0
    return start, end


def _text_rows(median: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: most of it one colour; that colour; and whether it holds text strokes."""
    level = np.median(median, axis=1)
    deviation = np.abs(median - level[:, None])
    dominant = (deviation < 10).mean(axis=1) >= BAND_DOMINANT
    strokes = deviation > 60
    # Text: several short strokes across the row (an object's row has one or two long ones).
    starts = (strokes[:, 1:] & ~strokes[:, :-1]).sum(axis=1) + strokes[:, 0]
    width = median.shape[1]
    mean_run = strokes.sum(axis=1) / np.maximum(starts, 1)
    text = (starts >= 4) & (mean_run <= 0.05 * width)
    return dominant, level, text


def _bands(gray: np.ndarray, still_rows: np.ndarray, top: int, bottom: int) -> list[tuple[int, int]]:
    """Runs of rows in [top, bottom) that are a text band: still, one colour, with text inside."""
    median = np.median(gray, axis=0)
    dominant, level, text = _text_rows(median)
    candidate = still_rows & dominant
    bands: list[tuple[int, int]] = []
    y = top
    height = bottom - top
    while y < bottom:
        if not candidate[y]:
            y += 1
            continue
        end = y + 1
        while end < bottom and candidate[end] and abs(level[end] - level[y]) < 12:
            end += 1
        # Text rows inside a band are not "dominant" when the letters are large: bridge short gaps.
        while end < bottom and text[end]:
            end += 1
            while end < bottom and candidate[end] and abs(level[end] - level[y]) < 12:
                end += 1
        size = end - y
        if BAND_HEIGHT[0] * height <= size <= BAND_HEIGHT[1] * height and text[y:end].sum() >= 2:
            bands.append((y, end))
        y = end
    return bands


def find_content(smalls: list[np.ndarray]) -> Content:
    """The content box and text bands of a video, from small upright RGB copies of its frames."""
    if not smalls or len({s.shape for s in smalls}) != 1:
        return Content()
    rgb = np.stack(smalls).astype(np.float32)
    gray = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    n, h, w = gray.shape
    if n >= 3:
        spread = gray.std(axis=0)
        still_rows, still_cols = spread.mean(axis=1) < STILL, spread.mean(axis=0) < STILL
    else:  # too few frames to tell what never changes: only black bars count
        still_rows = gray.mean(axis=(0, 2)) < 24
        still_cols = gray.mean(axis=(0, 1)) < 24
    # Text bands first (a caption strip may sit inside a bar), over the whole frame.
    found = _bands(gray, still_rows, 0, h) if n >= 3 else []
    in_band = np.zeros(h, dtype=bool)
    for b0, b1 in found:
        in_band[b0:b1] = True
    dark_rows, dark_cols = gray.mean(axis=(0, 2)) < BAR_DARK, gray.mean(axis=(0, 1)) < BAR_DARK
    flat_rows = (gray.std(axis=2).max(axis=0) < BAR_FLAT) & dark_rows
    top, bottom = _bars(flat_rows | in_band, still_rows | in_band)
    left, right = _bars((gray.std(axis=1).max(axis=0) < BAR_FLAT) & dark_cols, still_cols)
    y0, y1, x0, x1 = top, h - bottom, left, w - right
    bands: list[tuple[int, int]] = []
    for b0, b1 in found:
        if b1 <= y0 or b0 >= y1:
            continue  # inside a bar
        margin = BAND_EDGE * (y1 - y0)
        # A row of slack: the small copy's rows at a band's edge are half band (area averaging).
        if b0 - y0 <= margin and (b1 - y0) < (y1 - y0) / 2:
            y0 = max(y0, b1 + 1)  # a caption strip at the top: the picture starts below it
        elif y1 - b1 <= margin and (y1 - b0) < (y1 - y0) / 2:
            y1 = min(y1, b0 - 1)
        else:
            bands.append((b0, b1))
    if y1 - y0 < MIN_CONTENT * h or x1 - x0 < MIN_CONTENT * w:
        return Content()
    return Content(
        box=(x0 / w, y0 / h, x1 / w, y1 / h),
        bands=tuple((b0 / h, b1 / h) for b0, b1 in bands if y0 <= b0 and b1 <= y1),
    )
