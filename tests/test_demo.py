"""`monitor demo`: the shipped story replayed offline through the real pipeline, and what it shows.

One replay (module fixture) into a temporary database; the tests read that database back the way
a newcomer would: `monitor diff`, the findings table, and the Datasette pages of a finding and a
fact (through Datasette's own client).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.demo import story
from monitor.web.serve import build_datasette

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db, result.output


def findings(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM findings ORDER BY id")]


def test_the_demo_prints_each_moment_then_the_report_and_how_to_browse_it(demo):
    db, output = demo
    output = " ".join(output.split())
    for moment in story.STORY:
        assert moment.title in output
    assert "furniture only: nothing reported" in output
    assert f"$ monitor --db {db} diff --all" in output
    assert "findings in all recorded passes" in output
    assert f"monitor --db {db} serve" in output and "http://127.0.0.1:8001/demo" in output


def test_the_demo_database_holds_every_finding_kind_the_story_is_told_for(demo):
    db, _output = demo
    found = {(row["kind"], row["key"], row["source"]) for row in findings(db)}
    assert ("confirms", "grant_fund_usd", "openai-foundation") in found
    assert ("refines", "nonprofit_stake_usd", "harbour-ledger") in found
    assert ("diverges", "grant_fund_usd", "morning-wire") in found  # an outlet misreports the fund
    assert ("fact_changed", "grant_fund_usd", "openai-foundation") in found  # the silent edit…
    assert ("reverted", None, "openai-foundation") in found  # …and the edit back
    assert ("edited", None, "openai-foundation") in found
    conflicts = [row for row in findings(db) if row["kind"] == "conflict"]
    pairs = {frozenset({row["source"], json.loads(row["other"])["source"]}) for row in conflicts}
    assert frozenset({"harbour-ledger", "morning-wire"}) in pairs  # two outlets disagree


def test_the_silent_edit_is_a_fact_change_with_both_values_and_its_undoing_a_revert(demo):
    db, _output = demo
    changes = [row for row in findings(db) if row["kind"] == "fact_changed" and row["source"] == "openai-foundation"]
    values = [(json.loads(row["previous"])["value"], json.loads(row["observed"])["value"]) for row in changes]
    assert values == [(50e6, 40e6), (40e6, 50e6)]
    [reverted] = [row for row in findings(db) if row["kind"] == "reverted"]
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT min(id) FROM snapshots WHERE document_id = ?", [reverted["document_id"]]).fetchone()[0]
    assert json.loads(reverted["other"])["snapshot_id"] == first  # the fund page's first text


def test_furniture_that_changes_on_every_load_produces_nothing(demo):
    db, _output = demo
    with sqlite3.connect(db) as conn:
        per_source = dict(conn.execute(
            "SELECT d.source, count(DISTINCT f.id) FROM fetches f JOIN documents d ON d.id = f.document_id"
            " WHERE f.outcome = 'ok' GROUP BY d.source").fetchall())  # fmt: skip
        texts = dict(conn.execute(
            "SELECT d.source, count(*) FROM snapshots s JOIN documents d ON d.id = s.document_id GROUP BY d.source").fetchall())  # fmt: skip
    for outlet in ("echo-numerique", "harbour-ledger", "morning-wire", "rheinblick"):
        assert per_source[outlet] >= 2 and texts[outlet] == 1  # fetched again, served differently, one text
    assert not [row for row in findings(db) if row["kind"] == "edited" and row["source"] != "openai-newsroom"
                and row["source"] != "openai-foundation"]  # fmt: skip


def test_a_french_and_a_german_article_are_read(demo):
    db, _output = demo
    with sqlite3.connect(db) as conn:
        languages = dict(conn.execute("SELECT source, language FROM snapshots").fetchall())
    assert languages["echo-numerique"] == "fr" and languages["rheinblick"] == "de"
    found = {(row["kind"], row["key"], row["source"]) for row in findings(db)}
    assert ("confirms", "nonprofit_stake_usd", "echo-numerique") in found
    assert ("refines", "nonprofit_stake_usd", "rheinblick") in found


def test_the_clock_is_the_story_s(demo):
    db, _output = demo
    with sqlite3.connect(db) as conn:
        passes = [row[0] for row in conn.execute("SELECT started_at FROM passes ORDER BY id")]
        detected = {row[0][:10] for row in conn.execute("SELECT detected_at FROM findings")}
    assert passes == [moment.at for moment in story.STORY]
    assert detected == {moment.at[:10] for moment in story.STORY}


def test_monitor_diff_reads_the_demo_database(demo):
    db, _output = demo
    result = CliRunner().invoke(cli, ["--db", str(db), "diff", "--all", "--fact", "grant_fund_usd", "--format", "json"])
    assert result.exit_code == 1
    kinds = {finding["kind"] for finding in json.loads(result.output)}
    assert {"confirms", "diverges", "fact_changed", "conflict"} <= kinds


def test_a_second_demo_replaces_the_first_but_never_another_database(demo, tmp_path):
    db, _output = demo
    again = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert len(findings(db)) == len(findings(db))  # made afresh, not appended to
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM passes").fetchone()[0] == len(story.STORY)
    mine = tmp_path / "mine.db"
    with sqlite3.connect(mine) as conn:
        conn.execute("CREATE TABLE sources (name TEXT)")
        conn.execute("INSERT INTO sources VALUES ('my-newsroom')")
    refused = CliRunner().invoke(cli, ["demo", "--db", str(mine)])
    assert refused.exit_code == 2 and "not a demo database" in refused.output
    assert mine.exists()


def test_the_demo_facts_are_the_shipped_catalogue():
    shipped = (ROOT / "sources.toml").read_text(encoding="utf-8").split("# ── Facts", 1)[1]
    assert story.FACTS.read_text(encoding="utf-8") == "# ── Facts" + shipped, (
        "monitor/demo/facts.toml must be the '# ── Facts' part of sources.toml: copy it again")


def test_the_demo_files_are_declared_as_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["monitor"]
    package = ROOT / "monitor"
    shipped = {path for pattern in declared for path in package.glob(pattern)}
    needed = {story.FACTS, *story.SITE.iterdir(), *(package / "web" / "datasette_plugin" / "templates").iterdir()}
    assert needed <= shipped


# ── the Datasette pages of the demo ───────────────────────────────────────────────────────


def page(db: Path, path: str, status: int = 200) -> str:
    async def fetch():
        return await build_datasette(str(db)).client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == status, response.text[:800]
    return response.text


def finding_id(db: Path, kind: str, source: str) -> int:
    return next(row["id"] for row in findings(db) if row["kind"] == kind and row["source"] == source)


def test_a_finding_page_is_a_card_with_values_in_words_evidence_source_and_links(demo):
    db, _output = demo
    html = page(db, f"/demo/findings/{finding_id(db, 'diverges', 'morning-wire')}")
    card = html.split('<article class="monitor-card', 1)[1].split("</article>", 1)[0]
    assert "diverges" in card and "Size of OpenAI&#39;s grant programme" in card
    assert "states <strong>500 million USD</strong>" in card and "baseline 50 million USD" in card
    assert "The nonprofit also runs a <mark>$500 million</mark> fund for community groups." in card
    assert 'href="http://127.0.0.1:' in card  # the watched URL…
    assert "the page calls itself https://morningwire.example/" in card  # …the canonical one as a detail
    assert 'href="/demo/snapshots/' in card and 'href="/demo/facts/grant_fund_usd"' in card


def test_an_edit_card_shows_old_and_new_values_and_the_rendered_diff(demo):
    db, _output = demo
    html = page(db, f"/demo/findings/{finding_id(db, 'fact_changed', 'openai-foundation')}")
    assert '<span class="monitor-old">50 million USD</span> → <span class="monitor-new">40 million USD</span>' in html
    edited = page(db, f"/demo/findings/{finding_id(db, 'edited', 'openai-foundation')}")
    assert "<del>$50</del>" in edited and "<ins>$40</ins>" in edited


def test_a_fact_page_has_the_baseline_each_source_s_latest_statement_and_a_chart(demo):
    db, _output = demo
    html = page(db, "/demo/facts/nonprofit_stake_usd")
    assert "Baseline: <strong>&gt; 100 billion USD</strong>" in html
    latest = html.split('<table class="monitor-latest">', 1)[1].split("</table>", 1)[0]
    for source in ("echo-numerique", "harbour-ledger", "morning-wire", "openai-newsroom", "rheinblick"):
        assert source in latest
    assert "~130 billion USD" in latest and "<mark>$100 billion</mark>" in latest
    chart = html.split('<svg class="monitor-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<circle") == 6 and "monitor-baseline" in chart and "130 bn" in chart
    claims = page(db, "/demo/facts/agreement_stage")
    assert "definitive" in claims.split('<svg class="monitor-chart"', 1)[1]
    page(db, "/demo/facts/no_such_fact", status=404)


def test_a_search_the_index_cannot_read_is_explained_in_words(demo):
    db, _output = demo
    html = page(db, "/demo/snapshots?_search=Azure+AND", status=400)
    assert "This search cannot be read" in html and "AND, OR or NOT without a term on both sides" in html
    unclosed = page(db, "/demo/snapshots?_search=%22definitive+agreement", status=400)
    assert "opens a quotation mark it does not close" in unclosed
