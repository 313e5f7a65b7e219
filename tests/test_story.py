"""A story that evolves over three passes, checked end to end through `monitor diff`.

Real parts throughout: a loopback server serves the pages of tests/fixtures/story/, `monitor
fetch` runs real passes into a real SQLite file, and every finding is read back through
`monitor diff`.

- pass 1 (September): the lab's statement (memorandum, stake of more than $100 billion), its
  grants page ($50 million), a newspaper's analysis and a French article: all confirm the
  baseline;
- pass 2 (end of October): the statement gains a definitive agreement and new figures, the
  grants page silently becomes $25 million, two outlets disagree on the stake ($130 billion
  against $100 billion), a European desk gives it in euros; the newspaper's furniture changes
  but its text does not;
- pass 3: the grants page flips back to $50 million; the courier rewrites its opening but keeps
  its figure (an edit, not a second conflict); the newspaper's furniture changes again.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from server import LoopbackServer
from story_site import StorySite, story_config

from monitor.cli import cli

SEPTEMBER = {"lab-newsroom": "lab_partnership", "lab-grants": "lab_grants", "daily-ledger": "ledger_analysis",
             "quotidien": "quotidien_accord"}  # fmt: skip
OCTOBER = {**SEPTEMBER, "northwire": "northwire_stake", "courier": "courier_charity", "euro-desk": "eurodesk_worth"}


class Story:
    """The database and config after each pass, and a way to run `monitor` on them."""

    def __init__(self, tmp_path, site: StorySite) -> None:
        self.config = tmp_path / "sources.toml"
        self.db = tmp_path / "monitor.db"
        self.site = site
        self.latest: dict[int, list[dict]] = {}  # pass number → `monitor diff --format json`
        self.exit_codes: dict[int, int] = {}

    def monitor(self, *args: str):
        return CliRunner().invoke(cli, ["--config", str(self.config), "--db", str(self.db), *args])

    def run_pass(self, number: int, sources: dict[str, str], **pages: str) -> None:
        story_config(self.config, self.site, sources)
        self.site.show(**pages)
        fetched = self.monitor("fetch")
        assert fetched.exit_code == 0, fetched.output
        diff = self.monitor("diff", "--format", "json")
        assert diff.exit_code in (0, 1), diff.output
        self.latest[number] = json.loads(diff.output)
        self.exit_codes[number] = diff.exit_code


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    with LoopbackServer() as server:
        told = Story(tmp_path_factory.mktemp("story"), StorySite(server))
        told.run_pass(1, SEPTEMBER, lab_partnership="official-v1", lab_grants="grants-v1",
                      ledger_analysis="daily-news", quotidien_accord="accord-fr")  # fmt: skip
        told.run_pass(2, OCTOBER, lab_partnership="official-v2", lab_grants="grants-v2", ledger_analysis="daily-news",
                      northwire_stake="wire-a", courier_charity="paper-b", eurodesk_worth="euro-desk")  # fmt: skip
        told.run_pass(3, OCTOBER, lab_grants="grants-v1", ledger_analysis="daily-news", courier_charity="paper-b-v2")
        yield told


def kinds(findings, source=None) -> set[tuple]:
    return {(f["kind"], f["key"]) for f in findings if source is None or f["source"] == source}


# ── pass 1: the baseline confirmed ────────────────────────────────────────────────────────


def test_first_pass_confirms_the_baseline_in_english_and_french(story):
    first = story.latest[1]
    assert kinds(first, "quotidien") == {
        ("confirms", "agreement_stage"), ("confirms", "nonprofit_stake_usd"), ("confirms", "grant_fund_usd"),
        ("confirms", "nonprofit_oversight"),
    }
    assert kinds(first, "lab-newsroom") == {
        ("confirms", "agreement_stage"), ("confirms", "nonprofit_stake_usd"), ("confirms", "nonprofit_oversight"),
        ("confirms", "regulators"),
    }
    french = next(f for f in first if f["source"] == "quotidien" and f["key"] == "nonprofit_stake_usd")
    assert french["observed"]["comparator"] == ">" and french["observed"]["value"] == 100e9
    assert french["baseline"] == {
        **french["baseline"], "value": 100e9, "comparator": ">", "currency": "USD", "key": "nonprofit_stake_usd"
    }
    assert "plus de 100 milliards de dollars" in french["evidence"]


def test_first_snapshots_are_never_edits_and_confirmations_alone_exit_zero(story):
    assert {f["kind"] for f in story.latest[1]} == {"confirms"}
    assert story.exit_codes[1] == 0


# ── pass 2: the story moves ───────────────────────────────────────────────────────────────


def test_the_official_page_gains_a_definitive_agreement_and_a_new_stake_figure(story):
    second = story.latest[2]
    assert kinds(second, "lab-newsroom") >= {
        ("edited", None),
        ("fact_changed", "agreement_stage"),
        ("fact_changed", "nonprofit_stake_usd"),
        ("diverges", "agreement_stage"),
        ("refines", "nonprofit_stake_usd"),
        ("new", "microsoft_stake_pct"),
    }
    stage = next(f for f in second if f["kind"] == "fact_changed" and f["key"] == "agreement_stage")
    assert (stage["previous"]["value"], stage["observed"]["value"]) == ("mou", "definitive")
    stake = next(f for f in second if f["kind"] == "fact_changed" and f["key"] == "nonprofit_stake_usd")
    assert (stake["previous"]["comparator"], stake["previous"]["value"]) == (">", 100e9)
    assert (stake["observed"]["comparator"], stake["observed"]["value"]) == ("~", 130e9)
    edited = next(f for f in second if f["kind"] == "edited" and f["source"] == "lab-newsroom")
    changed = [entry for entry in edited["diff"] if entry["op"] == "changed"]
    assert ["-", "non-binding memorandum of understanding"] in changed[0]["words"]
    assert ["+", "definitive agreement"] in changed[0]["words"]


def test_a_silent_correction_is_a_fact_change_with_both_values(story):
    grants = [f for f in story.latest[2] if f["source"] == "lab-grants"]
    assert kinds(grants) == {
        ("edited", None), ("fact_changed", "grant_fund_usd"), ("diverges", "grant_fund_usd"),
        ("conflict", "grant_fund_usd"),  # the French article of the same week said $50 million
    }
    changed = next(f for f in grants if f["kind"] == "fact_changed")
    assert (changed["previous"]["value"], changed["observed"]["value"]) == (50e6, 25e6)
    assert changed["url"].endswith("/lab/grants") and changed["snapshot_id"] and changed["detected_at"]
    [edit] = [f for f in grants if f["kind"] == "edited"]
    assert edit["key"] is None
    assert edit["diff"][0]["words"][:3] == [["=", "The nonprofit is opening a"], ["-", "$50"], ["+", "$25"]]


def test_two_outlets_that_disagree_make_one_conflict_naming_both(story):
    conflicts = [f for f in story.latest[2] if f["kind"] == "conflict"]
    pairs = {frozenset({f["source"], f["other"]["source"]}) for f in conflicts}
    assert pairs == {
        frozenset({"northwire", "courier"}),
        frozenset({"lab-newsroom", "courier"}),  # "about $130 billion" does not stretch down to 100
        frozenset({"lab-grants", "quotidien"}),  # $25 million against $50 million, three days apart
    }
    assert len(pairs) == len(conflicts)  # each pair once
    outlets = next(f for f in conflicts if {f["source"], f["other"]["source"]} == {"northwire", "courier"})
    values = {outlets["source"]: outlets["observed"]["value"], outlets["other"]["source"]: outlets["other"]["observed"]["value"]}
    assert values == {"northwire": 130e9, "courier": 100e9}
    assert outlets["other"]["url"].startswith("http://127.0.0.1")
    assert "northwire" in outlets["summary"] and "courier" in outlets["summary"]


def test_every_baseline_relation_appears(story):
    second = story.latest[2]
    assert ("refines", "nonprofit_stake_usd") in kinds(second, "northwire")
    assert ("imprecise", "nonprofit_stake_usd") in kinds(second, "courier")
    assert kinds(second, "euro-desk") == {("unverifiable", "nonprofit_stake_usd")}  # euros, no rate: never a conflict
    assert story.exit_codes[2] == 1


def test_furniture_that_changes_on_every_load_makes_no_snapshot_and_no_finding(story):
    with sqlite3.connect(story.db) as conn:
        snapshots = conn.execute(
            "SELECT count(*) FROM snapshots s JOIN documents d ON d.id = s.document_id WHERE d.source = 'daily-ledger'"
        ).fetchone()[0]
        checks = conn.execute("SELECT count(*) FROM fetches WHERE source = 'daily-ledger' AND outcome != 'error'").fetchone()[0]
    assert (snapshots, checks) == (1, 3)
    assert not [f for number in (2, 3) for f in story.latest[number] if f["source"] == "daily-ledger"]


# ── pass 3: the flip back ─────────────────────────────────────────────────────────────────


def test_a_page_that_flips_back_is_reverted_not_edited(story):
    third = story.latest[3]
    assert kinds(third, "lab-grants") == {
        ("reverted", None), ("fact_changed", "grant_fund_usd"), ("confirms", "grant_fund_usd")
    }
    reverted = next(f for f in third if f["kind"] == "reverted")
    first_grants = next(f for f in story.latest[1] if f["source"] == "lab-grants")
    assert reverted["other"]["snapshot_id"] == first_grants["snapshot_id"]
    assert reverted["diff"] and reverted["key"] is None


def test_an_edit_that_keeps_a_disputed_figure_does_not_report_the_conflict_again(story):
    assert kinds(story.latest[3], "courier") == {("edited", None)}
    assert not [f for f in story.latest[3] if f["kind"] == "conflict"]


def test_one_baseline_finding_per_fact_per_document(story):
    everything = json.loads(story.monitor("diff", "--all", "--format", "json").output)
    against_baseline = [f for f in everything if f["kind"] in
                        ("confirms", "refines", "imprecise", "diverges", "new", "unverifiable")]  # fmt: skip
    slots = [(f["url"], f["key"]) for f in against_baseline]
    assert len(slots) == len(set(slots))
    grants = next(f for f in against_baseline if f["source"] == "lab-grants" and f["key"] == "grant_fund_usd")
    assert grants["kind"] == "confirms"  # the $25 million divergence was superseded by the flip back


# ── reading the report ────────────────────────────────────────────────────────────────────


def flat(text: str) -> str:
    return " ".join(text.split())


def test_text_report_shows_baseline_observed_who_and_evidence(story):
    result = story.monitor("diff", "--all", "--fact", "nonprofit_stake_usd")
    assert result.exit_code == 1
    text = flat(result.output)
    assert "nonprofit_stake_usd — Value of the OpenAI nonprofit's" in text
    assert "baseline: > 100 billion USD" in text
    assert "courier ·" in text and "2025-10-29" in text
    assert "The Foundation's stake in the company is worth $100 billion, by the Courier's own count." in text
    assert "confirmations of the baseline not listed" in text


def test_text_report_shows_a_word_diff_of_the_correction(story):
    result = story.monitor("diff", "--all", "--source", "lab-grants", "--kind", "edited")
    text = flat(result.output)
    assert "[-$50-] {+$25+}" in text
    assert result.exit_code == 1


def test_markdown_report_quotes_the_evidence_with_the_figure_in_bold(story):
    result = story.monitor("diff", "--all", "--format", "markdown")
    assert result.exit_code == 1
    markdown = result.output
    assert markdown.startswith("# ")
    assert "## `nonprofit_stake_usd` — Value of the OpenAI nonprofit's" in markdown
    assert "> The Foundation's stake in the company is worth **$100 billion**, by the Courier's own count." in markdown
    assert "~~$50~~ **$25**" in markdown
    assert "[courier](http://127.0.0.1" in markdown


def test_confirmations_are_listed_only_when_asked_for(story):
    hidden = flat(story.monitor("diff", "--all", "--fact", "grant_fund_usd").output)
    shown = story.monitor("diff", "--all", "--kind", "confirms", "--format", "json")
    assert " confirms " not in hidden.split("confirmations")[0]
    assert "2 confirmations of the baseline not listed" in hidden  # the French article, the grants page
    assert shown.exit_code == 1 and {f["kind"] for f in json.loads(shown.output)} == {"confirms"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "bogus"], "bogus"),
        (["--source", "northwyre"], "did you mean 'northwire'"),
        (["--since", "last tuesday"], "neither an ISO date/time"),
        (["--since", "2h", "--all"], "give one of them"),
    ],
)
def test_bad_options_exit_two(story, args, message):
    result = story.monitor("diff", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_since_selects_by_detection_time(story):
    recent = json.loads(story.monitor("diff", "--since", "1h", "--format", "json").output)
    future = story.monitor("diff", "--since", "2999-01-01", "--format", "json")
    assert len(recent) == len(json.loads(story.monitor("diff", "--all", "--format", "json").output))
    assert (future.exit_code, json.loads(future.output)) == (0, [])


def test_a_database_without_passes_has_nothing_to_report(story, tmp_path):
    empty = tmp_path / "empty.db"
    args = ["--config", str(story.config), "--db", str(empty)]
    assert CliRunner().invoke(cli, [*args, "init"]).exit_code == 0
    result = CliRunner().invoke(cli, [*args, "diff", "--format", "json"])
    assert (result.exit_code, json.loads(result.output)) == (0, [])
