"""The findings rules on plain data: baseline, edits, fact changes, reverts, conflicts, diffs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from monitor.findings.rules import (
    SnapshotView,
    baseline_findings,
    conflict_pair,
    conflicts,
    fact_changes,
    sentence_diff,
    snapshot_changes,
    summarize,
    word_diff,
)
from monitor.model import Baseline, Comparison, Observation

OCT_28 = datetime(2025, 10, 28, 14, 0, tzinfo=timezone.utc)
WEEK = 7 * 24 * 3600.0

GRANT_50 = Observation("grant_fund_usd", "money", 50e6, "=", currency="USD", step=1e6, evidence="A $50 million fund.")
GRANT_25 = Observation("grant_fund_usd", "money", 25e6, "=", currency="USD", step=1e6, evidence="A $25 million fund.")
STAKE_130 = Observation("nonprofit_stake_usd", "money", 130e9, "=", currency="USD", step=1e9, evidence="It holds $130 billion.")
STAKE_100 = Observation("nonprofit_stake_usd", "money", 100e9, "=", currency="USD", step=1e9, evidence="It holds $100 billion.")
STAKE_ABOUT_130 = Observation("nonprofit_stake_usd", "money", 130e9, "~", currency="USD", step=1e9)
STAKE_OVER_100 = Observation("nonprofit_stake_usd", "money", 100e9, ">", currency="USD", step=1e9)
STAGE_MOU = Observation("agreement_stage", "claim", "mou")
STAGE_DEFINITIVE = Observation("agreement_stage", "claim", "definitive")
REGULATORS_CA = Observation("regulators", "set", ("california_ag",))
REGULATORS_DE = Observation("regulators", "set", ("delaware_ag",))
STAKE_BASELINE = Baseline("nonprofit_stake_usd", 100e9, ">", currency="USD")


def view(snapshot_id=1, *, document_id=1, source="official", text="One. Two.", text_hash=None,
         observations=(), reported_at=OCT_28) -> SnapshotView:
    return SnapshotView(
        snapshot_id=snapshot_id,
        document_id=document_id,
        source=source,
        url=f"http://example.test/{source}/{document_id}",
        text=text,
        text_hash=text_hash or f"hash-of:{text}",
        reported_at=reported_at,
        observations=tuple(observations),
    )


# ── against the baseline ──────────────────────────────────────────────────────────────────


def test_a_first_snapshot_reports_every_fact_it_states_once():
    comparisons = [
        Comparison("nonprofit_stake_usd", "refines", STAKE_ABOUT_130, STAKE_BASELINE),
        Comparison("grant_fund_usd", "new", GRANT_50),
    ]
    current = view(observations=[STAKE_ABOUT_130, GRANT_50])
    findings = baseline_findings(current, comparisons, previous=None)
    assert [(f.kind, f.key) for f in findings] == [("refines", "nonprofit_stake_usd"), ("new", "grant_fund_usd")]
    assert findings[0].baseline == STAKE_BASELINE
    assert findings[0].observed == STAKE_ABOUT_130


def test_a_fact_stated_twice_keeps_the_statement_a_reader_most_needs():
    comparisons = [
        Comparison("nonprofit_stake_usd", "confirms", STAKE_OVER_100, STAKE_BASELINE),
        Comparison("nonprofit_stake_usd", "diverges", STAKE_100, STAKE_BASELINE),
    ]
    findings = baseline_findings(view(observations=[STAKE_OVER_100, STAKE_100]), comparisons, previous=None)
    assert [(f.kind, f.observed) for f in findings] == [("diverges", STAKE_100)]


def test_a_later_snapshot_reports_only_facts_whose_statements_changed():
    previous = view(1, text="Old.", observations=[STAKE_ABOUT_130, GRANT_50])
    current = view(2, text="New.", observations=[STAKE_ABOUT_130, GRANT_25])
    comparisons = [
        Comparison("nonprofit_stake_usd", "refines", STAKE_ABOUT_130, STAKE_BASELINE),
        Comparison("grant_fund_usd", "diverges", GRANT_25),
    ]
    findings = baseline_findings(current, comparisons, previous)
    assert [(f.kind, f.key) for f in findings] == [("diverges", "grant_fund_usd")]


# ── between snapshots ─────────────────────────────────────────────────────────────────────


def test_a_first_snapshot_is_never_an_edit():
    assert snapshot_changes(None, view(1), earlier={}) == []


def test_a_silent_correction_is_an_edit_and_a_fact_change():
    previous = view(1, text="The fund holds $50 million. It opens in spring.", observations=[GRANT_50])
    current = view(2, text="The fund holds $25 million. It opens in spring.", observations=[GRANT_25])
    edited, changed = snapshot_changes(previous, current, earlier={})
    assert edited.kind == "edited" and edited.key is None
    assert edited.diff == [
        {
            "op": "changed",
            "old": "The fund holds $50 million.",
            "new": "The fund holds $25 million.",
            "words": [["=", "The fund holds"], ["-", "$50"], ["+", "$25"], ["=", "million."]],
        }
    ]
    assert (changed.kind, changed.key, changed.previous, changed.observed) == (
        "fact_changed", "grant_fund_usd", GRANT_50, GRANT_25
    )
    assert summarize(changed).startswith("grant_fund_usd: 50 million USD → 25 million USD on official")


def test_a_text_back_to_an_earlier_state_is_reverted_not_edited():
    first = "The fund holds $50 million."
    previous = view(2, text="The fund holds $25 million.", observations=[GRANT_25])
    current = view(3, text=first, observations=[GRANT_50])
    findings = snapshot_changes(previous, current, earlier={f"hash-of:{first}": 1})
    assert [f.kind for f in findings] == ["reverted", "fact_changed"]
    assert findings[0].other == {"snapshot_id": 1}
    assert "reverted to snapshot 1" in summarize(findings[0])


def test_a_fact_that_only_appears_is_left_to_the_edit():
    previous = view(1, text="Nothing yet.")
    current = view(2, text="A $50 million fund.", observations=[GRANT_50])
    assert fact_changes(previous, current) == []


def test_a_restated_fact_with_another_sentence_is_not_a_change():
    moved = replace(GRANT_50, evidence="Elsewhere: $50 million.", start=40, end=51)
    assert fact_changes(view(1, observations=[GRANT_50]), view(2, observations=[moved])) == []


def test_a_comparator_change_is_a_fact_change():
    changes = fact_changes(view(1, observations=[STAKE_OVER_100]), view(2, observations=[STAKE_ABOUT_130]))
    assert [(c.previous, c.observed) for c in changes] == [(STAKE_OVER_100, STAKE_ABOUT_130)]


# ── diffs ─────────────────────────────────────────────────────────────────────────────────


def test_sentence_diff_lists_removed_added_and_changed_sentences_only():
    old = "Alpha stays. The stake is worth $100 billion today. Gamma goes away completely now."
    new = "Alpha stays. The stake is worth $130 billion today. A brand new closing line appears."
    diff = sentence_diff(old, new)
    assert [entry["op"] for entry in diff] == ["changed", "removed", "added"]
    assert diff[0]["words"] == [["=", "The stake is worth"], ["-", "$100"], ["+", "$130"], ["=", "billion today."]]
    assert diff[1]["old"] == "Gamma goes away completely now." and diff[1]["new"] is None
    assert diff[2]["new"] == "A brand new closing line appears." and diff[2]["words"] == []


def test_identical_texts_have_an_empty_diff():
    assert sentence_diff("Same. Text.", "Same. Text.") == []


def test_word_diff_of_a_pure_insertion():
    assert word_diff("signed an agreement", "signed a definitive agreement") == [
        ["=", "signed"], ["-", "an"], ["+", "a definitive"], ["=", "agreement"]
    ]


# ── between sources ───────────────────────────────────────────────────────────────────────


def test_two_outlets_with_disjoint_figures_conflict_naming_both():
    mine = view(2, document_id=2, source="wire", observations=[STAKE_130])
    theirs = view(1, document_id=1, source="paper", observations=[STAKE_100], reported_at=OCT_28 - timedelta(days=1))
    [finding] = conflicts(mine, [theirs], window_seconds=WEEK, fx={})
    assert finding.kind == "conflict" and finding.key == "nonprofit_stake_usd"
    assert (finding.source, finding.observed) == ("wire", STAKE_130)
    assert finding.other["source"] == "paper" and finding.other["observation"] == STAKE_100
    assert summarize(finding) == "nonprofit_stake_usd: wire says 130 billion USD, paper says 100 billion USD"


@pytest.mark.parametrize(
    "mine, theirs",
    [
        (STAKE_ABOUT_130, STAKE_OVER_100),  # overlapping intervals agree
        (REGULATORS_CA, REGULATORS_DE),  # sets are partial mentions
        (STAGE_MOU, STAGE_MOU),
    ],
)
def test_compatible_statements_do_not_conflict(mine, theirs):
    current = view(2, document_id=2, source="wire", observations=[mine])
    other = view(1, document_id=1, source="paper", observations=[theirs])
    assert conflicts(current, [other], window_seconds=WEEK, fx={}) == []


def test_claims_that_differ_conflict():
    current = view(2, document_id=2, source="wire", observations=[STAGE_DEFINITIVE])
    other = view(1, document_id=1, source="paper", observations=[STAGE_MOU])
    assert [f.kind for f in conflicts(current, [other], window_seconds=WEEK, fx={})] == ["conflict"]


def test_no_conflict_outside_the_window_within_one_source_or_already_reported():
    current = view(2, document_id=2, source="wire", observations=[STAKE_130])
    late = view(1, document_id=1, source="paper", observations=[STAKE_100], reported_at=OCT_28 - timedelta(days=8))
    same_source = view(3, document_id=3, source="wire", observations=[STAKE_100])
    assert conflicts(current, [late, same_source], window_seconds=WEEK, fx={}) == []
    recent = view(1, document_id=1, source="paper", observations=[STAKE_100])
    pair = conflict_pair("nonprofit_stake_usd", 1, STAKE_100, 2, STAKE_130)
    assert conflicts(current, [recent], window_seconds=WEEK, fx={}, reported={pair}) == []


def test_money_in_another_currency_conflicts_only_with_a_rate():
    euros = Observation("nonprofit_stake_usd", "money", 60e9, "=", currency="EUR", step=1e9)
    current = view(2, document_id=2, source="wire", observations=[euros])
    other = view(1, document_id=1, source="paper", observations=[STAKE_130])
    assert conflicts(current, [other], window_seconds=WEEK, fx={}) == []
    assert len(conflicts(current, [other], window_seconds=WEEK, fx={"EUR": 1.1})) == 1
