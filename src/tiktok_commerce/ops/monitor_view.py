"""The monitor's snapshot as rich tables: one renderable, redrawn in place by `--watch`."""

from __future__ import annotations

from typing import Any

from rich.console import Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def _num(value: Any, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and digits:
        return f"{value:.{digits}f}{unit}"
    return f"{value:.0f}{unit}" if isinstance(value, float) else f"{value}{unit}"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


def _bytes(value: float | None) -> str:
    if value is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return "-"


def _ok(alive: bool) -> Text:
    return Text("up", style="bold green") if alive else Text("DOWN", style="bold red")


def queues_table(rows: list[dict[str, Any]], window_s: float) -> Table:
    table = Table(title=f"Queues (rates over {window_s / 60:.0f} min)", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("queue", "left"),
        ("visible", "right"),
        ("in flight", "right"),
        ("oldest", "right"),
        ("DLQ", "right"),
        ("in /min", "right"),
        ("done /min", "right"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify)
    for r in rows:
        dlq = Text(str(r["dlq"]), style="bold red" if r["dlq"] else "")
        table.add_row(
            r["queue"],
            str(r["visible"]),
            str(r["in_flight"]),
            _age(r["oldest_age_s"]),
            dlq,
            _num(r["arrivals_per_min"], 2),
            _num(r["completions_per_min"], 2),
        )
    return table


def services_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Services", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("service", "left"),
        ("", "left"),
        ("last beat", "right"),
        ("in flight", "right"),
        ("concurrency", "right"),
        ("detail", "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(
            r["name"],
            _ok(r["alive"]),
            _age(r["last_beat_s"]),
            _num(r["in_flight"]),
            _num(r["concurrency"]),
            r["detail"],
        )
    return table


def errors_table(rows: list[dict[str, Any]], logs: list[dict[str, Any]] | None) -> RenderableType:
    table = Table(title="Recent failures", title_justify="left")
    for column in ("when (UTC)", "video", "seller", "stage", "kind", "receives", "message"):
        table.add_column(column, overflow="fold", ratio=3 if column == "message" else None)
    for r in rows:
        receives = _num(r["receive_count"]) + (" (DLQ)" if r["dead_letter"] else "")
        table.add_row(
            r["when"].replace("T", " ")[:19],
            r["video_id"][:8],
            r["seller"],
            r["stage"] or "-",
            r["error_kind"] or "-",
            receives,
            r["message"],
        )
    if not rows:
        table.add_row("-", "no failed video", "", "", "", "", "")
    if logs is None:
        return table
    lines = Table(title="Workers' ERROR log lines", title_justify="left")
    for column in ("when (UTC)", "source", "video", "message"):
        lines.add_column(column, overflow="fold", ratio=4 if column == "message" else None)
    for line in logs:
        lines.add_row(
            line["when"].replace("T", " ")[:19],
            line["source"],
            (line["video_id"] or "-")[:8],
            line["message"],
        )
    if not logs:
        lines.add_row("-", "none", "", "")
    return Group(table, lines)


def metrics_table(m: dict[str, Any], window_s: float) -> RenderableType:
    table = Table(
        title=f"Stages (over {window_s / 60:.0f} min; time since the stage before)",
        title_justify="left",
    )
    for column in ("stage", "videos", "per min", "p50", "p95", "p99"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for s in m["stages"]:
        table.add_row(
            s["stage"],
            str(s["videos"]),
            _num(s["per_min"], 2),
            _num(s["p50_s"], 2, "s"),
            _num(s["p95_s"], 2, "s"),
            _num(s["p99_s"], 2, "s"),
        )
    cost = m.get("llm_estimated_usd")
    tokens = (
        "-"
        if m.get("llm_prompt_tokens") is None
        else f"{m['llm_prompt_tokens']:.0f} in / {m['llm_completion_tokens']:.0f} out"
        + (f" (~${cost:.4f})" if cost is not None else "")
    )
    summary = Text.assemble(
        ("end to end: ", "bold"),
        f"{m['videos_complete']} complete ({_num(m['videos_per_min'], 2)}/min), "
        f"p50 {_num(m['end_to_end_p50_s'], 1, 's')}, p95 {_num(m['end_to_end_p95_s'], 1, 's')}, "
        f"{m['failed']} failed   ",
        ("LLM tokens: ", "bold"),
        f"{tokens}   ",
        ("fetched: ", "bold"),
        _bytes(m.get("fetched_bytes")),
        " (LLM and bytes: since the API started)",
    )
    return Group(table, summary)


def render(snapshot: dict[str, Any], error: str | None = None) -> RenderableType:
    """Every view in the snapshot, with a header line; `error` (a failed refresh) above them."""
    header = Text.assemble(
        ("tiktok-commerce monitor", "bold"),
        f"  bus={snapshot.get('bus')}  at {str(snapshot.get('taken_at', '')).replace('T', ' ')}",
    )
    parts: list[RenderableType] = [header]
    if error:
        parts.append(Panel(Text(error, style="bold red"), title="last refresh failed", border_style="red"))
    window = snapshot.get("window_s", 900)
    if "queues" in snapshot:
        parts.append(queues_table(snapshot["queues"], window))
    if "services" in snapshot:
        parts.append(services_table(snapshot["services"]))
    if "errors" in snapshot:
        parts.append(errors_table(snapshot["errors"], snapshot.get("error_logs")))
    if "metrics" in snapshot:
        parts.append(metrics_table(snapshot["metrics"], window))
    for note in snapshot.get("notes", []):
        parts.append(Text(f"note: {note}", style="yellow"))
    return Group(*parts)
