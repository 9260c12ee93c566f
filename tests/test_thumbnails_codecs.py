"""Real containers and codecs, each built with PyAV: H.264 and HEVC, 10-bit, HDR (HLG and PQ) shown
in sRGB, 60 fps, variable frame rate, rotation, MOV as iPhones write it.

Not built here, because PyAV's bundled encoders cannot write them: Dolby Vision (an iPhone's HDR
video carries a Dolby Vision profile 8.4 layer over an HLG base layer; the base layer, which is
what is decoded, is built here) and HDR10+ dynamic metadata (ignored by the decoder in any case).
"""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from tiktok_commerce.synthetic_video import Segment, make_product_video
from tiktok_commerce.workers.thumbnails import pipeline
from tiktok_commerce.workers.thumbnails.frames import sample_frames

PATCHES = ((200, 40, 40), (40, 160, 60), (50, 80, 200), (128, 128, 128), (230, 230, 230), (20, 20, 20))


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("codecs")


@pytest.fixture(scope="module")
def chart(videos: Path) -> Path:
    """A colour chart: six flat patches, three across and two down, 100 px each."""
    image = np.zeros((200, 300, 3), dtype=np.uint8)
    for k, colour in enumerate(PATCHES):
        image[(k // 3) * 100 : (k // 3 + 1) * 100, (k % 3) * 100 : (k % 3 + 1) * 100] = colour
    path = videos / "chart.png"
    Image.fromarray(image).save(path)
    return path


def _patch_centres(box: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) / 3, (y1 - y0) / 2
    return [(int(x0 + (k % 3 + 0.5) * w), int(y0 + (k // 3 + 0.5) * h)) for k in range(len(PATCHES))]


KINDS = {
    "hevc-8bit": dict(codec="hevc"),
    "h264-10bit": dict(pix_fmt="yuv420p10le"),
    "hevc-10bit": dict(codec="hevc", pix_fmt="yuv420p10le"),
    "hevc-hlg": dict(codec="hevc", hdr="hlg"),
    "hevc-pq": dict(codec="hevc", hdr="pq"),
    "h264-hlg": dict(hdr="hlg"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_colours_come_out_as_they_went_in(videos, chart, kind):
    truth = make_product_video(
        videos / f"chart-{kind}.mp4", chart, seconds=1, size=(320, 320), fps=5, crf=4,
        segments=[Segment(0.0, 1.0, scale=0.9, center=(0.5, 0.5))], **KINDS[kind],
    )  # fmt: skip
    with av.open(str(truth.path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == ("hevc" if "hevc" in kind else "h264")
        assert ("10" in stream.codec_context.pix_fmt) == (kind != "hevc-8bit")
    box = truth.segments[0].box_at(0.0)
    frame = sample_frames(truth.path).frames[0]
    full = frame.rgb()
    small = frame.small
    scale = small.shape[1] / full.shape[1]
    for (x, y), expected in zip(_patch_centres(box), PATCHES, strict=True):
        assert np.abs(full[y, x].astype(int) - expected).max() <= 6, (kind, expected, full[y, x])
        seen = small[int(y * scale), int(x * scale)]
        assert np.abs(seen.astype(int) - expected).max() <= 6, (kind, expected, seen)
    # The thumbnail: the centred square, JPEG.
    result = pipeline.generate(truth.path, [], count=1, detector=None, size=320)
    thumb = result.thumbnails[0]
    jpeg = np.asarray(Image.open(io.BytesIO(thumb.jpeg)).convert("RGB"))
    cx0, cy0 = thumb.crop[:2]
    for (x, y), expected in zip(_patch_centres(box), PATCHES, strict=True):
        got = jpeg[y - cy0, x - cx0]
        assert np.abs(got.astype(int) - expected).max() <= 8, (kind, expected, got)


def test_hdr_read_as_sdr_would_be_visibly_wrong(videos, chart):
    # The check above would catch a missing conversion: HLG's signal shown as if it were sRGB.
    truth = make_product_video(
        videos / "chart-naive.mp4", chart, seconds=1, size=(320, 320), fps=5, crf=4, codec="hevc", hdr="hlg",
        segments=[Segment(0.0, 1.0, scale=0.9, center=(0.5, 0.5))],
    )  # fmt: skip
    frame = sample_frames(truth.path).frames[0]
    assert frame.conversion == "hlg"
    naive = frame.frame.to_ndarray(format="rgb24")
    x, y = _patch_centres(truth.segments[0].box_at(0.0))[0]
    assert np.abs(naive[y, x].astype(int) - PATCHES[0]).max() > 30


def _cup_segments(seconds: float) -> list[Segment]:
    third = seconds / 3
    return [
        Segment(0.0, third, scale=0.6),
        Segment(third, 2 * third, scale=0.5, center=(0.4, 0.55)),
        Segment(2 * third, seconds, scale=0.65, center=(0.55, 0.4)),
    ]


PHONE_KINDS = {
    # As an iPhone films portrait: HEVC Main 10, HLG, stored landscape with a rotation, MOV, 60 fps.
    "iphone-hevc-hlg-60fps-rotated.mov": dict(codec="hevc", hdr="hlg", fps=60, rotation=90),
    "h264-10bit-rotated-270.mp4": dict(pix_fmt="yuv420p10le", rotation=270),
    "hevc-vfr.mkv": dict(codec="hevc", vfr=True),
    "h264-vfr-upside-down.mp4": dict(vfr=True, rotation=180),
    "hevc-pq-letterboxed.mp4": dict(codec="hevc", hdr="pq", content=(360, 202)),
}


@pytest.mark.parametrize("name", list(PHONE_KINDS))
def test_phone_videos_of_every_kind_give_the_product(videos, images, detector, name):
    options = {"fps": 10, **PHONE_KINDS[name]}
    truth = make_product_video(
        videos / name, images / "coffee.png", seconds=6, size=(360, 640), segments=_cup_segments(6.0),
        keyframe_interval_s=1.0, **options,
    )  # fmt: skip
    sample = sample_frames(truth.path)
    assert {f.size for f in sample.frames} == {(360, 640)}  # upright
    if options.get("vfr"):
        times = sorted(f.time_s for f in sample.frames)
        steps = {round(b - a, 3) for a, b in zip(times, times[1:], strict=False)}
        assert len(steps) > 1  # irregular, each frame at its own time
    result = pipeline.generate(truth.path, ["Espresso cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        seg = truth.at(thumb.time_s)
        assert thumb.label == "cup" and seg.good
        x0, y0, x1, y1 = seg.box_at(thumb.time_s)
        cx0, cy0, cx1, cy1 = thumb.crop
        inside = max(0, min(cx1, x1) - max(cx0, x0)) * max(0, min(cy1, y1) - max(cy0, y0))
        assert inside >= 0.5 * (x1 - x0) * (y1 - y0)
        if truth.content:
            assert truth.content[1] - 3 <= cy0 and cy1 <= truth.content[3] + 3
