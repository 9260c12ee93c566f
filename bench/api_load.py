"""The API under load, beside the framework's own speed: wrk, 100 connections, both sides in one run.

Two servers run at once on loopback, each a single uvicorn process of this virtualenv: a bare
FastAPI app whose one route answers `{"ok": true}` (the ceiling of FastAPI on this machine), and
`tiktok-commerce api` (relay and results consumer included) on a SQLite database of 1,200 products in
40 shops. wrk then loads them in turn, bare and ours alternating, ROUNDS times per route:

- `GET /api/products?limit=20` and `GET /api/shops/{h}?limit=20` (a shop of 300 products),
  each against the bare route: requests/s ratio (bar 0.5) and p99 against the bare p99 (bar 2x);
- `POST /api/videos` with a caption, a new TikTok video each time (wrk's Lua script numbers them),
  with the seller's API key as production runs it (AUTH_REQUIRED=true): ratio (bar 0.3).

The medians over the rounds are printed, each round's ratio (the spread a shared machine gives), the
server process's CPU time per request on both sides (read from /proc), and what bounds each route.
`python -m bench api_load`; about four minutes. wrk comes
from Debian (`make bench` installs it). Nothing leaves 127.0.0.1; the URL guard resolves no name
(VIDEO_ALLOW_PRIVATE_NETWORKS=true skips the lookup, which in production is one bounded DNS query).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "5"))
CONNECTIONS = 100
PRODUCTS, SHOPS = 1200, 40
SHOP = "bench-shop-0"

bare_app = FastAPI()


@bare_app.get("/ok")
async def ok() -> dict[str, bool]:
    return {"ok": True}


POST_SCRIPT = """
local counter = 0
local prefix = 0
local run = 0
function setup(thread)
  prefix = prefix + 1
  thread:set("prefix", prefix)
end
function init(args)
  run = tonumber(args[1])  -- each wrk run posts videos no run posted before
end
function request()
  counter = counter + 1
  local id = string.format("7%03d%02d%013d", run, prefix, counter)
  local body = '{"video_url": "https://www.tiktok.com/@benchpost/video/' .. id ..
    '", "seller_handle": "benchpost", "caption": "Ceramic mug 350ml $12.99, was $18 #coffeetok"}'
  return wrk.format("POST", "/api/videos", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer KEY"}, body)
end
"""


@dataclass
class Load:
    requests_s: float
    p99_ms: float
    errors: int  # socket errors and non-2xx/3xx answers
    cpu_us: float  # the server process's CPU time (all its threads, user and system) per request


# What bounds each route, and why (the CPU figures printed beside it are measured in the same run).
BOUNDS = {
    "products": "CPU per request on the one event-loop thread: the page is served from memory while the "
    "database is unchanged (one PRAGMA data_version), so what is left is the framework's per-request "
    "work (h11, routing, our middleware: request id, metrics, a JSON log line), not the query",
    "shop": "the same as /api/products: CPU per request on the event loop, the page from memory",
    "post": "CPU per post on the event loop (body validation, URL check, its share of the batch's "
    "transaction: key check, existence check, 3 inserts, one commit per pass of the loop) plus the relay "
    "thread publishing it to the bus; the SQLite write lock is taken once per batch, not per post, and "
    "no thread pool is involved",
}


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (Linux: utime + stime from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_settings() -> str:
    """What uvicorn's defaults ("auto") pick on this machine: the same for both servers."""
    import importlib.util

    import uvicorn

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"both servers: uvicorn {uvicorn.__version__}, one process, loop={loop}, http={http}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {limit_s:.0f} s")


def fill(database_url: str) -> str:
    """1,200 products in 40 shops through the results consumer, and a key for `benchpost`; the key."""
    from tiktok_commerce import events
    from tiktok_commerce.api.keys import create_key
    from tiktok_commerce.api.results import ResultsApplier
    from tiktok_commerce.db import models
    from tiktok_commerce.db.migrate import upgrade
    from tiktok_commerce.db.session import make_engine, make_session_factory

    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    applier = ResultsApplier(sessions)
    try:
        for n in range(PRODUCTS // 2):  # two products per video
            seller = f"bench-shop-{n % SHOPS}"
            url = f"https://www.tiktok.com/@{seller}/video/{7300000000000000000 + n}"
            with sessions() as session, session.begin():
                if session.get(models.Shop, seller) is None:
                    session.add(models.Shop(seller_handle=seller))
                video = models.Video(seller_handle=seller, video_url=url, stages={}, status="parsing")
                session.add(video)
                session.flush()
                video_id = video.id
            products = [
                events.Product(title=f"Ceramic mug {n}", price=12.5 + n, currency="USD", original_price=20.0),
                events.Product(title=f"Bamboo tray {n}", price=8.0, currency="EUR", variants={"size": ["S"]}),
            ]
            parsed = events.Envelope.new(
                video_id, events.CaptionParsed(seller_handle=seller, video_url=url, products=products)
            )
            thumbs = [
                events.Thumbnail(blob_key=f"thumbnails/{video_id}/{i}.jpg", product_index=i % 2, time_s=i)
                for i in range(5)
            ]
            generated = parsed.child(
                events.ThumbnailsGenerated(
                    seller_handle=seller, video_url=url, products=products, thumbnails=thumbs
                )
            )
            tag = events.Tag(tag="mug", confidence=0.9, source="title")
            tagged = generated.child(
                events.ProductsTagged(
                    seller_handle=seller,
                    products=[
                        events.TaggedProduct(index=i, category="Home & Kitchen", tags=[tag]) for i in (0, 1)
                    ],
                )
            )
            for event in (parsed, generated, tagged):
                applier.apply(event)
        key, _ = create_key(sessions, "benchpost")
        return key
    finally:
        engine.dispose()


_runs = itertools.count(1)


def wrk(url: str, pid: int, script: Path | None = None) -> Load:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    arguments = []
    if script is not None:
        command += ["-s", str(script)]
        arguments = ["--", str(next(_runs))]  # the post script's run number
    cpu_before = cpu_seconds(pid)
    done = subprocess.run([*command, url, *arguments], capture_output=True, text=True)
    cpu = cpu_seconds(pid) - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"wrk failed on {url}: {done.stdout[-500:]} {done.stderr[-500:]}")
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99_ms = float(p99) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return Load(rate, p99_ms, errors + (int(bad.group(1)) if bad else 0), cpu * 1e6 / max(requests, 1))


def drained(api_url: str, limit_s: float = 120.0) -> None:
    """Wait until the relay has published every posted video, so no run pays for an earlier one."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if httpx.get(f"{api_url}/health", timeout=10.0).json().get("outbox_pending") == 0:
            return
        time.sleep(0.5)


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: `apt-get install wrk` (make bench does)")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="bench-api-"))
    database_url = f"sqlite:///{folder / 'bench.db'}"
    started = time.monotonic()
    key = fill(database_url)
    print(f"database: {PRODUCTS} products in {SHOPS} shops ({time.monotonic() - started:.0f} s to fill)")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BLOB_DIR": str(folder / "blobs"),
        "AUTH_REQUIRED": "true",
        "VIDEO_ALLOW_PRIVATE_NETWORKS": "true",  # no DNS lookup of tiktok.com from a bench
    }
    bare_port, api_port = free_port(), free_port()
    bare = start(
        [sys.executable, "-m", "uvicorn", "bench.api_load:bare_app", "--port", str(bare_port),
         "--log-level", "info"],  # access log on, as `tiktok-commerce api` runs
        env,
        folder / "bare.log",
    )  # fmt: skip
    api = start(
        [sys.executable, "-m", "tiktok_commerce.cli", "api", "--port", str(api_port)],
        {**env, "PYTHONUNBUFFERED": "1"},
        folder / "api.log",
    )
    try:
        bare_url, api_url = f"http://127.0.0.1:{bare_port}", f"http://127.0.0.1:{api_port}"
        wait_ready(f"{bare_url}/ok", bare)
        wait_ready(f"{api_url}/health/live", api)
        script = folder / "post.lua"
        script.write_text(POST_SCRIPT.replace("KEY", key))
        targets = {
            "GET /api/products?limit=20": (f"{api_url}/api/products?limit=20", None, 0.5, "products"),
            f"GET /api/shops/{SHOP}?limit=20": (f"{api_url}/api/shops/{SHOP}?limit=20", None, 0.5, "shop"),
            "POST /api/videos": (f"{api_url}/api/videos", script, 0.3, "post"),
        }
        for url, _, _, _ in targets.values():  # warm both up (imports, caches, connection pools)
            if not url.endswith("/videos"):
                wrk(url, api.pid)
        wrk(f"{bare_url}/ok", bare.pid)
        print(server_settings())
        print(f"wrk -t1 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} rounds, bare and ours alternating; medians\n")
        print(f"{'route':38} {'req/s':>8} {'bare':>8} {'ratio':>6} {'p99 ms':>8} {'bare':>7} {'x':>5}  bars")
        for name, (url, script_path, bar, bound) in targets.items():
            ours, bases = [], []
            for _ in range(ROUNDS):
                drained(api_url)
                bases.append(wrk(f"{bare_url}/ok", bare.pid))
                drained(api_url)
                ours.append(wrk(url, api.pid, script_path))
            rate = statistics.median(o.requests_s for o in ours)
            base_rate = statistics.median(b.requests_s for b in bases)
            p99 = statistics.median(o.p99_ms for o in ours)
            base_p99 = statistics.median(b.p99_ms for b in bases)
            ratio, slower = rate / base_rate, p99 / base_p99
            errors = sum(o.errors for o in ours)
            reads = name.startswith("GET")
            ok_ = ratio >= bar and (slower <= 2.0 or not reads) and errors == 0
            p99_bar = ", p99 <= 2x" if reads else ""
            figures = f"{rate:8.0f} {base_rate:8.0f} {ratio:6.2f} {p99:8.1f} {base_p99:7.1f} {slower:5.2f}"
            print(
                f"{name:38} {figures}  >= {bar}x{p99_bar} {'ok' if ok_ else 'MISSED'}"
                + (f" ({errors} errors)" if errors else "")
            )
            # Each round's ratio, both sides measured back to back: the spread a noisy machine gives.
            rounds = sorted(o.requests_s / b.requests_s for o, b in zip(ours, bases, strict=True))
            p99s = sorted(o.p99_ms / b.p99_ms for o, b in zip(ours, bases, strict=True))
            cpu = statistics.median(o.cpu_us for o in ours)
            base_cpu = statistics.median(b.cpu_us for b in bases)
            print(
                f"    rounds: ratio {rounds[0]:.2f}-{rounds[-1]:.2f}, p99 x {p99s[0]:.2f}-{p99s[-1]:.2f}; "
                f"server CPU per request {cpu:.0f} µs, bare {base_cpu:.0f} µs (ratio {base_cpu / cpu:.2f})"
            )
            print(f"    bound: {BOUNDS[bound]}")
        return 0  # figures, not a gate: printed for the README
    finally:
        for process in (bare, api):
            process.terminate()
            process.wait(30)
        if os.environ.get("BENCH_KEEP"):
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
