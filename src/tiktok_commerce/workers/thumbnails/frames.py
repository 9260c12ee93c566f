"""Sample candidate frames from a video with PyAV, decoding as little as possible.

Keyframes first: with `skip_frame="NONKEY"` the decoder touches only intra frames, about 15x cheaper
than decoding a 30 fps video whole. Where keyframes are sparse (phones often write one every 5-10 s),
extra frames are decoded from the preceding keyframe, within a budget, so a short video still gives
enough distinct candidates. Every frame is turned upright by its display matrix (phone videos) and
timed by its own timestamp (variable frame rate).

Memory is bounded whatever the file holds (see docs/thumbnails.md, "Memory budget"): the decoder is
told the pixel limit, so an oversized frame is refused before its buffer is allocated (in the
container probe too); a kept frame is held at 1080p's size in 8-bit 4:2:0 at most; and the number of
frames held is capped even when the declared duration is missing or wrong.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import av
import av.error
import numpy as np
from PIL import Image

from tiktok_commerce.workers.thumbnails import colour

log = logging.getLogger(__name__)

ANALYSIS_SIDE = 320  # longest side of the small copy every cheap screen works on
MIN_SAMPLES = 12  # fewer keyframes than this: add extra frames in the widest gaps
MAX_SAMPLES = 40  # more keyframes than this: keep an evenly spread subset (memory stays flat)
EXTRA_DECODE_BUDGET = 96  # most non-key frames decoded to reach extra samples (3 s at 30 fps)
MAX_DECODE_ERRORS = 50  # a stream this broken is given up on
TIME_SLACK = 1e-3  # seconds: a packet's time is its frame's within this (both from the same pts)
# The memory budget. A file of a few MB can hold 8192x8192 keyframes (100 MB each decoded), and an
# H.264/HEVC decoder may hold 16 reference frames, so what one frame may take is bounded:
# - MAX_PIXELS (VIDEO_MAX_PIXELS): the decoder itself refuses a larger frame (libavcodec's
#   max_pixels, so its buffer is never allocated), and so does the declared size;
# - MAX_FRAME_BITS_PER_PIXEL: a deep pixel format counts for its decoded bytes, so 10-bit 4:4:4 (48
#   bits a pixel) gets half the pixels that 8-bit 4:4:4 or 10-bit 4:2:0 (24) gets;
# - a kept frame is held as 8-bit 4:2:0 of at most KEEP_PIXELS (3 MB), converted right after
#   decoding; 1080x1920 yuv420p, what phones and TikTok deliver, is held as decoded;
# - at most MAX_HELD keyframes are held during the keyframe pass, MAX_EXTRA extra frames after it.
MAX_PIXELS = 2560 * 1440  # VIDEO_MAX_PIXELS' default
MAX_FRAME_BITS_PER_PIXEL = 24  # a frame may take MAX_PIXELS pixels of this many bits
KEEP_PIXELS = 1920 * 1080
HELD_FORMATS = frozenset({"yuv420p", "yuvj420p", "nv12", "nv21"})  # 12 bits a pixel: held as decoded
HELD_FORMAT = "yuv420p"  # what any other format is converted to before it is held
MAX_HELD = MAX_SAMPLES + MAX_SAMPLES // 8  # keyframes held at once (a duration that lies: thinned)
MAX_EXTRA = 2 * MIN_SAMPLES  # extra frames one pass may add (a normal video asks for at most 16)


class VideoUnreadable(Exception):
    """The file is not a video PyAV can decode; the message says why."""


@dataclass(eq=False)  # compared by identity: the fields hold pixels
class SampledFrame:
    time_s: float
    keyframe: bool
    frame: av.VideoFrame | None  # kept to cut the final crop at full resolution
    rotation: int  # counter-clockwise degrees that turn the stored frame upright
    small: np.ndarray  # upright sRGB copy, longest side ANALYSIS_SIDE
    conversion: str | None = None  # HDR or wide gamut: how its RGB becomes sRGB (colour.py)

    @property
    def size(self) -> tuple[int, int]:
        """Upright width, height in source pixels."""
        assert self.frame is not None
        w, h = self.frame.width, self.frame.height
        return (h, w) if self.rotation % 180 else (w, h)

    def rgb(self, longest_side: int | None = None) -> np.ndarray:
        """The frame upright as sRGB, at full size or scaled so its longest side is `longest_side`."""
        assert self.frame is not None
        return self._srgb(_upright(self.frame, self.rotation, longest_side))

    def view(
        self, box: tuple[int, int, int, int], width: int, height: int, lanczos: bool = False
    ) -> np.ndarray:
        """The upright box [x0, y0, x1, y1) (source pixels) as sRGB, resized to width x height.

        The frame is converted to RGB whole (swscale's unscaled conversion: a millisecond for
        1080x1920, cheaper than any scaled one), the box cut out before turning it upright, and
        resized with Pillow: bilinear for the detector's views, Lanczos for the thumbnails.
        """
        assert self.frame is not None
        if not lanczos and tuple(box) == (0, 0, *self.size):  # the whole picture: swscale shrinks it
            return self._srgb(_upright(self.frame, self.rotation, max(width, height)))
        x0, y0, x1, y1 = _stored_box(box, self.rotation, self.frame.width, self.frame.height)
        signal: np.ndarray = self.frame.to_ndarray(format="rgb24")[y0:y1, x0:x1]
        turns = (self.rotation // 90) % 4
        if turns:
            signal = np.ascontiguousarray(np.rot90(signal, k=turns))
        image = Image.fromarray(signal)
        if image.size != (width, height):
            method = Image.Resampling.LANCZOS if lanczos else Image.Resampling.BILINEAR
            image = image.resize((width, height), method, reducing_gap=3.0)
        return self._srgb(np.asarray(image))

    def _srgb(self, rgb: np.ndarray) -> np.ndarray:
        return colour.to_srgb(rgb, self.conversion) if self.conversion else rgb

    def release(self) -> None:
        self.frame = None


@dataclass
class Sample:
    frames: list[SampledFrame]
    duration_s: float
    keyframes: int
    warnings: list[str] = field(default_factory=list)
    extra_decoded: int = 0  # non-key frames decoded to reach extra samples


def _scaled_size(width: int, height: int, longest_side: int) -> tuple[int, int]:
    scale = min(1.0, longest_side / max(width, height))
    return max(2, round(width * scale)), max(2, round(height * scale))


def _upright(
    frame: av.VideoFrame, rotation: int, longest_side: int | None = None, deep: bool = False
) -> np.ndarray:
    """The frame's RGB signal turned upright, whole or scaled to `longest_side`. `deep` reads 16
    bits a channel (for more than 8-bit sources, whose 8-bit conversion swscale rounds a couple of
    levels low)."""
    turns = (rotation // 90) % 4
    if longest_side:
        w, h = _scaled_size(frame.width, frame.height, longest_side)
    else:
        w, h = frame.width, frame.height
    fmt = "rgb48le" if deep else "rgb24"
    if (w, h) == (frame.width, frame.height):
        rgb = frame.to_ndarray(format=fmt)
    else:
        rgb = frame.reformat(width=w, height=h, format=fmt, interpolation="AREA").to_ndarray()
    return np.ascontiguousarray(np.rot90(rgb, k=turns)) if turns else rgb


def _stored_box(
    box: tuple[int, int, int, int], rotation: int, stored_w: int, stored_h: int
) -> tuple[int, int, int, int]:
    """An upright box in the stored (unrotated) frame's pixels: np.rot90(stored, k) is upright."""
    x0, y0, x1, y1 = box
    turns = (rotation // 90) % 4
    if turns == 1:
        return stored_w - y1, x0, stored_w - y0, x1
    if turns == 2:
        return stored_w - x1, stored_h - y1, stored_w - x0, stored_h - y0
    if turns == 3:
        return y0, stored_h - x1, y1, stored_h - x0
    return box


def _rotation(frame: av.VideoFrame) -> int:
    try:
        return int(round(frame.rotation or 0))
    except (AttributeError, ValueError):
        return 0


@lru_cache(maxsize=64)
def _bits_per_pixel(pix_fmt: str | None) -> int:
    if not pix_fmt:
        return 0
    try:
        fmt = av.VideoFormat(pix_fmt)
    except (ValueError, av.error.FFmpegError):
        return 0
    return max(fmt.bits_per_pixel, fmt.padded_bits_per_pixel)


def check_size(width: int, height: int, max_pixels: int, pix_fmt: str | None = None) -> None:
    """Refuse a frame over the memory budget (its pixels, or its decoded bytes), saying so."""
    pixels = width * height
    if pixels > max_pixels:
        raise VideoUnreadable(
            f"the video is {width}x{height} ({pixels / 1e6:.1f} megapixels), over the limit of "
            f"{max_pixels / 1e6:.1f} megapixels (VIDEO_MAX_PIXELS)"
        )
    bits = _bits_per_pixel(pix_fmt)
    if bits > MAX_FRAME_BITS_PER_PIXEL and pixels * bits > max_pixels * MAX_FRAME_BITS_PER_PIXEL:
        allowed = max_pixels * MAX_FRAME_BITS_PER_PIXEL // bits
        raise VideoUnreadable(
            f"the video is {width}x{height} in {pix_fmt} ({bits} bits a pixel): over the limit of "
            f"{allowed / 1e6:.1f} megapixels at that depth (VIDEO_MAX_PIXELS is "
            f"{max_pixels / 1e6:.1f} megapixels of up to {MAX_FRAME_BITS_PER_PIXEL} bits)"
        )


def _check_decoder(stream: av.VideoStream, max_pixels: int) -> None:
    """Refuse what the decoder has just learned (a new size or format can come mid-stream)."""
    ctx = stream.codec_context
    check_size(ctx.width or 0, ctx.height or 0, max_pixels, ctx.pix_fmt)


def _container(path: Path, max_pixels: int, probe: bool = True) -> tuple[av.container.InputContainer, bool]:
    """`path` opened with the decoders of its probe held to max_pixels; and whether the probe decoded.

    The probe (avformat_find_stream_info) decodes a frame or more to learn the stream's parameters,
    before any size is checked. Its decoders take the limit as options of the streams the header
    declares. FLV and MPEG-PS declare none (PyAV then refuses per-stream options), and without
    `probe` no stream is probed either: an empty decoder whitelist, so the probe decodes nothing and
    the size is what the header or the parser says.
    """
    limit = {"max_pixels": str(max_pixels)}
    no_decoder = {"codec_whitelist": "none"}
    try:
        if probe:
            try:
                container = av.open(
                    str(path),
                    metadata_errors="ignore",
                    options=limit,
                    # PyAV's stub says list[str]; it takes one dict per stream (Container.stream_options)
                    stream_options=[limit],  # type: ignore[list-item]  # see above
                )
                return container, True
            except ValueError:  # streams found only by reading packets
                pass
        container = av.open(str(path), metadata_errors="ignore", options=limit, container_options=no_decoder)
        return container, False
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise VideoUnreadable(f"the file is not a readable video ({exc.__class__.__name__})") from exc


def _open(
    path: Path, threads: int, max_pixels: int, sequential: bool = False
) -> tuple[av.container.InputContainer, av.VideoStream]:
    container, probed = _container(path, max_pixels)
    if probed and container.streams.video and not container.streams.video[0].codec_context.pix_fmt:
        # The probe learned nothing, perhaps because the limit stopped its decoder: what does the
        # header itself declare?
        container.close()
        container, _ = _container(path, max_pixels, probe=False)
    if not container.streams.video:
        container.close()
        raise VideoUnreadable("the file has no video stream")
    stream = container.streams.video[0]
    try:
        _check_decoder(stream, max_pixels)  # the declared size, before a frame is decoded
    except VideoUnreadable:
        container.close()
        raise
    # Our own decoder refuses larger frames before allocating them, whatever the stream says later.
    stream.codec_context.options = {"max_pixels": str(max_pixels)}
    stream.codec_context.thread_count = max(1, threads)
    # Frame threading pays off on runs of consecutive frames only; on lone keyframes its hand-offs
    # cost more than they save (measured: keyframe pass 0.09 s on one thread, 0.19 s with two).
    stream.codec_context.thread_type = "AUTO" if sequential and threads > 1 else "SLICE"
    return container, stream


def _duration(container: av.container.InputContainer, stream: av.VideoStream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _seconds(pts: int, time_base: Fraction) -> float:
    """A timestamp in seconds, computed as PyAV computes a frame's `time`."""
    return float(pts) * time_base.numerator / time_base.denominator


def _decoded(
    container: av.container.InputContainer,
    stream: av.VideoStream,
    errors: list[str],
    max_pixels: int,
    keys_only: bool = False,
    needless: Callable[[float], bool] | None = None,
) -> Iterator[av.VideoFrame]:
    """Frames of the stream; undecodable packets are skipped (a damaged video yields what it can).

    `demux` ends with an empty packet whose decode flushes the decoder, so no frame is left behind.
    A frame over the budget refuses the video: the size (or pixel format) can change mid-stream, so
    the decoder is checked after every packet and every frame as it comes out. With `keys_only`,
    packets the container does not mark as keyframes are not handed to the decoder at all (it would
    skip them, but each hand-over costs), once the container has been seen to mark keyframes; nor
    are keyframes whose time (seconds) `needless` says the caller would drop: a keyframe decodes on
    its own, so leaving one out changes no other.
    """
    marks = False
    time_base = stream.time_base
    for packet in container.demux(stream):
        if keys_only and packet.size:
            if packet.is_keyframe:
                marks = True
                pts = packet.pts
                if needless and pts is not None and time_base and needless(_seconds(pts, time_base)):
                    continue
            elif marks:
                continue
        try:
            frames = packet.decode()
        except av.error.FFmpegError as exc:
            _check_decoder(stream, max_pixels)  # refused for its size (H.264 says which), or damaged
            errors.append(str(exc))
            if len(errors) > MAX_DECODE_ERRORS:
                return
            continue
        _check_decoder(stream, max_pixels)
        for frame in frames:
            check_size(frame.width, frame.height, max_pixels, frame.format.name)
            yield frame


def _held(frame: av.VideoFrame) -> av.VideoFrame:
    """What is kept of a decoded frame: itself when it is 1080p's 3 MB or less, else a copy scaled to
    KEEP_PIXELS and converted to 8-bit 4:2:0, made at once so the large original can go."""
    pixels = frame.width * frame.height
    fmt = frame.format.name
    if pixels <= KEEP_PIXELS and fmt in HELD_FORMATS:
        return frame
    width, height = frame.width, frame.height
    if pixels > KEEP_PIXELS:
        scale = (KEEP_PIXELS / pixels) ** 0.5
        width, height = max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)
    held_format = fmt if fmt in HELD_FORMATS else HELD_FORMAT
    return frame.reformat(width=width, height=height, format=held_format, interpolation="AREA")


def _conversion(frame: av.VideoFrame) -> str | None:
    try:
        return colour.conversion(int(frame.color_trc), int(frame.color_primaries))
    except (AttributeError, TypeError, ValueError):
        return None


def _small(frame: av.VideoFrame, rotation: int, conversion: str | None) -> np.ndarray:
    """The upright sRGB copy the screens work on, read from the decoded frame at its full depth."""
    deep = any(c.bits > 8 for c in frame.format.components)
    if not deep and not conversion:
        return _upright(frame, rotation, ANALYSIS_SIDE)
    rgb16 = _upright(frame, rotation, ANALYSIS_SIDE, deep=True)
    if conversion:
        return colour.to_srgb(rgb16, conversion)
    return ((rgb16.astype(np.uint32) + 128) // 257).astype(np.uint8)


def _sample(frame: av.VideoFrame, keyframe: bool) -> SampledFrame:
    rotation = _rotation(frame)
    conversion = _conversion(frame)
    return SampledFrame(
        time_s=float(frame.time or 0.0),
        keyframe=keyframe,
        frame=_held(frame),
        rotation=rotation,
        small=_small(frame, rotation, conversion),
        conversion=conversion,
    )


def _keyframes(
    path: Path, threads: int, errors: list[str], max_pixels: int
) -> tuple[list[SampledFrame], float, int]:
    container, stream = _open(path, threads, max_pixels)
    with container:
        duration = _duration(container, stream)
        stream.codec_context.skip_frame = "NONKEY"
        min_spacing = duration / MAX_SAMPLES if duration > 0 else 0.0
        kept: list[SampledFrame] = []
        seen = 0

        def needless(t: float) -> bool:
            """A keyframe the spacing below drops whatever its pixels: not decoded (a keyframe-dense
            video). Only while the times stay within the duration: there no more than MAX_HELD
            can be kept, so the spacing never widens and the last kept frame stays the last."""
            nonlocal seen
            close = bool(kept) and t - kept[-1].time_s < min_spacing - TIME_SLACK
            if close and kept[0].time_s >= 0 and t <= duration:
                seen += 1  # counted as the decoded keyframes are
                return True
            return False

        try:
            for frame in _decoded(container, stream, errors, max_pixels, keys_only=True, needless=needless):
                seen += 1
                t = float(frame.time or 0.0)
                if kept and t - kept[-1].time_s < min_spacing:
                    continue  # a keyframe-dense video: an even subset is enough
                kept.append(_sample(frame, keyframe=True))
                if len(kept) > MAX_HELD:  # no duration, or a false one: keep every other, space wider
                    kept = kept[::2]
                    span = kept[-1].time_s - kept[0].time_s
                    min_spacing = max(2 * min_spacing, span / MAX_SAMPLES)
        except av.error.FFmpegError as exc:  # demuxing a truncated file
            errors.append(str(exc))
        return kept, duration, seen


def _extra_times(times: list[float], duration: float) -> list[float]:
    """Times to add so no gap between samples is much wider than duration / MIN_SAMPLES."""
    if duration <= 0:
        return []
    spacing = duration / MIN_SAMPLES
    edges = sorted({0.0, *times})
    bounds = [*edges, duration]
    wanted: list[float] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        n = int((end - start) / spacing + 0.5) - 1
        wanted.extend(start + (end - start) * k / (n + 1) for k in range(1, n + 1))
    if len(wanted) > MAX_EXTRA:  # keyframes far past a declared duration that lies: an even subset
        wanted = [wanted[round(k * (len(wanted) - 1) / (MAX_EXTRA - 1))] for k in range(MAX_EXTRA)]
    return wanted


def _by_keyframe(wanted: list[float], keyframes: list[float]) -> list[tuple[float, list[float]]]:
    """Wanted times grouped by the keyframe decoding must start from."""
    groups: dict[float, list[float]] = {}
    starts = sorted(keyframes) or [0.0]
    for t in sorted(wanted):
        start = max((k for k in starts if k <= t + 1e-6), default=starts[0])
        groups.setdefault(start, []).append(t)
    return sorted(groups.items())


def _extras(
    path: Path,
    threads: int,
    wanted: list[float],
    keyframes: list[float],
    errors: list[str],
    max_pixels: int,
    budget: int | None = None,
    exact: bool = False,
) -> tuple[list[SampledFrame], int]:
    """Frames at (or near) the wanted times, decoding forward from the keyframe before them.

    Decoding is sequential from a keyframe, so reaching far into a long GOP is what costs. The
    budget (EXTRA_DECODE_BUDGET frames unless given) is shared evenly between the GOPs involved;
    where a GOP's wanted times lie beyond its share, they are pulled in, evenly spread over the
    stretch its share can reach, or, when `exact` (frames wanted at those moments and no others),
    left out: a GOP with none left is not decoded at all, and its share goes to the others. When
    `exact`, the GOPs go cheapest first moment first, each decoded as far as its moments need while
    the budget lasts.
    """
    budget = EXTRA_DECODE_BUDGET if budget is None else budget
    found: list[SampledFrame] = []
    decoded = 0
    if not wanted:
        return found, decoded
    container, stream = _open(path, threads, max_pixels, sequential=True)
    with container:
        time_base = stream.time_base
        if time_base is None:  # no clock to seek by (a demuxer always sets one): no extra frames
            return found, decoded
        fps = float(stream.average_rate or stream.guessed_rate or 30)
        groups = _by_keyframe(wanted, keyframes)
        if exact:
            # Cheapest first, each as far as its moments need while the budget lasts: an even
            # split of 96 frames between four keyframes at 60 fps gave each 24, short of every
            # moment 0.55-0.8 s past them (33-47 frames), two of which fit.
            groups.sort(key=lambda g: g[1][0] - g[0])
        for n, (start, targets) in enumerate(groups):
            share = (budget - decoded) // (len(groups) - n)
            if exact:  # frames up to and with the last moment
                share = min(budget - decoded, math.ceil((targets[-1] - start) * fps) + 1)
            if share <= 0:
                break
            reach = start + (share - 1) / fps
            if exact:
                targets = [t for t in targets if t <= reach]
                if not targets:
                    continue
            elif targets[-1] > reach:
                targets = [start + (reach - start) * (j + 1) / len(targets) for j in range(len(targets))]
            try:
                container.seek(max(int(start / time_base), 0), stream=stream, backward=True)
            except av.error.FFmpegError as exc:
                errors.append(str(exc))
                break
            used = 0
            for frame in _decoded(container, stream, errors, max_pixels):
                used += 1
                t = float(frame.time or 0.0)
                if targets and t + 1e-3 >= targets[0]:
                    found.append(_sample(frame, keyframe=bool(frame.key_frame)))
                    while targets and targets[0] <= t + 1e-3:
                        targets.pop(0)
                if not targets or used >= share or len(found) >= MAX_EXTRA:
                    break
            decoded += used
            if len(found) >= MAX_EXTRA:
                break
    return found, decoded


def add_frames_at(
    sample: Sample,
    path: str | Path,
    times: list[float],
    threads: int = 1,
    max_pixels: int = MAX_PIXELS,
    budget: int | None = None,
    exact: bool = False,
) -> int:
    """Decode frames near `times` into `sample` (kept in time order); returns how many were added.

    For when the keyframes that passed the screens are too few: more frames from the good stretches.
    `budget` and `exact` as for _extras.
    """
    errors: list[str] = []
    known = {round(f.time_s, 3) for f in sample.frames}
    keyframes = [f.time_s for f in sample.frames if f.keyframe]
    extra, decoded = _extras(Path(path), threads, times, keyframes, errors, max_pixels, budget, exact)
    sample.extra_decoded += decoded
    fresh = [f for f in extra if round(f.time_s, 3) not in known]
    log.debug("decoded %d frames for %d more samples", decoded, len(fresh))
    sample.frames.extend(fresh)
    sample.frames.sort(key=lambda f: f.time_s)
    return len(fresh)


def sample_frames(path: str | Path, threads: int = 1, max_pixels: int = MAX_PIXELS) -> Sample:
    """Candidate frames of the video at `path`, upright, in time order."""
    path = Path(path)
    errors: list[str] = []
    frames, duration, keyframes = _keyframes(path, threads, errors, max_pixels)
    warnings: list[str] = []
    if duration <= 0 and frames:
        duration = frames[-1].time_s
    decoded = 0
    if len(frames) < MIN_SAMPLES:
        wanted = _extra_times([f.time_s for f in frames], duration)
        if wanted:
            keyframe_times = [f.time_s for f in frames]
            extra, decoded = _extras(path, threads, wanted, keyframe_times, errors, max_pixels)
            log.debug("decoded %d non-key frames for %d extra samples", decoded, len(extra))
            known = {round(f.time_s, 3) for f in frames}
            frames.extend(f for f in extra if round(f.time_s, 3) not in known)
            frames.sort(key=lambda f: f.time_s)
    if errors:
        warnings.append(f"the video is damaged: {len(errors)} part(s) could not be decoded")
        log.warning("video %s: %d decode errors, first: %s", path.name, len(errors), errors[0])
    if not frames:
        raise VideoUnreadable("no frame of the video could be decoded")
    return Sample(frames, duration, keyframes, warnings, extra_decoded=decoded)
