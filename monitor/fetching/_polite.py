"""One try at a URL: redirects followed hop by hop, each hop cleared by robots.txt and the
per-host limits before it is requested.

Apart from ``Fetcher`` (which decides whether to try again) because this is the connection
side: it owns the httpx client, the host limiter and the robots cache, and turns network
exceptions into error classes. What a final response holds is ``_response.py``'s business.
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import AbstractAsyncContextManager
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.fetching._aiohttp import AiohttpTransport
from monitor.fetching._content_type import Expectation
from monitor.fetching._hosts import HostLimiter
from monitor.fetching._inflate import BoundedInflater
from monitor.fetching._outcome import Attempt, failure
from monitor.fetching._response import conclude, read_body
from monitor.fetching._robots import RobotsCache, RobotsFile
from monitor.fetching.address import private_refusal
from monitor.model import FetchPolicy

_ROBOTS_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB


class Refused(Exception):
    """A request a rule forbids (robots.txt, a private address): ``error_class`` says which."""

    def __init__(self, error_class: str, message: str):
        super().__init__(message)
        self.error_class = error_class


class PoliteClient:
    """The httpx client behind robots.txt and the host limiter; open between ``open`` and ``aclose``.

    The robots cache lives as long as this object; the client and the limiter, one opening.
    """

    def __init__(self, policy: FetchPolicy, transport: httpx.AsyncBaseTransport | None):
        self.policy = policy
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._limiter: HostLimiter | None = None
        self._robots = RobotsCache(policy.user_agent, self._download_robots)

    @property
    def is_open(self) -> bool:
        return self._client is not None

    def open(self) -> None:
        policy = self.policy
        self._client = httpx.AsyncClient(
            transport=self._transport or AiohttpTransport(),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=policy.connect_timeout, read=policy.read_timeout, write=policy.read_timeout, pool=None
            ),
            follow_redirects=False,
            max_redirects=policy.max_redirects,
            # The HostLimiter bounds the requests in flight; httpx's default pool kept only 20 idle
            # connections, so with more slots than that across many hosts most requests paid a new
            # connection (bench/pipeline.py: ~1 connect per page).
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=policy.concurrency),
        )
        self._limiter = HostLimiter(policy.concurrency, policy.per_host_concurrency, policy.per_host_delay)

    async def aclose(self) -> None:
        await self._client.aclose()
        self._client = None

    def defer(self, url: str, seconds: float) -> None:
        """Start no request to the host of ``url`` for ``seconds``."""
        self._limiter.defer(_host(url), seconds)

    async def attempt(
        self, url: str, headers: dict[str, str], expect: Expectation, *, allow_private: bool = True,
        trusted: str | None = None, decode: bool = True,
    ) -> Attempt:
        """One try: follow redirects hop by hop, each hop cleared by robots.txt and the limiter.

        With ``allow_private`` False, no hop but ``trusted`` (a URL of the configuration) may
        lead to a private, loopback or link-local address. Whatever goes wrong ends as a failure,
        never as an exception: a malformed URL or an unforeseen error is class "other" with its text.
        """
        current = url
        try:
            for _ in range(self.policy.max_redirects + 1):
                refused = await self.clearance(url, current, allow_private=allow_private, trusted=trusted)
                if refused:
                    return refused
                async with self.turn(current), asyncio.timeout(self.policy.total_timeout):
                    request = self._client.build_request("GET", current, headers=headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        location = response.headers.get("location")
                        if response.is_redirect and location:
                            current = urljoin(current, location)
                            continue
                        return await conclude(url, current, response, expect, self.policy.max_bytes, decode=decode)
                    finally:
                        await response.aclose()
            error_class, message = "redirects", f"more than {self.policy.max_redirects} redirects"
        except TimeoutError:
            error_class, message = "timeout", f"no complete answer within {self.policy.total_timeout} s"
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            error_class, message = _classify(exc)
        except Exception as exc:  # noqa: BLE001 — one hostile answer must not stop a pass
            error_class, message = "other", f"{type(exc).__name__}: {exc}"
        return failure(error_class, message, url=url, final_url=current)

    async def clearance(self, url: str, current: str, *, allow_private: bool, trusted: str | None) -> Attempt | None:
        """Why ``current`` (a hop on the way to ``url``) may not be requested, as a failure; None
        when it may. Shared with the browser, so its page loads obey the same rules."""
        problem = _url_problem(current)
        if problem:
            return failure("other", problem, url=url, final_url=current)
        if not allow_private and current != trusted:
            refusal = await private_refusal(current)
            if refusal:
                return failure("private_address", refusal, url=url, final_url=current)
        if self.policy.respect_robots:
            verdict = await self._robots.verdict(current, allow_private=allow_private)
            if not verdict.allowed:
                return failure("robots", verdict.reason, url=url, final_url=current)
        return None

    def turn(self, url: str) -> AbstractAsyncContextManager[None]:
        """Hold a request slot for the host of ``url`` (its concurrency and delay)."""
        return self._limiter.turn(_host(url))

    async def exchange(self, method: str, url: str, *, content: bytes | None = None,
                       headers: dict[str, str] | None = None) -> tuple[int, str]:
        """One request to a service the monitor talks to (Google News link decoding): cleared by
        robots.txt and the host limits like a page, no redirect followed, the body cut at
        ``max_bytes`` (what is cut reads as a malformed answer). Returns the status and the
        text; raises ``Refused`` when a rule forbids it, and httpx's errors or TimeoutError when
        the network fails."""
        refused = await self.clearance(url, url, allow_private=True, trusted=url)
        if refused:
            raise Refused(refused.result.error_class, refused.result.error)
        async with self.turn(url), asyncio.timeout(self.policy.total_timeout):
            async with self._client.stream(method, url, content=content, headers=headers) as response:
                inflater = BoundedInflater(response.headers.get("content-encoding"), self.policy.max_bytes)
                body = await read_body(response, inflater, truncate=True)
                return response.status_code, body.decode("utf-8", errors="replace")

    async def _download_robots(self, robots_url: str, *, allow_private: bool = True) -> RobotsFile:
        """Fetch one robots.txt under the same politeness as pages, following its redirects hop
        by hop (RFC 9309: at least five); a redirect to a private address, a malformed or
        non-http(s) one, or one too many, means the file is unavailable (no rules)."""
        current = robots_url
        for hop in range(self.policy.max_redirects + 1):
            if _url_problem(current) or (hop and not allow_private and await private_refusal(current)):
                break
            async with self._limiter.turn(_host(current)), asyncio.timeout(self.policy.total_timeout):
                async with self._client.stream("GET", current) as response:
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        current = urljoin(current, location)
                        continue
                    inflater = BoundedInflater(response.headers.get("content-encoding"), _ROBOTS_BYTES)
                    body = await read_body(response, inflater, truncate=True)
                    return RobotsFile(response.status_code, body.decode("utf-8", errors="replace"))
        return RobotsFile(404, "")


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be requested at all (scheme, host, port), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return f"invalid URL {url!r}: {exc}"
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) URL: {url}"
    if not parts.hostname:
        return f"invalid URL {url!r}: no host"
    return None


def _host_of(exc: httpx.RequestError) -> str:
    """The host the failed request was for (the message of a DNS error does not name it)."""
    try:
        return repr(exc.request.url.host)
    except RuntimeError:  # an exception raised outside a request
        return "(unknown)"


def _classify(exc: Exception) -> tuple[str, str]:
    """Error class and message for an httpx exception."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "timeout", f"connect timeout: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.TooManyRedirects):
        return "redirects", str(exc)
    if isinstance(exc, httpx.ConnectError):
        if _caused_by(exc, socket.gaierror):
            return "dns", f"host name {_host_of(exc)} does not resolve: {exc}"
        return "connect", f"cannot connect: {exc}"
    if isinstance(exc, httpx.NetworkError):
        return "connect", f"connection broken: {exc}"
    return "other", f"{type(exc).__name__}: {exc}"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
