"""Finished JSON pages kept in memory while the SQLite database is unchanged.

A listing page is the same bytes until something is written: the results consumer applying an
event, a seller's edit, a post, a worker's claim on the SQL bus. SQLite counts commits for us
(`PRAGMA data_version`, db/prepared.py: `sqlite_version`), by any connection of any process, so a page
is served again only while that count has not moved since it was built; any write, even one that
touches no product, starts afresh. Checking costs one PRAGMA (~3 µs) instead of the query, the
page's assembly and its ETag (~250 µs). PostgreSQL has no such counter: pages are built each time
(and a CDN may keep them for their Cache-Control max-age).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass

from sqlalchemy import Engine

from tiktok_commerce.db.prepared import sqlite_version

MAX_PAGES = 512  # ~25 MB at most for pages of 20 products; beyond that the cache starts empty again


@dataclass(frozen=True)
class Page:
    version: tuple[int, int]  # sqlite_version when the page was read
    body: bytes
    etag: str


class PageCache:
    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self._pages: dict[Hashable, Page] = {}
        self._lock = threading.Lock()

    def version(self, engine: Engine) -> tuple[int, int] | None:
        """Read this before the page's query; None: nothing is cached for this engine."""
        return sqlite_version(engine) if self.max_pages else None

    def get(self, key: Hashable, version: tuple[int, int] | None) -> Page | None:
        if version is None:
            return None
        page = self._pages.get(key)
        return page if page is not None and page.version == version else None

    def put(self, key: Hashable, version: tuple[int, int] | None, body: bytes, etag: str) -> None:
        """Keep a page read after `version` was taken: it is at least that new, so it is served only
        while the version stays the same (a write in between makes it a miss, never a stale hit)."""
        if version is None:
            return
        with self._lock:
            if len(self._pages) >= self.max_pages:
                self._pages.clear()
            self._pages[key] = Page(version, body, etag)
