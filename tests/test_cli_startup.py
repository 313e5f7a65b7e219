"""The commands people type to look around load only what they need.

`monitor --help`, `monitor status` and `monitor diff` on a fresh database must answer at once
(bench/cli_startup.py measures how fast); that holds as long as they do not import the fetcher,
the extractor, the fact engine, the scheduler, Apprise, Datasette or, on a database whose schema
is up to date, sqlite-utils (the standard library's sqlite3 reads it). Each command runs here in
its own Python, as a user runs it, and the modules it left in `sys.modules` are checked, so an
import added at the top of a shared module cannot make them slow again unnoticed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest

import monitor.facts
from monitor.cli import cli
from monitor.cli.context import COMMANDS
from monitor.storage.schema import schema_version

ROOT = Path(__file__).resolve().parents[1]
FACTS = Path(monitor.facts.__file__).parent

# Runs the command line in this process like the console script, then writes the names of every
# module imported by then to the file named first.
PROBE = """
import json, sys
from monitor.cli import main
out = sys.argv.pop(1)
sys.argv[0] = "monitor"
try:
    main()
finally:
    with open(out, "w") as handle:
        json.dump(sorted(sys.modules), handle)
"""

HEAVY = ("httpx", "aiohttp", "selectolax", "apprise", "datasette", "apscheduler", "feedparser", "charset_normalizer",
         "sqlite_utils", "monitor.fetching", "monitor.extraction", "monitor.pipeline", "monitor.daemon",
         "monitor.findings.recording")  # fmt: skip
# The fact engine: what reads facts in a text (its regexes and word lists take long to build).
ENGINE = {"attribution", "clauses", "discourse", "grammar", "lexicon", "parties", "quantities", "reported_speech"}
# The rest of monitor.facts: fact definitions (the config holds them), statements as intervals,
# values in words and the sentence splitter, which a report of stored findings uses.
LIGHT = {"__init__", "catalogue", "compare", "wording", "sentences"}


def loaded_modules(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """Run `monitor ARGS` in a fresh Python: its exit status and every module it imported."""
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert out.exists(), done.stderr
    return done.returncode, set(json.loads(out.read_text()))


def heavy_among(modules: set[str]) -> list[str]:
    engine = {f"monitor.facts.{name}" for name in ENGINE}
    return sorted(name for name in modules
                  if name in engine or any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY))


@pytest.fixture
def fresh_database(tmp_path):
    """The shipped sources.toml and a database `monitor init` has just made from it: no pass yet."""
    where = ["--config", str(ROOT / "sources.toml"), "--db", str(tmp_path / "db" / "monitor.db")]
    subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "init.json"), *where, "init"], check=True,
                   capture_output=True, cwd=tmp_path, timeout=120)
    return where


def test_every_module_of_the_fact_engine_is_classed_heavy_or_light():
    """A new module in monitor.facts must be placed in ENGINE or LIGHT, so the checks below cover it."""
    assert {path.stem for path in FACTS.glob("*.py")} == ENGINE | LIGHT


def test_help_loads_no_command_module(tmp_path):
    status, modules = loaded_modules(tmp_path, "--help")
    assert status == 0
    assert heavy_among(modules) == []
    assert sorted(name for name in modules if name.startswith("monitor.cli.") and name != "monitor.cli.context") == []


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["diff"], ["diff", "--all", "--format", "json"]])
def test_looking_around_a_fresh_database_loads_nothing_heavy(tmp_path, fresh_database, command):
    status, modules = loaded_modules(tmp_path, *fresh_database, *command)
    assert status == 0  # diff: nothing to report
    assert heavy_among(modules) == []
    assert "monitor.facts.catalogue" in modules  # the config's facts were read: the check ran on the real path


def test_a_command_that_reads_facts_is_seen_loading_the_engine(tmp_path):
    """The probe itself works: `monitor extract` needs the extractor and the fact engine, and they show."""
    article = tmp_path / "article.txt"
    article.write_text("The fund now holds 40 million dollars, its director said on Monday.\n", encoding="utf-8")
    status, modules = loaded_modules(tmp_path, "--config", str(ROOT / "sources.toml"), "extract", str(article))
    assert status == 0
    assert {"monitor.facts.attribution", "monitor.extraction.article"} <= set(heavy_among(modules))


def test_a_command_that_writes_the_database_is_seen_loading_sqlite_utils(tmp_path, fresh_database):
    """The probe sees sqlite-utils where it is used: `monitor init` creates and upgrades the schema with it."""
    status, modules = loaded_modules(tmp_path, *fresh_database, "init")
    assert status == 0
    assert "sqlite_utils" in heavy_among(modules)


@pytest.mark.parametrize("command", [["status"], ["diff", "--peek"]])
def test_looking_around_a_database_of_an_older_schema_upgrades_it_as_before(tmp_path, fresh_database, command):
    """Only an up-to-date file is read without sqlite-utils: on one a migration is missing from,
    `status` and `diff` still apply it, as `monitor init` would."""
    db = Path(fresh_database[-1])
    with sqlite3.connect(db) as conn:  # as the monitor before the last migration left it
        conn.execute("DROP TABLE blob_dictionaries")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_blob_dictionaries'")
        conn.execute("PRAGMA user_version = 13")
    status, modules = loaded_modules(tmp_path, *fresh_database, *command)
    assert status == 0
    assert {name.split(".")[0] for name in heavy_among(modules)} == {"sqlite_utils"}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'blob_dictionaries'").fetchone() == (1,)


def test_the_command_table_lists_every_command_where_it_is_defined():
    """`monitor --help` lists COMMANDS without importing them: each must name the module that
    defines it, and every command the modules define must be listed."""
    context = click.Context(cli)
    for name, (module, summary) in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None, name
        assert command.callback.__module__ == module, name
        assert summary.endswith(".")
    defined = {name for name, command in cli.commands.items() if command.callback.__module__.startswith("monitor.cli.")}
    assert defined == set(COMMANDS) == set(cli.list_commands(context))
