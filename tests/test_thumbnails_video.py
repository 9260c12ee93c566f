"""Frames and picks on real (small, synthetic) videos: rotation, short, two products, damage, no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiktok_commerce.synthetic_video import Segment, make_product_video
from tiktok_commerce.workers.thumbnails import pipeline
from tiktok_commerce.workers.thumbnails.frames import VideoUnreadable, sample_frames


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("videos")


def overlap(crop: list[int], box: tuple[int, int, int, int]) -> float:
    """Share of the product's true box inside the crop."""
    ix = max(0, min(crop[2], box[2]) - max(crop[0], box[0]))
    iy = max(0, min(crop[3], box[3]) - max(crop[1], box[1]))
    return ix * iy / ((box[2] - box[0]) * (box[3] - box[1]))


def test_a_rotated_phone_video_is_read_upright(videos, images, detector):
    # Stored landscape 640x360 with a 90 degree display matrix: shown (and cut) as portrait 360x640.
    truth = make_product_video(
        videos / "rotated.mp4", images / "coffee.png", seconds=3, size=(360, 640), fps=10, rotation=90
    )
    sample = sample_frames(truth.path)
    assert {f.size for f in sample.frames} == {(360, 640)}
    assert sample.frames[0].rgb().shape == (640, 360, 3)

    result = pipeline.generate(truth.path, ["Espresso cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert thumb.label == "cup"
        x0, y0, x1, y1 = thumb.box
        assert 0 <= x0 < x1 <= 360 and 0 <= y0 < y1 <= 640  # upright pixels
        assert overlap(thumb.crop, truth.at(thumb.time_s).box_at(thumb.time_s)) > 0.5


def test_a_video_shorter_than_five_keyframes_still_gives_five_distinct_frames(videos, images, detector):
    # 3 s with a keyframe every 2 s: two keyframes, so extra frames are decoded between them.
    truth = make_product_video(
        videos / "short.mp4", images / "coffee.png", seconds=3, size=(240, 426), fps=12
    )
    sample = sample_frames(truth.path)
    assert sample.keyframes == 2
    assert len(sample.frames) > 5
    assert len(sample.frames) < 3 * 12  # never every frame

    result = pipeline.generate(truth.path, ["Mug"], detector=detector)
    assert len(result.thumbnails) == 5
    assert len({t.time_s for t in result.thumbnails}) == 5
    assert all(t.label == "cup" for t in result.thumbnails)


def test_each_of_two_products_gets_its_own_five_thumbnails(videos, images, detector):
    segments = [
        Segment(0.0, 2.0, image=images / "coffee.png", product_index=0),
        Segment(2.0, 4.0, image=images / "chelsea.png", product_index=1, scale=0.8),
        Segment(4.0, 6.0, image=images / "coffee.png", product_index=0, center=(0.45, 0.5)),
        Segment(6.0, 8.0, image=images / "chelsea.png", product_index=1, scale=0.7, center=(0.5, 0.55)),
    ]
    truth = make_product_video(
        videos / "two.mp4", images / "coffee.png", seconds=8, size=(360, 640), fps=10, segments=segments,
        keyframe_interval_s=1.0,
    )  # fmt: skip
    result = pipeline.generate(truth.path, ["Espresso cup", "Cat figurine"], detector=detector)
    assert [t.product_index for t in result.thumbnails] == [0] * 5 + [1] * 5  # five each, in order
    for index in (0, 1):
        times = [t.time_s for t in result.thumbnails if t.product_index == index]
        assert times == sorted(set(times))  # five different moments
    for thumb in result.thumbnails:
        seg = truth.at(thumb.time_s)
        assert thumb.product_index == seg.segment.product_index  # says which product it shows
        assert thumb.label == ("cup" if thumb.product_index == 0 else "cat")


def test_dark_blurred_and_empty_stretches_are_skipped(videos, images, detector):
    segments = [
        Segment(0.0, 2.0, product=False),
        Segment(2.0, 4.0),
        Segment(4.0, 6.0, blur=6.0),
        Segment(6.0, 8.0, brightness=0.08),
        Segment(8.0, 10.0, center=(0.5, 0.6)),
    ]
    truth = make_product_video(
        videos / "mixed.mp4", images / "coffee.png", seconds=10, size=(360, 640), fps=10, segments=segments,
        keyframe_interval_s=1.0,
    )  # fmt: skip
    result = pipeline.generate(truth.path, ["Coffee cup"], detector=detector)
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert truth.at(thumb.time_s).good, f"thumbnail at {thumb.time_s}s is from a bad stretch"


def test_without_a_model_it_works_on_image_quality_and_says_so(videos, images, caplog):
    truth = make_product_video(
        videos / "nomodel.mp4", images / "coffee.png", seconds=4, size=(360, 640), fps=10
    )
    result = pipeline.generate(truth.path, ["Espresso cup"], detector=None)
    assert result.detector is None
    assert pipeline.NO_MODEL_WARNING in result.warnings
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert thumb.box is None and thumb.label is None
        assert thumb.crop == [0, 140, 360, 500]  # the centred square of a 360x640 frame


def test_odd_frame_sizes(videos, images, detector):
    truth = make_product_video(videos / "odd.mp4", images / "coffee.png", seconds=2, size=(241, 427), fps=10)
    result = pipeline.generate(truth.path, ["cup"], detector=detector)
    assert result.thumbnails
    for thumb in result.thumbnails:
        assert thumb.crop[2] <= 241 and thumb.crop[3] <= 427


def test_variable_frame_rate_uses_each_frames_own_time(videos, images):
    import av
    import numpy as np

    path = videos / "vfr.mkv"
    stamps = [0, 500, 800, 2100, 2500, 5000, 5400, 8000]  # milliseconds, irregular
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        stream.codec_context.time_base = stream.time_base = __import__("fractions").Fraction(1, 1000)
        stream.options = {"g": "1"}
        for n, ms in enumerate(stamps):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), 20 * n, dtype=np.uint8), format="rgb24")
            frame.pts = ms
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    times = [round(f.time_s, 2) for f in sample_frames(path).frames]
    assert times == [ms / 1000 for ms in stamps]


def test_a_damaged_video_gives_what_can_be_read(videos, images, detector):
    truth = make_product_video(
        videos / "damaged.mp4",
        images / "coffee.png",
        seconds=6,
        size=(360, 640),
        fps=10,
        keyframe_interval_s=1.0,
    )
    data = bytearray(truth.path.read_bytes())
    # Overwrite a stretch in the middle of the media data with noise: some frames cannot be decoded.
    middle = len(data) // 2
    data[middle : middle + 4000] = bytes((i * 73) % 256 for i in range(4000))
    damaged = videos / "damaged-noise.mp4"
    damaged.write_bytes(bytes(data))
    result = pipeline.generate(damaged, ["cup"], detector=detector)
    assert result.thumbnails  # what could be read


def test_a_truncated_or_corrupt_file_is_a_clear_failure(videos, images):
    truth = make_product_video(
        videos / "whole.mp4", images / "coffee.png", seconds=2, size=(160, 284), fps=10
    )
    head_only = videos / "truncated.mp4"
    head_only.write_bytes(truth.path.read_bytes()[:2000])  # the index (moov) is at the end: gone
    with pytest.raises(VideoUnreadable, match="not a readable video|no frame"):
        sample_frames(head_only)
    garbage = videos / "garbage.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(range(256)) * 40)  # an MP4 header, then noise
    with pytest.raises(VideoUnreadable):
        sample_frames(garbage)


def test_a_non_video_file_is_a_clear_failure(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("just some text, named like a video")
    with pytest.raises(VideoUnreadable, match="not a readable video"):
        sample_frames(text)


def test_a_product_shown_only_briefly_still_fills_five_thumbnails(videos, images, detector):
    # 20 s, a keyframe every 2 s, the cup on screen for 3.5 s only: two keyframes show it, so the
    # generator must look between keyframes around them (and prefer them to empty frames).
    segments = [
        Segment(0.0, 7.0, product=False),
        Segment(7.0, 10.5),
        Segment(10.5, 20.0, product=False),
    ]
    truth = make_product_video(
        videos / "brief.mp4", images / "coffee.png", seconds=20, size=(360, 640), fps=10, segments=segments
    )
    result = pipeline.generate(truth.path, ["Coffee mug"], detector=detector)
    assert result.stats.get("added", 0) + result.stats.get("second_look", 0) > 0  # between keyframes
    assert len(result.thumbnails) == 5
    for thumb in result.thumbnails:
        assert truth.at(thumb.time_s).good, f"thumbnail at {thumb.time_s}s shows no product"
        assert thumb.label == "cup"


def test_sparse_keyframes_get_extra_frames_within_a_budget(videos, images, monkeypatch):
    from tiktok_commerce.workers.thumbnails import frames

    truth = make_product_video(
        videos / "sparse.mp4",
        images / "coffee.png",
        seconds=12,
        size=(160, 284),
        fps=10,
        keyframe_interval_s=4.0,
    )
    monkeypatch.setattr(frames, "EXTRA_DECODE_BUDGET", 45)
    sample = sample_frames(truth.path)
    assert sample.keyframes == 3
    extra = [f for f in sample.frames if not f.keyframe]
    assert len(extra) >= 3
    assert sample.extra_decoded <= 45  # of 120 frames: never the whole video
    # The budget is shared between the keyframe intervals: every one of them gets extra frames.
    assert {int(f.time_s // 4) for f in extra} == {0, 1, 2}
