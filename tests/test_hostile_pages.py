"""Issue 11: one hostile page must never stop a pass, and no page may make the work unbounded.

Every test here serves the hostile answer from a real loopback server and runs a real pass into a
real SQLite file: the pass must finish, the good sources must get their snapshots, and the bad
one a classified `fetches` row.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from fixture_site import write_config
from server import unused_port

from monitor import offload, pipeline, reading
from monitor.config import load_config
from monitor.extraction.article import extract
from monitor.fetching.http import Fetcher
from monitor.model import FetchPolicy
from monitor.pipeline import run_pass

GOOD_TEXT = ("The two companies met again this week to settle the terms of their long collaboration, "
             "and both sides said the talks had gone well for everyone involved.")


def article(title: str, text: str = GOOD_TEXT, head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
            f"<main><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></main></body></html>")


def rss(links: list[str], dates: list[str] | None = None) -> str:
    items = "".join(
        f"<item><title>Item {number}</title><link>{link}</link>"
        + (f"<pubDate>{dates[number]}</pubDate>" if dates else "") + "</item>"
        for number, link in enumerate(links)
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>"


def pages_config(tmp_path, server, paths: list[str], **monitor):
    sources = [{"name": f"p{number}", "url": server.url(path), "kind": "page"} for number, path in enumerate(paths)]
    return load_config(write_config(tmp_path / "sources.toml", sources, **monitor))


def fetch_rows(db, url: str) -> list[tuple]:
    return db.execute("SELECT outcome, error_class, error FROM fetches WHERE url = ? ORDER BY id", [url]).fetchall()


def snapshot_urls(db) -> set[str]:
    return {url for (url,) in db.execute("SELECT d.url FROM snapshots s JOIN documents d ON d.id = s.document_id")}


def finished(db, pass_id: int) -> bool:
    return db.execute("SELECT finished_at FROM passes WHERE id = ?", [pass_id]).fetchone()[0] is not None


# ── 1. charset labels that are no charset ────────────────────────────────────────────────────


@pytest.mark.parametrize("label", ["base64", "hex", "rot13", "punycode", "utf-7", "idna", "unicode_escape",
                                   "zlib", "x-no-such-charset"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_charset_label_that_is_no_text_codec_falls_back_and_the_pass_goes_on(tmp_path, server, db, label, where):
    head = f'<meta charset="{label}">' if where == "meta" else ""
    content_type = f"text/html; charset={label}" if where == "header" else "text/html"
    server.serve("/hostile", article("Café hostile", head=head), content_type=content_type)
    server.serve("/good", article("Good page"))
    config = pages_config(tmp_path, server, ["/hostile", "/good"])

    summary = run_pass(config, db)

    assert finished(db, summary.pass_id)
    assert snapshot_urls(db) == {server.url("/hostile"), server.url("/good")}  # decoded as UTF-8 instead
    (text,) = db.execute("SELECT title FROM snapshots s JOIN documents d ON d.id = s.document_id"
                         " WHERE d.url = ?", [server.url("/hostile")]).fetchone()
    assert text == "Café hostile"


def test_utf7_is_refused_as_browsers_do_so_no_markup_is_smuggled(server):
    body = b"<html><body><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4- caf\xc3\xa9</p></body></html>"
    server.serve("/utf7", body, content_type="text/html; charset=utf-7")

    result = asyncio.run(_fetch(server.url("/utf7")))

    assert result.outcome == "ok" and result.charset == "utf-8"
    assert "+ADw-script+AD4-" in result.text and "<script>" not in result.text and "café" in result.text


async def _fetch(url: str, **options):
    async with Fetcher(FetchPolicy(per_host_delay=0, retries=0, total_timeout=5)) as fetcher:
        return await fetcher.fetch(url, **options)


# ── 2. malformed URLs: canonical, redirect, feed entry, robots redirect ──────────────────────


def test_malformed_urls_are_recorded_on_their_check_and_the_pass_goes_on(tmp_path, server, db):
    bad_port = "http://127.0.0.1:99999/x"
    server.serve("/feed.xml", rss([server.url("/entry-canonical"), "http://[::1/x", bad_port,
                                   server.url("/entry-redirect"), server.url("/entry-good")]),
                 content_type="application/rss+xml")
    server.serve("/entry-canonical", article("Canonical", head='<link rel="canonical" href="http://[::1/x">'))
    server.redirect("/entry-redirect", bad_port)
    server.serve("/entry-good", article("Good entry"))
    server.redirect("/page-redirect", "http://[::1/broken")
    server.serve("/good", article("Good page"))
    sources = [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed"},
               {"name": "redirecting", "url": server.url("/page-redirect"), "kind": "page"},
               {"name": "good", "url": server.url("/good"), "kind": "page"}]
    config = load_config(write_config(tmp_path / "sources.toml", sources))

    summary = run_pass(config, db)

    assert finished(db, summary.pass_id)
    assert snapshot_urls(db) == {server.url("/entry-canonical"), server.url("/entry-good"), server.url("/good")}
    ((outcome, error_class, error),) = fetch_rows(db, server.url("/entry-redirect"))
    assert (outcome, error_class) == ("error", "other") and "99999" in error
    ((outcome, error_class, error),) = fetch_rows(db, server.url("/page-redirect"))
    assert (outcome, error_class) == ("error", "other") and "URL" in error
    # the malformed feed links are no articles: skipped, never fetched
    assert not db.execute("SELECT 1 FROM fetches WHERE url LIKE '%99999%' OR url LIKE '%[::1%'").fetchall()


def test_a_robots_redirect_to_a_port_out_of_range_does_not_stop_the_pass(tmp_path, server, db):
    server.redirect("/robots.txt", "http://127.0.0.1:99999/robots.txt")
    server.serve("/page", article("Page behind odd robots"))
    config = pages_config(tmp_path, server, ["/page"])

    summary = run_pass(config, db)

    assert finished(db, summary.pass_id)
    assert snapshot_urls(db) == {server.url("/page")}  # an unreachable robots.txt is no rule


# ── the principle: a failure injected into each stage is recorded on its check ───────────────


class Injected(RuntimeError):
    pass


def _raise_for(url_part: str, real):
    def hostile(*args, **kwargs):
        if any(url_part in str(argument) for argument in (*args, *kwargs.values())):
            raise Injected(f"injected failure for {url_part}")
        return real(*args, **kwargs)

    return hostile


STAGES = {
    "fetch": lambda monkeypatch: monkeypatch.setattr(
        Fetcher, "fetch", _async_raise_for("/victim", Fetcher.fetch)),
    "extraction": lambda monkeypatch: monkeypatch.setattr(
        reading, "extract", _raise_for("/victim", reading.extract)),
    "feed parsing": lambda monkeypatch: monkeypatch.setattr(
        pipeline, "parse_feed", _raise_for("/victim", pipeline.parse_feed)),
    "canonical URL": lambda monkeypatch: monkeypatch.setattr(
        pipeline, "merge_target", _raise_for("/victim", pipeline.merge_target)),
    "facts": lambda monkeypatch: monkeypatch.setattr(
        reading, "extract_observations", _raise_for("victim text", reading.extract_observations)),
    "recording the check": lambda monkeypatch: monkeypatch.setattr(
        pipeline.store, "record_check", _raise_on_article("victim text", pipeline.store.record_check)),
}


def _async_raise_for(url_part: str, real):
    async def hostile(self, url, **kwargs):
        if url_part in url:
            raise Injected(f"injected failure for {url_part}")
        return await real(self, url, **kwargs)

    return hostile


def _raise_on_article(text: str, real):
    def hostile(db, check, now, *hooks):
        if check.article is not None and text in check.article.text:
            raise Injected("injected failure in a snapshot hook")
        return real(db, check, now, *hooks)

    return hostile


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_failure_in_any_stage_is_recorded_on_that_check_and_the_pass_goes_on(tmp_path, server, db, monkeypatch,
                                                                                stage):
    victim_feed = stage == "feed parsing"
    server.serve("/victim-feed.xml" if victim_feed else "/desk.xml",
                 rss([server.url("/victim-entry"), server.url("/entry")]), content_type="application/rss+xml")
    server.serve("/victim-entry", article("Victim", "victim text " + GOOD_TEXT,
                                          head=f'<link rel="canonical" href="{server.url("/victim-canonical")}">'))
    server.serve("/entry", article("Entry"))
    server.serve("/good", article("Good page"))
    feed_url = server.url("/victim-feed.xml" if victim_feed else "/desk.xml")
    sources = [{"name": "desk", "url": feed_url, "kind": "feed"}, {"name": "good", "url": server.url("/good"), "kind": "page"}]
    config = load_config(write_config(tmp_path / "sources.toml", sources))
    STAGES[stage](monkeypatch)

    summary = run_pass(config, db)

    assert finished(db, summary.pass_id)
    assert summary.errors == {"other": 1}
    expected = {server.url("/good")} | (set() if victim_feed else {server.url("/entry")})
    assert snapshot_urls(db) == expected
    failed_url = feed_url if victim_feed else server.url("/victim-entry")
    (outcome, error_class, error), *_ = fetch_rows(db, failed_url)[::-1]
    assert (outcome, error_class) == ("error", "other")
    assert f"{stage} failed: Injected: injected failure" in error
    (last_error_class,) = db.execute("SELECT last_error_class FROM sources WHERE name = 'good'").fetchone()
    assert last_error_class is None


# ── 4. deeply nested HTML: linear, and off the event loop ────────────────────────────────────


def _nested(depth: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * depth}<p>{GOOD_TEXT}</p>{f'</{tag}>' * depth}</body></html>"


def _seconds(html: str) -> float:
    started = time.perf_counter()
    article_ = extract(html)
    took = time.perf_counter() - started
    assert GOOD_TEXT in article_.text  # the text survives the flattening
    return took


@pytest.mark.parametrize("tag", ["div", "ul"])
def test_extraction_of_deeply_nested_html_grows_linearly(tag):
    """Quadratic parsing made 4× the nesting cost 16× the time; linear work costs about 4×."""
    _seconds(_nested(1000, tag))  # warm up
    small = min(_seconds(_nested(10_000, tag)) for _ in range(2))
    large = min(_seconds(_nested(40_000, tag)) for _ in range(2))
    assert large / small < 8, (small, large)


def test_nesting_of_every_kind_and_deep_json_ld_extract_without_error():
    for opener in ("<span>", "<b><i>", "<table><tr><td>", "<div><p>", "<ul><li>", "<blockquote>"):
        html = f"<html><body>{opener * 5000}<p>{GOOD_TEXT}</p></body></html>"
        assert GOOD_TEXT in extract(html).text, opener
    head = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    assert GOOD_TEXT in extract(article("Deep JSON-LD", head=head)).text


def test_an_ordinary_page_is_parsed_as_it_is():
    from monitor.extraction._depth import bounded_depth

    html = article("Ordinary") * 3
    assert bounded_depth(html) is html
    assert bounded_depth(html.encode()) == html.encode()  # UTF-8 bytes too, as they are


def test_deeply_nested_utf8_bytes_are_flattened_as_their_text_is():
    from monitor.extraction._depth import bounded_depth, deepest

    html = _nested(6000).replace("</body>", "<p>Déjà vu : 130 milliards de dollars.</p></body>")
    assert deepest(html.encode()) == deepest(html) > 5000
    assert bounded_depth(html.encode()) == bounded_depth(html) != html
    assert extract(html.encode()) == extract(html)


def test_a_heavy_page_does_not_hold_the_event_loop(tmp_path, server, db):
    """While a deeply nested page is extracted, the loop keeps ticking (the daemon's heartbeat,
    signals and other checks run on it)."""
    server.serve("/deep", _nested(60_000))
    config = pages_config(tmp_path, server, ["/deep"])
    pipeline.sync_config(config, db, pipeline.utc_now())
    gaps: list[float] = []

    async def tick(stop: asyncio.Event) -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    async def both() -> None:
        stop = asyncio.Event()
        ticker = asyncio.create_task(tick(stop))
        async with Fetcher(config.monitor.fetch_policy()) as fetcher:
            started = time.perf_counter()
            await pipeline.check_sources(config, db, fetcher, config.sources)
            took.append(time.perf_counter() - started)
        stop.set()
        await ticker

    took: list[float] = []
    asyncio.run(both())
    assert snapshot_urls(db) == {server.url("/deep")}
    assert max(gaps) < took[0] / 2, (max(gaps), took[0])  # the loop ran all along, not once at the end


# ── feed size: the newest entries only, parsed off the loop ──────────────────────────────────


def test_a_huge_feed_is_followed_only_for_its_newest_entries(tmp_path, server, db):
    count = 300
    links = [server.url(f"/a{number}") for number in range(count)]
    dates = [f"Mon, {1 + number % 28:02d} Sep 2025 {number % 24:02d}:00:00 GMT" for number in range(count)]
    server.serve("/feed.xml", rss(links, dates), content_type="application/rss+xml")
    for number in range(count):
        server.serve(f"/a{number}", article(f"Article {number}"))
    sources = [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed"}]
    config = load_config(write_config(tmp_path / "sources.toml", sources, max_feed_entries=5))

    summary = run_pass(config, db)

    newest = sorted(range(count), key=lambda number: (1 + number % 28, number % 24), reverse=True)[:5]
    assert summary.checked == 1 + 5
    assert {request.path for request in server.requests if request.path.startswith("/a")} == {
        f"/a{number}" for number in newest}


def test_max_feed_entries_defaults_to_200(tmp_path, server):
    assert pages_config(tmp_path, server, ["/x"]).monitor.max_feed_entries == 200


# ── server-side request forgery: discovered links never reach private addresses ──────────────


def test_a_discovered_link_to_a_private_address_is_refused_without_a_request(server):
    """Checked on the resolved address: "localhost" is refused like 127.0.0.1."""
    port = server.host.split(":")[1]
    for url in (server.url("/inside"), f"http://localhost:{port}/inside", "http://10.1.2.3/", "http://169.254.169.254/latest",
                "http://[::1]/x", "http://0.0.0.0/"):
        result = asyncio.run(_fetch(url, allow_private=False))
        assert (result.outcome, result.error_class) == ("error", "private_address"), url
    assert not server.requests_for("/inside")


def test_a_redirect_from_a_trusted_url_to_a_private_address_is_refused(server):
    server.redirect("/configured", server.url("/inside"))
    server.serve("/inside", article("Inside"))
    result = asyncio.run(_fetch(server.url("/configured"), allow_private=False, trusted=server.url("/configured")))
    assert result.error_class == "private_address"
    assert server.requests_for("/configured") and not server.requests_for("/inside")


def test_a_source_that_forbids_private_addresses_follows_no_link_there(tmp_path, server, db):
    """A feed on a private address may reach its neighbours (sources are trusted as written);
    `allow_private = false` forbids it, as for every source on a public address."""
    server.serve("/feed.xml", rss([server.url("/entry"), "http://10.0.0.1/admin", server.url("/hop")]),
                 content_type="application/rss+xml")
    server.serve("/entry", article("Entry"))
    server.redirect("/hop", "http://169.254.169.254/latest/meta-data")
    server.serve("/page", article("Page", head=f'<link rel="canonical" href="{server.url("/other")}">'))
    sources = [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed", "allow_private": False}]
    config = load_config(write_config(tmp_path / "sources.toml", sources))

    summary = run_pass(config, db)

    assert summary.errors == {"private_address": 3}
    assert not server.requests_for("/entry") and not server.requests_for("/hop")
    assert len(server.requests_for("/feed.xml")) == 1  # the configured URL itself is trusted


def test_a_source_on_a_private_address_follows_its_own_links_by_default(tmp_path, server, db):
    server.serve("/feed.xml", rss([server.url("/entry")]), content_type="application/rss+xml")
    server.serve("/entry", article("Entry"))
    config = load_config(write_config(tmp_path / "sources.toml",
                                      [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed"}]))
    assert run_pass(config, db).new_snapshots == 1


def test_a_canonical_link_to_a_private_address_is_not_used(tmp_path, server, db):
    """A canonical URL on the page's own site is used as its document's URL, unless private
    addresses are forbidden to the source and it resolves to one (the page itself was reached
    over a trusted address)."""
    sources = [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed"}]
    config = load_config(write_config(tmp_path / "sources.toml", sources))
    canonical = f"http://127.0.0.1:{unused_port()}/stolen"
    server.serve("/entry", article("Entry", head=f'<link rel="canonical" href="{canonical}">'))

    async def canonical_urls() -> tuple:
        fetched = await _fetch(server.url("/entry"))
        off_loop = offload.OffLoop(config)
        verdict = await pipeline._judge_page(fetched, None, config.sources[0], off_loop)
        checker = pipeline._DocumentChecker(config, db, None, (), None, off_loop)
        return tuple([await checker._canonical_url(config.sources[0], server.url("/entry"), fetched, verdict, allow)
                      for allow in (True, False)])

    assert asyncio.run(canonical_urls()) == (canonical, None)
