"""`tiktok-commerce models pull` against a loopback server (never the internet)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from thumbnails_support import body, loopback_server

from tiktok_commerce.cli import main
from tiktok_commerce.workers.thumbnails.models import ModelPullError, pull


@pytest.fixture(scope="module")
def model_bytes(yolo_model: Path) -> bytes:
    return yolo_model.read_bytes()


def test_pull_downloads_checks_and_installs_the_model(tmp_path, model_bytes):
    target = tmp_path / "models" / "yolov8n.onnx"
    digest = hashlib.sha256(model_bytes).hexdigest()
    with loopback_server({"/yolov8n.onnx": body(model_bytes, "application/octet-stream")}) as server:
        summary = pull(server.url("/yolov8n.onnx"), target, sha256=digest)
    assert target.read_bytes() == model_bytes
    assert "80 classes" in summary
    assert [p.name for p in target.parent.iterdir()] == ["yolov8n.onnx"]  # no temporary left behind


def test_a_hash_mismatch_installs_nothing(tmp_path, model_bytes):
    target = tmp_path / "yolov8n.onnx"
    with (
        loopback_server({"/m.onnx": body(model_bytes)}) as server,
        pytest.raises(ModelPullError, match="SHA-256 mismatch"),
    ):
        pull(server.url("/m.onnx"), target, sha256="0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    target = tmp_path / "yolov8n.onnx"
    with (
        loopback_server({"/m.onnx": body(b"<html>not found</html>", "text/html")}) as server,
        pytest.raises(ModelPullError, match="not a loadable ONNX model"),
    ):
        pull(server.url("/m.onnx"), target)
        with pytest.raises(ModelPullError, match="HTTP 404"):
            pull(server.url("/missing.onnx"), target)
    assert not target.exists()


def test_an_oversized_download_is_cut_off(tmp_path):
    with (
        loopback_server({"/m.onnx": body(b"\x00" * 200_000)}) as server,
        pytest.raises(ModelPullError, match="larger than"),
    ):
        pull(server.url("/m.onnx"), tmp_path / "m.onnx", max_bytes=100_000)


def test_the_command(tmp_path, model_bytes, capsys):
    target = tmp_path / "yolov8n.onnx"
    with loopback_server({"/yolov8n.onnx": body(model_bytes)}) as server:
        assert main(["models", "pull", "--url", server.url("/yolov8n.onnx"), "--to", str(target)]) == 0
        assert "model ready" in capsys.readouterr().out
        assert main(["models", "pull", "--url", server.url("/nope"), "--to", str(tmp_path / "x.onnx")]) == 2
        assert "error: " in capsys.readouterr().err
    assert target.is_file()
