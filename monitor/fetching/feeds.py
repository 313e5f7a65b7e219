"""RSS and Atom feeds → the article URLs worth checking.

A feed tells us which articles exist; the articles themselves are fetched and read later.
So this module keeps, per entry, only what decides whether to follow it (title, summary, date)
and the URL to follow, canonicalised so that one article reached through different tracking
links is one document.

Feeds are parsed by feedparser from the raw bytes (it reads the XML declaration for the
charset); no HTML parser ever sees the XML.

Google News feeds: their links are ``news.google.com/rss/articles/…`` redirect URLs, not the
publishers' URLs. They are returned as they are and followed as-is by the fetcher (each hop
obeying that host's robots.txt). When Google answers with its own page instead of an HTTP
redirect, that page is what the fetch yields, and extraction finds no article in it.
"""

from __future__ import annotations

import html
import io
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import feedparser

from monitor.errors import MonitorError

# Query parameters that only say how a reader arrived: campaign tags and click identifiers.
_TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "oly_anon_id", "oly_enc_id",
    "vero_id", "xtor", "at_medium", "at_campaign", "at_source", "ns_mchannel", "ns_source",
    "ns_campaign", "ns_linkname", "ns_fee", "cmp", "cmpid", "ito",
}
_TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "‘": "'"})


class FeedError(MonitorError):
    """The bytes are not an RSS or Atom feed at all."""


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute and canonical (see canonicalize_url)
    title: str | None
    published: str | None  # ISO 8601 UTC, from the entry's published or else updated date
    summary: str | None  # plain text


def parse_feed(content: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order, one per distinct URL.

    Relative links are resolved against the feed's ``xml:base`` or else ``base_url`` (the URL
    the feed was fetched from). Entries without a link, or with a malformed one, are skipped.
    Raises FeedError when the content is not a feed.
    """
    # A stream, not bytes: given bytes, feedparser would first try them as a file name.
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": base_url, "content-type": "application/xml"},
    )
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise FeedError(f"{base_url}: not a feed ({reason})")
    return _entries(parsed, base_url)


def newest(entries: Sequence[FeedEntry], count: int) -> list[FeedEntry]:
    """The ``count`` newest entries: by date, newest first; undated ones after, in feed order."""
    dated = sorted((entry for entry in entries if entry.published), key=lambda entry: entry.published, reverse=True)
    return (dated + [entry for entry in entries if not entry.published])[:count]


def _entries(parsed, base_url: str) -> list[FeedEntry]:
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        link = item.get("link")
        if not link or not isinstance(link, str):
            continue
        try:
            url = canonicalize_url(urljoin(base_url, link))
            parts = urlsplit(url)
            parts.port  # noqa: B018 — a port out of range raises ValueError
        except ValueError:
            continue  # a malformed link ("http://[::1/x", port 99999) is no article
        if parts.scheme not in ("http", "https") or not parts.hostname or url in seen:
            continue
        seen.add(url)
        entries.append(
            FeedEntry(
                url=url,
                title=_plain(item.get("title")),
                published=_iso(item.get("published_parsed") or item.get("updated_parsed")),
                summary=_plain(item.get("summary")),
            )
        )
    return entries


def matches_topic(entry: FeedEntry, topic: Sequence[str]) -> bool:
    """Whether any keyword of ``topic`` occurs in the entry's title or summary.

    Matching ignores case and accents ("societe" finds "Société") and respects word
    boundaries ("AI" does not match "said"). A keyword with spaces matches as a phrase, whose
    words may also be joined by hyphens ("non profit" finds "non-profit"); a
    keyword ending in ``*`` matches as a prefix ("invest*" finds "investment").
    An empty topic matches everything.
    """
    if not topic:
        return True
    haystack = _fold(" ".join(part for part in (entry.title, entry.summary) if part))
    return any(_keyword_pattern(keyword).search(haystack) for keyword in topic if keyword.strip(" *"))


def canonicalize_url(url: str) -> str:
    """One spelling per article URL.

    Drops tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``xtor``…) and the
    fragment; lowercases scheme and host; drops the default port; keeps every other query
    parameter, in order and as written.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    userinfo, at, hostport = parts.netloc.rpartition("@")
    hostport = hostport.lower()
    if scheme in _DEFAULT_PORTS:
        hostport = hostport.removesuffix(_DEFAULT_PORTS[scheme])
    path = parts.path or ("/" if hostport else "")
    query = "&".join(piece for piece in parts.query.split("&") if piece and not _is_tracking(piece))
    return urlunsplit((scheme, userinfo + at + hostport, path, query, ""))


def _is_tracking(query_piece: str) -> bool:
    name = unquote_plus(query_piece.split("=", 1)[0]).lower()
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def _plain(markup: str | None) -> str | None:
    """Feed text (which may hold escaped HTML) as one line of plain text."""
    if not markup:
        return None
    text = _SPACES.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()
    return text or None


def _iso(moment: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment) if moment else None


def _fold(text: str) -> str:
    """Lowercase, accents removed, ligatures spelled out: the form keywords are matched in."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    folded = _fold(keyword.strip())
    prefix = folded.endswith("*")
    words = folded.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(word) for word in words)
    return re.compile(r"(?<!\w)" + body + ("" if prefix else r"(?!\w)"))
