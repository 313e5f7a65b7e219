"""One pass over real sources: a loopback server, a real sources.toml and a real SQLite file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fixture_site import page, serve_site, write_config
from server import Reply

from monitor.config import load_config
from monitor.pipeline import run_pass
from monitor.storage import blobs, store


def page_config(tmp_path, server, path="/statement", **monitor):
    source = {"name": "lab-statement", "url": server.url(path), "kind": "page"}
    return load_config(write_config(tmp_path / "sources.toml", [source], **monitor))


def feed_config(tmp_path, server, **monitor):
    source = {"name": "tech-desk", "url": server.url("/feed.xml"), "kind": "feed", "topic": ["OpenAI"]}
    return load_config(write_config(tmp_path / "sources.toml", [source], **monitor))


def rows(db, sql, *params):
    return db.execute(sql, params).fetchall()


def snapshot_rows(db):
    return rows(db, "SELECT id, previous_id, text_hash, text FROM snapshots ORDER BY id")


def test_edited_page_gets_a_new_snapshot_linked_to_the_previous_one(tmp_path, server, db):
    config = page_config(tmp_path, server)
    serve_site(server, **{"/statement": "statement-v1.html"})
    first = run_pass(config, db)
    serve_site(server, **{"/statement": "statement-v2.html"})
    second = run_pass(config, db)

    assert (first.new_snapshots, second.new_snapshots) == (1, 1)
    (one, _, hash_one, text_one), (two, previous, hash_two, text_two) = snapshot_rows(db)
    assert previous == one and hash_one != hash_two
    assert "$130 billion" in text_one and "$135 billion" in text_two.split("Microsoft")[0]
    assert "Most read" not in text_two and "cookies" not in text_two
    (current,) = rows(db, "SELECT current_snapshot_id FROM documents")[0]
    assert current == two
    (raw,) = rows(db, "SELECT raw_hash FROM snapshots WHERE id = ?", two)[0]
    assert blobs.read_blob(db, raw) == page("statement-v2.html", server).encode()


def test_pages_are_decoded_off_the_loop_by_their_header_charset_and_binary_ones_are_decode_errors(tmp_path, server, db):
    """The pass fetches bytes and its worker decodes them: the charset only the Content-Type
    names still reads a windows-1252 page right, and bytes that are no text end as "decode"."""
    text = "La fondation détient désormais 26 % de la société, estimés à 130 milliards de dollars. " * 3
    html = f"<html><head><title>Accord</title></head><body><article><p>{text}</p></article></body></html>"
    server.serve("/statement", html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    server.serve("/binary", b"<html>" + bytes(range(256)) * 8)
    sources = [{"name": "lab-statement", "url": server.url("/statement"), "kind": "page"},
               {"name": "broken", "url": server.url("/binary"), "kind": "page"}]
    summary = run_pass(load_config(write_config(tmp_path / "sources.toml", sources)), db)
    assert (summary.new_snapshots, dict(summary.errors)) == (1, {"decode": 1})
    (snapshot_text,) = rows(db, "SELECT text FROM snapshots")[0]
    assert "La fondation détient désormais 26 %" in snapshot_text
    assert rows(db, "SELECT outcome, error_class FROM fetches WHERE source = 'broken'") == [("error", "decode")]


def test_a_pass_reads_the_baseline_facts_back_once_not_once_a_snapshot(tmp_path, server, db):
    """The pass syncs the fact definitions as it starts; its snapshot hook syncs them with its first
    snapshot only (for callers that did not), not with each of the pass's new pages."""
    serve_site(server, **{"/statement": "statement-v1.html", "/deal": "deal-en.html", "/accord": "accord-fr.html"})
    sources = [{"name": name, "url": server.url(path), "kind": "page"}
               for name, path in (("lab-statement", "/statement"), ("desk", "/deal"), ("quotidien", "/accord"))]
    config = load_config(write_config(tmp_path / "sources.toml", sources))
    statements = []
    db.conn.set_trace_callback(statements.append)
    summary = run_pass(config, db)
    db.conn.set_trace_callback(None)
    assert summary.new_snapshots == 3
    assert sum(statement.startswith("SELECT * FROM baseline_facts") for statement in statements) == 2


def test_every_try_has_its_own_fetches_row(tmp_path, server, db):
    config = page_config(tmp_path, server, retries=2)
    server.serve_sequence("/statement", [Reply("busy", 503, {"Content-Type": "text/plain"}),
                                         Reply("down", 500, {"Content-Type": "text/plain"}),
                                         Reply(page("statement-v1.html", server), 200, {"Content-Type": "text/html"})])
    summary = run_pass(config, db)
    assert (summary.new_snapshots, dict(summary.errors)) == (1, {})
    assert rows(db, "SELECT attempts, outcome, error_class, status FROM fetches ORDER BY id") == [
        (1, "error", "http_5xx", 503), (2, "error", "http_5xx", 500), (3, "ok", None, 200)]
    started = [moment for (moment,) in rows(db, "SELECT started_at FROM fetches ORDER BY id")]
    assert started == sorted(started) and len(set(started)) == 3
    assert rows(db, "SELECT consecutive_failures, last_outcome FROM sources") == [(0, "ok")]
    (snapshot_fetch,) = rows(db, "SELECT fetch_id FROM snapshots")[0]
    assert rows(db, "SELECT attempts FROM fetches WHERE id = ?", snapshot_fetch) == [(3,)]


def test_furniture_only_change_makes_no_snapshot(tmp_path, server, db):
    config = page_config(tmp_path, server)
    serve_site(server, **{"/statement": "statement-v1.html"})
    run_pass(config, db)
    serve_site(server, **{"/statement": "statement-v1-furniture.html"})
    summary = run_pass(config, db)

    assert (summary.checked, summary.same_text, summary.new_snapshots) == (1, 1, 0)
    assert len(snapshot_rows(db)) == 1
    # the new bytes are remembered, so the next identical body skips extraction
    (raw_hash,) = rows(db, "SELECT raw_hash FROM documents")[0]
    assert raw_hash == store.raw_hash(page("statement-v1-furniture.html", server).encode())


def test_identical_bytes_skip_extraction(tmp_path, server, db):
    config = page_config(tmp_path, server)
    serve_site(server, **{"/statement": "statement-v1.html"})
    run_pass(config, db)
    summary = run_pass(config, db)

    assert (summary.unchanged, summary.new_snapshots) == (1, 0)
    assert [outcome for (outcome,) in rows(db, "SELECT outcome FROM fetches ORDER BY id")] == ["ok", "unchanged"]


def test_not_modified_after_a_conditional_get(tmp_path, server, db):
    config = page_config(tmp_path, server)
    server.serve("/statement", page("statement-v1.html", server), headers={"ETag": '"v1"'})
    run_pass(config, db)
    summary = run_pass(config, db)

    assert summary.not_modified == 1 and len(snapshot_rows(db)) == 1
    assert server.requests_for("/statement")[-1].headers["If-None-Match"] == '"v1"'
    assert rows(db, "SELECT outcome, status FROM fetches ORDER BY id")[-1] == ("not_modified", 304)


def test_page_flipping_back_gets_a_new_snapshot_pointing_to_the_edit(tmp_path, server, db):
    config = page_config(tmp_path, server)
    for name in ("statement-v1.html", "statement-v2.html", "statement-v1.html"):
        serve_site(server, **{"/statement": name})
        run_pass(config, db)

    (one, _, hash_one, _), (two, _, _, _), (three, previous, hash_three, _) = snapshot_rows(db)
    assert previous == two and hash_three == hash_one and three > two > one


@pytest.mark.parametrize(
    "status, body, error_class",
    [
        (404, "<html><body><p>No such page.</p></body></html>", "http_4xx"),
        (500, "<html><body><p>Something broke.</p></body></html>", "http_5xx"),
        (200, "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "empty"),
        (403, "<html><head><title>Just a moment...</title></head><body><script>cf_chl_opt={}</script></body></html>",
         "challenge"),
    ],
)
def test_error_and_empty_pages_never_become_snapshots(tmp_path, server, db, status, body, error_class):
    config = page_config(tmp_path, server)
    server.serve("/statement", body, status=status)
    run_pass(config, db)
    summary = run_pass(config, db)

    assert summary.errors == {error_class: 1} and snapshot_rows(db) == []
    state = rows(db, "SELECT last_outcome, last_error_class, consecutive_failures, failing_since FROM sources")[0]
    assert state[:3] == ("error", error_class, 2) and state[3]

    serve_site(server, **{"/statement": "statement-v1.html"})
    run_pass(config, db)
    state = rows(db, "SELECT last_outcome, consecutive_failures, failing_since FROM sources")[0]
    assert state == ("ok", 0, None) and len(snapshot_rows(db)) == 1


def test_feed_follows_on_topic_entries_once_until_due(tmp_path, server, db):
    config = feed_config(tmp_path, server)
    server.serve("/feed.xml", page("feed.xml", server), content_type="application/rss+xml", headers={"ETag": '"f1"'})
    serve_site(
        server,
        **{
            "/news/deal-en": "deal-en.html",
            "/news/accord-fr": "accord-fr.html",
            "/sport/cup-final": "cup-final.html",
        },
    )
    first = run_pass(config, db)

    urls = sorted(url for (url,) in rows(db, "SELECT url FROM documents"))
    assert urls == [server.url("/news/accord-fr"), server.url("/news/deal-en")]  # utm_* and fragment gone
    assert server.requests_for("/sport/cup-final") == []
    assert (first.checked, first.new_snapshots) == (3, 2)
    (title, published, source), *_ = rows(
        db, "SELECT feed_title, feed_published, source FROM documents WHERE url = ?", server.url("/news/deal-en")
    )
    assert title.startswith("OpenAI and Microsoft") and published.startswith("2025-10-28") and source == "tech-desk"

    second = run_pass(config, db)
    assert (second.checked, second.not_modified, second.not_due) == (1, 1, 0)  # feed answered 304
    server.serve("/feed.xml", page("feed.xml", server), content_type="application/rss+xml", headers={"ETag": '"f2"'})
    third = run_pass(config, db)
    assert (third.checked, third.not_due) == (1, 2)  # feed read again, its entries not due yet
    assert len(server.requests_for("/news/deal-en")) == 1
    assert server.requests_for("/feed.xml")[1].headers["If-None-Match"] == '"f1"'

    # once an article is due it is fetched again, even when the feed itself answers 304
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat(timespec="seconds")
    db.execute("UPDATE documents SET next_check_at = ? WHERE url = ?", [past, server.url("/news/deal-en")])
    db.conn.commit()
    fourth = run_pass(config, db)
    assert (fourth.not_modified, fourth.unchanged, fourth.not_due) == (1, 1, 0)
    assert len(server.requests_for("/news/deal-en")) == 2


def test_xml_that_is_not_a_feed_is_an_error_not_a_crash(tmp_path, server, db):
    config = feed_config(tmp_path, server)
    server.serve("/feed.xml", "<?xml version='1.0'?><catalogue><item>tea</item></catalogue>", content_type="application/xml")
    summary = run_pass(config, db)
    assert summary.errors == {"not_feed": 1}
    assert rows(db, "SELECT last_error_class FROM sources") == [("not_feed",)]
    assert rows(db, "SELECT count(*) FROM documents") == [(0,)]


def test_recheck_schedule_follows_article_age(tmp_path, server, db):
    # the fixture articles were published in October 2025: past "1d", so rechecked weekly
    config = feed_config(tmp_path, server, recheck={"1d": "1h", "older": "7d"})
    serve_site(server, **{"/feed.xml": "feed.xml", "/news/deal-en": "deal-en.html", "/news/accord-fr": "accord-fr.html"})
    run_pass(config, db)
    (next_check,) = rows(db, "SELECT next_check_at FROM documents WHERE url = ?", server.url("/news/deal-en"))[0]
    wait = datetime.fromisoformat(next_check) - datetime.now(timezone.utc)
    assert timedelta(days=6, hours=23) < wait <= timedelta(days=7)

    # without an "older" entry, old articles are never fetched again
    config = feed_config(tmp_path, server, recheck={"1d": "1h"})
    db.execute("UPDATE documents SET next_check_at = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    run_pass(config, db)
    assert rows(db, "SELECT DISTINCT next_check_at FROM documents") == [(None,)]


def test_canonical_link_is_kept_on_the_snapshot(tmp_path, server, db):
    config = page_config(tmp_path, server)
    serve_site(server, **{"/statement": "statement-v1.html"})
    run_pass(config, db)
    assert rows(db, "SELECT d.url, s.url FROM snapshots s JOIN documents d ON d.id = s.document_id") == [
        (server.url("/statement"), "https://newsroom.example.org/statements/partnership-next-steps")
    ]


def test_sources_are_synced_and_removed_ones_disabled_not_deleted(tmp_path, server, db):
    serve_site(server, **{"/statement": "statement-v1.html", "/other": "deal-en.html"})
    both = [
        {"name": "lab-statement", "url": server.url("/statement"), "kind": "page"},
        {"name": "desk-article", "url": server.url("/other"), "kind": "page", "interval": "2h"},
    ]
    run_pass(load_config(write_config(tmp_path / "sources.toml", both)), db)
    run_pass(load_config(write_config(tmp_path / "sources.toml", both[:1])), db)

    assert rows(db, "SELECT name, enabled, interval_seconds FROM sources ORDER BY name") == [
        ("desk-article", 0, 7200),
        ("lab-statement", 1, 900),
    ]
    assert rows(db, "SELECT count(*) FROM snapshots s JOIN documents d ON d.id = s.document_id"
                " WHERE d.source = 'desk-article'") == [(1,)]


def test_snapshot_hooks_share_the_check_transaction(tmp_path, server, db):
    config = page_config(tmp_path, server)
    serve_site(server, **{"/statement": "statement-v1.html"})
    seen = []

    def record(db_, snapshot_id, article, source):
        stored = db_.execute("SELECT text FROM snapshots WHERE id = ?", [snapshot_id]).fetchone()
        seen.append((snapshot_id, stored[0] == article.text, source.name))

    run_pass(config, db, on_snapshot=[record])
    assert seen == [(1, True, "lab-statement")]

    def broken(db_, snapshot_id, article, source):
        raise RuntimeError("fact engine failed")

    serve_site(server, **{"/statement": "statement-v2.html"})
    summary = run_pass(config, db, on_snapshot=[broken])
    # nothing of the failed snapshot was written (no snapshot, no document change): the check is
    # recorded as an error of class "other" with the exception's text, and the pass went on
    assert summary.errors == {"other": 1}
    assert rows(db, "SELECT outcome, error_class, error FROM fetches ORDER BY id") == [
        ("ok", None, None), ("error", "other", "recording the check failed: RuntimeError: fact engine failed")]
    assert len(snapshot_rows(db)) == 1
    assert rows(db, "SELECT raw_hash FROM documents") == [(store.raw_hash(page("statement-v1.html", server).encode()),)]
