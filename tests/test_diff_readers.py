"""`monitor diff` shows what is new: a cursor per reader (--reader), --peek, the periods kept
(--since, --all, --pass), and readers reading while the daemon writes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from fixture_site import write_config
from server import LoopbackServer, Reply

from monitor.cli import cli

MONITOR = Path(sys.executable).parent / "monitor"
GRANT_FUND_FACT = (Path(__file__).parent / "fixtures" / "daemon" / "facts.toml").read_text(encoding="utf-8")


def article(number: int, version: int, fund: str = "$50 million") -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>Dispatch {number}</title></head><body><main><article>"
        f"<h1>Dispatch {number}</h1><p>This is dispatch {number}, version {version}, from the example desk.</p>"
        "<p>The two companies met again this week to settle the terms of their long collaboration.</p>"
        f"<p>A grant fund of {fund} will support research on the resilience of AI systems.</p>"
        "</article></main></body></html>"
    )


def configure(tmp_path: Path, server: LoopbackServer, pages: int, interval: str = "1h") -> Path:
    config = write_config(tmp_path / "sources.toml", [
        {"name": f"p{n}", "url": server.url(f"/p/{n}"), "kind": "page", "interval": interval} for n in range(pages)
    ])
    config.write_text(config.read_text(encoding="utf-8") + "\n" + GRANT_FUND_FACT, encoding="utf-8")
    return config


def diff(config: Path, *args: str) -> tuple[int, list[int]]:
    """The exit code and the ids of the findings `monitor diff ARGS --format json` shows."""
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(config.parent / "monitor.db"), "diff",
                                      *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [finding["id"] for finding in json.loads(result.output)]


def fetch(config: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(config.parent / "monitor.db"), "fetch"])
    assert result.exit_code == 0, result.output


def test_diff_shows_each_finding_once_per_reader(tmp_path):
    with LoopbackServer() as server:
        server.serve("/p/0", article(0, 1, "$80 million"))
        config = configure(tmp_path, server, 1)
        fetch(config)
        code, first = diff(config)
        assert code == 1 and len(first) == 1  # diverges
        assert diff(config) == (0, [])  # read: nothing new
        assert diff(config, "--all") == (1, first)  # the periods are as before
        assert diff(config, "--pass", "latest") == (1, first)

        server.serve("/p/0", article(0, 2, "$90 million"))
        fetch(config)
        code, peeked = diff(config, "--peek")
        assert code == 1 and peeked and first[0] in peeked  # the document's baseline finding, rewritten: new again
        assert diff(config, "--peek") == (1, peeked)  # a peek does not move the cursor
        assert diff(config) == (1, peeked)
        assert diff(config) == (0, [])
        code, everything = diff(config, "--reader", "cron")  # another reader has read nothing yet
        assert code == 1 and sorted(everything) == sorted(diff(config, "--all")[1])
        assert diff(config, "--reader", "cron") == (0, [])


def test_text_heading_and_usage_errors(tmp_path):
    with LoopbackServer() as server:
        server.serve("/p/0", article(0, 1, "$80 million"))
        config = configure(tmp_path, server, 1)
        fetch(config)
        args = ["--config", str(config), "--db", str(tmp_path / "monitor.db"), "diff"]
        first = CliRunner().invoke(cli, args)
        assert first.exit_code == 1 and "1 finding new (first read: every finding recorded)" in first.output
        again = CliRunner().invoke(cli, [*args, "--reader", "default"])
        assert again.exit_code == 0 and "0 findings new since the last diff (" in again.output
        for extra, message in ((["--all", "--pass", "1"], "--all and --pass choose the period two ways"),
                               (["--all", "--peek"], "--reader and --peek read what is new"),
                               (["--pass", "first"], "neither a pass number nor latest"),
                               (["--pass", "99"], "no pass #99 in the database (the latest is #1)")):
            result = CliRunner().invoke(cli, [*args, *extra])
            assert result.exit_code == 2 and message in result.output, result.output


def test_two_readers_while_the_daemon_writes(tmp_path):
    with LoopbackServer() as server:
        for number in range(3):
            # every load brings a new version: each check writes a snapshot and an edit finding
            server.serve_sequence(f"/p/{number}", [Reply(article(number, version), 200,
                                                         {"Content-Type": "text/html; charset=utf-8"})
                                                   for version in range(1, 300)])
        config = configure(tmp_path, server, 3, interval="1s")
        db_path = tmp_path / "monitor.db"
        log = tmp_path / "daemon.log"
        with log.open("wb") as out:
            daemon = subprocess.Popen([str(MONITOR), "--config", str(config), "--db", str(db_path), "run"],
                                      stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while "daemon started" not in log.read_text() and daemon.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)  # the database is migrated and the signals are handled from here on
            assert daemon.poll() is None and "daemon started" in log.read_text(), log.read_text()
            seen_by_a: list[int] = []
            for _ in range(12):
                time.sleep(0.4)
                _, peeked = diff(config, "--reader", "b", "--peek")
                _, new = diff(config, "--reader", "a")
                assert not set(new) & set(seen_by_a)  # nothing shown twice
                seen_by_a += new
                assert set(seen_by_a) - set(new) <= set(peeked)  # b, never moved, sees all a had seen before
        finally:
            daemon.send_signal(signal.SIGTERM)
            assert daemon.wait(30) == 0, log.read_text()
        _, rest = diff(config, "--reader", "a")
        seen_by_a += rest
        with sqlite3.connect(db_path) as db:
            stored = [row[0] for row in db.execute("SELECT id FROM findings")]
        assert len(stored) > 6  # the daemon really wrote while they read
        assert sorted(seen_by_a) == sorted(stored)  # every finding, once
        _, b_all = diff(config, "--reader", "b")
        assert sorted(b_all) == sorted(stored)
        assert diff(config, "--reader", "b") == (0, []) and diff(config, "--reader", "a") == (0, [])
