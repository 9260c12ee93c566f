"""`tiktok-commerce`: one command line for the whole system.

Each part of the pipeline registers its own subcommands (a `register(subparsers)` function in the
modules below), so this file stays a dispatcher and heavy imports happen only in the command run.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "tiktok_commerce.commands",
    "tiktok_commerce.workers.caption_parser.cli",
    "tiktok_commerce.workers.thumbnails.cli",
    "tiktok_commerce.workers.tagger.cli",
    "tiktok_commerce.aws_cli",
    "tiktok_commerce.ops.cli",  # dlq, monitor
    "tiktok_commerce.keys_cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tiktok-commerce", description="Turn seller videos into shop listings."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from tiktok_commerce.ops import logs  # LOG_FORMAT=json|text (json when not on a terminal)

    try:
        logs.configure(level=logging.DEBUG if args.verbose else logging.INFO)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
