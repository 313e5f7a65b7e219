"""robots.txt rules, fetched once per origin and kept for a while.

What an answer for ``/robots.txt`` means follows RFC 9309:

* 2xx: the rules apply (parsed with Protego); kept for 24 hours.
* 4xx other than 429 (404, 403, 410…): there are no rules, everything is allowed; kept 24 hours.
* 429 or 5xx: the server cannot say, so we assume complete disallow (RFC 9309 §2.3.1.4),
  but keep that verdict only ten minutes so a later check asks again.
* Network failures (DNS, refused, timeout) are not verdicts: the downloader's exception
  propagates so the caller reports it like any failed request, and nothing is cached.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

RULES_TTL = 24 * 3600.0
UNREACHABLE_TTL = 600.0


@dataclass(frozen=True)
class RobotsFile:
    """What the server answered for /robots.txt."""

    status: int
    text: str


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    reason: str | None = None  # why not, for the FetchResult message


@dataclass
class _Entry:
    rules: Protego | None  # None: no rules (allow all) or unreachable (disallow all)
    allow_without_rules: bool
    status: int
    expires_at: float


class RobotsCache:
    """Answers "may this user agent fetch this URL?", downloading each origin's file once."""

    def __init__(self, user_agent: str, download: Callable[..., Awaitable[RobotsFile]]):
        self._user_agent = user_agent
        self._download = download
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def verdict(self, url: str, **download_options) -> RobotsVerdict:
        """May the user agent fetch ``url``? ``download_options`` go to the downloader when the
        origin's file must be fetched."""
        origin = _origin(url)
        entry = await self._entry(origin, download_options)
        if entry.rules is not None:
            if entry.rules.can_fetch(url, self._user_agent):
                return RobotsVerdict(True)
            return RobotsVerdict(False, f"disallowed by {origin}/robots.txt")
        if entry.allow_without_rules:
            return RobotsVerdict(True)
        return RobotsVerdict(
            False,
            f"{origin}/robots.txt answered HTTP {entry.status}; "
            "assuming complete disallow (RFC 9309 §2.3.1.4)",
        )

    async def _entry(self, origin: str, download_options: dict) -> _Entry:
        async with self._locks.setdefault(origin, asyncio.Lock()):
            entry = self._entries.get(origin)
            if entry is None or entry.expires_at <= time.monotonic():
                entry = _entry_for(await self._download(f"{origin}/robots.txt", **download_options))
                self._entries[origin] = entry
            return entry


def _entry_for(answer: RobotsFile) -> _Entry:
    now = time.monotonic()
    if 200 <= answer.status < 300:
        return _Entry(Protego.parse(answer.text), False, answer.status, now + RULES_TTL)
    if 400 <= answer.status < 500 and answer.status != 429:
        return _Entry(None, True, answer.status, now + RULES_TTL)
    return _Entry(None, False, answer.status, now + UNREACHABLE_TTL)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
