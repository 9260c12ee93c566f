"""`tiktok-commerce`: one command line for the whole system.

Each part of the pipeline registers its own subcommands (a `register(subparsers)` function in the
modules below), so this file stays a dispatcher and heavy imports happen only in the command run.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
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


# Commands whose module alone is imported when they run: `thumbnails FILE` is a one-shot process
# measured beside ffmpeg, so it skips the other modules' imports (about 20 ms).
ONLY_MODULE = {
    "thumbnails": "tiktok_commerce.workers.thumbnails.cli",
    "models": "tiktok_commerce.workers.thumbnails.cli",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tiktok-commerce", description="Turn seller videos into shop listings."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = [ONLY_MODULE[command]] if command in ONLY_MODULE else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(words)
    from tiktok_commerce.ops import logs  # LOG_FORMAT=json|text (json when not on a terminal)

    try:
        logs.configure(level=logging.DEBUG if args.verbose else logging.INFO)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    code = int(args.func(args) or 0)
    if argv is None and getattr(args, "quick_exit", False):
        # A one-shot command measured beside ffmpeg: its output is written and flushed, so the
        # interpreter's teardown (onnxruntime's session, PyAV, gc: about 0.1 s) is skipped.
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
