"""Run every benchmark in turn (`make bench`), or the ones named: `python -m bench captions`."""

from __future__ import annotations

import importlib
import sys

BENCHES = ("captions", "llm_standin", "thumbnails", "tags", "memory", "api_load")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    failed = 0
    for name in names:
        print(f"\n=== bench: {name} ===", flush=True)
        failed += int(importlib.import_module(f"bench.{name}").main() or 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
