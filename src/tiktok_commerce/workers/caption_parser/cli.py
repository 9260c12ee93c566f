"""`tiktok-commerce caption parse`: the caption parser on the command line.

    tiktok-commerce caption parse "linen pants $34.99 #ootd"      one caption -> one JSON object
    tiktok-commerce caption parse --jsonl < in.jsonl > out.jsonl  {"id","caption"} lines -> results

With --jsonl, results come out in input order, one line each; a line that cannot be read gets
{"id", "line", "error"} instead of stopping the run. --llm uses the configured LLM (validated, with
the rules as fallback); without it the offline rules answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from tiktok_commerce.money.display import format_price

if TYPE_CHECKING:
    from tiktok_commerce.workers.caption_parser.rules import ParseResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    caption = sub.add_parser("caption", help="the caption parser")
    caption_sub = caption.add_subparsers(dest="caption_command", required=True, metavar="COMMAND")
    parse = caption_sub.add_parser("parse", help="extract products from captions")
    parse.add_argument("caption", nargs="?", help="a caption (default: read stdin)")
    parse.add_argument("--jsonl", action="store_true", help='read {"id", "caption"} JSON lines on stdin')
    parse.add_argument("--llm", action="store_true", help="use the configured LLM (rules as fallback)")
    parse.set_defaults(func=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    client = None
    if args.llm:
        from tiktok_commerce.llm import LLMClient
        from tiktok_commerce.settings import get_settings

        client = LLMClient.from_settings(get_settings())
        if client is None:
            print("error: --llm needs OPENROUTER_API_KEY or LLM_BASE_URL to be set", file=sys.stderr)
            return 2
    if args.jsonl:
        parse_jsonl(sys.stdin, sys.stdout, client)
        return 0
    caption = args.caption if args.caption is not None else sys.stdin.read()
    print(json.dumps(_parse(caption, client), ensure_ascii=False))
    return 0


# One encoder for every line: json.dumps with an option builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def parse_jsonl(lines: TextIO, out: TextIO, client: Any = None) -> None:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        out.write(_ENCODE(_parse_line(line, n, client)) + "\n")
        if client is not None:
            out.flush()  # slow LLM calls: show progress line by line


def _parse_line(line: str, n: int, client: Any) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        return {"id": None, "line": n, "error": f"not JSON: {exc}"}
    if not isinstance(row, dict):
        return {"id": None, "line": n, "error": "expected a JSON object with id and caption"}
    caption = row.get("caption")
    if caption is not None and not isinstance(caption, str):
        return {"id": row.get("id"), "line": n, "error": "caption must be a string"}
    return {"id": row.get("id"), **_parse(caption or "", client)}


def _parse(caption: str, client: Any) -> dict[str, Any]:
    result = _handler_parse()(caption, client).to_dict()
    for product in result["products"]:
        # Formatted for the currency and the caption's language, as the API shows them ("R$ 49,90")
        for field in ("price", "original_price"):
            product[f"{field}_display"] = format_price(
                product[field], product["currency"], result["language"]
            )
    return result


@cache
def _handler_parse() -> Callable[[str, Any], ParseResult]:
    """The handler's parse, imported on first use (the other commands never load the parser), and
    only once: an import statement run for every caption cost about 7,000 instructions each."""
    from tiktok_commerce.workers.caption_parser.handler import parse

    return parse
