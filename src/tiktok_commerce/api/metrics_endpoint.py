"""`GET /metrics` (Prometheus text format) and the middleware timing and logging every request.

Routes are labelled by their template (`/api/videos/{video_id}`), never the raw path, so a scanner
requesting random URLs cannot grow the label set: anything unmatched is `unmatched`. Each request
gets an id (the client's `X-Request-ID` when it is a short plain token, else a new one), bound to
every line logged while it runs and sent back in the `X-Request-ID` header.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiktok_commerce.api.deps import MetricsRegistryDep
from tiktok_commerce.api.serialize import as_utc
from tiktok_commerce.api.services import Services
from tiktok_commerce.db import models
from tiktok_commerce.ops import logs
from tiktok_commerce.ops.metrics import HTTP_DURATION, PREFIX, BusCollector, registry_for

log = logging.getLogger("tiktok_commerce.api.requests")
router = APIRouter()
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
QUIET_ROUTES = frozenset({"/health", "/health/live", "/metrics"})  # polled: logged at debug only

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


class DatabaseCollector(Collector):
    """Videos by status and the outbox's backlog, read from the API's database per scrape."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterable[Metric]:
        videos = GaugeMetricFamily(f"{PREFIX}_videos", "Videos by status", labels=["status"])
        pending = GaugeMetricFamily(f"{PREFIX}_outbox_pending", "Events written but not yet published")
        lag = GaugeMetricFamily(
            f"{PREFIX}_outbox_lag_seconds", "Age of the oldest event not yet published (0 when none)"
        )
        video, outbox = models.Video, models.OutboxEvent
        try:
            with self.sessions() as session:
                by_status = select(video.status, func.count()).group_by(video.status)
                counts = dict(session.execute(by_status).all())
                unsent, oldest = session.execute(
                    select(func.count(), func.min(outbox.created_at)).where(outbox.sent_at.is_(None))
                ).one()
        except Exception:
            log.warning("metrics: database figures unavailable", exc_info=True)
            return
        for status in (*models.STATUS_ORDER, models.FAILED):
            videos.add_metric([status], counts.get(status, 0))
        pending.add_metric([], unsent or 0)
        lag.add_metric([], max(time.time() - as_utc(oldest).timestamp(), 0.0) if oldest else 0.0)
        yield from (videos, pending, lag)


@router.get("/metrics", include_in_schema=False)
def metrics(registry: MetricsRegistryDep) -> Response:
    """Every metric of this process in Prometheus' text format (gauges read now)."""
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class RequestTelemetryMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.fullmatch(given) else os.urandom(16).hex()  # uuid4().hex costs 5x

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        with logs.context(request_id=request_id):
            try:
                await self.app(scope, receive, send_status)
            finally:
                seconds = time.perf_counter() - started
                route = getattr(scope.get("route"), "path", None) or "unmatched"
                method = scope.get("method", "")
                method = method if method in METHODS else "other"
                HTTP_DURATION.labels(method, route, str(status)).observe(seconds)
                log.log(
                    logging.DEBUG if route in QUIET_ROUTES else logging.INFO,
                    "%s %s %d",
                    method,
                    route,
                    status,
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_s": round(seconds, 4),
                    },
                )


def install(app: FastAPI, svc: Services) -> None:
    app.state.metrics_registry = registry_for(BusCollector(svc.bus), DatabaseCollector(svc.sessions))
    app.add_middleware(RequestTelemetryMiddleware)  # added last: outermost, so it times every answer
    app.include_router(router)
