"""Core subcommands: up, api, worker, db, post, demo (filled in by the foundation)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # noqa: ARG001
    return None
