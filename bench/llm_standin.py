"""The LLM path with a stand-in model that is always right: how much of a perfect answer survives
the validator, per labelled set.

A loopback OpenAI-compatible server answers each caption with exactly its labelled products; the
caption parser's LLM path (client, schema, validation) runs on every caption and the shared scorer
scores what comes out. A validator that throws away right answers shows here (issue bar: >= 0.98
on every set). Invented prices and injected instructions are the LLM tests' business.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench import labelled_sets
from bench.captions import score_predictions
from tiktok_commerce.llm import LLMClient
from tiktok_commerce.settings import shared_dir
from tiktok_commerce.workers.caption_parser.handler import parse

BAR = 0.98


def _answer(gold: dict) -> dict:
    return {
        "products": [
            {
                "title": p["title"],
                "price": p["price"],
                "currency": p["currency"],
                "original_price": p.get("original_price"),
                "variants": {"size": [], "color": []},
            }
            for p in gold["products"]
        ]
    }


@contextmanager
def standin(golds: dict[str, dict]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            caption = json.loads(body["messages"][-1]["content"])["caption"]
            content = json.dumps(_answer(golds[caption]))
            data = json.dumps(
                {
                    "choices": [{"message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def run_set(path: Path) -> float:
    golds = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_caption = {g["caption"]: g for g in golds}
    with standin(by_caption) as url:
        client = LLMClient(url, "bench", "standin", timeout_s=10, max_retries=0)
        predictions = [{"id": g["id"], "products": parse(g["caption"], client).products} for g in golds]
    return score_predictions(path, predictions)


def main() -> int:
    sets = [shared_dir() / "data" / "captions-dev.jsonl", *labelled_sets()]
    below = 0
    for path in sets:
        f1 = run_set(path)
        below += f1 < BAR
        print(
            f"  {path.stem:<22} product_f1 with a perfect stand-in model: {f1:.3f}  (bar {BAR})", flush=True
        )
    print(f"sets below the bar: {below}")
    return 0
