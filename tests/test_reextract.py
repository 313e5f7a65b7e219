"""`monitor reextract`: recompute texts, observations and findings from the stored raw pages.

A loopback server provides the history; then the configuration changes (an `exclude` selector
that drops a box the extractor let through, a corrected baseline) and reextract must rewrite
exactly what those changes imply, without a single request, and change nothing when run again.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest
from click.testing import CliRunner
from server import LoopbackServer
from sqlite_utils import Database
from story_site import StorySite, story_config

from monitor.cli import cli
from monitor.config import load_config
from monitor.findings import recording
from monitor.storage import blobs, store

SOURCES = {"lab-grants": "lab_grants", "courier": "courier_explainer"}


@pytest.fixture
def history(tmp_path):
    """Two passes: the grants page is corrected from $50 million to $25 million in between."""
    with LoopbackServer() as server:
        site = StorySite(server)
        config, db = tmp_path / "sources.toml", tmp_path / "monitor.db"
        story_config(config, site, SOURCES)
        site.show(lab_grants="grants-v1", courier_explainer="boxed")
        assert monitor(config, db, "fetch").exit_code == 0
        site.show(lab_grants="grants-v2")
        assert monitor(config, db, "fetch").exit_code == 0
        yield site, config, db


def monitor(config, db, *args):
    return CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), *args])


def contents(db) -> dict:
    """Everything reextract may touch, row by row."""
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("snapshots", "observations", "findings", "baseline_facts")
        }


def reextract(config, db) -> dict:
    result = monitor(config, db, "reextract", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_right_after_the_passes_reextract_changes_nothing(history):
    site, config, db = history
    before = contents(db)
    outcome = reextract(config, db)
    assert outcome["snapshots"] == 3
    assert (outcome["texts_changed"], outcome["observations_changed"]) == (0, 0)
    assert (outcome["findings_added"], outcome["findings_removed"], outcome["findings_updated"]) == ([], [], [])
    assert contents(db) == before


def test_a_new_exclude_selector_and_baseline_are_applied_to_history_without_fetching(history):
    site, config, db = history
    requests = len(site.server.requests)
    stake_before = finding(db, "courier", "nonprofit_stake_usd")
    assert stake_before[0] == "diverges"  # the box's "about $80 billion" leaked into the text
    story_config(config, site, SOURCES, settings={"courier": {"exclude": [".box-note"]}})
    config.write_text(config.read_text().replace("value = 50e6", "value = 25e6"))

    outcome = reextract(config, db)

    assert len(site.server.requests) == requests
    assert (outcome["texts_changed"], outcome["observations_changed"]) == (1, 1)
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM snapshots s JOIN documents d ON d.id = s.document_id"
                               " WHERE d.source = 'courier'").fetchone()  # fmt: skip
    assert "$80 billion" not in text and "$130 billion" in text
    assert finding(db, "courier", "nonprofit_stake_usd")[0] == "refines"
    assert finding(db, "lab-grants", "grant_fund_usd")[0] == "confirms"  # $25 million is now the baseline
    assert len(outcome["findings_updated"]) == 2 and outcome["findings_added"] == outcome["findings_removed"] == []

    after = contents(db)
    again = reextract(config, db)
    assert (again["texts_changed"], again["observations_changed"], again["findings_updated"]) == (0, 0, [])
    assert contents(db) == after


def test_raw_pages_stored_with_zlib_by_an_earlier_version_are_reextracted(history):
    """A database from before zstd: its blobs in zlib, no dictionaries table (the migration adds it)."""
    site, config, db = history
    with sqlite3.connect(db) as conn:
        pages = {digest: blobs.read_blob(Database(conn), digest) for (digest,) in conn.execute("SELECT hash FROM blobs")}
        conn.execute("DROP TABLE blob_dictionaries")
        conn.executemany("UPDATE blobs SET compression = 'zlib', content = ? WHERE hash = ?",
                         [(zlib.compress(body, 6), digest) for digest, body in pages.items()])
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_blob_dictionaries'")
    story_config(config, site, SOURCES, settings={"courier": {"exclude": [".box-note"]}})

    outcome = reextract(config, db)

    assert outcome["texts_changed"] == 1  # the courier's page was read from its zlib blob
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("SELECT compression FROM blobs")} == {"zlib"}
        assert conn.execute("SELECT count(*) FROM blob_dictionaries").fetchone() == (0,)


def test_diff_shows_what_the_reextraction_changed(history):
    site, config, db = history
    assert monitor(config, db, "diff").exit_code == 1  # the history's findings, read: the cursor moves past them
    story_config(config, site, SOURCES, settings={"courier": {"exclude": [".box-note"]}})
    assert "updated" in monitor(config, db, "reextract").output
    for args in (["--pass", "latest"], []):  # the reextract's pass; what is new since the last diff
        result = monitor(config, db, "diff", *args, "--format", "json")
        assert result.exit_code == 1
        assert [(f["kind"], f["source"]) for f in json.loads(result.output)] == [("refines", "courier")]
    assert monitor(config, db, "diff").exit_code == 0  # read now


def test_reextract_needs_an_existing_database(tmp_path):
    (tmp_path / "sources.toml").write_text('[monitor]\nuser_agent = "monitor-tests (+http://127.0.0.1/contact)"\n')
    result = monitor(tmp_path / "sources.toml", tmp_path / "missing.db", "reextract")
    assert result.exit_code == 2 and "monitor init" in result.output


def finding(db, source, key):
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT kind, summary FROM findings WHERE source = ? AND key = ? AND kind NOT IN"
            " ('fact_changed', 'conflict')",
            [source, key],
        ).fetchone()


def test_reextract_reports_its_progress_snapshot_by_snapshot(history):
    _site, config, db = history
    heard = []
    recording.reextract(store.open_store(str(db), create=False), load_config(str(config)),
                       progress=lambda done, total, what: heard.append((done, total, what)))
    assert [(done, total) for done, total, _ in heard] == [(step, 6) for step in range(1, 7)]
    assert [what.split(" snapshot ")[0] for _, _, what in heard] == ["re-read"] * 3 + ["findings of"] * 3
