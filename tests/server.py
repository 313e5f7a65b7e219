"""A loopback HTTP server for tests: real sockets on 127.0.0.1, never the internet.

A test says what each path answers (body, status, headers, delays), may change that between
requests, and afterwards reads what the server received — including proof that a path was
never requested. Built on the standard library so it can send exactly the bytes a test asks
for (a gzip bomb, a wrong charset, a body that trickles in).

    with LoopbackServer() as server:
        server.serve("/news", "<html>…</html>", headers={"ETag": '"v1"'})
        ...fetch server.url("/news")...
        server.serve("/news", "<html>edited</html>", headers={"ETag": '"v2"'})
        assert server.requests_for("/news")[0].headers["User-Agent"].startswith("monitor")

Conditional requests are honoured the way a real server does: when the current reply carries
an ``ETag`` equal to the request's ``If-None-Match`` (or a ``Last-Modified`` equal to its
``If-Modified-Since``), the answer is ``304 Not Modified`` without a body.
Unknown paths answer 404.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    """What the server sends for one request."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line: provokes read timeouts
    chunk_size: int = 0  # when > 0, the body goes out in pieces of this size…
    chunk_delay: float = 0.0  # …with this pause between pieces: a body that trickles in

    def body_bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # including the query string
    headers: Message  # case-insensitive: headers["user-agent"] works
    at: float  # time.monotonic() when it arrived
    body: bytes = b""  # what a POST carried (a webhook's payload)


class LoopbackServer:
    """A threaded HTTP/1.1 server on a free loopback port; use it as a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, list[Reply]] = {}
        self._answers: dict[str, Callable[[ReceivedRequest], Reply]] = {}
        self._requests: list[ReceivedRequest] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def host(self) -> str:
        """``127.0.0.1:port``, the authority part of every URL this server serves."""
        return f"127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}{path}"

    def serve(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        chunk_size: int = 0,
        chunk_delay: float = 0.0,
    ) -> None:
        """Answer every request for ``path`` with this reply, replacing what it answered before."""
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        self.serve_sequence(
            path,
            [Reply(body, status, all_headers, delay=delay, chunk_size=chunk_size, chunk_delay=chunk_delay)],
        )

    def serve_sequence(self, path: str, replies: list[Reply]) -> None:
        """Answer successive requests for ``path`` with successive replies; the last one repeats."""
        if not replies:
            raise ValueError("serve_sequence needs at least one reply")
        with self._lock:
            self._routes[path] = list(replies)

    def answer(self, path: str, reply_for: Callable[[ReceivedRequest], Reply]) -> None:
        """Answer each request for ``path`` (whatever its query string) with what ``reply_for``
        makes of it: a page that depends on a cookie, a service that reads the request's body."""
        with self._lock:
            self._answers[path] = reply_for

    def serve_gzip(self, path: str, body: bytes | str, **options) -> None:
        """Like ``serve``, with the body gzip-compressed and ``Content-Encoding: gzip``."""
        raw = body.encode("utf-8") if isinstance(body, str) else body
        headers = {"Content-Encoding": "gzip", **options.pop("headers", {})}
        self.serve(path, gzip.compress(raw), headers=headers, **options)

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        """Redirect ``path`` to ``to`` (a path on this server or an absolute URL)."""
        self.serve(path, status=status, content_type=None, headers={"Location": to})

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[ReceivedRequest]:
        """Requests whose path (query string included) equals ``path``."""
        return [request for request in self.requests if request.path == path]

    def _next_reply(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            answer = self._answers.get(request.path.split("?", 1)[0])
            if answer is not None:
                return answer(request)
            replies = self._routes.get(request.path)
            if replies is None:
                return Reply(b"not found", 404, {"Content-Type": "text/plain"})
            return replies.pop(0) if len(replies) > 1 else replies[0]


def unused_port() -> int:
    """A loopback port with nothing listening on it: connecting there is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _is_not_modified(reply: Reply, request_headers: Message) -> bool:
    etag = reply.headers.get("ETag")
    last_modified = reply.headers.get("Last-Modified")
    if etag and request_headers.get("If-None-Match") == etag:
        return True
    return bool(last_modified) and request_headers.get("If-Modified-Since") == last_modified


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            request = ReceivedRequest("GET", self.path, self.headers, time.monotonic())
            reply = server._next_reply(request)
            time.sleep(reply.delay)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): that is what some tests want

        def do_POST(self) -> None:
            """A webhook's POST: recorded with its body, answered like a GET of the same path."""
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            reply = server._next_reply(ReceivedRequest("POST", self.path, self.headers, time.monotonic(), body))
            time.sleep(reply.delay)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _send(self, reply: Reply) -> None:
            if _is_not_modified(reply, self.headers):
                self.send_response(304)
                for name in ("ETag", "Last-Modified"):
                    if name in reply.headers:
                        self.send_header(name, reply.headers[name])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = reply.body_bytes()
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = reply.chunk_size or len(body) or 1
            for offset in range(0, len(body), step):
                if offset:
                    time.sleep(reply.chunk_delay)
                self.wfile.write(body[offset : offset + step])
                self.wfile.flush()

        def log_message(self, format: str, *args) -> None:
            """Keep test output quiet."""

    return Handler
