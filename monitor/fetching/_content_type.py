"""Decide from the Content-Type (and, when it is vague, the first bytes) whether a body is
what the caller expects: an HTML page or a feed.

Rejecting early matters: a PDF or an image must never reach the HTML extractor, and a clear
type lets us refuse before downloading the body. Servers often label feeds ``text/html`` and
pages ``text/plain`` or nothing at all; for those vague labels the body decides.
"""

from __future__ import annotations

import re
from email.message import Message
from functools import lru_cache
from typing import Literal

Expectation = Literal["html", "feed"]
Acceptance = Literal["accept", "reject", "sniff"]

_ACCEPTED = {
    "html": {"text/html", "application/xhtml+xml"},
    "feed": {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"},
}
_VAGUE = {"", "text/plain", "application/octet-stream", "binary/octet-stream"}
_SNIFF_PATTERNS = {
    "html": re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|title|meta)\b", re.I | re.S),
    "feed": re.compile(rb"^\s*(?:<\?xml\b|<rss\b|<feed\b|<rdf:RDF\b)", re.I),
}
ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
}


@lru_cache(maxsize=256)  # a few labels recur on every page of a pass, and the email parser is slow
def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=UTF-8"`` → ``("text/html", "UTF-8")``; missing → ``("", None)``."""
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type() if "/" in header else "", charset if isinstance(charset, str) else None


def acceptance(expect: Expectation, media_type: str) -> Acceptance:
    if media_type in _ACCEPTED[expect]:
        return "accept"
    if media_type in _VAGUE or (expect == "feed" and media_type == "text/html"):
        return "sniff"
    if expect == "feed" and media_type.endswith("+xml") and media_type not in _ACCEPTED["html"]:
        return "accept"
    return "reject"


def looks_like(expect: Expectation, body: bytes) -> bool:
    """Whether the first bytes look like HTML (or a feed), ignoring a UTF-8 byte-order mark."""
    return bool(_SNIFF_PATTERNS[expect].match(body.removeprefix(b"\xef\xbb\xbf")[:1024]))
