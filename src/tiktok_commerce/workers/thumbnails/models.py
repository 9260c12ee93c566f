"""`tiktok-commerce models pull`: download the YOLOv8n detector into ./data/models/yolov8n.onnx.

The weights are AGPL-3.0 (Ultralytics), so the project does not ship them; a user pulls them once.
The download streams to a temporary file beside the target, is capped in size, checked against a
SHA-256 when one is given, and must load in onnxruntime as a YOLOv8-format detector before it
replaces anything: a wrong URL or a truncated download can never leave a broken model in place.
Nothing calls this implicitly: the worker runs without a model (image quality alone) instead.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import httpx

DEFAULT_TARGET = Path("./data/models/yolov8n.onnx")
MAX_MODEL_BYTES = 300 * 1024 * 1024


class ModelPullError(Exception):
    """The model could not be pulled; the message says why."""


def check_detector(path: Path) -> str:
    """Raise ModelPullError unless `path` is an ONNX detector in the Ultralytics layout; return a summary."""
    from tiktok_commerce.workers.thumbnails.detector import Detector

    try:
        detector = Detector(path)
    except Exception as exc:  # onnxruntime raises its own exception types for a non-model
        raise ModelPullError(f"the download is not a loadable ONNX model ({exc.__class__.__name__})") from exc
    inputs = detector.session.get_inputs()[0].shape
    outputs = detector.session.get_outputs()[0].shape
    if len(inputs) != 4 or len(outputs) != 3:
        raise ModelPullError(f"the model is not a YOLOv8-format detector (input {inputs}, output {outputs})")
    return f"{len(detector.names)} classes, input {detector.input_size}x{detector.input_size}"


def pull(
    url: str,
    target: Path = DEFAULT_TARGET,
    sha256: str | None = None,
    timeout_s: float = 60.0,
    max_bytes: int = MAX_MODEL_BYTES,
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Download the model at `url` to `target`; returns a one-line summary."""
    if not url.startswith(("https://", "http://")):
        raise ModelPullError("the model URL must be http(s)")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".pull-", suffix=".onnx")
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
        summary = check_detector(tmp)
        os.replace(tmp, target)
        return f"{target} ({size / 1e6:.1f} MB, sha256 {digest.hexdigest()[:12]}..., {summary})"
    except httpx.HTTPError as exc:
        raise ModelPullError(f"the model could not be downloaded from {url}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
