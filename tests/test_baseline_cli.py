"""`monitor baseline show` and `monitor baseline extract FILE` with the shipped fact catalogue."""

from __future__ import annotations

import html
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.facts.catalogue import parse_facts

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "sources.toml"
FRENCH_REFERENCE = Path(__file__).parent / "fixtures" / "baseline" / "reference-fr.txt"
SEED = Path("/work/shared/seed/baseline-article-fr.txt")


def run(*args, config: Path = SHIPPED, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--config", str(config), *args], input=stdin)


def shipped_baselines() -> dict:
    return {fact.key: fact.baseline for fact in load_config(SHIPPED).facts if fact.baseline is not None}


def test_show_json_lists_every_baseline_of_the_catalogue():
    result = run("baseline", "show", "--json")
    assert result.exit_code == 0, result.output
    records = {record["key"]: record for record in map(json.loads, result.output.splitlines())}
    assert set(records) == set(shipped_baselines()) == {
        "agreement_stage", "nonprofit_stake_usd", "nonprofit_oversight", "grant_fund_usd",
        "grant_focus_areas", "grant_focus_area_count", "regulators", "cloud_provider", "competitors",
    }  # fmt: skip
    stake = records["nonprofit_stake_usd"]
    assert (stake["kind"], stake["value"], stake["comparator"], stake["currency"]) == ("money", 100e9, ">", "USD")
    assert stake["evidence"] and stake["label"]
    assert records["regulators"]["value"] == ["california_ag", "delaware_ag"]


def test_show_table_formats_values_and_keeps_evidence(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(
        '[monitor]\nuser_agent = "monitor-test (+https://example.org/contact)"\n'
        '[[fact]]\nkey = "grant_fund_usd"\nlabel = "Grant fund"\nkind = "money"\n'
        '[fact.cues]\nen = ["grant"]\n'
        '[fact.baseline]\nvalue = 50e6\ncurrency = "USD"\nevidence = "A fund of fifty million dollars."\n'
        '[[fact]]\nkey = "ip_rights_until"\nlabel = "IP rights end"\nkind = "year"\n[fact.cues]\nen = ["IP"]\n'
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "baseline", "show"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "50 million USD" in result.output and "A fund of fifty million dollars." in result.output
    assert "ip_rights_until" not in result.output  # no baseline, not listed


def drafted(output: str) -> dict:
    """The TOML printed by `baseline extract`, parsed back: key → baseline table."""
    return {fact["key"]: fact["baseline"] for fact in tomllib.loads(output)["fact"]}


def assert_recovers_the_shipped_baselines(output: str) -> None:
    found = drafted(output)
    expected = shipped_baselines()
    assert set(found) == set(expected)
    for key, baseline in expected.items():
        draft = found[key]
        value = tuple(sorted(draft["value"])) if isinstance(draft["value"], list) else draft["value"]
        assert value == baseline.value, key
        assert draft.get("comparator", "=") == baseline.comparator, key
        assert draft.get("currency") == baseline.currency, key
        assert draft["evidence"], key


def test_extract_recovers_every_baseline_from_a_french_reference():
    result = run("baseline", "extract", str(FRENCH_REFERENCE))
    assert result.exit_code == 0, result.output
    assert_recovers_the_shipped_baselines(result.output)
    assert "participation de plus de 100 milliards de dollars" in drafted(result.output)["nonprofit_stake_usd"]["evidence"]


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not on this machine")
def test_extract_recovers_every_baseline_from_the_seed_article():
    result = run("baseline", "extract", str(SEED))
    assert result.exit_code == 0, result.output
    assert_recovers_the_shipped_baselines(result.output)


def test_extract_lists_unsupported_facts_in_a_closing_comment():
    output = run("baseline", "extract", str(FRENCH_REFERENCE)).output
    last_line = output.rstrip().splitlines()[-1]
    assert last_line.startswith("# Not supported by this document: ")
    unsupported = last_line.split(": ", 1)[1].split(", ")
    assert "microsoft_stake_pct" in unsupported and "ip_rights_until" in unsupported
    assert not set(unsupported) & set(drafted(output))


def test_drafted_tables_are_accepted_by_the_fact_catalogue():
    """Each draft, pasted over its fact's baseline in sources.toml, validates and keeps its value."""
    output = run("baseline", "extract", str(FRENCH_REFERENCE)).output
    raw_facts = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["fact"]
    drafts = drafted(output)
    for raw in raw_facts:
        if raw["key"] in drafts:
            raw["baseline"] = drafts[raw["key"]]
    parsed = {fact.key: fact.baseline for fact in parse_facts(raw_facts, "pasted.toml") if fact.key in drafts}
    assert parsed["grant_fund_usd"].value == 50e6 and parsed["grant_fund_usd"].step == 1e6
    assert parsed["competitors"].value == ("amazon", "anthropic", "google_deepmind", "meta")


def test_extract_reads_html_and_flags_a_later_different_statement(tmp_path):
    paragraphs = [
        "OpenAI unveiled a $50 million grant programme for community groups.",
        "A later update put the grant programme at $25 million.",
    ]
    page = tmp_path / "reference.html"
    page.write_text(
        "<html lang='en'><head><title>Grants</title></head><body><article>"
        + "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = run("baseline", "extract", str(page))
    assert result.exit_code == 0, result.output
    assert drafted(result.output)["grant_fund_usd"]["value"] == 50_000_000
    assert "# also stated differently: 25 million USD" in result.output
    assert f"#   {paragraphs[1]}" in result.output


def test_extract_reads_stdin():
    result = run("baseline", "extract", "-", stdin=FRENCH_REFERENCE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert "regulators" in drafted(result.output)


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = run("baseline", "extract", str(missing))
    assert result.exit_code == 2
    message = "".join(result.output.split())  # rich wraps the line to the terminal width
    assert f"{missing}:Nosuchfile" in message
