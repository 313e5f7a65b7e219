"""Read a page's title, publication date, declared language and canonical URL.

Why a fixed order of sources: publishers state the same fact in several places of varying
reliability (Open Graph and JSON-LD are written for machines, <title> carries the site name,
a date in the URL is only a day). Each field takes the first source that gives a usable value:

- title: og:title, JSON-LD headline (head, then body), first <h1>, <title> minus " | Site";
- published: JSON-LD datePublished in <head>, date <meta> tags, JSON-LD in <body>,
  first <time datetime>, a /yyyy/mm/dd/ date in the URL;
- language: <html lang>, og:locale, Content-Language, JSON-LD inLanguage;
- canonical URL: <link rel=canonical>, og:url (made absolute against the page URL).

Sources in <body> are searched only when <head> did not answer, because each search walks
the whole tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from monitor.extraction._whitespace import normalise_space

# meta keys (name, property, itemprop or http-equiv, lower-cased) that carry the publication date
DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "citation_publication_date",
)
ARTICLE_TYPES = frozenset((
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "TechArticle", "ScholarlyArticle",
    "LiveBlogPosting", "PressRelease",
))
_HEAD_SELECTOR = 'meta, link[rel~=canonical], title, script[type="application/ld+json"]'
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—·:»]\s+[^|\-–—·:»]{2,60}$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/._-]|$)")
_ISO_START = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]|$)")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    published: str | None = None
    language: str | None = None  # declared by the page, normalised to ISO 639-1
    canonical_url: str | None = None


def page_metadata(tree: LexborHTMLParser, url: str | None = None) -> PageMetadata:
    """Metadata of a parsed page; call before the main-text step mutates the tree."""
    meta: dict[str, str] = {}
    title_tag = canonical = None
    json_ld: list[str] = []
    scope = tree.head or tree.root
    for node in scope.css(_HEAD_SELECTOR) if scope is not None else ():
        tag, attributes = node.tag, node.attributes
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
                   or attributes.get("http-equiv") or "").lower()
            content = attributes.get("content")
            if key and content and key not in meta:
                meta[key] = content.strip()
        elif tag == "link":
            canonical = canonical or attributes.get("href")
        elif tag == "title":
            title_tag = title_tag or node.text()
        else:
            json_ld.append(node.text())
    article_ld = _json_ld_article(json_ld)
    body = _BodyHints(tree)

    title = (meta.get("og:title") or _text(article_ld.get("headline")) or _text(body.article_ld.get("headline"))
             or body.first_h1 or _strip_site_suffix(title_tag))
    published = (_iso_date(_text(article_ld.get("datePublished")))
                 or next(filter(None, (_iso_date(meta.get(key)) for key in DATE_KEYS)), None)
                 or _iso_date(_text(body.article_ld.get("datePublished")))
                 or _iso_date(body.first_time) or _url_date(url))
    language = _language_code((tree.root.attributes.get("lang") if tree.root is not None else None)
                              or meta.get("og:locale") or meta.get("content-language")
                              or _text(article_ld.get("inLanguage")))
    canonical_url = _valid_url(canonical or meta.get("og:url"), url)
    return PageMetadata(normalise_space(title) or None if title else None, published, language,
                        canonical_url or None)


def _valid_url(link: str | None, base: str | None) -> str | None:
    """``link`` made absolute against ``base``; None when it is malformed ("http://[::1/x", a
    port out of range): a hostile page's canonical link names nothing."""
    if not link:
        return None
    try:
        absolute = urljoin(base, link) if base else link
        urlsplit(absolute).port  # noqa: B018 — raises ValueError for a port out of range
    except ValueError:
        return None
    return absolute


class _BodyHints:
    """JSON-LD, first <h1> and first <time datetime> of <body>, found in one walk of the tree,
    and only if a field is still missing after <head> (the walk costs as much as the rest)."""

    _SELECTOR = 'script[type="application/ld+json"], h1, time[datetime]'

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._found: tuple[dict[str, Any], str | None, str | None] | None = None

    def _search(self) -> tuple[dict[str, Any], str | None, str | None]:
        if self._found is None:
            scripts, first_h1, first_time = [], None, None
            body = self._tree.body
            for node in body.css(self._SELECTOR) if body is not None else ():
                tag = node.tag
                if tag == "script":
                    scripts.append(node.text())
                elif tag == "h1":
                    first_h1 = first_h1 or normalise_space(node.text()) or None
                elif first_time is None:
                    first_time = node.attributes.get("datetime")
            self._found = (_json_ld_article(scripts), first_h1, first_time)
        return self._found

    @property
    def article_ld(self) -> dict[str, Any]:
        return self._search()[0]

    @property
    def first_h1(self) -> str | None:
        return self._search()[1]

    @property
    def first_time(self) -> str | None:
        return self._search()[2]


def _json_ld_article(scripts: list[str]) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (or the first with a headline)."""
    fallback: dict[str, Any] = {}
    for script in scripts:
        try:
            data = json.loads(script, strict=False)
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            continue
        for item in _json_ld_items(data):
            types = item.get("@type")
            types = {name for name in (types if isinstance(types, list) else [types]) if isinstance(name, str)}
            if types & ARTICLE_TYPES:
                return item
            if not fallback and ("headline" in item or "datePublished" in item):
                fallback = item
    return fallback


_JSON_LD_DEPTH = 8  # lists and @graphs within each other: real pages use two or three


def _json_ld_items(data: Any, depth: int = 0) -> Iterator[dict]:
    if depth > _JSON_LD_DEPTH:
        return
    if isinstance(data, list):
        for element in data:
            yield from _json_ld_items(element, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_ld_items(data["@graph"], depth + 1)


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _strip_site_suffix(title: str | None) -> str | None:
    """"Deal signed | The Daily" → "Deal signed" (only when enough title is left)."""
    if not title:
        return None
    title = normalise_space(title)
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if len(stripped) >= 15 else title


def _iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or date-time from the formats publishers use, else None."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(value)  # RFC 2822: "Tue, 28 Oct 2025 14:00:00 GMT"
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is not None:
        if len(value) <= 10:
            return parsed.date().isoformat()
        return parsed.isoformat()
    match = _ISO_START.match(value)
    if match:
        try:
            return datetime(*map(int, match.groups())).date().isoformat()
        except ValueError:
            return None
    return None


def _url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return datetime(*map(int, match.groups())).date().isoformat()
    except ValueError:
        return None


def _language_code(value: str | None) -> str | None:
    """"fr-FR", "fr_FR", "FR" → "fr"; anything else → None."""
    match = _LANGUAGE.match((value or "").strip())
    return match.group(1).lower() if match and len(match.group(1)) == 2 else None
