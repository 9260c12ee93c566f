"""Structured logs: one line per record, JSON or text (LOG_FORMAT), with the event's ids on each.

- `configure(fmt, level)` installs one handler on the root logger. `json` (the default when stderr
  is not a terminal, and on Lambda or ECS) writes one JSON object per line; an exception is one
  field (`exception`, its traceback as one string), never many lines. `text` is for people.
- `context(...)` binds fields (video_id, event_id, event_type, stage, request_id) to everything
  logged inside it, in this thread or task only (contextvars): the runtime binds each message's ids
  while it handles it, the HTTP middleware binds a request id.
- Fields passed as `extra={"duration_s": ..., "outcome": ...}` become fields of the line too.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

FORMATS = ("json", "text")
CONTEXT_FIELDS = ("video_id", "event_id", "event_type", "stage", "request_id")
EXTRA_FIELDS = (
    "duration_s",
    "outcome",
    "error_kind",
    "message_id",
    "receive_count",
    "method",
    "route",
    "status",
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(context)s"

# Never mutated: context() sets a new dict, so the shared empty default is safe.
_context: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("log_context", default={})  # noqa: B039


@contextlib.contextmanager
def context(**fields: str | None) -> Iterator[None]:
    """Add these fields to every record logged inside the block (this thread or task only)."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def current() -> dict[str, str]:
    return dict(_context.get())


class ContextFilter(logging.Filter):
    """Copies the bound fields onto each record (as attributes), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in (*CONTEXT_FIELDS, *EXTRA_FIELDS):
            value = getattr(record, key, None)
            if value is not None:
                line[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = self.formatException(record.exc_info)
            line.setdefault("error_kind", record.exc_info[0].__name__)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        fields = [f"{k}={getattr(record, k)}" for k in (*CONTEXT_FIELDS, *EXTRA_FIELDS) if hasattr(record, k)]
        record.context = f" [{' '.join(fields)}]" if fields else ""
        return super().format(record)


def on_aws() -> bool:
    """Lambda or ECS: where logs go to CloudWatch and are read by machines."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or os.environ.get("ECS_CONTAINER_METADATA_URI_V4"))


def default_format() -> str:
    return "json" if on_aws() or not sys.stderr.isatty() else "text"


def resolve_format(value: str | None) -> str:
    """LOG_FORMAT's value, or the default; ValueError naming the choices for anything else."""
    if not value:
        return default_format()
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be json or text, not {value!r}")
    return fmt


def formatter_for(fmt: str) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else TextFormatter()


class _OwnHandler(logging.StreamHandler[TextIO]):
    """The handler `configure` installs: found and replaced by the next call, nobody else's."""


def configure(fmt: str | None = None, level: int | str = logging.INFO) -> str:
    """One handler on the root logger in the given format (LOG_FORMAT when None); returns the format."""
    fmt = resolve_format(fmt if fmt is not None else os.environ.get("LOG_FORMAT"))
    root = logging.getLogger()
    root.setLevel(level)
    ours = [h for h in root.handlers if isinstance(h, _OwnHandler)]
    if root.handlers and not ours:
        return fmt  # logging was set up by whoever runs us (a test runner, an embedding app): theirs
    for old in ours:
        root.removeHandler(old)
    handler = _OwnHandler(sys.stderr)
    handler.setFormatter(formatter_for(fmt))
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
    # Libraries that talk too much at INFO: one line per HTTP call is noise in an operator's log.
    for chatty in (
        "httpx",
        "httpcore",
        "botocore",
        "boto3",
        "urllib3",
        "s3transfer",
        "alembic.runtime.plugins",
    ):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
    return fmt
