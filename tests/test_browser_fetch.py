"""The headless-browser fetcher (`fetcher = "browser"` and `"auto"`) against loopback pages, in
Debian's chromium driven by Playwright (never a browser download).

Pages whose article a script writes after load, a challenge that a script clears with a cookie,
robots.txt and the per-host delay (the server logs when each request came), the size cap on the
rendered HTML, and a missing Chromium (that one needs no Chromium: it runs everywhere).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from fixture_site import write_config
from server import Reply, unused_port

from monitor.config import load_config
from monitor.fetching.http import Fetcher
from monitor.model import FetchPolicy
from monitor.pipeline import run_pass

CHROMIUM = Path("/usr/bin/chromium")
FACTS = Path(__file__).parent / "fixtures" / "daemon" / "facts.toml"
DELAY = 3.0  # per_host_delay of the politeness test
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")


def scripted_page(figure: str) -> str:
    """A newsroom page whose article is empty until its script writes the paragraphs (after load,
    as a client-side app does), with a photo and a web font the browser must not load."""
    paragraphs = [
        "The lab opened its second round of grants on Monday, for teams that study how language models fail.",
        f"A grant fund of {figure} will pay for the first two years of the programme.",
        "Applications close at the end of March, and the first awards follow in the summer.",
    ]
    written = "<h1>Second round of grants</h1>" + "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Second round of grants | Example Lab</title>
<style>@font-face {{ font-family: Lab; src: url(/lab-font.woff2); }} body {{ font-family: Lab; }}</style></head>
<body><nav><a href="/">Home</a> · <a href="/research">Research</a></nav>
<main><article id="story"></article></main>
<img src="/photo.jpg" alt="">
<script>
window.addEventListener("load", () => setTimeout(() => {{
  document.getElementById("story").insertAdjacentHTML("beforeend", {written!r});
}}, 50));
</script>
<footer>© Example Lab</footer></body></html>"""


def config_with_facts(tmp_path, sources, **monitor):
    config = write_config(tmp_path / "sources.toml", sources, **monitor)
    config.write_text(config.read_text(encoding="utf-8") + "\n" + FACTS.read_text(encoding="utf-8"), encoding="utf-8")
    return load_config(config)


def rows(db, sql, *params):
    return [tuple(row) for row in db.execute(sql, params).fetchall()]


@needs_chromium
def test_a_script_written_article_is_read_in_the_browser_and_its_figure_change_found(tmp_path, server, db):
    server.serve("/plain/grants", scripted_page("$50 million"))
    server.serve("/rendered/grants", scripted_page("$50 million"))
    config = config_with_facts(tmp_path, [
        {"name": "plain", "url": server.url("/plain/grants"), "kind": "page"},
        {"name": "rendered", "url": server.url("/rendered/grants"), "kind": "page", "fetcher": "browser"},
    ])

    first = run_pass(config, db)

    assert first.errors == {"empty": 1}  # plain HTTP sees no paragraph
    assert rows(db, "SELECT source, error_class, fetcher FROM fetches ORDER BY source") == [
        ("plain", "empty", "http"), ("rendered", None, "browser")]
    (text,) = db.execute("SELECT text FROM snapshots").fetchone()
    assert "A grant fund of $50 million will pay" in text
    assert server.requests_for("/photo.jpg") == [] and server.requests_for("/lab-font.woff2") == []
    assert {request.headers["User-Agent"] for request in server.requests_for("/rendered/grants")} == {
        config.monitor.user_agent}

    server.serve("/rendered/grants", scripted_page("$25 million"))
    run_pass(config, db)

    assert rows(db, "SELECT kind, key, source FROM findings WHERE kind = 'fact_changed'") == [
        ("fact_changed", "grant_fund_usd", "rendered")]


CHALLENGE = """<!doctype html><html><head><title>One moment</title></head><body>
<p>Checking your browser before accessing the newsroom.</p>
<script>document.cookie = "cleared=1; path=/"; location.reload();</script>
</body></html>"""


def guarded(request) -> Reply:
    """The article for a client that ran the challenge's script (it holds the cookie), else the challenge."""
    if "cleared=1" in (request.headers.get("Cookie") or ""):
        return Reply(scripted_page("$50 million"), headers={"Content-Type": "text/html; charset=utf-8"})
    return Reply(CHALLENGE, 403, {"Content-Type": "text/html; charset=utf-8"})


@needs_chromium
def test_auto_meets_a_challenge_over_http_passes_it_in_the_browser_and_remembers(tmp_path, server, db):
    server.answer("/guarded/grants", guarded)
    config = config_with_facts(tmp_path, [
        {"name": "guarded", "url": server.url("/guarded/grants"), "kind": "page", "fetcher": "auto"}])

    first = run_pass(config, db)

    assert first.new_snapshots == 1 and not first.errors
    assert rows(db, "SELECT fetcher, error_class FROM fetches ORDER BY id") == [("http", "challenge"), ("browser", None)]
    assert rows(db, "SELECT fetcher FROM documents") == [("browser",)]

    second = run_pass(config, db)

    assert second.new_snapshots == 0 and not second.errors and second.checked == 1
    # Straight to the browser: no plain HTTP try in the second pass.
    assert rows(db, "SELECT fetcher, error_class FROM fetches WHERE pass_id = ?", second.pass_id) == [("browser", None)]


@needs_chromium
def test_auto_reads_a_large_script_shell_in_the_browser(tmp_path, server, db):
    shell = scripted_page("$50 million").replace("<footer>", "<!-- " + "bundle " * 1000 + "--><footer>")
    server.serve("/app/grants", shell)
    config = config_with_facts(tmp_path, [
        {"name": "app", "url": server.url("/app/grants"), "kind": "page", "fetcher": "auto"}])

    summary = run_pass(config, db)

    assert summary.new_snapshots == 1
    assert rows(db, "SELECT fetcher, error_class FROM fetches ORDER BY id") == [("http", "empty"), ("browser", None)]


def fetch_in_browser(policy: FetchPolicy, *urls: str):
    """Read ``urls`` in the browser, all at once (so only the politeness rules can space them)."""
    async def fetch_all():
        async with Fetcher(policy) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(url, via="browser") for url in urls))

    return asyncio.run(fetch_all())


@needs_chromium
def test_the_browser_obeys_robots_txt_on_every_hop_and_the_per_host_delay(server):
    server.serve("/robots.txt", "User-agent: *\nDisallow: /members/\n", content_type="text/plain")
    for path in ("/news/one", "/news/two"):
        server.serve(path, scripted_page("$50 million"))
    server.serve("/members/story", scripted_page("$50 million"))
    server.redirect("/news/moved", "/members/story")
    policy = FetchPolicy(user_agent="monitor-tests (+http://127.0.0.1/contact)", per_host_delay=DELAY,
                         per_host_concurrency=4, browser_concurrency=4)

    one, two, moved, members = fetch_in_browser(
        policy, server.url("/news/one"), server.url("/news/two"), server.url("/news/moved"), server.url("/members/story"))

    assert (one.outcome, two.outcome) == ("ok", "ok")
    assert (moved.error_class, members.error_class) == ("robots", "robots")
    assert server.requests_for("/members/story") == []  # not even through the redirect
    starts = [request.at for request in server.requests if request.path.startswith("/news/")]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    # Turns start DELAY apart; a request reaches the server a moment after its turn starts, and
    # on a busy machine that moment can reach a second (Chromium's IPC, the route handler): half
    # the delay is allowed for it, still far from the near-zero gaps of pages read at once.
    assert len(starts) == 3 and all(gap >= DELAY / 2 for gap in gaps), gaps


@needs_chromium
def test_the_size_cap_applies_to_the_rendered_html(server):
    grow = """<!doctype html><html><body><main id="m"></main><script>
    const block = "<p>" + "The rendered page keeps growing with every line the script adds. ".repeat(20) + "</p>";
    document.getElementById("m").innerHTML = block.repeat(2000);
    </script></body></html>"""
    server.serve("/huge", grow)
    policy = FetchPolicy(max_bytes=200_000, per_host_delay=0)

    (result,) = fetch_in_browser(policy, server.url("/huge"))

    assert len(grow) < 200_000  # the served HTML is small: only what the script wrote is too large
    assert result.error_class == "too_large" and "rendered" in result.error
    assert result.text is None and result.body is None


def test_without_chromium_a_browser_source_fails_alone(tmp_path, server, db):
    server.serve("/rendered/grants", scripted_page("$50 million"))
    server.serve("/plain/grants", scripted_page("$50 million").replace(
        '<article id="story">', '<article id="story"><p>A grant fund of $50 million will pay for the first two years.</p>'))
    config = config_with_facts(tmp_path, [
        {"name": "rendered", "url": server.url("/rendered/grants"), "kind": "page", "fetcher": "browser"},
        {"name": "plain", "url": server.url("/plain/grants"), "kind": "page"},
    ], chromium=str(tmp_path / "no-such-chromium"))

    summary = run_pass(config, db)

    assert summary.errors == {"browser_unavailable": 1} and summary.new_snapshots == 1
    ((error,),) = rows(db, "SELECT error FROM fetches WHERE source = 'rendered'")
    assert "no Chromium at" in error and "no-such-chromium" in error
    assert server.requests_for("/rendered/grants") == []


@needs_chromium
def test_a_discovered_link_reaches_no_private_address_through_the_browser(server):
    server.serve("/intranet/page", '<html><body><p>Inside.</p><script src="/intranet/tracker.js"></script></body></html>')
    server.serve("/intranet/tracker.js", "document.title = 'reached';", content_type="text/javascript")
    policy = FetchPolicy(per_host_delay=0)

    async def fetch_both():
        async with Fetcher(policy) as fetcher:
            discovered = await fetcher.fetch(server.url("/intranet/page"), via="browser", allow_private=False)
            configured = await fetcher.fetch(server.url("/intranet/page"), via="browser", allow_private=False,
                                             trusted=server.url("/intranet/page"))
            return discovered, configured

    discovered, configured = asyncio.run(fetch_both())

    assert discovered.error_class == "private_address"
    # The configured page itself is read, but what it asks of a private address is not.
    assert configured.outcome == "ok" and "<title>reached" not in configured.text
    assert len(server.requests_for("/intranet/page")) == 1 and server.requests_for("/intranet/tracker.js") == []


@needs_chromium
def test_a_page_that_cannot_be_reached_is_a_connect_error(server):
    (result,) = fetch_in_browser(FetchPolicy(per_host_delay=0, respect_robots=False),
                                 f"http://127.0.0.1:{unused_port()}/gone")

    assert (result.outcome, result.error_class, result.fetcher) == ("error", "connect", "browser")


def test_without_playwright_the_page_is_browser_unavailable(server, monkeypatch):
    server.serve("/rendered/grants", scripted_page("$50 million"))
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # as if the extra were not installed

    (result,) = fetch_in_browser(FetchPolicy(per_host_delay=0), server.url("/rendered/grants"))

    assert result.error_class == "browser_unavailable" and "pip install 'monitor[browser]'" in result.error
    assert server.requests_for("/rendered/grants") == []
