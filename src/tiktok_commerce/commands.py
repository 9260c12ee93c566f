"""Core subcommands: up, api, worker, db upgrade, post, demo.

`up` runs the whole system in one process: it migrates the database, then serves the API with the
outbox relay, the results consumer and the three workers in threads. uvicorn turns SIGTERM/SIGINT
into a graceful shutdown: the API stops accepting, every loop finishes its in-flight message and
claims nothing new, and the process exits. A crash (kill -9) loses nothing either: unacked messages
come back after their visibility timeout and every handler and the results consumer are idempotent.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic-settings takes 0.2 s to import: only commands that need it pay
    from tiktok_commerce.settings import Settings


def get_settings() -> Settings:
    from tiktok_commerce.settings import get_settings as settings

    return settings()


log = logging.getLogger(__name__)

LOOPBACK_HOSTS = "127.0.0.1,localhost"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    up = sub.add_parser(
        "up", help="migrate, then run the API, the workers, the results consumer and the relay"
    )
    _serve_arguments(up)
    up.add_argument(
        "--allow-loopback-videos",
        action="store_true",
        help="also fetch videos from this machine and private networks (what `make demo` needs); "
        "same as VIDEO_ALLOW_PRIVATE_NETWORKS=true, 127.0.0.1 and localhost in VIDEO_ALLOWED_HOSTS "
        "and VIDEO_ALLOWED_PORTS=*",
    )
    up.set_defaults(func=cmd_up)

    api = sub.add_parser(
        "api", help="run the API with the results consumer and the outbox relay (no workers)"
    )
    _serve_arguments(api)
    api.set_defaults(func=cmd_api, allow_loopback_videos=False)

    from tiktok_commerce.workers.registry import HANDLER_MODULES

    worker = sub.add_parser("worker", help="run one worker until SIGTERM/SIGINT")
    worker.add_argument("name", choices=sorted(HANDLER_MODULES))
    worker.set_defaults(func=cmd_worker)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="create or upgrade every table to the newest revision").set_defaults(
        func=cmd_db_upgrade
    )

    post = sub.add_parser("post", help="post a video to the running API")
    post.add_argument("url", help="the video's URL")
    post.add_argument("--seller", required=True, help="the seller's handle")
    post.add_argument("--caption", help="the caption (resolved from the URL when left out)")
    post.add_argument("--api", help="the API's base URL (default http://localhost:PORT)")
    post.add_argument(
        "--key",
        default=os.environ.get("SELLER_API_KEY"),
        help="the seller's API key (default SELLER_API_KEY); needed when the API has AUTH_REQUIRED=true",
    )
    post.set_defaults(func=cmd_post)

    demo = sub.add_parser("demo", help="post a sample video to the running API and print the shop it makes")
    demo.add_argument("--api", help="the API's base URL (default http://localhost:PORT)")
    demo.add_argument(
        "--timeout", type=float, default=180.0, help="seconds to wait for the video (default 180)"
    )
    demo.set_defaults(func=cmd_demo)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="interface to listen on (default HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default PORT, 3001)")


# ---- serving --------------------------------------------------------------------------------


def serving_settings(args: argparse.Namespace) -> Settings:
    """The settings with --host/--port applied; blob URLs follow the port unless PUBLIC_BASE_URL is set."""
    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    update: dict[str, object] = {"host": host, "port": port}
    if "PUBLIC_BASE_URL" not in os.environ:
        shown = "localhost" if host in ("0.0.0.0", "127.0.0.1", "::", "") else host
        update["public_base_url"] = f"http://{shown}:{port}"
    if getattr(args, "allow_loopback_videos", False):
        update["video_allow_private_networks"] = True
        update["video_allowed_hosts"] = f"{settings.video_allowed_hosts},{LOOPBACK_HOSTS}"
        update["video_allowed_ports"] = "*"  # the demo serves its video from a port of its own
    return settings.model_copy(update=update)


def _serve(settings: Settings, with_workers: bool) -> int:
    import uvicorn

    from tiktok_commerce.api.app import create_app
    from tiktok_commerce.api.read_model import backfill
    from tiktok_commerce.api.services import build_services
    from tiktok_commerce.db.migrate import upgrade
    from tiktok_commerce.ops.liveness import Loop, WorkerLoop

    upgrade(settings.database_url)
    services = build_services(settings)
    backfill(services.sessions)  # documents of products made before the read model
    loops: dict[str, Loop] = {}
    if with_workers:
        from tiktok_commerce.workers.registry import HANDLER_MODULES
        from tiktok_commerce.workers.runtime import build_worker

        for name in HANDLER_MODULES:
            worker = build_worker(name, settings, bus=services.bus)
            loops[f"worker:{name}"] = WorkerLoop(worker)
    if not settings.auth_required:
        log.warning("AUTH_REQUIRED=false: anyone may post and edit for any seller (fine on one machine)")
    if settings.video_allow_private_networks:
        log.warning(
            "videos may be fetched from private and loopback addresses (VIDEO_ALLOW_PRIVATE_NETWORKS)"
        )
    app = create_app(settings, services=services, background=True, extra_loops=loops)
    log.info("tiktok-commerce on http://%s:%d (API docs at /docs, shops at /)", settings.host, settings.port)
    try:
        # uvicorn's loggers go through ours (LOG_FORMAT); the API logs each request itself, with its id.
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=30,
        )
    finally:
        services.close()
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    return _serve(serving_settings(args), with_workers=True)


def cmd_api(args: argparse.Namespace) -> int:
    return _serve(serving_settings(args), with_workers=False)


def cmd_worker(args: argparse.Namespace) -> int:
    from tiktok_commerce.workers.runtime import build_worker

    settings = get_settings()
    worker = build_worker(args.name, settings)
    if settings.metrics_port:
        from tiktok_commerce.ops.metrics import serve_worker_metrics

        serve_worker_metrics(worker.bus, settings.host, settings.metrics_port)
    worker.run_forever()
    return 0


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    from tiktok_commerce.api.read_model import backfill
    from tiktok_commerce.db.migrate import current, upgrade
    from tiktok_commerce.db.session import make_session_factory
    from tiktok_commerce.sql_engine import make_engine

    settings = get_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        written = backfill(make_session_factory(engine))
    finally:
        engine.dispose()
    print(f"database at revision {current(settings.database_url)}")
    if written:
        print(f"wrote the public documents of {written} products")
    return 0


# ---- clients of the running API ---------------------------------------------------------------


def _api_base(args: argparse.Namespace) -> str:
    return (args.api or f"http://localhost:{get_settings().port}").rstrip("/")


class ApiError(Exception):
    """The API could not be reached or refused the request; the message says what to do."""


def _request(
    method: str, url: str, json: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)  # the command prints what matters itself
    try:
        response = httpx.request(method, url, json=json, headers=headers, timeout=60.0)
    except httpx.HTTPError as exc:
        raise ApiError(
            f"cannot reach the API at {url} ({exc}); start it with `make run` or `tiktok-commerce up`"
        ) from exc
    try:
        body: dict[str, Any] = response.json()
    except ValueError:
        body = {"detail": response.text[:300]}
    if response.status_code >= 400:
        raise ApiError(f"the API answered {response.status_code}: {body.get('detail', body)}")
    return body


def post_video(
    api: str, url: str, seller: str, caption: str | None, key: str | None = None
) -> dict[str, Any]:
    body = {"video_url": url, "seller_handle": seller}
    if caption is not None:
        body["caption"] = caption
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return _request("POST", f"{api}/api/videos", json=body, headers=headers)


def cmd_post(args: argparse.Namespace) -> int:
    try:
        video = post_video(_api_base(args), args.url, args.seller, args.caption, args.key)
    except ApiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(video, indent=2))
    return 0


DEMO_SELLER = "demo-seller"
DEMO_CAPTION = (
    "New drop! Handmade ceramic coffee cup, now $18.99 (was $24.99). "
    "Colors: white, black. Perfect for your morning espresso #coffee #kitchen #handmade"
)
DEMO_PORT = 3002  # a fixed port keeps the demo video's URL stable, so running the demo again reuses it


def cmd_demo(args: argparse.Namespace) -> int:
    api = _api_base(args)
    try:
        _request("GET", f"{api}/health/live")
    except ApiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="tiktok-commerce-demo-") as folder:
        print("making a 4 s sample video (720x1280, H.264) from the coffee cup photo ...")
        video = _make_demo_video(Path(folder))
        with _serve_folder(video.parent) as base_url:
            url = f"{base_url}/{video.name}"
            print(f"serving it at {url}; posting it for @{DEMO_SELLER}")
            try:
                posted = post_video(api, url, DEMO_SELLER, DEMO_CAPTION)
                final = _wait_for(api, posted["id"], args.timeout)
                shop = _request("GET", f"{api}/api/shops/{DEMO_SELLER}")
            except ApiError as exc:
                print(f"error: {exc}", file=sys.stderr)
                if "API key" in str(exc):
                    print(
                        "the API asks for sellers' keys (AUTH_REQUIRED=true): run the demo against "
                        "`make run`, which turns that off on one machine",
                        file=sys.stderr,
                    )
                if "not an allowed video host" in str(exc) or "private or local" in str(exc):
                    print(
                        "the demo serves its video from this machine: start the API with "
                        "`tiktok-commerce up --allow-loopback-videos` (what `make run` does)",
                        file=sys.stderr,
                    )
                return 1
    print()
    if final["status"] != "complete":
        print(f"the video ended {final['status']}: {final.get('error') or 'still processing'}")
        return 1
    print(format_shop(shop, only_video=final["id"]))
    print(f"\nthe shop page: {api}/shops/{DEMO_SELLER}")
    return 0


def _make_demo_video(folder: Path) -> Path:
    from tiktok_commerce.settings import shared_dir
    from tiktok_commerce.synthetic_video import make_product_video

    photo = shared_dir() / "fixtures" / "images" / "coffee.png"
    if not photo.is_file():
        raise SystemExit(f"error: the sample photo is missing at {photo}; set TIKTOK_COMMERCE_SHARED")
    path = folder / "demo-coffee-cup.mp4"
    make_product_video(path, photo, seconds=4.0, size=(720, 1280), fps=25)
    return path


def _serve_folder(folder: Path) -> AbstractContextManager[str]:
    import contextlib
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, directory=str(folder), **kw)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    @contextlib.contextmanager
    def serving() -> Iterator[str]:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", DEMO_PORT), Quiet)
        except OSError:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()

    return serving()


def _wait_for(api: str, video_id: str, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    last = None
    while True:
        video = _request("GET", f"{api}/api/videos/{video_id}")
        if video["status"] != last:
            print(f"  status: {video['status']}")
            last = video["status"]
        if video["status"] in ("complete", "failed") or time.monotonic() > deadline:
            return video
        time.sleep(0.5)


def format_shop(shop: dict[str, Any], only_video: str | None = None) -> str:
    """The shop as text: each product with its price, category, tags and thumbnails."""
    lines = [f"Shop @{shop['seller_handle']}"]
    for product in shop["products"]:
        if only_video and product["video_id"] != only_video:
            continue
        price = (
            f"{product['price']:.2f} {product['currency'] or ''}".strip()
            if product["price"] is not None
            else "?"
        )
        was = f" (was {product['original_price']:.2f})" if product["original_price"] else ""
        lines.append(f"\n  {product['title']}: {price}{was}")
        if product["variants"]:
            lines.append(
                "    variants:   " + "; ".join(f"{k}: {', '.join(v)}" for k, v in product["variants"].items())
            )
        lines.append(f"    category:   {product['category'] or '-'}")
        tags = ", ".join(f"{t['tag']} ({t['confidence']:.2f})" for t in product["tags"])
        lines.append(f"    tags:       {tags or '-'}")
        lines.append(f"    thumbnails: {len(product['thumbnails'])}")
        for thumb in product["thumbnails"]:
            label = f" {thumb['label']}" if thumb["label"] else ""
            lines.append(
                f"      {thumb['width']}x{thumb['height']} at {thumb['time_s']:.1f}s{label}: {thumb['url']}"
            )
    return "\n".join(lines)
