"""`tiktok-commerce models pull`: put the YOLOv8n detector at ./data/models/yolov8n.onnx.

Ultralytics publishes YOLOv8n only as PyTorch weights (`yolov8n.pt`; there are no official ONNX
downloads), so the default pull downloads the .pt and exports it to ONNX with the `ultralytics`
package (the optional `export` extra: it brings torch, so it belongs on a build machine, not in a
worker). A URL that serves an ONNX file (a user's own export, a mirror) is installed as it is.

The weights are AGPL-3.0 (Ultralytics), so the project does not ship them; a user pulls them once.
Every download streams to a temporary file beside the target, is capped in size and checked against
a SHA-256 when one is given. The ONNX model must load in onnxruntime as a YOLOv8-format detector
before it replaces anything: a wrong URL, a truncated download or a failed export can never leave a
broken model in place. Nothing calls this implicitly: the worker runs without a model (image quality
alone) instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import httpx

DEFAULT_TARGET = Path("./data/models/yolov8n.onnx")
MAX_MODEL_BYTES = 300 * 1024 * 1024
# Fixed, not "the newest torch supports": onnxruntime has run opset 17 since 1.14, and the same
# export comes out whichever torch the build machine has.
EXPORT_OPSET = 17
EXPORT_IMGSZ = 640  # the detector packs frames into the model's fixed 640x640 input
_ZIP_MAGIC = b"PK\x03\x04"  # torch.save writes a zip archive; an ONNX file is a protobuf

INSTALL_HINT = (
    "exporting PyTorch weights to ONNX needs Ultralytics: pip install 'tiktok-commerce[export]' "
    "(or pip install ultralytics) and run models pull again, or set YOLO_MODEL_URL to an ONNX export"
)


class ModelPullError(Exception):
    """The model could not be pulled; the message says why."""


def check_detector(path: Path) -> str:
    """Raise ModelPullError unless `path` is an ONNX detector in the Ultralytics layout; return a summary."""
    from tiktok_commerce.workers.thumbnails.detector import OnnxDetector

    try:
        detector = OnnxDetector(path)
    except Exception as exc:  # onnxruntime raises its own exception types for a non-model
        raise ModelPullError(f"the download is not a loadable ONNX model ({exc.__class__.__name__})") from exc
    inputs = detector.session.get_inputs()[0].shape
    outputs = detector.session.get_outputs()[0].shape
    if len(inputs) != 4 or len(outputs) != 3:
        raise ModelPullError(f"the model is not a YOLOv8-format detector (input {inputs}, output {outputs})")
    return f"{len(detector.names)} classes, input {detector.input_size}x{detector.input_size}"


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_pytorch_checkpoint(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == _ZIP_MAGIC


def _download(
    url: str,
    folder: Path,
    sha256: str | None,
    timeout_s: float,
    max_bytes: int,
    transport: httpx.BaseTransport | None,
) -> tuple[Path, int, str]:
    """Stream `url` to a new temporary file in `folder`; returns (file, size, sha256).

    The caller moves the file into place or deletes it; on any failure it is already deleted.
    """
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".pull-", suffix=".part")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.Client(
                timeout=httpx.Timeout(timeout_s), follow_redirects=True, transport=transport
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise ModelPullError(f"{url} answered HTTP {response.status_code}")
            for chunk in response.iter_bytes(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise ModelPullError(
                        f"the download is larger than {max_bytes // (1 << 20)} MB: not a YOLOv8n"
                    )
                digest.update(chunk)
                out.write(chunk)
        if sha256 and digest.hexdigest() != sha256.lower():
            raise ModelPullError(f"SHA-256 mismatch: expected {sha256.lower()}, got {digest.hexdigest()}")
        return tmp, size, digest.hexdigest()
    except httpx.HTTPError as exc:
        tmp.unlink(missing_ok=True)
        raise ModelPullError(f"the model could not be downloaded from {url}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export_onnx(weights: Path, target: Path) -> str:
    """Export Ultralytics PyTorch weights to an ONNX detector at `target`; returns a summary."""
    try:
        from ultralytics import YOLO  # optional and heavy (torch): only here, only when needed
    except ImportError as exc:
        raise ModelPullError(f"{weights} is downloaded; {INSTALL_HINT}") from exc
    # Export a copy in a scratch folder: Ultralytics writes its output beside the weights, and the
    # target must stay untouched until the result has passed the check.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as scratch:
        staged = Path(scratch) / weights.name
        shutil.copyfile(weights, staged)
        try:
            exported = YOLO(str(staged)).export(format="onnx", imgsz=EXPORT_IMGSZ, opset=EXPORT_OPSET)
        except Exception as exc:  # Ultralytics and torch raise many types; the user needs the reason
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise ModelPullError(f"Ultralytics could not export {weights} to ONNX: {reason}") from exc
        onnx_file = Path(exported) if exported else staged.with_suffix(".onnx")
        if not onnx_file.is_file():
            raise ModelPullError(f"Ultralytics reported no ONNX file for {weights}")
        summary = check_detector(onnx_file)
        size = onnx_file.stat().st_size
        os.replace(onnx_file, target)
    return f"{target} (exported from {weights.name}, {size / 1e6:.1f} MB, {summary})"


def pull(
    url: str,
    target: Path = DEFAULT_TARGET,
    sha256: str | None = None,
    timeout_s: float = 60.0,
    max_bytes: int = MAX_MODEL_BYTES,
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Install the detector from `url` at `target` (an ONNX file); returns a one-line summary.

    An ONNX download is checked and installed as it is. PyTorch weights (a `.pt` URL, or a download
    that is a torch checkpoint) are kept beside the target as `<target>.pt`, so a rerun after a
    failed export does not download them again, and exported to ONNX. `sha256` is the hash of the
    file at `url`.
    """
    if not url.startswith(("https://", "http://")):
        raise ModelPullError("the model URL must be http(s)")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    weights = target.with_suffix(".pt")
    wants_weights = urlsplit(url).path.endswith(".pt")
    if wants_weights and weights.is_file() and (not sha256 or _sha256_of(weights) == sha256.lower()):
        return f"{export_onnx(weights, target)}; reused {weights} (delete it to download again)"
    tmp, size, digest = _download(url, target.parent, sha256, timeout_s, max_bytes, transport)
    try:
        if _is_pytorch_checkpoint(tmp):
            os.replace(tmp, weights)
            return export_onnx(weights, target)
        if wants_weights:
            raise ModelPullError(f"{url} did not serve PyTorch weights (not a torch checkpoint)")
        summary = check_detector(tmp)
        os.replace(tmp, target)
        return f"{target} ({size / 1e6:.1f} MB, sha256 {digest[:12]}..., {summary})"
    finally:
        tmp.unlink(missing_ok=True)
