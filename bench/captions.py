"""Caption parser bench: product_f1 on the labelled dev captions, and offline throughput.

    python -m bench captions

1. Parses ../shared/data/captions-dev.jsonl with the offline rules (the same code path as
   `tiktok-commerce caption parse --jsonl`) and runs the shared scorer on the output; its last line
   is `product_f1=...` (the bar: 0.90).
2. Does the same for every labelled set in bench/data/ (captions written without reading the
   parser; bench/data/README.md says how blind each still is) and prints their product_f1 beside
   the dev set's: the better estimate of how the parser does on captions it was not tuned on.
3. Times the parser over the dev set repeated to at least 10,000 captions on one core (one thread;
   CPU time of this process, so other load on the machine does not count against it), beside
   price-parser's `Price.fromstring` alone on the same captions, and prints the ratio.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from price_parser import Price

from bench import labelled_sets, language_of
from tiktok_commerce.settings import shared_dir
from tiktok_commerce.workers.caption_parser.cli import parse_jsonl
from tiktok_commerce.workers.caption_parser.rules import parse_caption

MIN_F1 = 0.90
MIN_CAPTIONS = 10_000
AIM_PER_S = 10_000


def _throughput(fn, captions: list[str]) -> tuple[float, float]:
    """(captions per CPU second, captions per wall second)."""
    cpu, wall = time.process_time(), time.perf_counter()
    for caption in captions:
        fn(caption)
    return len(captions) / (time.process_time() - cpu), len(captions) / (time.perf_counter() - wall)


def _score(gold: Path, scorer: Path) -> tuple[str, float | None]:
    """(the scorer's output, its product_f1) for the offline parser's answers on `gold`."""
    out = io.StringIO()
    with gold.open(encoding="utf-8") as lines:
        parse_jsonl(lines, out)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "captions-out.jsonl"
        pred.write_text(out.getvalue(), encoding="utf-8")
        scored = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True, check=False
        )
    if scored.returncode != 0:
        return scored.stdout.rstrip() + "\n" + scored.stderr.rstrip(), None
    return scored.stdout.rstrip(), float(scored.stdout.strip().splitlines()[-1].split("=")[1])


def score_predictions(gold: Path, predictions: list[dict]) -> float:
    """The shared scorer's product_f1 for predictions ({"id", "products"}) on `gold`."""
    scorer = shared_dir() / "bench" / "score_captions.py"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "captions-out.jsonl"
        pred.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8"
        )
        scored = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True, check=True
        )
    return float(scored.stdout.strip().splitlines()[-1].split("=")[1])


def _by_language(paths: list[Path], scorer: Path) -> dict[str, tuple[float, int]]:
    """Product F1 pooled over every caption of the sets, grouped by the caption's language."""
    spec = importlib.util.spec_from_file_location("score_captions", scorer)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    counts: dict[str, list[int]] = {}  # language -> [true positives, predicted, gold, captions]
    for path in paths:
        out = io.StringIO()
        with path.open(encoding="utf-8") as lines:
            parse_jsonl(lines, out)
        predicted = {
            str(p["id"]): p.get("products") or [] for p in map(json.loads, out.getvalue().splitlines())
        }
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            gold_products, pred = row.get("products") or [], predicted.get(str(row["id"]), [])
            full, _, _ = score.match(gold_products, pred)
            c = counts.setdefault(language_of(row["caption"]), [0, 0, 0, 0])
            c[0], c[1], c[2], c[3] = c[0] + full, c[1] + len(pred), c[2] + len(gold_products), c[3] + 1
    return {code: (score.f1(tp, n_pred, n_gold)[0], n) for code, (tp, n_pred, n_gold, n) in counts.items()}


def main() -> int:
    gold = shared_dir() / "data" / "captions-dev.jsonl"
    scorer = shared_dir() / "bench" / "score_captions.py"
    if not gold.is_file() or not scorer.is_file():
        print(f"missing {gold} or {scorer}: set TIKTOK_COMMERCE_SHARED")
        return 1

    report, f1 = _score(gold, scorer)
    print(report)
    if f1 is None:
        return 1
    independent: dict[str, float | None] = {}
    for path in labelled_sets():
        report, independent[path.stem] = _score(path, scorer)
        print(f"independent set {path.name}:")
        print("\n".join("  " + line for line in report.splitlines()))
    lines = gold.read_text(encoding="utf-8").splitlines()

    captions = [json.loads(line)["caption"] for line in lines if line.strip()]
    repeated = captions * -(-MIN_CAPTIONS // len(captions))
    _throughput(parse_caption, captions)  # warm up: imports, compiled patterns, word caches
    ours_cpu, ours_wall = _throughput(parse_caption, repeated)
    theirs_cpu, theirs_wall = _throughput(Price.fromstring, repeated)
    print(f"throughput over {len(repeated)} captions, one core (CPU time):")
    wall = f"(wall {ours_wall:,.0f}/s)"
    print(f"  caption parser (rules)    {ours_cpu:10,.0f} captions/s   {wall}  aim {AIM_PER_S:,}")
    print(f"  price-parser fromstring   {theirs_cpu:10,.0f} captions/s   (wall {theirs_wall:,.0f}/s)")
    print(f"  ratio rules / price-parser  {ours_cpu / theirs_cpu:.2f}")
    for name, set_f1 in independent.items():
        figure = "not scored" if set_f1 is None else f"{set_f1:.3f}"
        print(f"{name} product_f1={figure} (an unseen set's bar is 0.85; see bench/data/README.md)")
    print("every set together, by the caption's language:")
    for code, (f1_lang, n) in sorted(_by_language([gold, *labelled_sets()], scorer).items()):
        print(f"  language {code:3} captions={n:4} product_f1={f1_lang:.3f}")
    print(f"product_f1={f1:.3f} (bar {MIN_F1})")
    return 0 if f1 >= MIN_F1 else 1


if __name__ == "__main__":
    sys.exit(main())
