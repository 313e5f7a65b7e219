"""A final (non-redirect) response read into an outcome: status, content type, the capped
body, bot challenges, charset.

Apart from the request loop because none of this depends on how the response was obtained:
it reads one httpx response and judges what it holds.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from monitor.fetching._challenge import challenge_marker
from monitor.fetching._charset import Decoded, DecodeFailed, decode_text
from monitor.fetching._content_type import (
    Expectation,
    acceptance,
    looks_like,
    parse_content_type,
)
from monitor.fetching._inflate import BadEncoding, BodyTooLarge, BoundedInflater
from monitor.fetching._outcome import Attempt, FetchResult, failure

if TYPE_CHECKING:  # only named here: re-extraction reads stored pages without the HTTP stack
    import httpx

_ERROR_PAGE_BYTES = 65_536  # enough of an error page to recognise a challenge


class Unreadable(Exception):
    """A body that is no usable text: ``error_class`` "decode" (no charset makes sense of it) or "empty"."""

    def __init__(self, error_class: str, message: str):
        super().__init__(error_class, message)  # both in args, so the error crosses a process boundary
        self.error_class = error_class
        self.message = message

    def __str__(self) -> str:
        return self.message


async def conclude(
    url: str, final_url: str, response: httpx.Response, expect: Expectation, max_bytes: int, *, decode: bool = True
) -> Attempt:
    """Turn a final response into a result; reads the body (at most ``max_bytes`` decompressed) when needed.

    ``decode=False`` leaves a good body undecoded (``text`` None, ``header_charset`` kept), for
    the caller to decode with ``page_text`` where the CPU time suits it.
    """
    status = response.status_code
    headers = dict(response.headers.items())  # read once: httpx decodes every header on each lookup
    media_type, header_charset = parse_content_type(headers.get("content-type"))
    common = dict(
        url=url,
        final_url=final_url,
        status=status,
        content_type=media_type or None,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )
    if status == 304:
        return Attempt(FetchResult(outcome="not_modified", **common))
    if not 200 <= status < 300:
        return await _conclude_error(response, common)

    verdict = acceptance(expect, media_type)
    wanted = "an HTML page" if expect == "html" else "an RSS/Atom feed"
    if verdict == "reject":
        return failure("not_html", f"{media_type} is not {wanted}", **common)
    declared_length = headers.get("content-length", "")
    if not headers.get("content-encoding") and declared_length.isdigit():
        if int(declared_length) > max_bytes:
            message = f"Content-Length {declared_length} is over the {max_bytes}-byte cap"
            return failure("too_large", message, **common)
    try:
        inflater = BoundedInflater(headers.get("content-encoding"), max_bytes)
        body = await read_body(response, inflater)
    except BodyTooLarge as exc:
        return failure("too_large", str(exc), size=inflater.produced, **common)
    except BadEncoding as exc:
        return failure("decode", str(exc), **common)
    common.update(body=body, size=len(body))
    if not body or body.isspace():  # without copying the body, as strip() would
        return failure("empty", "the body is empty", **common)
    if verdict == "sniff" and not looks_like(expect, body):
        message = f"labelled {media_type or 'without a type'} and does not look like {wanted}"
        return failure("not_html", message, **common)
    marker = challenge_marker(status, headers, body)
    if marker:
        return failure("challenge", f"bot challenge page ({marker})", **common)
    if not decode:
        return Attempt(FetchResult(outcome="ok", header_charset=header_charset, **common))
    try:
        text, charset = page_text(body, header_charset)
    except Unreadable as exc:
        return failure(exc.error_class, exc.message, **common)
    return Attempt(FetchResult(outcome="ok", text=text, charset=charset, **common))


def page_text(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """The text of a good body and the charset it was decoded with; raise ``Unreadable`` when it has none."""
    decoded = _readable(body, header_charset)
    return decoded.text, decoded.charset


def page_markup(body: bytes, header_charset: str | None) -> str | bytes:
    """A good body as the HTML parser should take it: its bytes when they are plain UTF-8 (Lexbor
    reads UTF-8 natively, and would encode a str back to those very bytes first: a quarter of a
    millisecond a page, holding the interpreter lock), else its decoded text. Raises
    ``Unreadable`` as ``page_text`` does."""
    decoded = _readable(body, header_charset)
    return body if decoded.plain_utf8 else decoded.text


def _readable(body: bytes, header_charset: str | None) -> Decoded:
    try:
        decoded = decode_text(body, header_charset)
    except DecodeFailed as exc:
        raise Unreadable("decode", str(exc)) from None
    if not decoded.text or decoded.text.isspace():  # without copying the text, as strip() would
        raise Unreadable("empty", "the text is only whitespace")
    return decoded


async def _conclude_error(response: httpx.Response, common: dict) -> Attempt:
    status = response.status_code
    inflater = BoundedInflater(response.headers.get("content-encoding"), _ERROR_PAGE_BYTES)
    body = await read_body(response, inflater, truncate=True)
    marker = challenge_marker(status, response.headers, body)
    if marker:
        message = f"bot challenge page, HTTP {status} ({marker})"
        return failure("challenge", message, body=body, size=len(body), **common)
    error_class = status_error_class(status)
    message = f"HTTP {status} {response.reason_phrase}".rstrip()
    retry_after = _retry_after(response.headers.get("retry-after")) if status in (429, 503) else None
    return failure(error_class, message, retry_after, body=body, size=len(body), **common)


def status_error_class(status: int) -> str:
    """The error class of a final answer that is neither 2xx nor 304."""
    if status == 429:
        return "http_429"
    if 400 <= status < 500:
        return "http_4xx"
    if 500 <= status < 600:
        return "http_5xx"
    return "other"


async def read_body(response: httpx.Response, inflater: BoundedInflater, *, truncate: bool = False) -> bytes:
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


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header, given as seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
