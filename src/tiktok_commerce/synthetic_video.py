"""Short synthetic product videos whose ground truth is known, for tests, the bench and the demo.

A video is a textured, slowly scrolling background; in the segments that show a product, a photo
(e.g. ../shared/fixtures/images/coffee.png) is pasted on it, drifting a little so no two frames are
identical. A segment may be blurred or darkened to stand for the frames a good thumbnail picker must
skip. `make_product_video` writes an H.264 MP4 with PyAV (libx264, a keyframe every
`keyframe_interval_s`) and returns, for each segment, where the product is in upright pixels.

Needs the `video` extra (PyAV, numpy, Pillow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageFilter

H264_ENCODER = "libx264"  # the encoder PyAV's wheels ship (libopenh264 is not in them)


@dataclass(frozen=True)
class Segment:
    """A stretch of the video: [start_s, end_s) with or without a product, maybe blurred or dark."""

    start_s: float
    end_s: float
    product: bool = True
    image: str | Path | None = None  # another photo than the video's default one (a second product)
    product_index: int = 0  # which product of the caption this photo stands for
    blur: float = 0.0  # Gaussian blur radius in pixels over the whole frame (0 = sharp)
    brightness: float = 1.0  # 1 = as is, 0.08 = nearly black
    center: tuple[float, float] = (0.5, 0.45)  # product centre as a fraction of width, height
    scale: float = 0.6  # product width as a fraction of the frame width


@dataclass
class SegmentTruth:
    """Where the product is in one segment (upright pixels), and whether a thumbnail may show it."""

    segment: Segment
    box: tuple[int, int, int, int] | None  # x0, y0, x1, y1 at the segment's start; None = no product
    drift_px: int = 0  # the box moves right by up to this many pixels over the segment

    @property
    def good(self) -> bool:
        """Shows the product, sharp and well exposed: a frame a thumbnail should come from."""
        seg = self.segment
        return self.box is not None and seg.blur == 0 and seg.brightness >= 0.5

    def box_at(self, time_s: float) -> tuple[int, int, int, int] | None:
        if self.box is None:
            return None
        span = max(self.segment.end_s - self.segment.start_s, 1e-6)
        dx = int(round(self.drift_px * min(max((time_s - self.segment.start_s) / span, 0.0), 1.0)))
        x0, y0, x1, y1 = self.box
        return (x0 + dx, y0, x1 + dx, y1)


@dataclass
class VideoTruth:
    path: Path
    size: tuple[int, int]  # upright width, height
    fps: int
    seconds: float
    segments: list[SegmentTruth] = field(default_factory=list)

    def at(self, time_s: float) -> SegmentTruth | None:
        for truth in self.segments:
            if truth.segment.start_s <= time_s < truth.segment.end_s:
                return truth
        return self.segments[-1] if self.segments and time_s >= self.segments[-1].segment.start_s else None


def _background(width: int, height: int, seed: int) -> np.ndarray:
    """A soft, non-uniform backdrop (a wall and a table, roughly), wider than the frame so it can scroll."""
    rng = np.random.default_rng(seed)
    w = width + 64
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    base = np.empty((height, w, 3), dtype=np.float32)
    base[..., 0] = 150 + 60 * ys + 20 * np.sin(xs * 9.0)
    base[..., 1] = 135 + 40 * ys + 15 * np.cos(xs * 7.0 + ys * 3.0)
    base[..., 2] = 120 + 30 * (1 - ys)
    # Low-frequency blotches: texture the encoder has to spend bits on, like a real room.
    blotches = rng.normal(0, 18, size=(max(height // 48, 2), max(w // 48, 2), 3)).astype(np.float32)
    big = np.asarray(
        Image.fromarray(np.clip(blotches + 128, 0, 255).astype(np.uint8)).resize(
            (w, height), Image.Resampling.BILINEAR
        ),
        dtype=np.float32,
    )
    base += big - 128
    return np.clip(base, 0, 255).astype(np.uint8)


def _product_pixels(image: str | Path, width_px: int) -> np.ndarray:
    with Image.open(image) as im:
        rgb = im.convert("RGB")
        height_px = max(2, round(rgb.height * width_px / rgb.width))
        return np.asarray(rgb.resize((width_px, height_px), Image.Resampling.LANCZOS))


def _place(
    seg: Segment, image: str | Path, width: int, height: int
) -> tuple[SegmentTruth, np.ndarray | None]:
    """Where a segment's product goes (and its pixels): the same answer with or without encoding."""
    if not seg.product:
        return SegmentTruth(seg, None), None
    drift = max(2, width // 40)
    sprite = _product_pixels(seg.image or image, min(max(8, round(width * seg.scale)), width - drift))
    sh, sw = sprite.shape[:2]
    sh = min(sh, height)
    sprite = sprite[:sh]
    x0 = int(round(seg.center[0] * width - sw / 2))
    y0 = int(round(seg.center[1] * height - sh / 2))
    x0 = min(max(x0, 0), width - sw - drift)
    y0 = min(max(y0, 0), height - sh)
    return SegmentTruth(seg, (x0, y0, x0 + sw, y0 + sh), drift), sprite


def ground_truth(
    path: str | Path,
    image: str | Path,
    seconds: float,
    size: tuple[int, int],
    fps: int = 30,
    segments: list[Segment] | None = None,
) -> VideoTruth:
    """The ground truth `make_product_video` returns for these arguments, without writing a video
    (for a cached video)."""
    segments = segments or [Segment(0.0, seconds)]
    truths = [_place(seg, image, size[0], size[1])[0] for seg in segments]
    return VideoTruth(path=Path(path), size=size, fps=fps, seconds=seconds, segments=truths)


def make_product_video(
    path: str | Path,
    image: str | Path,
    seconds: float = 4.0,
    size: tuple[int, int] = (360, 640),
    fps: int = 30,
    segments: list[Segment] | None = None,
    keyframe_interval_s: float = 2.0,
    rotation: int = 0,
    crf: int = 23,
    seed: int = 0,
) -> VideoTruth:
    """Write an H.264 MP4 of `seconds` at `size` (upright width, height) and return its ground truth.

    `segments` default to one segment showing `image` for the whole video. `rotation` (0, 90, 180,
    270) stores the frames turned and sets the display matrix, as phones do: players (and a correct
    reader) show the frames upright again, at `size`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    if rotation % 90:
        raise ValueError("rotation must be a multiple of 90 degrees")
    segments = segments or [Segment(0.0, seconds)]
    background = _background(width, height, seed)
    placed = [_place(seg, image, width, height) for seg in segments]
    truths = [truth for truth, _ in placed]
    sprites = [sprite for _, sprite in placed]

    turns = (rotation // 90) % 4
    stored_w, stored_h = (height, width) if turns % 2 else (width, height)
    n_frames = int(round(seconds * fps))
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(H264_ENCODER, rate=fps)
        assert isinstance(stream, av.VideoStream)  # an H.264 encoder makes a video stream
        stream.width, stream.height = stored_w, stored_h
        # 4:2:0 halves the chroma planes, so odd sizes need 4:4:4 (phones do write odd sizes).
        stream.pix_fmt = "yuv444p" if (stored_w % 2 or stored_h % 2) else "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        gop = max(1, int(round(keyframe_interval_s * fps)))
        stream.codec_context.gop_size = gop
        # A fixed GOP (no scene-cut keyframes) so the keyframe grid is what the caller asked for.
        stream.options = {
            "preset": "ultrafast",
            "crf": str(crf),
            "g": str(gop),
            "keyint_min": str(gop),
            "sc_threshold": "0",
            "bf": "0",
        }
        if turns:
            stream.set_display_rotation(rotation)
        for i in range(n_frames):
            t = i / fps
            truth = next((s for s in truths if s.segment.start_s <= t < s.segment.end_s), truths[-1])
            shift = (i * 2) % 64
            frame = background[:, shift : shift + width].copy()
            k = truths.index(truth)
            sprite, box = sprites[k], truth.box_at(t)
            if sprite is not None and box is not None:  # a segment with a product has both
                x0, y0, x1, y1 = box
                frame[y0:y1, x0:x1] = sprite
            seg = truth.segment
            if seg.blur > 0:
                frame = np.asarray(Image.fromarray(frame).filter(ImageFilter.GaussianBlur(seg.blur)))
            if seg.brightness != 1.0:
                frame = np.clip(frame.astype(np.float32) * seg.brightness, 0, 255).astype(np.uint8)
            if turns:
                # Store the frame turned clockwise; the display matrix turns it back counter-clockwise.
                frame = np.ascontiguousarray(np.rot90(frame, k=-turns))
            video_frame = av.VideoFrame.from_ndarray(frame, format="rgb24")
            video_frame.pts = i
            for packet in stream.encode(video_frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return VideoTruth(path=path, size=(width, height), fps=fps, seconds=seconds, segments=truths)


def make_keyframe_bomb(path: str | Path, side: int, frames: int = 40, fps: int = 4) -> Path:
    """A small file of huge frames: `frames` keyframes of side x side (noise-free, so it compresses
    to a few MB), the shape of a memory attack on a decoder."""
    path = Path(path)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width = stream.height = side
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = 1  # every frame a keyframe: all of them are decoded
        stream.codec_context.options = {"preset": "ultrafast", "crf": "40"}
        for n in range(frames):
            shade = np.full((side, side, 3), (n * 37) % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(shade, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
