"""The thumbnail generator's settings, read without pydantic-settings for the command line.

`tiktok-commerce thumbnails FILE` is a one-shot process whose start counts (it is measured beside
ffmpeg): importing pydantic-settings takes about 0.2 s of it. For local files the command reads the
few settings it needs here, from the same places and with the same rules as `Settings` (the
environment, names in any case, then `.env`; the same defaults and bounds). A test holds the two
equal. A URL needs the fetch settings too, so then the command takes them from `Settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiktok_commerce.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[4]
BUILT_IN_PACKS = Path(__file__).resolve().parents[2] / "languages" / "packs"  # languages.BUILT_IN
TRUE = {"1", "true", "t", "yes", "y", "on"}  # what pydantic reads as a bool, in any case
FALSE = {"0", "false", "f", "no", "n", "off"}


class ConfigError(Exception):
    """A setting has a value it cannot take; the message names it."""


@dataclass(frozen=True)
class ThumbnailConfig:
    yolo_model: Path | None = None
    detector_input_size: int = 560
    thumbnail_threads: int = 1
    thumbnail_count: int = 5
    thumbnail_size: int = 400
    listing_image_size: int | None = None
    video_max_pixels: int = 2560 * 1440
    video_max_bytes: int = 200 * 1024 * 1024
    # Where the product words come from (labels.py reads the language packs).
    language_packs_dir: Path | None = None
    language_packs_builtin: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> ThumbnailConfig:
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__})

    @classmethod
    def from_env(cls, env_file: str | Path = ".env") -> ThumbnailConfig:
        """As `Settings()` would read them: environment variables (any case) first, then `env_file`."""
        values = {k.lower(): v for k, v in _dotenv(Path(env_file)).items() if v is not None}
        values.update({k.lower(): v for k, v in os.environ.items()})
        model = values.get("yolo_model")
        listing = values.get("listing_image_size")
        packs = values.get("language_packs_dir")
        return cls(
            yolo_model=Path(model) if model else None,
            detector_input_size=_int(values, "detector_input_size", cls.detector_input_size),
            thumbnail_threads=_int(values, "thumbnail_threads", cls.thumbnail_threads, low=1),
            thumbnail_count=_int(values, "thumbnail_count", cls.thumbnail_count, low=1),
            thumbnail_size=_int(values, "thumbnail_size", cls.thumbnail_size, low=16, high=4096),
            listing_image_size=None
            if listing in (None, "", "0")
            else _int(values, "listing_image_size", 0, low=16, high=4096),
            video_max_pixels=_int(values, "video_max_pixels", cls.video_max_pixels, low=64 * 64),
            video_max_bytes=_int(values, "video_max_bytes", cls.video_max_bytes),
            language_packs_dir=Path(packs) if packs is not None else None,
            language_packs_builtin=_bool(values, "language_packs_builtin", cls.language_packs_builtin),
        )

    def pack_dirs(self) -> list[Path]:
        """The language packs' folders, as languages.pack_dirs() finds them from Settings."""
        extra = self.language_packs_dir
        return [*([BUILT_IN_PACKS] if self.language_packs_builtin else []), *([Path(extra)] if extra else [])]

    def model_path(self) -> Path | None:
        """The detector to load: YOLO_MODEL, else one pulled into ./data/models, else the shared one
        (as Settings.model_path)."""
        shared = Path(os.environ.get("TIKTOK_COMMERCE_SHARED", PROJECT_ROOT.parent / "shared"))
        for path in (
            self.yolo_model,
            Path("./data/models/yolov8n.onnx"),
            shared / "models" / "yolov8n_int8.onnx",
        ):
            if path is not None and Path(path).is_file():
                return Path(path)
        return None


def _dotenv(path: Path) -> dict[str, str | None]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # what pydantic-settings reads .env with

    return dict(dotenv_values(path))


def _int(
    values: dict[str, str], name: str, default: int, low: int | None = None, high: int | None = None
) -> int:
    raw = values.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name.upper()} must be a whole number, not {raw!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ConfigError(f"{name.upper()} must be {bounds}, not {value}")
    return value


def _bool(values: dict[str, str], name: str, default: bool) -> bool:
    raw = values.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word not in TRUE | FALSE:
        raise ConfigError(f"{name.upper()} must be true or false, not {raw!r}")
    return word in TRUE
