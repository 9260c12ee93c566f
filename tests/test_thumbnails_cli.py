"""`tiktok-commerce thumbnails VIDEO --json`: files written, one JSON object per thumbnail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tiktok_commerce.cli import main
from tiktok_commerce.settings import get_settings
from tiktok_commerce.synthetic_video import make_product_video


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, yolo_model: Path):
    monkeypatch.setenv("YOLO_MODEL", str(yolo_model))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_json_lists_each_thumbnail(tmp_path, shared, settings_env, capsys):
    video = tmp_path / "cup.mp4"
    make_product_video(video, shared / "fixtures/images/coffee.png", seconds=3, size=(480, 854), fps=10)
    out = tmp_path / "thumbs"
    code = main(
        ["thumbnails", str(video), "--json", "--out", str(out), "--product", "Espresso mug", "--count", "3"]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {
            "path",
            "time_s",
            "box",
            "label",
            "confidence",
            "sharpness",
            "score",
            "product_index",
            "crop",
            "size",
            "listing_path",
            "listing_size",
        }
        assert row["listing_path"] is None and row["size"] == 400
        assert Image.open(row["path"]).size == (400, 400)
        assert Path(row["path"]).parent == out
        assert row["label"] == "cup" and row["product_index"] == 0
        x0, y0, x1, y1 = row["box"]
        assert 0 <= x0 < x1 <= 480 and 0 <= y0 < y1 <= 854


def test_a_non_video_is_a_message_not_a_traceback(tmp_path, settings_env, capsys):
    text = tmp_path / "notes.mp4"
    text.write_text("hello")
    assert main(["thumbnails", str(text), "--json"]) == 2
    err = capsys.readouterr().err
    assert "error: notes.mp4 is not a video" in err and "Traceback" not in err
    assert main(["thumbnails", str(tmp_path / "missing.mp4")]) == 2
    assert "there is no file" in capsys.readouterr().err


def test_several_videos_in_one_call_share_one_model_load(tmp_path, shared, settings_env, capsys, monkeypatch):
    from tiktok_commerce.workers.thumbnails import pipeline

    images = shared / "fixtures/images"
    cup, cat = tmp_path / "cup.mp4", tmp_path / "cat.mp4"
    make_product_video(cup, images / "coffee.png", seconds=3, size=(480, 854), fps=10)
    make_product_video(cat, images / "chelsea.png", seconds=3, size=(480, 854), fps=10)
    broken = tmp_path / "broken.mp4"
    broken.write_text("not a video")
    loads = []
    real = pipeline.detector_for
    monkeypatch.setattr(pipeline, "detector_for", lambda *a, **kw: loads.append(1) or real(*a, **kw))
    out = tmp_path / "thumbs"
    code = main(
        ["thumbnails", str(cup), str(broken), str(cat), "--json", "--out", str(out), "--listing-size", "800"]
    )
    assert code == 2  # one of them failed, said so, and the others were done
    assert len(loads) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["video"] for line in lines] == [str(cup), str(broken), str(cat)]
    assert "is not a video" in lines[1]["error"] and f"error: {broken}:" in captured.err
    for line, name in ((lines[0], "cup"), (lines[2], "cat")):
        assert Path(line["out"]) == out / name
        assert len(line["thumbnails"]) == 5
        for row in line["thumbnails"]:
            assert Path(row["path"]).parent == out / name
            assert Image.open(row["listing_path"]).size == (480, 480)  # never enlarged
    assert "1 of 3 videos failed" in captured.err


def test_a_bad_setting_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    video = tmp_path / "v.mp4"
    video.write_bytes(b"\x00\x00\x00\x20ftypisom")
    monkeypatch.setenv("THUMBNAIL_SIZE", "huge")
    assert main(["thumbnails", str(video)]) == 2
    assert capsys.readouterr().err == "error: THUMBNAIL_SIZE must be a whole number, not 'huge'\n"


def test_a_local_file_needs_neither_pydantic_settings_nor_an_http_client(tmp_path, shared):
    # The command's start is measured beside ffmpeg (make bench): these imports cost a fifth of it.
    # A product title needs the language packs: their folders come from the light reader too.
    import os
    import subprocess
    import sys

    video = tmp_path / "cup.mp4"
    make_product_video(video, shared / "fixtures/images/coffee.png", seconds=1, size=(160, 284), fps=5)
    code = (
        "import sys; from tiktok_commerce.cli import main; "
        f"rc = main(['thumbnails', {str(video)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--product', 'Latte mug']); "
        "heavy = [m for m in ('pydantic_settings', 'httpx', 'sqlalchemy', 'fastapi') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stderr
