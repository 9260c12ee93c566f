"""Benchmarks: `make bench` runs them all and prints their figures."""

import os
from pathlib import Path

DATA = Path(__file__).parent / "data"


def labelled_sets() -> list[Path]:
    """The independent labelled sets in bench/data. Those named *-final.jsonl are kept unscored
    until a round of work ends (BENCH_FINAL=1 scores them too): see bench/data/README.md."""
    final = os.environ.get("BENCH_FINAL") == "1"
    return [p for p in sorted(DATA.glob("*.jsonl")) if final or not p.stem.endswith("-final")]


def language_of(caption: str) -> str:
    """The caption's language as the parser and tagger read it, to group figures by language."""
    from tiktok_commerce.languages.detect import detect

    return detect(caption)
