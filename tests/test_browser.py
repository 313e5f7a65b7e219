"""`monitor serve` in a real headless browser (Debian's chromium, driven by Playwright).

A real `monitor fetch` pass over loopback pages fills the database (a page that confirms the
baseline, one that diverges from it); `monitor serve` runs as a subprocess on a free loopback
port; the browser reads the latest findings and searches the snapshots the way a person would.
Playwright never downloads a browser here: it is pointed at /usr/bin/chromium.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fixture_site import write_config
from server import LoopbackServer, unused_port

CHROMIUM = Path("/usr/bin/chromium")
FIXTURES = Path(__file__).parent / "fixtures" / "daemon"
MONITOR = Path(sys.executable).parent / "monitor"
DIVERGING_SENTENCE = "According to two of them, the fund now stands at $20 million for the first year."
# Set MONITOR_SCREENSHOTS=/tmp to look at the pages the test sees.
SCREENSHOTS = os.environ.get("MONITOR_SCREENSHOTS")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")


@pytest.fixture
def served(tmp_path):
    """The URL of `monitor serve` over a database filled by one real pass."""
    config, db = tmp_path / "sources.toml", tmp_path / "monitor.db"
    with LoopbackServer() as site:
        for name in ("fund-confirms", "fund-diverges"):
            site.serve(f"/{name}", (FIXTURES / f"{name}.html").read_text(encoding="utf-8"))
        write_config(config, [{"name": "lab", "url": site.url("/fund-confirms"), "kind": "page"},
                              {"name": "ledger", "url": site.url("/fund-diverges"), "kind": "page"}])
        config.write_text(config.read_text(encoding="utf-8") + "\n" + (FIXTURES / "facts.toml").read_text(encoding="utf-8"),
                          encoding="utf-8")
        monitor = [str(MONITOR), "--config", str(config), "--db", str(db)]
        subprocess.run([*monitor, "fetch"], check=True, capture_output=True, timeout=120)
    port = unused_port()
    server = subprocess.Popen([*monitor, "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0  # a clean stop, not death by the signal
        with pytest.raises(httpx.TransportError):  # stopping `monitor serve` stopped Datasette
            httpx.get(f"{url}/-/versions.json")


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stdout.read().decode(errors="replace"))
        try:
            if httpx.get(f"{url}/-/versions.json").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("monitor serve did not answer")


def test_findings_and_search_in_a_headless_browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{served}/monitor/latest_findings")
            assert page.locator("h1").inner_text() == "Latest findings"
            evidence = page.locator("blockquote.monitor-evidence", has_text=DIVERGING_SENTENCE)
            # the diverging row quotes it, and so does the conflict row when its page was recorded last
            assert evidence.count() >= 1 and evidence.first.is_visible()
            assert page.locator("td", has_text="diverges").count() >= 1
            _screenshot(page, "latest-findings")

            page.goto(f"{served}/monitor/snapshots")
            page.fill("input#_search", "cormorants")
            page.locator("input#_search").press("Enter")
            page.wait_for_url("**_search=cormorants**")
            rows = page.locator("table.rows-and-columns tbody tr")
            assert rows.count() == 1
            assert "A smaller purse than promised" in rows.first.inner_text()
            _screenshot(page, "search")
        finally:
            browser.close()


def _screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"monitor-{name}.png"), full_page=True)


# ── the demo's pages at 1280×800 (issue 13) ───────────────────────────────────────────────

VIEWPORT = {"width": 1280, "height": 800}
FIT_PAGES = ("latest_findings", "official_edits", "conflicts", "divergences", "facts/nonprofit_stake_usd",
             "facts/agreement_stage")  # fmt: skip


@pytest.fixture(scope="module")
def demo_served(tmp_path_factory):
    """`monitor serve` over the database `monitor demo` made, and that database's path."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    subprocess.run([str(MONITOR), "demo", "--db", str(db)], check=True, capture_output=True, timeout=180)
    port = unused_port()
    server = subprocess.Popen([str(MONITOR), "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url, db
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


def _finding(db: Path, kind: str, source: str) -> tuple[int, bool]:
    """The first finding of `kind` that `source` made, and True; or, for a conflict filed under
    the other outlet (which of two pages is read last decides it), the first naming `source` as
    the other one, and False."""
    import json
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, source, other FROM findings WHERE kind = ? ORDER BY id", [kind]).fetchall()
    for id_, own, _ in rows:
        if own == source:
            return id_, True
    return next(id_ for id_, _, other in rows if other and json.loads(other).get("source") == source), False


def _inside_viewport(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"] \
        and box["y"] + box["height"] <= VIEWPORT["height"]


def _needs_horizontal_scrolling(page) -> list:
    """The page, or a visible table wrapper in it, wider than the window."""
    return page.evaluate("""() => {
        const wide = [];
        if (document.documentElement.scrollWidth > window.innerWidth) wide.push('page');
        for (const element of document.querySelectorAll('.table-wrapper, table, svg, .monitor-card')) {
            if (!element.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}) || element.closest("details:not([open])")) continue;  // hidden (the raw row under a closed <details>)
            if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) wide.push(element.className || element.tagName);
            if (element.getBoundingClientRect().right > window.innerWidth + 1) wide.push(element.className || element.tagName);
        }
        return wide;
    }""")


def test_a_finding_card_shows_its_values_and_evidence_without_scrolling(demo_served):
    from playwright.sync_api import sync_playwright

    url, db = demo_served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            cards = {
                ("diverges", "morning-wire"): ("500 million USD", "$500 million"),
                ("fact_changed", "openai-foundation"): ("40 million USD", "$40 million"),
                ("conflict", "morning-wire"): ("100 billion USD", "$100 billion"),
            }
            for (kind, source), (value, figure) in cards.items():
                finding, own = _finding(db, kind, source)
                page.goto(f"{url}/demo/findings/{finding}")
                card = page.locator("article.monitor-card")
                assert card.locator(".monitor-badge").inner_text() == kind
                values = card.locator(".monitor-values")
                assert value in values.inner_text() and _inside_viewport(values)
                evidence = card.locator("blockquote.monitor-card-evidence").first
                mark = evidence.locator("mark").inner_text()
                assert (mark == figure if own else bool(mark)) and _inside_viewport(evidence)
                assert _inside_viewport(card.locator("a.monitor-watched"))
                assert _needs_horizontal_scrolling(page) == []
                _screenshot(page, f"card-{kind}")
        finally:
            browser.close()


@pytest.mark.parametrize("path", FIT_PAGES)
def test_no_page_needs_horizontal_scrolling_at_1280_pixels(demo_served, path):
    from playwright.sync_api import sync_playwright

    url, _db = demo_served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{url}/demo/{path}")
            assert page.locator("h1").count() == 1
            assert _needs_horizontal_scrolling(page) == []
            if path == "official_edits":  # the diff column is on screen, rendered red and green
                assert _inside_viewport(page.locator("ul.monitor-diff del").first)
            if path.startswith("facts/"):
                assert _inside_viewport(page.locator("svg.monitor-chart")) or page.locator("svg.monitor-chart").bounding_box()["width"] <= 1280
            _screenshot(page, path.replace("/", "-"))
        finally:
            browser.close()
