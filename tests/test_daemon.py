"""`monitor run` as a real subprocess against loopback sources with second-scale intervals.

Each test starts the daemon the way a user does (`monitor --config … --db … run`), steers it
with real signals and reads what it did from the real SQLite file and its log. Waits poll for
a state with a generous deadline; no test asserts how fast anything is.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fixture_site import write_config
from server import LoopbackServer, Reply

from monitor.daemon_state import daemon_status, describe_daemon
from monitor.storage.schema import open_database
from monitor.web.serve import build_datasette

GRANT_FUND_FACT = Path(__file__).parent / "fixtures" / "daemon" / "facts.toml"
MONITOR = Path(sys.executable).parent / "monitor"
WAIT = 30.0  # seconds any awaited state may take on a busy machine


def article(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer>Copyright the example desk</footer></body></html>"
    )


def numbered_article(number: int, version: int = 1) -> str:
    return article(
        f"Dispatch number {number}",
        f"This is dispatch {number}, version {version}, from the example desk about the partnership.",
        "The two companies met again this week to settle the terms of their long collaboration, "
        "and both sides said the talks had gone well.",
        "A grant fund of $50 million will support research on the resilience of AI systems.",
    )


def rss(server: LoopbackServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Dispatch {path}</title><link>{server.url(path)}</link>"
        f"<pubDate>{datetime.now(timezone.utc):%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
        for path in paths
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>"


class Daemon:
    """`monitor run` in a subprocess, its log in a file, and polling helpers."""

    def __init__(self, tmp_path: Path, *options: str) -> None:
        self.config = tmp_path / "sources.toml"
        self.db = tmp_path / "monitor.db"
        self.log_path = tmp_path / f"daemon-{time.monotonic_ns()}.log"
        self.options = options
        self.process: subprocess.Popen | None = None

    def start(self) -> Daemon:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(MONITOR), "--config", str(self.config), "--db", str(self.db), "run", *self.options],
                stdout=log, stderr=subprocess.STDOUT,
            )
        wait_for(lambda: "daemon started" in self.log() or self.process.poll() is not None)
        assert self.process.poll() is None, self.log()
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def stop(self, timeout: float = WAIT, signum: int | None = None) -> int:
        self.signal(signum or signal.SIGTERM)
        return self.process.wait(timeout)

    def query(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def count(self, sql: str, params=()) -> int:
        return self.query(sql, params)[0][0]

    def __enter__(self) -> Daemon:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def wait_for(condition, timeout: float = WAIT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class _reader:
    """A monitor database opened for reading, closed on exit."""

    def __init__(self, path: Path) -> None:
        self.db = open_database(str(path), migrate=False)

    def __enter__(self):
        return self.db

    def __exit__(self, *exc_info) -> None:
        self.db.conn.close()


def page_source(name: str, server: LoopbackServer, path: str, interval: str = "1s", **extra) -> dict:
    return {"name": name, "url": server.url(path), "kind": "page", "interval": interval, **extra}


def test_checks_run_on_schedule_and_sigterm_stops_cleanly(tmp_path):
    with LoopbackServer() as server:
        server.serve("/statement", numbered_article(1))
        server.serve("/slow", numbered_article(2))
        write_config(tmp_path / "sources.toml", [page_source("lab", server, "/statement"),
                                                 page_source("hourly", server, "/slow", interval="1h")])
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: server.requests_for("/slow"), what="the first check of the hourly source")
            checked = len(server.requests_for("/statement"))
            wait_for(lambda: len(server.requests_for("/statement")) >= checked + 3, what="three more checks")
            # the server sees a request before the daemon has written its row
            wait_for(lambda: daemon.count("SELECT count(*) FROM fetches WHERE source = 'lab'") >= checked + 3,
                     what="the three checks' fetches rows")
            assert daemon.count("SELECT count(*) FROM snapshots") == 2  # same texts: no new snapshots
            assert len(server.requests_for("/slow")) == 1  # its interval is an hour
            (next_run,) = daemon.query("SELECT next_run_at FROM sources WHERE name = 'hourly'")[0]
            assert datetime.fromisoformat(next_run) > datetime.now(timezone.utc) + timedelta(minutes=50)
            with _reader(daemon.db) as db:
                assert daemon_status(db).running
            assert daemon.stop() == 0
        assert "daemon stopped" in daemon.log()
        with _reader(daemon.db) as db:
            status = daemon_status(db)
            assert not status.running and status.stopped_at
            assert describe_daemon(status).startswith("daemon: stopped at")
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sighup_adds_a_source_and_a_broken_file_keeps_the_running_configuration(tmp_path):
    with LoopbackServer() as server:
        server.serve("/first", numbered_article(1))
        server.serve("/second", numbered_article(2))
        config = tmp_path / "sources.toml"
        write_config(config, [page_source("first", server, "/first")])
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: server.requests_for("/first"), what="the first source's check")
            assert not server.requests_for("/second")

            write_config(config, [page_source("first", server, "/first"), page_source("second", server, "/second")])
            daemon.signal(signal.SIGHUP)
            wait_for(lambda: server.requests_for("/second"), what="the added source's check")
            assert "added second" in daemon.log()

            config.write_text("[monitor\nthis is not TOML", encoding="utf-8")
            daemon.signal(signal.SIGHUP)
            wait_for(lambda: "reload failed" in daemon.log(), what="the reload error in the log")
            checked = len(server.requests_for("/second"))
            wait_for(lambda: len(server.requests_for("/second")) > checked + 1, what="checks after the broken reload")
            assert daemon.process.poll() is None

            write_config(config, [page_source("second", server, "/second")])
            daemon.signal(signal.SIGHUP)
            wait_for(lambda: "removed first" in daemon.log(), what="the removal")
            time.sleep(0.5)  # a check of "first" already running may still finish
            before = len(server.requests_for("/first"))
            wait_for(lambda: len(server.requests_for("/second")) > checked + 4, what="more checks of the kept source")
            assert len(server.requests_for("/first")) == before
            assert daemon.stop() == 0
        assert daemon.query("SELECT name, enabled FROM sources ORDER BY name") == [("first", 0), ("second", 1)]


def test_sighup_applies_new_fetch_settings_without_cutting_a_check_short(tmp_path):
    with LoopbackServer() as server:
        server.serve("/slow", numbered_article(1), delay=2.0)
        server.serve("/quick", numbered_article(2))
        config = tmp_path / "sources.toml"
        sources = [page_source("slow", server, "/slow", interval="1h"), page_source("quick", server, "/quick")]
        write_config(config, sources, read_timeout="10s", total_timeout="20s")
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: server.requests_for("/slow"), what="the slow check to start")
            write_config(config, sources, read_timeout="10s", total_timeout="20s",
                         user_agent="monitor-renamed/0.2 (+http://127.0.0.1/contact)")
            daemon.signal(signal.SIGHUP)
            wait_for(lambda: any(r.headers["User-Agent"].startswith("monitor-renamed/")
                                 for r in server.requests_for("/quick")), what="a check with the new user agent")
            wait_for(lambda: daemon.count("SELECT count(*) FROM fetches WHERE source = 'slow'"), what="the slow check")
            assert daemon.query("SELECT outcome FROM fetches WHERE source = 'slow'") == [("ok",)]
            assert server.requests_for("/slow")[0].headers["User-Agent"].startswith("monitor-tests/")
            assert daemon.stop() == 0
        assert "fetch settings changed" in daemon.log() and "Traceback" not in daemon.log()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_lets_an_in_flight_check_finish(tmp_path, signum):
    with LoopbackServer() as server:
        server.serve("/slow", numbered_article(1), delay=2.0)
        write_config(tmp_path / "sources.toml", [page_source("slow", server, "/slow", interval="1h")],
                     read_timeout="10s", total_timeout="20s")
        with Daemon(tmp_path, "--shutdown-timeout", "15") as daemon:
            wait_for(lambda: server.requests_for("/slow"), what="the slow check to start")
            assert daemon.stop(signum=signum) == 0
        assert f"{signal.Signals(signum).name} received" in daemon.log()
        assert daemon.query("SELECT outcome FROM fetches") == [("ok",)]
        assert daemon.count("SELECT count(*) FROM snapshots") == 1


def test_sigterm_cancels_what_outlasts_the_deadline_and_still_exits_0(tmp_path):
    with LoopbackServer() as server:
        server.serve("/stuck", numbered_article(1), delay=25.0)
        write_config(tmp_path / "sources.toml", [page_source("stuck", server, "/stuck", interval="1h")],
                     read_timeout="60s", total_timeout="60s")
        with Daemon(tmp_path, "--shutdown-timeout", "0.5") as daemon:
            wait_for(lambda: server.requests_for("/stuck"), what="the stuck check to start")
            assert daemon.stop(timeout=15) == 0
        assert "1 checks cancelled" in daemon.log()
        assert daemon.count("SELECT count(*) FROM fetches") == 0  # nothing half-written
        assert daemon.query("SELECT stopped_at IS NOT NULL FROM daemon") == [(1,)]


def test_a_failing_source_is_reported_once_then_once_more_when_it_recovers(tmp_path):
    with LoopbackServer() as server:
        server.serve("/flaky", "server trouble", status=500, content_type="text/plain")
        write_config(tmp_path / "sources.toml", [page_source("flaky", server, "/flaky")], failing_after=2)
        with Daemon(tmp_path, "--log-json") as daemon:
            wait_for(lambda: len(server.requests_for("/flaky")) >= 5, what="five failed checks")
            server.serve("/flaky", numbered_article(1))
            wait_for(lambda: "recovered" in daemon.log(), what="the recovery")
            assert daemon.stop() == 0
        events = [json.loads(line) for line in daemon.log().splitlines() if line.strip()]
        assert all({"time", "level", "message"} <= event.keys() for event in events)
        failing = [event for event in events if event.get("event") == "failing"]
        assert len(failing) == 1
        assert failing[0]["source"] == "flaky" and failing[0]["consecutive_failures"] == 2
        assert failing[0]["level"] == "warning"
        assert sum(1 for event in events if event.get("event") == "recovered") == 1
        checked = [event for event in events if event.get("event") == "checked"]
        assert len(checked) >= 6 and checked[0]["errors"] == {"http_5xx": 1}


def test_feed_articles_are_rechecked_on_their_own_schedule(tmp_path):
    with LoopbackServer() as server:
        server.serve("/feed.xml", rss(server, ["/a/1", "/a/2"]), content_type="application/rss+xml")
        for number in (1, 2):
            server.serve(f"/a/{number}", numbered_article(number))
        write_config(tmp_path / "sources.toml",
                     [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed", "interval": "1h"}],
                     recheck={"older": "1s"})
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: len(server.requests_for("/a/1")) >= 3, what="rechecks of a feed article")
            assert daemon.stop() == 0
        assert daemon.count("SELECT count(*) FROM documents WHERE source = 'desk'") == 2


def test_sigkill_mid_pass_then_restart_leaves_no_damage_and_no_duplicates(tmp_path):
    paths = [f"/a/{number}" for number in range(40)]
    with LoopbackServer() as server:
        server.serve("/feed.xml", rss(server, paths), content_type="application/rss+xml")
        for number, path in enumerate(paths):
            server.serve(path, numbered_article(number), delay=0.3)
        config = write_config(tmp_path / "sources.toml",
                              [{"name": "desk", "url": server.url("/feed.xml"), "kind": "feed", "interval": "2s"}],
                              per_host_concurrency=2)
        config.write_text(config.read_text(encoding="utf-8") + "\n" + GRANT_FUND_FACT.read_text(encoding="utf-8"), encoding="utf-8")
        first = Daemon(tmp_path).start()
        wait_for(lambda: first.count("SELECT count(*) FROM snapshots") >= 5, what="some snapshots")
        first.process.kill()
        first.process.wait()
        assert first.count("SELECT count(*) FROM snapshots") < len(paths)  # killed mid-pass

        with Daemon(tmp_path) as second:
            wait_for(lambda: second.count("SELECT count(*) FROM snapshots") == len(paths), what="every article")
            assert second.stop() == 0
        assert second.query("PRAGMA integrity_check") == [("ok",)]
        assert second.query("PRAGMA foreign_key_check") == []
        assert second.query("SELECT document_id FROM snapshots GROUP BY document_id HAVING count(*) > 1") == []
        assert second.count("SELECT count(*) FROM findings") >= len(paths)  # the fund figure, once per article
        assert second.query(
            "SELECT document_id, kind, key FROM findings GROUP BY document_id, kind, key HAVING count(*) > 1"
        ) == []
        with _reader(second.db) as db:
            assert describe_daemon(daemon_status(db)).startswith("daemon: stopped")
            killed = db.execute("SELECT heartbeat_at FROM daemon ORDER BY id LIMIT 1").fetchone()[0]
            assert killed and db.execute("SELECT stopped_at FROM daemon ORDER BY id LIMIT 1").fetchone()[0] is None


def test_datasette_reads_never_fail_while_the_daemon_writes(tmp_path):
    with LoopbackServer() as server:
        for number in range(6):
            # every load brings a new version: each check writes a snapshot and an edit finding
            server.serve_sequence(f"/p/{number}", [Reply(numbered_article(number, version), 200,
                                                         {"Content-Type": "text/html; charset=utf-8"})
                                                   for version in range(1, 200)])
        write_config(tmp_path / "sources.toml", [page_source(f"p{n}", server, f"/p/{n}") for n in range(6)])
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: daemon.count("SELECT count(*) FROM snapshots") >= 6, what="first snapshots")
            seen = asyncio.run(_read_repeatedly(daemon.db, rounds=30))
            assert daemon.stop() == 0
        assert seen[-1] > seen[0]  # the daemon really wrote while Datasette read
        assert daemon.count("SELECT count(*) FROM findings WHERE kind = 'edited'") > 0


async def _read_repeatedly(db_path: Path, rounds: int) -> list[int]:
    datasette = build_datasette(str(db_path))
    counts = []
    for _ in range(rounds):
        for path in ("/monitor/latest_findings.json", "/monitor/snapshots.json?_search=dispatch",
                     "/monitor/official_edits.json", "/monitor/fetches.json?_sort_desc=id"):
            response = await datasette.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
        response = await datasette.client.get("/monitor.json?sql=select+count(*)+as+n+from+snapshots&_shape=array")
        counts.append(response.json()[0]["n"])
        await asyncio.sleep(0.1)
    return counts


def test_a_broken_config_at_start_is_refused_with_its_location(tmp_path):
    (tmp_path / "sources.toml").write_text('[monitor]\nuser_agent = "x (+http://127.0.0.1/)"\ninterval = "soon"\n')
    result = subprocess.run(
        [str(MONITOR), "--config", str(tmp_path / "sources.toml"), "--db", str(tmp_path / "monitor.db"), "run"],
        capture_output=True, text=True, timeout=WAIT,
    )
    assert result.returncode == 2
    assert "[monitor]" in result.stderr and "interval" in result.stderr
