"""Syncing the sources table: any number of sources, state kept, dropped sources disabled."""

from __future__ import annotations

import sqlite3

from monitor.config import Source
from monitor.storage import store

NOW = "2025-10-01T00:00:00+00:00"
LATER = "2025-10-02T00:00:00+00:00"


def sources(count: int) -> list[Source]:
    return [Source(f"s{number}", f"http://example.test/{number}", "page", 900.0) for number in range(count)]


def test_more_sources_than_sqlite_takes_parameters_in_one_statement(tmp_path):
    db = store.open_store(str(tmp_path / "monitor.db"))
    # SQLite's own default is 32,766 (some builds allow more): a low limit shows the same thing faster.
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)
    many = sources(2_000)
    store.sync_sources(db, many, NOW)
    store.sync_sources(db, many[1:], LATER)
    counts = db.execute("SELECT enabled, count(*) FROM sources GROUP BY enabled ORDER BY enabled").fetchall()
    assert counts == [(0, 1), (1, 1_999)]
    assert db.execute("SELECT enabled, synced_at FROM sources WHERE name = 's0'").fetchone() == (0, LATER)


def test_a_resync_keeps_check_state_and_updates_settings(tmp_path):
    db = store.open_store(str(tmp_path / "monitor.db"))
    store.sync_sources(db, sources(2), NOW)
    db.execute("UPDATE sources SET last_outcome = 'ok', consecutive_failures = 3 WHERE name = 's1'")
    moved = [sources(2)[0], Source("s1", "http://example.test/moved", "feed", 60.0, language="fr")]
    store.sync_sources(db, moved, LATER)
    row = db.execute(
        "SELECT url, kind, interval_seconds, language, enabled, last_outcome, consecutive_failures, synced_at"
        " FROM sources WHERE name = 's1'"
    ).fetchone()
    assert row == ("http://example.test/moved", "feed", 60, "fr", 1, "ok", 3, LATER)


def test_a_source_configured_again_is_enabled_again(tmp_path):
    db = store.open_store(str(tmp_path / "monitor.db"))
    store.sync_sources(db, sources(2), NOW)
    store.sync_sources(db, sources(1), NOW)
    store.sync_sources(db, sources(2), LATER)
    assert db.execute("SELECT count(*) FROM sources WHERE enabled").fetchone() == (2,)
