"""`tiktok-commerce tags suggest`: the auto tagger on the command line.

    tiktok-commerce tags suggest --jsonl [FILE] [--llm]      one JSON object a line, in and out
    tiktok-commerce tags suggest "Lash Growth Serum" --caption "..."

A JSON line in: {"id", "caption", "products": [{"title", ...}], "hashtags"?, "language"?}
A JSON line out, in the same order: {"id", "products": [{"title", "category", "tags": [...]}]},
or {"id", "error"} for a line that could not be read, so one bad line never stops a batch.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

log = logging.getLogger("tiktok_commerce.tagger")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tags = sub.add_parser("tags", help="the auto tagger: categories and search tags")
    tags_sub = tags.add_subparsers(dest="tags_command", required=True, metavar="SUBCOMMAND")
    suggest = tags_sub.add_parser(
        "suggest",
        help="suggest a category and tags for products",
        description="Suggest a category and search tags (with confidences) for products.",
    )
    suggest.add_argument("title", nargs="?", help="a product title (without --jsonl)")
    suggest.add_argument("--caption", default="", help="the caption around the title")
    suggest.add_argument(
        "--jsonl",
        nargs="?",
        const="-",
        metavar="FILE",
        help="read captions as JSON lines from FILE (default: standard input)",
    )
    suggest.add_argument(
        "--llm", action="store_true", help="use the configured LLM (falls back to the rules)"
    )
    suggest.set_defaults(func=run_suggest)


def run_suggest(args: argparse.Namespace) -> int:
    from tiktok_commerce.workers.base import PermanentError

    try:
        return _suggest(args)
    except PermanentError as exc:  # a missing or malformed TAXONOMY_FILE
        print(f"cannot tag: {exc}", file=sys.stderr)
        return 2


def _suggest(args: argparse.Namespace) -> int:
    from tiktok_commerce.settings import get_settings

    settings = get_settings()
    if args.llm and not settings.llm_enabled:
        print("--llm needs OPENROUTER_API_KEY or LLM_BASE_URL; using the offline rules", file=sys.stderr)
    use_llm = bool(args.llm and settings.llm_enabled)
    if args.jsonl is not None:
        if args.jsonl == "-":
            lines: Iterable[str] = sys.stdin
            return _write(suggest_lines(lines, settings, use_llm), sys.stdout)
        try:
            with open(args.jsonl, encoding="utf-8") as fh:
                return _write(suggest_lines(fh, settings, use_llm), sys.stdout)
        except OSError as exc:
            print(f"cannot read {args.jsonl}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if not args.title:
        print("give a product title, or --jsonl to read captions as JSON lines", file=sys.stderr)
        return 2
    record = {"id": "1", "caption": args.caption, "products": [{"title": args.title}]}
    result = suggest_record(record, settings, use_llm)
    for product in result["products"]:
        print(f"{product['title']}: {product['category'] or '(no category)'}")
        for tag in product["tags"]:
            print(f"  {tag['confidence']:.2f}  {tag['tag']}  ({tag['source']})")
    return 0


def _write(results: Iterator[dict[str, Any]], out: TextIO) -> int:
    for result in results:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def suggest_lines(lines: Iterable[str], settings: Any, use_llm: bool) -> Iterator[dict[str, Any]]:
    """One answer per non-blank input line, in order; a bad line gets an error object."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"id": None, "line": number, "error": f"line {number} is not JSON: {exc.msg}"}
            continue
        problem = _problem(record)
        if problem:
            rid = record.get("id") if isinstance(record, dict) else None
            yield {"id": rid, "line": number, "error": f"line {number}: {problem}"}
            continue
        yield suggest_record(record, settings, use_llm)


def _problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return "expected a JSON object"
    products = record.get("products", [])
    if not isinstance(products, list):
        return '"products" must be a list'
    for i, product in enumerate(products):
        if not isinstance(product, dict) or not isinstance(product.get("title"), str):
            return f'product {i} needs a "title" string'
    if not isinstance(record.get("caption") or "", str):
        return '"caption" must be a string'
    return None


def suggest_record(record: dict[str, Any], settings: Any, use_llm: bool) -> dict[str, Any]:
    from tiktok_commerce.workers.tagger.handler import tag_products
    from tiktok_commerce.workers.tagger.rules import Listing

    titles = [p["title"] for p in record.get("products", [])]
    hashtags = record.get("hashtags")
    listings = [
        Listing(
            title=title,
            caption=record.get("caption") or "",
            hashtags=[str(h) for h in hashtags] if isinstance(hashtags, list) else [],
            language=record.get("language") if isinstance(record.get("language"), str) else None,
            other_titles=titles[:i] + titles[i + 1 :],
        )
        for i, title in enumerate(titles)
    ]
    products, tagger, warnings = tag_products(listings, settings, log, use_llm=use_llm)
    out: dict[str, Any] = {
        "id": record.get("id"),
        "products": [
            {
                "title": title,
                "category": product.category,
                "tags": [t.model_dump() for t in product.tags],
            }
            for title, product in zip(titles, products, strict=True)
        ],
        "tagger": tagger,
    }
    if warnings:
        out["warnings"] = warnings
    return out
