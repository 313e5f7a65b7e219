"""The outbox: what each [[notify]] channel is owed, written with the findings that owe it.

`snapshot_hook(config)` runs inside the check's transaction, after the findings of the new
snapshot are written: for each channel that wants some of them, it adds their ids to the
``notifications`` table. A channel without a digest gets one row per check; a channel with a
digest gathers into one row per period (periods are aligned on the clock: "1h" ends on the
hour, "1d" at midnight UTC), sent when the period ends. A crash before the commit loses the
findings and their rows together; after it, the rows wait for a sender.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from sqlite_utils import Database

from monitor.config import Config, NotifyChannel
from monitor.storage.store import insert_row

Clock = Callable[[], datetime]


def utc_clock() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """The one spelling of a time in the outbox, so times compare as strings."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def snapshot_hook(config: Config, clock: Clock = utc_clock):
    """The pipeline hook: queue the new snapshot's findings for the channels that want them."""
    channels = config.notify

    def queue(db: Database, snapshot_id: int, article, source) -> None:
        cursor = db.execute(
            "SELECT id, kind, key, source, json_extract(other, '$.source') FROM findings WHERE snapshot_id = ? ORDER BY id",
            [snapshot_id],
        )
        findings = [{"id": id_, "kind": kind, "key": key, "sources": [name for name in (mine, theirs) if name]}
                    for id_, kind, key, mine, theirs in cursor.fetchall()]
        enqueue(db, channels, findings, clock())

    return queue


def enqueue(db: Database, channels: Sequence[NotifyChannel], findings: Sequence[dict], now: datetime) -> list[int]:
    """Queue `findings` (dicts with id, kind, key, sources) for each channel that wants some;
    return the ids of the rows written or extended. The caller owns the transaction."""
    touched = []
    for channel in channels:
        wanted = [finding["id"] for finding in findings
                  if channel.wants(finding["kind"], finding["key"], finding["sources"])]
        if not wanted:
            continue
        if channel.digest <= 0:
            touched.append(_insert(db, channel.name, wanted, now, now))
            continue
        due = period_end(now, channel.digest)
        row = db.execute(
            "SELECT id, finding_ids FROM notifications WHERE channel = ? AND status = 'pending' AND attempts = 0"
            " AND due_at = ? ORDER BY id DESC LIMIT 1",
            [channel.name, iso(due)],
        ).fetchone()
        if row is None:
            touched.append(_insert(db, channel.name, wanted, now, due))
        else:
            gathered = json.loads(row[1])
            gathered += [finding_id for finding_id in wanted if finding_id not in gathered]
            db.execute("UPDATE notifications SET finding_ids = ? WHERE id = ?", [json.dumps(gathered), row[0]])
            touched.append(row[0])
    return touched


def period_end(now: datetime, period: float) -> datetime:
    """The end of the digest period `now` falls in: periods of `period` seconds since the epoch."""
    seconds = now.timestamp()
    end = (math.floor(seconds / period) + 1) * period
    return datetime.fromtimestamp(end, timezone.utc)


def _insert(db: Database, channel: str, finding_ids: list[int], now: datetime, due: datetime) -> int:
    return insert_row(db, "notifications", {
        "channel": channel,
        "finding_ids": json.dumps(finding_ids),
        "status": "pending",
        "attempts": 0,
        "created_at": iso(now),
        "due_at": iso(due),
        "next_try_at": iso(due),
        "delivered": "[]",
    })
