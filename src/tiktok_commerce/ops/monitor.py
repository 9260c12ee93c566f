"""What `tiktok-commerce monitor` shows, collected into plain dicts (rendered by monitor_view.py).

Four views, on either bus:

- queues: every queue and its DLQ: visible, in flight, oldest message age, DLQ depth, and the
  arrival and completion rates over the window;
- services: the API and its loops (from its /health), and on AWS each Lambda (state, reserved
  concurrency, invocations, errors, throttles, peak concurrency) and the ECS service (running,
  desired, pending tasks);
- errors: the most recent failed videos (stage, error kind, message, when, receive count of
  their dead letter), and on AWS the workers' recent ERROR log lines (CloudWatch Logs);
- metrics: per stage p50/p95/p99 time and throughput over the window, videos per minute end to
  end, LLM tokens with their estimated cost and bytes fetched (from the API's /metrics).

Where the figures come from: the bus (SQL table or SQS attributes), the API's database (videos'
stage times), the API over HTTP, and on AWS CloudWatch, Lambda, ECS and CloudWatch Logs. A source
that cannot be read leaves a note and its figures empty; only an unreachable bus is an error.
"""

from __future__ import annotations

import json
import logging
import math
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tiktok_commerce import topology
from tiktok_commerce.settings import Settings

log = logging.getLogger(__name__)

VIEWS = ("queues", "services", "errors", "metrics")
# queue -> (the stage its success records in videos.stages, the stage before it)
STAGES = {
    topology.CAPTION_PARSER.name: ("parsing", "received"),
    topology.THUMBNAIL_GENERATOR.name: ("thumbnails", "parsing"),
    topology.AUTO_TAGGER.name: ("tagging", "thumbnails"),
}
# Where each worker runs in production (deploy/terraform: lambda.tf, ecs.tf).
LAMBDA_WORKERS = ("caption-parser", "tagger")
ECS_WORKERS = ("thumbnails",)
MAX_VIDEOS = 5000  # videos read for the window's figures
HTTP_TIMEOUT_S = 3.0


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Monitor:
    """Collects the views; one object per monitor run, reused across --watch rounds."""

    def __init__(
        self, settings: Settings, api_url: str, window_s: float = 900.0, errors_limit: int = 15
    ) -> None:
        from tiktok_commerce.bus.factory import make_bus

        self.settings = settings
        self.api_url = api_url.rstrip("/")
        self.window_s = window_s
        self.errors_limit = errors_limit
        self.notes: list[str] = []
        self._engine: Any = None
        self.bus = make_bus(settings, engine=self._sql_engine() if settings.bus == "sql" else None)
        self._aws: dict[str, Any] = {}

    # ---- sources ------------------------------------------------------------------------------

    def _sql_engine(self) -> Any:
        if self._engine is None:
            from tiktok_commerce.sql_engine import make_engine

            self._engine = make_engine(self.settings.database_url)
        return self._engine

    def _client(self, service: str) -> Any:
        if service not in self._aws:
            from tiktok_commerce.awsclient import make_client

            self._aws[service] = make_client(self.settings, service)
        return self._aws[service]

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def _videos(self) -> list[dict[str, Any]] | None:
        """Videos touched in the window (and the latest failures), from the API's database."""
        from sqlalchemy import or_, select

        from tiktok_commerce.db import models

        V = models.Video
        since = datetime.now(UTC) - timedelta(seconds=self.window_s)
        columns = (V.id, V.seller_handle, V.status, V.error, V.stages, V.created_at, V.updated_at)
        recent = select(*columns).where(or_(V.updated_at >= since, V.created_at >= since)).limit(MAX_VIDEOS)
        failed = select(*columns).where(V.status == models.FAILED).order_by(V.updated_at.desc()).limit(50)
        try:
            with self._sql_engine().connect() as conn:
                rows = {r.id: r._asdict() for r in conn.execute(recent)}
                rows.update({r.id: r._asdict() for r in conn.execute(failed)})
        except Exception as exc:
            self._note(
                f"the database is not readable ({type(exc).__name__}): no stage times or failed videos"
            )
            return None
        for row in rows.values():
            row["created_at"], row["updated_at"] = _utc(row["created_at"]), _utc(row["updated_at"])
            if isinstance(row["stages"], str):  # a JSON column some drivers hand back as text
                row["stages"] = json.loads(row["stages"])
        return list(rows.values())

    def _api(self, path: str) -> Any:
        import httpx

        try:
            response = httpx.get(f"{self.api_url}{path}", timeout=HTTP_TIMEOUT_S)
        except httpx.HTTPError as exc:
            return exc
        return response

    # ---- views --------------------------------------------------------------------------------

    def collect(self, views: tuple[str, ...] = VIEWS) -> dict[str, Any]:
        """Every asked view as plain data. Raises what the bus raises when it cannot be reached."""
        self.notes = []
        stats = self.bus.stats()  # the one source that must answer
        videos = self._videos() if {"queues", "errors", "metrics"} & set(views) else None
        snapshot: dict[str, Any] = {
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "bus": self.settings.bus,
            "window_s": self.window_s,
        }
        if "queues" in views:
            snapshot["queues"] = self.queues(stats, videos)
        if "services" in views:
            snapshot["services"] = self.services()
        if "errors" in views:
            snapshot["errors"] = self.errors(videos)
            if self.settings.bus == "aws":
                snapshot["error_logs"] = self.error_logs()
        if "metrics" in views:
            snapshot["metrics"] = self.metrics(videos)
        snapshot["notes"] = list(self.notes)
        return snapshot

    def queues(self, stats: list[Any], videos: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        minutes = self.window_s / 60
        since = datetime.now(UTC) - timedelta(seconds=self.window_s)
        cloud = self._sqs_cloudwatch() if self.settings.bus == "aws" else {}
        rows = []
        for s in stats:
            row: dict[str, Any] = {
                "queue": s.queue,
                "visible": s.depth,
                "in_flight": s.in_flight,
                "oldest_age_s": s.oldest_age_s,
                "dlq": s.dlq_depth,
                "arrivals_per_min": None,
                "completions_per_min": None,
            }
            if s.queue in cloud:
                row.update({k: v for k, v in cloud[s.queue].items() if v is not None})
            elif videos is not None and s.queue in STAGES:
                # On the SQL bus acked messages are gone: count the videos through the stage instead.
                stage, before = STAGES[s.queue]
                arrived = [v for v in videos if (t := _time(v["stages"].get(before))) and t >= since]
                done = [v for v in videos if (t := _time(v["stages"].get(stage))) and t >= since]
                row["arrivals_per_min"] = round(len(arrived) / minutes, 2)
                row["completions_per_min"] = round(len(done) / minutes, 2)
            rows.append(row)
        return rows

    def services(self) -> list[dict[str, Any]]:
        rows = self._api_services()
        if self.settings.bus == "aws":
            rows += self._lambda_services() + self._ecs_services()
        return rows

    def errors(self, videos: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        from tiktok_commerce.ops.dead_letters import dead_letters_for

        receives: dict[str, int | None] = {}
        letters = dead_letters_for(self.bus)
        for queue in topology.QUEUES:
            try:
                for letter in letters.list(queue, limit=100):
                    if letter.video_id and letter.video_id not in receives:
                        receives[letter.video_id] = letter.receive_count
            except Exception as exc:
                self._note(f"dead letters of {queue} not readable ({type(exc).__name__})")
        failed = sorted(
            (v for v in videos or [] if v["status"] == "failed"), key=lambda v: v["updated_at"], reverse=True
        )
        rows = []
        for v in failed[: self.errors_limit]:
            stage, _, message = (v["error"] or "").partition(": ")
            kind = (
                message.split(":", 1)[0]
                if ":" in message and message.split(":", 1)[0].isidentifier()
                else None
            )
            rows.append(
                {
                    "when": (_time(v["stages"].get("failed")) or v["updated_at"]).isoformat(
                        timespec="seconds"
                    ),
                    "video_id": v["id"],
                    "seller": v["seller_handle"],
                    "stage": stage if message else None,
                    "error_kind": kind,
                    "message": message or v["error"],
                    "receive_count": receives.get(v["id"]),
                    "dead_letter": v["id"] in receives,
                }
            )
        return rows

    def metrics(self, videos: list[dict[str, Any]] | None) -> dict[str, Any]:
        minutes = self.window_s / 60
        since = datetime.now(UTC) - timedelta(seconds=self.window_s)
        stages = []
        for queue, (stage, before) in STAGES.items():
            seconds = []
            for v in videos or []:
                end, start = _time(v["stages"].get(stage)), _time(v["stages"].get(before))
                if end and start and end >= since:
                    seconds.append(max((end - start).total_seconds(), 0.0))
            stages.append(
                {
                    "stage": queue,
                    "videos": len(seconds),
                    "per_min": round(len(seconds) / minutes, 2),
                    "p50_s": percentile(seconds, 50),
                    "p95_s": percentile(seconds, 95),
                    "p99_s": percentile(seconds, 99),
                }
            )
        complete = [
            v
            for v in videos or []
            if v["status"] == "complete" and (t := _time(v["stages"].get("tagging"))) and t >= since
        ]
        end_to_end = [(_time(v["stages"]["tagging"]) - v["created_at"]).total_seconds() for v in complete]
        totals = self._api_totals()
        prompt, completion = totals.get("llm_prompt_tokens"), totals.get("llm_completion_tokens")
        cost = None
        if prompt is not None and completion is not None:
            cost = round(
                prompt / 1e6 * self.settings.llm_prompt_usd_per_mtok
                + completion / 1e6 * self.settings.llm_completion_usd_per_mtok,
                4,
            )
        return {
            "stages": stages,
            "videos_complete": len(complete),
            "videos_per_min": round(len(complete) / minutes, 2),
            "end_to_end_p50_s": percentile(end_to_end, 50),
            "end_to_end_p95_s": percentile(end_to_end, 95),
            "failed": sum(1 for v in videos or [] if v["status"] == "failed" and v["updated_at"] >= since),
            **totals,
            "llm_estimated_usd": cost,
        }

    # ---- the API ------------------------------------------------------------------------------

    def _api_services(self) -> list[dict[str, Any]]:
        response = self._api("/health")
        if isinstance(response, Exception):
            self._note(f"the API at {self.api_url} is not answering: its loops are unknown")
            return [_service("api", "api", False, f"unreachable at {self.api_url}")]
        try:
            body = response.json()
        except ValueError:
            return [_service("api", "api", False, f"answered {response.status_code} without JSON")]
        rows = [
            _service(
                "api",
                "api",
                bool(body.get("ready")),
                "ready" if body.get("ready") else (body.get("not_ready") or "not ready"),
            )
        ]
        for loop in body.get("loops", []):
            rows.append(
                _service(
                    loop["name"],
                    "loop",
                    loop["alive"],
                    loop.get("error") or "alive",
                    last_beat_s=loop.get("last_beat_s"),
                    in_flight=loop.get("in_flight"),
                    concurrency=loop.get("concurrency"),
                )
            )
        return rows

    def _api_totals(self) -> dict[str, float | None]:
        """Counters of the API process (and of the workers `up` runs in it), since it started."""
        empty: dict[str, float | None] = {
            "llm_prompt_tokens": None,
            "llm_completion_tokens": None,
            "fetched_bytes": None,
        }
        response = self._api("/metrics")
        if isinstance(response, Exception) or response.status_code != 200:
            return empty
        from prometheus_client.parser import text_string_to_metric_families

        totals: dict[str, float | None] = {
            "llm_prompt_tokens": 0.0,
            "llm_completion_tokens": 0.0,
            "fetched_bytes": 0.0,
        }
        for family in text_string_to_metric_families(response.text):
            for sample in family.samples:
                if sample.name == "tiktok_commerce_llm_tokens_total":
                    totals[f"llm_{sample.labels.get('kind')}_tokens"] = sample.value
                elif sample.name == "tiktok_commerce_fetched_bytes_total":
                    totals["fetched_bytes"] = sample.value
        return totals

    # ---- AWS ----------------------------------------------------------------------------------

    def _metric_data(self, queries: list[dict[str, Any]]) -> dict[str, list[float]]:
        """CloudWatch GetMetricData over the window; id -> values, newest first."""
        if not queries:
            return {}
        end = datetime.now(UTC)
        start = end - timedelta(seconds=self.window_s)
        values: dict[str, list[float]] = {}
        try:
            for i in range(0, len(queries), 500):
                answer = self._client("cloudwatch").get_metric_data(
                    MetricDataQueries=queries[i : i + 500],
                    StartTime=start,
                    EndTime=end,
                    ScanBy="TimestampDescending",
                )
                for result in answer.get("MetricDataResults", []):
                    values.setdefault(result["Id"], []).extend(result.get("Values", []))
        except Exception as exc:
            self._note(
                f"CloudWatch metrics not readable ({type(exc).__name__}): rates and Lambda figures empty"
            )
        return values

    def _sqs_cloudwatch(self) -> dict[str, dict[str, float | None]]:
        from tiktok_commerce.bus.aws import SqsBus

        if not isinstance(self.bus, SqsBus):  # only SQS queues have CloudWatch figures
            return {}
        names = {}
        for queue in topology.QUEUES:
            try:
                names[queue] = self.bus.queue_url(queue).rsplit("/", 1)[-1]
            except Exception:
                continue
        queries = []
        metrics = (
            ("age", "ApproximateAgeOfOldestMessage", "Maximum"),
            ("sent", "NumberOfMessagesSent", "Sum"),
            ("deleted", "NumberOfMessagesDeleted", "Sum"),
        )
        for n, name in enumerate(names.values()):
            for key, metric, stat in metrics:
                queries.append(_query(f"q{n}_{key}", "AWS/SQS", metric, {"QueueName": name}, stat, 60))
        data = self._metric_data(queries)
        minutes = self.window_s / 60
        result = {}
        for n, queue in enumerate(names):
            age, sent, deleted = (data.get(f"q{n}_{k}") for k in ("age", "sent", "deleted"))
            result[queue] = {
                "oldest_age_s": age[0] if age else None,
                "arrivals_per_min": round(sum(sent) / minutes, 2) if sent else None,
                "completions_per_min": round(sum(deleted) / minutes, 2) if deleted else None,
            }
        return result

    def _lambda_services(self) -> list[dict[str, Any]]:
        lam = self._client("lambda")
        rows, queries, functions = [], [], []
        for n, worker in enumerate(LAMBDA_WORKERS):
            name = f"{self.settings.name_prefix}-{worker}"
            try:
                config = lam.get_function(FunctionName=name)["Configuration"]
                reserved = lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions")
            except Exception as exc:
                code = getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__
                rows.append(_service(f"lambda:{worker}", "lambda", False, f"{name}: {code}"))
                continue
            functions.append((n, worker, name, config, reserved))
            for key, metric, stat in (
                ("inv", "Invocations", "Sum"),
                ("err", "Errors", "Sum"),
                ("thr", "Throttles", "Sum"),
                ("conc", "ConcurrentExecutions", "Maximum"),
            ):
                queries.append(_query(f"l{n}_{key}", "AWS/Lambda", metric, {"FunctionName": name}, stat, 60))
        data = self._metric_data(queries)
        for n, worker, _name, config, reserved in functions:
            state = config.get("State", "Active")
            figures = {
                k: (sum(data[f"l{n}_{k}"]) if data.get(f"l{n}_{k}") else 0) for k in ("inv", "err", "thr")
            }
            peak = max(data.get(f"l{n}_conc") or [0])
            rows.append(
                _service(
                    f"lambda:{worker}",
                    "lambda",
                    state == "Active" and config.get("LastUpdateStatus", "Successful") != "Failed",
                    f"{state}, {figures['inv']:.0f} invocations, {figures['err']:.0f} errors, "
                    f"{figures['thr']:.0f} throttles",
                    concurrency=reserved,
                    in_flight=peak,
                )
            )
        return rows

    def _ecs_services(self) -> list[dict[str, Any]]:
        cluster = self.settings.name_prefix
        names = [f"{cluster}-{worker}" for worker in ECS_WORKERS]
        try:
            answer = self._client("ecs").describe_services(cluster=cluster, services=names)
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__
            return [_service(f"ecs:{w}", "ecs", False, f"cluster {cluster}: {code}") for w in ECS_WORKERS]
        found = {s["serviceName"]: s for s in answer.get("services", [])}
        rows = []
        for worker, name in zip(ECS_WORKERS, names, strict=True):
            service = found.get(name)
            if service is None:
                rows.append(
                    _service(f"ecs:{worker}", "ecs", False, f"no service {name} in cluster {cluster}")
                )
                continue
            running, desired = service.get("runningCount", 0), service.get("desiredCount", 0)
            pending = service.get("pendingCount", 0)
            rows.append(
                _service(
                    f"ecs:{worker}",
                    "ecs",
                    service.get("status") == "ACTIVE" and running >= min(desired, 1),
                    f"{service.get('status')}: {running} running / {desired} desired / {pending} pending",
                    concurrency=desired,
                    in_flight=running,
                )
            )
        return rows

    def error_logs(self) -> list[dict[str, Any]]:
        """The workers' ERROR lines in the window (CloudWatch Logs), newest first."""
        prefix = self.settings.name_prefix
        groups = [f"/aws/lambda/{prefix}-{w}" for w in LAMBDA_WORKERS]
        groups += [f"/ecs/{prefix}/{w}" for w in ECS_WORKERS]
        start = int((time.time() - self.window_s) * 1000)
        lines = []
        for group in groups:
            try:
                events = (
                    self._client("logs")
                    .filter_log_events(logGroupName=group, startTime=start, filterPattern='"ERROR"', limit=50)
                    .get("events", [])
                )
            except Exception as exc:
                code = getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__
                self._note(f"log group {group} not readable ({code})")
                continue
            for event in events:
                record = _log_record(event.get("message", ""))
                if record is None:
                    continue
                lines.append(
                    {
                        "when": datetime.fromtimestamp(event["timestamp"] / 1000, UTC).isoformat(
                            timespec="seconds"
                        ),
                        "source": group.rsplit("/", 1)[-1],
                        "video_id": record.get("video_id"),
                        "message": str(record.get("message", ""))[:300],
                    }
                )
        lines.sort(key=lambda line: line["when"] or "", reverse=True)
        return lines[: self.errors_limit]


def _log_record(message: str) -> dict[str, Any] | None:
    """An ERROR log line as a dict (JSON lines, or text lines that say ERROR); None for others."""
    try:
        record = json.loads(message)
    except ValueError:
        return {"message": message.strip()} if " ERROR " in f" {message} " else None
    if not isinstance(record, dict) or str(record.get("level", "")).upper() not in ("ERROR", "CRITICAL"):
        return None
    return record


def _query(
    qid: str, namespace: str, metric: str, dims: dict[str, str], stat: str, period: int
) -> dict[str, Any]:
    return {
        "Id": qid,
        "MetricStat": {
            "Metric": {
                "Namespace": namespace,
                "MetricName": metric,
                "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
            },
            "Period": period,
            "Stat": stat,
        },
        "ReturnData": True,
    }


def _service(
    name: str,
    kind: str,
    alive: bool,
    detail: str,
    *,
    last_beat_s: float | None = None,
    in_flight: int | float | None = None,
    concurrency: int | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "alive": alive,
        "detail": detail,
        "last_beat_s": last_beat_s,
        "in_flight": in_flight,
        "concurrency": concurrency,
    }
