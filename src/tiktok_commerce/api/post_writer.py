"""Group commit for posted videos: the posts waiting are recorded in one transaction.

A post is the seller's shop (on its first video), the video, and its `video.posted` event in the
outbox. One transaction per request, on the thread pool, made 100 concurrent posts queue on the
database's single write lock, each paying its own statements, commit and thread switches. Here a
request hands its video over and awaits the answer; the posts waiting are written together:

    BEGIN; the sellers their keys belong to (one SELECT); which of the videos each seller posted
    already (one SELECT); the new shops, videos and events (executemany); COMMIT; then each request
    gets its answer: 401/403 for a key that may not post (nothing written), 200 with the video
    posted before, 202 with the new one.

So a 2xx still means the video and its event are committed together (durability: sql_engine.py),
and a batch forms only under load: a lone post is written at once. A video posted twice in one
batch is recorded once; the second post gets the first one's video, as if it came after.

A batch that breaks a unique constraint anyway (another process recorded the same video between
our SELECT and INSERT, on PostgreSQL) is rolled back and its posts written one by one, so only
that post gets the IntegrityError (the route answers it with the existing video). Any other error
fails every post of the batch: none of them got a 2xx.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import HTTPException
from sqlalchemy import Connection, Engine, and_, bindparam, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import BindParameter

from tiktok_commerce import events
from tiktok_commerce.api import auth, keys
from tiktok_commerce.db import models
from tiktok_commerce.video_urls import tiktok_video_id

log = logging.getLogger(__name__)

MAX_BATCH = 256
SQLITE_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default
V = models.Video


@dataclass(frozen=True)
class Posted:
    """What became of a post: `created` is the new video as the API shows it; None when this seller
    had posted this video already (`video_id` is that video)."""

    video_id: str
    created: dict[str, Any] | None


@dataclass
class _Post:
    seller: str
    url: str  # canonical
    caption: str | None
    tiktok_id: str | None
    key: str | None  # the seller's API key to check; None: no check (AUTH_REQUIRED=false)

    def same_video(self) -> tuple[str, str]:
        """The same video for this seller: a TikTok video by its id (any @user spelling), else the URL."""
        return (self.seller, "id:" + self.tiktok_id if self.tiktok_id else "url:" + self.url)


@dataclass
class _Waiting:
    post: _Post
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Posted]


def _rows(post: _Post, now: datetime) -> tuple[dict[str, Any], dict[str, Any], Posted]:
    """The video's row, its event's row, and the answer."""
    video_id = str(uuid.uuid4())
    stages = {"received": now.isoformat()}
    # Without a caption the caption parser's stage looks it up (never this request).
    caption_source = "seller" if post.caption else "pending"
    posted = events.Envelope.new(
        video_id, events.VideoPosted(seller_handle=post.seller, video_url=post.url, caption=post.caption)
    )
    video: dict[str, Any] = {
        "id": video_id,
        "seller_handle": post.seller,
        "video_url": post.url,
        "tiktok_id": post.tiktok_id,
        "caption": post.caption,
        "caption_source": caption_source,
        "status": "received",
        "stages": stages,
        "hashtags": [],
        "created_at": now,
        "updated_at": now,
    }
    event = {
        "event_id": posted.id,
        "event_type": posted.type,
        "video_id": video_id,
        "body": posted.to_json(),
        "created_at": now,
        "attempts": 0,
    }
    answer: dict[str, Any] = {
        "id": video_id,
        "seller_handle": post.seller,
        "video_url": post.url,
        "caption": post.caption,
        "caption_source": caption_source,
        "status": "received",
        "error": None,
        "stages": stages,
        "products": [],
        "thumbnails": [],
        "link": f"/api/videos/{video_id}",
    }
    return video, event, Posted(video_id, answer)


_SELLERS: BindParameter[str] = bindparam("sellers", expanding=True)
# Each side of the OR is an index seek ((seller, tiktok_id) and (seller, video_url)).
_EXISTING = (
    select(V.id, V.seller_handle, V.video_url, V.tiktok_id)
    .where(
        or_(
            and_(V.seller_handle.in_(_SELLERS), V.tiktok_id.in_(bindparam("tiktok_ids", expanding=True))),
            and_(V.seller_handle.in_(_SELLERS), V.video_url.in_(bindparam("urls", expanding=True))),
        )
    )
    .order_by(V.created_at.desc())  # the oldest last: it is the one kept below
)


def record_posts(connection: Connection, posts: list[_Post]) -> list[Posted | HTTPException]:
    """Each post's outcome, its new video (shop and event included) written in the connection's
    transaction unless its key may not post for the seller (401/403, nothing written) or this seller
    posted that video already (earlier, or earlier in `posts`)."""
    owners = keys.sellers_of(connection, {p.key for p in posts if p.key is not None})
    refusals = [auth.refusal(owners[p.key], p.seller) if p.key is not None else None for p in posts]
    allowed = [p for p, refused in zip(posts, refusals, strict=True) if refused is None]
    recorded = iter(_record(connection, allowed))
    return [refused or next(recorded) for refused in refusals]


def _record(connection: Connection, posts: list[_Post]) -> list[Posted]:
    if not posts:
        return []
    known: dict[tuple[str, str], str] = {}
    for video_id, seller, url, tiktok_id in connection.execute(
        _EXISTING,
        {
            "sellers": sorted({p.seller for p in posts}),
            "tiktok_ids": sorted({p.tiktok_id for p in posts if p.tiktok_id}),
            "urls": sorted({p.url for p in posts}),
        },
    ):
        known[(seller, "id:" + tiktok_id if tiktok_id else "url:" + url)] = video_id
        known[(seller, "url:" + url)] = video_id  # a TikTok URL is also its own canonical URL
    now = models.utcnow()
    outcomes: list[Posted] = []
    videos: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    opened: dict[str, datetime] = {}
    for post in posts:
        same = known.get(post.same_video())
        if same is not None:
            outcomes.append(Posted(same, None))
            continue
        video, event, outcome = _rows(post, now)
        known[post.same_video()] = outcome.video_id
        videos.append(video)
        outbox.append(event)
        opened.setdefault(post.seller, now)
        outcomes.append(outcome)
    if videos:
        dialect_insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
        connection.execute(
            dialect_insert(models.Shop).on_conflict_do_nothing(index_elements=["seller_handle"]),
            [{"seller_handle": seller, "created_at": at} for seller, at in sorted(opened.items())],
        )
        connection.execute(insert(models.Video), videos)
        connection.execute(insert(models.OutboxEvent), outbox)
    return outcomes


class PostWriter:
    """Records posted videos in batches. On a SQLite file the event loop writes them itself, once
    per pass of the loop (a local write of a few hundred µs; handing it to a thread costs a thread
    switch per batch, and on a busy machine the wait for that thread's turn on a CPU was most of a
    post's time). Elsewhere (PostgreSQL waits on the network) a thread of its own does."""

    def __init__(self, engine: Engine, on_commit: Callable[[], None], max_batch: int = MAX_BATCH) -> None:
        self.engine = engine
        self.on_commit = on_commit  # the outbox relay's wake: publish now
        self.max_batch = max_batch
        self.inline = engine.dialect.name == "sqlite" and not isinstance(engine.pool, StaticPool)
        self._due: dict[asyncio.AbstractEventLoop, list[_Waiting]] = {}  # inline: per event loop
        self._queue: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()  # the thread's
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    async def record(self, seller: str, url: str, caption: str | None, key: str | None) -> Posted:
        """The seller's video at this (canonical) URL, recorded with its video.posted event unless it
        was posted already; answered once committed. `key`: the API key to check first (None: none
        is needed). Raises what the write raised, HTTPException 401/403 for a key that may not post."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Posted] = loop.create_future()
        waiting = _Waiting(_Post(seller, url, caption, tiktok_video_id(url), key), loop, future)
        # Either way, even if the client goes away and this await is cancelled, the post is written.
        if self.inline:
            due = self._due.setdefault(loop, [])
            if not due:  # the first post of this pass of the loop: written once the pass is done
                loop.call_soon(self._write_due, loop)
            due.append(waiting)
        else:
            self._start()
            self._queue.put(waiting)
        return await future

    def close(self, timeout_s: float = 30.0) -> None:
        """Write what is queued, then stop the thread (a later post starts it again)."""
        with self._start_lock:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            self._queue.put(None)
        thread.join(timeout_s)

    def _write_due(self, loop: asyncio.AbstractEventLoop) -> None:
        due = self._due.pop(loop, [])
        for start in range(0, len(due), self.max_batch):
            batch = due[start : start + self.max_batch]
            _settle(list(zip((w.future for w in batch), self._write(batch), strict=True)))

    def _start(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="post-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, stop = [first], False
            while len(batch) < self.max_batch:
                try:
                    waiting = self._queue.get_nowait()
                except queue.Empty:
                    break
                if waiting is None:
                    stop = True
                    break
                batch.append(waiting)
            outcomes = self._write(batch)
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Posted], Any]]] = {}
            for waiting, outcome in zip(batch, outcomes, strict=True):
                by_loop.setdefault(waiting.loop, []).append((waiting.future, outcome))
            for loop, settled in by_loop.items():  # one wake-up of each event loop per batch
                try:
                    loop.call_soon_threadsafe(_settle, settled)
                except RuntimeError:  # that loop closed: nobody awaits these answers any more
                    log.warning("post writer: %d answers for a closed event loop", len(settled))
            if stop:
                return

    def _write(self, batch: list[_Waiting]) -> list[Posted | Exception]:
        """Each post's outcome, or the exception that kept it from being recorded."""
        posts = [waiting.post for waiting in batch]
        outcomes: list[Posted | Exception]
        try:
            with (
                self.engine.connect() as connection,
                _no_checkpoint(connection, self.inline),
                connection.begin(),
            ):
                outcomes = list(record_posts(connection, posts))
        except IntegrityError:
            outcomes = self._one_by_one(posts)
        except Exception as exc:  # the database is down, ...: no post of the batch is recorded
            outcomes = [exc] * len(batch)
        if any(isinstance(o, Posted) and o.created is not None for o in outcomes):
            self.on_commit()
        return outcomes

    def _one_by_one(self, posts: list[_Post]) -> list[Posted | Exception]:
        """A batch broke a unique constraint: each post alone, so only the one that does fails."""
        outcomes: list[Posted | Exception] = []
        for post in posts:
            try:
                with self.engine.begin() as connection:
                    outcomes.extend(record_posts(connection, [post]))
            except Exception as exc:  # its IntegrityError, or the database going away
                outcomes.append(exc)
        return outcomes


@contextmanager
def _no_checkpoint(connection: Connection, inline: bool) -> Iterator[None]:
    """On the event loop, a commit never checkpoints the WAL into the database file (SQLite does it
    in the commit that passes 1,000 pages: a copy and an fsync, milliseconds with every request
    waiting). The relay, which commits on its own thread right after every batch, does it instead."""
    if not inline:
        yield
        return
    driver = connection.connection.dbapi_connection
    assert driver is not None
    driver.execute("PRAGMA wal_autocheckpoint=0")  # a setting of this connection, not transactional
    try:
        yield
    finally:
        # Back to the pool as it came.
        driver.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT_PAGES}")


def _settle(settled: list[tuple[asyncio.Future[Posted], Posted | Exception]]) -> None:
    for future, outcome in settled:
        if future.done():  # cancelled: its request went away (the post is recorded all the same)
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
