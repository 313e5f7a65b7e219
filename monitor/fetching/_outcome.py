"""What a fetch returns, and how one try of it ended.

Its own module because the request loop (``http.py``), the hop-by-hop client
(``_polite.py``) and the response reader (``_response.py``) all build these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FetchResult:
    url: str  # requested
    final_url: str  # after redirects
    outcome: str  # "ok", "not_modified", or "error"
    error_class: str | None = None  # dns, connect, timeout, http_4xx, http_5xx, http_429, robots,
    # too_large, not_html, empty, challenge, redirects, decode, private_address, browser_unavailable,
    # google_news, other
    error: str | None = None  # human-readable message
    status: int | None = None
    content_type: str | None = None  # media type without parameters: "text/html"
    charset: str | None = None  # the codec the text was decoded with
    body: bytes | None = None  # decompressed bytes (capped)
    text: str | None = None  # decoded text (for ok, unless the fetch was asked not to decode)
    header_charset: str | None = None  # the Content-Type's charset, kept when the body was left undecoded
    etag: str | None = None
    last_modified: str | None = None
    started_at: str = ""  # ISO 8601 UTC
    duration: float = 0.0  # seconds
    size: int = 0  # decompressed bytes read
    attempts: int = 0
    retried: tuple[FetchResult, ...] = ()  # the earlier tries that failed transiently, oldest first
    fetcher: str = "http"  # what read it: "http", or "browser" (headless Chromium)


@dataclass
class Attempt:
    """How one try ended; ``retry_after`` is the server's wish, if it stated one."""

    result: FetchResult
    retry_after: float | None = None


def failure(error_class: str, message: str, retry_after: float | None = None, **fields) -> Attempt:
    return Attempt(FetchResult(outcome="error", error_class=error_class, error=message, **fields), retry_after)
