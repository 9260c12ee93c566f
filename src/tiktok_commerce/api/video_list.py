"""`GET /api/videos`: videos by status, newest first, with their errors (what an operator lists).

Its own router, apart from routes.py: it reads what the results consumer wrote and changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_, select

from tiktok_commerce.api.deps import ServicesDep
from tiktok_commerce.api.listing import decode_cursor, encode_cursor
from tiktok_commerce.api.results import failed_stage
from tiktok_commerce.api.schemas import HANDLE_PATTERN, HANDLE_RULE, NO_NUL, ErrorOut, normalize_handle
from tiktok_commerce.api.serialize import as_utc
from tiktok_commerce.db import models

router = APIRouter()

Status = Literal["received", "parsing", "thumbnails", "tagging", "complete", "failed"]


class VideoSummary(BaseModel):
    id: str
    seller_handle: str
    video_url: str
    status: str
    error: str | None
    failed_stage: str | None = Field(description="the queue whose stage failed (a failed video only)")
    caption_source: str | None
    stages: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    link: str


class VideoPage(BaseModel):
    items: list[VideoSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last")


def summary(video: models.Video) -> VideoSummary:
    return VideoSummary(
        id=video.id,
        seller_handle=video.seller_handle,
        video_url=video.video_url,
        status=video.status,
        error=video.error,
        failed_stage=failed_stage(video),
        caption_source=video.caption_source,
        stages=video.stages or {},
        created_at=as_utc(video.created_at),
        updated_at=as_utc(video.updated_at),
        link=f"/api/videos/{video.id}",
    )


@router.get(
    "/api/videos",
    response_model=VideoPage,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="List videos by status, newest first",
)
def list_videos(
    svc: ServicesDep,
    status: Status | None = Query(None, description="only videos in this status (`failed` for errors)"),
    seller: str | None = Query(
        None,
        description=f"only this seller's videos: {HANDLE_RULE}",
        json_schema_extra={"pattern": HANDLE_PATTERN},
    ),
    since: datetime | None = Query(
        None, description="only videos posted at or after this time (ISO 8601; UTC when no zone is given)"
    ),
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = Query(
        None,
        max_length=200,
        description="next_cursor of the previous page",
        json_schema_extra={"pattern": NO_NUL},
    ),
) -> VideoPage:
    """Videos newest first, a page at a time, each with its status, stages and error."""
    V = models.Video
    query = select(V).order_by(V.created_at.desc(), V.id.desc()).limit(limit + 1)
    if status is not None:
        query = query.where(V.status == status)
    if seller is not None:
        if not re.fullmatch(HANDLE_PATTERN, seller):
            raise HTTPException(422, f"seller must be {HANDLE_RULE}; got {seller!r}")
        query = query.where(V.seller_handle == normalize_handle(seller))
    if since is not None:
        try:
            query = query.where(V.created_at >= as_utc(since))
        except OverflowError:
            # A zone that pushes year 1 or 9999 out of range: before every video, or after them all.
            if since.year > 1:
                return VideoPage(items=[], next_cursor=None)
    if cursor:
        created_at, last_id = decode_cursor(cursor)
        query = query.where(or_(V.created_at < created_at, and_(V.created_at == created_at, V.id < last_id)))
    with svc.sessions() as session:
        rows = list(session.scalars(query).all())
        page, more = rows[:limit], len(rows) > limit
        return VideoPage(
            items=[summary(v) for v in page],
            next_cursor=encode_cursor(page[-1].created_at, page[-1].id) if more else None,
        )
