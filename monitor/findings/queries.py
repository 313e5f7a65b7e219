"""Reading stored findings back: the queries behind `monitor diff`, the notifier and the demo.

Its own module, apart from ``recording`` (which writes findings and so loads the extractor and
the fact engine), so that reading a report costs only SQLite: `monitor diff` answers at once.
Each query takes a sqlite-utils database or a plain sqlite3 connection (`store.open_reader`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monitor.serialize import baseline_to_dict
from monitor.storage.connection import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class FindingQuery:
    """Which stored findings `monitor diff` shows; empty filters select everything."""

    pass_id: int | None = None
    since: str | None = None  # ISO 8601 UTC, as detected_at is written
    sources: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    ids: tuple[int, ...] | None = None  # only these findings (a notification's)
    after_seq: int | None = None  # written (or rewritten) after a reader's cursor…
    up_to_seq: int | None = None  # …and up to where the reader reads now


_JSON_COLUMNS = ("observed", "baseline", "previous", "other", "diff", "fact_baseline")


def latest_pass(db: Database | sqlite3.Connection) -> dict | None:
    """The most recent pass (fetch, daemon or reextract), or None before the first one."""
    row = db.execute("SELECT id, kind, started_at, finished_at FROM passes ORDER BY id DESC LIMIT 1").fetchone()
    return dict(zip(("id", "kind", "started_at", "finished_at"), row)) if row else None


def current_baselines(facts: Sequence) -> dict[str, dict]:
    """The label, kind and baseline of each fact definition, as ``select_findings`` gives them."""
    return {
        fact.key: {
            "label": fact.label,
            "fact_kind": fact.kind,
            "fact_baseline": baseline_to_dict(fact.baseline) if fact.baseline is not None else None,
        }
        for fact in facts
    }


def select_findings(db: Database | sqlite3.Connection, query: FindingQuery, facts: Mapping[str, dict] | None = None) -> list[dict]:
    """Stored findings with what a report needs: the fact's label, kind and current baseline,
    the page's date and title, and the figure as written (to highlight it in the evidence);
    JSON columns decoded. ``facts`` (``current_baselines`` of the config) overrides the label
    and baseline stored in ``baseline_facts``, which are as of the last sync."""
    where, params = [], []
    if query.pass_id is not None:
        where.append("f.pass_id = ?")
        params.append(query.pass_id)
    if query.since is not None:
        where.append("f.detected_at >= ?")
        params.append(query.since)
    if query.ids is not None:
        where.append("f.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(query.ids)))
    if query.after_seq is not None:
        where.append("f.seq > ?")
        params.append(query.after_seq)
    if query.up_to_seq is not None:
        where.append("f.seq <= ?")
        params.append(query.up_to_seq)
    for column, values in (("f.source", query.sources), ("f.key", query.facts), ("f.kind", query.kinds)):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    cursor = db.execute(
        "SELECT f.id, f.kind, f.key, b.label, b.kind AS fact_kind, f.source, f.url, f.snapshot_id, f.pass_id,"
        " f.detected_at, f.summary, f.evidence, f.observed, f.baseline, f.previous, f.other, f.diff,"
        " s.title, s.published, s.created_at AS captured_at,"
        " CASE WHEN s.url != f.url THEN s.url END AS canonical_url,"
        " CASE WHEN b.value IS NOT NULL THEN json_object('key', b.key, 'value', json(b.value), 'currency', b.currency,"
        "   'unit', b.unit, 'comparator', b.comparator, 'value_max', b.value_max, 'evidence', b.evidence)"
        " END AS fact_baseline,"
        " substr(s.text, json_extract(f.observed, '$.start') + 1,"
        "        json_extract(f.observed, '$.end') - json_extract(f.observed, '$.start')) AS figure"
        " FROM findings f LEFT JOIN snapshots s ON s.id = f.snapshot_id"
        " LEFT JOIN baseline_facts b ON b.key = f.key"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY f.detected_at, f.id",
        params,
    )
    names = [column[0] for column in cursor.description]
    findings = []
    for row in cursor.fetchall():
        finding = dict(zip(names, row))
        for column in _JSON_COLUMNS:
            finding[column] = json.loads(finding[column]) if finding[column] else None
        if facts and finding["key"] in facts:
            finding.update(facts[finding["key"]])
        findings.append(finding)
    return findings


def latest_seq(db: Database | sqlite3.Connection) -> int:
    """The number of the latest finding written or rewritten (0 before the first)."""
    return db.execute("SELECT coalesce(max(seq), 0) FROM findings").fetchone()[0]


def reader_cursor(db: Database | sqlite3.Connection, reader: str) -> tuple[int, str | None]:
    """Where `monitor diff --reader NAME` stopped reading, and when: (0, None) for a new reader."""
    row = db.execute("SELECT seq, read_at FROM diff_readers WHERE name = ?", [reader]).fetchone()
    return (row[0], row[1]) if row else (0, None)


def move_cursor(db: sqlite3.Connection, reader: str, seq: int, now: str) -> None:
    """Record that `reader` has seen every finding up to `seq` (a cursor never moves back)."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO diff_readers (name, seq, read_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
            " SET seq = max(diff_readers.seq, excluded.seq), read_at = excluded.read_at",
            [reader, seq, now],
        )


def known_names(db: Database | sqlite3.Connection) -> tuple[list[str], list[str]]:
    """Source names and fact keys the database knows, to check `monitor diff` filters."""
    sources = [row[0] for row in db.execute("SELECT name FROM sources ORDER BY name")]
    facts = [row[0] for row in db.execute("SELECT key FROM baseline_facts ORDER BY key")]
    return sources, facts
