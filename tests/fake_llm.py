"""A fake OpenAI-compatible chat-completions server on loopback, scripted by the test.

    with FakeLLM() as llm:
        llm.script(Reply.status(429, retry_after=0), Reply.json({"products": []}))
        client = LLMClient(llm.url, "test-key", "fake-model", timeout_s=1, max_retries=2)
        ...
        assert len(llm.requests) == 2

Each POST /v1/chat/completions takes the next scripted Reply; when the script is used up, the
`default` reply (or responder: a function of the request body) answers. Replies:
- Reply.json(obj, usage=...)   a normal completion whose message content is json.dumps(obj)
- Reply.text("not json")       a completion whose content is that raw text (invalid JSON ...)
- Reply.status(429, retry_after=1, body="...")  an HTTP error, optionally with Retry-After
- Reply.delay(seconds, then)   wait (to trip the client's timeout), then send `then`
- Reply.body(b"...", status)   raw bytes, for broken-server cases
Every request body (parsed JSON) is kept in `requests`, with its headers in `headers`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status_code: int = 200
    content: str | None = None  # the assistant message content
    raw: bytes | None = None  # a whole raw body instead
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    usage: dict[str, int] = field(
        default_factory=lambda: {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}
    )

    @classmethod
    def json(cls, obj: Any, usage: dict[str, int] | None = None) -> Reply:
        reply = cls(content=json.dumps(obj))
        if usage is not None:
            reply.usage = usage
        return reply

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content=content)

    @classmethod
    def status(cls, code: int, retry_after: float | None = None, body: str = "") -> Reply:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        raw = (body or json.dumps({"error": {"code": code, "message": "scripted error"}})).encode()
        return cls(status_code=code, raw=raw, headers=headers)

    @classmethod
    def delay(cls, seconds: float, then: Reply | None = None) -> Reply:
        reply = then or cls.json({})
        reply.delay_s = seconds
        return reply

    @classmethod
    def body(cls, raw: bytes, status: int = 200) -> Reply:
        return cls(status_code=status, raw=raw)

    def encode(self, model: str) -> bytes:
        if self.raw is not None:
            return self.raw
        completion = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.content},
                    "finish_reason": "stop",
                }
            ],
            "usage": self.usage,
        }
        return json.dumps(completion).encode()


Responder = Callable[[dict[str, Any]], Reply]


class FakeLLM:
    """The server. Use as a context manager; `url` is the base URL a client takes (…/v1)."""

    def __init__(self, default: Reply | Responder | None = None) -> None:
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> FakeLLM:
        with self._lock:
            self._script.extend(replies)
        return self

    def user_data(self, n: int = -1) -> Any:
        """The JSON data the client sent as the user message of request n."""
        messages = self.requests[n]["messages"]
        return json.loads(next(m["content"] for m in messages if m["role"] == "user"))

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._script:
                return self._script.popleft()
        if callable(self.default):
            return self.default(body)
        if self.default is not None:
            return self.default
        return Reply.status(500, body="the fake LLM has no scripted reply left")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_invalid": raw.decode("utf-8", "replace")}
                with fake._lock:
                    fake.requests.append(body)
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    reply = Reply.status(404, body="unknown path")
                else:
                    reply = fake._next(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                payload = reply.encode(str(body.get("model", "fake")))
                try:
                    self.send_response(reply.status_code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: Any) -> None:
                return None

        return Handler
