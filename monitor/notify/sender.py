"""The sender: deliver the outbox rows that are due, each to every URL of its channel, once.

How a row travels (each step its own short transaction):

1. **claim**: pending and due (``next_try_at <= now``) → ``sending``, with this process's
   ``host:pid`` and one more attempt. Two senders (the daemon and a `monitor fetch`) never both
   hold a row. A claim left by a process that died (same host, pid gone) or older than
   `CLAIM_LEASE` is taken over.
2. **send** to each of the channel's URLs that has not taken the message yet (Apprise, in a
   worker thread, so the daemon's checks go on meanwhile); each URL that takes it is written
   into ``delivered`` at once, so a retry or a restart never sends to it again.
3. **finish**: every URL took it → ``sent`` (never picked again); else back to ``pending``
   with the next try after an exponential backoff (`BACKOFF` doubled at each attempt, at most
   `MAX_BACKOFF`), or ``failed`` once the row is older than `GIVE_UP_AFTER`.

A crash between the check's commit and the send leaves the row pending: the next sender
delivers it. What no outbox can close is a crash after a service accepted a message and before
step 2's write (milliseconds): that URL gets the message again at the restart.

Each channel's last success and failure are kept in ``notify_channels``; a channel failing
`failing_after` attempts in a row is logged once, and once more when it recovers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlite_utils import Database

from monitor.config import Config, NotifyChannel
from monitor.findings import queries
from monitor.notify import message
from monitor.notify.channels import shown_url
from monitor.notify.outbox import Clock, iso, utc_clock

log = logging.getLogger("monitor.notify")

BACKOFF = 30.0  # seconds before the first retry, doubled at each further attempt…
MAX_BACKOFF = 3600.0  # …up to an hour between tries
GIVE_UP_AFTER = 24 * 3600.0  # a message still undelivered a day after its findings: failed
CLAIM_LEASE = 600.0  # a claim older than this is a dead sender's (sends time out long before)

# (url, title, body, body format) → (it took the message, why not)
Transport = Callable[[str, str, str, str], tuple[bool, str | None]]


def apprise_transport(url: str, title: str, body: str, body_format: str) -> tuple[bool, str | None]:
    """Send one message to one Apprise URL; (True, None) or (False, what Apprise said)."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        return False, "Apprise cannot read this URL (check its fields against the service's documentation)"
    formats = {"markdown": apprise.NotifyFormat.MARKDOWN, "text": apprise.NotifyFormat.TEXT}
    with apprise.LogCapture(level=logging.WARNING) as captured:
        ok = sender.notify(body=body, title=title, body_format=formats[body_format])
    said = [line.split(" - ", 2)[-1] for line in captured.getvalue().splitlines() if line.strip()]
    return bool(ok), None if ok else ("; ".join(said[-2:]) or "the service refused the message")


def url_key(written: str) -> str:
    """A channel URL's key in ``delivered``: a hash of the URL as written (secrets stay ${VAR})."""
    return hashlib.sha256(written.encode("utf-8")).hexdigest()[:16]


@dataclass
class Attempt:
    """One row's delivery attempt: which channel, which URLs failed and why."""

    notification_id: int
    channel: str
    findings: int
    status: str  # sent | pending (will retry) | failed (given up)
    errors: list[str] = field(default_factory=list)  # "<url as written>: <why>"


class Sender:
    """Delivers due outbox rows of the configured channels; `await deliver_due()` returns the attempts.

    `urls` are the channels' URLs with ${VAR} expanded (`config.channel_urls`), in the order
    of each channel's `urls`.
    """

    def __init__(self, db: Database, config: Config, urls: Mapping[str, tuple[str, ...]], *,
                 transport: Transport = apprise_transport, clock: Clock = utc_clock,
                 backoff: float = BACKOFF, max_backoff: float = MAX_BACKOFF, give_up_after: float = GIVE_UP_AFTER,
                 in_thread: bool = True) -> None:
        self.db = db
        self.channels: dict[str, NotifyChannel] = {channel.name: channel for channel in config.notify}
        self.urls = urls
        self.failing_after = config.monitor.failing_after
        self.transport = transport
        self.clock = clock
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.give_up_after = give_up_after
        self.in_thread = in_thread
        self.me = f"{socket.gethostname()}:{os.getpid()}"

    def due(self) -> list[int]:
        """The ids of the rows this sender may deliver now, oldest first."""
        now = iso(self.clock())
        stale = iso(self.clock() - timedelta(seconds=CLAIM_LEASE))
        rows = self.db.execute(
            "SELECT id, channel, status, claimed_by, claimed_at FROM notifications"
            " WHERE status IN ('pending', 'sending') AND next_try_at <= ? ORDER BY next_try_at, id",
            [now],
        ).fetchall()
        return [row_id for row_id, channel, status, claimed_by, claimed_at in rows
                if channel in self.channels and (status == "pending" or _abandoned(claimed_by, claimed_at, stale))]

    async def deliver_due(self) -> list[Attempt]:
        """Deliver every due row of a configured channel, one after the other."""
        attempts = []
        for row_id in self.due():
            attempt = await self._deliver(row_id)
            if attempt is not None:
                attempts.append(attempt)
        return attempts

    async def _deliver(self, row_id: int) -> Attempt | None:
        claimed = self._claim(row_id)
        if claimed is None:
            return None  # another sender took it
        channel_name, finding_ids, delivered, attempts, created_at, due_at = claimed
        channel = self.channels[channel_name]
        findings = queries.select_findings(self.db, queries.FindingQuery(ids=tuple(finding_ids)))
        attempt = Attempt(row_id, channel.name, len(findings), "sent")
        if len(self.urls.get(channel.name, ())) != len(channel.urls):
            attempt.errors.append("the channel's URLs are not resolved (a sender built for another configuration)")
        elif findings:
            title = message.subject(findings)
            text = message.body(findings, heading=self._heading(channel, created_at, due_at), format=channel.format)
            for written, url in zip(channel.urls, self.urls.get(channel.name, ())):
                key = url_key(written)
                if key in delivered:
                    continue
                ok, error = await self._send(url, title, text, channel.format)
                if ok:
                    delivered.append(key)
                    self._write(row_id, {"delivered": json.dumps(delivered)})
                else:
                    attempt.errors.append(f"{shown_url(written)}: {error}")
        self._finish(row_id, attempt, attempts, created_at, not findings)
        self._channel_state(channel.name, attempt)
        return attempt

    async def _send(self, url: str, title: str, text: str, body_format: str) -> tuple[bool, str | None]:
        try:
            if self.in_thread:
                return await asyncio.to_thread(self.transport, url, title, text, body_format)
            return self.transport(url, title, text, body_format)
        except Exception as error:  # a broken plugin must not stop the sender
            return False, f"{type(error).__name__}: {error}"

    def _claim(self, row_id: int) -> tuple | None:
        now = self.clock()
        stale = iso(now - timedelta(seconds=CLAIM_LEASE))
        with self.db.atomic():
            row = self.db.execute(
                "SELECT channel, finding_ids, delivered, attempts, created_at, due_at, status, claimed_by, claimed_at"
                " FROM notifications WHERE id = ?", [row_id],
            ).fetchone()
            if row is None:
                return None
            channel, finding_ids, delivered, attempts, created_at, due_at, status, claimed_by, claimed_at = row
            if status not in ("pending", "sending") or (status == "sending" and not _abandoned(claimed_by, claimed_at, stale)):
                return None
            self.db.execute(
                "UPDATE notifications SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1"
                " WHERE id = ?", [self.me, iso(now), row_id],
            )
        return channel, json.loads(finding_ids), json.loads(delivered or "[]"), attempts + 1, created_at, due_at

    def _finish(self, row_id: int, attempt: Attempt, attempts: int, created_at: str, emptied: bool) -> None:
        now = self.clock()
        if not attempt.errors:
            values = {"status": "sent", "sent_at": iso(now), "claimed_by": None, "claimed_at": None}
            if emptied:
                values["last_error"] = "its findings were removed (monitor reextract) before it was sent"
        else:
            wait = min(self.max_backoff, self.backoff * 2 ** (attempts - 1))
            age = (now - datetime.fromisoformat(created_at)).total_seconds()
            attempt.status = "failed" if age + wait > self.give_up_after else "pending"
            values = {"status": attempt.status, "next_try_at": iso(now + timedelta(seconds=wait)),
                      "last_error": "; ".join(attempt.errors), "claimed_by": None, "claimed_at": None}
        attempt.status = values["status"]
        self._write(row_id, values)

    def _write(self, row_id: int, values: dict) -> None:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        with self.db.atomic():
            self.db.execute(f"UPDATE notifications SET {assignments} WHERE id = ? AND claimed_by IS ?",
                            [*values.values(), row_id, self.me])

    def _channel_state(self, name: str, attempt: Attempt) -> None:
        """Record the channel's success or failure; log once when it turns failing or recovers."""
        now = iso(self.clock())
        with self.db.atomic():
            row = self.db.execute("SELECT consecutive_failures FROM notify_channels WHERE name = ?", [name]).fetchone()
            before = row[0] if row else 0
            if attempt.errors:
                error = "; ".join(attempt.errors)
                self.db.execute(
                    "INSERT INTO notify_channels (name, last_failure_at, last_error, consecutive_failures, failing_since)"
                    " VALUES (?, ?, ?, 1, ?) ON CONFLICT (name) DO UPDATE SET last_failure_at = excluded.last_failure_at,"
                    " last_error = excluded.last_error, consecutive_failures = notify_channels.consecutive_failures + 1,"
                    " failing_since = coalesce(notify_channels.failing_since, excluded.failing_since)",
                    [name, now, error, now],
                )
            else:
                self.db.execute(
                    "INSERT INTO notify_channels (name, last_success_at, consecutive_failures) VALUES (?, ?, 0)"
                    " ON CONFLICT (name) DO UPDATE SET last_success_at = excluded.last_success_at,"
                    " consecutive_failures = 0, failing_since = NULL",
                    [name, now],
                )
        after = before + 1 if attempt.errors else 0
        if before < self.failing_after <= after:
            log.warning("notification channel %s is failing: %d attempts in a row (%s)", name, after,
                        "; ".join(attempt.errors),
                        extra={"fields": {"event": "notify_failing", "channel": name, "consecutive_failures": after,
                                          "error": "; ".join(attempt.errors)}})
        elif before >= self.failing_after and after == 0:
            log.info("notification channel %s recovered", name,
                     extra={"fields": {"event": "notify_recovered", "channel": name}})

    @staticmethod
    def _heading(channel: NotifyChannel, created_at: str, due_at: str) -> str:
        if channel.digest > 0:
            start = datetime.fromisoformat(due_at) - timedelta(seconds=channel.digest)
            return f"found between {_when(start)} and {_when(datetime.fromisoformat(due_at))}"
        return f"found at {_when(datetime.fromisoformat(created_at))}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _abandoned(claimed_by: str | None, claimed_at: str | None, stale: str) -> bool:
    """A claim nobody holds any more: its lease ran out, or its process on this host is gone."""
    if not claimed_by or not claimed_at or claimed_at < stale:
        return True
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # this process holds it (another delivery of ours is on it)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class TestResult:
    channel: str
    url: str  # as written, passwords masked
    ok: bool
    error: str | None


def send_test(config: Config, urls: Mapping[str, tuple[str, ...]], names: tuple[str, ...] = (),
              transport: Transport = apprise_transport) -> list[TestResult]:
    """A test message to each URL of the channels named (default: all); the outbox is not touched."""
    results = []
    for channel in config.notify:
        if names and channel.name not in names:
            continue
        for written, url in zip(channel.urls, urls[channel.name]):
            try:
                ok, error = transport(url, f"{message.TEST_SUBJECT} ({channel.name})",
                                      message.test_body(channel.name, channel.format), channel.format)
            except Exception as failure:
                ok, error = False, f"{type(failure).__name__}: {failure}"
            results.append(TestResult(channel.name, shown_url(written), ok, error))
    return results
