"""Issue 11: one writer at a time, and storage trouble said once: real processes on a real file.

`monitor fetch` and `monitor reextract` beside a running daemon wait their turn; a second
`monitor run` is refused; a full disk pauses the daemon with one log line and SIGTERM still
exits 0; a read-only file and a database of a newer monitor are one `error:` line, exit 2.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fixture_site import write_config
from server import LoopbackServer
from test_daemon import Daemon, numbered_article, page_source, wait_for

from monitor.storage import store
from monitor.storage.schema import open_database, schema_version
from monitor.web.serve import build_datasette

MONITOR = Path(sys.executable).parent / "monitor"


def monitor(tmp_path: Path, *args: str, timeout: float = 120, **options) -> subprocess.CompletedProcess:
    command = [str(MONITOR), "--config", str(tmp_path / "sources.toml"), "--db", str(tmp_path / "monitor.db"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **options)


def one_error_line(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


# ── 3. two writers: the second waits its turn ────────────────────────────────────────────────


def test_a_write_transaction_that_reads_first_waits_for_another_writer(tmp_path):
    """The failing case of issue 11: a transaction reads, another process commits a write, then the
    first one writes. With a plain BEGIN SQLite cannot wait ("database is locked" at once); with
    BEGIN IMMEDIATE the transaction waits for the lock before it reads, and succeeds."""
    path = str(tmp_path / "monitor.db")
    store.open_store(path).conn.close()
    waiter = open_database(path)
    holding, done = threading.Event(), []

    def hold_the_lock() -> None:
        holder = open_database(path)  # its own connection, in its own thread, as another process would
        with holder.atomic():
            holder.execute("INSERT INTO passes (kind, started_at) VALUES ('fetch', 'first')")
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    assert holding.wait(30)
    with waiter.atomic():
        seen = waiter.execute("SELECT count(*) FROM passes").fetchone()[0]
        waiter.execute("INSERT INTO passes (kind, started_at) VALUES ('fetch', 'second')")
        done.append(seen)
    thread.join()
    assert done == [1]  # it read after the other writer's commit, and wrote
    assert [row[0] for row in waiter.execute("SELECT started_at FROM passes ORDER BY id")] == ["first", "second"]


def test_fetch_and_reextract_beside_a_running_daemon_wait_their_turn_and_succeed(tmp_path):
    with LoopbackServer() as server:
        sources = []
        for number in range(6):
            server.serve(f"/p{number}", numbered_article(number))
            sources.append(page_source(f"p{number}", server, f"/p{number}", interval="1s"))
        write_config(tmp_path / "sources.toml", sources)
        with Daemon(tmp_path) as daemon:
            wait_for(lambda: daemon.count("SELECT count(*) FROM snapshots") == 6, what="the daemon's first snapshots")
            for attempt in range(3):
                fetched = monitor(tmp_path, "fetch")
                assert fetched.returncode == 0, fetched.stderr
                assert "locked" not in fetched.stderr and "Traceback" not in fetched.stderr
            reextracted = monitor(tmp_path, "reextract", "--json")
            assert reextracted.returncode == 0, reextracted.stderr
            assert daemon.process.poll() is None
            assert "storage error" not in daemon.log() and "Traceback" not in daemon.log()
            assert daemon.stop() == 0
        assert daemon.count("SELECT count(*) FROM passes WHERE kind = 'fetch' AND finished_at IS NOT NULL") == 3


def test_a_second_daemon_on_the_same_database_is_refused_naming_the_first(tmp_path):
    with LoopbackServer() as server:
        server.serve("/p", numbered_article(1))
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p")])
        with Daemon(tmp_path) as daemon:
            second = monitor(tmp_path, "run", timeout=60)
            one_error_line(second, "another `monitor run`", f"pid {daemon.process.pid}", socket.gethostname())
            assert daemon.count("SELECT count(*) FROM daemon") == 1
            assert daemon.stop() == 0
        # stopped: the next one may start
        with Daemon(tmp_path) as again:
            assert again.stop() == 0


def test_a_daemon_killed_a_moment_ago_does_not_block_the_next_start(tmp_path):
    with LoopbackServer() as server:
        server.serve("/p", numbered_article(1))
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p")])
        with Daemon(tmp_path) as killed:
            killed.process.kill()
            killed.process.wait()
        with Daemon(tmp_path) as next_one:  # the heartbeat is fresh, but its process is gone
            assert next_one.stop() == 0


# ── 5. a full disk: one clear line, a pause, a heartbeat that keeps trying, exit 0 ────────────


def _no_more_room(limit_bytes: int):
    """For a child process: files cannot grow past `limit_bytes` (write() fails, as on a full
    disk) and SIGXFSZ is ignored, so the failure reaches SQLite as an error."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, resource.RLIM_INFINITY))

    return apply


def _copy(pipe, path: Path) -> None:
    with path.open("ab") as log:
        for line in pipe:
            log.write(line)
            log.flush()


def test_a_full_disk_pauses_the_daemon_with_one_line_and_it_resumes_when_there_is_room(tmp_path):
    with LoopbackServer() as server:
        sources = []
        for number in range(4):
            server.serve(f"/p{number}", numbered_article(number))
            sources.append(page_source(f"p{number}", server, f"/p{number}", interval="1s"))
        write_config(tmp_path / "sources.toml", sources)
        daemon = Daemon(tmp_path)
        daemon.log_path.touch()
        # the log goes through a pipe: a log file of the daemon's own could not grow either
        daemon.process = subprocess.Popen(
            [str(MONITOR), "--config", str(daemon.config), "--db", str(daemon.db), "run"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_no_more_room(resource.RLIM_INFINITY),
        )
        copier = threading.Thread(target=_copy, args=(daemon.process.stdout, daemon.log_path), daemon=True)
        copier.start()
        try:
            wait_for(lambda: "daemon started" in daemon.log(), what="the start")
            wait_for(lambda: daemon.count("SELECT count(*) FROM snapshots") == 4, what="the first snapshots")
            for number in range(4):  # new texts to write, on a disk without room
                server.serve(f"/p{number}", numbered_article(number, version=2))
            resource.prlimit(daemon.process.pid, resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
            wait_for(lambda: "storage error" in daemon.log(), what="the storage error")
            requests = len(server.requests)
            time.sleep(3)
            log = daemon.log()
            assert log.count("storage error") == 1 and "Traceback" not in log and "crashed" not in log
            assert len(server.requests) - requests < 4 * 3  # paused, not checking every source every second
            resource.prlimit(daemon.process.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
            wait_for(lambda: "storage works again" in daemon.log(), what="the recovery")
            wait_for(lambda: daemon.count("SELECT count(*) FROM snapshots") == 8, what="the edits' snapshots")
            resource.prlimit(daemon.process.pid, resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
            wait_for(lambda: daemon.log().count("storage error") == 2, what="the disk full again")
            assert daemon.stop() == 0  # SIGTERM on a full disk: still a clean exit
        finally:
            daemon.__exit__(None, None, None)
        log = daemon.log()
        assert "Traceback" not in log and "daemon stopped" in log


def test_run_on_a_full_disk_is_one_clear_error(tmp_path):
    with LoopbackServer() as server:
        server.serve("/p", numbered_article(1))
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p")])
        assert monitor(tmp_path, "init").returncode == 0
        done = monitor(tmp_path, "run", preexec_fn=_no_more_room(1), timeout=60)
        one_error_line(done, str(tmp_path / "monitor.db"))


# ── 7. init on a read-only database file ─────────────────────────────────────────────────────

READ_ONLY_FILE = """
set -e
mount --bind "$DB" "$DB"
mount -o remount,bind,ro "$DB"
"$MONITOR" --config "$CONFIG" --db "$DB" init > "$OUT/init.out" 2> "$OUT/init.err" || echo $? > "$OUT/init.status"
"""


def test_init_on_a_read_only_database_file_is_one_error_line(tmp_path):
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("needs unshare and user namespaces to mount a read-only file")
    with LoopbackServer() as server:
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p")])
        assert monitor(tmp_path, "init").returncode == 0
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p"), page_source("q", server, "/q")])
        env = {**os.environ, "DB": str(tmp_path / "monitor.db"), "CONFIG": str(tmp_path / "sources.toml"),
               "MONITOR": str(MONITOR), "OUT": str(tmp_path)}
        done = subprocess.run(["unshare", "-rm", "sh", "-c", READ_ONLY_FILE], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    result = subprocess.CompletedProcess([], int((tmp_path / "init.status").read_text()), "",
                                         (tmp_path / "init.err").read_text())
    one_error_line(result, "monitor.db", "cannot be written")


# ── 8. a database from a newer monitor ───────────────────────────────────────────────────────


@pytest.mark.parametrize("how", ["migration", "user_version"])
def test_a_database_of_a_newer_monitor_is_refused_by_every_command(tmp_path, how):
    with LoopbackServer() as server:
        server.serve("/p", numbered_article(1))
        write_config(tmp_path / "sources.toml", [page_source("p", server, "/p")])
        assert monitor(tmp_path, "fetch").returncode == 0
        with sqlite3.connect(tmp_path / "monitor.db") as conn:
            if how == "migration":
                conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                             " VALUES ('monitor', 'm099_renamed_columns', '2030-01-01')")
            else:
                conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
            conn.execute("ALTER TABLE findings RENAME COLUMN summary TO headline")  # what a newer schema may do
        expected = "m099_renamed_columns" if how == "migration" else f"schema version {schema_version() + 1}"
        commands = ((["init"], ["fetch"], ["status"], ["diff", "--all"], ["reextract"], ["run"]) if how == "migration"
                    else (["fetch"], ["status"]))  # the same check: two commands suffice
        for command in commands:
            one_error_line(monitor(tmp_path, *command, timeout=60), "created by a newer monitor", expected, "upgrade")
    assert not server.requests_for("/p")[1:]  # nothing fetched after the first pass
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("SELECT count(*) FROM passes").fetchone()[0] == 1


def test_the_schema_version_is_recorded(tmp_path):
    db = store.open_store(str(tmp_path / "monitor.db"))
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version() > 0


# ── Datasette: nothing can be written through it ─────────────────────────────────────────────


def test_datasette_answers_405_to_every_write_request(tmp_path):
    path = tmp_path / "monitor.db"
    store.open_store(str(path)).conn.close()

    async def answers():
        datasette = build_datasette(str(path))
        posted = [await datasette.client.post(url, json={"row": {"name": "x", "url": "http://x/", "kind": "page"}})
                  for url in ("/-/insert", "/monitor/sources/-/insert", "/monitor/sources/-/upsert",
                              "/monitor/-/create", "/monitor/sources/-/drop", "/monitor")]
        other = [await datasette.client.request(method, "/monitor/sources") for method in ("PUT", "DELETE", "PATCH")]
        read = await datasette.client.get("/monitor/sources.json")
        return posted + other, read

    refused, read = asyncio.run(answers())
    assert {response.status_code for response in refused} == {405}
    assert all(response.headers["allow"] == "GET, HEAD" for response in refused)
    assert read.status_code == 200
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
