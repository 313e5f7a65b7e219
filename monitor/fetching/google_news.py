"""Google News article links (``news.google.com/rss/articles/…``) turned into the publisher's URL.

Google News search feeds list links of their own that do not redirect over plain HTTP: the
publisher's URL is inside the link's id, or, for the ids of recent years (``AU_yqL…``), only
Google knows it and tells it through the two requests its own pages make: the article page
carries a signature and a timestamp (``data-n-a-sg``, ``data-n-a-ts``), and a ``batchexecute``
call (``garturlreq``) trades them with the id for the URL (``garturlres``).

Behind the small ``LinkDecoder`` interface so that, when Google changes the format, one class
is replaced. The base URL is a setting (``google_news_url``): tests point it at a loopback
server that answers in the same format. Every request goes through the polite client
(robots.txt, the host's limits, the User-Agent). Whatever fails raises ``LinkDecodeError``.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Awaitable, Callable
from typing import Protocol
from urllib.parse import parse_qs, quote, urlencode, urlsplit

GOOGLE_NEWS_HOST = "news.google.com"
_ARTICLE_PATH = re.compile(r"/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]+)/?$")
_SIGNATURE = re.compile(r'data-n-a-sg="([^"]+)"')
_TIMESTAMP = re.compile(r'data-n-a-ts="([^"]+)"')
_OPAQUE_PREFIX = "AU_yqL"  # ids whose URL only Google's endpoint knows
_RPC = "Fbv4je"

# (method, url, body, headers) → (status, text); raises on network failure or a refused request.
Exchange = Callable[..., Awaitable[tuple[int, str]]]


class LinkDecodeError(Exception):
    """A link that could not be turned into the publisher's URL; the message says why."""


class LinkDecoder(Protocol):
    async def decode(self, url: str) -> str:
        """The publisher's URL behind ``url``; raises LinkDecodeError."""


def is_article_link(url: str) -> bool:
    """Whether ``url`` is a Google News article link (what its feeds list)."""
    parts = urlsplit(url)
    return parts.hostname == GOOGLE_NEWS_HOST and _ARTICLE_PATH.search(parts.path) is not None


class GoogleNewsDecoder:
    """Decodes Google News article links: offline when the id holds the URL, else through Google."""

    def __init__(self, base_url: str, exchange: Exchange):
        self.base_url = base_url.rstrip("/")
        self._exchange = exchange

    async def decode(self, url: str) -> str:
        match = _ARTICLE_PATH.search(urlsplit(url).path)
        if urlsplit(url).hostname != GOOGLE_NEWS_HOST or match is None:
            raise LinkDecodeError(f"not a Google News article link: {url}")
        article_id = match.group(1)
        inside = url_inside_id(article_id)
        if inside is not None:
            return inside
        signature, timestamp = await self._signature(article_id, url)
        return await self._trade(article_id, signature, timestamp, url)

    async def _signature(self, article_id: str, url: str) -> tuple[str, str]:
        page = f"{self.base_url}/rss/articles/{article_id}?{urlencode(_locale(url))}"
        status, text = await self._exchange("GET", page)
        if status != 200:
            raise LinkDecodeError(f"the article page {page} answered HTTP {status}")
        signature, timestamp = _SIGNATURE.search(text), _TIMESTAMP.search(text)
        if not signature or not timestamp:
            raise LinkDecodeError(f"no decoding signature on the article page {page} (has Google changed it?)")
        return html.unescape(signature.group(1)), html.unescape(timestamp.group(1))

    async def _trade(self, article_id: str, signature: str, timestamp: str, url: str) -> str:
        endpoint = f"{self.base_url}/_/DotsSplashUi/data/batchexecute?rpcids={_RPC}"
        body = "f.req=" + quote(json.dumps(garturl_request(article_id, signature, timestamp, _locale(url))), safe="")
        headers = {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"}
        status, text = await self._exchange("POST", endpoint, content=body.encode(), headers=headers)
        if status != 200:
            raise LinkDecodeError(f"Google's decoding endpoint answered HTTP {status}")
        decoded = garturl_response(text)
        if decoded is None or urlsplit(decoded).scheme not in ("http", "https"):
            raise LinkDecodeError("no publisher URL in the decoding endpoint's answer (has Google changed it?)")
        return decoded


def url_inside_id(article_id: str) -> str | None:
    """The URL an id of the older form carries (a protobuf: field 4, a length, the URL), or None."""
    try:
        raw = base64.urlsafe_b64decode(article_id + "=" * (-len(article_id) % 4))
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(b"\x08\x13\x22"):
        return None
    length, position = _varint(raw, 3)
    candidate = raw[position : position + length].decode("utf-8", errors="replace")
    if candidate.startswith(_OPAQUE_PREFIX) or not candidate.startswith(("http://", "https://")):
        return None
    return candidate


def _varint(raw: bytes, position: int) -> tuple[int, int]:
    value, shift = 0, 0
    while position < len(raw):
        byte = raw[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, position


def _locale(url: str) -> dict[str, str]:
    """The link's language and edition (``hl``, ``gl``, ``ceid``), US English when it names none."""
    query = parse_qs(urlsplit(url).query)
    return {name: query[name][0] if query.get(name) else default
            for name, default in (("hl", "en-US"), ("gl", "US"), ("ceid", "US:en"))}


def garturl_request(article_id: str, signature: str, timestamp: str, locale: dict[str, str]) -> list:
    """The ``f.req`` value of a ``batchexecute`` call asking for one article's URL."""
    context = [[locale["hl"], locale["gl"], ["FINANCE_TOP_INDICES", "WEB_TEST_1_0_0"], None, None, 1, 1,
                locale["ceid"], None, 180, None, None, None, None, None, 0, None, None, None],
               locale["hl"], locale["gl"], 1, [2, 3, 4, 8], 1, 0, None, 0, 0, None, 0]
    stamp = int(timestamp) if timestamp.isdigit() else timestamp
    inner = ["garturlreq", context, article_id, stamp, signature]
    return [[[_RPC, json.dumps(inner, separators=(",", ":")), None, "generic"]]]


def garturl_response(text: str) -> str | None:
    """The URL in a ``batchexecute`` answer: after the ``)]}'`` guard, JSON rows (some lines are
    chunk lengths); the row ``["wrb.fr", "Fbv4je", "<JSON>" …]`` holds ``["garturlres", URL, …]``."""
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("["):
            continue
        try:
            rows = json.loads(line)
        except ValueError:
            continue
        for row in rows if isinstance(rows, list) else ():
            if not (isinstance(row, list) and len(row) >= 3 and row[:2] == ["wrb.fr", _RPC] and isinstance(row[2], str)):
                continue
            try:
                payload = json.loads(row[2])
            except ValueError:
                continue
            if isinstance(payload, list) and len(payload) >= 2 and payload[0] == "garturlres" and isinstance(payload[1], str):
                return payload[1]
    return None
