"""Cheap image screens, run on every sampled frame before the detector sees any.

All work on a small upright copy of the frame's content (longest side a few hundred pixels), so a
screen costs well under a millisecond. The detector is most of the cost of a video; these screens
decide which few frames are worth showing it.

Exposure is judged where the product is, not over the whole frame: a cup on a white sweep fills a
third of a frame whose other pixels are all over 240, and a ring on black velvet one whose others
are all near black. Before the detector runs, the region is the part of the picture that stands out
from its backdrop (the colour of its border); after, it is the detection's box. A frame is "bright"
or "dark" only when that region is; a frame where nothing stands out from a flat backdrop is
"empty".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

DARK_MEAN = 45.0  # mean luminance below this: a dark frame (the detector still "sees" in those)
BRIGHT_MEAN = 225.0  # above this: blown out
FLAT_SPREAD = 28.0  # 1st-99th percentile spread below this: washed out, fog, a fade
CLIPPED_SHARE = 0.6  # this share of pixels at the black or white end: a fade, a flash, a title card
SHOWN_SHARE = 0.1  # on a busy backdrop, this share of a clipped picture exposed well can be the product


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """ITU-R BT.601 luma as float32."""
    rgb = rgb.astype(np.float32)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


OBJECT_DIFF = 24.0  # colour distance from the backdrop that makes a pixel part of an object
OBJECT_MIN_SHARE = 0.004  # less than this share of the picture standing out: nothing is there
BUSY_BACKDROP = 10.0  # the border strays this far from a smooth surface: a busy backdrop, no model
BLOWN_SHARE = 0.6  # on a busy backdrop, a product box this share clipped is blown out (or black)
CLIPPED_OBJECT = 0.35  # an object whose own pixels are this share clipped is blown out (or crushed)
PALETTE_STEP = 16  # a patterned backdrop's colours are told apart in bins of this many levels
PALETTE_LEVELS = 256 // PALETTE_STEP
PALETTE_BIN = 0.02  # a bin holding this share of the border is one of the pattern's colours
PALETTE_COVER = 0.9  # the pattern's colours make this share of the border: a few-colour pattern
PALETTE_MOST = 0.5  # more than this share of the picture off the pattern's colours: not a pattern
WHOLE_REGION = 0.9  # a region this share of the picture's area locates nothing: judged as busy
SHADE_RANGE = (0.45, 0.97)  # a soft shadow dims the backdrop by this factor (1: not at all)
SHADE_HUE = 0.06  # ... the same in every channel, within this
SHADE_SLOPE = 0.04  # ... and changes by at most this from one (half-size) pixel to the next
TEXTURE_BLOCK = 4  # a textured backdrop is compared block by block, blocks this many (half-size) pixels wide
TEXTURE_RING = 2  # the border's blocks: this many rows and columns of them at each edge
TEXTURE_DIFF = 24.0  # a block whose colour or spread is this far from every border block's stands out
PIECES = 8  # at most this many separate things make an object's region
# A region whose longer side is this share of the picture's shorter side or more (a board, a tray)
# is looked inside: with the detector's margin around it (pipeline.VIEW_MARGIN), its square would be
# most of the picture (pipeline.WHOLE_VIEW_SHARE), so the detector would see the whole picture.
INNER_SIDE = 0.55
INNER_MARGIN = 0.06  # ... leaving out this share of its size at each edge (its rim, its corners)
# ... where what stands out from it covers at most this share of it: something small on it, which
# the detector sees better in a view of its own (a large photo's subject, its face, is not that)
INNER_MOST = 0.1
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


@lru_cache(maxsize=16)
def _surface(h: int, w: int, ring: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For an h x w picture: the quadratic surface's terms at every pixel, the border mask, and the
    terms at the border (cached: every frame of a video shares them)."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs, ys = xs / w - 0.5, ys / h - 0.5
    terms = np.stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys], axis=-1).reshape(h * w, 6)
    edge = np.zeros((h, w), dtype=bool)
    edge[:ring], edge[-ring:], edge[:, :ring], edge[:, -ring:] = True, True, True, True
    return terms, edge, terms[edge.reshape(-1)]


def _halved(rgb: np.ndarray) -> np.ndarray:
    """The picture at half size (2x2 means), as float32: the mask needs no finer grain. Summed in
    16-bit integers (exact, as float32's sums of four levels are) and converted once."""
    h, w = rgb.shape[0] // 2 * 2, rgb.shape[1] // 2 * 2
    pixels = rgb[:h, :w].astype(np.uint16)
    sums = pixels[0::2, 0::2] + pixels[1::2, 0::2] + pixels[0::2, 1::2] + pixels[1::2, 1::2]
    return sums.astype(np.float32) / 4


def _channel_max(values: np.ndarray) -> np.ndarray:
    """The largest of the last axis's three values (colour channels): the same as .max(axis=-1),
    which numpy reduces slowly over so short an axis."""
    largest: np.ndarray = np.maximum(np.maximum(values[..., 0], values[..., 1]), values[..., 2])
    return largest


def _channel_min(values: np.ndarray) -> np.ndarray:
    """The smallest of the last axis's three values, as .min(axis=-1)."""
    smallest: np.ndarray = np.minimum(np.minimum(values[..., 0], values[..., 1]), values[..., 2])
    return smallest


Box = tuple[int, int, int, int]


def _object_mask(
    rgb: np.ndarray, skip_rows: np.ndarray | None = None, inner: bool = False
) -> tuple[np.ndarray | None, np.ndarray | None, list[Box]]:
    """Which pixels stand out from a smooth backdrop (all of them on a busy one, None when none do),
    the backdrop's typical colour (None when it is busy), and the separate things among them,
    biggest first (none on a busy backdrop). When what stands out is most of the picture (a
    cutting board on slate, a tray), what stands out from it instead, if anything does
    (_inside).

    Worked out at half size; the mask and the boxes returned are the picture's size."""
    h, w = rgb.shape[:2]
    if h < 16 or w < 16:
        return np.ones((h, w), dtype=bool), None, []
    pixels = _halved(rgb)
    hh, hw = pixels.shape[:2]
    skip = skip_rows[: hh * 2 : 2] if skip_rows is not None else None
    terms, edge, edge_terms = _surface(hh, hw, max(1, min(hh, hw) // 25))
    if skip is not None and skip.any():  # a text band is neither backdrop nor object
        edge = edge.copy()
        edge[skip] = False
        edge_terms = terms[edge.reshape(-1)]
    border = pixels[edge]
    coeffs, *_ = np.linalg.lstsq(edge_terms, border, rcond=None)
    # Once more without the border pixels far off the first fit: an object touching the edge of the
    # picture is not backdrop.
    off = _channel_max(np.abs(border - edge_terms @ coeffs))
    kept = off <= max(OBJECT_DIFF, 3 * float(np.median(off)))
    if kept.sum() >= 0.5 * len(border):
        coeffs, *_ = np.linalg.lstsq(edge_terms[kept], border[kept], rcond=None)
        border, edge_terms = border[kept], edge_terms[kept]
    scatter = float(np.median(np.abs(border - edge_terms @ coeffs), axis=0).max())
    colour: np.ndarray | None
    textured = False
    if scatter > BUSY_BACKDROP and inner:
        return np.ones((h, w), dtype=bool), None, []  # inside a photo or a product: no surface
    if scatter > BUSY_BACKDROP:
        # Not smooth; perhaps a pattern of a few colours (stripes, checks, a window and its
        # frame): then what stands out is what has none of them.
        mask = _off_palette(pixels, edge)
        if mask is None:
            # A texture (wood, a print): what stands out locates the product, nothing standing
            # out says nothing (a product of the texture's colours): the whole picture.
            textured = True
            mask = _off_texture(pixels, skip)
        if mask is None:
            return np.ones((h, w), dtype=bool), None, []
        colour = None
    else:
        colour = np.median(border, axis=0)
        backdrop = (terms @ coeffs).reshape(hh, hw, 3)
        away = _channel_max(np.abs(pixels - backdrop)) > max(OBJECT_DIFF, 4 * scatter)
        if away.any():  # a shadow is backdrop (looked for only around what stands out: cheaper)
            rows, cols = np.flatnonzero(away.any(axis=1)), np.flatnonzero(away.any(axis=0))
            y0, y1 = max(0, int(rows[0]) - 1), int(rows[-1]) + 2
            x0, x1 = max(0, int(cols[0]) - 1), int(cols[-1]) + 2
            near = (slice(y0, y1), slice(x0, x1))
            away[near] &= ~_shade(pixels[near], backdrop[near].astype(np.float32))
        if inner:
            # Inside a board: its strips of darker or paler wood stray from a smooth surface, but
            # each runs to its edge, so their colours are the border's; a cup's are not.
            index, common, _ = _border_palette(pixels, edge)
            away &= ~common[index]
        mask = _solid(away)
        if not inner and _spans(mask):
            # A sparse print on a plain ground (flowers on a pink sheet): the ground is smooth at
            # the border, but the motifs stand out all over the picture, so the region would be
            # the whole picture. Block by block the print repeats itself and a product does not.
            texture = _off_texture(pixels, skip)
            if texture is not None:
                mask, colour, textured = texture, None, True
    if skip is not None:
        mask[skip] = False
    if mask.mean() < OBJECT_MIN_SHARE:
        return (np.ones((h, w), dtype=bool), None, []) if textured else (None, colour, [])
    # Only pieces of an object's size count: a stray blot of the backdrop's texture far from the
    # object would stretch its region (and the detector's view) across the picture.
    pieces = _parts(mask, PIECES)
    if not pieces:
        return (np.ones((h, w), dtype=bool), None, []) if textured else (None, colour, [])
    kept = np.zeros_like(mask)
    for x0, y0, x1, y1 in pieces:
        kept[y0:y1, x0:x1] = mask[y0:y1, x0:x1]
    full = np.zeros((h, w), dtype=bool)
    full[: hh * 2, : hw * 2] = kept.repeat(2, axis=0).repeat(2, axis=1)
    if not inner:
        found = _inside(rgb, full, skip_rows)
        if found is not None:
            return found
    return full, colour, [(2 * x0, 2 * y0, 2 * x1, 2 * y1) for x0, y0, x1, y1 in pieces]


def _spans(mask: np.ndarray) -> bool:
    """Whether what stands out in a mask spans WHOLE_REGION of the picture (locating nothing)."""
    if not mask.any():
        return False
    x0, y0, x1, y1 = _bounds(mask)
    return (x1 - x0) * (y1 - y0) >= WHOLE_REGION * mask.size


def _inside(
    rgb: np.ndarray, mask: np.ndarray, skip_rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None, list[Box]] | None:
    """What stands out from a large thing that stands out itself (its longer side INNER_SIDE of the
    picture's shorter side or more, short of WHOLE_REGION of its area): a cup on a cutting board
    that lies on slate, a product on a tray.
    The thing is the backdrop then, looked at inside its edges (INNER_MARGIN left out) as a smooth
    surface (a pattern or a texture there is a photo's or a product's, not a board's). None when
    nothing stands out from it (it may be the product), when it is no surface (a busy photo, a
    large product) or when what stands out is most of it.

    The board stood out from the slate, so the region was the board, most of the picture: the
    detector saw the whole picture, the cup a fifth of its width too small in it."""
    h, w = mask.shape
    x0, y0, x1, y1 = _bounds(mask)
    if max(x1 - x0, y1 - y0) < INNER_SIDE * min(h, w) or (x1 - x0) * (y1 - y0) >= WHOLE_REGION * h * w:
        return None
    mx, my = round(INNER_MARGIN * (x1 - x0)), round(INNER_MARGIN * (y1 - y0))
    ix0, iy0, ix1, iy1 = x0 + mx, y0 + my, x1 - mx, y1 - my
    skip = skip_rows[iy0:iy1] if skip_rows is not None else None
    inner, colour, pieces = _object_mask(rgb[iy0:iy1, ix0:ix1], skip, inner=True)
    if inner is None or inner.all() or not pieces:
        return None
    bx0, by0, bx1, by1 = _bounds(inner)
    if (bx1 - bx0) * (by1 - by0) > INNER_MOST * inner.size:
        return None
    full = np.zeros((h, w), dtype=bool)
    full[iy0:iy1, ix0:ix1] = inner
    return full, colour, [(px0 + ix0, py0 + iy0, px1 + ix0, py1 + iy0) for px0, py0, px1, py1 in pieces]


def _off_palette(pixels: np.ndarray, edge: np.ndarray) -> np.ndarray | None:
    """On a patterned backdrop, the pixels whose colour is none of the few its border is made of
    (PALETTE_STEP-level bins holding PALETTE_BIN of the border, and the bins next to them); None
    when the border is no such pattern (a room, books of every colour) or most of the picture
    would stand out.

    Stripes, checks or a window and its frame defeat the smooth surface, yet a cup on them is as
    plain to see as on a sweep: its colours are not the backdrop's."""
    index, near, cover = _border_palette(pixels, edge)
    if cover < PALETTE_COVER:
        return None  # the border has too many colours to be a pattern
    mask = _solid(~near[index])
    if mask.mean() > PALETTE_MOST:
        return None
    return mask


def _border_palette(pixels: np.ndarray, edge: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Each pixel's colour bin (PALETTE_STEP levels a channel), which bins are the border's common
    colours or next to one (PALETTE_BIN of the border each), and the share of the border they make."""
    bins = np.minimum(pixels.astype(np.int32) // PALETTE_STEP, PALETTE_LEVELS - 1)
    index = (bins[..., 0] * PALETTE_LEVELS + bins[..., 1]) * PALETTE_LEVELS + bins[..., 2]
    counts = np.bincount(index[edge], minlength=PALETTE_LEVELS**3)
    common = counts >= PALETTE_BIN * edge.sum()
    cube = common.reshape((PALETTE_LEVELS,) * 3)
    near = np.zeros_like(cube)
    padded = np.pad(cube, 1)
    n = PALETTE_LEVELS
    for dr in range(3):
        for dg in range(3):
            for db in range(3):
                near |= padded[dr : dr + n, dg : dg + n, db : db + n]
    return index, near.reshape(-1), float(counts[common].sum() / max(1, edge.sum()))


def _shade(pixels: np.ndarray, backdrop: np.ndarray) -> np.ndarray:
    """Which pixels are the backdrop in a soft shadow: the backdrop's own colour dimmed (each
    channel by the same factor, SHADE_RANGE), the factor changing slowly (SHADE_SLOPE a pixel).

    A lamp's shadow on a sweep is darker than the surface fitted to the border, so it stood out
    and joined the product's region (a region twice the product's size: the detector's view was
    the whole picture and the product too small in it). An object's own pixels change colour, or
    change abruptly at its edge, so at most a flat grey object's inside goes: its outline stays."""
    ratio = pixels / np.maximum(backdrop, 1.0)
    dim = (ratio[..., 0] + ratio[..., 1] + ratio[..., 2]) / 3  # .mean(axis=-1)'s values, sooner
    same = (_channel_max(ratio) - _channel_min(ratio)) <= SHADE_HUE
    slope = np.zeros_like(dim)
    slope[:, 1:] = np.abs(np.diff(dim, axis=1))
    slope[1:] = np.maximum(slope[1:], np.abs(np.diff(dim, axis=0)))
    slope[:, :-1] = np.maximum(slope[:, :-1], slope[:, 1:])
    slope[:-1] = np.maximum(slope[:-1], slope[1:])
    return np.asarray(same & (dim >= SHADE_RANGE[0]) & (dim <= SHADE_RANGE[1]) & (slope <= SHADE_SLOPE))


def _off_texture(pixels: np.ndarray, skip: np.ndarray | None) -> np.ndarray | None:
    """On a textured backdrop (floorboards, a printed fabric, tiles and stone), the blocks of the
    picture unlike every block of its border: each TEXTURE_BLOCK-pixel block is described by its
    mean colour and its spread (per channel), and stands out when no border block's description is
    within TEXTURE_DIFF (or twice what the border's own blocks need to find a like one, 90th
    percentile) on three of the picture's four sides. None when no block does, when most of the
    picture would, or when the border is not one texture all round (a room, a bookshelf: a side's
    blocks find no like ones on the other sides).

    Wood grain or a flowered print strays from any smooth surface pixel by pixel, and has too many
    colours for a pattern; block by block it repeats itself, and a cup on it does not."""
    b = TEXTURE_BLOCK
    hh, hw = pixels.shape[:2]
    bh, bw = hh // b, hw // b
    if bh < 2 * TEXTURE_RING + 2 or bw < 2 * TEXTURE_RING + 2:
        return None
    blocks = pixels[: bh * b, : bw * b].reshape(bh, b, bw, b, 3)
    described = np.concatenate([blocks.mean(axis=(1, 3)), blocks.std(axis=(1, 3))], axis=-1)
    described = described.astype(np.float32).reshape(bh * bw, 6)
    r = TEXTURE_RING
    sides = np.zeros((4, bh, bw), dtype=bool)
    sides[0, :r], sides[1, -r:], sides[2, :, :r], sides[3, :, -r:] = True, True, True, True
    if skip is not None and skip.any():  # a text band is neither backdrop nor object
        banded = np.asarray(skip[: bh * b]).reshape(bh, b).any(axis=1).reshape(1, bh, 1)
        sides &= ~banded
    ring = sides.any(axis=0).reshape(-1)
    border = described[ring]
    if len(border) < 8 or not sides.reshape(4, -1).any(axis=1).all():
        return None
    among = _farthest_channel(border, border)
    np.fill_diagonal(among, np.inf)
    # A texture is the same on every side: each side's blocks find like ones on the others. A
    # room (a wall above, a floor below, furniture at one side) or a bookshelf does not.
    on_side = sides.reshape(4, -1)[:, ring]
    for side in on_side:
        if float(np.percentile(among[side][:, ~side].min(axis=1), 90)) > TEXTURE_DIFF:
            return None
    limit = max(TEXTURE_DIFF, 2 * float(np.percentile(among.min(axis=1), 90)))
    # Unlike the blocks of three sides out of four: an object touching one edge of the picture
    # is part of that side's border, not of the backdrop.
    distances = _farthest_channel(described, border)
    per_side = np.stack([distances[:, side].min(axis=1) for side in on_side])
    nearest = np.sort(per_side, axis=0)[1]
    unlike = (nearest > limit).reshape(bh, bw)
    if not unlike.any() or unlike.mean() > PALETTE_MOST:
        return None
    mask = np.zeros((hh, hw), dtype=bool)
    mask[: bh * b, : bw * b] = unlike.repeat(b, axis=0).repeat(b, axis=1)
    return mask


def _farthest_channel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For rows of a (N x K) and b (M x K): the N x M largest difference over the K columns (one
    column at a time: far cheaper than a broadcast N x M x K array)."""
    out: np.ndarray = np.abs(a[:, :1] - b[:, 0])
    for k in range(1, a.shape[1]):
        np.maximum(out, np.abs(a[:, k : k + 1] - b[:, k]), out=out)
    return out


def _solid(mask: np.ndarray) -> np.ndarray:
    """The mask without specks: a pixel stands out only when most of its 3x3 neighbourhood does.

    A textured backdrop (paper fibres, fabric, grain) has pixels far from its smooth fit here and
    there; an object is a solid patch of them. Its edge loses no more than a pixel."""
    padded = np.pad(mask, 1).astype(np.uint8)
    h, w = mask.shape
    count = sum(padded[dy : dy + h, dx : dx + w] for dy in range(3) for dx in range(3))
    return np.asarray(count >= 5)


def object_region(rgb: np.ndarray, skip_rows: np.ndarray | None = None) -> tuple[int, int, int, int] | None:
    """The box [x0, y0, x1, y1) of what stands out from the backdrop; None when nothing does.

    The backdrop is a smooth surface (a quadratic in x and y per channel: a sweep's fall-off, a
    gradient, a vignette) fitted to the picture's border. A pixel stands out when one of its channels
    is OBJECT_DIFF (or four times the border's own scatter about the surface) away from it. When the
    border itself is busy (a room, wood, a pattern) there is no backdrop to model: the region is the
    whole picture, the old whole-frame rule.
    """
    mask, _, _ = _object_mask(rgb, skip_rows)
    return None if mask is None else _bounds(mask)


def _bounds(mask: np.ndarray) -> tuple[int, int, int, int]:
    """The box of a mask's pixels, ignoring rows and columns with only stray ones."""
    rows, cols = mask.mean(axis=1), mask.mean(axis=0)
    ys_on = np.flatnonzero(rows > 0.02 * rows.max())
    xs_on = np.flatnonzero(cols > 0.02 * cols.max())
    return int(xs_on[0]), int(ys_on[0]), int(xs_on[-1]) + 1, int(ys_on[-1]) + 1


def _runs(on: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of True in `on`, joined across gaps shorter than min_gap."""
    idx = np.flatnonzero(on)
    if not idx.size:
        return []
    breaks = np.flatnonzero(np.diff(idx) > min_gap)
    starts = [idx[0], *idx[breaks + 1]]
    ends = [*idx[breaks], idx[-1]]
    return [(int(a), int(b) + 1) for a, b in zip(starts, ends, strict=True)]


def _parts(mask: np.ndarray, limit: int) -> list[tuple[int, int, int, int]]:
    """The separate things in a mask (a product above, a person below), biggest first; pieces
    smaller than an object (OBJECT_MIN_SHARE) left out.

    Cuts across the rows where nothing stands out, then across the columns of each part, and so on
    inside each part while it still splits (a recursive X-Y cut): enough to tell two objects apart,
    and a blot of texture from the object beside it, cheap, with no connected-component labelling.
    """
    h, w = mask.shape
    gaps = (max(2, h // 40), max(2, w // 40))
    smallest = OBJECT_MIN_SHARE * mask.size
    parts: list[tuple[float, tuple[int, int, int, int]]] = []

    def cut(x0: int, y0: int, x1: int, y1: int, depth: int) -> None:
        piece = mask[y0:y1, x0:x1]
        if piece.sum() < smallest:
            return
        boxes = [
            (x0 + cx0, y0 + ry0, x0 + cx1, y0 + ry1)
            for ry0, ry1 in _runs(piece.mean(axis=1) > 0.01, gaps[0])
            for cx0, cx1 in _runs(piece[ry0:ry1].mean(axis=0) > 0.01, gaps[1])
        ]
        if depth > 0 and boxes and boxes != [(x0, y0, x1, y1)]:
            for box in boxes:
                cut(*box, depth - 1)
            return
        bx0, by0, bx1, by1 = _bounds(piece)
        parts.append((float(piece.sum()), (x0 + bx0, y0 + by0, x0 + bx1, y0 + by1)))

    cut(0, 0, w, h, 4)
    parts.sort(key=lambda p: p[0], reverse=True)
    return [box for _, box in parts[:limit]]


@dataclass
class Inspection:
    """What the screens see in a picture: its exposure problem, if any, and where its objects are."""

    problem: str | None  # 'dark', 'bright', 'washed out', 'empty' or None
    region: tuple[int, int, int, int] | None  # all that stands out from the backdrop
    parts: list[tuple[int, int, int, int]]  # the separate things in it, biggest first (at most two)
    backdrop: np.ndarray | None = None  # a plain backdrop's colour (None: busy)
    # the square of the region's shorter side holding most of it
    core: tuple[int, int, int, int] | None = None


def inspect(rgb: np.ndarray, skip_rows: np.ndarray | None = None) -> Inspection:
    """Exposure judged where the picture's objects are, and where they are.

    A frame is 'empty' when a flat backdrop has nothing on it; 'bright' (or 'dark') when its object
    is, or when most of the object's own pixels are clipped (a product blown out on a white sweep
    shrinks to the few pixels that still stand out); rows in `skip_rows` (a text band) count for
    neither backdrop nor object.
    """
    mask, colour, pieces = _object_mask(rgb, skip_rows)
    keep = ~skip_rows if skip_rows is not None and (~skip_rows).sum() >= 4 else slice(None)
    gray = grayscale(rgb)
    if mask is None:  # a backdrop alone, a fade, a flash
        return Inspection(exposure_problem(gray[keep]) or "empty", None, [], colour)
    x0, y0, x1, y1 = region = _bounds(mask)
    inside = gray[y0:y1, x0:x1]
    if skip_rows is not None and skip_rows[y0:y1].any() and (~skip_rows[y0:y1]).sum() >= 4:
        inside = inside[~skip_rows[y0:y1]]
    if mask.all():  # a busy backdrop: the whole picture, but a blown-out window is not the product
        return Inspection(busy_exposure_problem(inside), region, [], None)
    if (x1 - x0) * (y1 - y0) >= WHOLE_REGION * mask.size:
        # What stands out spans the picture (a window's frame and its bars around the product, a
        # backdrop the smooth surface cannot follow): the region says nothing about where the
        # product is, so the picture is judged as a busy one, and the product on its detected box.
        return Inspection(busy_exposure_problem(inside), region, pieces[:2], colour)
    parts = pieces[:2]
    if len(parts) > 1:  # two things far apart: their own boxes, not the backdrop between them
        inside = np.concatenate([gray[py0:py1, px0:px1].reshape(-1) for px0, py0, px1, py1 in parts])
    problem = exposure_problem(inside) or clipped(rgb[mask])
    return Inspection(problem, region, parts, colour, _core(mask, region))


def _core(mask: np.ndarray, region: Box) -> Box:
    """The square of the region's shorter side, within it, that holds most of what stands out: the
    object, where something joined to it (a window's streak reflected beside a night light, a
    shadow) makes the region too wide to be one object's."""
    x0, y0, x1, y1 = region
    side = min(x1 - x0, y1 - y0)
    along_x = x1 - x0 > y1 - y0
    sums = mask[y0:y1, x0:x1].sum(axis=0 if along_x else 1)
    running = np.concatenate([[0], np.cumsum(sums)])
    k = int(np.argmax(running[side:] - running[:-side]))
    return (x0 + k, y0, x0 + k + side, y1) if along_x else (x0, y0 + k, x1, y0 + k + side)


def frame_problem(
    rgb: np.ndarray, skip_rows: np.ndarray | None = None
) -> tuple[str | None, tuple[int, int, int, int] | None]:
    """The exposure problem of a picture judged where its object is, and that object's region."""
    seen = inspect(rgb, skip_rows)
    return seen.problem, seen.region


def clipped(pixels: np.ndarray) -> str | None:
    """'bright' when most of an object's own pixels (N x 3 RGB) are clipped white, 'dark' when
    crushed black; a vivid colour with one channel at 255 is neither."""
    if len(pixels) == 0:
        return None
    px = pixels.reshape(-1, 3).astype(np.float32)
    luma = px @ LUMA
    if float(((luma > 200) & (_channel_max(px) >= 250)).mean()) > CLIPPED_OBJECT:
        return "bright"
    if float(((luma < 20) & (_channel_min(px) <= 5)).mean()) > CLIPPED_OBJECT:
        return "dark"
    return None


def box_problem(rgb: np.ndarray, backdrop: np.ndarray | None = None) -> str | None:
    """'bright' or 'dark' when a detected product's own pixels are clipped, else None.

    On a plain backdrop the box's backdrop-coloured pixels are not the product's; a box that is
    nearly all backdrop is a product melted into it. On a busy one, most of the box clipped."""
    px = rgb.reshape(-1, 3).astype(np.float32)
    if len(px) == 0:
        return None
    if backdrop is None:
        luma = px @ LUMA
        if float((luma > 245).mean()) > BLOWN_SHARE:
            return "bright"
        if float((luma < 10).mean()) > BLOWN_SHARE:
            return "dark"
        return None
    own = _channel_max(np.abs(px - backdrop.astype(np.float32))) > OBJECT_DIFF
    if own.mean() < 0.1:
        return "bright" if float(backdrop.astype(np.float32) @ LUMA) > 128 else "dark"
    return clipped(px[own])


def busy_exposure_problem(gray: np.ndarray) -> str | None:
    """The exposure problem of a picture whose product cannot be told from its busy backdrop.

    Dark or bright as a whole, it still passes when a product-sized part of it (SHOWN_SHARE) is
    neither clipped nor itself badly exposed: a window blown out behind the product, night around a
    lit one. Whether the product itself is clipped is judged on its box once it is detected."""
    problem = exposure_problem(gray)
    if problem in ("bright", "dark"):
        shown = gray[(gray >= 16) & (gray <= 240)]
        if shown.size >= SHOWN_SHARE * gray.size and exposure_problem(shown) is None:
            return None
    return problem


def exposure_problem(gray: np.ndarray) -> str | None:
    """'dark', 'bright', 'washed out', or None when the frame is exposed well enough to show."""
    mean = float(gray.mean())
    if mean < DARK_MEAN or float((gray < 16).mean()) > CLIPPED_SHARE:
        return "dark"
    if mean > BRIGHT_MEAN or float((gray > 240).mean()) > CLIPPED_SHARE:
        return "bright"
    low, high = np.percentile(gray, (1, 99))
    if high - low < FLAT_SPREAD:
        return "washed out"
    return None


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian over the picture's own variance: high for crisp edges, low for blur
    or motion smear, and about the same for a plain cup and a busy astronaut when both are in focus
    (the raw Laplacian variance of a textured frame is ten times a plain one's)."""
    g = gray.astype(np.float32)
    if g.shape[0] < 3 or g.shape[1] < 3:
        return 0.0
    lap = -4.0 * g[1:-1, 1:-1] + g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:]
    return float(lap.var() / (g.var() + 1.0))


def signature(gray: np.ndarray, size: int = 16) -> np.ndarray:
    """A tiny, contrast-normalised picture of the frame for near-duplicate checks (block means)."""
    small = np.asarray(Image.fromarray(gray.astype(np.float32)).resize((size, size), Image.Resampling.BOX))
    normalised: np.ndarray = (small - small.mean()) / (small.std() + 1e-3)
    return normalised


def colours(rgb: np.ndarray, size: int = 6) -> np.ndarray:
    """A tiny colour picture (size x size block means, RGB): what an object looks like, where the
    contrast-normalised signature sees only its shape (a cut-out cup and a cut-out cat in the same
    place have the same signature)."""
    image = Image.fromarray(np.ascontiguousarray(rgb)).resize((size, size), Image.Resampling.BOX)
    return np.asarray(image, dtype=np.float32)


def colour_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two colour pictures, in grey levels."""
    return float(np.abs(a - b).mean())


def difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two signatures: ~0 for the same shot, ~1 for unrelated frames."""
    return float(np.abs(a - b).mean())
