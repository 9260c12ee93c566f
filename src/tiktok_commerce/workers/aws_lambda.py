"""Lambda entry points for the Caption Parser and the Auto Tagger (SQS event source, batch size 10).

Each record runs through the runtime's pure step (`handle_body`) with the same handler as the
local worker; its output events are published on SNS. The function returns
`{"batchItemFailures": [...]}` (ReportBatchItemFailures), so one bad record never sends its
neighbours back to the queue: Lambda deletes the successes and only the failures return. Records
run side by side (they mostly wait on SNS or an LLM), and a record still running shortly before
the function's timeout is reported failed rather than letting the timeout fail the whole batch.

A failed record also gets the bus's `fail`: its visibility is shortened to the backoff (otherwise
it would wait out the queue's 900 s visibility timeout), and on its last allowed receive
`processing.failed` is published before SQS's redrive policy moves it to the DLQ. A record whose
body is not an event is dead-lettered at once. Powertools' batch processor is not used: it runs
records one after another (or all in asyncio) with no deadline, and would lose the parallel run
and the report of the records still running near the function's timeout.

Powertools for AWS Lambda does the logs and metrics: its Logger writes every line of the package
as one JSON object with the invocation's request id and, inside a record, the event's ids and
stage (ops/logs.py); its Metrics write CloudWatch embedded metrics (namespace TiktokCommerce,
dimension `stage`): StageDuration, EventsHandled, EventsFailed, EventsRetried, EventsDeadLettered.

Handlers (deploy/terraform/lambda.tf): `tiktok_commerce.workers.aws_lambda.caption_parser_handler`
and `tiktok_commerce.workers.aws_lambda.tagger_handler`. Settings come from the environment
(BUS=aws, BLOBS=s3, SQS_*/SNS_*, S3_BUCKET); the OpenRouter key, when used, is read from Secrets
Manager once per cold start (OPENROUTER_SECRET_ARN).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSEvent, SQSRecord

from tiktok_commerce import topology
from tiktok_commerce.bus.aws import SqsBus
from tiktok_commerce.bus.base import Message
from tiktok_commerce.error_text import describe
from tiktok_commerce.ops import logs
from tiktok_commerce.ops.metrics import error_kind
from tiktok_commerce.workers.base import Handler, WorkerContext
from tiktok_commerce.workers.runtime import PoisonMessage, event_ids, finished, handle_body_outcome

log = logging.getLogger("tiktok_commerce.lambda")

MAX_PARALLEL = 10  # the event source's batch size
SAFETY_MARGIN_S = 10.0  # stop waiting this long before the function's timeout, to report the stragglers


@dataclass
class LambdaWorker:
    """What a warm Lambda keeps between invocations: the bus, the context and the handler."""

    name: str  # worker name as in `tiktok-commerce worker NAME`
    bus: SqsBus
    handler: Handler
    ctx: WorkerContext

    @property
    def queue(self) -> str:
        return topology.WORKER_QUEUES[self.name]

    safety_margin_s: float = SAFETY_MARGIN_S

    def process_batch(self, event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
        """Handle the records side by side; report the ones that failed or could not finish in time.

        In parallel because the records mostly wait on the network (SNS, an LLM): a batch then
        takes as long as its slowest record, not the sum. A record still running when the
        function is about to time out is reported failed (and gets the bus's `fail`, so on its
        last try the video is announced failed) instead of letting the timeout fail the batch.
        """
        records = list(SQSEvent(event).records)  # Powertools' typed view of Lambda's SQS event
        if not records:
            return {"batchItemFailures": []}
        budget_s = _seconds_left(context)
        timeout = None if budget_s is None else max(budget_s - self.safety_margin_s, 0.0)
        pool = ThreadPoolExecutor(max_workers=min(len(records), MAX_PARALLEL), thread_name_prefix=self.name)
        futures = [(pool.submit(self._process_record, record), record) for record in records]
        done, _late = wait([f for f, _ in futures], timeout=timeout)
        pool.shutdown(wait=False, cancel_futures=True)  # never wait for a record past the deadline
        failures = []
        for future, record in futures:
            ok = future.result() if future in done else self._out_of_time(record, timeout or 0.0)
            if not ok:
                failures.append({"itemIdentifier": record.message_id})
        return {"batchItemFailures": failures}

    def _message(self, record: SQSRecord) -> Message:
        return Message(
            queue=self.queue,
            body=record.body,
            receive_count=int(record.attributes.approximate_receive_count),
            receipt=record.receipt_handle,
            message_id=record.message_id,
        )

    def _out_of_time(self, record: SQSRecord, waited_s: float) -> bool:
        message = self._message(record)
        log.warning(
            "%s: message %s not done within %.0f s, retried later", self.queue, message.message_id, waited_s
        )
        error = f"TimeoutError: not done within the Lambda's time ({waited_s:.0f} s)"
        return self._settle(self.bus.fail, message, error, ok=False)

    def _process_record(self, record: SQSRecord) -> bool:
        """Handle one SQS record; True when it may be deleted. Never raises."""
        message = self._message(record)
        with logs.context(stage=self.queue):
            try:
                message.body = self.bus.resolve_body(record.body)
            except Exception as exc:
                return self._failed(message, exc, time.monotonic())
            event_id, video_id, event_type = event_ids(message.body)
            with logs.context(video_id=video_id, event_id=event_id, event_type=event_type):
                return self._handle(message)

    def _handle(self, message: Message) -> bool:
        started = time.monotonic()
        try:
            outputs, permanent = handle_body_outcome(message.body, self.handler, self.ctx, stage=self.queue)
            for output in outputs:
                self.bus.publish(output)
        except PoisonMessage as exc:
            fields = self._outcome(started, "dead-lettered", "PoisonMessage", message)
            log.error("%s: poison message %s: %s", self.queue, message.message_id, exc, extra=fields)
            return self._settle(self.bus.dead_letter, message, str(exc), ok=True)
        except Exception as exc:
            return self._failed(message, exc, started)
        fields = self._outcome(started, "permanent" if permanent else "acked", permanent, message)
        log.info(
            "%s: message %s handled, published %s",
            self.queue,
            message.message_id,
            ", ".join(f"{o.type} {o.id}" for o in outputs) or "nothing",
            extra=fields,
        )
        return True

    def _failed(self, message: Message, exc: Exception, started: float) -> bool:
        last = topology.is_last_try(self.queue, message.receive_count)
        fields = self._outcome(started, "dead-lettered" if last else "retry", error_kind(exc), message)
        log.warning(
            "%s: message %s failed (receive %d): %s",
            self.queue,
            message.message_id,
            message.receive_count,
            exc,
            exc_info=True,
            extra=fields,
        )
        return self._settle(self.bus.fail, message, describe(exc), ok=False)

    def _outcome(self, started: float, outcome: str, kind: str | None, message: Message) -> dict[str, object]:
        return finished(self.queue, message, started, outcome, kind)

    def _settle(self, action: Any, message: Message, error: str, ok: bool) -> bool:
        """Dead-letter or fail the message through the bus; `ok` is what to report when that worked."""
        try:
            action(message, error)
        except Exception:
            # Cannot settle it through the bus: report it failed so SQS retries it (and, after
            # maxReceiveCount, its redrive policy dead-letters it).
            log.exception("%s: could not settle a failed message", self.queue)
            return False
        return ok


_workers: dict[str, LambdaWorker] = {}


def load_worker(name: str) -> LambdaWorker:
    """Build the worker once per container (a cold start); warm invocations reuse it."""
    if name not in _workers:
        from tiktok_commerce.blobs.factory import make_blob_store
        from tiktok_commerce.settings import Settings
        from tiktok_commerce.workers.registry import load_handler

        _load_secret_into_env()
        settings = Settings()
        _workers[name] = LambdaWorker(
            name=name,
            bus=SqsBus.from_settings(settings),
            handler=load_handler(name),
            ctx=WorkerContext(settings=settings, blobs=make_blob_store(settings)),
        )
    return _workers[name]


def _load_secret_into_env() -> None:
    """OPENROUTER_API_KEY from Secrets Manager (never a plain Lambda environment variable)."""
    arn = os.environ.get("OPENROUTER_SECRET_ARN")
    if not arn or os.environ.get("OPENROUTER_API_KEY"):
        return
    from botocore.exceptions import ClientError

    from tiktok_commerce.awsclient import make_client
    from tiktok_commerce.settings import Settings

    try:
        secret = make_client(Settings(), "secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    except ClientError as exc:
        # No value put yet: run offline (rules) rather than fail every message of every batch.
        log.warning("OpenRouter key unavailable from %s (%s): using the offline rules", arn, exc)
        return
    with contextlib.suppress(
        ValueError, AttributeError
    ):  # a plain string, or JSON {"OPENROUTER_API_KEY": ...}
        secret = json.loads(secret).get("OPENROUTER_API_KEY", "")
    if secret:
        os.environ["OPENROUTER_API_KEY"] = secret


@dataclass
class Telemetry:
    """Powertools' Logger and Metrics, set up once per container."""

    logger: Any
    metrics: Any
    lock: threading.Lock

    def record(self, stage: str, outcome: str, seconds: float, kind: str | None) -> None:
        """An outcome as embedded metrics (a metrics sink of ops/metrics.py)."""
        from aws_lambda_powertools.metrics import MetricUnit, single_metric

        with self.lock:  # records run in threads; Powertools' metric set is not thread-safe
            self.metrics.add_metric(name="StageDuration", unit=MetricUnit.Milliseconds, value=seconds * 1000)
            if outcome in ("acked", "permanent"):
                self.metrics.add_metric(name="EventsHandled", unit=MetricUnit.Count, value=1)
            if outcome == "acked":
                return
            # With the error kind as a dimension of its own: one small EMF line per failure.
            names = ["EventsFailed"] + {
                "retry": ["EventsRetried"],
                "dead-lettered": ["EventsDeadLettered"],
            }.get(outcome, [])
            for name in names:
                with single_metric(
                    name=name,
                    unit=MetricUnit.Count,
                    value=1,
                    namespace=self.metrics.namespace,
                    default_dimensions={"stage": stage, "error_kind": kind or "unknown"},
                ):
                    pass


_telemetry: Telemetry | None = None


def telemetry(stage: str) -> Telemetry:
    """Logger and Metrics for this container: JSON lines for the whole package, EMF per invocation."""
    global _telemetry
    if _telemetry is None:
        from aws_lambda_powertools import Logger, Metrics

        from tiktok_commerce.ops import metrics as ops_metrics

        service = os.environ.get("POWERTOOLS_SERVICE_NAME", "tiktok-commerce")
        logger = Logger(service=service, level=os.environ.get("LOG_LEVEL", "INFO"))
        if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):  # on Lambda (not when a test calls in)
            # Powertools' formatter (its keys: service, function_request_id ...) on a handler of ours.
            handler = logging.StreamHandler(sys.stdout)
            handler.setFormatter(logger.registered_formatter)
            handler.addFilter(logs.ContextFilter())  # video_id, event_id, stage ... on every line
            package = logging.getLogger("tiktok_commerce")
            package.handlers = [handler]
            package.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
            package.propagate = False  # the runtime's own root handler would print each line twice
        metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "TiktokCommerce"))
        metrics.clear_metrics()  # Powertools keeps one metric set per process; this container's starts empty
        metrics.set_default_dimensions(stage=stage)
        _telemetry = Telemetry(logger=logger, metrics=metrics, lock=threading.Lock())
        if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):  # each invocation flushes what its records added
            ops_metrics.SINKS.append(_telemetry.record)
    return _telemetry


def _invoke(name: str, event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    tel = telemetry(topology.WORKER_QUEUES[name])
    tel.logger.append_keys(function_request_id=getattr(context, "aws_request_id", None))
    try:
        return load_worker(name).process_batch(event, context)
    finally:
        if tel.metrics.metric_set:  # nothing handled, nothing to publish
            tel.metrics.flush_metrics()


def _seconds_left(context: Any) -> float | None:
    """Time until the function times out, from the Lambda context (None outside Lambda)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 if callable(remaining) else None


def caption_parser_handler(event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
    return _invoke("caption-parser", event, context)


def tagger_handler(event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
    return _invoke("tagger", event, context)
