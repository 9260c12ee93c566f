"""Fixtures every test may use. Part-specific fixtures live beside their tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

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


@pytest.fixture(scope="session")
def images(shared: Path) -> Path:
    """The shared CC0 photos the synthetic test videos are built from."""
    return shared / "fixtures" / "images"


@pytest.fixture(scope="session")
def detector(yolo_model: Path):
    """The real detector at the default DETECTOR_INPUT_SIZE, loaded once for every thumbnails test."""
    from tiktok_commerce.workers.thumbnails import pipeline

    return pipeline.load_detector(str(yolo_model), 1, 560)


# ---- databases ------------------------------------------------------------------------------
# `database_url` runs a test on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set
# (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres, an admin URL). Each test gets a
# fresh, empty database: a file under tmp_path, or a PostgreSQL database with a random name that is
# dropped afterwards. Tables are not created here: tests migrate (or create_all) themselves.

_DATABASE_BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=_DATABASE_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if not admin_url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    yield from _fresh_postgres_database(admin_url)


def _fresh_postgres_database(admin_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # FORCE (PostgreSQL 13+) ends connections a test left open (e.g. a pooled engine).
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on `database_url` with every migration applied."""
    from tiktok_commerce.db.migrate import upgrade
    from tiktok_commerce.db.session import make_engine

    upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
