"""The fact fields of `monitor extract`: quantities, facts and comparisons, as JSON and as a table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from monitor.cli import cli
from monitor.config import load_config
from monitor.extraction.article import extract_plain_text
from monitor.output.payload import analyse, fact_fields, fact_table

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "sources.toml"
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
TWO_PARTIES = ARTICLES / "en-wire-two-parties.txt"
EURO = ARTICLES / "en-euro-figures.txt"


def fields_of(path: Path, config_path: Path | None = SHIPPED) -> tuple[str, dict]:
    article = extract_plain_text(path.read_text(encoding="utf-8"))
    config = load_config(config_path) if config_path else None
    return article.text, fact_fields(analyse(article, config))


def test_quantities_carry_kind_value_comparator_and_the_words_read():
    text, fields = fields_of(TWO_PARTIES)
    stake = next(q for q in fields["quantities"] if q["value"] == 130e9)
    assert stake == {
        "kind": "money", "value": 130e9, "currency": "USD", "unit": None, "comparator": "~",
        "value_max": None, "text": "about $130 billion", "start": stake["start"], "end": stake["end"],
    }  # fmt: skip
    assert text[stake["start"] : stake["end"]] == "$130 billion"
    assert {q["value"] for q in fields["quantities"] if q["kind"] == "percent"} >= {26.0, 27.0}


def test_facts_and_comparisons_of_a_two_party_sentence():
    text, fields = fields_of(TWO_PARTIES)
    facts = {fact["key"]: fact for fact in fields["facts"]}
    stake = facts["nonprofit_stake_usd"]
    assert (stake["value"], stake["comparator"], stake["currency"]) == (130e9, "~", "USD")
    assert "Foundation holds about $130 billion" in stake["evidence"]
    assert text[stake["start"] : stake["end"]] in stake["evidence"]
    assert facts["microsoft_stake_pct"]["value"] == 27.0
    assert set(facts["nonprofit_stake_usd"]) == {
        "key", "value", "currency", "unit", "comparator", "value_max", "evidence", "start", "end", "attributed_to",
    }  # fmt: skip
    kinds = {c["key"]: c["kind"] for c in fields["comparisons"]}
    assert kinds["nonprofit_stake_usd"] == "refines"  # about $130bn inside "> $100bn"
    assert kinds["microsoft_stake_pct"] == "new"
    refines = next(c for c in fields["comparisons"] if c["key"] == "nonprofit_stake_usd")
    assert refines["baseline"]["comparator"] == ">" and refines["observed"] == stake
    json.dumps(fields)  # every field is plain JSON


def test_the_oracle_compute_deal_is_news_not_a_divergence_from_azure():
    _, fields = fields_of(TWO_PARTIES)
    cloud = next(c for c in fields["comparisons"] if c["key"] == "cloud_provider")
    assert cloud["observed"]["value"] == ["oracle"] and cloud["baseline"]["value"] == ["azure"]
    assert cloud["kind"] == "new"  # cloud_provider is not exclusive: Oracle does not deny Azure


def test_other_currency_is_unverifiable_without_a_rate_and_compared_with_one(tmp_path):
    _, fields = fields_of(EURO)
    stake = next(c for c in fields["comparisons"] if c["key"] == "nonprofit_stake_usd")
    assert (stake["kind"], stake["note"]) == ("unverifiable", "no EUR→USD rate in [fx]")

    with_rate = tmp_path / "sources.toml"
    with_rate.write_text(SHIPPED.read_text(encoding="utf-8") + "\n[fx]\nEUR = 1.16\n", encoding="utf-8")
    _, fields = fields_of(EURO, with_rate)
    stake = next(c for c in fields["comparisons"] if c["key"] == "nonprofit_stake_usd")
    assert stake["kind"] == "refines"  # about €112bn ≈ $130bn, inside "> $100bn"
    assert stake["observed"]["currency"] == "EUR"  # the observation is reported as written


def test_without_a_config_only_quantities_are_found():
    _, fields = fields_of(TWO_PARTIES, config_path=None)
    assert fields["quantities"] and fields["facts"] == [] and fields["comparisons"] == []


def test_table_shows_fact_value_kind_and_evidence_with_the_figure_lit():
    article = extract_plain_text(TWO_PARTIES.read_text(encoding="utf-8"))
    table = fact_table(analyse(article, load_config(SHIPPED)))
    console = Console(record=True, width=220)
    console.print(table)
    lines = console.export_text().splitlines()
    row = next(line for line in lines if "nonprofit_stake_usd" in line)
    assert "~130 billion USD" in row and "refines" in row and "Foundation holds" in row
    assert any("> 100 billion USD" in line for line in lines)  # the baseline under the kind
    evidence = next(cell for cell in table.columns[3].cells if "Foundation holds" in cell.plain)
    lit = [evidence.plain[span.start : span.end] for span in evidence.spans if span.style == "bold reverse"]
    assert lit == ["about $130 billion"]  # the observation's span: figure and comparator words


# `monitor extract` itself.


def run(*args, config: Path = SHIPPED):
    return CliRunner().invoke(cli, ["--config", str(config), *args], env={"COLUMNS": "200"})


def test_extract_json_adds_the_fact_fields():
    result = run("extract", "--json", str(TWO_PARTIES))
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)
    assert {"quantities", "facts", "comparisons"} <= set(item)
    assert {c["key"]: c["kind"] for c in item["comparisons"]}["nonprofit_stake_usd"] == "refines"
    assert result.stderr == ""


def test_extract_without_json_prints_the_fact_table_after_the_text():
    result = run("extract", str(TWO_PARTIES))
    assert result.exit_code == 0, result.output
    text_end = result.stdout.index("Foundation holds about $130 billion")
    row = next(line for line in result.stdout.splitlines() if "nonprofit_stake_usd" in line)
    assert "refines" in row and result.stdout.index(row) > text_end


def test_extract_without_a_config_file_says_so_and_lists_the_figures(tmp_path):
    missing = tmp_path / "absent.toml"
    table = run("extract", str(TWO_PARTIES), config=missing)
    assert table.exit_code == 0, table.output
    assert table.stderr.count("\n") == 1 and "no facts are tracked" in table.stderr and str(missing) in table.stderr
    assert "nonprofit_stake_usd" not in table.stdout
    figures = next(line for line in table.stdout.splitlines() if "~130 billion USD" in line)
    assert "about $130 billion" in figures

    as_json = run("extract", "--json", str(TWO_PARTIES), config=missing)
    item = json.loads(as_json.stdout)
    assert item["quantities"] and item["facts"] == [] and item["comparisons"] == []


def test_extract_with_a_config_but_no_fact_in_the_text(tmp_path):
    plain = tmp_path / "weather.txt"
    plain.write_text("Rain is expected over the coast tomorrow, then a dry and mild weekend.\n", encoding="utf-8")
    result = run("extract", str(plain))
    assert result.exit_code == 0, result.output
    assert "(no tracked fact found)" in result.stdout
