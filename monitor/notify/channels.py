"""Each channel's state as `monitor status` and `monitor notify status` show it: its last success
and failure (``notify_channels``, kept by the sender) and its messages waiting, sent or given up.

Apart from the sender so that `monitor status` reads it without loading asyncio, the message
wording and the findings behind them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monitor.config import Config
from monitor.storage.connection import table_exists

if TYPE_CHECKING:
    from sqlite_utils import Database


def shown_url(written: str) -> str:
    """A URL as written, fit to print: a password given inline (not as ${VAR}) is masked."""
    scheme, _, rest = written.partition("://")
    userinfo, at, host = rest.partition("@")
    if not at or ":" not in userinfo:
        return written
    user, _, password = userinfo.partition(":")
    if password.startswith("${") and password.endswith("}"):
        return written
    return f"{scheme}://{user}:***@{host}"


@dataclass(frozen=True)
class ChannelStatus:
    name: str
    configured: bool
    urls: tuple[str, ...]  # as written, passwords masked
    digest: float | None
    last_success_at: str | None
    last_failure_at: str | None
    last_error: str | None
    consecutive_failures: int
    failing_since: str | None
    pending: int
    failed: int
    sent: int


def channel_statuses(db: Database | sqlite3.Connection, config: Config | None) -> list[ChannelStatus]:
    """Every configured channel, and those the database still holds rows for."""
    configured = {channel.name: channel for channel in (config.notify if config else ())}
    if not table_exists(db, "notifications"):
        return []
    counts: dict[str, dict[str, int]] = {}
    for name, status, count in db.execute("SELECT channel, status, count(*) FROM notifications GROUP BY channel, status"):
        counts.setdefault(name, {})[status] = count
    states = {row[0]: row[1:] for row in db.execute(
        "SELECT name, last_success_at, last_failure_at, last_error, consecutive_failures, failing_since FROM notify_channels")}
    names = list(configured) + sorted((set(counts) | set(states)) - set(configured))
    statuses = []
    for name in names:
        channel = configured.get(name)
        state = states.get(name, (None, None, None, 0, None))
        tally = counts.get(name, {})
        statuses.append(ChannelStatus(
            name=name, configured=channel is not None,
            urls=tuple(shown_url(url) for url in channel.urls) if channel else (),
            digest=channel.digest if channel else None,
            last_success_at=state[0], last_failure_at=state[1], last_error=state[2],
            consecutive_failures=state[3] or 0, failing_since=state[4],
            pending=tally.get("pending", 0) + tally.get("sending", 0), failed=tally.get("failed", 0),
            sent=tally.get("sent", 0),
        ))
    return statuses
