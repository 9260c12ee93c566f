"""Peak RSS of a thumbnail worker on memory-bomb videos: small files of huge or many frames.

Each video is built with PyAV in a scratch folder and handled by the pipeline in a fresh process
(`tiktok_commerce.workers.thumbnails.peak_rss`: one thread, the detector loaded, as the worker runs
it), which reports its own peak RSS (VmHWM). Printed for each: what it is, its resolution, frames and
file size, the peak RSS and the outcome (thumbnails, or refused and why). The budget is 500 MB for
any input up to the 200 MB size cap (the Fargate task has 2 GB); an ordinary 1080x1920 video is
measured beside the bombs. `python -m bench memory` (or `make bench`); about a minute.
"""

from __future__ import annotations

import io
import struct
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from tiktok_commerce.settings import Settings, shared_dir
from tiktok_commerce.synthetic_video import make_keyframe_bomb, make_product_video
from tiktok_commerce.workers.thumbnails.peak_rss import measure

BUDGET_MB = 500
MAX_INPUT_MB = 200


def h264(
    width: int,
    height: int,
    frames: int,
    fps: int = 4,
    pix_fmt: str = "yuv420p",
    gop: int = 1,
    params: str = "",
) -> bytes:
    """Raw H.264 (Annex B) of plain frames, a keyframe every `gop`: no timestamps, no duration."""
    out = io.BytesIO()
    with av.open(out, "w", format="h264") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        stream.codec_context.gop_size = gop
        x264 = ":".join(filter(None, ["scenecut=0", params]))
        stream.codec_context.options = {"preset": "ultrafast", "crf": "40", "x264-params": x264}
        image = np.zeros((height, width, 3), np.uint8)
        for n in range(frames):
            image[:] = (n * 37) % 255
            image[: height // 2, : width // 2, 1] = 255 - (n * 37) % 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def remux(annexb: bytes, path: Path, fps: int = 4) -> Path:
    """Raw H.264 into the container `path` names; streams of several sizes back to back give a
    container that declares the first size only."""
    with av.open(io.BytesIO(annexb), format="h264") as source, av.open(str(path), "w") as out:
        inp = source.streams.video[0]
        stream = out.add_stream_from_template(inp)
        n = 0
        for packet in source.demux(inp):
            if packet.size == 0:
                continue
            packet.stream = stream
            packet.time_base = Fraction(1, fps)
            packet.pts = packet.dts = n
            packet.duration = 1
            out.mux(packet)
            n += 1
    return path


def png_bomb(path: Path, side: int, frames: int = 2) -> Path:
    """A MOV of one-colour RGB PNG frames written as bytes: the container probe decodes one."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    deflate = zlib.compressobj(6)
    row = b"\x00" + b"\x80" * (3 * side)
    idat = b"".join(deflate.compress(row) for _ in range(side)) + deflate.flush()
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )
    with av.open(str(path), "w") as container:
        stream = container.add_stream("png", rate=1)
        stream.width = stream.height = side
        stream.pix_fmt = "rgb24"
        for n in range(frames):
            packet = av.Packet(png)
            packet.stream = stream
            packet.time_base = Fraction(1, 1)
            packet.pts = packet.dts = n
            packet.duration = 1
            container.mux(packet)
    return path


def with_duration(mkv: Path, seconds: float) -> Path:
    """The Matroska file with the duration its header declares set to `seconds` (a lie)."""
    data = bytearray(mkv.read_bytes())
    at = data.find(b"\x44\x89\x88")  # Duration: an 8-byte float, in ms at the default timecode scale
    data[at + 3 : at + 11] = struct.pack(">d", seconds * 1000)
    mkv.write_bytes(bytes(data))
    return mkv


def raw(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def ordinary(path: Path) -> Path:
    make_product_video(path, shared_dir() / "fixtures/images/coffee.png", seconds=10, size=(1080, 1920))
    return path


@dataclass(frozen=True)
class Bomb:
    name: str  # what makes it hostile
    size: str  # resolution as declared / decoded
    frames: int
    build: Callable[[Path], Path]


SIXTEEN_REFS = "ref=16:keyint=600:min-keyint=600:level=6.2"
BOMBS = (
    Bomb("ordinary phone video, 10 s", "1080x1920", 300, lambda d: ordinary(d / "ordinary.mp4")),
    Bomb("keyframes only", "1920x1920", 40, lambda d: make_keyframe_bomb(d / "k1920.mp4", 1920, 40)),
    Bomb(
        "keyframes only, at the limit",
        "2560x1440",
        40,
        lambda d: remux(h264(2560, 1440, 40), d / "k2560.mp4"),
    ),
    Bomb("keyframes only", "4096x4096", 40, lambda d: make_keyframe_bomb(d / "k4096.mp4", 4096, 40)),
    Bomb("keyframes only", "8192x8192", 12, lambda d: make_keyframe_bomb(d / "k8192-12.mp4", 8192, 12)),
    Bomb("keyframes only", "8192x8192", 40, lambda d: make_keyframe_bomb(d / "k8192-40.mp4", 8192, 40)),
    Bomb("keyframes only, MPEG-TS", "8192x8192", 12, lambda d: remux(h264(8192, 8192, 12), d / "k8192.ts")),
    Bomb("keyframes only, FLV", "8192x8192", 4, lambda d: remux(h264(8192, 8192, 4), d / "k8192.flv")),
    Bomb("PNG frames the probe decodes, MOV", "12288x12288", 2, lambda d: png_bomb(d / "png.mov", 12288)),
    Bomb(
        "size grows mid-stream, MKV",
        "640x640 -> 8192x8192",
        10,
        lambda d: remux(h264(640, 640, 8) + h264(8192, 8192, 2), d / "grows.mkv"),
    ),
    Bomb(
        "keyframes, no duration (raw H.264)",
        "1080x1920",
        600,
        lambda d: raw(d / "endless.h264", h264(1080, 1920, 600, fps=30)),
    ),
    Bomb(
        "declares 0.5 s of an 8.3 s video, MKV",
        "1080x1920",
        250,
        lambda d: with_duration(remux(h264(1080, 1920, 250, fps=30, gop=25), d / "liar.mkv", fps=30), 0.5),
    ),
    Bomb(
        "16 reference frames, 8-bit 4:4:4",
        "2560x1440",
        60,
        lambda d: remux(h264(2560, 1440, 60, 30, "yuv444p", 600, SIXTEEN_REFS), d / "refs444.mp4", fps=30),
    ),
    Bomb(
        "16 reference frames, 8-bit 4:2:0 (4K)",
        "4096x2304",
        60,
        lambda d: remux(h264(4096, 2304, 60, 30, "yuv420p", 600, SIXTEEN_REFS), d / "refs4k.mp4", fps=30),
    ),
    Bomb(
        "16 reference frames, 10-bit 4:4:4",
        "2560x1440",
        60,
        lambda d: remux(h264(2560, 1440, 60, 30, "yuv444p10le", 600, SIXTEEN_REFS), d / "refs10.mp4", fps=30),
    ),
)


def main() -> int:
    limit = Settings(_env_file=None).video_max_pixels
    print(f"VIDEO_MAX_PIXELS {limit} ({limit / 1e6:.1f} megapixels); budget {BUDGET_MB} MB peak RSS")
    print(f"{'input':38} {'size':21} {'frames':>6} {'file MB':>7} {'RSS MB':>7}  outcome")
    over = 0
    with tempfile.TemporaryDirectory() as tmp:
        for bomb in BOMBS:
            video = bomb.build(Path(tmp))
            size_mb = video.stat().st_size / 1e6
            assert size_mb <= MAX_INPUT_MB, f"{bomb.name} is {size_mb:.1f} MB"
            outcome, peak = measure(video)
            over += peak >= BUDGET_MB
            flag = "  OVER BUDGET" if peak >= BUDGET_MB else ""
            print(
                f"{bomb.name:38} {bomb.size:21} {bomb.frames:6d} {size_mb:7.2f} {peak:7.0f}  {outcome}{flag}",
                flush=True,
            )
            video.unlink()
    print(f"inputs over the budget: {over}")
    return 1 if over else 0
