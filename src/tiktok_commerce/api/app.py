"""The FastAPI application (OpenAPI at /docs) and the background loops it can run beside it.

`create_app(settings)` builds the services (database, bus, blobs) unless given them. With
`background=True` the app's lifespan also runs the outbox relay, the results consumer and any
extra loops (`up` adds the three workers) in threads, and stops them on shutdown: uvicorn turns
SIGTERM/SIGINT into a shutdown, so in-flight work finishes and nothing new is claimed.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from tiktok_commerce.api import (
    docs_pages,
    errors,
    metrics_endpoint,
    routes,
    seller_routes,
    shop_page,
    video_list,
)
from tiktok_commerce.api.dead_letters import dead_letter_watch
from tiktok_commerce.api.services import Services, build_services
from tiktok_commerce.error_text import STATUS_ERROR_CHARS, describe
from tiktok_commerce.ops.liveness import Loop, LoopStatus, loop_status
from tiktok_commerce.settings import Settings, get_settings

log = logging.getLogger(__name__)


class BackgroundLoops:
    """Named loops in daemon threads sharing one stop event."""

    def __init__(self, loops: dict[str, Loop]) -> None:
        self.loops = loops
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.errors: dict[str, str] = {}  # loop name -> the exception that ended it

    def start(self) -> None:
        for name, loop in self.loops.items():
            thread = threading.Thread(target=self._run, args=(name, loop), name=name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def _run(self, name: str, loop: Loop) -> None:
        try:
            loop(self.stop)
        except BaseException as exc:  # recorded for /health, whatever ended the thread
            self.errors[name] = describe(exc, STATUS_ERROR_CHARS)
            log.exception("%s stopped with an error", name)
        else:
            if not self.stop.is_set():
                self.errors[name] = "it returned before the process stopped"

    def status(self) -> list[LoopStatus]:
        """Each loop: alive or why not, its last beat, what it holds (for /health)."""
        threads = {thread.name: thread for thread in self.threads}
        return [
            loop_status(name, loop, threads.get(name), self.errors.get(name))
            for name, loop in self.loops.items()
        ]

    def shutdown(self, timeout_s: float = 60.0) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout_s)
            if thread.is_alive():
                log.warning("%s did not stop within %.0f s", thread.name, timeout_s)


def create_app(
    settings: Settings | None = None,
    *,
    services: Services | None = None,
    background: bool = False,
    extra_loops: Mapping[str, Loop] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    svc = services or build_services(settings)
    owns_services = services is None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        named: dict[str, Loop] = {}
        if background:
            named = {"outbox-relay": svc.relay.run, "results-consumer": svc.results.run}
            watch = dead_letter_watch(svc.bus, settings.dead_letter_check_s)
            if watch is not None:
                named["dead-letter-watch"] = watch
            named.update(extra_loops or {})
        loops = BackgroundLoops(named)
        _app.state.loops = loops
        loops.start()
        # Everything loaded so far (models, schemas, CLDR data) lives as long as the process: out of
        # the garbage collector's way, so its full passes stay short and requests keep a short p99.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            svc.posts.close()  # uvicorn has answered every request by now: nothing is waiting
            loops.shutdown()
            if owns_services:
                svc.close()

    app = FastAPI(
        title="tiktok-commerce Ingestion API",
        version="1",
        description="Post a seller's TikTok video; read the shop listings made from it.",
        lifespan=lifespan,
        docs_url=None,  # served from the package below, not a CDN
        redoc_url=None,
    )
    app.state.services = svc
    app.state.loops = None  # the lifespan's, once it runs (api/deps.py: LoopsDep)
    errors.install(app, settings.max_body_bytes)
    app.include_router(routes.router)
    app.include_router(video_list.router)  # GET /api/videos (issue 11: operations)
    metrics_endpoint.install(app, svc)  # GET /metrics and request timing (issue 11)
    app.include_router(seller_routes.router)
    app.include_router(shop_page.router)
    docs_pages.install(app)
    if not settings.auth_required:
        _schema_without_auth(app)
    return app


def _schema_without_auth(app: FastAPI) -> None:
    """With AUTH_REQUIRED=false no route asks for a key: the OpenAPI schema says so too."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()  # kept in app.openapi_schema: the changes below are made once
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.pop("security", None)
        schema.get("components", {}).pop("securitySchemes", None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to change the schema
