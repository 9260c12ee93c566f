"""Fixtures every test may use. Part-specific fixtures live beside their tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiktok_commerce.settings import shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the project root (TIKTOK_COMMERCE_SHARED overrides)."""
    path = shared_dir()
    if not path.is_dir():
        pytest.fail(f"the shared folder is missing at {path}; set TIKTOK_COMMERCE_SHARED")
    return path


@pytest.fixture(scope="session")
def yolo_model(shared: Path) -> Path:
    return shared / "models" / "yolov8n_int8.onnx"
