"""Everything the API process holds: settings, database, bus, blobs, relay, results consumer."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tiktok_commerce.api.outbox import OutboxRelay
from tiktok_commerce.api.page_cache import PageCache
from tiktok_commerce.api.post_writer import PostWriter
from tiktok_commerce.api.results import ResultsConsumer
from tiktok_commerce.blobs.base import BlobFiles, BlobStore
from tiktok_commerce.bus.base import Bus
from tiktok_commerce.db.session import make_session_factory
from tiktok_commerce.settings import Settings
from tiktok_commerce.sql_engine import make_engine
from tiktok_commerce.urlguard import FetchPolicy, policy_for


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    bus: Bus
    blobs: BlobStore
    relay: OutboxRelay
    results: ResultsConsumer
    # The blob store when its blobs are files here (served under /blobs/), found once at wiring.
    blob_files: BlobFiles | None = field(init=False)
    # Finished JSON pages of the listing reads while the database is unchanged (SQLite only).
    pages: PageCache = field(default_factory=PageCache)
    # Posted videos, written in batches by one thread (group commit); the relay is woken after each.
    posts: PostWriter = field(init=False)
    # Which video URLs may be fetched (VIDEO_ALLOWED_HOSTS, ...), read from the settings once.
    fetch_policy: FetchPolicy = field(init=False)

    def __post_init__(self) -> None:
        self.blob_files = self.blobs if isinstance(self.blobs, BlobFiles) else None
        self.posts = PostWriter(self.engine, on_commit=self.relay.wake)
        self.fetch_policy = policy_for(self.settings)

    def close(self) -> None:
        self.posts.close()
        self.engine.dispose()


def build_services(
    settings: Settings,
    *,
    engine: Engine | None = None,
    bus: Bus | None = None,
    blobs: BlobStore | None = None,
) -> Services:
    from tiktok_commerce.blobs.factory import make_blob_store
    from tiktok_commerce.bus.factory import make_bus

    engine = engine or make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    bus = bus or make_bus(settings, engine=engine)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        bus=bus,
        blobs=blobs or make_blob_store(settings),
        relay=OutboxRelay(sessions, bus),
        results=ResultsConsumer(sessions, bus, wait_s=settings.poll_wait_s),
    )
