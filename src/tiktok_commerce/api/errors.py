"""Every user-caused error becomes a clear JSON 4xx; nothing unexpected leaks a traceback.

- validation errors (malformed JSON, not UTF-8, nested too deeply, missing or bad fields) -> 422
  with one message per field;
- a NUL anywhere in the URL (path or query) -> 422;
- bodies over MAX_BODY_BYTES -> 413, checked on Content-Length and again while streaming;
- the database being unreachable -> 503; anything else -> a plain 500 (logged with its traceback).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class BodyTooLarge(HTTPException):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {max_bytes} bytes")


class NulGuardMiddleware:
    """A NUL in the URL never reaches the app (PostgreSQL cannot hold one): in the query string it
    is a bad parameter (422), in the path it names nothing that can exist (404)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
            query = scope.get("query_string", b"")
            if b"\x00" in query or b"%00" in query:
                await _send_json(send, 422, {"detail": "a query parameter contains a NUL character (%00)"})
                return
            if b"\x00" in raw_path or b"%00" in raw_path or "\x00" in scope.get("path", ""):
                await _send_json(
                    send, 404, {"detail": "nothing here: the path contains a NUL character (%00)"}
                )
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Refuse bodies over max_bytes before the app reads them whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):  # no route reads their body
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await _send_json(send, 413, {"detail": BodyTooLarge(self.max_bytes).detail})
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # a chunked body with no Content-Length
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if not started:
                await _send_json(send, 413, {"detail": exc.detail})


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def describe(error: dict[str, Any]) -> dict[str, str]:
    """One validation error in words: which field, what is wrong."""
    loc = [str(part) for part in error.get("loc", ()) if part != "body"]
    field = ".".join(loc) or "body"
    kind = error.get("type", "")
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        field, message = "body", f"the request body is not valid JSON ({reason})" if reason else "not JSON"
    elif kind == "missing" and field == "body":
        message = "the request body is empty: send a JSON object with video_url and seller_handle"
    elif kind == "missing":
        message = f"{field} is required"
    elif kind == "extra_forbidden":
        message = f"{field} is not a known field"
    elif kind in ("model_attributes_type", "dict_type") and field == "body":
        message = "the request body must be a JSON object"
    elif field != "body" and not message.startswith(field):
        message = f"{field}: {message}"
    return {"field": field, "message": message}


# What FastAPI answers (400) when the body is not UTF-8 or nests deeper than Python can parse.
_BODY_PARSE_ERROR = "There was an error parsing the body"


def install(app: FastAPI, max_body_bytes: int) -> None:
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(NulGuardMiddleware)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [describe(e) for e in exc.errors()]
        return JSONResponse(
            status_code=422, content={"detail": "; ".join(e["message"] for e in errors), "errors": errors}
        )

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _BODY_PARSE_ERROR:
            # Documented as 422 like every other body that is not the JSON object asked for.
            detail = "the request body is not valid JSON (not UTF-8, or nested too deeply)"
            return JSONResponse(status_code=422, content={"detail": detail})
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail}, headers=exc.headers)

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc)
        return JSONResponse(status_code=503, content={"detail": "the database is unavailable; try again"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(status_code=500, content={"detail": "internal error"})
