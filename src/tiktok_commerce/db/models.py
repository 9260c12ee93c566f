"""The tables of the shop database (SQLAlchemy 2 ORM).

The API process is the only writer. Every row a result event creates has a natural key
(video + product index, video + thumbnail position, product + tag), so a redelivered or re-ordered
event upserts instead of duplicating.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Namespace of product ids: uuid5(namespace, "<video_id>:<index>") is the same on every redelivery.
PRODUCT_NAMESPACE = uuid.UUID("8d3c2f4e-64a1-4a77-b0c5-2f0a9e6b5d21")

# Video statuses in the order a video moves through them; `failed` ends it at any point.
STATUS_ORDER = ("received", "parsing", "thumbnails", "tagging", "complete")
FAILED = "failed"

# Prices are exact decimals in the database (3 places: KWD, BHD) and floats in JSON, like the events.
Price = Numeric(14, 3, asdecimal=False)


def utcnow() -> datetime:
    return datetime.now(UTC)


def product_id(video_id: str, index: int) -> str:
    return str(uuid.uuid5(PRODUCT_NAMESPACE, f"{video_id}:{index}"))


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class Shop(Base):
    __tablename__ = "shops"

    seller_handle: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Video(Base):
    __tablename__ = "videos"
    __table_args__ = (
        UniqueConstraint("seller_handle", "video_url", name="uq_videos_seller_url"),
        Index("ix_videos_seller_tiktok", "seller_handle", "tiktok_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    seller_handle: Mapped[str] = mapped_column(ForeignKey("shops.seller_handle"), index=True)
    video_url: Mapped[str] = mapped_column(String(2048))
    # A TikTok video's id: the same video under another @user spelling is the same video.
    tiktok_id: Mapped[str | None] = mapped_column(String(32))
    caption: Mapped[str | None] = mapped_column(Text)
    # "seller", or the caption parser's lookup: "pending" until it ran, then "oembed", "page", "none"
    caption_source: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))  # the caption's, as the parser read it
    status: Mapped[str] = mapped_column(String(16), default="received")
    error: Mapped[str | None] = mapped_column(Text)
    # stage name -> ISO time it finished ("received", "parsing", ..., "failed")
    stages: Mapped[dict[str, Any]] = mapped_column(default=dict)
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Tags that arrived (products.tagged) before the event that creates their products; applied then.
    pending_tags: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    products: Mapped[list[Product]] = relationship(
        back_populates="video", order_by="Product.index", cascade="all, delete-orphan"
    )
    thumbnails: Mapped[list[Thumbnail]] = relationship(
        back_populates="video", order_by="Thumbnail.position", cascade="all, delete-orphan"
    )


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("video_id", "index", name="uq_products_video_index"),
        Index("ix_products_created_id", "created_at", "id"),
        # A shop's products in either order, a page at a time (keyset), from the index alone.
        Index("ix_products_seller_created_id", "seller_handle", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    video_id: Mapped[str] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    seller_handle: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    price: Mapped[float | None] = mapped_column(Price)
    currency: Mapped[str | None] = mapped_column(String(3))
    original_price: Mapped[float | None] = mapped_column(Price)
    variants: Mapped[dict[str, Any]] = mapped_column(default=dict)
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    # Fields a person set (PATCH); events never overwrite them.
    edited_fields: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # Hidden by its seller: in no public listing.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # On the shop page for shoppers: its video completed once and the product is not hidden.
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The read model: the product's public document (ProductOut as JSON, thumbnails by blob key),
    # rewritten by whatever changes the product, so reads serve it without joins or validation.
    document: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    video: Mapped[Video] = relationship(back_populates="products")
    tags: Mapped[list[Tag]] = relationship(
        back_populates="product",
        order_by=lambda: (Tag.confidence.desc(), Tag.tag),
        cascade="all, delete-orphan",
    )


class Thumbnail(Base):
    """A thumbnail of a video; `product_index` says which product it shows (None: all of them)."""

    __tablename__ = "thumbnails"
    __table_args__ = (
        UniqueConstraint("video_id", "position", name="uq_thumbnails_video_position"),
        UniqueConstraint("video_id", "blob_key", name="uq_thumbnails_video_blob"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    video_id: Mapped[str] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    blob_key: Mapped[str] = mapped_column(String(500))
    product_index: Mapped[int | None] = mapped_column(Integer)
    time_s: Mapped[float] = mapped_column(Float)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(100))
    confidence: Mapped[float | None] = mapped_column(Float)
    box: Mapped[list[float] | None] = mapped_column(JSON)
    # The larger listing image of the same pick (LISTING_IMAGE_SIZE), when the worker made one.
    listing_blob_key: Mapped[str | None] = mapped_column(String(500))
    listing_width: Mapped[int | None] = mapped_column(Integer)
    listing_height: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    video: Mapped[Video] = relationship(back_populates="thumbnails")


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("product_id", "tag", name="uq_tags_product_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(100), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(32))

    product: Mapped[Product] = relationship(back_populates="tags")


class OutboxEvent(Base):
    """An event written in the same transaction as the change that caused it; the relay publishes it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(64))
    video_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)  # the Envelope as JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class ProcessedEvent(Base):
    """Ids of result events already applied: a redelivery is recognised and changes nothing."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    video_id: Mapped[str] = mapped_column(String(36), index=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """A seller's API key, stored as its SHA-256 (a key is 256 random bits: no slow hash needed)."""

    __tablename__ = "api_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the key's public part
    seller_handle: Mapped[str] = mapped_column(String(32), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()
