"""Rules of the code base that no single behaviour test would notice being broken."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tiktok_commerce"
# An ignore names its code and says why: `# type: ignore[code]  # the reason`.
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def test_every_type_ignore_names_its_code_and_says_why() -> None:
    bare = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and (not found["codes"] or not re.match(r"\s*#\s*\S", found["rest"])):
                bare.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not bare, "a `# type: ignore[code]` needs `  # why` after it:\n" + "\n".join(bare)


def test_the_import_layers_hold() -> None:
    """events and topology import nothing of ours; the bus knows neither the API nor the database;
    adapters do not import each other; workers never import the database; the API imports no video
    or ML code ([tool.importlinter] in pyproject.toml, indirect and lazy imports included)."""
    root = SRC.parents[1]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "src")},  # this checkout's code, not an installed one
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
