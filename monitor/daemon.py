"""`monitor run`: check every enabled source on its own schedule until told to stop.

APScheduler (3.x, asyncio) holds one job per enabled source at the source's interval, with
jitter so sources sharing a host drift apart, `max_instances=1` so a slow source never piles
up, `coalesce` and a misfire grace of minutes so a sleeping laptop catches up with one check,
not a burst. All checks run on one event loop and share one Fetcher (its global and per-host
limits hold across sources) and one database connection: each check of a URL is one short
transaction, so readers (Datasette, `monitor diff`) never wait long and a SIGKILL at any moment
leaves a consistent database.

Findings owed to [[notify]] channels are in the outbox as soon as their check commits; a
`_Notifier` delivers them after each check and every few seconds (retries, digests), sending in
a worker thread while the checks go on.

Signals: SIGHUP reloads sources.toml (a broken file is logged and the running configuration
kept; changed fetch settings get a new Fetcher, and the old one closes once its checks end); SIGTERM or SIGINT stops scheduling, lets in-flight checks finish within a deadline,
cancels what is left (between transactions), closes the database and returns.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import socket
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlite_utils import Database

from monitor import pipeline
from monitor.config import Config, Source, channel_urls, load_config
from monitor.daemon_state import HEARTBEAT_SECONDS, DaemonStatus, daemon_status
from monitor.errors import ConfigError
from monitor.fetching.http import Fetcher
from monitor.model import FetchPolicy
from monitor.notify.sender import Sender
from monitor.pipeline import PassSummary, utc_now
from monitor.serialize import parse_time_or_none
from monitor.storage import store

log = logging.getLogger("monitor.daemon")

MISFIRE_GRACE_SECONDS = 5 * 60
JITTER_SHARE = 0.1  # of the interval, so a 1 s test source and a 1 h feed both drift a little
MAX_JITTER_SECONDS = 60.0
# At start-up, sources never checked (or overdue) are spread over this many seconds at most.
START_SPREAD_SECONDS = 10.0
HEARTBEAT_JOB = "_heartbeat"
RECHECK_JOB = "_recheck"
NOTIFY_JOB = "_notify"
NOTIFY_POLL_SECONDS = 2.0  # how often due notifications (retries, digests) are looked for


class Daemon:
    """`monitor run` from start to stop, and the signals that steer it; `await Daemon(...).run()`.

    It holds the running configuration and wires three collaborators: `_Jobs` (what the
    scheduler runs, and when), `_Checks` (the checks under way and the Fetcher they share) and
    `_RunRecord` (the heartbeat row `monitor status` reads).
    """

    def __init__(self, config_path: str, db_path: str, *, shutdown_timeout: float = 30.0,
                 heartbeat: float = HEARTBEAT_SECONDS) -> None:
        self.config_path = config_path
        self.db_path = db_path
        self.shutdown_timeout = shutdown_timeout
        self.heartbeat = heartbeat
        self.config: Config | None = None
        self.urls: dict[str, tuple[str, ...]] = {}  # the channels' URLs, ${VAR} expanded
        self.db: Database | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.jobs: _Jobs | None = None
        self.checks: _Checks | None = None
        self.notifier: _Notifier | None = None
        self.record: _RunRecord | None = None
        self.storage: _StorageHealth | None = None
        self._stop = asyncio.Event()

    async def run(self) -> None:
        """Start, serve until SIGTERM/SIGINT, stop cleanly.

        Raises ConfigError if the file is broken at start, DatabaseError if the database cannot be
        written (a full disk, a read-only file) or another `monitor run` is live on it.
        """
        self.config = load_config(self.config_path)
        self.urls = channel_urls(self.config)  # a missing ${VAR} stops the start, like any config error
        self.db = store.open_store(self.db_path)  # migrates
        try:
            self.record = _RunRecord.register(self.db, self.config_path)  # refuses a second daemon
            pipeline.sync_config(self.config, self.db, utc_now())  # sources and baseline facts
        except sqlite3.Error as error:
            raise store.DatabaseError(f"{self.db_path}: cannot write to the database: {error}") from None
        self.storage = _StorageHealth()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.request_stop, signum)
        self.notifier = _Notifier(self.db, lambda: self.config, lambda: self.urls)
        self.checks = _Checks(self.db, lambda: self.config, self.storage, after_check=self.notifier.kick)
        await self.checks.use_fetcher(self.config.monitor.fetch_policy())
        try:
            self.scheduler = AsyncIOScheduler(
                event_loop=loop,
                timezone=timezone.utc,
                job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
            )
            self.jobs = _Jobs(self.scheduler, self.db, self._check, self.storage)
            self.jobs.add_housekeeping(self._beat, self.heartbeat, self._bring_forward_due_feeds,
                                       _recheck_period(self.config))
            self.scheduler.add_job(self.notifier.tick, IntervalTrigger(seconds=NOTIFY_POLL_SECONDS), id=NOTIFY_JOB)
            for source in _enabled(self.config).values():
                self.jobs.add(source)
            self.scheduler.start()
            log.info(
                "daemon started: %d sources scheduled",
                len(_enabled(self.config)),
                extra={"fields": {"event": "started", "pid": os.getpid(), "config": self.config_path}},
            )
            self.notifier.kick()  # what a previous run left undelivered
            await self._stop.wait()
            await self.checks.drain(self.shutdown_timeout)
            self.scheduler.shutdown(wait=False)
            await self.notifier.drain(self.shutdown_timeout)
            await self.checks.retired()
        finally:
            await self.checks.close()
        try:
            self.record.mark_stopped()
        except sqlite3.Error as error:
            log.error("could not record the stop in the database (%s); `monitor status` will say it is not "
                      "responding", error, extra={"fields": {"event": "stop_not_recorded", "error": str(error)}})
        self.db.conn.close()
        log.info("daemon stopped", extra={"fields": {"event": "stopped"}})

    # ── signals ──────────────────────────────────────────────────────────────────────────

    def request_stop(self, signum: int = signal.SIGTERM) -> None:
        """First signal: stop scheduling and drain. A second one: cancel in-flight checks now."""
        in_flight = self.checks.names()
        if self._stop.is_set():
            log.warning("second stop signal: cancelling %d in-flight checks", len(in_flight))
            self.checks.cancel()
            return
        log.info(
            "%s received: no new checks; waiting up to %g s for %d in-flight",
            signal.Signals(signum).name, self.shutdown_timeout, len(in_flight),
            extra={"fields": {"event": "stopping", "in_flight": sorted(in_flight)}},
        )
        self.scheduler.pause()
        self._stop.set()

    def reload(self) -> None:
        """Re-read sources.toml; add, remove and reschedule jobs. A broken file changes nothing."""
        try:
            config = load_config(self.config_path)
            urls = channel_urls(config)
        except ConfigError as error:
            log.error(
                "reload failed, keeping the running configuration: %s", error,
                extra={"fields": {"event": "reload_failed", "error": str(error)}},
            )
            return
        try:
            pipeline.sync_config(config, self.db, utc_now())
        except sqlite3.Error as error:
            self.storage.failed(error)  # the sources table catches up at the next reload or start
        before, after = _enabled(self.config), _enabled(config)
        if config.monitor.fetch_policy() != self.config.monitor.fetch_policy():
            self.checks.replace_fetcher(config.monitor.fetch_policy())
            log.info("[monitor] fetch settings changed: new checks use them; checks under way finish as they started",
                     extra={"fields": {"event": "fetch_settings_changed"}})
        self.config, self.urls = config, urls
        rescheduled = self.jobs.follow(before, after)
        self.jobs.reschedule_recheck(_recheck_period(config))
        added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
        log.info(
            "reloaded %s: %d sources (added %s; removed %s; rescheduled %s)",
            self.config_path, len(after), ", ".join(added) or "none", ", ".join(removed) or "none",
            ", ".join(rescheduled) or "none",
            extra={"fields": {"event": "reloaded", "added": added, "removed": removed, "rescheduled": rescheduled}},
        )

    # ── what the jobs run, with the running configuration ────────────────────────────────

    async def _check(self, name: str) -> None:
        source = _enabled(self.config).get(name)
        if source is None or self.storage.resting():
            return  # while storage fails, checks wait (their next run stays planned)
        try:
            await self.checks.run(source)
        finally:
            self.jobs.save_next_run(name)

    async def _beat(self) -> None:
        """The heartbeat, tried every beat even while storage fails, so it resumes on its own."""
        try:
            await self.record.beat()
        except sqlite3.Error as error:
            self.storage.failed(error)
        else:
            self.storage.worked()

    async def _bring_forward_due_feeds(self) -> None:
        if self.storage.resting():
            return
        feeds = {name: source for name, source in _enabled(self.config).items() if source.kind == "feed"}
        try:
            self.jobs.bring_forward_due_feeds(feeds, self.checks.names(), _recheck_period(self.config))
        except sqlite3.Error as error:
            self.storage.failed(error)


class _Checks:
    """The checks under way and the Fetcher they share: one source's check, its log lines,
    replacing the fetcher after a reload and draining at a stop.

    Apart from the daemon's lifecycle because a fetcher replaced by a reload, and a stop, both
    turn on exactly which checks are under way: the old fetcher closes once they end (a reload
    must not cut a download short), a stop waits for them within its deadline.
    """

    def __init__(self, db: Database, config: Callable[[], Config], storage: _StorageHealth, *,
                 after_check: Callable[[], None] = lambda: None) -> None:
        self.db = db
        self._config = config  # the running configuration, which a reload replaces
        self.storage = storage
        self._after_check = after_check  # the notifier: the check may have queued messages
        self.fetcher: Fetcher | None = None
        self._in_flight: dict[asyncio.Task, str] = {}
        self._retiring: set[asyncio.Task] = set()  # fetchers replaced by a reload, still closing

    def names(self) -> list[str]:
        """The sources being checked now."""
        return list(self._in_flight.values())

    def cancel(self) -> None:
        for task in self._in_flight:
            task.cancel()

    async def run(self, source: Source) -> None:
        """Check `source` once with the current fetcher, and say how it went."""
        task = asyncio.current_task()
        self._in_flight[task] = source.name
        try:
            failures_before = self._failures(source.name)
            summary = await pipeline.check_sources(self._config(), self.db, self.fetcher, [source], kind="daemon")
            self._report(source, summary, failures_before, self._failures(source.name))
            self.storage.worked()
            self._after_check()
        except sqlite3.Error as error:  # a full disk, a damaged file: said once, then a pause
            self.storage.failed(error)
        except Exception:  # one broken check must not stop the others
            log.exception("check of %s crashed", source.name,
                          extra={"fields": {"event": "crashed", "source": source.name}})
        finally:
            del self._in_flight[task]

    def _report(self, source: Source, summary: PassSummary, before: int, after: int) -> None:
        """One line per check; a source turning failing or recovering is said once, at the turn."""
        counts = summary.as_dict()
        found = dict(self.db.execute("SELECT kind, count(*) FROM findings WHERE pass_id = ? GROUP BY kind"
                                     " ORDER BY count(*) DESC, kind", [summary.pass_id]).fetchall())
        log.info(
            "checked %s: %d fetched, %s, %s; %s",
            source.name, summary.checked, _count(summary.new_snapshots, "new snapshot"),
            _count(sum(summary.errors.values()), "error"),
            "found " + ", ".join(f"{count} {kind}" for kind, count in found.items()) if found else "no findings",
            extra={"fields": {"event": "checked", "source": source.name, **counts, "findings": found}},
        )
        threshold = self._config().monitor.failing_after
        if before < threshold <= after:
            error = self.db.execute(
                "SELECT last_error_class, last_error FROM sources WHERE name = ?", [source.name]
            ).fetchone()
            log.warning(
                "source %s is failing: %d checks in a row (%s: %s)", source.name, after, *error,
                extra={"fields": {"event": "failing", "source": source.name, "consecutive_failures": after,
                                  "error_class": error[0], "error": error[1]}},
            )
        elif before >= threshold and after == 0:
            log.info("source %s recovered", source.name,
                     extra={"fields": {"event": "recovered", "source": source.name}})

    def _failures(self, name: str) -> int:
        row = self.db.execute("SELECT coalesce(consecutive_failures, 0) FROM sources WHERE name = ?", [name]).fetchone()
        return row[0] if row else 0

    async def use_fetcher(self, policy: FetchPolicy) -> None:
        """Make a Fetcher for `policy` the one new checks use; close the one it replaces once
        the checks holding it are done."""
        fresh = Fetcher(policy)
        await fresh.__aenter__()
        previous, self.fetcher = self.fetcher, fresh
        if previous is not None:
            holding = list(self._in_flight)
            if holding:
                await asyncio.wait(holding)
            await previous.__aexit__(None, None, None)

    def replace_fetcher(self, policy: FetchPolicy) -> None:
        """`use_fetcher` from a signal handler: runs on, `retired` waits for it."""
        retiring = asyncio.ensure_future(self.use_fetcher(policy))
        self._retiring.add(retiring)
        retiring.add_done_callback(self._retiring.discard)

    async def drain(self, timeout: float) -> None:
        """Let in-flight checks finish within `timeout` seconds, then cancel the rest."""
        pending = set(self._in_flight)
        if pending:
            _, pending = await asyncio.wait(pending, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
            log.warning("deadline passed: %d checks cancelled; they run again at the next start", len(pending),
                        extra={"fields": {"event": "cancelled", "count": len(pending)}})

    async def retired(self) -> None:
        """Until the fetchers replaced by reloads are closed."""
        await asyncio.gather(*self._retiring)

    async def close(self) -> None:
        await self.fetcher.__aexit__(None, None, None)


class _Notifier:
    """Delivers the outbox: after each check, every few seconds for retries and digests, and at
    the start for what a previous run left. One delivery round at a time; a kick during a round
    asks for another one right after it."""

    def __init__(self, db: Database, config: Callable[[], Config], urls: Callable[[], dict]) -> None:
        self.db = db
        self._config = config
        self._urls = urls
        self._task: asyncio.Task | None = None
        self._again = False

    async def tick(self) -> None:
        self.kick()

    def kick(self) -> None:
        if not self._config().notify:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.ensure_future(self._rounds())

    async def _rounds(self) -> None:
        while True:
            self._again = False
            try:
                for attempt in await Sender(self.db, self._config(), self._urls()).deliver_due():
                    _log_attempt(attempt)
            except Exception:  # the sender must never take the daemon down; the rows wait for the next round
                log.exception("notification round crashed", extra={"fields": {"event": "notify_crashed"}})
            if not self._again:
                return

    async def drain(self, timeout: float) -> None:
        """Let a delivery under way finish (within `timeout`); what is left waits for the next start."""
        if self._task is not None and not self._task.done():
            await asyncio.wait([self._task], timeout=timeout)
            self._task.cancel()  # a send still hanging: its row is taken up again at the next start
            await asyncio.gather(self._task, return_exceptions=True)


def _log_attempt(attempt) -> None:
    fields = {"event": "notified", "channel": attempt.channel, "notification": attempt.notification_id,
              "findings": attempt.findings, "status": attempt.status}
    if attempt.status == "sent":
        log.info("notified %s: %s (message #%d)", attempt.channel, _count(attempt.findings, "finding"),
                 attempt.notification_id, extra={"fields": fields})
    else:
        then = "given up" if attempt.status == "failed" else "will retry"
        log.warning("notifying %s failed (message #%d, %s): %s", attempt.channel, attempt.notification_id, then,
                    "; ".join(attempt.errors), extra={"fields": {**fields, "errors": attempt.errors}})


class _Jobs:
    """The scheduler's jobs: one per enabled source at its interval, the heartbeat, and the look
    for due feed articles. Each source's next run is written to the database, where `monitor
    status` shows it and the next start takes the schedule up again.

    Apart from the daemon because when things run is one concern, and what starts, stops or
    reloads them is another.
    """

    def __init__(self, scheduler: AsyncIOScheduler, db: Database, check: Callable[[str], Awaitable[None]],
                 storage: _StorageHealth) -> None:
        self.scheduler = scheduler
        self.db = db
        self._check = check
        self.storage = storage

    def add_housekeeping(self, beat: Callable[[], Awaitable[None]], beat_every: float,
                         recheck: Callable[[], Awaitable[None]], recheck_every: float) -> None:
        self.scheduler.add_job(beat, IntervalTrigger(seconds=beat_every), id=HEARTBEAT_JOB)
        self.scheduler.add_job(recheck, IntervalTrigger(seconds=recheck_every), id=RECHECK_JOB)

    def reschedule_recheck(self, every: float) -> None:
        self.scheduler.reschedule_job(RECHECK_JOB, trigger=IntervalTrigger(seconds=every))

    def add(self, source: Source) -> None:
        self.scheduler.add_job(
            self._check, _trigger(source.interval), args=[source.name], id=source.name, name=source.name,
            next_run_time=self._first_run(source),
        )
        self.save_next_run(source.name)

    def follow(self, before: dict[str, Source], after: dict[str, Source]) -> list[str]:
        """Jobs for the enabled sources `after` a reload, from those `before`; the names rescheduled."""
        for name in before.keys() - after.keys():
            self.scheduler.remove_job(name)
        rescheduled = []
        for name, source in after.items():
            if name not in before:
                self.add(source)
            elif source.interval != before[name].interval:
                self.scheduler.reschedule_job(name, trigger=_trigger(source.interval))
                self.save_next_run(name)
                rescheduled.append(name)
        return rescheduled

    def _first_run(self, source: Source) -> datetime:
        """Keep the schedule a previous run left when it is still ahead; else soon, spread out."""
        now = datetime.now(timezone.utc)
        row = self.db.execute("SELECT next_run_at FROM sources WHERE name = ?", [source.name]).fetchone()
        stored = parse_time_or_none(row[0]) if row else None
        if stored is not None and now < stored <= now + timedelta(seconds=source.interval):
            return stored
        return now + timedelta(seconds=random.uniform(0, min(source.interval, START_SPREAD_SECONDS)))

    def save_next_run(self, name: str) -> None:
        job = self.scheduler.get_job(name)
        when = job.next_run_time.astimezone(timezone.utc).isoformat(timespec="seconds") if job and job.next_run_time else None
        try:
            with self.db.atomic():
                self.db.execute("UPDATE sources SET next_run_at = ? WHERE name = ?", [when, name])
        except sqlite3.Error as error:  # only what `monitor status` shows: the schedule itself holds
            self.storage.failed(error)

    def bring_forward_due_feeds(self, feeds: dict[str, Source], busy: list[str], period: float) -> None:
        """Feed articles follow their own recheck schedule (young often, old rarely).

        A feed's check also rechecks its stored articles that are due; when one is due long
        before the feed's next check (more than `period` ahead), that check is brought forward
        (one job per source keeps `max_instances=1` true for its articles too). Feeds `busy`
        being checked are left alone.
        """
        now = datetime.now(timezone.utc)
        soon = now + timedelta(seconds=period)
        for name in feeds:
            if name in busy:
                continue
            job = self.scheduler.get_job(name)
            if job is None or job.next_run_time is None or job.next_run_time <= soon:
                continue
            if store.due_document_urls(self.db, name, utc_now()):
                job.modify(next_run_time=now)
                log.info("articles of %s are due: checking it now", name,
                         extra={"fields": {"event": "recheck", "source": name}})


class _RunRecord:
    """This run's row of the `daemon` table: written at start, its heartbeat renewed, marked
    stopped at the end; `daemon_status` reads it back for `monitor status`.

    Its own class because it is the daemon's only trace outside the process: a run whose
    heartbeat stops without a stop mark was killed.
    """

    def __init__(self, db: Database, run_id: int) -> None:
        self.db = db
        self.run_id = run_id

    @classmethod
    def register(cls, db: Database, config_path: str) -> _RunRecord:
        """Write this run's row, unless another `monitor run` is live on the database: then
        raise DatabaseError naming it (two schedulers would check every source twice)."""
        now = utc_now()
        with db.atomic():  # BEGIN IMMEDIATE: two daemons starting at once are told apart
            live = _live_daemon(db)
            if live is not None:
                raise store.DatabaseError(
                    f"another `monitor run` is running on this database: pid {live.pid} on {live.hostname}"
                    f" (since {live.started_at}, heartbeat {live.heartbeat_at}); stop it first"
                )
            run_id = db["daemon"].insert(
                {"pid": os.getpid(), "hostname": socket.gethostname(), "config_path": os.path.abspath(config_path),
                 "started_at": now, "heartbeat_at": now}
            ).last_pk
        return cls(db, run_id)

    async def beat(self) -> None:
        with self.db.atomic():
            self.db["daemon"].update(self.run_id, {"heartbeat_at": utc_now()})

    def mark_stopped(self) -> None:
        now = utc_now()
        with self.db.atomic():
            self.db["daemon"].update(self.run_id, {"heartbeat_at": now, "stopped_at": now})


def _live_daemon(db: Database) -> DaemonStatus | None:
    """The daemon running on this database now, if any: not stopped, its heartbeat fresh, and,
    on this host, its process still alive (a daemon killed a moment ago is not in the way)."""
    state = daemon_status(db)
    if state is None or not state.running:
        return None
    if state.hostname == socket.gethostname() and not _process_alive(state.pid):
        return None
    return state


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a row of this very process (a reused pid): not another daemon
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True


class _StorageHealth:
    """Whether the database takes writes; when it stops (a full disk, a damaged or locked file),
    the daemon says so once, pauses its checks with a growing delay, and says when it works again.

    The heartbeat keeps trying on its own schedule meanwhile: the first one that goes through ends
    the pause. Without this, every check would log a traceback and fail at once, thousands a minute.
    """

    FIRST_PAUSE = 5.0
    LONGEST_PAUSE = 300.0

    def __init__(self) -> None:
        self.failing_since: float | None = None
        self.pause = self.FIRST_PAUSE
        self.resume_at = 0.0

    def resting(self) -> bool:
        return self.failing_since is not None and asyncio.get_running_loop().time() < self.resume_at

    def failed(self, error: Exception) -> None:
        now = asyncio.get_running_loop().time()
        if self.failing_since is None:
            self.failing_since = now
            self.pause = self.FIRST_PAUSE
            log.error(
                "storage error: %s; checks paused, retried with a growing delay (up to %g s) until the database"
                " takes writes again", error, self.LONGEST_PAUSE,
                extra={"fields": {"event": "storage_failing", "error": str(error)}},
            )
        else:
            self.pause = min(self.pause * 2, self.LONGEST_PAUSE)
        self.resume_at = now + self.pause

    def worked(self) -> None:
        if self.failing_since is None:
            return
        lasted = asyncio.get_running_loop().time() - self.failing_since
        self.failing_since = None
        log.info("storage works again after %.0f s: checks resume", lasted,
                 extra={"fields": {"event": "storage_recovered", "seconds": round(lasted)}})


def _enabled(config: Config) -> dict[str, Source]:
    return {source.name: source for source in config.sources if source.enabled}


def _trigger(interval: float) -> IntervalTrigger:
    return IntervalTrigger(seconds=interval, jitter=min(interval * JITTER_SHARE, MAX_JITTER_SECONDS))


def _recheck_period(config: Config) -> float:
    """How often to look for due feed articles: the shortest recheck interval, within [1 s, 60 s]."""
    shortest = min(interval for _, interval in config.monitor.recheck)
    return max(1.0, min(60.0, shortest))


# ── logging ───────────────────────────────────────────────────────────────────────────────


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, message and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(*, json_lines: bool = False, level: int = logging.INFO) -> None:
    """Readable lines on stderr by default; JSON lines for log collectors."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # "Running job…" on every check is noise
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _count(n: int, noun: str) -> str:
    """"1 error", "2 errors"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
