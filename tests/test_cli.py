"""`monitor init`, `fetch`, `status` and `extract`, through click's runner and as a real process."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_site import SITE, serve_site, write_config
from server import LoopbackServer, unused_port

from monitor.cli import cli
from monitor.daemon import Daemon
from monitor.storage.store import open_store, source_statuses

MONITOR = Path(sys.executable).parent / "monitor"


@pytest.fixture
def server():
    with LoopbackServer() as running:
        serve_site(
            running,
            **{
                "/statement": "statement-v1.html",
                "/feed.xml": "feed.xml",
                "/news/deal-en": "deal-en.html",
                "/news/accord-fr": "accord-fr.html",
            },
        )
        yield running


@pytest.fixture
def config(tmp_path, server):
    return write_config(
        tmp_path / "sources.toml",
        [
            {"name": "lab-statement", "url": server.url("/statement"), "kind": "page"},
            {"name": "tech-desk", "url": server.url("/feed.xml"), "kind": "feed", "topic": ["OpenAI"]},
            {"name": "gone-away", "url": f"http://127.0.0.1:{unused_port()}/", "kind": "page"},
        ],
    )


def run(tmp_path, *args, stdin=None):
    """Invoke the CLI in-process with the test's config and a database under tmp_path/db/."""
    options = ["--config", str(tmp_path / "sources.toml"), "--db", str(tmp_path / "db" / "monitor.db")]
    return CliRunner().invoke(cli, [*options, *args], input=stdin, env={"COLUMNS": "200"})


def test_init_creates_the_database_directory_and_syncs_sources(tmp_path, config):
    result = run(tmp_path, "init")
    assert result.exit_code == 0, result.output
    assert "3 sources synced" in result.output
    daemon, *sources = map(json.loads, run(tmp_path, "status", "--json").stdout.splitlines())
    assert daemon == {"daemon": None}
    assert sorted(item["name"] for item in sources) == ["gone-away", "lab-statement", "tech-desk"]
    assert all(item["last_outcome"] is None for item in sources)


def test_fetch_summarises_the_pass_and_exits_0_when_a_source_fails(tmp_path, config):
    run(tmp_path, "init")
    result = run(tmp_path, "fetch")
    assert result.exit_code == 0, result.output
    summary = dict(_table_rows(result.output))
    assert summary["checked"] == "5"  # page, feed, two on-topic articles, the dead source
    assert summary["new snapshots"] == "3"
    assert summary["connect"] == "1"

    again = dict(_table_rows(run(tmp_path, "fetch", "--source", "lab-statement").output))
    assert (again["checked"], again["unchanged (same bytes)"]) == ("1", "1")


def test_status_shows_each_source_state_and_counts(tmp_path, config):
    run(tmp_path, "fetch")
    _daemon, *lines = run(tmp_path, "status", "--json").stdout.splitlines()
    statuses = {item["name"]: item for item in map(json.loads, lines)}
    assert (statuses["tech-desk"]["documents"], statuses["tech-desk"]["snapshots"]) == (2, 2)
    assert statuses["lab-statement"]["last_outcome"] == "ok"
    assert statuses["gone-away"]["last_error_class"] == "connect"
    assert statuses["gone-away"]["consecutive_failures"] == 1

    table = run(tmp_path, "status")
    assert table.exit_code == 0
    assert "gone-away" in table.output and "connect" in table.output and "tech-desk" in table.output


def test_status_flags_failing_sources_and_shows_the_daemon_and_next_checks(tmp_path, server):
    dead = f"http://127.0.0.1:{unused_port()}/"
    write_config(
        tmp_path / "sources.toml",
        [{"name": "lab-statement", "url": server.url("/statement"), "kind": "page", "interval": "1h"},
         {"name": "gone-away", "url": dead, "kind": "page", "interval": "1h"}],
        failing_after=2,
    )  # fmt: skip
    run(tmp_path, "fetch")
    before_the_threshold = _status_rows(run(tmp_path, "status").stdout)
    assert before_the_threshold["gone-away"][4] == "1"  # failed once: below failing_after, no duration
    run(tmp_path, "fetch")
    table = run(tmp_path, "status").stdout
    assert table.splitlines()[0] == "daemon: never run on this database"
    assert _status_rows(table)["gone-away"][3].startswith("connect: ")
    assert re.fullmatch(r"2 for \d+s", _status_rows(table)["gone-away"][4])  # failing since the first fetch
    assert _status_rows(table)["lab-statement"][3:5] == ["unchanged", ""]
    lines = [json.loads(line) for line in run(tmp_path, "status", "--json").stdout.splitlines()]
    assert lines[0] == {"daemon": None}
    sources = {item["name"]: item for item in lines[1:]}
    assert sources["gone-away"]["consecutive_failures"] == 2 and sources["gone-away"]["failing_since"]
    assert sources["gone-away"]["next_run_at"] is None  # only the daemon plans checks

    # A schedule a previous daemon left, still ahead: the new one keeps it rather than checking at once,
    # so "in 30m" below does not race a check that is due in the next instant.
    ahead = (datetime.now(timezone.utc) + timedelta(minutes=30)).isoformat(timespec="seconds")
    _plan_next_runs(tmp_path, ahead)

    async def status_while_the_daemon_runs():
        running = Daemon(str(tmp_path / "sources.toml"), str(tmp_path / "db" / "monitor.db"), shutdown_timeout=0)
        task = asyncio.create_task(running.run())
        while not (getattr(running, "scheduler", None) and running.scheduler.running):
            await asyncio.sleep(0.05)
        seen = run(tmp_path, "status"), run(tmp_path, "status", "--json")
        running.request_stop()
        await task
        return seen

    table, as_json = asyncio.run(status_while_the_daemon_runs())
    assert table.stdout.startswith(f"daemon: running (pid {os.getpid()} ")
    daemon_line, *source_lines = map(json.loads, as_json.stdout.splitlines())
    assert daemon_line["daemon"]["running"] is True and daemon_line["daemon"]["pid"] == os.getpid()
    planned = {item["name"]: item["next_run_at"] for item in source_lines}
    assert planned == {item.name: item.next_run_at for item in _statuses(tmp_path)} == {
        "lab-statement": ahead, "gone-away": ahead}
    assert re.fullmatch(r"in (29|30)m", _status_rows(table.stdout)["lab-statement"][5])
    assert run(tmp_path, "status").stdout.startswith("daemon: stopped at ")


def _plan_next_runs(tmp_path, when: str) -> None:
    db = open_store(str(tmp_path / "db" / "monitor.db"), create=False)
    try:
        with db.atomic():
            db.execute("UPDATE sources SET next_run_at = ?", [when])
    finally:
        db.conn.close()


def _statuses(tmp_path):
    db = open_store(str(tmp_path / "db" / "monitor.db"), create=False)
    try:
        return source_statuses(db)
    finally:
        db.conn.close()


def _status_rows(output: str) -> dict[str, list[str]]:
    """The status table's cells by source name (the test's names are short enough not to wrap)."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells and cells[0]:
            rows[cells[0]] = cells
    return rows


def test_unknown_source_name_suggests_the_closest(tmp_path, config):
    result = run(tmp_path, "fetch", "--source", "lab-statment")
    assert result.exit_code == 2
    assert "did you mean 'lab-statement'" in result.output


def test_config_error_stops_before_anything_runs(tmp_path, server):
    (tmp_path / "sources.toml").write_text('[monitor]\nuser_agent = "x (+http://a.example)"\nintervall = "1m"\n')
    result = run(tmp_path, "fetch")
    assert result.exit_code == 2 and "intervall" in result.output
    assert not (tmp_path / "db" / "monitor.db").exists()


def test_unreadable_database_is_a_clear_error(tmp_path, config):
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "monitor.db").write_bytes(b"this is not a database, just some bytes " * 200)
    for command in ("init", "fetch", "status"):
        result = run(tmp_path, command)
        assert result.exit_code == 2, command
        assert "monitor.db" in result.output and "cannot use this database" in result.output


def test_status_without_a_database_says_to_run_init(tmp_path, config):
    result = run(tmp_path, "status")
    assert result.exit_code == 2 and "monitor init" in result.output


def test_extract_prints_a_file_as_text(tmp_path):
    result = run(tmp_path, "extract", str(SITE / "accord-fr.html"))
    assert result.exit_code == 0, result.output
    first_line, *_ = result.stdout.splitlines()
    assert first_line.startswith("# OpenAI : la fondation")
    assert "130 milliards de dollars" in result.stdout and "Les plus lus" not in result.stdout


def test_extract_json_for_a_file_stdin_and_a_url(tmp_path, server):
    html_file = str(SITE / "deal-en.html")
    result = run(tmp_path, "extract", "--json", html_file, "-", server.url("/statement"), stdin=(SITE / "note.txt").read_text())
    assert result.exit_code == 0, result.output
    by_target = {item["target"]: item for item in map(json.loads, result.stdout.splitlines())}
    assert list(by_target) == [html_file, "-", server.url("/statement")]
    for item in by_target.values():
        assert {"target", "url", "title", "published", "language", "text"} <= set(item)
    assert by_target[html_file]["language"] == "en" and "27%" in by_target[html_file]["text"]
    assert "$130 billion" in by_target["-"]["text"]
    assert by_target[server.url("/statement")]["url"] == server.url("/statement")
    assert "Most read" not in by_target[server.url("/statement")]["text"]
    assert not (tmp_path / "db").exists()  # extract writes nothing


def test_extract_reports_missing_targets_after_the_others(tmp_path, server):
    missing = str(tmp_path / "nowhere.html")
    dead = f"http://127.0.0.1:{unused_port()}/page"
    result = run(tmp_path, "extract", "--json", missing, str(SITE / "note.txt"), dead)
    assert result.exit_code == 2
    assert missing in result.output and dead in result.output
    assert '"target": ' in result.output  # the readable target was still printed


def test_commands_as_a_real_process(tmp_path, config, server):
    environment = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_DB": str(tmp_path / "db" / "monitor.db")}

    def monitor(*args):
        return subprocess.run([str(MONITOR), *args], env=environment, capture_output=True, text=True, timeout=120)

    assert monitor("init").returncode == 0
    fetched = monitor("fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert dict(_table_rows(fetched.stdout))["new snapshots"] == "3"
    assert fetched.stderr == ""  # no progress bar when stderr is not a terminal

    serve_site(server, **{"/statement": "statement-v2.html"})
    again = monitor("fetch", "--source", "lab-statement")
    assert dict(_table_rows(again.stdout))["new snapshots"] == "1"
    _daemon, *lines = monitor("status", "--json").stdout.splitlines()
    statuses = {item["name"]: item for item in map(json.loads, lines)}
    assert statuses["lab-statement"]["snapshots"] == 2


def _table_rows(output: str):
    """(label, value) pairs from the rich summary table's lines."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip("│┃ ").split("│")]
        if len(cells) == 2 and cells[1].isdigit():
            yield cells[0], cells[1]
