"""The event contract between the API and the workers.

Every message on the bus is an `Envelope` whose `payload` is one of the models below. Adding an
optional field is compatible; renaming or removing one is a new `version`.

Ids of events a handler publishes are derived from the event it handles (`Envelope.child`), so a
redelivered input produces the very same output ids and the results consumer drops the repeat.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

VIDEO_POSTED: Final = "video.posted"
CAPTION_PARSED: Final = "caption.parsed"
THUMBNAILS_GENERATED: Final = "thumbnails.generated"
PRODUCTS_TAGGED: Final = "products.tagged"
PROCESSING_FAILED: Final = "processing.failed"

EventType = Literal[
    "video.posted", "caption.parsed", "thumbnails.generated", "products.tagged", "processing.failed"
]

_NAMESPACE = uuid.UUID("5b0e7a52-3f3c-4c1e-9a55-6f1d8f2a7c10")


def now() -> datetime:
    return datetime.now(UTC)


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


# ---- payload parts ---------------------------------------------------------------------------


class Product(Model):
    """A product as the caption parser read it."""

    title: str
    price: float | None = None
    currency: str | None = None  # ISO 4217
    original_price: float | None = None
    variants: dict[str, list[str]] = Field(default_factory=dict)  # e.g. {"size": ["S", "M"]}


class ListingImage(Model):
    """A larger square of the same pick for a shop listing (LISTING_IMAGE_SIZE), never enlarged."""

    blob_key: str
    width: int
    height: int
    crop: list[int] | None = None  # [x0, y0, x1, y1] of the square cut from the upright frame


class Thumbnail(Model):
    blob_key: str
    product_index: int | None = None  # which product of the caption it shows
    time_s: float
    box: list[float] | None = None  # [x0, y0, x1, y1] in upright source-frame pixels
    label: str | None = None
    confidence: float | None = None
    sharpness: float | None = None
    score: float | None = None
    width: int = 400  # THUMBNAIL_SIZE, or less when the video is smaller (never enlarged)
    height: int = 400
    crop: list[int] | None = None  # [x0, y0, x1, y1] of the square cut from the upright frame
    listing: ListingImage | None = None  # when LISTING_IMAGE_SIZE is set


class ProductThumbnails(Product):
    """A product as the caption parser read it, with the thumbnails that show it."""

    thumbnails: list[Thumbnail] = Field(default_factory=list)


class Tag(Model):
    tag: str
    confidence: float
    source: str  # title | caption | hashtag | detector | llm ...


class TaggedProduct(Model):
    index: int
    category: str | None = None
    tags: list[Tag] = Field(default_factory=list)


# ---- payloads -------------------------------------------------------------------------------


class VideoPosted(Model):
    seller_handle: str
    video_url: str
    caption: str | None = None


class CaptionParsed(Model):
    seller_handle: str
    video_url: str
    caption: str | None = None
    # where the caption came from: "seller" (posted with it), "oembed" or "page" (looked up), "none"
    caption_source: str | None = None
    products: list[Product] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    language: str | None = None
    parser: str = "rules"
    warnings: list[str] = Field(default_factory=list)


class ThumbnailsGenerated(Model):
    seller_handle: str
    video_url: str
    caption: str | None = None
    # Each product with its own picks (`products[i].thumbnails`). The same thumbnails, every
    # product's one after the other, are in `thumbnails` with their product_index, as older
    # consumers read them (product_index None: the caption named no product).
    products: list[ProductThumbnails] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    language: str | None = None
    thumbnails: list[Thumbnail] = Field(default_factory=list)
    detector: str | None = None  # model name, or None when it ran on image quality alone
    warnings: list[str] = Field(default_factory=list)

    @field_validator("products", mode="before")
    @classmethod
    def _plain_products(cls, value: Any) -> Any:
        """Products built as plain `Product`s (before products carried thumbnails) are still taken."""
        if isinstance(value, list):
            return [p.model_dump() if type(p) is Product else p for p in value]
        return value


class ProductsTagged(Model):
    seller_handle: str
    products: list[TaggedProduct] = Field(default_factory=list)
    tagger: str = "rules"
    warnings: list[str] = Field(default_factory=list)


class ProcessingFailed(Model):
    stage: str  # the queue/worker that gave up
    error: str
    failed_event_id: str | None = None
    failed_event_type: str | None = None


PAYLOADS: dict[EventType, type[Model]] = {
    VIDEO_POSTED: VideoPosted,
    CAPTION_PARSED: CaptionParsed,
    THUMBNAILS_GENERATED: ThumbnailsGenerated,
    PRODUCTS_TAGGED: ProductsTagged,
    PROCESSING_FAILED: ProcessingFailed,
}
TYPE_OF: dict[type[Model], EventType] = {model: event_type for event_type, model in PAYLOADS.items()}


class Envelope(Model):
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    type: EventType
    version: int = 1
    occurred_at: datetime = Field(default_factory=now)
    video_id: str  # correlation id
    payload: dict[str, Any]

    @classmethod
    def new(cls, video_id: str, payload: Model, event_id: str | None = None) -> Envelope:
        return cls(
            id=event_id or str(uuid.uuid4()),
            type=TYPE_OF[type(payload)],
            video_id=video_id,
            payload=payload.model_dump(mode="json"),
        )

    def child(self, payload: Model) -> Envelope:
        """An event caused by this one, with an id that is the same on every redelivery."""
        event_id = str(uuid.uuid5(_NAMESPACE, f"{self.id}:{TYPE_OF[type(payload)]}"))
        return Envelope.new(self.video_id, payload, event_id=event_id)

    def parsed(self) -> Any:
        """The payload as its typed model."""
        return PAYLOADS[self.type].model_validate(self.payload)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, body: str | bytes) -> Envelope:
        return cls.model_validate_json(body)
