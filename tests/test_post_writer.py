"""Posts recorded in batches (group commit): each post of a batch gets the answer it would get alone,
and a 2xx only once its video and video.posted event are committed together."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import make_services, settings_for
from fastapi import HTTPException
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tiktok_commerce.api.keys import create_key, revoke_key
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.db.session import make_engine

TIKTOK = "https://www.tiktok.com/@shop1/video/7300000000000000001"


@pytest.fixture
def svc(database_url: str, tmp_path: Path) -> Iterator[Services]:
    services = make_services(settings_for(database_url, tmp_path, auth_required=True))
    yield services
    services.close()


def counts(svc: Services) -> tuple[int, int]:
    """Videos and outbox events, as another connection sees them."""
    other = make_engine(svc.settings.database_url)
    try:
        with other.connect() as connection:
            videos = connection.scalar(select(func.count()).select_from(models.Video))
            events = connection.scalar(select(func.count()).select_from(models.OutboxEvent))
        return int(videos or 0), int(events or 0)
    finally:
        other.dispose()


async def post_at_once(svc: Services, *posts: tuple[str, str, str | None]) -> list[object]:
    """The posts handed to the writer in the same pass of the event loop: one batch."""
    return await asyncio.gather(
        *(svc.posts.record(seller, url, "Mug $12", key) for seller, url, key in posts),
        return_exceptions=True,
    )


def test_each_post_of_a_batch_gets_its_own_answer(svc: Services) -> None:
    key1, _ = create_key(svc.sessions, "shop1")
    key2, _ = create_key(svc.sessions, "shop2")
    revoked, revoked_id = create_key(svc.sessions, "shop2")
    revoke_key(svc.sessions, revoked_id)
    first, same_video, other_seller, wrong_key, no_valid_key, plain = asyncio.run(
        post_at_once(
            svc,
            ("shop1", TIKTOK, key1),
            ("shop1", TIKTOK.replace("@shop1", "@someone"), key1),  # the same TikTok video by its id
            ("shop2", TIKTOK, key2),  # another seller may post the same video
            ("shop2", "http://127.0.0.1:1/a.mp4", key1),  # shop1's key cannot post for shop2
            ("shop2", "http://127.0.0.1:1/b.mp4", revoked),
            ("shop2", "http://127.0.0.1:1/c.mp4", key2),
        )
    )
    assert first.created is not None and first.created["status"] == "received"  # type: ignore[union-attr]
    assert same_video.created is None and same_video.video_id == first.video_id  # type: ignore[union-attr]
    assert other_seller.created is not None and other_seller.video_id != first.video_id  # type: ignore[union-attr]
    assert isinstance(wrong_key, HTTPException) and wrong_key.status_code == 403
    assert isinstance(no_valid_key, HTTPException) and no_valid_key.status_code == 401
    assert plain.created is not None  # type: ignore[union-attr]
    assert counts(svc) == (3, 3)  # one video and one event per new video, nothing for the refused
    assert svc.relay.pending() == 3

    (again,) = asyncio.run(post_at_once(svc, ("shop1", TIKTOK, key1)))  # a later batch
    assert again.created is None and again.video_id == first.video_id  # type: ignore[union-attr]
    assert counts(svc) == (3, 3)


def test_a_batch_that_cannot_commit_answers_no_post_with_success(svc: Services) -> None:
    key, _ = create_key(svc.sessions, "shop1")

    def fail(_connection: object) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(svc.engine, "commit", fail)
    try:
        outcomes = asyncio.run(
            post_at_once(svc, ("shop1", TIKTOK, key), ("shop1", "http://127.0.0.1:1/a.mp4", key))
        )
    finally:
        event.remove(svc.engine, "commit", fail)
    assert all(isinstance(outcome, OperationalError) for outcome in outcomes)
    assert counts(svc) == (0, 0)  # rolled back: neither video nor event
    (later,) = asyncio.run(post_at_once(svc, ("shop1", TIKTOK, key)))  # a retry is recorded
    assert later.created is not None  # type: ignore[union-attr]
    assert counts(svc) == (1, 1)
