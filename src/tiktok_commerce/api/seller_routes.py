"""What only a seller may do (with one of its API keys when AUTH_REQUIRED=true): correct a product
the machine read, hide it, and run a video through the pipeline again."""

from __future__ import annotations

from typing import Annotated

import orjson
from babel.numbers import is_currency, list_currencies
from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tiktok_commerce import events
from tiktok_commerce.api import outbox, read_model
from tiktok_commerce.api.auth import AUTH_RESPONSES, require_seller
from tiktok_commerce.api.deps import CredentialsDep, ServicesDep
from tiktok_commerce.api.routes import VIDEO_LOAD
from tiktok_commerce.api.schemas import ErrorOut, ProductOut, VideoOut
from tiktok_commerce.api.serialize import video_out
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction

router = APIRouter()

EDITABLE = ("title", "price", "currency", "original_price", "category", "tags")
MAX_PRICE = 99_999_999_999.0  # the most the price column holds (14 digits, 3 after the point)


# Text with at least one character that is not ASCII white space or NUL (the same rule as _clean).
BLANK = " \t\n\r\f\v"
VISIBLE = r"[^ \t\n\r\f\v\x00]"
Tag = Annotated[str, Field(min_length=1, max_length=100, pattern=VISIBLE)]


def _clean(value: str, field: str, limit: int) -> str:
    text = value.replace("\x00", "").strip(BLANK)
    if not text:
        raise ValueError(f"{field} must not be empty")
    if len(text) > limit:
        raise ValueError(f"{field} must be at most {limit} characters")
    return text


class ProductEdit(BaseModel):
    """The fields a seller sets by hand; each one set is never overwritten by the pipeline again.
    `price`, `original_price`, `currency` and `category` may be set to null (none)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    # title, tags and hidden may be left out but never be null: typed without None, so the schema
    # says so, with None as the default that means "left out".
    title: str = Field(None, min_length=1, max_length=500, pattern=VISIBLE)  # type: ignore[assignment]  # see above
    price: float | None = Field(None, ge=0, le=MAX_PRICE)
    currency: str | None = Field(
        None,
        description="ISO 4217 code, e.g. USD (lower case is read as upper case)",
        min_length=3,
        max_length=3,
        json_schema_extra={"enum": [*sorted(list_currencies()), None]},
    )
    original_price: float | None = Field(None, ge=0, le=MAX_PRICE)
    category: str | None = Field(None, min_length=1, max_length=100, pattern=VISIBLE)
    tags: list[Tag] = Field(None, max_length=20, description="replaces the product's tags")  # type: ignore[arg-type]  # see above
    hidden: bool = Field(None, description="true: in no shop or listing")  # type: ignore[assignment]  # see above

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        return _clean(value, "title", 500) if value is not None else None

    @field_validator("category")
    @classmethod
    def _category(cls, value: str | None) -> str | None:
        return _clean(value, "category", 100) if value is not None else None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.upper()
        if not code.isascii() or not is_currency(code):
            raise ValueError(f"currency must be an ISO 4217 code such as USD or EUR; got {value!r}")
        return code

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        tags = [_clean(tag, "a tag", 100).lower() for tag in value]
        return list(dict.fromkeys(tags))  # duplicates once, in the seller's order


def _load_product(session: Session, product_id: str) -> models.Product:
    product = session.scalars(
        select(models.Product)
        .where(models.Product.id == product_id)
        .options(
            selectinload(models.Product.video)
            .selectinload(models.Video.products)
            .selectinload(models.Product.tags),
            selectinload(models.Product.video).selectinload(models.Video.thumbnails),
        )
    ).one_or_none()
    if product is None:
        raise HTTPException(404, f"no product with id {product_id!r}")
    return product


@router.patch(
    "/api/products/{product_id}",
    response_model=ProductOut,
    responses={
        401: {"model": ErrorOut, **AUTH_RESPONSES[401]},
        403: {"model": ErrorOut, **AUTH_RESPONSES[403]},
        404: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="Correct a product (the seller's key)",
)
def edit_product(
    product_id: str,
    edit: ProductEdit,
    svc: ServicesDep,
    credentials: CredentialsDep,
) -> Response:
    """Set fields by hand. Each field set is listed in the product's `edited_fields`, and no event
    (a late one, a redelivered one, a reprocess) overwrites it. `hidden` takes the product out of
    every shop and listing. `tags` replaces the tags (confidence 1, source `seller`)."""
    given = edit.model_dump(exclude_unset=True)
    if not given:
        raise HTTPException(
            422, f"nothing to change: send at least one of {', '.join((*EDITABLE, 'hidden'))}"
        )
    with svc.sessions() as session:
        seller = session.scalar(select(models.Product.seller_handle).where(models.Product.id == product_id))
    if seller is None:
        raise HTTPException(404, f"no product with id {product_id!r}")
    require_seller(svc, credentials, seller)
    with transaction(svc.sessions) as session:
        product = _load_product(session, product_id)
        video = session.execute(
            select(models.Video).where(models.Video.id == product.video_id).with_for_update()
        ).scalar_one()
        for field, value in given.items():
            if field == "tags":
                product.tags.clear()
                session.flush()
                product.tags.extend(models.Tag(tag=t, confidence=1.0, source="seller") for t in value)
            else:
                setattr(product, field, value)
        edited = set(product.edited_fields or ()) | (set(given) & set(EDITABLE))
        product.edited_fields = sorted(edited)
        session.flush()
        read_model.refresh(session, video)
        document = product.document
    assert document is not None
    body = orjson.dumps(read_model.present(document, svc.blobs.url))
    return Response(body, media_type="application/json")


@router.post(
    "/api/videos/{video_id}/reprocess",
    status_code=202,
    response_model=VideoOut,
    responses={
        401: {"model": ErrorOut, **AUTH_RESPONSES[401]},
        403: {"model": ErrorOut, **AUTH_RESPONSES[403]},
        404: {"model": ErrorOut},
        409: {"model": ErrorOut, "description": "the video is still being processed"},
    },
    summary="Run a video through the pipeline again (the seller's key)",
)
def reprocess_video(
    video_id: str,
    svc: ServicesDep,
    credentials: CredentialsDep,
) -> VideoOut:
    """Parse, cut thumbnails and tag again (say, after a fix to the parser). Products keep their
    ids and the seller's edits; they stay in the shop meanwhile. Only a complete or failed video."""
    with svc.sessions() as session:
        seller = session.scalar(select(models.Video.seller_handle).where(models.Video.id == video_id))
    if seller is None:
        raise HTTPException(404, f"no video with id {video_id!r}")
    require_seller(svc, credentials, seller)
    with transaction(svc.sessions) as session:
        video = session.execute(
            select(models.Video).where(models.Video.id == video_id).with_for_update()
        ).scalar_one()
        if video.status not in ("complete", models.FAILED):
            raise HTTPException(
                409,
                f"the video is still being processed (status {video.status}): "
                "reprocess it once it is complete or failed",
            )
        # A caption the parser looked up is looked up again; the seller's own is kept.
        caption = video.caption if video.caption_source == "seller" else None
        if caption is None:
            video.caption_source = "pending"
        video.status = "received"
        video.error = None
        video.pending_tags = None
        video.stages = {"received": models.utcnow().isoformat()}
        posted = events.VideoPosted(
            seller_handle=video.seller_handle, video_url=video.video_url, caption=caption
        )
        outbox.add_event(session, events.Envelope.new(video.id, posted))
    svc.relay.wake()
    with svc.sessions() as session:
        video = session.scalars(
            select(models.Video).where(models.Video.id == video_id).options(*VIDEO_LOAD)
        ).one()
        return video_out(video, svc.blobs)
