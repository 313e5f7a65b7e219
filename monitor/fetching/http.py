"""The polite async HTTP client: every page monitor reads comes through ``Fetcher.fetch``.

It owns what makes a crawler welcome and safe: a User-Agent with a contact URL, robots.txt,
bounded global and per-host concurrency with a delay between requests to one host,
conditional GET, Retry-After, retries with backoff for transient failures only, timeouts, a
redirect limit, a cap on the *decompressed* body, a content-type check, charset decoding,
and recognition of empty and bot-challenge pages.

Every outcome is a ``FetchResult``; network trouble never escapes as an exception, so the
caller can record each attempt (the ``fetches`` table) and move on.

The work is shared by three modules: here, the request headers and the retry loop;
``_polite.py``, one try (redirects hop by hop behind robots.txt and the host limits);
``_response.py``, what a final response holds (body cap, content type, challenge, charset).
Two more read what plain HTTP cannot: ``browser.py`` renders a page in headless Chromium under
the same politeness (``via="browser"``), and ``google_news.py`` turns a Google News article link
into the publisher's URL.

Choices worth knowing:

* Redirects are followed one hop at a time, so each hop is checked against its own host's
  robots.txt and politeness limits. ``total_timeout`` bounds one hop (connect to last byte),
  not the waiting for politeness or for a retry.
* A transient failure (connect, timeout, 429, 5xx) defers the whole host, by Retry-After when
  the server sent one, else by exponential backoff with jitter. A Retry-After longer than
  ``max_retry_after`` is not waited for: the fetch gives up rather than come back early.
* DNS failures are not retried: a name that does not resolve now will not in a second.
* Links the monitor discovers (feed entries, redirects, robots.txt redirects) may be kept from
  private, loopback and link-local addresses, checked on the resolved address (``address.py``).
* Nothing a server sends escapes as an exception: a malformed URL or redirect, a port out of
  range, a codec that is no charset all end as a ``FetchResult`` (class "other" at worst).
* A body in a charset nothing can make sense of is an error ("decode"), never text full of
  replacement characters.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timezone

import httpx

from monitor.fetching._content_type import ACCEPT_HEADERS, Expectation
from monitor.fetching._outcome import Attempt, FetchResult, failure
from monitor.fetching._polite import PoliteClient, Refused
from monitor.fetching.browser import BrowserFetcher
from monitor.fetching.google_news import (
    GoogleNewsDecoder,
    LinkDecodeError,
    LinkDecoder,
    is_article_link,
)
from monitor.model import FetchPolicy

TRANSIENT_ERRORS = frozenset({"connect", "timeout", "http_429", "http_5xx"})
VIA = ("http", "browser")


class Fetcher:
    """Async context manager: the request headers and the retry loop around a ``PoliteClient``.

    async with Fetcher(policy) as fetcher:
        result = await fetcher.fetch(url, etag=previous.etag, last_modified=previous.last_modified)
    """

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, transport: httpx.AsyncBaseTransport | None = None,
                 link_decoder: LinkDecoder | None = None):
        self.policy = policy
        self._client = PoliteClient(policy, transport)
        self._browser = BrowserFetcher(policy, self._client)  # starts Chromium only when a page asks for it
        self._links = link_decoder or GoogleNewsDecoder(policy.google_news_url, self._client.exchange)

    async def __aenter__(self) -> Fetcher:
        self._client.open()
        return self

    async def __aexit__(self, *exc_info) -> None:
        try:
            await self._browser.aclose()
        finally:
            await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Expectation = "html",
        allow_private: bool = True,
        trusted: str | None = None,
        via: str = "http",
        decode: bool = True,
    ) -> FetchResult:
        """GET ``url`` politely; ``expect`` is "html" for pages or "feed" for RSS/Atom.

        ``allow_private=False`` is for links the monitor discovered (feed entries, and every
        redirect): no hop may then lead to a private, loopback or link-local address, except
        ``trusted``, a URL written in the configuration (error class ``private_address``).
        ``via="browser"`` renders a page in headless Chromium instead (``browser.py``). A Google
        News article link is first decoded to the publisher's URL, which is then read as if the
        link had redirected there (error class ``google_news`` when it cannot be decoded).
        ``decode=False`` leaves a good HTTP body undecoded (``text`` None): the caller decodes it
        with ``_response.page_text`` off the event loop, and waiting pages hold their bytes only.
        """
        if not self._client.is_open:
            raise RuntimeError("use Fetcher as 'async with Fetcher(...) as fetcher'")
        if expect not in ACCEPT_HEADERS:
            raise ValueError(f"expect must be 'html' or 'feed', not {expect!r}")
        if via not in VIA:
            raise ValueError(f"via must be 'http' or 'browser', not {via!r}")
        if expect == "html" and is_article_link(url):
            return await self._fetch_decoded(url, headers, allow_private=allow_private, via=via, decode=decode)
        if via == "browser":
            return await self._render(url, dict(headers or {}), allow_private=allow_private, trusted=trusted)
        request_headers = {"Accept": ACCEPT_HEADERS[expect]}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        request_headers.update(headers or {})

        retried: list[FetchResult] = []
        while True:
            started_at, clock = _utc_now_iso(), time.monotonic()
            attempt = await self._client.attempt(
                url, request_headers, expect, allow_private=allow_private, trusted=trusted, decode=decode
            )
            duration = time.monotonic() - clock
            wait = self._retry_wait(attempt, len(retried) + 1)  # may add to the error message
            result = replace(attempt.result, started_at=started_at, duration=duration, attempts=len(retried) + 1)
            if wait is None:
                break
            retried.append(result)
            self._client.defer(result.final_url, wait)
        if result.outcome == "not_modified":
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        result.retried = tuple(retried)
        return result

    async def _fetch_decoded(self, url: str, headers: Mapping[str, str] | None, *, allow_private: bool,
                             via: str, decode: bool) -> FetchResult:
        """A Google News link: the publisher's page, fetched as the link's redirect target."""
        started_at, clock = _utc_now_iso(), time.monotonic()
        try:
            target = await self._links.decode(url)
        except (LinkDecodeError, Refused, httpx.HTTPError, TimeoutError) as exc:
            result = failure("google_news", f"cannot decode the Google News link: {exc}", url=url, final_url=url).result
            return replace(result, started_at=started_at, duration=time.monotonic() - clock, attempts=1)
        result = await self.fetch(target, headers=headers, allow_private=allow_private, via=via, decode=decode)
        return replace(result, url=url)

    async def _render(self, url: str, headers: dict[str, str], *, allow_private: bool, trusted: str | None) -> FetchResult:
        """One page in the browser: no retry (a page load is costly), but a transient failure
        still holds the host off, as for HTTP."""
        started_at, clock = _utc_now_iso(), time.monotonic()
        attempt = await self._browser.fetch(url, headers, allow_private=allow_private, trusted=trusted)
        if attempt.result.error_class in TRANSIENT_ERRORS:
            self._client.defer(attempt.result.final_url, attempt.retry_after or self.policy.backoff)
        return replace(attempt.result, started_at=started_at, duration=time.monotonic() - clock, attempts=1,
                       fetcher="browser")

    def _retry_wait(self, attempt: Attempt, attempts: int) -> float | None:
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


def _utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
