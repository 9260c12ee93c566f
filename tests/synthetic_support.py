"""The thumbnail bench's specifications, for the tests that check the blind sets' videos without
running the generator: the bench module (a fixture) and the shared photos they are built from."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tiktok_commerce.settings import shared_dir

ROOT = Path(__file__).resolve().parents[1]
IMAGES = shared_dir() / "fixtures" / "images"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/thumbnails.py, imported from the project root."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.thumbnails")
