"""A `monitor fetch` killed with SIGKILL mid-pass leaves a consistent database, and the rerun ends the job."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fixture_site import write_config
from server import LoopbackServer

MONITOR = Path(sys.executable).parent / "monitor"
PAGES = 24


def article(number: int) -> str:
    return (
        f"<html><head><title>Update {number}</title></head><body><article><h1>Update {number}</h1>"
        f"<p>Item {number}: the partnership review found {number * 3} open questions about compute"
        f" commitments, and the board promised answers within {number + 5} days.</p>"
        "</article></body></html>"
    )


def count_snapshots(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as reader:
            return reader.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def test_sigkill_mid_pass_leaves_a_consistent_database_and_the_rerun_completes(tmp_path):
    db_path = tmp_path / "db" / "monitor.db"
    with LoopbackServer() as server:
        sources = []
        for number in range(PAGES):
            server.serve(f"/update/{number}", article(number), delay=0.4)
            sources.append({"name": f"update-{number}", "url": server.url(f"/update/{number}"), "kind": "page"})
        config = write_config(tmp_path / "sources.toml", sources, concurrency=2, per_host_concurrency=2)
        command = [str(MONITOR), "--config", str(config), "--db", str(db_path), "fetch"]

        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while count_snapshots(db_path) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        written = count_snapshots(db_path)
        assert 3 <= written < PAGES, "the kill must land mid-pass"

        with sqlite3.connect(db_path) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert check.execute("PRAGMA foreign_key_check").fetchall() == []
            # every snapshot came with its fetch row and its document pointing at it
            assert check.execute(
                "SELECT count(*) FROM snapshots s JOIN fetches f ON f.id = s.fetch_id"
                " JOIN documents d ON d.current_snapshot_id = s.id"
            ).fetchone()[0] == written

        rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        with sqlite3.connect(db_path) as check:
            assert check.execute("SELECT count(*) FROM snapshots").fetchone()[0] == PAGES
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
