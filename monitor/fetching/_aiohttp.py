"""An httpx transport that sends requests with aiohttp.

Why: the rest of the fetcher speaks httpx (hop-by-hop redirects, streaming with a byte cap, our
own inflating, cookies), but httpx's own transport (httpcore, in pure Python) costs ~2.9 ms of
CPU to read a 176 KB page here, aiohttp (its parser in C) ~0.85 ms: on an unchanged page that was
half of a pass's work (bench/pipeline.py). httpx-aiohttp exists, but maps aiohttp's errors to the
wrong httpx ones (a refused connection or a broken one to ConnectTimeout), and the error class of
a fetch decides whether it is tried again, so this one maps them itself.

Only what the fetcher uses: requests with their bodies read whole, no proxy (httpx routes proxied
URLs to its own transport), cookies left to httpx, bodies as the server sent them (we inflate them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import httpx

_CHUNK = 64 * 1024


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session (its connection pool) for the transport's life."""

    def __init__(self) -> None:
        self._ssl = httpx.create_ssl_context()  # what httpx's own transport verifies with
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # limit=0: the fetcher's HostLimiter bounds the requests in flight, all hosts and per host
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=0, ssl=self._ssl, keepalive_timeout=5.0)
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False,
                                     skip_auto_headers=("User-Agent", "Accept-Encoding"))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._session is None:
            self._session = self._open()
        timeout = request.extensions.get("timeout", {})
        body = await request.aread() or None  # a form posted to Google News; pages are GETs
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers.raw]
        with _AsHttpxErrors(request, connecting=True):
            response = await self._session.request(
                request.method, str(request.url), headers=headers, data=body, allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout.get("connect"), sock_read=timeout.get("read")),
            )
        return httpx.Response(
            response.status, headers=list(response.raw_headers), stream=_Body(response, request), request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()},
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _AsHttpxErrors(self._request, connecting=False):
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


class _AsHttpxErrors:
    """aiohttp's exceptions as the httpx ones the fetcher classifies (DNS, connect, timeout, read)."""

    def __init__(self, request: httpx.Request, *, connecting: bool) -> None:
        self._request = request
        self._connecting = connecting

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None or not isinstance(error, (aiohttp.ClientError, asyncio.TimeoutError, OSError)):
            return False
        request, message = self._request, str(error) or type(error).__name__
        if isinstance(error, (aiohttp.ConnectionTimeoutError, asyncio.TimeoutError)) and self._connecting and not isinstance(
                error, aiohttp.SocketTimeoutError):
            raise httpx.ConnectTimeout(message, request=request) from error
        if isinstance(error, (aiohttp.SocketTimeoutError, asyncio.TimeoutError)):
            raise httpx.ReadTimeout(message, request=request) from error
        if isinstance(error, aiohttp.ClientConnectorError):
            raise httpx.ConnectError(message, request=request) from error
        if isinstance(error, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
            raise httpx.UnsupportedProtocol(message, request=request) from error
        if isinstance(error, (aiohttp.ClientPayloadError, aiohttp.ClientResponseError, aiohttp.ServerDisconnectedError)):
            raise httpx.RemoteProtocolError(message, request=request) from error
        if isinstance(error, (aiohttp.ClientConnectionError, OSError)):
            raise httpx.ReadError(message, request=request) from error
        raise httpx.TransportError(message, request=request) from error
