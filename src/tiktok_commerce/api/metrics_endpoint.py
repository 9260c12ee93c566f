"""`GET /metrics` (Prometheus text format) and the middleware timing every request.

Routes are labelled by their template (`/api/videos/{video_id}`), never the raw path, so a scanner
requesting random URLs cannot grow the label set: anything unmatched is `unmatched`.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiktok_commerce.api.services import Services
from tiktok_commerce.ops.metrics import HTTP_DURATION, BusCollector, DatabaseCollector, registry_for

router = APIRouter()

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Every metric of this process in Prometheus' text format (gauges read now)."""
    return Response(generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST)


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            HTTP_DURATION.labels(method if method in METHODS else "other", route, str(status)).observe(
                time.perf_counter() - started
            )


def install(app: FastAPI, svc: Services) -> None:
    app.state.metrics_registry = registry_for(BusCollector(svc.bus), DatabaseCollector(svc.sessions))
    app.add_middleware(HttpMetricsMiddleware)  # added last: outermost, so it times every answer
    app.include_router(router)
