"""Issue 11: a pass over a loopback site that mixes every hostile answer we know with good pages.

Every good page must get its snapshot; every hostile one a `fetches` row whose outcome says what
happened (a snapshot where the page could be read after all, else a known error class); the pass
must finish, and `monitor fetch` exit 0 with its summary.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from fixture_site import write_config
from server import unused_port

from monitor.config import load_config
from monitor.pipeline import run_pass

MONITOR = Path(sys.executable).parent / "monitor"
TEXT = ("The two companies met again this week to settle the terms of their long collaboration, "
        "and both sides said the talks had gone well for everyone involved in them.")


def article(title: str, head: str = "", text: str = TEXT) -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
            f"<main><article><h1>{title}</h1><p>{text}</p><p>{title}: {text}</p></article></main></body></html>")


def rss(links: list[str]) -> str:
    items = "".join(f"<item><title>Item {n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>"


def hostile_site(server) -> dict[str, str]:
    """Serve every hostile answer; return path → what its check must end in ("snapshot" or an
    error class)."""
    expect: dict[str, str] = {}

    def page(path: str, outcome: str, body="", **options) -> None:
        server.serve(path, body, **options)
        expect[path] = outcome

    # charsets that are no charset: read as UTF-8 instead
    for label in ("base64", "hex", "rot13", "punycode", "utf-7", "x-user-defined", "undefined-charset"):
        page(f"/charset-header-{label}", "snapshot", article(f"Header {label} café"),
             content_type=f"text/html; charset={label}")
        page(f"/charset-meta-{label}", "snapshot", article(f"Meta {label} café", head=f'<meta charset="{label}">'),
             content_type="text/html")
    # malformed URLs
    page("/canonical-bad-ipv6", "snapshot", article("Bad canonical", head='<link rel="canonical" href="http://[::1/x">'))
    page("/canonical-bad-port", "snapshot",
         article("Bad port", head='<link rel="canonical" href="http://127.0.0.1:99999/x">'))
    server.redirect("/redirect-bad-port", "http://127.0.0.1:99999/x")
    expect["/redirect-bad-port"] = "other"
    server.redirect("/redirect-bad-ipv6", "http://[::1/broken")
    expect["/redirect-bad-ipv6"] = "other"
    server.redirect("/redirect-ftp", "ftp://127.0.0.1/file")
    expect["/redirect-ftp"] = "other"
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    expect["/loop-a"] = "redirects"
    # sizes and encodings
    page("/gzip-bomb", "too_large", gzip.compress(b"<p>" + b"A" * 3_000_000), headers={"Content-Encoding": "gzip"})
    page("/too-long", "too_large", article("Long", text=TEXT * 20_000))
    page("/corrupt-gzip", "decode", b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10, headers={"Content-Encoding": "gzip"})
    page("/brotli", "decode", b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    page("/binary", "decode", bytes(range(256)) * 40)
    # statuses
    page("/server-error", "http_5xx", "broken", status=500)
    page("/rate-limited", "http_429", "slow down", status=429, headers={"Retry-After": "99999999"})
    page("/rate-limited-odd-date", "http_429", "slow down", status=429,
         headers={"Retry-After": "Mon, 99 Foo 99999 99:99:99 GMT"})
    page("/gone", "http_4xx", "gone", status=410)
    page("/challenge", "challenge", "<html><title>Just a moment...</title><body>cf-browser-verification</body></html>",
         status=503)
    # not what was asked for
    page("/empty", "empty", "")
    page("/furniture-only", "empty", "<html><body><nav><a href='/'>Home</a></nav><footer>©</footer></body></html>")
    page("/image", "not_html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    page("/slow", "timeout", article("Slow"), delay=3.0)
    # work without bounds
    page("/nested-divs", "snapshot", "<html><body>" + "<div>" * 50_000 + f"<p>{TEXT}</p>" + "</div>" * 50_000)
    page("/nested-lists", "snapshot", "<html><body>" + "<ul><li>" * 20_000 + f"{TEXT}</body></html>")
    page("/deep-json-ld", "snapshot",
         article("Deep JSON-LD", head='<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>"))
    page("/odd-json-ld", "snapshot",
         article("Odd JSON-LD", head='<script type="application/ld+json">{"@type": [{}], "headline": {"a": 1}}</script>'))
    return expect


def test_a_pass_over_every_hostile_answer_records_each_and_snapshots_every_good_page(tmp_path, server, db):
    expect = hostile_site(server)
    good = [f"/good-{number}" for number in range(8)]
    for path in good:
        server.serve(path, article(f"Good {path}"))
        expect[path] = "snapshot"
    # feeds: malformed and private links among good ones; a page that is no feed
    feed_links = [server.url("/entry-good"), "http://[::1/x", "http://127.0.0.1:99999/x", "javascript:alert(1)",
                  server.url("/entry-bad-canonical"), server.url("/redirect-bad-port") + "?from=feed"]
    server.serve("/feed.xml", rss(feed_links), content_type="application/rss+xml")
    server.serve("/entry-good", article("Entry good"))
    server.serve("/entry-bad-canonical", article("Entry", head='<link rel="canonical" href="http://[::1/x">'))
    server.redirect("/redirect-bad-port?from=feed", "http://127.0.0.1:99999/x")
    server.serve("/guarded-feed.xml", rss([server.url("/good-0?guarded"), "http://10.0.0.1/admin"]),
                 content_type="application/rss+xml")
    server.serve("/not-a-feed.xml", article("Not a feed"), content_type="text/html")
    refused = f"http://127.0.0.1:{unused_port()}/closed"

    sources = [{"name": f"s{number}", "url": server.url(path), "kind": "page"} for number, path in enumerate(expect)]
    sources += [
        {"name": "feed", "url": server.url("/feed.xml"), "kind": "feed"},
        {"name": "guarded-feed", "url": server.url("/guarded-feed.xml"), "kind": "feed", "allow_private": False},
        {"name": "not-a-feed", "url": server.url("/not-a-feed.xml"), "kind": "feed"},
        {"name": "refused", "url": refused, "kind": "page"},
    ]
    config = load_config(write_config(tmp_path / "sources.toml", sources, max_bytes="1MB", read_timeout="1s",
                                      total_timeout="2s", per_host_concurrency=8, concurrency=16))

    summary = run_pass(config, db)

    assert db.execute("SELECT finished_at FROM passes WHERE id = ?", [summary.pass_id]).fetchone()[0]
    snapshots = {url for (url,) in db.execute("SELECT d.url FROM snapshots s JOIN documents d ON d.id = s.document_id")}
    ended = {url: (outcome, error_class) for url, outcome, error_class in db.execute(
        "SELECT url, outcome, error_class FROM fetches WHERE id IN (SELECT max(id) FROM fetches GROUP BY url)")}
    wrong = {}
    for path, outcome in expect.items():
        url = server.url(path)
        got = "snapshot" if url in snapshots else ended.get(url, ("no fetches row", None))[1]
        if got != outcome:
            wrong[path] = (outcome, got, ended.get(url))
    assert wrong == {}
    assert ended[refused] == ("error", "connect")
    assert server.url("/entry-good") in snapshots and server.url("/entry-bad-canonical") in snapshots
    assert ended[server.url("/redirect-bad-port?from=feed")] == ("error", "other")
    assert ended[server.url("/good-0?guarded")] == ("error", "private_address")
    assert ended[server.url("/not-a-feed.xml")] == ("error", "not_html")
    known = {"other", "redirects", "too_large", "decode", "http_5xx", "http_429", "http_4xx", "challenge", "empty",
             "not_html", "timeout", "connect", "private_address"}
    assert {error_class for _, error_class in ended.values() if error_class} <= known
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    # the command line says the same: exit 0, a summary, the failing sources named
    done = subprocess.run([str(MONITOR), "--config", str(tmp_path / "sources.toml"), "--db", str(tmp_path / "cli.db"),
                           "fetch"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "sources failed" in done.stdout
