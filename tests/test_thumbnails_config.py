"""The command line's light settings reader reads what Settings reads (config.py's promise)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.thumbnails.config import ConfigError, ThumbnailConfig

NAMES = [name.upper() for name in ThumbnailConfig.__dataclass_fields__]


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def both() -> tuple[ThumbnailConfig, ThumbnailConfig]:
    return ThumbnailConfig.from_env(), ThumbnailConfig.from_settings(Settings())


def test_defaults_match(clean: Path) -> None:
    light, full = both()
    assert light == full
    assert light.model_path() == Settings().model_path()


@pytest.mark.parametrize(
    ("env", "dotenv"),
    [
        ({"THUMBNAIL_SIZE": "512", "listing_image_size": "900", "THUMBNAIL_THREADS": "2"}, ""),
        ({}, "THUMBNAIL_SIZE=256\nLISTING_IMAGE_SIZE=''\nVIDEO_MAX_PIXELS=2073600\n"),
        (
            {"THUMBNAIL_COUNT": "3"},
            'THUMBNAIL_COUNT=7\nexport DETECTOR_INPUT_SIZE="448"\nVIDEO_MAX_BYTES=1000\n',
        ),
        ({"LISTING_IMAGE_SIZE": "0"}, "# a comment\nLISTING_IMAGE_SIZE=800\n"),
        ({"LANGUAGE_PACKS_DIR": "/srv/packs", "LANGUAGE_PACKS_BUILTIN": "Off"}, ""),
        ({}, "LANGUAGE_PACKS_BUILTIN=no\nlanguage_packs_dir=./more\n"),
    ],
)
def test_overrides_from_the_environment_and_dotenv_match(
    clean: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], dotenv: str
) -> None:
    (clean / ".env").write_text(dotenv)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    light, full = both()
    assert light == full
    assert light.pack_dirs() == languages_pack_dirs()


def languages_pack_dirs() -> list[Path]:
    from tiktok_commerce import languages
    from tiktok_commerce.settings import get_settings

    get_settings.cache_clear()
    try:
        return languages.pack_dirs()
    finally:
        get_settings.cache_clear()


def test_a_model_path_matches(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = clean / "mine.onnx"
    model.write_bytes(b"x")
    monkeypatch.setenv("YOLO_MODEL", str(model))
    light, full = both()
    assert light == full and light.model_path() == full.model_path() == model


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("THUMBNAIL_SIZE", "big"),
        ("THUMBNAIL_SIZE", "8"),
        ("THUMBNAIL_THREADS", "0"),
        ("LANGUAGE_PACKS_BUILTIN", "maybe"),
    ],
)
def test_a_value_settings_refuses_is_refused_with_its_name(
    clean: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()
    with pytest.raises(ConfigError, match=name):
        ThumbnailConfig.from_env()
