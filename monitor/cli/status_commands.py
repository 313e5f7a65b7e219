"""`monitor status`: whether the daemon runs, each source's state, and channels that fail.

Its own module, apart from the commands that run the pipeline: it only reads the database (and
the config when there is one), so it answers at once, without loading the fetcher, the
extractor or the fact engine.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from monitor.cli.context import Settings, cli, reports_errors
from monitor.config import MonitorSettings, load_config
from monitor.daemon_state import daemon_status, describe_daemon
from monitor.notify.channels import channel_statuses
from monitor.storage import store


@cli.command()
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='JSON lines: first {"daemon": {...} or null}, then one object per source.',
)
@click.pass_obj
@reports_errors
def status(settings: Settings, as_json: bool) -> None:
    """Show whether the daemon runs, and each source's state and what is stored.

    First a line on the daemon (`monitor run`): running, stopped, or not responding. Then one
    row per source: when it was last checked, the outcome (with the last error), failed checks
    in a row (red, with for how long, once the config's failing_after is reached), the daemon's
    next planned check, documents and snapshots. Times are shown relative to now; --json gives
    them exactly (UTC). Reads the database; the config file, when present, gives failing_after.
    """
    failing_after = _failing_after(settings.config_path)
    db = store.open_reader(settings.db_path)
    statuses = store.source_statuses(db)
    daemon_state = daemon_status(db)
    if as_json:
        click.echo(json.dumps({"daemon": None if daemon_state is None else asdict(daemon_state)}))
        for item in statuses:
            click.echo(json.dumps(asdict(item), ensure_ascii=False))
        return
    console = Console()
    console.print(escape(describe_daemon(daemon_state)), highlight=False)
    console.print(_status_table(statuses, failing_after))
    for channel in channel_statuses(db, None):
        if channel.consecutive_failures >= failing_after:
            console.print(f"[bold red]notify channel {escape(channel.name)} is failing[/] since "
                          f"{_relative(channel.failing_since, datetime.now(timezone.utc))} "
                          f"({channel.consecutive_failures} attempts in a row; {channel.pending} waiting): "
                          f"{escape(channel.last_error or '')}", soft_wrap=True, highlight=False)


def _failing_after(config_path: str) -> int:
    """The config's failing_after, or its default when there is no config file."""
    if Path(config_path).exists():
        return load_config(config_path).monitor.failing_after
    return MonitorSettings.__dataclass_fields__["failing_after"].default


def _status_table(statuses: list[store.SourceStatus], failing_after: int) -> Table:
    now = datetime.now(timezone.utc)
    table = Table()
    table.add_column("source", overflow="fold", min_width=8)
    table.add_column("kind", no_wrap=True)
    table.add_column("checked", no_wrap=True)
    table.add_column("outcome", min_width=12)
    table.add_column("failed", justify="right", no_wrap=True)
    table.add_column("next", no_wrap=True)
    table.add_column("docs", justify="right", no_wrap=True)
    table.add_column("snaps", justify="right", no_wrap=True)
    for item in statuses:
        name = escape(item.name) if item.enabled else f"[dim]{escape(item.name)} (disabled)[/]"
        if item.last_outcome == "error":
            outcome = f"[red]{escape(item.last_error_class or 'error')}:[/] {escape(item.last_error or '')}"
        else:
            outcome = item.last_outcome or "never"
        failures = str(item.consecutive_failures) if item.consecutive_failures else ""
        if item.consecutive_failures >= failing_after:
            failing_for = (now - datetime.fromisoformat(item.failing_since)).total_seconds() if item.failing_since else 0
            failures = f"[bold red]{failures}[/] for {_duration(failing_for)}"
        table.add_row(
            name,
            item.kind,
            _relative(item.last_check_at, now),
            outcome,
            failures,
            _next(item.next_run_at, now),
            str(item.documents),
            str(item.snapshots),
        )
    return table


def _relative(moment: str | None, now: datetime) -> str:
    """A stored ISO time as a short distance from now ("5m ago", "in 2h"): narrow, and what a
    reader of `monitor status` wants to know (`--json` keeps the exact times)."""
    if not moment:
        return ""
    seconds = (datetime.fromisoformat(moment) - now).total_seconds()
    return f"in {_duration(seconds)}" if seconds > 0 else f"{_duration(seconds)} ago"


def _next(moment: str | None, now: datetime) -> str:
    """The next planned check: "in 5m", or "due now" once its time has come."""
    if moment and datetime.fromisoformat(moment) <= now:
        return "due now"
    return _relative(moment, now)


def _duration(seconds: float) -> str:
    size = abs(seconds)
    for unit, length in (("d", 86400), ("h", 3600)):
        if size >= 2 * length:
            return f"{size // length:.0f}{unit}"
    return f"{size // 60:.0f}m" if size >= 60 else f"{size:.0f}s"
