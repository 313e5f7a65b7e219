"""Pages read in headless Chromium (``fetcher = "browser"``): what scripts write, and bot
challenges that a browser passes.

One browser process per ``Fetcher`` (a pass, or the daemon), started at the first page that
needs it and reused; each page gets a fresh context (no cookies carried from one page to the
next) and at most ``browser_concurrency`` are open at once. Playwright drives Debian's
``chromium`` (``executable_path``), never a browser of its own download, and is imported only
here, only when a browser page is read.

The politeness is the HTTP client's, shared with it (``PoliteClient``): the User-Agent and its
contact, robots.txt and the private-address rule on every main-document hop, the host's
concurrency and delay around each page load, ``max_bytes`` on the rendered HTML. Every
main-document request (the first, a redirect's target, a script's reload) is made by the
browser's own network stack through ``route.fetch`` without following redirects, so each hop is
cleared before it is requested; images, media and fonts are never loaded.

Without Playwright or Chromium a page ends as ``browser_unavailable``, and the other sources go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from monitor.fetching._challenge import challenge_marker
from monitor.fetching._content_type import acceptance, parse_content_type
from monitor.fetching._outcome import Attempt, FetchResult, failure
from monitor.fetching._polite import PoliteClient
from monitor.fetching._response import status_error_class
from monitor.fetching.address import private_refusal
from monitor.model import FetchPolicy

BLOCKED_RESOURCES = frozenset({"image", "media", "font"})
_SETTLE_CAP = 10.0  # seconds of waiting for the network to go idle after "load", at most
_RETRY_LAUNCH_AFTER = 300.0  # seconds before a browser that would not start is tried again


class BrowserUnavailable(Exception):
    """Playwright or Chromium is missing, or Chromium would not start: the message says which."""


@dataclass
class _Load:
    """What one page load learned through its route handler."""

    refused: Attempt | None = None  # a hop a rule forbade
    redirect_to: str | None = None  # the main document answered a redirect to this URL
    status: int | None = None  # the main document's last answer
    headers: dict[str, str] = field(default_factory=dict)


class BrowserFetcher:
    """Renders pages in one shared headless Chromium; open between first use and ``aclose``."""

    def __init__(self, policy: FetchPolicy, client: PoliteClient):
        self.policy = policy
        self._client = client
        self._pages = asyncio.Semaphore(policy.browser_concurrency)
        self._starting = asyncio.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        self._unavailable: tuple[float, str] | None = None  # (when, why) the last launch failed

    async def aclose(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
        self._browser = self._playwright = None

    async def fetch(self, url: str, headers: dict[str, str], *, allow_private: bool, trusted: str | None) -> Attempt:
        """One page rendered: its hops cleared, its DOM settled, its HTML judged like an HTTP body."""
        try:
            browser = await self._browser_started()
        except BrowserUnavailable as exc:
            return failure("browser_unavailable", str(exc), url=url, final_url=url)
        async with self._pages:
            context = await browser.new_context(
                user_agent=self.policy.user_agent, extra_http_headers=headers, service_workers="block",
                accept_downloads=False,
            )
            try:
                return await self._render(context, url, allow_private=allow_private, trusted=trusted)
            finally:
                await context.close()

    async def _browser_started(self) -> Any:
        async with self._starting:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._unavailable and time.monotonic() - self._unavailable[0] < _RETRY_LAUNCH_AFTER:
                raise BrowserUnavailable(self._unavailable[1])
            try:
                self._browser = await self._launch()
            except BrowserUnavailable as exc:
                self._unavailable = (time.monotonic(), str(exc))
                raise
            self._unavailable = None
            return self._browser

    async def _launch(self) -> Any:
        try:
            from playwright.async_api import Error as PlaywrightError
            from playwright.async_api import async_playwright
        except ImportError:
            raise BrowserUnavailable(
                "Playwright is not installed: pip install 'monitor[browser]' (and Debian's chromium)"
            ) from None
        executable = shutil.which(self.policy.chromium)
        if executable is None:
            raise BrowserUnavailable(
                f"no Chromium at {self.policy.chromium} (apt install chromium, or set [monitor] chromium)"
            )
        # Chromium refuses its sandbox to root (a container); anyone else keeps it.
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        try:
            if self._playwright is None:
                self._playwright = await async_playwright().start()
            return await self._playwright.chromium.launch(executable_path=executable, args=args)
        except PlaywrightError as exc:
            raise BrowserUnavailable(f"Chromium at {self.policy.chromium} would not start: {exc}") from None

    async def _render(self, context: Any, url: str, *, allow_private: bool, trusted: str | None) -> Attempt:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        load = _Load()
        await context.route("**/*", lambda route: self._route_safely(route, url, load, allow_private, trusted))
        page = await context.new_page()
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            refused = await self._client.clearance(url, current, allow_private=allow_private, trusted=trusted)
            if refused:
                return refused
            load.redirect_to = None
            try:
                async with self._client.turn(current), asyncio.timeout(self.policy.total_timeout):
                    await self._settle(page, current)
                    if load.redirect_to is None and load.refused is None:
                        return await self._conclude(page, url, load)
            except (TimeoutError, PlaywrightTimeout):
                return failure("timeout", f"the page did not load within {self.policy.total_timeout} s",
                               url=url, final_url=current)
            except PlaywrightError as exc:
                if load.refused is None and load.redirect_to is None:
                    return failure("connect", f"the browser could not load the page: {_first_line(exc)}",
                                   url=url, final_url=current)
            if load.refused is not None:
                return load.refused
            current = load.redirect_to
        return failure("redirects", f"more than {self.policy.max_redirects} redirects", url=url, final_url=current)

    async def _settle(self, page: Any, url: str) -> None:
        """Load ``url``, then wait for the network to go quiet (scripts writing the article), a bounded while."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        await page.goto(url, wait_until="load", timeout=self.policy.total_timeout * 1000)
        try:
            await page.wait_for_load_state("networkidle", timeout=min(_SETTLE_CAP, self.policy.total_timeout) * 1000)
        except PlaywrightTimeout:
            pass  # a page that never stops polling: read it as it stands

    async def _route_safely(self, route: Any, url: str, load: _Load, allow_private: bool, trusted: str | None) -> None:
        """``_route``, whose failure aborts its request rather than leave it hanging (a page whose
        context closed meanwhile, a request from a worker without a frame)."""
        try:
            await self._route(route, url, load, allow_private, trusted)
        except Exception:  # noqa: BLE001 — the request is refused; the page load goes on or ends
            with contextlib.suppress(Exception):
                await route.abort("failed")

    async def _route(self, route: Any, url: str, load: _Load, allow_private: bool, trusted: str | None) -> None:
        """Every request of the page: furniture not loaded, private addresses refused, and the main
        document's hops requested one at a time behind robots.txt."""
        request = route.request
        if request.resource_type in BLOCKED_RESOURCES:
            await route.abort("blockedbyclient")
            return
        main_document = request.is_navigation_request() and request.frame.parent_frame is None
        if not main_document:
            if not allow_private and request.url != trusted and await private_refusal(request.url):
                await route.abort("blockedbyclient")
            else:
                await route.continue_()
            return
        refused = await self._client.clearance(url, request.url, allow_private=allow_private, trusted=trusted)
        if refused:
            load.refused = refused
            await route.abort("blockedbyclient")
            return
        try:
            response = await route.fetch(max_redirects=0, timeout=self.policy.total_timeout * 1000)
        except Exception as exc:
            load.refused = failure("connect", f"cannot load the page: {_first_line(exc)}", url=url,
                                   final_url=request.url)
            raise
        location = response.headers.get("location")
        if 300 <= response.status < 400 and location:
            load.redirect_to = urljoin(request.url, location)
            await route.fulfill(status=204, body="")  # the render loop follows it, cleared like the first hop
            return
        load.status, load.headers = response.status, response.headers
        await route.fulfill(response=response)

    async def _conclude(self, page: Any, url: str, load: _Load) -> Attempt:
        """The rendered page judged as ``_response.conclude`` judges a body: status, type, size, challenge."""
        status = load.status or 200
        media_type, _charset = parse_content_type(load.headers.get("content-type"))
        common = dict(url=url, final_url=page.url, status=status, content_type=media_type or "text/html")
        if acceptance("html", media_type) == "reject":
            return failure("not_html", f"{media_type} is not an HTML page", **common)
        length = await page.evaluate("document.documentElement ? document.documentElement.outerHTML.length : 0")
        if length > self.policy.max_bytes:
            return failure("too_large", f"the rendered page holds {length} characters, over the "
                           f"{self.policy.max_bytes}-byte cap", size=length, **common)
        text = await page.content()
        body = text.encode("utf-8")
        if len(body) > self.policy.max_bytes:
            return failure("too_large", f"the rendered page is {len(body)} bytes, over the "
                           f"{self.policy.max_bytes}-byte cap", size=len(body), **common)
        common.update(body=body, size=len(body))
        marker = challenge_marker(status, load.headers, body)
        if marker:
            return failure("challenge", f"bot challenge page in the browser ({marker})", **common)
        if not 200 <= status < 300:
            return failure(status_error_class(status), f"HTTP {status} in the browser", **common)
        return Attempt(FetchResult(outcome="ok", text=text, charset="utf-8", **common))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
