"""Conflicts found through stored interval bounds give the same findings as reading every document.

``analysis`` looks up only the other sources' statements that may contradict a new one (by range
on the stored bounds, by value for claims). These tests store snapshots in a real SQLite file
through ``store.record_check`` and the pipeline's snapshot hook, and check the conflict findings
against ``findings.conflicts`` run over every other document's latest snapshot.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor import pipeline
from monitor.config import load_config
from monitor.extraction.article import text_hash
from monitor.facts.attribution import extract_observations
from monitor.fetching.http import FetchResult
from monitor.findings.rules import (
    SnapshotView,
    conflict_pair,
    conflicts,
    parse_time,
    statement,
)
from monitor.model import Article, Block
from monitor.storage import store
from monitor.storage.schema import migrations, open_database

FACTS = Path(__file__).parent / "fixtures" / "conflicts" / "facts.toml"
SOURCES = ("wire", "daily", "weekly", "radio")
# Figures chosen so that some intervals touch: "$50 million" is 49.5–50.5, "more than $50.5 million" starts above it.
FIGURES = (
    "$50 million", "about $52 million", "more than $60 million", "at least $45 million", "up to $40 million",
    "between $30 million and $45 million", "€43 million", "about €50 million", "£40 million", "more than $50.5 million",
    "$49.5 million",
)  # fmt: skip
STAGES = ("a definitive agreement", "a memorandum of understanding")
DAYS = ("2025-10-01", "2025-10-03", "2025-10-20")  # the window is 7 days: the 20th is too late for the 1st


def load(tmp: Path):
    lines = ['[monitor]', 'user_agent = "monitor-tests/1 (+http://example.test/contact)"', ""]
    for name in SOURCES:
        lines += ["[[source]]", f'name = "{name}"', f'url = "http://example.test/{name}"', 'kind = "page"', ""]
    path = tmp / "sources.toml"
    path.write_text("\n".join(lines) + FACTS.read_text(encoding="utf-8"), encoding="utf-8")
    return load_config(path)


def text_of(figure: str | None, stage: str | None) -> str:
    sentences = ["Our reporter looked at the deal this week."]
    if figure:
        sentences.append(f"The grant fund is worth {figure}.")
    if stage:
        sentences.append(f"The two companies signed {stage}.")
    return " ".join(sentences)


def record(db, config, source_name: str, url: str, text: str, published: str) -> int:
    """Store one snapshot of ``url`` the way a pass does; return its id."""
    source = next(source for source in config.sources if source.name == source_name)
    now = f"{published}T12:00:00+00:00"
    fetched = FetchResult(url, url, "ok", status=200, body=text.encode(), text=text, started_at=now)
    article = Article(url, "A story", published, "en", blocks=(Block("p", text),))
    check = store.Check(None, source, fetched, "ok", document_url=url, article=article, text_hash=text_hash(text))
    return store.record_check(db, check, now, pipeline.snapshot_hooks(config))


def stored_conflicts(db) -> set[tuple]:
    rows = db.execute("SELECT key, document_id, snapshot_id, observed, other FROM findings WHERE kind = 'conflict'")
    found = set()
    for key, document_id, snapshot_id, observed, other in rows:
        other = json.loads(other)
        found.add((key, document_id, snapshot_id, statement(json.loads(observed)), other["document_id"],
                   other["snapshot_id"], statement(other["observed"])))
    return found


def expected_conflicts(config, events: list[tuple[int, int, str, str, str]]) -> set[tuple]:
    """Every conflict, found by comparing each snapshot with every other document's latest one."""
    latest: dict[int, SnapshotView] = {}
    reported: set = set()
    found = set()
    for snapshot_id, document_id, source, text, published in events:
        current = SnapshotView(
            snapshot_id, document_id, source, f"http://example.test/{document_id}", text, text_hash(text),
            parse_time(published), tuple(extract_observations(text, config.facts, language="en")),
        )
        others = [view for other_id, view in sorted(latest.items()) if other_id != document_id]
        for finding in conflicts(current, others, window_seconds=config.monitor.conflict_window, fx=config.fx,
                                 reported=reported):
            other = finding.other
            found.add((finding.key, document_id, snapshot_id, statement(finding.observed), other["document_id"],
                       other["snapshot_id"], statement(other["observation"])))
            reported.add(conflict_pair(finding.key, document_id, finding.observed, other["document_id"],
                                       other["observation"]))
        latest[document_id] = current
    return found


# One event: which document (its source is fixed by its number), what it says, when it was published.
EVENT = st.tuples(
    st.integers(0, 5),
    st.one_of(st.none(), st.sampled_from(FIGURES)),
    st.one_of(st.none(), st.sampled_from(STAGES)),
    st.sampled_from(DAYS),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENT, min_size=2, max_size=9))
def test_lookups_by_bounds_find_the_same_conflicts_as_reading_every_document(events):
    with tempfile.TemporaryDirectory() as tmp:
        config = load(Path(tmp))
        db = store.open_store(str(Path(tmp) / "monitor.db"))
        store.sync_sources(db, config.sources, "2025-10-01T00:00:00+00:00")
        replayed = []
        for number, figure, stage, published in events:
            url = f"http://example.test/story/{number}"
            source = SOURCES[number % len(SOURCES)]  # documents 0 and 4 share a source, as do 1 and 5
            text = text_of(figure, stage)
            snapshot_id = record(db, config, source, url, text, published)
            if snapshot_id is not None:
                replayed.append((snapshot_id, store.find_document(db, url).id, source, text, published))
        assert stored_conflicts(db) == expected_conflicts(config, replayed)
        db.conn.close()


def test_a_contradiction_in_another_currency_is_found_through_the_rate(tmp_path):
    config = load(tmp_path)
    db = store.open_store(str(tmp_path / "monitor.db"))
    store.sync_sources(db, config.sources, "2025-10-01T00:00:00+00:00")
    record(db, config, "wire", "http://example.test/a", text_of("€43 million", None), "2025-10-01")  # ≈ $49.9 million
    record(db, config, "daily", "http://example.test/b", text_of("more than $60 million", None), "2025-10-02")
    record(db, config, "weekly", "http://example.test/c", text_of("£40 million", None), "2025-10-02")  # no rate
    said = {(mine, theirs) for _key, _doc, _snap, mine, _other_doc, _other_snap, theirs in stored_conflicts(db)}
    assert said == {((60e6, ">", None, "USD", None), (43e6, "=", None, "EUR", None))}


def test_only_the_latest_snapshot_of_another_document_counts(tmp_path):
    config = load(tmp_path)
    db = store.open_store(str(tmp_path / "monitor.db"))
    store.sync_sources(db, config.sources, "2025-10-01T00:00:00+00:00")
    record(db, config, "wire", "http://example.test/a", text_of(None, "a definitive agreement"), "2025-10-01")
    record(db, config, "wire", "http://example.test/a", text_of(None, "a memorandum of understanding"), "2025-10-01")
    record(db, config, "daily", "http://example.test/b", text_of(None, "a memorandum of understanding"), "2025-10-02")
    assert stored_conflicts(db) == set()
    record(db, config, "weekly", "http://example.test/c", text_of(None, "a definitive agreement"), "2025-10-02")
    assert {(row[0], row[4]) for row in stored_conflicts(db)} == {("agreement_stage", 1), ("agreement_stage", 2)}


def test_the_migration_stores_bounds_of_observations_written_before_it(tmp_path):
    path = str(tmp_path / "old.db")
    db = open_database(path, migrate=False)
    migrations.apply(db, stop_before="m005_observation_bounds")
    db["sources"].insert({"name": "wire", "url": "http://example.test/wire", "kind": "page"})
    db["documents"].insert({"id": 1, "url": "http://example.test/a", "source": "wire"})
    db["snapshots"].insert({"id": 1, "document_id": 1, "text": "x", "text_hash": "h"})
    db["baseline_facts"].insert_all([{"key": "grant_fund_usd"}, {"key": "agreement_stage"}], pk="key")
    db["observations"].insert_all([
        {"snapshot_id": 1, "document_id": 1, "key": "grant_fund_usd", "kind": "money", "value": "50000000.0",
         "comparator": "=", "currency": "USD", "step": 1e6},
        {"snapshot_id": 1, "document_id": 1, "key": "grant_fund_usd", "kind": "money", "value": "60000000.0",
         "comparator": ">", "currency": "USD", "step": 1e6},
        {"snapshot_id": 1, "document_id": 1, "key": "agreement_stage", "kind": "claim", "value": '"mou"',
         "comparator": "="},
    ])  # fmt: skip
    db.conn.close()
    upgraded = open_database(path)
    bounds = upgraded.execute("SELECT low, high FROM observations ORDER BY id").fetchall()
    assert bounds == [(49.5e6, 50.5e6), (60e6, float("inf")), (None, None)]


def test_intervals_that_only_touch_at_an_open_end_conflict_and_overlapping_ones_do_not(tmp_path):
    config = load(tmp_path)
    db = store.open_store(str(tmp_path / "monitor.db"))
    store.sync_sources(db, config.sources, "2025-10-01T00:00:00+00:00")
    record(db, config, "wire", "http://example.test/a", text_of("$50 million", None), "2025-10-01")  # 49.5–50.5
    record(db, config, "daily", "http://example.test/b", text_of("$49.5 million", None), "2025-10-01")  # 49.45–49.55
    assert stored_conflicts(db) == set()
    record(db, config, "weekly", "http://example.test/c", text_of("more than $50.5 million", None), "2025-10-01")
    said = {(mine[0], theirs[0]) for _key, _doc, _snap, mine, _other_doc, _other_snap, theirs in stored_conflicts(db)}
    assert said == {(50.5e6, 50e6), (50.5e6, 49.5e6)}
