"""Auto tagger bench: accuracy, tag quality, calibration, contract, speed (`python -m bench tags`).

Runs the offline tagger exactly as `tiktok-commerce tags suggest --jsonl` does over the labelled
dev captions (the gold products' titles are the input), then:
- the shared scorer's figures (category_accuracy, tag precision/recall/F1, contract violations);
- the same for the held-out quarter (ids divisible by 4), which the confidence calibration never saw;
- the same for the independent sets in bench/data/ (written by someone who never saw the tagger);
- tag precision by confidence band (>= 0.8 versus 0.6-0.8): confidence must mean something;
- products tagged per second on one core.
Exit status 1 when category accuracy is below 0.90 or the contract is broken.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from bench import labelled_sets, language_of
from tiktok_commerce.settings import Settings, shared_dir
from tiktok_commerce.workers.tagger.cli import suggest_lines

MIN_ACCURACY = 0.90


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_tags", shared / "bench" / "score_tags.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _held_out(record_id: str) -> bool:
    digits = "".join(c for c in str(record_id) if c.isdigit())
    return bool(digits) and int(digits) % 4 == 0


def _figures(gold: list[dict], pred: dict[str, dict], same_tag, taxonomy: set[str]) -> dict[str, float]:
    """Tag and category figures; `taxonomy` is the categories the shared labels use: a product labelled
    with a name outside it (a set written with another list) counts for tags, not for category."""
    n = right = tp = predicted = gold_hit = gold_total = 0
    judged = 0  # products whose gold category is one of the taxonomy's
    bands = {"high": [0, 0], "mid": [0, 0]}
    for g in gold:
        products = pred.get(str(g["id"]), {}).get("products") or []
        for i, gp in enumerate(g.get("products") or []):
            pp = products[i] if i < len(products) else {}
            n += 1
            if gp.get("category") in taxonomy:
                judged += 1
                right += pp.get("category") == gp.get("category")
            for tag in pp.get("tags") or []:
                hit = any(same_tag(tag["tag"], q) for q in gp.get("tags") or [])
                band = bands["high" if tag["confidence"] >= 0.8 else "mid"]
                band[0] += hit
                band[1] += 1
                tp += hit
                predicted += 1
            gold_total += len(gp.get("tags") or [])
            gold_hit += sum(
                any(same_tag(q, t["tag"]) for t in pp.get("tags") or []) for q in gp.get("tags") or []
            )
    precision = tp / predicted if predicted else 0.0
    recall = gold_hit / gold_total if gold_total else 0.0
    return {
        "products": n,
        "category_accuracy": right / judged if judged else float("nan"),
        "tag_precision": precision,
        "tag_recall": recall,
        "tag_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "precision_at_0.8+": bands["high"][0] / bands["high"][1] if bands["high"][1] else 0.0,
        "tags_at_0.8+": bands["high"][1],
        "precision_at_0.6-0.8": bands["mid"][0] / bands["mid"][1] if bands["mid"][1] else 0.0,
        "tags_at_0.6-0.8": bands["mid"][1],
    }


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):  # not allowed here: measure on what we have
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> int:
    shared = shared_dir()
    data = shared / "data" / "captions-dev.jsonl"
    if not data.is_file():
        print(f"no labelled captions at {data}; set TIKTOK_COMMERCE_SHARED")
        return 1
    scorer = _scorer(shared)
    settings = Settings(openrouter_api_key=None, llm_base_url=None)  # the offline tagger
    lines = data.read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line.strip()]
    taxonomy = {p["category"] for g in gold for p in g.get("products") or [] if p.get("category")}

    _one_core()
    list(suggest_lines(lines[:5], settings, use_llm=False))  # warm up: load tables once
    start = time.perf_counter()
    results = list(suggest_lines(lines, settings, use_llm=False))
    elapsed = time.perf_counter() - start
    n_products = sum(len(r.get("products") or []) for r in results)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tags.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), "utf-8")
        official = subprocess.run(
            [sys.executable, str(shared / "bench" / "score_tags.py"), str(data), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
    print("shared scorer on captions-dev.jsonl:")
    print("  " + official.stdout.strip().replace("\n", "\n  "))

    pred = {str(r["id"]): r for r in results if "id" in r}
    violations = sum(
        1
        for r in results
        for p in r.get("products") or []
        if len(p["tags"]) > 10 or any(not 0.6 <= t["confidence"] <= 1.0 for t in p["tags"])
    )
    rows = [
        ("all (200 captions)", _figures(gold, pred, scorer.same_tag, taxonomy)),
        (
            "tuning part (3/4)",
            _figures([g for g in gold if not _held_out(g["id"])], pred, scorer.same_tag, taxonomy),
        ),
        (
            "held-out part (1/4)",
            _figures([g for g in gold if _held_out(g["id"])], pred, scorer.same_tag, taxonomy),
        ),
    ]
    everything, every_pred = list(gold), dict(pred)
    for extra in labelled_sets():
        extra_lines = extra.read_text(encoding="utf-8").splitlines()
        extra_gold = [json.loads(line) for line in extra_lines if line.strip()]
        extra_pred = {
            str(r["id"]): r for r in suggest_lines(extra_lines, settings, use_llm=False) if "id" in r
        }
        rows.append(
            (f"{extra.stem} ({len(extra_gold)})", _figures(extra_gold, extra_pred, scorer.same_tag, taxonomy))
        )
        everything += extra_gold
        every_pred.update(extra_pred)
    # Every set together, by the caption's language (ids are unique across the sets).
    by_language: dict[str, list[dict]] = {}
    for g in everything:
        by_language.setdefault(language_of(g["caption"]), []).append(g)
    for code, captions in sorted(by_language.items()):
        rows.append(
            (f"language {code} ({len(captions)})", _figures(captions, every_pred, scorer.same_tag, taxonomy))
        )
    print()
    print(
        f"{'set':26} {'products':>8} {'cat_acc':>8} {'tag_P':>6} {'tag_R':>6} {'tag_F1':>6} "
        f"{'P@>=0.8':>8} {'(n)':>5} {'P@0.6-0.8':>10} {'(n)':>5}"
    )
    for name, f in rows:
        print(
            f"{name:26} {f['products']:>8} {f['category_accuracy']:>8.3f} {f['tag_precision']:>6.3f} "
            f"{f['tag_recall']:>6.3f} {f['tag_f1']:>6.3f} {f['precision_at_0.8+']:>8.3f} "
            f"{f['tags_at_0.8+']:>5} {f['precision_at_0.6-0.8']:>10.3f} {f['tags_at_0.6-0.8']:>5}"
        )
    overall = rows[0][1]
    print()
    print(f"category_accuracy={overall['category_accuracy']:.3f}")
    print(f"tag_f1={overall['tag_f1']:.3f}")
    print(
        f"tag_precision_at_0.8+={overall['precision_at_0.8+']:.3f} "
        f"tag_precision_at_0.6-0.8={overall['precision_at_0.6-0.8']:.3f}"
    )
    print(f"contract_violations={violations}")
    print(f"products_per_second_one_core={n_products / elapsed:.0f} ({n_products} products)")
    failed = overall["category_accuracy"] < MIN_ACCURACY or violations > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
