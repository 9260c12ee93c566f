"""`tiktok-commerce dlq ...` and `tiktok-commerce monitor`: operating the system from a terminal.

Both work on the bus the settings name (BUS=sql: the database; BUS=aws: SQS) and answer a bus or an
AWS account that cannot be reached with one line saying so, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tiktok_commerce import topology

QUEUE_HELP = (
    f"a queue ({', '.join(topology.QUEUES)}), its DLQ (QUEUE-dlq) or a worker "
    f"({', '.join(topology.WORKER_QUEUES)})"
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dlq = sub.add_parser("dlq", help="dead letters on either bus: list, show, redrive, purge, announce")
    dlq_sub = dlq.add_subparsers(dest="dlq_command", required=True, metavar="ACTION")

    listing = dlq_sub.add_parser("list", help="the messages in a queue's DLQ, newest first")
    listing.add_argument("queue", help=QUEUE_HELP)
    listing.add_argument("--limit", type=_positive, default=100, help="at most this many (default 100)")
    listing.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    listing.set_defaults(func=cmd_dlq_list)

    show = dlq_sub.add_parser("show", help="one dead letter with its whole event")
    show.add_argument("queue", help=QUEUE_HELP)
    show.add_argument("message_id", help="the id `dlq list` shows")
    show.set_defaults(func=cmd_dlq_show)

    redrive = dlq_sub.add_parser(
        "redrive", help="send dead letters back to their queue (fix their cause first)"
    )
    redrive.add_argument("queue", help=QUEUE_HELP)
    redrive.add_argument("--limit", type=_positive, help="move at most this many (default: all)")
    redrive.set_defaults(func=cmd_dlq_redrive)

    purge = dlq_sub.add_parser("purge", help="delete every message of a queue's DLQ")
    purge.add_argument("queue", help=QUEUE_HELP)
    purge.add_argument("--yes", action="store_true", help="really delete them (required)")
    purge.set_defaults(func=cmd_dlq_purge)

    announce = dlq_sub.add_parser(
        "announce",
        help="publish processing.failed for dead letters SQS moved silently (a worker died on its "
        "last try), so their videos show as failed; they stay in the DLQ",
    )
    announce.add_argument("queue", nargs="?", help=f"{QUEUE_HELP} (default: every worker's)")
    announce.set_defaults(func=cmd_dlq_announce)

    register_monitor(sub)


def register_monitor(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    monitor = sub.add_parser(
        "monitor",
        help="queues, services, recent errors and performance, on the SQL bus or AWS (BUS=aws)",
        description="With no view flag every view is shown. --watch redraws them in place.",
    )
    monitor.add_argument("--queues", action="store_true", help="every queue and its DLQ: depths, age, rates")
    monitor.add_argument(
        "--services", action="store_true", help="the API, its loops, and on AWS the Lambdas and ECS service"
    )
    monitor.add_argument(
        "--errors", action="store_true", help="the most recent failures (and on AWS error logs)"
    )
    monitor.add_argument(
        "--metrics", action="store_true", help="per stage p50/p95/p99 and throughput, videos/min, LLM tokens"
    )
    monitor.add_argument(
        "--watch", type=_seconds, metavar="SECONDS", help="refresh every SECONDS until Ctrl-C"
    )
    monitor.add_argument(
        "--json", action="store_true", help="JSON (one object per refresh) instead of tables"
    )
    monitor.add_argument("--api", help="the API's base URL (default http://localhost:PORT)")
    monitor.add_argument(
        "--window", type=_positive, default=15, metavar="MINUTES", help="minutes the rates cover (default 15)"
    )
    monitor.set_defaults(func=cmd_monitor)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0.5 <= number <= 86400:
        raise argparse.ArgumentTypeError(f"{value!r} is not between 0.5 and 86400 seconds")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not at least 1")
    return number


# ---- errors a user can cause or meet, as one line --------------------------------------------------


def bus_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean the bus or AWS cannot be reached or is not set up."""
    from sqlalchemy.exc import SQLAlchemyError

    from tiktok_commerce.ops.dead_letters import DeadLetterError

    errors: list[type[BaseException]] = [SQLAlchemyError, DeadLetterError, KeyError, OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        from tiktok_commerce.bus.aws import AwsBusError

        errors += [BotoCoreError, ClientError, AwsBusError]
    except ImportError:
        pass
    return tuple(errors)


def describe_error(exc: BaseException) -> str:
    """One sentence for an operator: what failed and where to look."""
    from sqlalchemy.exc import SQLAlchemyError

    from tiktok_commerce.settings import get_settings

    settings = get_settings()
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
        return (
            f"cannot read the SQL bus at {_safe_url(settings.database_url)} ({reason}); check DATABASE_URL "
            "and run `tiktok-commerce db upgrade`"
        )
    if isinstance(exc, KeyError):
        return str(exc.args[0]) if exc.args else "unknown name"
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
    if type(exc).__module__.startswith("botocore"):
        return f"cannot reach AWS in {settings.aws_region} ({text}); check credentials and AWS_REGION"
    return text


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL"


def run_clearly(action: Callable[[], int]) -> int:
    """Run a command; a bus or AWS that cannot be reached is one line on stderr and exit 1."""
    try:
        return action()
    except bus_errors() as exc:
        print(f"error: {describe_error(exc)}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # boto3 missing for BUS=aws: awsclient says what to install
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _dead_letters() -> Any:
    from tiktok_commerce.bus.factory import make_bus
    from tiktok_commerce.ops.dead_letters import dead_letters_for
    from tiktok_commerce.settings import get_settings

    return dead_letters_for(make_bus(get_settings()))


def _when(epoch: float | None) -> str:
    if epoch is None:
        return "-"
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


# ---- dlq ----------------------------------------------------------------------------------------


def cmd_dlq_list(args: argparse.Namespace) -> int:
    def run() -> int:
        from rich.console import Console
        from rich.table import Table

        from tiktok_commerce.ops.dead_letters import resolve_queue

        _, dlq = resolve_queue(args.queue)
        letters = _dead_letters().list(args.queue, limit=args.limit)
        if args.json:
            for letter in letters:
                print(json.dumps(letter.as_dict()))
            return 0
        table = Table(title=f"{dlq}: {len(letters)} dead letter(s)", title_justify="left")
        for column in ("message", "video", "event", "receives", "enqueued (UTC)", "error"):
            table.add_column(column, overflow="fold")
        for d in letters:
            table.add_row(
                d.message_id,
                d.video_id or "-",
                d.event_type or "-",
                str(d.receive_count) if d.receive_count is not None else "-",
                _when(d.enqueued_at),
                d.error or "-",
            )
        Console().print(table)
        return 0

    return run_clearly(run)


def cmd_dlq_show(args: argparse.Namespace) -> int:
    def run() -> int:
        letter = _dead_letters().show(args.queue, args.message_id)
        data = letter.as_dict()
        try:
            data["event"] = json.loads(letter.body)
        except ValueError:
            data["body"] = letter.body  # not JSON: shown as it is
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0

    return run_clearly(run)


def cmd_dlq_redrive(args: argparse.Namespace) -> int:
    def run() -> int:
        from tiktok_commerce.ops.dead_letters import resolve_queue

        queue, dlq = resolve_queue(args.queue)
        moved = _dead_letters().redrive(args.queue, limit=args.limit)
        print(f"moved {moved} message(s) from {dlq} back to {queue}")
        return 0

    return run_clearly(run)


def cmd_dlq_purge(args: argparse.Namespace) -> int:
    def run() -> int:
        from tiktok_commerce.ops.dead_letters import resolve_queue

        _, dlq = resolve_queue(args.queue)
        if not args.yes:
            print(
                f"error: this deletes every message in {dlq} for good; pass --yes to do it",
                file=sys.stderr,
            )
            return 2
        print(f"deleted {_dead_letters().purge(args.queue)} message(s) from {dlq}")
        return 0

    return run_clearly(run)


def cmd_dlq_announce(args: argparse.Namespace) -> int:
    def run() -> int:
        from tiktok_commerce.ops.dead_letters import resolve_queue

        queues = [resolve_queue(args.queue)[0]] if args.queue else list(topology.WORKER_QUEUES.values())
        dead_letters = _dead_letters()
        for queue in queues:
            print(f"{queue}: {dead_letters.announce(queue)} dead letter(s) announced")
        return 0

    return run_clearly(run)


# ---- monitor ------------------------------------------------------------------------------------


def cmd_monitor(args: argparse.Namespace) -> int:
    from tiktok_commerce.ops.monitor import VIEWS, Monitor
    from tiktok_commerce.settings import get_settings

    views = tuple(view for view in VIEWS if getattr(args, view)) or VIEWS
    settings = get_settings()
    api = (args.api or f"http://localhost:{settings.port}").rstrip("/")
    monitor: Monitor | None = None

    def first() -> int:
        nonlocal monitor
        monitor = Monitor(settings, api, window_s=args.window * 60)
        snapshot = monitor.collect(views)
        if not args.watch:
            _show(snapshot, args.json)
            return 0
        return _watch(monitor, views, snapshot, args.watch, args.json)

    try:
        return run_clearly(first)
    except KeyboardInterrupt:
        return 0


def _show(snapshot: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(snapshot), flush=True)
        return
    from rich.console import Console

    from tiktok_commerce.ops.monitor_view import render

    Console().print(render(snapshot))


def _watch(
    monitor: Any, views: tuple[str, ...], snapshot: dict[str, Any], every_s: float, as_json: bool
) -> int:
    """Refresh until Ctrl-C. A failed refresh is shown above the last good figures, and retried."""
    import time

    if as_json:
        while True:
            _show(snapshot, True)
            time.sleep(every_s)
            try:
                snapshot = monitor.collect(views)
            except bus_errors() as exc:
                print(json.dumps({"error": describe_error(exc)}), flush=True)
    from rich.live import Live

    from tiktok_commerce.ops.monitor_view import render

    # The alternate screen, redrawn in place with no clearing in between: no flicker, like top(1).
    with Live(render(snapshot), auto_refresh=False, screen=True, transient=False) as live:
        while True:
            time.sleep(every_s)
            error = None
            try:
                snapshot = monitor.collect(views)
            except bus_errors() as exc:
                error = describe_error(exc)
            live.update(render(snapshot, error), refresh=True)
