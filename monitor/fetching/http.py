"""The polite async HTTP client: every page monitor reads comes through ``Fetcher.fetch``.

It owns what makes a crawler welcome and safe: a User-Agent with a contact URL, robots.txt,
bounded global and per-host concurrency with a delay between requests to one host,
conditional GET, Retry-After, retries with backoff for transient failures only, timeouts, a
redirect limit, a cap on the *decompressed* body, a content-type check, charset decoding,
and recognition of empty and bot-challenge pages.

Every outcome is a ``FetchResult``; network trouble never escapes as an exception, so the
caller can record each attempt (the ``fetches`` table) and move on.

Choices worth knowing:

* Redirects are followed one hop at a time, so each hop is checked against its own host's
  robots.txt and politeness limits. ``total_timeout`` bounds one hop (connect to last byte),
  not the waiting for politeness or for a retry.
* A transient failure (connect, timeout, 429, 5xx) defers the whole host, by Retry-After when
  the server sent one, else by exponential backoff with jitter. A Retry-After longer than
  ``max_retry_after`` is not waited for: the fetch gives up rather than come back early.
* DNS failures are not retried: a name that does not resolve now will not in a second.
* A body in a charset nothing can make sense of is an error ("decode"), never text full of
  replacement characters.
"""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.fetching._challenge import challenge_marker
from monitor.fetching._charset import DecodeFailed, decode_text
from monitor.fetching._content_type import (
    ACCEPT_HEADERS,
    Expectation,
    acceptance,
    looks_like,
    parse_content_type,
)
from monitor.fetching._hosts import HostLimiter
from monitor.fetching._inflate import BadEncoding, BodyTooLarge, BoundedInflater
from monitor.fetching._robots import RobotsCache, RobotsFile
from monitor.model import FetchPolicy

TRANSIENT_ERRORS = frozenset({"connect", "timeout", "http_429", "http_5xx"})
_ERROR_PAGE_BYTES = 65_536  # enough of an error page to recognise a challenge
_ROBOTS_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB


@dataclass
class FetchResult:
    url: str  # requested
    final_url: str  # after redirects
    outcome: str  # "ok", "not_modified", or "error"
    error_class: str | None = None  # dns, connect, timeout, http_4xx, http_5xx, http_429, robots,
    # too_large, not_html, empty, challenge, redirects, decode, other
    error: str | None = None  # human-readable message
    status: int | None = None
    content_type: str | None = None  # media type without parameters: "text/html"
    charset: str | None = None  # the codec the text was decoded with
    body: bytes | None = None  # decompressed bytes (capped)
    text: str | None = None  # decoded text (for ok)
    etag: str | None = None
    last_modified: str | None = None
    started_at: str = ""  # ISO 8601 UTC
    duration: float = 0.0  # seconds
    size: int = 0  # decompressed bytes read
    attempts: int = 0
    retried: tuple[FetchResult, ...] = ()  # the earlier tries that failed transiently, oldest first


@dataclass
class _Attempt:
    """How one try ended; ``retry_after`` is the server's wish, if it stated one."""

    result: FetchResult
    retry_after: float | None = None


class Fetcher:
    """Async context manager owning one httpx.AsyncClient, the host limiter and the robots cache.

    async with Fetcher(policy) as fetcher:
        result = await fetcher.fetch(url, etag=previous.etag, last_modified=previous.last_modified)
    """

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, transport: httpx.AsyncBaseTransport | None = None):
        self.policy = policy
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._limiter: HostLimiter | None = None
        self._robots = RobotsCache(policy.user_agent, self._download_robots)

    async def __aenter__(self) -> Fetcher:
        policy = self.policy
        self._client = httpx.AsyncClient(
            transport=self._transport,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=policy.connect_timeout, read=policy.read_timeout, write=policy.read_timeout, pool=None
            ),
            follow_redirects=False,
            max_redirects=policy.max_redirects,
        )
        self._limiter = HostLimiter(policy.concurrency, policy.per_host_concurrency, policy.per_host_delay)
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._client.aclose()
        self._client = None

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Expectation = "html",
    ) -> FetchResult:
        """GET ``url`` politely; ``expect`` is "html" for pages or "feed" for RSS/Atom."""
        if self._client is None:
            raise RuntimeError("use Fetcher as 'async with Fetcher(...) as fetcher'")
        if expect not in ACCEPT_HEADERS:
            raise ValueError(f"expect must be 'html' or 'feed', not {expect!r}")
        request_headers = {"Accept": ACCEPT_HEADERS[expect]}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        request_headers.update(headers or {})

        retried: list[FetchResult] = []
        while True:
            started_at, clock = _utc_now_iso(), time.monotonic()
            attempt = await self._attempt(url, request_headers, expect)
            duration = time.monotonic() - clock
            wait = self._retry_wait(attempt, len(retried) + 1)  # may add to the error message
            result = replace(attempt.result, started_at=started_at, duration=duration, attempts=len(retried) + 1)
            if wait is None:
                break
            retried.append(result)
            self._limiter.defer(_host(result.final_url), wait)
        if result.outcome == "not_modified":
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        result.retried = tuple(retried)
        return result

    def _retry_wait(self, attempt: _Attempt, attempts: int) -> float | None:
        """Seconds to hold the host off before trying again, or None to stop here."""
        result = attempt.result
        if result.error_class not in TRANSIENT_ERRORS or attempts > self.policy.retries:
            return None
        if attempt.retry_after is not None:
            if attempt.retry_after > self.policy.max_retry_after:
                result.error += (
                    f"; Retry-After {attempt.retry_after:.0f} s is over the {self.policy.max_retry_after:.0f} s cap,"
                    " not retrying"
                )
                return None
            return attempt.retry_after
        base = self.policy.backoff * 2 ** (attempts - 1)
        return base / 2 + random.uniform(0, base / 2)

    async def _attempt(self, url: str, headers: dict[str, str], expect: Expectation) -> _Attempt:
        """One try: follow redirects hop by hop, each hop cleared by robots.txt and the limiter."""
        current = url
        try:
            for _ in range(self.policy.max_redirects + 1):
                if urlsplit(current).scheme not in ("http", "https"):
                    return _failure("other", f"not an http(s) URL: {current}", url=url, final_url=current)
                if self.policy.respect_robots:
                    verdict = await self._robots.verdict(current)
                    if not verdict.allowed:
                        return _failure("robots", verdict.reason, url=url, final_url=current)
                async with self._limiter.turn(_host(current)), asyncio.timeout(self.policy.total_timeout):
                    request = self._client.build_request("GET", current, headers=headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        location = response.headers.get("location")
                        if response.is_redirect and location:
                            current = urljoin(current, location)
                            continue
                        return await self._conclude(url, current, response, expect)
                    finally:
                        await response.aclose()
            error_class, message = "redirects", f"more than {self.policy.max_redirects} redirects"
        except TimeoutError:
            error_class, message = "timeout", f"no complete answer within {self.policy.total_timeout} s"
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            error_class, message = _classify(exc)
        return _failure(error_class, message, url=url, final_url=current)

    async def _conclude(self, url: str, final_url: str, response: httpx.Response, expect: Expectation) -> _Attempt:
        """Turn a final (non-redirect) response into a result; reads the body when needed."""
        status = response.status_code
        media_type, header_charset = parse_content_type(response.headers.get("content-type"))
        common = dict(
            url=url,
            final_url=final_url,
            status=status,
            content_type=media_type or None,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        if status == 304:
            return _Attempt(FetchResult(outcome="not_modified", **common))
        if not 200 <= status < 300:
            return await self._conclude_error(response, common)

        verdict = acceptance(expect, media_type)
        wanted = "an HTML page" if expect == "html" else "an RSS/Atom feed"
        if verdict == "reject":
            return _failure("not_html", f"{media_type} is not {wanted}", **common)
        declared_length = response.headers.get("content-length", "")
        if not response.headers.get("content-encoding") and declared_length.isdigit():
            if int(declared_length) > self.policy.max_bytes:
                message = f"Content-Length {declared_length} is over the {self.policy.max_bytes}-byte cap"
                return _failure("too_large", message, **common)
        try:
            inflater = BoundedInflater(response.headers.get("content-encoding"), self.policy.max_bytes)
            body = await _read(response, inflater)
        except BodyTooLarge as exc:
            return _failure("too_large", str(exc), size=inflater.produced, **common)
        except BadEncoding as exc:
            return _failure("decode", str(exc), **common)
        common.update(body=body, size=len(body))
        if not body.strip():
            return _failure("empty", "the body is empty", **common)
        if verdict == "sniff" and not looks_like(expect, body):
            message = f"labelled {media_type or 'without a type'} and does not look like {wanted}"
            return _failure("not_html", message, **common)
        marker = challenge_marker(status, response.headers, body)
        if marker:
            return _failure("challenge", f"bot challenge page ({marker})", **common)
        try:
            text, charset = decode_text(body, header_charset)
        except DecodeFailed as exc:
            return _failure("decode", str(exc), **common)
        if not text.strip():
            return _failure("empty", "the text is only whitespace", **common)
        return _Attempt(FetchResult(outcome="ok", text=text, charset=charset, **common))

    async def _conclude_error(self, response: httpx.Response, common: dict) -> _Attempt:
        status = response.status_code
        inflater = BoundedInflater(response.headers.get("content-encoding"), _ERROR_PAGE_BYTES)
        body = await _read(response, inflater, truncate=True)
        marker = challenge_marker(status, response.headers, body)
        if marker:
            message = f"bot challenge page, HTTP {status} ({marker})"
            return _failure("challenge", message, body=body, size=len(body), **common)
        if status == 429:
            error_class = "http_429"
        elif 400 <= status < 500:
            error_class = "http_4xx"
        elif 500 <= status < 600:
            error_class = "http_5xx"
        else:
            error_class = "other"
        message = f"HTTP {status} {response.reason_phrase}".rstrip()
        retry_after = _retry_after(response.headers.get("retry-after")) if status in (429, 503) else None
        return _failure(error_class, message, retry_after, body=body, size=len(body), **common)

    async def _download_robots(self, robots_url: str) -> RobotsFile:
        """Fetch one robots.txt under the same politeness as pages (redirects followed by httpx)."""
        async with self._limiter.turn(_host(robots_url)), asyncio.timeout(self.policy.total_timeout):
            async with self._client.stream("GET", robots_url, follow_redirects=True) as response:
                inflater = BoundedInflater(response.headers.get("content-encoding"), _ROBOTS_BYTES)
                body = await _read(response, inflater, truncate=True)
                return RobotsFile(response.status_code, body.decode("utf-8", errors="replace"))


async def _read(response: httpx.Response, inflater: BoundedInflater, *, truncate: bool = False) -> bytes:
    """Read the raw stream through ``inflater``; with ``truncate``, stop quietly at its limit."""
    pieces = []
    try:
        async for raw in response.aiter_raw():
            pieces.append(inflater.feed(raw))
        pieces.append(inflater.finish())
    except (BodyTooLarge, BadEncoding):
        if not truncate:
            raise
    return b"".join(pieces)


def _failure(error_class: str, message: str, retry_after: float | None = None, **fields) -> _Attempt:
    return _Attempt(FetchResult(outcome="error", error_class=error_class, error=message, **fields), retry_after)


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


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header, given as seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
