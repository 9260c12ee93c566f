"""yt-dlp whose every HTTP request goes through our guarded fetcher (needs the `video` extra).

yt-dlp sends its requests through request handlers it picks from a registry. `guarded_youtube_dl`
builds a YoutubeDL that knows exactly one handler, ours: each page or API request yt-dlp makes,
and each redirect of it, is checked by the URL guard, connects to the checked address, counts
against the fetch's deadline, and is read with a byte cap. A refusal keeps its reason: the caller
finds it in `GuardedYoutubeDL.refusal` after yt-dlp has wrapped it in its own error.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import Any

from yt_dlp import YoutubeDL
from yt_dlp.networking.common import Request as YdlRequest
from yt_dlp.networking.common import RequestHandler, Response
from yt_dlp.networking.exceptions import HTTPError, RequestError, TransportError

from tiktok_commerce.guarded_http import Fetcher, FetchFailed, FetchRefused


class _Headers:
    """Response headers with repeats kept (Set-Cookie)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def items(self) -> list[tuple[str, str]]:
        return self.pairs


class _YtDlpLog:
    """yt-dlp's logger interface onto the logging module."""

    _log = logging.getLogger("tiktok_commerce.yt_dlp")

    def debug(self, message: str) -> None:
        self._log.debug("%s", message)

    def info(self, message: str) -> None:
        self._log.debug("%s", message)

    def warning(self, message: str) -> None:
        self._log.debug("%s", message)

    def error(self, message: str) -> None:
        self._log.debug("%s", message)


class GuardedYoutubeDL(YoutubeDL):
    """A YoutubeDL whose only request handler is the guarded one."""

    def __init__(self, params: dict[str, Any], fetcher: Fetcher, max_bytes: int) -> None:
        self.fetcher = fetcher
        self.max_bytes = max_bytes
        self.refusal: FetchRefused | None = None
        self.failure: FetchFailed | None = None
        # No proxy from the environment: a proxy would be a hop the guard cannot see. Its messages go
        # to our logger (one structured line each, at debug) instead of raw lines on stderr: the
        # caller turns its failures into errors of its own.
        super().__init__({"logger": _YtDlpLog(), **params, "proxy": ""})

    def build_request_director(self, handlers: Iterable[Any], preferences: Any = None) -> Any:
        owner = self

        class GuardedRH(RequestHandler):
            _SUPPORTED_URL_SCHEMES = ("http", "https")
            _SUPPORTED_PROXY_SCHEMES = ()
            _SUPPORTED_FEATURES = ()
            RH_NAME = "tiktok-commerce-guarded"

            def _check_extensions(self, extensions: dict[str, Any]) -> None:
                super()._check_extensions(extensions)
                for name in ("cookiejar", "timeout", "legacy_ssl", "keep_header_casing"):
                    extensions.pop(name, None)

            def _send(self, request: YdlRequest) -> Response:
                return owner._send(request, self._get_headers(request), self._get_cookiejar(request))

        return super().build_request_director([GuardedRH], preferences)

    def _send(self, request: YdlRequest, headers: dict[str, str], cookiejar: Any) -> Response:
        fetcher = self.fetcher
        fetcher.client.cookies = cookiejar  # the page's cookies go with the media request later
        try:
            with fetcher.stream(request.url, request.method, headers=headers, content=request.data) as answer:
                body = fetcher.read_capped(answer, self.max_bytes)
                response = Response(
                    io.BytesIO(body),
                    url=str(answer.url),
                    headers=_Headers(answer.headers.multi_items()),
                    status=answer.status_code,
                    reason=answer.reason_phrase,
                )
        except FetchRefused as exc:
            self.refusal = exc
            raise RequestError(str(exc), cause=exc) from exc
        except FetchFailed as exc:
            self.failure = exc
            raise TransportError(str(exc), cause=exc) from exc
        if not 200 <= response.status < 300:
            raise HTTPError(response)
        return response
