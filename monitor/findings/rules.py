"""Findings: what changed, against the baseline, between snapshots of one page, between sources.

Pure functions over plain data, so every rule here is testable without a database:

- against the baseline, a document gets one finding per fact, and a new one only when what it
  says about that fact changed (the fact engine's comparison names the kind);
- between two snapshots of one document: ``edited`` (a sentence-level diff with word-level
  detail for rewritten sentences), ``fact_changed`` (a value, comparator or currency changed),
  ``reverted`` (the text is back to an earlier snapshot's: not a fresh edit);
- between documents of different sources: ``conflict`` (incompatible statements of one fact
  reported within the conflict window), once per pair of statements.

``recording`` gathers the inputs from the database and stores what these functions return.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from difflib import SequenceMatcher

from monitor.facts.compare import Interval, disjoint, observation_bounds, to_interval
from monitor.facts.sentences import split_sentences
from monitor.facts.wording import format_statement
from monitor.model import Baseline, Comparison, Finding, Observation

BASELINE_KINDS = ("confirms", "refines", "imprecise", "diverges", "new", "unverifiable")
CHANGE_KINDS = ("edited", "fact_changed", "reverted")
KINDS = BASELINE_KINDS + ("conflict",) + CHANGE_KINDS

# When a document states one fact several times, the finding keeps the statement a reader most
# needs to see: a contradiction before a vague figure before a confirmation.
_SIGNIFICANCE = ("diverges", "unverifiable", "imprecise", "refines", "new", "confirms")

# Two sentences count as one rewritten sentence (shown with a word diff) when at least this
# share of their words survive; below it, the edit reads as one sentence removed, another added.
SIMILAR_SENTENCE_RATIO = 0.5

# Relative slack of the range lookups for contradicting numbers, far above float rounding.
_RANGE_SLACK = 1e-6

# Fields that make two statements of a fact the same statement (evidence and offsets aside).
_STATEMENT_FIELDS = ("value", "comparator", "value_max", "currency", "unit")


@dataclass(frozen=True)
class SnapshotView:
    """What findings need to know about one snapshot of one document."""

    snapshot_id: int
    document_id: int
    source: str
    url: str
    text: str
    text_hash: str
    reported_at: datetime  # when the document said it: its published date, else when it was captured
    observations: tuple[Observation, ...] = ()


def statement(item: Observation | Baseline | Mapping) -> tuple:
    """What a statement of a fact says, without where it says it: equal tuples, same statement."""
    get = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name)
    value = get("value")
    if isinstance(value, list):  # a set read back from JSON
        value = tuple(value)
    return (value,) + tuple(get(name) for name in _STATEMENT_FIELDS[1:])


def parse_time(text: str) -> datetime:
    """An ISO date or date-time as an aware UTC datetime (a bare date is midnight UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


# ── against the baseline ──────────────────────────────────────────────────────────────────


def baseline_findings(
    current: SnapshotView, comparisons: Sequence[Comparison], previous: SnapshotView | None
) -> list[Finding]:
    """One finding per fact the snapshot states, for the facts whose statements changed.

    A document's first snapshot reports every fact it states; a later snapshot only the facts
    whose set of statements differs from the previous snapshot's, so a page that keeps saying
    the same thing is not reported again on every edit of an unrelated sentence.
    """
    before = _statements_by_key(previous.observations if previous else ())
    now = _statements_by_key(current.observations)
    findings = []
    for key, comparison in _most_significant(comparisons).items():
        if previous is not None and before.get(key) == now.get(key):
            continue
        findings.append(
            Finding(
                kind=comparison.kind,
                key=key,
                document_url=current.url,
                source=current.source,
                observed=comparison.observed,
                baseline=comparison.baseline,
            )
        )
    return findings


def _most_significant(comparisons: Iterable[Comparison]) -> dict[str, Comparison]:
    """For each fact, the comparison a reader most needs; the first in the text on a tie."""
    chosen: dict[str, Comparison] = {}
    for comparison in comparisons:
        held = chosen.get(comparison.key)
        if held is None or _SIGNIFICANCE.index(comparison.kind) < _SIGNIFICANCE.index(held.kind):
            chosen[comparison.key] = comparison
    return chosen


def _statements_by_key(observations: Iterable[Observation]) -> dict[str, frozenset]:
    grouped: dict[str, set] = {}
    for obs in observations:
        grouped.setdefault(obs.key, set()).add(statement(obs))
    return {key: frozenset(values) for key, values in grouped.items()}


# ── between snapshots of one document ─────────────────────────────────────────────────────


def snapshot_changes(
    previous: SnapshotView | None, current: SnapshotView, earlier: Mapping[str, int]
) -> list[Finding]:
    """``edited`` or ``reverted``, then ``fact_changed``, from one snapshot to the next.

    ``earlier`` maps the text hashes of the document's snapshots before ``previous`` to a
    snapshot id: a text that returns to one of them is a ``reverted`` (pointing at that
    snapshot), not a fresh edit. A first snapshot has nothing to compare with.
    """
    if previous is None or previous.text_hash == current.text_hash:
        return []
    diff = sentence_diff(previous.text, current.text)
    common = dict(document_url=current.url, source=current.source, diff=diff)
    if current.text_hash in earlier:
        text_finding = Finding(kind="reverted", key=None, other={"snapshot_id": earlier[current.text_hash]}, **common)
    else:
        text_finding = Finding(kind="edited", key=None, **common)
    return [text_finding] + fact_changes(previous, current)


def fact_changes(previous: SnapshotView, current: SnapshotView) -> list[Finding]:
    """A ``fact_changed`` for each statement of a fact replaced by a different one.

    Per fact, the statements only the previous snapshot makes are paired, in text order, with
    those only the current one makes. A fact that appears or vanishes without a replacement is
    left to ``edited``, which shows the sentence.
    """
    findings = []
    for key in dict.fromkeys(obs.key for obs in current.observations):
        old = [obs for obs in previous.observations if obs.key == key]
        new = [obs for obs in current.observations if obs.key == key]
        old_statements = {statement(obs) for obs in old}
        new_statements = {statement(obs) for obs in new}
        gone = _first_of_each(obs for obs in old if statement(obs) not in new_statements)
        came = _first_of_each(obs for obs in new if statement(obs) not in old_statements)
        for before, after in zip(gone, came):
            findings.append(
                Finding(
                    kind="fact_changed",
                    key=key,
                    document_url=current.url,
                    source=current.source,
                    observed=after,
                    previous=before,
                )
            )
    return findings


def _first_of_each(observations: Iterable[Observation]) -> list[Observation]:
    """One observation per distinct statement, keeping the first in the text."""
    kept: dict[tuple, Observation] = {}
    for obs in observations:
        kept.setdefault(statement(obs), obs)
    return list(kept.values())


def sentence_diff(old_text: str, new_text: str) -> list[dict]:
    """The sentences removed, added and rewritten between two texts.

    Each entry is ``{"op": "removed"|"added"|"changed", "old": str|None, "new": str|None,
    "words": [...]}``; ``words`` (for ``changed`` only) is the word-level diff of the two
    sentences (see ``word_diff``). Unchanged sentences are left out: the diff stays small.
    """
    old, new = _sentences(old_text), _sentences(new_text)
    entries: list[dict] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            entries.extend(_pair_sentences(old[i1:i2], new[j1:j2]))
    return entries


def _pair_sentences(removed: Sequence[str], added: Sequence[str]) -> list[dict]:
    """Match each removed sentence with the next similar added one, in order."""
    entries: list[dict] = []
    next_added = 0
    for old in removed:
        match = next((k for k in range(next_added, len(added)) if _similar(old, added[k])), None)
        if match is None:
            entries.append({"op": "removed", "old": old, "new": None, "words": []})
            continue
        entries.extend({"op": "added", "old": None, "new": new, "words": []} for new in added[next_added:match])
        entries.append({"op": "changed", "old": old, "new": added[match], "words": word_diff(old, added[match])})
        next_added = match + 1
    entries.extend({"op": "added", "old": None, "new": new, "words": []} for new in added[next_added:])
    return entries


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= SIMILAR_SENTENCE_RATIO


def word_diff(old: str, new: str) -> list[list[str]]:
    """Runs of words kept (``"="``), removed (``"-"``) and added (``"+"``): ``[["=", "The fund of"], ["-", "$50"], ["+", "$25"], …]``."""
    old_words, new_words = old.split(), new.split()
    runs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(["=", " ".join(old_words[i1:i2])])
            continue
        if i2 > i1:
            runs.append(["-", " ".join(old_words[i1:i2])])
        if j2 > j1:
            runs.append(["+", " ".join(new_words[j1:j2])])
    return runs


def _sentences(text: str) -> list[str]:
    return [text[start:end].strip() for start, end in split_sentences(text) if text[start:end].strip()]


# ── between sources ───────────────────────────────────────────────────────────────────────


def conflicts(
    current: SnapshotView,
    others: Iterable[SnapshotView],
    *,
    window_seconds: float,
    fx: Mapping[str, float],
    reported: Iterable[frozenset] = (),
) -> list[Finding]:
    """Statements of a fact in ``current`` that another source contradicts within the window.

    Only numbers and claims can contradict each other; sets (the regulators, the competitors)
    are lists of mentions, and an article naming one member does not deny another. Money in
    two currencies is compared in USD when ``fx`` has both rates, and never otherwise.
    ``reported`` holds the ``conflict_pair`` of conflicts already found: each pair once.
    """
    seen = set(reported)
    findings = []
    for other in others:
        if other.source == current.source or other.document_id == current.document_id:
            continue
        if abs((current.reported_at - other.reported_at).total_seconds()) > window_seconds:
            continue
        for mine in _first_of_each(current.observations):
            for theirs in _first_of_each(obs for obs in other.observations if obs.key == mine.key):
                pair = conflict_pair(mine.key, current.document_id, mine, other.document_id, theirs)
                if pair in seen or not _incompatible(mine, theirs, fx):
                    continue
                seen.add(pair)
                findings.append(
                    Finding(
                        kind="conflict",
                        key=mine.key,
                        document_url=current.url,
                        source=current.source,
                        observed=mine,
                        other={
                            "source": other.source,
                            "url": other.url,
                            "document_id": other.document_id,
                            "snapshot_id": other.snapshot_id,
                            "reported_at": other.reported_at.isoformat(),
                            "observation": theirs,
                        },
                    )
                )
    return findings


def contradiction_ranges(obs: Observation, fx: Mapping[str, float]) -> list[tuple[str | None, float, float]]:
    """Where a number contradicting ``obs`` must lie: ``(currency, high_at_most, low_at_least)``
    for each currency it can be compared in; a contradicting statement's interval ends at most
    at the first bound or starts at least at the second. The bounds are loosened a little so that
    rounding never hides a candidate; ``_incompatible`` makes the exact decision."""
    low, high = observation_bounds(obs.kind, obs.value, obs.comparator, obs.value_max, obs.step)
    own_rate = _usd_rate(obs, fx)
    scales = {obs.currency: 1.0}
    if own_rate is not None:
        for currency, rate in {**fx, "USD": 1.0}.items():
            scales.setdefault(currency, own_rate / rate)
    return [(currency, _loosened(low * scale, 1), _loosened(high * scale, -1)) for currency, scale in scales.items()]


def _loosened(bound: float, direction: int) -> float:
    if not math.isfinite(bound):
        return bound
    return bound + direction * (abs(bound) * _RANGE_SLACK + _RANGE_SLACK)


def conflict_pair(key: str, document_a: int, a, document_b: int, b) -> frozenset:
    """The identity of a conflict: the fact and both (document, statement) sides, unordered."""
    return frozenset({(key, document_a, statement(a)), (key, document_b, statement(b))})


def _incompatible(a: Observation, b: Observation, fx: Mapping[str, float]) -> bool:
    if a.kind != b.kind or a.kind == "set":
        return False
    if a.kind == "claim":
        return a.value != b.value
    scale_a, scale_b = _usd_rate(a, fx), _usd_rate(b, fx)
    if a.currency != b.currency and (scale_a is None or scale_b is None):
        return False
    if a.currency == b.currency:
        scale_a = scale_b = 1.0
    return disjoint(_scaled_interval(a, scale_a), _scaled_interval(b, scale_b))


def _usd_rate(obs: Observation, fx: Mapping[str, float]) -> float | None:
    return 1.0 if obs.currency == "USD" else fx.get(obs.currency) if obs.currency else None


def _scaled_interval(obs: Observation, scale: float) -> Interval:
    low, high, low_open, high_open = to_interval(obs.value, obs.comparator, obs.value_max, obs.step)
    return (low * scale, high * scale, low_open, high_open)


# ── words for people ──────────────────────────────────────────────────────────────────────


def _describe(item: Observation | Baseline | None, kind: str | None) -> str:
    return "—" if item is None else format_statement(item, kind)


def summarize(finding: Finding) -> str:
    """The finding as one readable line, for the ``summary`` column and Datasette."""
    where = f"{finding.source} ({finding.document_url})"
    if finding.kind == "edited":
        return f"{where}: text edited ({describe_diff(finding.diff)})"
    if finding.kind == "reverted":
        target = (finding.other or {}).get("snapshot_id")
        return f"{where}: text reverted to snapshot {target} ({describe_diff(finding.diff)})"
    kind = finding.observed.kind if finding.observed else None
    if finding.kind == "fact_changed":
        return f"{finding.key}: {_describe(finding.previous, kind)} → {_describe(finding.observed, kind)} on {where}"
    if finding.kind == "conflict":
        other = finding.other or {}
        return (
            f"{finding.key}: {finding.source} says {_describe(finding.observed, kind)}, "
            f"{other.get('source')} says {_describe(other.get('observation'), kind)}"
        )
    said = f"{finding.key}: {_describe(finding.observed, kind)} ({finding.kind}"
    if finding.baseline is not None:
        said += f" baseline {_describe(finding.baseline, kind)}"
    return f"{said}) on {where}"


def describe_diff(diff: Sequence[Mapping]) -> str:
    """How much a sentence diff touches: "1 sentence changed, 2 sentences added"."""
    counts = {op: sum(1 for entry in diff if entry["op"] == op) for op in ("changed", "added", "removed")}
    parts = [f"{n} sentence{'s' if n > 1 else ''} {op}" for op, n in counts.items() if n]
    return ", ".join(parts) or "whitespace only"
