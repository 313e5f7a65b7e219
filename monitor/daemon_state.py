"""The daemon as the database knows it: the latest `monitor run`'s row of the `daemon` table, read
back for `monitor status` (running, stopped, or silent since its last heartbeat).

Apart from `monitor.daemon` so that `monitor status` reads it without loading the scheduler, the
fetcher and the pipeline; the daemon writes the row (`_RunRecord`) and beats every
`HEARTBEAT_SECONDS`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from monitor.serialize import parse_time_or_none
from monitor.storage.connection import table_exists

if TYPE_CHECKING:
    from sqlite_utils import Database

HEARTBEAT_SECONDS = 5.0
# A heartbeat older than this many beats means the daemon died without stopping cleanly.
MISSED_BEATS = 3


@dataclass(frozen=True)
class DaemonStatus:
    """The latest `monitor run` recorded in the database."""

    pid: int
    hostname: str
    started_at: str
    heartbeat_at: str
    stopped_at: str | None
    running: bool  # not stopped, and its heartbeat is recent


def daemon_status(db: Database | sqlite3.Connection, now: datetime | None = None) -> DaemonStatus | None:
    """The latest daemon run, or None if `monitor run` never ran on this database."""
    if not table_exists(db, "daemon"):
        return None
    row = db.execute(
        "SELECT pid, hostname, started_at, heartbeat_at, stopped_at FROM daemon ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    now = now or datetime.now(timezone.utc)
    beat = parse_time_or_none(row[3])
    fresh = beat is not None and (now - beat).total_seconds() <= MISSED_BEATS * HEARTBEAT_SECONDS
    return DaemonStatus(*row, running=row[4] is None and fresh)


def describe_daemon(status: DaemonStatus | None) -> str:
    """One line for `monitor status`."""
    if status is None:
        return "daemon: never run on this database"
    where = f"pid {status.pid} on {status.hostname}"
    if status.running:
        return f"daemon: running ({where}, since {status.started_at}, heartbeat {status.heartbeat_at})"
    if status.stopped_at:
        return f"daemon: stopped at {status.stopped_at} ({where})"
    return f"daemon: not responding since {status.heartbeat_at} ({where}; killed or crashed)"
