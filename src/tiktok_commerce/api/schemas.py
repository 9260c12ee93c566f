"""What the API accepts and returns (pydantic), apart from the database models."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

# TikTok handles are letters, digits, "_" and "."; "-" is accepted too (e.g. `demo-seller`); at least
# one letter or digit ("..", "-_" name nobody).
HANDLE_RE = re.compile(r"^(?=[_.-]*[a-z0-9])[a-z0-9_.-]{2,24}$")
HANDLE_RULE = (
    "2 to 24 characters: letters, digits, '_', '.' or '-', at least one letter or digit "
    "(a leading '@' is ignored)"
)
# The same rule as the API receives it (before '@' is dropped and case folded), for the OpenAPI schema.
HANDLE_PATTERN = r"^@?(?=[_.-]*[A-Za-z0-9])[A-Za-z0-9_.-]{2,24}$"


def normalize_handle(value: str) -> str:
    """The handle as stored: without a leading '@', lower case. Raises ValueError saying the rule."""
    handle = value.strip().removeprefix("@").lower()
    if not HANDLE_RE.fullmatch(handle):
        raise ValueError(f"seller_handle must be {HANDLE_RULE}; got {value!r}")
    return handle


class VideoCreate(BaseModel):
    # python-re: the handle pattern needs a lookahead, which the default (Rust) engine lacks.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, regex_engine="python-re")

    video_url: str = Field(min_length=1, max_length=2048, description="http(s) URL of the video")
    seller_handle: str = Field(description=HANDLE_RULE, pattern=HANDLE_PATTERN)
    caption: str | None = Field(
        default=None, max_length=4000, description="the caption; resolved from the URL when missing"
    )

    @field_validator("caption")
    @classmethod
    def _caption(cls, value: str | None) -> str | None:
        # NUL cannot be stored in PostgreSQL text and never belongs in a caption.
        return value.replace("\x00", "") if value is not None else None

    @field_validator("seller_handle", mode="before")
    @classmethod
    def _handle(cls, value: object) -> object:
        # Before the pattern, so a wrong handle is told the rule in words.
        return normalize_handle(value) if isinstance(value, str) else value


class TagOut(BaseModel):
    tag: str
    confidence: float
    source: str


class ThumbnailOut(BaseModel):
    url: str
    width: int
    height: int
    time_s: float
    label: str | None
    confidence: float | None


class ProductOut(BaseModel):
    id: str
    video_id: str
    seller_handle: str
    title: str
    price: float | None
    currency: str | None
    original_price: float | None
    variants: dict[str, list[str]]
    category: str | None
    tags: list[TagOut]
    thumbnails: list[ThumbnailOut]
    created_at: datetime


class VideoOut(BaseModel):
    id: str
    seller_handle: str
    video_url: str
    caption: str | None
    caption_source: str | None = Field(
        description="seller (posted with the video), pending (being looked up), oembed or page (found), none"
    )
    status: str
    error: str | None
    stages: dict[str, Any]
    products: list[ProductOut]
    thumbnails: list[ThumbnailOut] = Field(description="every thumbnail of the video")
    link: str = Field(description="where to read this video")


class ShopOut(BaseModel):
    seller_handle: str
    created_at: datetime
    products: list[ProductOut]


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last")


class ErrorOut(BaseModel):
    detail: str
    errors: list[dict[str, Any]] | None = None
