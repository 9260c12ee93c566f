"""What routes get from the process, as typed dependencies (FastAPI's `Annotated[..., Depends()]`).

A route says in its signature what it needs (`svc: ServicesDep`), and a test may swap any of them
with `app.dependency_overrides`. The functions are async so FastAPI resolves them inline, with no
hop through its thread pool on the hot reads.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from prometheus_client import CollectorRegistry

from tiktok_commerce.api.auth import bearer
from tiktok_commerce.api.services import Services
from tiktok_commerce.ops.liveness import LoopStatus


class Loops(Protocol):
    """The process's background loops as /health sees them (api/app.py: BackgroundLoops)."""

    def status(self) -> list[LoopStatus]: ...


def services_of(request: Request) -> Services:
    """Everything the API process holds (settings, database, bus, blobs, relay, results).

    The two hot JSON reads call this themselves: resolving a dependency costs FastAPI about 25 µs a
    request, some 5% of a page read (they skip its per-parameter query handling for the same reason).
    """
    svc: Services = request.app.state.services
    return svc


async def services(request: Request) -> Services:
    return services_of(request)


async def background_loops(request: Request) -> Loops | None:
    """The process's loops (relay, results consumer, workers under `up`); None before they start."""
    loops: Loops | None = request.app.state.loops
    return loops


async def metrics_registry(request: Request) -> CollectorRegistry:
    """This app's metrics: the process-wide ones and the collectors bound to its bus and database."""
    registry: CollectorRegistry = request.app.state.metrics_registry
    return registry


ServicesDep = Annotated[Services, Depends(services)]
LoopsDep = Annotated[Loops | None, Depends(background_loops)]
MetricsRegistryDep = Annotated[CollectorRegistry, Depends(metrics_registry)]
# A seller's API key (`Authorization: Bearer <key>`), when one was sent.
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
