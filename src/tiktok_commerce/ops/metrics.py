"""Prometheus metrics (prometheus-client): what `GET /metrics` and a lone worker's port serve.

Counters and histograms are process-wide and updated where the work happens (the runtime, the
Lambda adapter, the HTTP middleware, the fetcher, the LLM client). Gauges that describe the whole
system (queue depths and ages, videos by status, the outbox) are read at scrape time by collectors
bound to a bus or a database, so a scrape always shows the present.

Names follow Prometheus' conventions: `tiktok_commerce_` prefix, base units, `_total` counters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:  # the bus port brings pydantic (the events): not needed to count
    from tiktok_commerce.bus.base import Bus

log = logging.getLogger(__name__)

PREFIX = "tiktok_commerce"
# Stages run from milliseconds (caption rules) to minutes (a slow video fetch).
STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)

STAGE_DURATION = Histogram(
    f"{PREFIX}_stage_duration_seconds",
    "Time a stage's handler took on one message, by outcome (ok: outputs published; failed)",
    ["stage", "outcome"],
    buckets=STAGE_BUCKETS,
    registry=None,
)
EVENTS_HANDLED = Counter(
    f"{PREFIX}_events_handled_total",
    "Messages a stage finished with (acked), a permanent failure's report included",
    ["stage"],
    registry=None,
)
EVENTS_FAILED = Counter(
    f"{PREFIX}_events_failed_total",
    "Handler failures by stage and error kind (permanent, or to be retried or dead-lettered)",
    ["stage", "error_kind"],
    registry=None,
)
EVENTS_RETRIED = Counter(
    f"{PREFIX}_events_retried_total",
    "Failed messages sent back to their queue for another try",
    ["stage", "error_kind"],
    registry=None,
)
EVENTS_DEAD_LETTERED = Counter(
    f"{PREFIX}_events_dead_lettered_total",
    "Messages moved to a dead-letter queue (last try failed, poison body, or no worker reported back)",
    ["stage", "error_kind"],
    registry=None,
)
HTTP_DURATION = Histogram(
    f"{PREFIX}_http_request_duration_seconds",
    "API request durations by method, route template and status code",
    ["method", "route", "status"],
    registry=None,
)
LLM_TOKENS = Counter(
    f"{PREFIX}_llm_tokens_total", "LLM tokens used, by kind (prompt, completion)", ["kind"], registry=None
)
FETCHED_BYTES = Counter(
    f"{PREFIX}_fetched_bytes_total", "Bytes of video downloaded by the thumbnail generator", registry=None
)

PROCESS_METRICS = (
    STAGE_DURATION,
    EVENTS_HANDLED,
    EVENTS_FAILED,
    EVENTS_RETRIED,
    EVENTS_DEAD_LETTERED,
    HTTP_DURATION,
    LLM_TOKENS,
    FETCHED_BYTES,
)


# Where else an outcome goes (the Lambda adapter adds CloudWatch embedded metrics): f(stage,
# outcome, seconds, error kind).
SINKS: list[Callable[[str, str, float, str | None], None]] = []


def error_kind(exc: BaseException) -> str:
    """The exception's class; for a PermanentError, the class of what caused it (FetchRefused, ...)."""
    cause = exc.__cause__
    if type(exc).__name__ == "PermanentError" and cause is not None:
        return type(cause).__name__
    return type(exc).__name__


def record_outcome(stage: str, outcome: str, seconds: float, kind: str | None = None) -> None:
    """One handled message: `acked`, `permanent` (acked with a failure report), `retry`, `dead-lettered`."""
    for sink in SINKS:
        sink(stage, outcome, seconds, kind)
    STAGE_DURATION.labels(stage, "ok" if outcome == "acked" else "failed").observe(seconds)
    if outcome in ("acked", "permanent"):
        EVENTS_HANDLED.labels(stage).inc()
    if outcome == "acked":
        return
    kind = kind or "unknown"
    EVENTS_FAILED.labels(stage, kind).inc()
    if outcome == "retry":
        EVENTS_RETRIED.labels(stage, kind).inc()
    elif outcome == "dead-lettered":
        EVENTS_DEAD_LETTERED.labels(stage, kind).inc()


# ---- scrape-time gauges ----------------------------------------------------------------------------


class BusCollector(Collector):
    """Queue depth, in flight, DLQ depth and oldest age of every queue, read from the bus per scrape."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus

    def collect(self) -> Iterable[Metric]:
        depth = GaugeMetricFamily(f"{PREFIX}_queue_depth", "Visible messages waiting", labels=["queue"])
        flight = GaugeMetricFamily(
            f"{PREFIX}_queue_in_flight", "Messages received and not yet deleted", labels=["queue"]
        )
        dlq = GaugeMetricFamily(f"{PREFIX}_dlq_depth", "Messages in the queue's DLQ", labels=["queue"])
        age = GaugeMetricFamily(
            f"{PREFIX}_queue_oldest_age_seconds", "Age of the oldest message (SQL bus)", labels=["queue"]
        )
        try:
            for s in self.bus.stats():
                depth.add_metric([s.queue], s.depth)
                flight.add_metric([s.queue], s.in_flight)
                dlq.add_metric([s.queue], s.dlq_depth)
                if s.oldest_age_s is not None:
                    age.add_metric([s.queue], s.oldest_age_s)
        except Exception:  # a scrape never fails because the bus is down: the gauges are just absent
            log.warning("metrics: queue figures unavailable", exc_info=True)
            return
        yield from (depth, flight, dlq, age)


def registry_for(*collectors: Collector) -> CollectorRegistry:
    """A registry with the process-wide metrics and these scrape-time collectors."""
    registry = CollectorRegistry(auto_describe=False)
    for metric in (*PROCESS_METRICS, *collectors):
        registry.register(metric)
    return registry


def serve_worker_metrics(bus: Any, host: str, port: int) -> Any:
    """Serve a lone worker's metrics on host:port (`METRICS_PORT`); returns the server."""
    from prometheus_client import start_http_server

    server, _thread = start_http_server(port, addr=host, registry=registry_for(BusCollector(bus)))
    log.info("metrics on http://%s:%d/metrics", host, port)
    return server
