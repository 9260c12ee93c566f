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
body is not an event is dead-lettered at once. These few lines replace Powertools' batch
processor, which would add a dependency for the same loop.

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
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Message
from tiktok_commerce.workers.base import Handler, WorkerContext
from tiktok_commerce.workers.runtime import PoisonMessage, handle_body

log = logging.getLogger("tiktok_commerce.lambda")

MAX_PARALLEL = 10  # the event source's batch size
SAFETY_MARGIN_S = 10.0  # stop waiting this long before the function's timeout, to report the stragglers


@dataclass
class LambdaWorker:
    """What a warm Lambda keeps between invocations: the bus, the context and the handler."""

    name: str  # worker name as in `tiktok-commerce worker NAME`
    bus: Any  # SqsBus: publish, fail, dead_letter, resolve_body
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
        records = event.get("Records", [])
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
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures}

    def _message(self, record: dict[str, Any]) -> Message:
        return Message(
            queue=self.queue,
            body=record["body"],
            receive_count=int(record.get("attributes", {}).get("ApproximateReceiveCount", 1)),
            receipt=record["receiptHandle"],
            message_id=record["messageId"],
        )

    def _out_of_time(self, record: dict[str, Any], waited_s: float) -> bool:
        message = self._message(record)
        log.warning(
            "%s: message %s not done within %.0f s, retried later", self.queue, message.message_id, waited_s
        )
        error = f"TimeoutError: not done within the Lambda's time ({waited_s:.0f} s)"
        return self._settle(self.bus.fail, message, error, ok=False)

    def _process_record(self, record: dict[str, Any]) -> bool:
        """Handle one SQS record; True when it may be deleted. Never raises."""
        message = self._message(record)
        try:
            message.body = self.bus.resolve_body(record["body"])
            outputs = handle_body(message.body, self.handler, self.ctx, stage=self.queue)
            for output in outputs:
                self.bus.publish(output)
        except PoisonMessage as exc:
            log.error("%s: poison message %s: %s", self.queue, message.message_id, exc)
            return self._settle(self.bus.dead_letter, message, str(exc), ok=True)
        except Exception as exc:
            log.warning(
                "%s: message %s failed (receive %d): %s",
                self.queue,
                message.message_id,
                message.receive_count,
                exc,
                exc_info=True,
            )
            return self._settle(self.bus.fail, message, f"{type(exc).__name__}: {exc}"[:2000], ok=False)
        log.info(
            "%s: message %s handled, published %s",
            self.queue,
            message.message_id,
            ", ".join(f"{o.type} {o.id}" for o in outputs) or "nothing",
        )
        return True

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
        from tiktok_commerce.bus.aws import SqsBus
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


def _configure_logging() -> None:
    # The Lambda runtime installs a handler on the root logger; only the level is ours to set.
    logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def _seconds_left(context: Any) -> float | None:
    """Time until the function times out, from the Lambda context (None outside Lambda)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 if callable(remaining) else None


def caption_parser_handler(event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
    _configure_logging()
    return load_worker("caption-parser").process_batch(event, context)


def tagger_handler(event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
    _configure_logging()
    return load_worker("tagger").process_batch(event, context)
