"""Recognise bot-challenge pages (Cloudflare, DataDome, PerimeterX, captchas).

Such a page is not the article: stored as a snapshot it would look like the article was
replaced. Markers come in two strengths. Strong markers (the challenge scripts' own names,
the interstitial titles, Cloudflare's ``cf-mitigated`` header) count on any page. Weak ones
("captcha", "enable JavaScript and cookies") also appear in real articles, so they count only
on an error status or a page too short to be an article.
"""

from __future__ import annotations

from collections.abc import Mapping

_STRONG_MARKERS = tuple(marker.encode() for marker in (
    "<title>just a moment...</title>",
    "<title>attention required! | cloudflare</title>",
    "/cdn-cgi/challenge-platform/",
    "cf_chl_opt",
    "cf-browser-verification",
    "captcha-delivery.com",  # DataDome
    "px-captcha",  # PerimeterX
    "<title>access denied</title>",  # Akamai
))
_WEAK_MARKERS = tuple(marker.encode() for marker in (
    "please enable javascript and cookies",
    "enable javascript and cookies to continue",
    "checking your browser before accessing",
    "verify you are human",
    "are you a robot",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha",
    "captcha",
))
_CHALLENGE_STATUSES = (403, 429, 503)
_SHORT_PAGE_BYTES = 10_000  # real articles are longer than this, challenge pages shorter
_SCAN_BYTES = 32_768


def challenge_marker(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """The marker that gives the page away as a bot challenge, or None for a normal page."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "cf-mitigated: challenge"
    head = body[:_SCAN_BYTES].lower()  # the markers are ASCII: the bytes need no decoding
    for marker in _STRONG_MARKERS:
        if marker in head:
            return marker.decode()
    if status in _CHALLENGE_STATUSES or len(body) < _SHORT_PAGE_BYTES:
        for marker in _WEAK_MARKERS:
            if marker in head:
                return marker.decode()
    return None
