"""Rules of the code base that no single behaviour test would notice being broken."""

from __future__ import annotations

import re
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
