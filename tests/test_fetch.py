"""Fetcher against a real loopback server: one test per way a fetch can end."""

from __future__ import annotations

import asyncio
import pickle
import tracemalloc
import zlib
from dataclasses import replace

import pytest
from server import LoopbackServer, Reply, unused_port

from monitor.extraction.article import extract
from monitor.fetching._response import Unreadable, page_markup, page_text
from monitor.fetching.http import Fetcher, FetchResult
from monitor.model import FetchPolicy

# Small waits so the whole file runs in seconds; robots.txt stays on (404 → allow all).
FAST = FetchPolicy(
    per_host_delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    retries=2,
    backoff=0.01,
    max_retry_after=5.0,
)

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Deal revised</title></head><body><article><p>The nonprofit now holds a stake
valued at about 130 billion dollars, the company said on Tuesday.</p></article></body></html>"""


def fetch(url: str, policy: FetchPolicy = FAST, **options) -> FetchResult:
    async def go():
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch(url, **options)

    return asyncio.run(go())


def fetch_all(urls: list[str], policy: FetchPolicy = FAST) -> list[FetchResult]:
    async def go():
        async with Fetcher(policy) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(url) for url in urls))

    return asyncio.run(go())


def test_ok_page_is_decoded_and_identifies_us(server):
    server.serve("/a", ARTICLE)
    result = fetch(server.url("/a"))
    assert (result.outcome, result.error_class, result.status) == ("ok", None, 200)
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert "130 billion" in result.text and result.size == len(ARTICLE.encode())
    assert result.attempts == 1 and result.started_at.endswith("Z") and result.duration > 0
    page_request = server.requests_for("/a")[0]
    assert page_request.headers["User-Agent"] == FAST.user_agent
    assert "text/html" in page_request.headers["Accept"]


def test_unresolvable_host_is_dns_and_not_retried():
    result = fetch("http://no-such-host.invalid/news")
    assert (result.outcome, result.error_class, result.attempts) == ("error", "dns", 1)


def test_refused_connection_is_connect_and_retried():
    result = fetch(f"http://127.0.0.1:{unused_port()}/news")
    assert result.error_class == "connect"
    assert result.attempts == FAST.retries + 1


def test_server_too_slow_to_answer_is_timeout(server):
    server.serve("/slow", ARTICLE, delay=1.0)
    result = fetch(server.url("/slow"), replace(FAST, read_timeout=0.2, retries=0))
    assert result.error_class == "timeout"


def test_body_trickling_past_total_timeout_is_timeout(server):
    server.serve("/drip", ARTICLE, chunk_size=40, chunk_delay=0.1)
    result = fetch(server.url("/drip"), replace(FAST, total_timeout=0.4, retries=0))
    assert result.error_class == "timeout"
    assert "0.4" in result.error


def test_not_found_is_http_4xx_and_not_retried(server):
    result = fetch(server.url("/missing"))
    assert (result.error_class, result.status, result.attempts) == ("http_4xx", 404, 1)
    assert len(server.requests_for("/missing")) == 1


def test_server_error_then_success_is_retried(server):
    server.serve_sequence("/flaky", [Reply("down", 500), Reply(ARTICLE, 200, {"Content-Type": "text/html"})])
    result = fetch(server.url("/flaky"))
    assert (result.outcome, result.attempts) == ("ok", 2)
    (first,) = result.retried
    assert (first.outcome, first.error_class, first.status, first.attempts) == ("error", "http_5xx", 500, 1)
    assert first.started_at < result.started_at


def test_persistent_server_error_gives_up_after_retries(server):
    server.serve("/down", "down", status=502)
    result = fetch(server.url("/down"))
    assert (result.error_class, result.attempts) == ("http_5xx", FAST.retries + 1)
    assert [earlier.attempts for earlier in result.retried] == list(range(1, FAST.retries + 1))


def test_retry_after_is_honoured(server):
    server.serve_sequence(
        "/busy",
        [Reply("slow down", 429, {"Retry-After": "1"}), Reply(ARTICLE, 200, {"Content-Type": "text/html"})],
    )
    result = fetch(server.url("/busy"))
    assert (result.outcome, result.attempts) == ("ok", 2)
    first, second = server.requests_for("/busy")
    assert second.at - first.at >= 0.9


def test_retry_after_beyond_cap_gives_up(server):
    server.serve("/busy", "come back tomorrow", status=503, headers={"Retry-After": "86400"})
    result = fetch(server.url("/busy"))
    assert (result.error_class, result.attempts) == ("http_5xx", 1)
    assert "not retrying" in result.error


def test_redirects_are_followed_to_the_final_url(server):
    server.redirect("/old", "/moved")
    server.redirect("/moved", server.url("/new"), status=301)
    server.serve("/new", ARTICLE)
    result = fetch(server.url("/old"))
    assert result.outcome == "ok"
    assert (result.url, result.final_url) == (server.url("/old"), server.url("/new"))


def test_redirect_loop_is_redirects(server):
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    result = fetch(server.url("/a"), replace(FAST, max_redirects=3))
    assert result.error_class == "redirects"
    assert len(server.requests_for("/a")) + len(server.requests_for("/b")) == 4


def test_pdf_is_not_html_and_its_body_is_not_read(server):
    server.serve("/report.pdf", b"%PDF-1.7 " + b"x" * 10_000, content_type="application/pdf")
    result = fetch(server.url("/report.pdf"))
    assert (result.error_class, result.content_type, result.body) == ("not_html", "application/pdf", None)


def test_page_without_type_is_sniffed(server):
    server.serve("/untyped", ARTICLE, content_type=None)
    server.serve("/plain", "just some words, not a page", content_type="text/plain")
    assert fetch(server.url("/untyped")).outcome == "ok"
    assert fetch(server.url("/plain")).error_class == "not_html"


def test_feed_labelled_html_is_accepted_as_feed(server):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    server.serve("/feed", rss, content_type="text/html")
    assert fetch(server.url("/feed"), expect="feed").outcome == "ok"
    server.serve("/page", ARTICLE)
    assert fetch(server.url("/page"), expect="feed").error_class == "not_html"


def test_oversized_body_is_too_large(server):
    server.serve("/big", "<html>" + "x" * 50_000)
    result = fetch(server.url("/big"), replace(FAST, max_bytes=10_000))
    assert (result.error_class, result.body) == ("too_large", None)


def test_gzip_page_is_decompressed(server):
    server.serve_gzip("/zipped", ARTICLE)
    result = fetch(server.url("/zipped"))
    assert result.outcome == "ok" and "130 billion" in result.text
    assert "gzip" in server.requests_for("/zipped")[0].headers["Accept-Encoding"]


def test_deflate_page_is_decompressed(server):
    server.serve("/deflated", zlib.compress(ARTICLE.encode()), headers={"Content-Encoding": "deflate"})
    assert fetch(server.url("/deflated")).outcome == "ok"


def _gzip_bomb(inflated_size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    pieces = [compressor.compress(zeros) for _ in range(inflated_size >> 20)]
    return b"".join(pieces) + compressor.flush()


def test_gzip_bomb_stops_at_the_cap_without_inflating(server):
    bomb = _gzip_bomb(100 << 20)  # about 100 KB that inflate to 100 MB
    server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    cap = 1 << 20
    tracemalloc.start()
    try:
        result = fetch(server.url("/bomb"), replace(FAST, max_bytes=cap))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error_class == "too_large"
    assert result.size == cap + 1
    assert peak < 16 * cap  # 100 MB inflated would be far above this


def test_corrupt_gzip_is_decode(server):
    server.serve("/broken", b"\x1f\x8b\x08\x00 definitely not deflate data", headers={"Content-Encoding": "gzip"})
    assert fetch(server.url("/broken")).error_class == "decode"


def test_latin1_bytes_despite_utf8_header_are_decoded_right(server):
    page = "<html><body><p>Le groupe détient désormais 27 % du capital, a précisé la société à Paris.</p>"
    server.serve("/fr", page.encode("latin-1"), content_type="text/html; charset=utf-8")
    result = fetch(server.url("/fr"))
    assert "détient désormais 27 % du capital, a précisé la société" in result.text
    assert result.charset == "cp1252"


def test_meta_charset_windows_1252_is_used(server):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
    page += "<body><p>Die \u201eÜbernahme\u201c für 13 Milliarden Dollar wurde geprüft.</p></body></html>"
    server.serve("/de", page.encode("cp1252"), content_type="text/html")
    result = fetch(server.url("/de"))
    assert "\u201eÜbernahme\u201c für 13 Milliarden" in result.text
    assert result.charset == "cp1252"


def test_binary_labelled_html_is_decode(server):
    server.serve("/binary", b"<html>" + bytes(range(256)) * 8)
    assert fetch(server.url("/binary")).error_class == "decode"


def test_a_body_left_undecoded_keeps_its_header_charset_and_decodes_later_as_fetch_would(server):
    """`decode=False` (the pipeline's worker decodes): no text yet, the Content-Type's charset
    kept, and `page_text` gives what a decoding fetch gives; bytes that are no text fail there."""
    page = "<html><body><p>Die Stiftung hält nun 26 Prozent, für rund 130 Milliarden Dollar.</p></body></html>"
    server.serve("/de", page.encode("cp1252"), content_type="text/html; charset=windows-1252")
    server.serve("/binary", b"<html>" + bytes(range(256)) * 8)
    undecoded, decoded = fetch(server.url("/de"), decode=False), fetch(server.url("/de"))
    assert (undecoded.outcome, undecoded.text, undecoded.header_charset) == ("ok", None, "windows-1252")
    assert page_text(undecoded.body, undecoded.header_charset) == (decoded.text, decoded.charset) == (page, "cp1252")
    binary = fetch(server.url("/binary"), decode=False)
    assert binary.outcome == "ok"
    with pytest.raises(Unreadable) as unreadable:
        page_text(binary.body, binary.header_charset)
    assert unreadable.value.error_class == "decode"
    assert pickle.loads(pickle.dumps(unreadable.value)).error_class == "decode"  # crosses to a worker process


_GRANT = "<html lang=fr><body><article><p>Le fonds de 50 millions de dollars finance l’éducation à l’IA, " \
    "l’innovation locale et l’accès à l’emploi, selon la fondation qui le gère depuis septembre.</p></article></body></html>"


@pytest.mark.parametrize(("body", "header_charset", "as_bytes"), [
    (_GRANT.encode("utf-8"), "utf-8", True),  # plain UTF-8: the parser takes the bytes
    (_GRANT.encode("utf-8"), None, True),
    (b"\xef\xbb\xbf" + _GRANT.encode("utf-8"), None, False),  # a byte-order mark: decoded
    (_GRANT.encode("cp1252", errors="replace"), "windows-1252", False),
    (_GRANT.encode("cp1252", errors="replace"), "utf-8", False),  # mislabelled: decoded as what it is
    (_GRANT.encode("utf-8")[:-40] * 8 + b"\xff" + _GRANT.encode("utf-8")[-40:], None, False),  # a broken byte: replaced
])
def test_page_markup_hands_plain_utf8_bytes_to_the_parser_and_extracts_as_the_text_would(body, header_charset, as_bytes):
    markup = page_markup(body, header_charset)
    assert isinstance(markup, bytes) is as_bytes
    text = page_text(body, header_charset)[0]
    assert markup is body if as_bytes else markup == text
    assert extract(markup, "https://example.org/a") == extract(text, "https://example.org/a")
    assert "l’éducation à l’IA" in extract(markup).text


def test_page_markup_refuses_what_page_text_refuses():
    for body, error_class in ((b"<html>" + bytes(range(256)) * 8, "decode"), (b" \n\t ", "empty")):
        with pytest.raises(Unreadable) as unreadable:
            page_markup(body, None)
        assert unreadable.value.error_class == error_class


@pytest.mark.parametrize("body", [b"", b"  \n\t \r\n "])
def test_empty_or_blank_body_is_empty(server, body):
    server.serve("/blank", body)
    assert fetch(server.url("/blank")).error_class == "empty"


def test_robots_disallow_means_the_page_is_never_requested(server):
    server.serve("/robots.txt", "User-agent: monitor\nDisallow: /private/\n", content_type="text/plain")
    server.serve("/private/memo", ARTICLE)
    server.serve("/public", ARTICLE)
    results = fetch_all([server.url("/private/memo"), server.url("/public"), server.url("/public")])
    assert [r.error_class for r in results] == ["robots", None, None]
    assert server.requests_for("/private/memo") == []
    assert len(server.requests_for("/robots.txt")) == 1


def test_rules_for_other_robots_do_not_apply(server):
    server.serve("/robots.txt", "User-agent: SomeOtherBot\nDisallow: /\n", content_type="text/plain")
    server.serve("/page", ARTICLE)
    assert fetch(server.url("/page")).outcome == "ok"


def test_robots_server_error_means_disallow(server):
    server.serve("/robots.txt", "oops", status=500, content_type="text/plain")
    server.serve("/page", ARTICLE)
    result = fetch(server.url("/page"))
    assert result.error_class == "robots" and "RFC 9309" in result.error
    assert server.requests_for("/page") == []


def test_robots_can_be_ignored_by_policy(server):
    server.serve("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.serve("/page", ARTICLE)
    assert fetch(server.url("/page"), replace(FAST, respect_robots=False)).outcome == "ok"
    assert server.requests_for("/robots.txt") == []


def test_conditional_get_gives_not_modified(server):
    validators = {"ETag": '"v1"', "Last-Modified": "Tue, 28 Oct 2025 08:00:00 GMT"}
    server.serve("/doc", ARTICLE, headers=validators)
    first = fetch(server.url("/doc"))
    assert (first.etag, first.last_modified) == ('"v1"', validators["Last-Modified"])

    second = fetch(server.url("/doc"), etag=first.etag, last_modified=first.last_modified)
    assert (second.outcome, second.status, second.body, second.etag) == ("not_modified", 304, None, '"v1"')
    sent = server.requests_for("/doc")[1].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == ('"v1"', validators["Last-Modified"])

    server.serve("/doc", ARTICLE.replace("130", "135"), headers={"ETag": '"v2"'})
    third = fetch(server.url("/doc"), etag=first.etag)
    assert third.outcome == "ok" and "135 billion" in third.text and third.etag == '"v2"'


def test_requests_to_one_host_are_spaced_by_the_delay(server):
    """Measured where the server sees them, on a connection opened beforehand: a first request's
    own connecting would otherwise delay its arrival and shrink the gap to the next one."""
    server.serve("/p", ARTICLE)
    server.serve("/warm-up", ARTICLE)
    policy = replace(FAST, per_host_delay=0.3, respect_robots=False, per_host_concurrency=4)

    async def go():
        async with Fetcher(policy) as fetcher:
            await fetcher.fetch(server.url("/warm-up"))
            return await asyncio.gather(*(fetcher.fetch(server.url("/p")) for _ in range(3)))

    results = asyncio.run(go())
    assert all(r.outcome == "ok" for r in results)
    arrivals = sorted(request.at for request in server.requests_for("/p"))
    assert all(later - earlier >= 0.25 for earlier, later in zip(arrivals, arrivals[1:]))


def test_per_host_concurrency_is_bounded(server):
    server.serve("/slow", ARTICLE, delay=0.3)
    policy = replace(FAST, per_host_concurrency=2, respect_robots=False)
    results = fetch_all([server.url("/slow")] * 4, policy)
    assert all(r.outcome == "ok" for r in results)
    arrivals = sorted(request.at for request in server.requests_for("/slow"))
    assert arrivals[2] - arrivals[0] >= 0.25  # the third waited for one of the first two to finish


def test_global_concurrency_is_bounded():
    with LoopbackServer() as first, LoopbackServer() as second:
        for server in (first, second):
            server.serve("/slow", ARTICLE, delay=0.3)
        policy = replace(FAST, concurrency=1, respect_robots=False)
        results = fetch_all([first.url("/slow"), second.url("/slow")], policy)
        assert all(r.outcome == "ok" for r in results)
        (a,), (b,) = first.requests_for("/slow"), second.requests_for("/slow")
        assert abs(a.at - b.at) >= 0.25  # two hosts, but one global slot


def test_cloudflare_interstitial_is_challenge_and_not_retried(server):
    page = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    server.serve("/guarded", page, status=503)
    result = fetch(server.url("/guarded"))
    assert (result.error_class, result.status, result.attempts) == ("challenge", 503, 1)


def test_captcha_page_with_200_is_challenge(server):
    page = "<html><body><p>Please enable JavaScript and cookies to continue.</p><div class=g-recaptcha></div>"
    server.serve("/guarded", page)
    assert fetch(server.url("/guarded")).error_class == "challenge"


def test_long_article_about_captchas_is_not_a_challenge(server):
    paragraph = "<p>Researchers said the captcha systems used by banks are easy to defeat with modern models.</p>"
    server.serve("/story", "<html><body>" + paragraph * 150 + "</body></html>")
    assert fetch(server.url("/story")).outcome == "ok"
