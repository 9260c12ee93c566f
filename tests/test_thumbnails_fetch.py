"""The video fetch guard: every refusal, the size cap while streaming, sniffing, temp-file cleanup."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from thumbnails_support import body, loopback_server, loopback_settings, redirect

from tiktok_commerce.workers.thumbnails.fetch import (
    FetchFailed,
    FetchRefused,
    fetched_video,
    looks_like_video,
)

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
FAKE_VIDEO = MP4_HEAD + b"\x00" * 4000  # sniffs as MP4; these tests never decode it


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary video files go to a folder of this test, so leftovers can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()]


def fetch_bytes(url: str, settings) -> bytes:
    with fetched_video(url, settings) as path:
        return path.read_bytes()


# ---- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/video.mp4", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pw@127.0.0.1/v.mp4", "credentials"),
        ("http://evil.example/v.mp4", "not an allowed video host"),
        ("", "empty"),
    ],
)
def test_refuses_urls_it_must_not_fetch(tmp_path, private_tmp, url, reason):
    with pytest.raises(FetchRefused, match=reason):
        fetch_bytes(url, loopback_settings(tmp_path))
    assert leftovers(private_tmp) == []


def test_refuses_a_private_address_unless_configured(tmp_path, private_tmp):
    with loopback_server({"/v.mp4": body(FAKE_VIDEO)}) as server:
        closed = loopback_settings(tmp_path, video_allow_private_networks=False)
        with pytest.raises(FetchRefused, match="private or local address"):
            fetch_bytes(server.url("/v.mp4"), closed)
        assert server.requests == []  # refused before any request was sent
        assert fetch_bytes(server.url("/v.mp4"), loopback_settings(tmp_path)) == FAKE_VIDEO
    assert leftovers(private_tmp) == []


def test_every_redirect_is_checked_again(tmp_path):
    with loopback_server() as server:
        server.routes["/hop"] = redirect("http://evil.example/v.mp4")
        server.routes["/ok"] = redirect("/v.mp4")
        server.routes["/v.mp4"] = body(FAKE_VIDEO)
        settings = loopback_settings(tmp_path)
        with pytest.raises(FetchRefused, match="not an allowed video host"):
            fetch_bytes(server.url("/hop"), settings)
        assert [p for p, _ in server.requests] == ["/hop"]  # evil.example was never asked
        assert fetch_bytes(server.url("/ok"), settings) == FAKE_VIDEO


def test_a_redirect_to_a_private_address_is_refused(tmp_path):
    """A public CDN host that redirects to the cloud metadata address: the second hop is refused."""
    import httpx

    def resolver(host: str, port: int) -> list[str]:
        assert host.endswith("tiktokcdn.com")  # a test never asks the system resolver
        return ["93.184.216.34"]

    asked: list[str] = []

    def cdn(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    settings = loopback_settings(
        tmp_path, video_allow_private_networks=False, video_allowed_hosts="*.tiktokcdn.com,169.254.169.254"
    )
    with (
        pytest.raises(FetchRefused, match="private or local address"),
        fetched_video(
            "https://v16.tiktokcdn.com/v.mp4", settings, resolver=resolver, transport=httpx.MockTransport(cdn)
        ),
    ):
        pass
    assert asked == ["https://v16.tiktokcdn.com/v.mp4"]


def test_a_redirect_loop_is_refused(tmp_path):
    with loopback_server() as server:
        server.routes["/a"] = redirect("/b")
        server.routes["/b"] = redirect("/a")
        with pytest.raises(FetchRefused, match="redirects more than"):
            fetch_bytes(server.url("/a"), loopback_settings(tmp_path))


# ---- the size cap while streaming ----------------------------------------------------------------


def test_the_cap_stops_the_download_while_streaming(tmp_path, private_tmp):
    sent = {"bytes": 0}
    chunk = MP4_HEAD + b"\x00" * (64 * 1024 - len(MP4_HEAD))

    def endless(handler):
        # No Content-Length: the only way to stop is to count while reading.
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        handler.end_headers()
        for _ in range(1024):  # 64 MB if nobody stops reading
            handler.wfile.write(chunk)
            sent["bytes"] += len(chunk)

    cap = 256 * 1024
    with (
        loopback_server({"/big.mp4": endless}) as server,
        pytest.raises(FetchRefused, match="larger than the 0.25 MB limit"),
    ):
        fetch_bytes(server.url("/big.mp4"), loopback_settings(tmp_path, video_max_bytes=cap))
    # The client hung up near the cap; only socket buffers' worth more was sent, not 64 MB.
    assert sent["bytes"] < 16 * 1024 * 1024
    assert leftovers(private_tmp) == []


def test_a_declared_size_over_the_cap_is_refused_before_reading(tmp_path):
    with (
        loopback_server({"/big.mp4": body(FAKE_VIDEO * 100)}) as server,
        pytest.raises(FetchRefused, match="over the .* limit"),
    ):
        fetch_bytes(server.url("/big.mp4"), loopback_settings(tmp_path, video_max_bytes=10_000))


def test_the_50_mb_default_cap():
    assert loopback_settings(Path("/tmp")).video_max_bytes == 200 * 1024 * 1024


# ---- content, status, cleanup ----------------------------------------------------------------------


def test_content_decides_not_the_name_or_header(tmp_path, private_tmp):
    page = b"<!DOCTYPE html><html><head><title>Log in</title></head>" + b" " * 1000
    with loopback_server() as server:
        server.routes["/clip.mp4"] = body(page, "video/mp4")
        server.routes["/clip.txt"] = body(FAKE_VIDEO, "text/plain")
        with pytest.raises(FetchRefused, match=r"not a video \(an HTML page\)"):
            fetch_bytes(server.url("/clip.mp4"), loopback_settings(tmp_path))
        assert fetch_bytes(server.url("/clip.txt"), loopback_settings(tmp_path)) == FAKE_VIDEO
    assert leftovers(private_tmp) == []


def test_a_tiny_non_video_is_refused(tmp_path):
    with loopback_server({"/v": body(b"hello")}) as server, pytest.raises(FetchRefused, match="not a video"):
        fetch_bytes(server.url("/v"), loopback_settings(tmp_path))


def test_http_errors_are_permanent_or_retryable(tmp_path):
    with (
        loopback_server({"/busy": body(b"busy", "text/plain", status=503)}) as server,
        pytest.raises(FetchRefused, match="HTTP 404"),
    ):
        fetch_bytes(server.url("/gone"), loopback_settings(tmp_path))
        with pytest.raises(FetchFailed, match="HTTP 503"):
            fetch_bytes(server.url("/busy"), loopback_settings(tmp_path))


def test_a_silent_server_times_out_as_retryable(tmp_path):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection but never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v.mp4"
        settings = loopback_settings(tmp_path, fetch_read_timeout_s=0.3, fetch_connect_timeout_s=0.3)
        with pytest.raises(FetchFailed, match="did not answer in time"):
            fetch_bytes(url, settings)
    finally:
        listener.close()


def test_the_temporary_file_is_removed_after_use(tmp_path, private_tmp):
    with loopback_server({"/v.mp4": body(FAKE_VIDEO)}) as server:
        with fetched_video(server.url("/v.mp4"), loopback_settings(tmp_path)) as path:
            assert path.parent == private_tmp and path.is_file()
        assert not path.exists()
        with pytest.raises(RuntimeError), fetched_video(server.url("/v.mp4"), loopback_settings(tmp_path)):
            raise RuntimeError("the pipeline failed")
    assert leftovers(private_tmp) == []


def test_local_files_only_when_allowed(tmp_path):
    video = tmp_path / "v.mp4"
    video.write_bytes(FAKE_VIDEO)
    settings = loopback_settings(tmp_path)
    with fetched_video(str(video), settings, allow_local=True) as path:
        assert path == video
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch_bytes(str(video), settings)


def test_sniffing_knows_the_usual_containers():
    assert looks_like_video(MP4_HEAD)
    assert looks_like_video(b"\x1a\x45\xdf\xa3" + b"\x00" * 20)  # WebM
    assert looks_like_video(b"RIFF\x00\x00\x00\x00AVI LIST")
    assert not looks_like_video(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert not looks_like_video(b"<html>" + b" " * 600)


# ---- TikTok pages through yt-dlp -----------------------------------------------------------------


def tiktok_resolver(host: str, port: int) -> list[str]:
    """www.tiktok.com is this machine in these tests: no name is ever asked of the system resolver."""
    assert host in ("www.tiktok.com", "localhost"), host
    return ["127.0.0.1"]


def test_tiktok_pages_go_through_yt_dlp_with_its_cookies_and_headers(tmp_path, monkeypatch):
    """yt-dlp's own page request goes through the guarded handler; its cookie goes with the media."""
    from tiktok_commerce.ytdlp_guard import GuardedYoutubeDL

    page_route = body(b"<html>page</html>", "text/html", extra={"Set-Cookie": "tt_chain_token=abc; Path=/"})
    with loopback_server({"/page": page_route, "/media.mp4": body(FAKE_VIDEO)}) as server:
        seen: dict = {}

        def extract_info(self, url, download):
            seen["page"] = url
            assert download is False  # yt-dlp only reads the page; our guard downloads
            assert self.urlopen(server.url("/page")).read() == b"<html>page</html>"
            return {"url": server.url("/media.mp4"), "http_headers": {"Referer": "https://www.tiktok.com/"}}

        monkeypatch.setattr(GuardedYoutubeDL, "extract_info", extract_info)
        settings = loopback_settings(tmp_path, video_allowed_hosts="www.tiktok.com,127.0.0.1")
        page = "https://www.tiktok.com/@shop/video/7300000000000000000"
        with fetched_video(page, settings, resolver=tiktok_resolver) as path:
            assert path.read_bytes() == FAKE_VIDEO
    assert seen["page"] == page
    assert [p for p, _ in server.requests] == ["/page", "/media.mp4"]
    headers = server.requests[1][1]
    assert headers.get("Referer") == "https://www.tiktok.com/"
    assert "tt_chain_token=abc" in headers.get("Cookie", "")


def test_yt_dlp_page_requests_are_guarded_on_every_hop(tmp_path, monkeypatch):
    """A page request of yt-dlp's that redirects to an internal name is refused, with the reason."""
    from tiktok_commerce.ytdlp_guard import GuardedYoutubeDL

    with loopback_server() as server:
        server.routes["/page"] = redirect("http://localhost:1/secret")

        def extract_info(self, url, download):
            self.urlopen(server.url("/page"))  # yt-dlp wraps the refusal in its own error
            raise AssertionError("the redirect was followed")

        monkeypatch.setattr(GuardedYoutubeDL, "extract_info", extract_info)
        settings = loopback_settings(tmp_path, video_allowed_hosts="www.tiktok.com,127.0.0.1")
        with (
            pytest.raises(Exception, match="not an allowed video host"),
            fetched_video("https://www.tiktok.com/@s/video/1", settings, resolver=tiktok_resolver),
        ):
            pass
        assert [p for p, _ in server.requests] == ["/page"]


def test_a_tiktok_media_url_on_a_disallowed_host_is_refused(tmp_path, monkeypatch):
    from tiktok_commerce.ytdlp_guard import GuardedYoutubeDL

    monkeypatch.setattr(
        GuardedYoutubeDL, "extract_info", lambda self, url, download: {"url": "http://evil.example/media.mp4"}
    )
    settings = loopback_settings(tmp_path, video_allowed_hosts="www.tiktok.com")
    with (
        pytest.raises(FetchRefused, match="not an allowed video host"),
        fetched_video("https://www.tiktok.com/@shop/video/1", settings, resolver=tiktok_resolver),
    ):
        pass
