"""The database side of findings: observations and findings of each snapshot, stored with it.

Two ways in, one computation:

- ``snapshot_hook(config)`` runs inside the pipeline's transaction for each new snapshot: it
  syncs ``baseline_facts``, stores the snapshot's observations and writes its findings, so a
  crash leaves either the snapshot with all its findings or neither;
- ``reextract(db, config)`` re-reads every stored raw page (no fetching), recomputes texts,
  observations and findings, and writes only the differences, so a second run changes nothing.

Findings are a function of the stored snapshots: for a snapshot, its previous snapshot, the
document's earlier text hashes, and the latest earlier snapshot of every other source's
documents. The rules themselves live in ``monitor.findings.rules``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from monitor.extraction.article import extract, text_hash
from monitor.facts.attribution import extract_observations
from monitor.facts.compare import compare_all, observation_bounds
from monitor.fetching._response import Unreadable, page_markup
from monitor.findings.rules import (
    BASELINE_KINDS,
    SnapshotView,
    baseline_findings,
    conflict_pair,
    conflicts,
    contradiction_ranges,
    parse_time,
    snapshot_changes,
    statement,
    summarize,
)
from monitor.model import Finding, Observation
from monitor.serialize import baseline_to_dict, observation_to_dict
from monitor.storage.blobs import read_blob
from monitor.storage.store import insert_row, update_row

# Observation → its row id, for one snapshot.
ObservationIds = dict[Observation, int]

_FINDING_CONTENT = (
    "kind", "key", "source", "document_id", "snapshot_id", "url", "summary",
    "evidence", "observed", "baseline", "previous", "other", "diff",
)  # fmt: skip
_FINDING_LINKS = ("observation_id", "previous_observation_id", "other_observation_id")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Observations read ahead of the transaction, off the event loop (`prepare_observations`):
# (text, language, facts) → observations. A few entries: a check uses its own right away.
_PREPARED: OrderedDict[tuple, list[Observation]] = OrderedDict()
_PREPARED_ENTRIES = 64
_PREPARED_LOCK = threading.Lock()


def prepare_observations(text: str, language: str | None, config) -> None:
    """Read the facts of a text that is about to become a snapshot, ahead of its transaction.

    The pipeline calls this in a worker thread, so the fact engine's CPU time never holds the
    event loop (other checks, the daemon's heartbeat and signals); `analyse_snapshot` then takes
    the result instead of reading the text again.
    """
    remember_observations(text, language, config, extract_observations(text, config.facts, language=language))


def remember_observations(text: str, language: str | None, config, observations: list[Observation]) -> None:
    """Keep observations read elsewhere (a worker process) for the snapshot about to be written."""
    with _PREPARED_LOCK:
        _PREPARED[(text, language, id(config.facts))] = observations
        while len(_PREPARED) > _PREPARED_ENTRIES:
            _PREPARED.popitem(last=False)


def _observations_of(text: str, language: str | None, config) -> list[Observation]:
    with _PREPARED_LOCK:
        prepared = _PREPARED.pop((text, language, id(config.facts)), None)
    return extract_observations(text, config.facts, language=language) if prepared is None else prepared


def snapshot_hook(config):
    """The pipeline hook: analyse each new snapshot inside the transaction that writes it.

    The baseline facts are synced with the first snapshot a database gets from this hook, not
    with every one: a pass syncs them as it starts, and reading the table back for each new
    page was a fixed cost of every first pass.
    """
    synced: weakref.WeakSet[Database] = weakref.WeakSet()

    def analyse(db: Database, snapshot_id: int, article, source) -> None:
        analyse_snapshot(db, snapshot_id, config, sync=db not in synced)
        synced.add(db)

    return analyse


def analyse_snapshot(db: Database, snapshot_id: int, config, *, now: str | None = None, sync: bool = True) -> list[int]:
    """Store a new snapshot's observations and findings; return the ids of the findings written.

    The caller owns the transaction (the pipeline's check, or a test's ``db.atomic()``);
    `sync=False` when the baseline facts are known to be in the database already.
    """
    now = now or utc_now()
    if sync:
        sync_baseline_facts(db, config.facts, now)
    snapshot = _snapshot_row(db, snapshot_id)
    observations = _observations_of(snapshot["text"], snapshot["language"], config)
    _replace_observations(db, snapshot, observations)
    if not observations and snapshot["previous_id"] is None:
        return []  # a document's first snapshot that states no fact has nothing to compare
    keys = {obs.key for obs in observations}
    rows = compute_findings(db, snapshot_id, config, reported=_reported_conflicts(db, snapshot["document_id"], keys))
    if not rows:
        return []
    pass_id = _pass_of(db, snapshot_id)
    return [_write_finding(db, row, pass_id, now) for row in rows]


def sync_baseline_facts(db: Database, facts: Sequence, now: str) -> None:
    """One ``baseline_facts`` row per fact definition (observations reference it by key).

    Rows are rewritten only when the definition changed; facts dropped from the config keep
    their row, since stored observations still point at it.
    """
    cursor = db.execute("SELECT * FROM baseline_facts")
    names = [column[0] for column in cursor.description]
    stored = {row["key"]: row for row in (dict(zip(names, values)) for values in cursor)}
    for fact in facts:
        wanted = _baseline_row(fact)
        held = stored.get(fact.key)
        if held is None or any(held[name] != value for name, value in wanted.items()):
            db["baseline_facts"].upsert({**wanted, "synced_at": now}, pk="key")


def _baseline_row(fact) -> dict:
    baseline = fact.baseline
    row = {"key": fact.key, "label": fact.label, "kind": fact.kind}
    if baseline is None:
        empty = dict.fromkeys(("value", "comparator", "value_max", "currency", "unit", "evidence"))
        return {**row, **empty}
    as_dict = baseline_to_dict(baseline)
    return {
        **row,
        "value": json.dumps(as_dict["value"]),
        **{name: as_dict[name] for name in ("comparator", "value_max", "currency", "unit", "evidence")},
    }


# ── reading snapshots ─────────────────────────────────────────────────────────────────────


def _snapshot_row(db: Database, snapshot_id: int) -> dict:
    cursor = db.execute(
        "SELECT s.id, s.document_id, s.previous_id, s.created_at, s.url, s.title, s.published,"
        " s.language, s.text, s.text_hash, s.raw_hash, s.source, d.url AS document_url"
        " FROM snapshots s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
        [snapshot_id],
    )
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone()))


def _view(db: Database, snapshot: Mapping[str, Any]) -> tuple[SnapshotView, ObservationIds]:
    rows = db.execute(
        "SELECT id, key, kind, value, comparator, value_max, currency, unit, step, evidence, start,"
        " [end], attributed_to FROM observations WHERE snapshot_id = ? ORDER BY start, id",
        [snapshot["id"]],
    ).fetchall()
    ids = {_observation_from_row(row[1:]): row[0] for row in rows}
    view = SnapshotView(
        snapshot_id=snapshot["id"],
        document_id=snapshot["document_id"],
        source=snapshot["source"],
        url=snapshot["document_url"],  # the watched URL; the page's own canonical one stays on the snapshot
        text=snapshot["text"],
        text_hash=snapshot["text_hash"],
        reported_at=_reported_at(snapshot),
        observations=tuple(ids),
    )
    return view, ids


def _observation_from_row(row: Sequence) -> Observation:
    key, kind, value, comparator, value_max, currency, unit, step, evidence, start, end, attributed_to = row
    decoded = json.loads(value)
    return Observation(
        key=key,
        kind=kind,
        value=tuple(decoded) if isinstance(decoded, list) else decoded,
        comparator=comparator,
        value_max=value_max,
        currency=currency,
        unit=unit,
        step=step,
        evidence=evidence or "",
        start=start or 0,
        end=end or 0,
        attributed_to=attributed_to,
    )


def _reported_at(snapshot: Mapping[str, Any]) -> datetime:
    """When the document said it: its published date if readable, else when it was captured."""
    for moment in (snapshot["published"], snapshot["created_at"]):
        if moment:
            try:
                return parse_time(moment)
            except ValueError:
                continue
    return datetime.now(timezone.utc)


def _pass_of(db: Database, snapshot_id: int) -> int | None:
    row = db.execute(
        "SELECT f.pass_id FROM snapshots s JOIN fetches f ON f.id = s.fetch_id WHERE s.id = ?", [snapshot_id]
    ).fetchone()
    return row[0] if row else None


# ── observations ──────────────────────────────────────────────────────────────────────────


def _observation_row(obs: Observation, snapshot: Mapping[str, Any]) -> dict:
    low, high = observation_bounds(obs.kind, obs.value, obs.comparator, obs.value_max, obs.step)
    return {
        "snapshot_id": snapshot["id"],
        "document_id": snapshot["document_id"],
        "key": obs.key,
        "kind": obs.kind,
        "value": _json_value(obs),
        "value_num": obs.value if isinstance(obs.value, (int, float)) else None,
        "comparator": obs.comparator,
        "value_max": obs.value_max,
        "currency": obs.currency,
        "unit": obs.unit,
        "step": obs.step,
        "evidence": obs.evidence,
        "start": obs.start,
        "end": obs.end,
        "attributed_to": obs.attributed_to,
        "low": low,
        "high": high,
    }


def _json_value(obs: Observation) -> str:
    return json.dumps(list(obs.value) if isinstance(obs.value, tuple) else obs.value)


def _replace_observations(db: Database, snapshot: Mapping[str, Any], observations: Sequence[Observation]) -> bool:
    """Make the stored observations of a snapshot these; return whether anything changed.

    Findings that pointed at replaced rows lose the link (``compute_findings`` restores it).
    """
    view, ids = _view(db, snapshot)
    if list(view.observations) == list(observations):
        return False
    if ids:
        marks = ",".join("?" * len(ids))
        for link in _FINDING_LINKS:
            db.execute(f"UPDATE findings SET {link} = NULL WHERE {link} IN ({marks})", list(ids.values()))
        db.execute("DELETE FROM observations WHERE snapshot_id = ?", [snapshot["id"]])
    for obs in observations:
        insert_row(db, "observations", _observation_row(obs, snapshot))
    db.execute("UPDATE snapshots SET fact_hash = ? WHERE id = ?", [_fact_hash(observations), snapshot["id"]])
    return True


def _fact_hash(observations: Iterable[Observation]) -> str:
    """What the snapshot says, regardless of where: equal hashes, equal fact sets."""
    statements = sorted({json.dumps([obs.key, *statement(obs)], default=list) for obs in observations})
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()


# ── findings ──────────────────────────────────────────────────────────────────────────────


def compute_findings(db: Database, snapshot_id: int, config, *, reported: set[frozenset]) -> list[dict]:
    """The findings of one snapshot as ``findings`` rows (without id, pass and time).

    ``reported`` holds the pairs of conflicts already found; pairs found now are added to it.
    """
    snapshot = _snapshot_row(db, snapshot_id)
    current, current_ids = _view(db, snapshot)
    previous, previous_ids = (None, {})
    if snapshot["previous_id"] is not None:
        previous, previous_ids = _view(db, _snapshot_row(db, snapshot["previous_id"]))
    earlier = {
        digest: earlier_id
        for earlier_id, digest in db.execute(
            "SELECT id, text_hash FROM snapshots WHERE document_id = ? AND id < ? AND id IS NOT ? ORDER BY id",
            [snapshot["document_id"], snapshot_id, snapshot["previous_id"]],
        )
    }
    facts = {fact.key: fact for fact in config.facts}
    comparisons = compare_all([obs for obs in current.observations if obs.key in facts], config.facts, config.fx)
    others = _other_sources_views(db, current, config.monitor.conflict_window, config.fx)
    found = (
        baseline_findings(current, comparisons, previous)
        + snapshot_changes(previous, current, earlier)
        + conflicts(current, [view for view, _ in others.values()], window_seconds=config.monitor.conflict_window,
                    fx=config.fx, reported=reported)
    )
    rows = []
    for finding in found:
        if finding.kind == "conflict":
            other = finding.other
            reported.add(conflict_pair(finding.key, current.document_id, finding.observed,
                                       other["document_id"], other["observation"]))
            other_ids = others[other["snapshot_id"]][1]
        else:
            other_ids = {}
        rows.append(_finding_row(finding, current, current_ids, previous_ids, other_ids))
    return rows


def _other_sources_views(
    db: Database, current: SnapshotView, window_seconds: float, fx: Mapping[str, float]
) -> dict[int, tuple[SnapshotView, ObservationIds]]:
    """The latest snapshot before ``current`` of each other source's documents that may
    contradict it within the conflict window.

    Candidates are found through the stored bounds (numbers) or values (claims) of their
    observations, so the cost follows the number of disagreements, not of documents.
    """
    distinct = {statement(obs): obs for obs in current.observations}.values()
    candidates = set()
    for obs in distinct:
        candidates.update(_contradicting_snapshot_ids(db, obs, current.snapshot_id, fx))
    if not candidates:
        return {}
    snapshot_ids = [
        row[0]
        for row in db.execute(
            "SELECT s.id FROM snapshots s JOIN documents d ON d.id = s.document_id"
            " WHERE s.id IN (SELECT value FROM json_each(?)) AND d.source != ?"
            "   AND s.id = (SELECT max(l.id) FROM snapshots l WHERE l.document_id = s.document_id AND l.id < ?)"
            " ORDER BY s.id",
            [json.dumps(sorted(candidates)), current.source, current.snapshot_id],
        )
    ]
    views = {}
    for snapshot_id in snapshot_ids:
        snapshot = _snapshot_row(db, snapshot_id)
        if abs((_reported_at(snapshot) - current.reported_at).total_seconds()) <= window_seconds:
            views[snapshot_id] = _view(db, snapshot)
    return views


def _contradicting_snapshot_ids(db: Database, obs: Observation, before: int, fx: Mapping[str, float]) -> set[int]:
    """Snapshots before ``before`` with a statement of ``obs``'s fact that may contradict it."""
    if obs.kind == "set":
        return set()
    if obs.kind == "claim":
        value = _json_value(obs)
        lookups = [("value < ?", [value]), ("value > ?", [value])]
    else:
        lookups = []
        for currency, high_at_most, low_at_least in contradiction_ranges(obs, fx):
            lookups.append(("currency IS ? AND high <= ?", [currency, high_at_most]))
            lookups.append(("currency IS ? AND low >= ?", [currency, low_at_least]))
    found = set()
    for condition, params in lookups:
        rows = db.execute(
            f"SELECT DISTINCT snapshot_id FROM observations WHERE key = ? AND {condition} AND snapshot_id < ?",
            [obs.key, *params, before],
        )
        found.update(snapshot_id for (snapshot_id,) in rows)
    return found


def _reported_conflicts(db: Database, document_id: int, keys: Iterable[str]) -> set[frozenset]:
    """The conflicts already stored that involve this document on these facts."""
    keys = sorted(keys)
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    rows = db.execute(
        # One side or the other, each through its own index (m006, m007).
        "SELECT key, document_id, observed, other FROM findings WHERE kind = 'conflict'"
        f" AND document_id = ? AND key IN ({marks})"
        " UNION ALL SELECT key, document_id, observed, other FROM findings WHERE kind = 'conflict'"
        f" AND json_extract(other, '$.document_id') = ? AND key IN ({marks})",
        [document_id, *keys, document_id, *keys],
    )
    pairs = set()
    for key, mine, observed, other in rows:
        other = json.loads(other)
        pairs.add(conflict_pair(key, mine, json.loads(observed), other["document_id"], other["observed"]))
    return pairs


def _finding_row(
    finding: Finding,
    current: SnapshotView,
    current_ids: ObservationIds,
    previous_ids: ObservationIds,
    other_ids: ObservationIds,
) -> dict:
    other = finding.other
    if finding.kind == "conflict":
        other = {name: value for name, value in other.items() if name != "observation"}
        other["observed"] = observation_to_dict(finding.other["observation"])
    return {
        "kind": finding.kind,
        "key": finding.key,
        "source": finding.source,
        "document_id": current.document_id,
        "snapshot_id": current.snapshot_id,
        "url": finding.document_url,
        "summary": summarize(finding),
        "evidence": _evidence(finding),
        "observed": _json(observation_to_dict(finding.observed) if finding.observed else None),
        "baseline": _json(baseline_to_dict(finding.baseline) if finding.baseline else None),
        "previous": _json(observation_to_dict(finding.previous) if finding.previous else None),
        "other": _json(other),
        "diff": _json(finding.diff or None),
        "observation_id": current_ids.get(finding.observed) if finding.observed else None,
        "previous_observation_id": previous_ids.get(finding.previous) if finding.previous else None,
        "other_observation_id": other_ids.get(finding.other["observation"]) if finding.kind == "conflict" else None,
    }


def _evidence(finding: Finding) -> str | None:
    """The sentence a reader should see: the observation's, or the first one an edit touched."""
    if finding.observed is not None:
        return finding.observed.evidence
    for entry in finding.diff:
        return entry["new"] or entry["old"]
    return None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _write_finding(db: Database, row: dict, pass_id: int | None, now: str) -> int:
    """Insert a finding; a baseline finding replaces the document's previous one for that fact."""
    stamped = {**row, "pass_id": pass_id, "detected_at": now}
    if row["kind"] in BASELINE_KINDS:
        held = _baseline_finding_id(db, row["document_id"], row["key"])
        if held is not None:
            update_row(db, "findings", held, stamped)
            return held
    return insert_row(db, "findings", stamped)


def _baseline_finding_id(db: Database, document_id: int, key: str) -> int | None:
    marks = ",".join("?" * len(BASELINE_KINDS))
    row = db.execute(
        f"SELECT id FROM findings WHERE document_id = ? AND key = ? AND kind IN ({marks})",
        [document_id, key, *BASELINE_KINDS],
    ).fetchone()
    return row[0] if row else None


# ── re-extraction ─────────────────────────────────────────────────────────────────────────


@dataclass
class ReextractReport:
    """What a re-extraction changed: counts, and the findings that appeared or went away."""

    pass_id: int
    snapshots: int = 0
    texts_changed: int = 0
    observations_changed: int = 0
    unreadable: int = 0  # snapshots whose raw page is missing or yields no text: left as they were
    added: list[str] = field(default_factory=list)  # summaries of findings now found
    removed: list[str] = field(default_factory=list)  # summaries of findings no longer found
    updated: list[str] = field(default_factory=list)  # baseline findings whose statement changed

    @property
    def changed(self) -> bool:
        return bool(self.texts_changed or self.observations_changed or self.added or self.removed or self.updated)

    def as_dict(self) -> dict:
        return {
            "pass_id": self.pass_id,
            "snapshots": self.snapshots,
            "texts_changed": self.texts_changed,
            "observations_changed": self.observations_changed,
            "unreadable": self.unreadable,
            "findings_added": self.added,
            "findings_removed": self.removed,
            "findings_updated": self.updated,
        }


def reextract(db: Database, config, *, now: str | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> ReextractReport:
    """Re-run extraction, facts and comparison over every stored raw page, in one transaction.

    Texts are re-extracted with each source's current ``select``/``exclude``; observations are
    recomputed; then findings are recomputed snapshot by snapshot in the order they were taken
    and compared with the stored ones: identical findings are kept as they are (id, time and
    pass), the others are added, updated or removed. `progress(done, total, what)` hears of
    each snapshot twice: once re-read, once its findings recomputed.
    """
    now = now or utc_now()
    sources = {source.name: source for source in config.sources}
    with db.atomic():
        pass_id = db["passes"].insert({"kind": "reextract", "started_at": now}).last_pk
        report = ReextractReport(pass_id)
        sync_baseline_facts(db, config.facts, now)
        snapshot_ids = [row[0] for row in db.execute("SELECT id FROM snapshots ORDER BY id")]
        steps = 2 * len(snapshot_ids)
        for snapshot_id in snapshot_ids:
            report.snapshots += 1
            _reextract_snapshot(db, snapshot_id, sources, config, report)
            if progress:
                progress(report.snapshots, steps, f"re-read snapshot {snapshot_id}")
        recomputed = None if progress is None else lambda done, what: progress(len(snapshot_ids) + done, steps, what)
        desired = _desired_findings(db, snapshot_ids, config, recomputed)
        _sync_findings(db, desired, pass_id, now, report)
        db["passes"].update(pass_id, {"finished_at": utc_now(), "summary": json.dumps(report.as_dict())})
    return report


def _reextract_snapshot(db: Database, snapshot_id: int, sources: Mapping, config, report: ReextractReport) -> None:
    snapshot = _snapshot_row(db, snapshot_id)
    article = _article_from_blob(db, snapshot, sources.get(snapshot["source"]))
    if article is None:
        report.unreadable += 1
    else:
        fields = {
            "text": article.text,
            "text_hash": text_hash(article.text),
            "title": article.title,
            "published": article.published,
            "language": article.language,
        }
        if fields["text_hash"] != snapshot["text_hash"]:
            report.texts_changed += 1
        if any(snapshot[name] != value for name, value in fields.items()):
            db["snapshots"].update(snapshot_id, fields)
            snapshot.update(fields)
    observations = extract_observations(snapshot["text"], config.facts, language=snapshot["language"])
    if _replace_observations(db, snapshot, observations):
        report.observations_changed += 1


def _article_from_blob(db: Database, snapshot: Mapping[str, Any], source):
    """The article as today's extractor reads the stored raw page, or None if it cannot."""
    body = read_blob(db, snapshot["raw_hash"]) if snapshot["raw_hash"] else None
    if body is None:
        return None
    try:
        markup = page_markup(body, None)
    except Unreadable:
        return None
    article = extract(
        markup,
        snapshot["url"] or snapshot["document_url"],
        select=source.select if source else None,
        exclude=source.exclude if source else (),
        language=source.language if source else None,
    )
    return article if article.text.strip() else None


def _desired_findings(db: Database, snapshot_ids: Sequence[int], config,
                      progress: Callable[[int, str], None] | None = None) -> list[dict]:
    """Every finding the stored snapshots call for, replayed in the order they were taken.

    A baseline finding is one per fact per document: the last one computed stands.
    """
    reported: set[frozenset] = set()
    rows: list[dict] = []
    latest_baseline: dict[tuple[int, str], int] = {}
    for done, snapshot_id in enumerate(snapshot_ids, start=1):
        for row in compute_findings(db, snapshot_id, config, reported=reported):
            if row["kind"] in BASELINE_KINDS:
                slot = (row["document_id"], row["key"])
                if slot in latest_baseline:
                    rows[latest_baseline[slot]] = None
                latest_baseline[slot] = len(rows)
            rows.append(row)
        if progress:
            progress(done, f"findings of snapshot {snapshot_id}")
    return [row for row in rows if row is not None]


def _sync_findings(db: Database, desired: list[dict], pass_id: int, now: str, report: ReextractReport) -> None:
    """Make the findings table hold ``desired``, touching only the rows that differ."""
    cursor = db.execute(f"SELECT id, {', '.join(_FINDING_CONTENT + _FINDING_LINKS)} FROM findings")
    names = [column[0] for column in cursor.description]
    stored = [dict(zip(names, row)) for row in cursor.fetchall()]
    by_content: dict[tuple, list[dict]] = {}
    for row in stored:
        by_content.setdefault(_content(row), []).append(row)
    baseline_slots = {(row["document_id"], row["key"]): row for row in stored if row["kind"] in BASELINE_KINDS}
    kept: set[int] = set()
    for row in desired:
        matches = by_content.get(_content(row))
        if matches:
            held = matches.pop(0)
            kept.add(held["id"])
            links = {link: row[link] for link in _FINDING_LINKS if held[link] != row[link]}
            if links:  # observations were rewritten with new ids: same finding, new links
                db["findings"].update(held["id"], links)
            continue
        slot = baseline_slots.get((row["document_id"], row["key"])) if row["kind"] in BASELINE_KINDS else None
        if slot is not None and slot["id"] not in kept:
            kept.add(slot["id"])
            db["findings"].update(slot["id"], {**row, "pass_id": pass_id, "detected_at": now})
            report.updated.append(row["summary"])
            continue
        db["findings"].insert({**row, "pass_id": pass_id, "detected_at": now})
        report.added.append(row["summary"])
    for row in stored:
        if row["id"] not in kept:
            db.execute("DELETE FROM findings WHERE id = ?", [row["id"]])
            report.removed.append(row["summary"])


def _content(row: Mapping[str, Any]) -> tuple:
    return tuple(row[name] for name in _FINDING_CONTENT)

