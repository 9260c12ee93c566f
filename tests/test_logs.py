"""Log lines: one JSON object per line with the bound ids; a traceback is one field; LOG_FORMAT checked."""

from __future__ import annotations

import json
import logging

from tiktok_commerce.cli import main
from tiktok_commerce.ops import logs


def record_line(formatter: logging.Formatter, **extra: object) -> str:
    logger = logging.getLogger("tiktok_commerce.test_logs")
    captured: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            captured.append(self.format(record))

    handler = Keep()
    handler.setFormatter(formatter)
    handler.addFilter(logs.ContextFilter())
    logger.addHandler(handler)
    try:
        with logs.context(video_id="vid-1", stage="auto-tagger", event_id=None):
            try:
                raise KeyError("tag")
            except KeyError:
                logger.warning("failed: %s", "tag", exc_info=True, extra=extra)
    finally:
        logger.removeHandler(handler)
    return captured[0]


def test_json_lines_carry_the_bound_ids_and_the_traceback_as_one_field() -> None:
    line = record_line(logs.JsonFormatter(), outcome="retry", duration_s=0.5)
    assert "\n" not in line
    record = json.loads(line)
    assert (record["video_id"], record["stage"], record["outcome"], record["duration_s"]) == (
        "vid-1",
        "auto-tagger",
        "retry",
        0.5,
    )
    assert "event_id" not in record  # None binds nothing
    assert record["message"] == "failed: tag" and record["level"] == "WARNING"
    assert record["error_kind"] == "KeyError" and "Traceback" in record["exception"]


def test_text_lines_name_the_ids_too() -> None:
    line = record_line(logs.TextFormatter())
    assert "failed: tag [video_id=vid-1 stage=auto-tagger]" in line.splitlines()[0]


def test_the_context_ends_with_its_block() -> None:
    with logs.context(video_id="v"):
        assert logs.current() == {"video_id": "v"}
    assert logs.current() == {}


def test_an_unknown_log_format_is_refused_in_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setenv("LOG_FORMAT", "yaml")
    assert main(["dlq", "list", "results"]) == 2
    assert capsys.readouterr().err == "error: LOG_FORMAT must be json or text, not 'yaml'\n"


def test_json_is_the_default_off_a_terminal_and_on_aws(monkeypatch) -> None:
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    monkeypatch.delenv("ECS_CONTAINER_METADATA_URI_V4", raising=False)
    assert logs.resolve_format(None) == "json"  # pytest's stderr is no terminal
    assert logs.resolve_format("TEXT") == "text"
    monkeypatch.setenv("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert logs.resolve_format(None) == "json"
