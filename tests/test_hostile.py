"""Hostile input, one test per attack: internal addresses in every spelling, redirects, DNS rebinding,
slow drips, endless bodies, lying lengths, and the caption lookup as an SSRF path.

Everything runs against the hostile loopback server; no test asks the system resolver for a public
name (the resolver is injected, or `urlguard.resolve` is replaced for the test).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from api_support import make_services, settings_for
from fastapi.testclient import TestClient
from hostile_server import MP4_HEAD, SECRET, Hostile, hostile_server
from thumbnails_support import loopback_settings

from tiktok_commerce import urlguard
from tiktok_commerce.api.app import create_app
from tiktok_commerce.api.services import Services
from tiktok_commerce.guarded_http import Fetcher, FetchFailed, FetchRefused, Limits
from tiktok_commerce.settings import Settings
from tiktok_commerce.urlguard import FetchPolicy, UnsafeURL, check_url
from tiktok_commerce.workers.caption_parser.caption_source import CaptionSource, FoundCaption
from tiktok_commerce.workers.runtime import build_worker
from tiktok_commerce.workers.thumbnails.fetch import fetched_video

INTERNAL_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "0x7f.1",
    "2130706433",
    "017700000001",
    "0.0.0.0",
    "10.0.0.1",
    "169.254.169.254",
    "100.64.0.1",  # carrier-grade NAT
    "[::1]",
    "[::]",
    "[::127.0.0.1]",  # IPv4-compatible
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::ffff:0:7f00:1]",  # IPv4-translated
    "[64:ff9b::127.0.0.1]",  # NAT64
    "[64:ff9b::a9fe:a9fe]",  # NAT64 of the metadata address
    "[64:ff9b:1::1]",  # local-use NAT64
    "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
    "[2002:a9fe:a9fe::1]",  # 6to4 of 169.254.169.254
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
    "[fec0::1]",  # site-local
    "[fc00::1]",  # unique-local
    "[fe80::1]",  # link-local
    "[ff02::1]",  # multicast
    "224.0.0.1",
    "240.0.0.1",  # reserved
    "255.255.255.255",
]


@pytest.mark.parametrize("host", INTERNAL_SPELLINGS)
def test_every_spelling_of_an_internal_address_is_refused(host: str) -> None:
    def resolver(name: str, port: int) -> list[str]:
        raise AssertionError(f"{name} is a literal address: nothing to resolve")

    policy = FetchPolicy(allowed_hosts=("*",), allowed_ports=None, resolver=resolver)
    with pytest.raises(UnsafeURL, match="private or local address"):
        check_url(f"http://{host}/v.mp4", policy)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "2002:5db8:d822::1"]
)
def test_public_addresses_pass(address: str) -> None:
    policy = FetchPolicy(allowed_hosts=("cdn.example",), resolver=lambda name, port: [address])
    assert check_url("https://cdn.example/v.mp4", policy).addresses == (address,)


def test_a_name_resolving_to_any_internal_address_is_refused() -> None:
    policy = FetchPolicy(("cdn.example",), resolver=lambda name, port: ["93.184.216.34", "::ffff:10.0.0.1"])
    with pytest.raises(UnsafeURL, match="10.0.0.1"):
        check_url("https://cdn.example/v.mp4", policy)


def test_only_ports_80_and_443_unless_configured() -> None:
    policy = FetchPolicy(("cdn.example",), resolver=lambda name, port: ["93.184.216.34"])
    with pytest.raises(UnsafeURL, match="port 8080 is not an allowed port"):
        check_url("https://cdn.example:8080/v.mp4", policy)
    assert check_url("https://cdn.example:443/v.mp4", policy).port == 443
    assert check_url("http://cdn.example/v.mp4", policy).port == 80


# ---- fetches against the hostile server ---------------------------------------------------------


def fetch(url: str, tmp_path: Path, **overrides: object) -> bytes:
    settings = loopback_settings(tmp_path, **overrides)
    with fetched_video(url, settings) as path:
        return path.read_bytes()


def test_a_redirect_to_an_internal_name_is_refused_before_it_is_asked(tmp_path: Path) -> None:
    with hostile_server() as server:
        secret = f"http://localhost:{server.port}/secret"
        with pytest.raises(FetchRefused, match="'localhost' is not an allowed video host"):
            fetch(server.url(f"/to?url={secret}"), tmp_path, video_allowed_hosts="127.0.0.1")
        assert not any(p.startswith("/secret") for p in server.requests)


@pytest.mark.parametrize(
    "target", ["[::ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::127.0.0.1]", "[2002:7f00:1::]"]
)
def test_a_redirect_to_an_ipv6_form_of_loopback_is_refused(tmp_path: Path, target: str) -> None:
    """A public host (answered by a mock transport: nothing leaves the machine) redirects to loopback."""
    import httpx

    asked: list[str] = []

    def public_host(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": f"http://{target}/secret"})

    settings = loopback_settings(tmp_path, video_allowed_hosts="*", video_allow_private_networks=False)
    with (
        pytest.raises(FetchRefused, match="private or local address"),
        fetched_video(
            "https://cdn.example/v.mp4",
            settings,
            resolver=lambda name, port: ["93.184.216.34"],
            transport=httpx.MockTransport(public_host),
        ),
    ):
        pass
    assert asked == ["https://cdn.example/v.mp4"]


def test_a_redirect_to_another_port_of_an_allowed_host_is_refused(tmp_path: Path) -> None:
    with hostile_server() as server:
        other = f"http://127.0.0.1:{server.port + 1 if server.port < 65535 else 1}/secret"
        with pytest.raises(FetchRefused, match="is not an allowed port"):
            fetch(server.url(f"/to?url={other}"), tmp_path, video_allowed_ports=str(server.port))
        assert fetch(server.url("/chain?n=3"), tmp_path, video_allowed_ports=str(server.port)).startswith(
            MP4_HEAD
        )


def test_a_long_redirect_chain_is_cut(tmp_path: Path) -> None:
    with hostile_server() as server:
        with pytest.raises(FetchRefused, match="redirects more than 5 times"):
            fetch(server.url("/chain?n=12"), tmp_path)
        assert len(server.requests) == 6


def test_the_address_checked_is_the_address_connected_to(tmp_path: Path) -> None:
    """DNS rebinding: a name that answers 127.0.0.1 to the check and 127.0.0.2 afterwards."""
    with hostile_server() as server:
        answers = iter([["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]])
        asked: list[str] = []

        def rebinding(name: str, port: int) -> list[str]:
            asked.append(name)
            return next(answers)

        policy = FetchPolicy(("rebind.example",), allow_private=True, allowed_ports=None, resolver=rebinding)
        with (
            Fetcher(policy, Limits(5, 2, 2)) as fetcher,
            fetcher.stream(f"http://rebind.example:{server.port}/video") as response,
        ):
            body = fetcher.read_capped(response, 10_000)
        assert body.startswith(MP4_HEAD)
        assert asked == ["rebind.example"]  # resolved once; the server on 127.0.0.1 answered


@pytest.mark.parametrize("route", ["/drip?every=0.2", "/drip-headers?every=0.2", "/silent"])
def test_the_deadline_holds_against_a_slow_server(tmp_path: Path, route: str) -> None:
    with hostile_server() as server:
        started = time.monotonic()
        with pytest.raises(FetchFailed, match="deadline"):
            fetch(server.url(route), tmp_path, fetch_deadline_s=1.5, fetch_read_timeout_s=30.0)
        # The server would go on for a minute; the fetch gave up at its deadline.
        assert time.monotonic() - started < 30


def test_an_endless_video_stops_at_the_cap(tmp_path: Path) -> None:
    with hostile_server() as server, pytest.raises(FetchRefused, match="larger than"):
        fetch(server.url("/endless"), tmp_path, video_max_bytes=512 * 1024)


def test_lying_content_lengths(tmp_path: Path) -> None:
    with hostile_server() as server:
        with pytest.raises(FetchRefused, match="over the"):
            fetch(server.url("/lying-length?says=999999999999&sends=100"), tmp_path)
        with pytest.raises(FetchFailed, match="cut off"):
            fetch(server.url("/lying-length?says=100000&sends=1000"), tmp_path)


# ---- the caption lookup: in the caption parser's stage, through the same guard ---------------------


@pytest.fixture
def tiktok_is_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """www.tiktok.com answers from this machine; any other name but localhost is an error."""

    def resolver(name: str, port: int) -> list[str]:
        assert name in ("www.tiktok.com", "localhost"), name
        return ["127.0.0.1"]

    monkeypatch.setattr(urlguard, "resolve", resolver)


def caption_settings(tmp_path: Path, server: Hostile, **overrides: object) -> Settings:
    """Video pages on www.tiktok.com (this machine), an oEmbed endpoint that knows no video."""
    values: dict[str, object] = {
        "video_allowed_hosts": "www.tiktok.com",
        "oembed_url": server.url("/oembed"),
        "oembed_attempts": 1,
    }
    return loopback_settings(tmp_path, **{**values, **overrides})


def run_caption_stage(services: Services) -> None:
    services.relay.relay_once()
    build_worker("caption-parser", services.settings, bus=services.bus).run_until_idle()
    services.results.run_until_idle()


def test_the_caption_lookup_does_not_follow_a_redirect_to_an_internal_page(
    tmp_path: Path, tiktok_is_loopback
) -> None:
    with hostile_server() as server:
        settings = loopback_settings(
            tmp_path,
            video_allowed_hosts="www.tiktok.com",
            oembed_url=server.url("/oembed"),
            oembed_attempts=1,
        )
        secret = f"http://localhost:{server.port}/secret"
        page = f"http://www.tiktok.com:{server.port}/to?url={secret}"
        assert CaptionSource(settings).resolve(page) == FoundCaption(None, "none")
        assert not any(p.startswith("/secret") for p in server.requests)


def test_an_endless_page_is_read_no_further_than_the_cap(tmp_path: Path, tiktok_is_loopback) -> None:
    with hostile_server() as server:
        settings = caption_settings(tmp_path, server, fetch_page_max_bytes=256 * 1024)
        page = f"http://www.tiktok.com:{server.port}/endless?html=1"
        assert CaptionSource(settings).resolve(page) == FoundCaption(None, "none")


def test_a_page_that_drips_is_a_retryable_failure(tmp_path: Path, tiktok_is_loopback) -> None:
    from tiktok_commerce.workers.caption_parser.caption_source import CaptionLookupFailed

    with hostile_server() as server:
        settings = caption_settings(tmp_path, server, fetch_deadline_s=1.0)
        with pytest.raises(CaptionLookupFailed, match="deadline"):
            CaptionSource(settings).resolve(f"http://www.tiktok.com:{server.port}/drip-headers")


def test_posting_without_a_caption_answers_at_once_and_the_secret_never_leaks(
    database_url: str, tmp_path: Path, tiktok_is_loopback
) -> None:
    """Through the API and the workers: the lookup runs in the parser's stage, through the guard."""
    with hostile_server() as server:
        settings = settings_for(
            database_url,
            tmp_path,
            video_allowed_hosts="www.tiktok.com",
            oembed_url=server.url("/oembed"),
        )
        services = make_services(settings)
        try:
            with TestClient(create_app(settings, services=services)) as client:
                secret = f"http://localhost:{server.port}/secret"
                response = client.post(
                    "/api/videos",
                    json={
                        "video_url": f"http://www.tiktok.com:{server.port}/to?url={secret}",
                        "seller_handle": "evil",
                    },
                )
                assert response.status_code == 202, response.text
                assert response.json()["caption_source"] == "pending"
                assert server.requests == []  # the API itself fetched nothing

                run_caption_stage(services)
                video = client.get(response.headers["Location"]).json()
                assert video["caption_source"] == "none" and video["caption"] is None
                assert SECRET not in str(video)
                assert not any(p.startswith("/secret") for p in server.requests)
        finally:
            services.close()


def test_a_looked_up_caption_reaches_the_video(database_url: str, tmp_path: Path) -> None:
    with hostile_server() as server:
        settings = settings_for(database_url, tmp_path, oembed_url=server.url("/oembed-known"))
        services = make_services(settings)
        try:
            with TestClient(create_app(settings, services=services)) as client:
                response = client.post(
                    "/api/videos", json={"video_url": server.url("/video"), "seller_handle": "shirts"}
                )
                run_caption_stage(services)
                video = client.get(response.headers["Location"]).json()
                assert video["caption"] == "Linen shirt $35 #fashion" and video["caption_source"] == "oembed"
                assert [p["price"] for p in video["products"]] == [35.0]
        finally:
            services.close()
