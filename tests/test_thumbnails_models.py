"""`tiktok-commerce models pull` against a loopback server (never the internet)."""

from __future__ import annotations

import hashlib
import io
import sys
import types
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from thumbnails_support import body, loopback_server

from tiktok_commerce.cli import main
from tiktok_commerce.settings import Settings
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


# ---- the official PyTorch weights, exported to ONNX -------------------------------------------------


def _torch_checkpoint() -> bytes:
    """Bytes shaped like torch.save's output (a zip archive); only the fake exporter ever reads them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("yolov8n/data.pkl", b"weights")
    return buffer.getvalue()


@dataclass
class FakeUltralytics:
    onnx: bytes  # what export writes
    calls: list[dict] = field(default_factory=list)


@pytest.fixture
def fake_ultralytics(monkeypatch: pytest.MonkeyPatch, model_bytes: bytes) -> FakeUltralytics:
    """A stand-in `ultralytics` whose export writes a real YOLOv8 ONNX model beside the weights, as
    Ultralytics does, and records its calls."""
    fake = FakeUltralytics(onnx=model_bytes)

    class YOLO:
        def __init__(self, weights: str) -> None:
            self.weights = Path(weights)

        def export(self, **kwargs) -> str:
            fake.calls.append({"weights": self.weights.read_bytes(), **kwargs})
            out = self.weights.with_suffix(".onnx")
            out.write_bytes(fake.onnx)
            return str(out)

    module = types.ModuleType("ultralytics")
    module.YOLO = YOLO
    monkeypatch.setitem(sys.modules, "ultralytics", module)
    return fake


def test_the_default_url_is_ultralytics_official_weights():
    assert Settings.model_fields["yolo_model_url"].default == (
        "https://github.com/ultralytics/assets/releases/download/v8.3.0/yolov8n.pt"
    )


def test_pt_weights_are_exported_to_onnx_and_checked(tmp_path, model_bytes, fake_ultralytics):
    weights = _torch_checkpoint()
    target = tmp_path / "models" / "yolov8n.onnx"
    digest = hashlib.sha256(weights).hexdigest()
    with loopback_server({"/yolov8n.pt": body(weights, "application/octet-stream")}) as server:
        summary = pull(server.url("/yolov8n.pt"), target, sha256=digest)
        assert target.read_bytes() == model_bytes
        assert "80 classes" in summary
        assert fake_ultralytics.calls == [{"weights": weights, "format": "onnx", "imgsz": 640, "opset": 17}]
        # no temporary or scratch folder left; the weights stay for the next run
        assert sorted(p.name for p in target.parent.iterdir()) == ["yolov8n.onnx", "yolov8n.pt"]
        # a rerun exports again from the kept weights without downloading them again
        target.unlink()
        pull(server.url("/yolov8n.pt"), target, sha256=digest)
        assert len(server.requests) == 1
    assert target.read_bytes() == model_bytes


def test_pt_weights_without_ultralytics_fail_with_the_fix(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ultralytics", None)  # `import ultralytics` raises ImportError
    weights = _torch_checkpoint()
    target = tmp_path / "yolov8n.onnx"
    with loopback_server({"/yolov8n.pt": body(weights)}) as server:
        code = main(["models", "pull", "--url", server.url("/yolov8n.pt"), "--to", str(target)])
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: ")
    assert "pip install 'tiktok-commerce[export]'" in err and "YOLO_MODEL_URL" in err
    assert not target.exists()
    assert (tmp_path / "yolov8n.pt").read_bytes() == weights  # kept: a rerun will not download it
    assert [p.name for p in tmp_path.iterdir()] == ["yolov8n.pt"]


def test_a_failed_export_replaces_nothing(tmp_path, fake_ultralytics, model_bytes):
    target = tmp_path / "yolov8n.onnx"
    target.write_bytes(model_bytes)  # the model already in place must survive a bad export
    fake_ultralytics.onnx = model_bytes[:1000]
    with (
        loopback_server({"/yolov8n.pt": body(_torch_checkpoint())}) as server,
        pytest.raises(ModelPullError, match="not a loadable ONNX model"),
    ):
        pull(server.url("/yolov8n.pt"), target)
    assert target.read_bytes() == model_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["yolov8n.onnx", "yolov8n.pt"]


def test_a_pt_url_that_serves_no_weights_keeps_nothing(tmp_path, fake_ultralytics):
    with (
        loopback_server({"/yolov8n.pt": body(b"<html>sign in</html>", "text/html")}) as server,
        pytest.raises(ModelPullError, match="did not serve PyTorch weights"),
    ):
        pull(server.url("/yolov8n.pt"), tmp_path / "yolov8n.onnx")
    assert list(tmp_path.iterdir()) == []
    assert fake_ultralytics.calls == []
