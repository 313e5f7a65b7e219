"""Feed articles are filed under the canonical URL their page names, within the same site.

A loopback server, real sources.toml files and real SQLite files: one article reached through a
tracking link, an AMP copy or a redirect link, or listed by two feeds, is one document; the other
URLs are remembered as its aliases and followed as it. Canonical URLs that would merge unrelated
pages (the home page, another site) are ignored. The article belongs to the feed of its own site
once that feed lists it, even when a search feed on another site found it first.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from fixture_site import page, write_config

from monitor.cli import cli
from monitor.config import load_config
from monitor.findings.recording import reextract
from monitor.pipeline import merge_target, run_pass
from monitor.storage import store
from monitor.storage.schema import migrations, open_database

RSS = "application/rss+xml"
TITLE = "OpenAI and Microsoft sign new terms for their partnership"
AZURE_FACT = """
[[fact]]
key = "azure_commitment_usd"
label = "Azure services OpenAI agreed to buy"
kind = "money"
[fact.cues]
en = ["Azure"]
[fact.baseline]
value = 250e9
currency = "USD"
"""


def feeds_config(tmp_path, server, *names: str, facts: str = ""):
    """One feed source per name, read from /NAME.xml, following entries about OpenAI."""
    sources = [{"name": name, "url": server.url(f"/{name}.xml"), "kind": "feed", "topic": ["OpenAI"]} for name in names]
    path = write_config(tmp_path / "sources.toml", sources)
    path.write_text(path.read_text(encoding="utf-8") + facts, encoding="utf-8")
    return load_config(path)


def feed(*links: str) -> str:
    items = "".join(
        f"<item><title>{TITLE}</title><link>{escape(link)}</link><pubDate>Tue, 28 Oct 2025 15:30:00 GMT</pubDate></item>"
        for link in links
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>desk</title>{items}</channel></rss>'


def article(server, canonical: str | None = None) -> str:
    """The fixture article, declaring `canonical` instead of its own clean URL when given."""
    html = page("deal-en.html", server)
    return html if canonical is None else html.replace(f'href="{server.url("/news/deal-en")}"', f'href="{canonical}"')


def rows(db, sql, *params):
    return db.execute(sql, params).fetchall()


def documents(db):
    return rows(db, "SELECT url, source FROM documents ORDER BY id")


def aliases(db):
    return rows(db, "SELECT a.url, d.url FROM document_aliases a JOIN documents d ON d.id = a.document_id ORDER BY a.url")


def count(db, table: str) -> int:
    return rows(db, f"SELECT count(*) FROM {table}")[0][0]


def make_due(db) -> None:
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat(timespec="seconds")
    db.execute("UPDATE documents SET next_check_at = ?", [past])
    db.conn.commit()


def test_a_tracking_link_is_filed_under_the_canonical_url_and_followed_as_it_afterwards(tmp_path, server, db):
    config = feeds_config(tmp_path, server, "desk")
    clean, tagged = server.url("/news/deal-en"), server.url("/news/deal-en?ref=rss")
    server.serve("/desk.xml", feed(tagged), content_type=RSS)
    for path in ("/news/deal-en?ref=rss", "/news/deal-en"):
        server.serve(path, article(server), headers={"ETag": '"a1"'})

    first = run_pass(config, db)
    assert (first.checked, first.new_snapshots) == (2, 1)
    assert documents(db) == [(clean, "desk")]
    assert aliases(db) == [(tagged, clean)]
    assert rows(db, "SELECT f.url, d.url FROM fetches f JOIN documents d ON d.id = f.document_id") == [(tagged, clean)]

    second = run_pass(config, db)  # the alias stands for a document that is not due yet
    assert (second.checked, second.not_due, second.new_snapshots) == (1, 1, 0)
    assert documents(db) == [(clean, "desk")] and aliases(db) == [(tagged, clean)]
    assert (count(db, "snapshots"), count(db, "document_aliases")) == (1, 1)
    assert len(server.requests_for("/news/deal-en?ref=rss")) == 1

    # once due, the document is fetched at its own URL, with the validators it was stored with
    make_due(db)
    third = run_pass(config, db)
    assert third.not_modified == 1
    (request,) = server.requests_for("/news/deal-en")
    assert request.headers["If-None-Match"] == '"a1"'
    assert len(server.requests_for("/news/deal-en?ref=rss")) == 1
    assert documents(db) == [(clean, "desk")] and count(db, "snapshots") == 1


def test_two_feeds_listing_one_article_through_different_links_make_one_document_checked_once(tmp_path, server, db):
    config = feeds_config(tmp_path, server, "desk", "news-search")
    clean, redirect = server.url("/news/deal-en"), server.url("/rss/articles/CBMiDeal?oc=5")
    server.serve("/desk.xml", feed(clean), content_type=RSS)
    server.serve("/news-search.xml", feed(redirect), content_type=RSS)
    server.redirect("/rss/articles/CBMiDeal?oc=5", server.url("/news/deal-en?ref=search"))  # Google-News-style
    for path in ("/news/deal-en", "/news/deal-en?ref=search"):
        server.serve(path, article(server))

    def article_requests() -> int:
        return len(server.requests_for("/news/deal-en")) + len(server.requests_for("/news/deal-en?ref=search"))

    first = run_pass(config, db)
    # the second sighting is fetched (same text) when both feeds are read before either link is known
    assert first.new_snapshots == 1 and first.same_text + first.not_due == 1
    assert [url for url, _source in documents(db)] == [clean]
    assert aliases(db) == [(redirect, clean)]
    assert count(db, "snapshots") == 1

    make_due(db)
    before = article_requests()
    second = run_pass(config, db)
    assert article_requests() == before + 1
    assert len(server.requests_for("/rss/articles/CBMiDeal?oc=5")) == 1
    assert (second.checked, second.unchanged) == (3, 1)  # two feeds and the article
    assert count(db, "documents") == 1 and count(db, "snapshots") == 1


def test_the_first_source_keeps_the_document_and_each_fetch_names_the_source_that_made_it(tmp_path, server, db):
    config = feeds_config(tmp_path, server, "desk", "news-search", facts=AZURE_FACT)
    clean, redirect = server.url("/news/deal-en"), server.url("/rss/articles/CBMiDeal?oc=5")
    server.serve("/desk.xml", feed(clean), content_type=RSS)
    server.serve("/news-search.xml", feed(redirect), content_type=RSS)
    server.redirect("/rss/articles/CBMiDeal?oc=5", server.url("/news/deal-en?ref=search"))
    server.serve("/news/deal-en", article(server))
    run_pass(config, db, [config.source("desk")])

    edited = article(server).replace("$250 billion of Azure", "$300 billion of Azure")
    server.serve("/news/deal-en?ref=search", edited)
    summary = run_pass(config, db, [config.source("news-search")])

    assert summary.new_snapshots == 1
    assert documents(db) == [(clean, "desk")]
    assert rows(db, "SELECT source, url FROM fetches WHERE document_id IS NOT NULL ORDER BY id") == [
        ("desk", clean), ("news-search", redirect)
    ]  # fmt: skip
    assert rows(db, "SELECT DISTINCT source FROM findings") == [("desk",)]
    assert rows(db, "SELECT count(*) FROM findings WHERE snapshot_id = 2 AND kind = 'fact_changed'") == [(1,)]
    shown = CliRunner().invoke(
        cli, ["--config", config.path, "--db", str(tmp_path / "db" / "monitor.db"), "diff", "--format", "json"]
    )
    assert {(finding["source"], finding["url"]) for finding in json.loads(shown.output)} == {("desk", clean)}
    assert "fact_changed" in {finding["kind"] for finding in json.loads(shown.output)}
    assert not reextract(db, config).changed  # the merged history replays to the same findings


def test_an_amp_copy_is_filed_under_the_article(tmp_path, server, db):
    config = feeds_config(tmp_path, server, "desk")
    amp = server.url("/amp/news/deal-en")
    server.serve("/desk.xml", feed(amp), content_type=RSS)
    server.serve("/amp/news/deal-en", article(server))
    run_pass(config, db)
    assert documents(db) == [(server.url("/news/deal-en"), "desk")]
    assert aliases(db) == [(amp, server.url("/news/deal-en"))]


@pytest.mark.parametrize(
    "canonical", ["/", "https://newsroom.example.org/news/deal-en", "ftp://127.0.0.1/news/deal-en"]
)
def test_a_canonical_url_that_could_merge_unrelated_pages_is_ignored(tmp_path, server, db, canonical):
    config = feeds_config(tmp_path, server, "desk")
    tagged = server.url("/news/deal-en?ref=rss")
    server.serve("/desk.xml", feed(tagged), content_type=RSS)
    server.serve("/news/deal-en?ref=rss", article(server, server.url(canonical) if canonical == "/" else canonical))
    run_pass(config, db)
    assert documents(db) == [(tagged, "desk")]
    assert aliases(db) == []


def test_a_page_source_keeps_its_configured_url_even_when_a_feed_lists_it(tmp_path, server, db):
    tagged = server.url("/news/deal-en?ref=home")
    sources = [
        {"name": "desk-page", "url": tagged, "kind": "page"},
        {"name": "desk", "url": server.url("/desk.xml"), "kind": "feed", "topic": ["OpenAI"]},
    ]
    config = load_config(write_config(tmp_path / "sources.toml", sources))
    server.serve("/desk.xml", feed(tagged), content_type=RSS)
    server.serve("/news/deal-en?ref=home", article(server))
    run_pass(config, db)
    assert [url for url, _source in documents(db)] == [tagged]
    assert aliases(db) == []


@pytest.mark.parametrize(
    "url, final_url, canonical, expected",
    [
        ("https://amp.example.com/a", None, "https://www.example.com/a", "https://www.example.com/a"),
        ("https://m.example.com/a?ref=rss", None, "https://example.com/a?utm_source=x#top", "https://example.com/a"),
        ("https://news.google.com/rss/articles/X", "https://example.com/a?ref=gn", "https://example.com/a",
         "https://example.com/a"),
        ("https://example.com/a?ref=rss", None, "https://example.com/?p=42", "https://example.com/?p=42"),
        ("https://example.com/a?ref=rss", None, "https://example.com/", None),  # the home page
        ("https://example.com/a?ref=rss", None, "https://example.com", None),
        ("https://wire.example.net/a", None, "https://paper.example.com/a", None),  # syndication: another outlet
        ("https://example.com/a?ref=rss", None, "mailto:desk@example.com", None),
        ("https://example.com/a", None, "https://example.com/a#top", None),  # its own URL
        ("https://example.com/a", None, None, None),
        ("https://rss.example.com/a", None, "https://feeds.example.com/a", "https://feeds.example.com/a"),
    ],
)  # fmt: skip
def test_merge_target(url, final_url, canonical, expected):
    assert merge_target(url, final_url or url, canonical) == expected


def legacy_database(path: str, server, *urls: str) -> None:
    """A database at m007 holding, for each URL, a document of the feed "desk" with one snapshot."""
    old = open_database(path, migrate=False)
    migrations.apply(old, stop_before="m008_document_aliases")
    old["sources"].insert({"name": "desk", "url": server.url("/desk.xml"), "kind": "feed"})
    for number, url in enumerate(urls, start=1):
        old["documents"].insert({"id": number, "url": url, "source": "desk", "first_seen_at": "2025-10-28T16:00:00+00:00",
                                 "next_check_at": "2025-10-29T16:00:00+00:00", "current_snapshot_id": None})
        old["snapshots"].insert({"id": number, "document_id": number, "text": "An earlier text.", "text_hash": "old"})
        old["documents"].update(number, {"current_snapshot_id": number})
    old.conn.close()


def test_an_m007_database_migrates_and_its_tracking_link_document_moves_to_the_canonical_url(tmp_path, server):
    path = str(tmp_path / "old.db")
    clean, tagged = server.url("/news/deal-en"), server.url("/news/deal-en?ref=rss")
    legacy_database(path, server, tagged)
    db = store.open_store(path)
    assert {"m008_document_aliases", "m009_snapshot_source"} <= {migration.name for migration in migrations.applied(db)}
    assert aliases(db) == []
    assert rows(db, "SELECT id, source FROM snapshots") == [(1, "desk")]  # filled in from its document

    config = feeds_config(tmp_path, server, "desk")
    server.serve("/desk.xml", feed(tagged), content_type=RSS)
    server.serve("/news/deal-en?ref=rss", article(server))
    run_pass(config, db)

    assert rows(db, "SELECT id, url FROM documents") == [(1, clean)]  # its history kept
    assert aliases(db) == [(tagged, clean)]
    assert rows(db, "SELECT id, previous_id FROM snapshots ORDER BY id") == [(1, None), (2, 1)]


def test_a_stored_duplicate_under_a_tracking_link_is_no_longer_checked(tmp_path, server):
    path = str(tmp_path / "old.db")
    clean, tagged = server.url("/news/deal-en"), server.url("/news/deal-en?ref=rss")
    legacy_database(path, server, clean, tagged)
    db = store.open_store(path)
    db.execute("UPDATE documents SET next_check_at = '2999-01-01T00:00:00+00:00' WHERE url = ?", [clean])
    db.conn.commit()

    config = feeds_config(tmp_path, server, "desk")
    server.serve("/desk.xml", feed(tagged), content_type=RSS)
    server.serve("/news/deal-en?ref=rss", article(server))
    run_pass(config, db)

    assert aliases(db) == [(tagged, clean)]
    assert rows(db, "SELECT url, next_check_at IS NULL FROM documents ORDER BY id") == [(clean, 0), (tagged, 1)]
    assert rows(db, "SELECT document_id FROM snapshots ORDER BY id") == [(1,), (2,), (1,)]
    make_due(db)  # even if its time comes again, the duplicate is now followed as the canonical document
    run_pass(config, db)
    assert len(server.requests_for("/news/deal-en?ref=rss")) == 1
    assert len(server.requests_for("/news/deal-en")) == 1


# ── which source a merged article belongs to ─────────────────────────────────────────────
# The same-site rule compares host names, so the loopback server stands for two sites: the
# search feed's (127.0.0.1) and the outlet's (localhost), which publishes the article.

STAKE_FACT = """
[[fact]]
key = "microsoft_stake_pct"
label = "Share of OpenAI's company held by Microsoft"
kind = "percent"
[fact.cues]
en = ["owns"]
"""
SEARCH_LINK = "/rss/articles/CBMiDeal?oc=5"


def outlet_host(server) -> str:
    return server.host.replace("127.0.0.1", "localhost")


def outlet_url(server, path: str) -> str:
    return f"http://{outlet_host(server)}{path}"


def outlet_article(server, text: str | None = None) -> str:
    """The fixture article as the outlet publishes it: its links and canonical URL on the outlet's host."""
    return (text or article(server)).replace(server.host, outlet_host(server))


def ownership_config(tmp_path, server, searches=("news-search",), outlets=("outlet",), outlet_settings=None):
    """Search feeds on 127.0.0.1 listing a Google-News-style redirect link to the article, and
    outlet feeds on localhost listing its own URL; the article is served on localhost."""
    sources = [{"name": name, "url": server.url(f"/{name}.xml"), "kind": "feed", "topic": ["OpenAI"]}
               for name in searches]
    sources += [{"name": name, "url": outlet_url(server, f"/{name}.xml"), "kind": "feed", "topic": ["OpenAI"],
                 **(outlet_settings or {})} for name in outlets]
    path = write_config(tmp_path / "sources.toml", sources)
    path.write_text(path.read_text(encoding="utf-8") + AZURE_FACT + STAKE_FACT, encoding="utf-8")
    for name in searches:
        server.serve(f"/{name}.xml", feed(server.url(SEARCH_LINK)), content_type=RSS)
    for name in outlets:
        server.serve(f"/{name}.xml", feed(outlet_url(server, "/news/deal-en")), content_type=RSS)
    server.redirect(SEARCH_LINK, outlet_url(server, "/news/deal-en?ref=search"))
    for page_path in ("/news/deal-en", "/news/deal-en?ref=search"):
        server.serve(page_path, outlet_article(server))
    return load_config(path)


def fetch_sources(db) -> list[str]:
    """The source that made each fetch of an article, in order."""
    return [source for (source,) in rows(db, "SELECT source FROM fetches WHERE document_id IS NOT NULL ORDER BY id")]


def diff_json(config, tmp_path, *options: str) -> list[dict]:
    shown = CliRunner().invoke(
        cli, ["--config", config.path, "--db", str(tmp_path / "db" / "monitor.db"), "diff", "--format", "json",
              *options],
    )
    assert shown.exit_code in (0, 1), shown.output
    return json.loads(shown.output)


def test_the_outlets_own_feed_takes_over_an_article_a_search_feed_found_first(tmp_path, server, db):
    config = ownership_config(tmp_path, server)
    clean = outlet_url(server, "/news/deal-en")
    run_pass(config, db, [config.source("news-search")])
    assert documents(db) == [(clean, "news-search")]
    found_first = rows(db, "SELECT id, kind, key, source FROM findings ORDER BY id")
    assert {(key, source) for _id, _kind, key, source in found_first} == {
        ("azure_commitment_usd", "news-search"), ("microsoft_stake_pct", "news-search")
    }  # fmt: skip

    # the outlet's feed lists the article: not due yet, so not fetched, but now the outlet's
    listing = run_pass(config, db, [config.source("outlet")])
    assert (listing.checked, listing.not_due) == (1, 1)
    assert documents(db) == [(clean, "outlet")]
    assert rows(db, "SELECT id, kind, key, source FROM findings ORDER BY id") == found_first  # history as reported
    assert diff_json(config, tmp_path, "--all", "--source", "outlet") == []
    assert not reextract(db, config).changed  # replaying does not rename what was reported
    assert rows(db, "SELECT id, kind, key, source FROM findings ORDER BY id") == found_first

    # a later edit is the outlet's: its own checks, its findings
    edited = article(server).replace("$250 billion of Azure", "$300 billion of Azure")
    server.serve("/news/deal-en", outlet_article(server, edited))
    make_due(db)
    assert run_pass(config, db).new_snapshots == 1  # both feeds list it: whichever fetches, the outlet owns it
    assert documents(db) == [(clean, "outlet")]
    shown = diff_json(config, tmp_path, "--source", "outlet")
    assert {(finding["kind"], finding["source"], finding["url"]) for finding in shown} >= {
        ("edited", "outlet", clean), ("fact_changed", "outlet", clean)
    }  # fmt: skip
    searched = diff_json(config, tmp_path, "--all", "--source", "news-search")
    assert [(finding["kind"], finding["key"], finding["url"]) for finding in searched] == [
        ("new", "microsoft_stake_pct", clean)
    ]  # the unchanged fact's finding keeps the name it was reported under


def test_the_outlets_feed_takes_over_an_article_it_fetches_after_a_search_feed_stored_it(tmp_path, server, db):
    config = ownership_config(tmp_path, server)
    # Both feeds list the new article in one pass; the search feed's check is written first (the
    # outlet's page answers later), so the outlet's own check is what moves it.
    server.serve("/news/deal-en?ref=search", outlet_article(server), delay=0.1)
    server.serve("/news/deal-en", outlet_article(server), delay=0.8)
    summary = run_pass(config, db)
    assert summary.new_snapshots == 1 and summary.same_text == 1
    assert documents(db) == [(outlet_url(server, "/news/deal-en"), "outlet")]
    assert fetch_sources(db) == ["news-search", "outlet"]
    assert rows(db, "SELECT DISTINCT source FROM findings") == [("news-search",)]


def test_an_article_the_outlets_feed_found_first_stays_the_outlets(tmp_path, server, db):
    config = ownership_config(tmp_path, server)
    clean = outlet_url(server, "/news/deal-en")
    run_pass(config, db, [config.source("outlet")])
    make_due(db)
    edited = article(server).replace("$250 billion of Azure", "$300 billion of Azure")
    server.serve("/news/deal-en?ref=search", outlet_article(server, edited))
    assert run_pass(config, db, [config.source("news-search")]).new_snapshots == 1

    assert documents(db) == [(clean, "outlet")]
    assert fetch_sources(db) == ["outlet", "news-search"]
    assert rows(db, "SELECT DISTINCT source FROM findings") == [("outlet",)]
    assert diff_json(config, tmp_path, "--source", "news-search") == []


def test_of_two_search_feeds_on_other_sites_the_first_keeps_the_article(tmp_path, server, db):
    config = ownership_config(tmp_path, server, searches=("news-search", "other-search"), outlets=())
    clean = outlet_url(server, "/news/deal-en")
    run_pass(config, db, [config.source("news-search")])
    make_due(db)
    run_pass(config, db, [config.source("other-search")])
    make_due(db)
    run_pass(config, db)
    assert documents(db) == [(clean, "news-search")]
    assert set(fetch_sources(db)) == {"news-search", "other-search"}


def test_a_second_feed_of_the_outlets_site_does_not_take_the_article_from_the_first(tmp_path, server, db):
    config = ownership_config(tmp_path, server, searches=(), outlets=("outlet", "outlet-business"))
    run_pass(config, db, [config.source("outlet")])
    make_due(db)
    run_pass(config, db, [config.source("outlet-business")])
    assert documents(db) == [(outlet_url(server, "/news/deal-en"), "outlet")]


def test_a_page_source_keeps_its_article_even_after_its_url_moved_to_another_site(tmp_path, server, db):
    clean = outlet_url(server, "/news/deal-en")
    server.serve("/news/deal-en", outlet_article(server))
    server.serve("/outlet.xml", feed(clean), content_type=RSS)
    page_source = {"name": "deal-page", "url": clean, "kind": "page"}
    outlet = {"name": "outlet", "url": outlet_url(server, "/outlet.xml"), "kind": "feed", "topic": ["OpenAI"]}
    run_pass(load_config(write_config(tmp_path / "sources.toml", [page_source])), db)

    # sources.toml now points the page source at another site; its stored article stays its own
    moved = {**page_source, "url": server.url("/statement")}
    config = load_config(write_config(tmp_path / "sources.toml", [moved, outlet]))
    make_due(db)
    run_pass(config, db, [config.source("outlet")])
    assert documents(db) == [(clean, "deal-page")]


def test_a_feed_reaching_another_sources_article_reads_it_with_the_owners_settings(tmp_path, server, db):
    config = ownership_config(tmp_path, server, outlet_settings={"exclude": [".desk-note"]})
    note = ('<p class="desk-note">Our desk has followed the partnership between the two companies since the'
            ' first investment in 2019, in more than forty reports and two long interviews.</p>')
    with_note = outlet_article(server).replace("  </article>", f"  {note}\n  </article>")
    server.serve("/news/deal-en", with_note)
    run_pass(config, db, [config.source("outlet")])
    assert documents(db) == [(outlet_url(server, "/news/deal-en"), "outlet")]

    # the search feed's link lands on the outlet's article (other bytes, same article): it is
    # read with the outlet's exclude, so nothing changed
    server.serve("/news/deal-en?ref=search", with_note.replace("</html>", "<!-- served to search -->\n</html>"))
    make_due(db)
    searched = run_pass(config, db, [config.source("news-search")])
    assert searched.new_snapshots == 0 and fetch_sources(db) == ["outlet", "news-search"]
    assert count(db, "snapshots") == 1 and "forty reports" not in rows(db, "SELECT text FROM snapshots")[0][0]
    assert rows(db, "SELECT count(*) FROM findings WHERE kind = 'edited'") == [(0,)]
