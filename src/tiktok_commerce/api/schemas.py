"""What the API accepts and returns (pydantic), apart from the database models."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tiktok_commerce.urlguard import FetchPolicy, UnsafeURL, check_url

# TikTok handles are letters, digits, "_" and "."; "-" is accepted too (e.g. `demo-seller`); at least
# one letter or digit ("..", "-_" name nobody).
HANDLE_RE = re.compile(r"^(?=[_.-]*[a-z0-9])[a-z0-9_.-]{2,24}$")
HANDLE_RULE = (
    "2 to 24 characters: letters, digits, '_', '.' or '-', at least one letter or digit "
    "(a leading '@' is ignored)"
)
# The same rule as the API receives it (before '@' is dropped and case folded), for the OpenAPI schema.
HANDLE_PATTERN = r"^@?(?=[_.-]*[A-Za-z0-9])[A-Za-z0-9_.-]{2,24}$"
NO_NUL = r"^[^\x00]*$"  # a free-text parameter: anything but NUL (PostgreSQL cannot store it)


def normalize_handle(value: str) -> str:
    """The handle as stored: without a leading '@', lower case. Raises ValueError saying the rule."""
    handle = value.strip().removeprefix("@").lower()
    if not HANDLE_RE.fullmatch(handle):
        raise ValueError(f"seller_handle must be {HANDLE_RULE}; got {value!r}")
    return handle


# What the API takes as a video URL, for the OpenAPI schema: http(s), a host name, an optional port,
# no credentials, no spaces or control characters. The URL guard decides the rest (allowed hosts and
# ports, no internal address) and says why in its 422.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://{_LABEL}(?:\.{_LABEL})*{_PORT}(?:[/?#][^\x00-\x20\x7f]*)?$"
URL_RULE = "an http(s) URL with a host name, no credentials, no spaces or control characters"
ANY_URL = FetchPolicy(allowed_hosts=("*",), allow_private=True, allowed_ports=None)  # for the wording only


class VideoCreate(BaseModel):
    """A post. Checked as sent (no trimming), so what the schema calls valid is what is accepted."""

    model_config = ConfigDict(extra="forbid")

    video_url: str = Field(
        max_length=2048,
        description=f"the video: {URL_RULE}",
        json_schema_extra={"pattern": URL_PATTERN},
    )
    seller_handle: str = Field(description=HANDLE_RULE, json_schema_extra={"pattern": HANDLE_PATTERN})
    caption: str | None = Field(
        default=None,
        max_length=4000,
        description="the caption; when missing, the caption parser's stage looks it up from the URL",
    )

    @field_validator("video_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.fullmatch(URL_PATTERN, value):
            try:  # the guard's own words for what is wrong, where it has them
                check_url(value, ANY_URL, resolve_dns=False)
            except UnsafeURL as exc:
                raise ValueError(str(exc)) from exc
            raise ValueError(f"video_url must be {URL_RULE}")
        return value

    @field_validator("caption")
    @classmethod
    def _caption(cls, value: str | None) -> str | None:
        # NUL cannot be stored in PostgreSQL text and never belongs in a caption.
        return value.replace("\x00", "").strip() if value is not None else None

    @field_validator("seller_handle")
    @classmethod
    def _handle(cls, value: str) -> str:
        if not re.fullmatch(HANDLE_PATTERN, value):
            raise ValueError(f"seller_handle must be {HANDLE_RULE}; got {value!r}")
        return normalize_handle(value)


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
    listing_url: str | None = Field(
        default=None,
        description="a larger square of the same pick for a listing (LISTING_IMAGE_SIZE), if made",
    )
    listing_width: int | None = None
    listing_height: int | None = None


class ProductOut(BaseModel):
    id: str
    video_id: str
    seller_handle: str
    title: str
    price: float | None
    currency: str | None
    original_price: float | None
    price_display: str | None = Field(
        description="the price as the caption's market writes it (CLDR): 'R$ 49,90', '¥1,980', '19,99 €'"
    )
    original_price_display: str | None
    variants: dict[str, list[str]]
    category: str | None
    tags: list[TagOut]
    thumbnails: list[ThumbnailOut]
    created_at: datetime
    video_url: str = Field(description="the seller's video (on TikTok) this product was read from")
    edited_fields: list[str] = Field(
        description="fields the seller set by hand (PATCH); the pipeline never overwrites them"
    )
    hidden: bool = Field(description="hidden by the seller: in no shop or listing, only in its video")


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
    products: list[ProductOut] = Field(description="a page of the shop's products, oldest first")
    next_cursor: str | None = Field(
        default=None, description="pass as `cursor` for the next page; null on the last"
    )


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last")


class ErrorOut(BaseModel):
    detail: str
    errors: list[dict[str, Any]] | None = None


class ListingQuery(BaseModel):
    """The query string of `GET /api/products`, validated in one call (see `routes.list_products`).

    Patterns are documented (the NUL guard and the route check them: pydantic's regex engine has no
    look-ahead)."""

    seller: str | None = Field(
        None,
        description=f"only this seller's products: {HANDLE_RULE}",
        json_schema_extra={"pattern": HANDLE_PATTERN},
    )
    category: str | None = Field(None, max_length=100, json_schema_extra={"pattern": NO_NUL})
    tag: str | None = Field(None, max_length=100, json_schema_extra={"pattern": NO_NUL})
    min_price: float | None = Field(None, ge=0)
    max_price: float | None = Field(None, ge=0)
    q: str | None = Field(
        None,
        max_length=200,
        description="words in the title or category",
        json_schema_extra={"pattern": NO_NUL},
    )
    limit: int = Field(20, ge=1, le=100, description="products per page")
    cursor: str | None = Field(
        None,
        max_length=200,
        description="next_cursor of the previous page",
        json_schema_extra={"pattern": NO_NUL},
    )


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The model's fields as OpenAPI query parameters, for a route that validates them itself."""
    schema = model.model_json_schema()
    parameters = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters
