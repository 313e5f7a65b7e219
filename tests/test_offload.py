"""Extraction and fact reading in worker processes give the very results of worker threads.

The story of tests/fixtures/story/ is told once, on one loopback server: each pass's pages are
served, then fetched into two databases, one by `monitor fetch` (threads) and one by `monitor
fetch --processes 2`. Snapshots, observations and findings must match row for row (ids and
times aside: they depend on when each check finished).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3

from click.testing import CliRunner
from server import LoopbackServer
from story_site import CATALOGUE, StorySite, story_config

from monitor.cli import cli
from monitor.config import load_config
from monitor.offload import OffLoop
from monitor.reading import PageToRead

SEPTEMBER = {"lab-newsroom": "lab_partnership", "lab-grants": "lab_grants", "daily-ledger": "ledger_analysis",
             "quotidien": "quotidien_accord"}  # fmt: skip
OCTOBER = {**SEPTEMBER, "northwire": "northwire_stake", "courier": "courier_charity", "euro-desk": "eurodesk_worth"}
PASSES = (
    (SEPTEMBER, {"lab_partnership": "official-v1", "lab_grants": "grants-v1", "ledger_analysis": "daily-news",
                 "quotidien_accord": "accord-fr"}),
    (OCTOBER, {"lab_partnership": "official-v2", "lab_grants": "grants-v2", "ledger_analysis": "daily-news",
               "northwire_stake": "wire-a", "courier_charity": "paper-b", "eurodesk_worth": "euro-desk"}),
    (OCTOBER, {"lab_grants": "grants-v1", "ledger_analysis": "daily-news", "courier_charity": "paper-b-v2"}),
)  # fmt: skip
COMPARED = ("snapshots", "observations", "findings")
_IDS = re.compile(r'("?(?:snapshot|document|observation)(?:_id)?"?:? )\d+')


def rows(db, table: str) -> list[tuple]:
    """The table's rows without ids, times and links by id, sorted (checks finish in any order).

    A conflict is filed under whichever of its two pages was read last, naming the other: that
    depends on which check finished first, in threads as in processes, so a conflict counts as
    its fact and its pair of observations, in either order.
    """
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        found = []
        for row in conn.execute(f"SELECT * FROM {table}"):
            if table == "findings" and row["kind"] == "conflict":
                other = json.dumps(json.loads(row["other"])["observed"], sort_keys=True)
                found.append(("conflict", row["key"], *sorted([json.dumps(json.loads(row["observed"]), sort_keys=True), other])))
            else:
                found.append(tuple(_without_ids(row[name]) for name in row.keys()
                                   if name != "id" and not name.endswith(("_id", "_at", "seq"))))
        return sorted(found, key=repr)


def _without_ids(value):
    """Row ids quoted in a finding's text or JSON ("reverted to snapshot 3") depend on the order too."""
    return _IDS.sub(r"\1#", value) if isinstance(value, str) else value


def test_a_story_read_in_worker_processes_gives_the_results_of_threads(tmp_path):
    config = tmp_path / "sources.toml"
    databases = {0: tmp_path / "threads.db", 2: tmp_path / "processes.db"}
    with LoopbackServer() as server:
        site = StorySite(server)
        for sources, pages in PASSES:
            story_config(config, site, sources)
            site.show(**pages)
            for processes, db in databases.items():
                result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), "fetch",
                                                  "--processes", str(processes)])
                assert result.exit_code == 0, result.output

    for table in COMPARED:
        threads, processes = rows(databases[0], table), rows(databases[2], table)
        assert threads, f"the story wrote no {table}"
        assert processes == threads, table


def test_a_worker_process_loads_only_what_reading_a_page_needs():
    """A worker process imports `monitor.reading` and its needs, not the configuration loader,
    the findings or sqlite-utils: each of those cost every worker memory (63 MB a worker before)."""
    config = load_config(CATALOGUE)
    page = "<html lang=en><body><article><p>The lab's foundation holds a stake worth about $130 billion, " \
           "or roughly 26 percent, the two companies said on Tuesday.</p></article></body></html>"
    off_loop = OffLoop(config, processes=1)
    try:
        reading = asyncio.run(off_loop.read_page(
            PageToRead(page.encode(), None, None, "https://example.org/a", None, (), None), facts=True))
        assert "130 billion" in reading.article.text and reading.observations is not None
        loaded = set(off_loop.pool.submit(eval, "sorted(__import__('sys').modules)").result())
    finally:
        off_loop.close()
    assert {"monitor.reading", "monitor.extraction.article", "monitor.facts.attribution"} <= loaded
    assert not loaded & {"monitor.offload", "monitor.config", "monitor.findings.recording", "sqlite_utils", "httpx",
                         "aiohttp", "click"}
