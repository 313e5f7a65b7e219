"""`monitor notify test [NAME]` and `monitor notify status`: the [[notify]] channels from the shell."""

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
from monitor.cli.status_commands import _relative
from monitor.config import channel_urls, load_config
from monitor.errors import MonitorError
from monitor.notify.channels import channel_statuses
from monitor.notify.sender import send_test
from monitor.storage import store


@cli.group()
def notify() -> None:
    """The [[notify]] channels of sources.toml: where findings are sent (through Apprise)."""


@notify.command("test", short_help="Send a test message to each URL of the channels.")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.pass_obj
@reports_errors
def notify_test(settings: Settings, names: tuple[str, ...]) -> None:
    """Send a test message to every URL of each channel (or of the channels NAMEd), and say per
    URL whether it was delivered. The outbox is not touched. Exit status: 0 every URL took the
    message, 1 one or more did not, 2 configuration error (a missing ${VAR} included)."""
    config = load_config(settings.config_path)
    known = [channel.name for channel in config.notify]
    if not known:
        raise MonitorError(f"{settings.config_path}: no [[notify]] table: nothing to test "
                           "(README, \"Notifications\", shows how to add one)")
    for name in names:
        if name not in known:
            raise MonitorError(f"{settings.config_path}: no [[notify]] named {name!r}; channels: {', '.join(known)}")
    results = send_test(config, channel_urls(config), names)
    console = Console(highlight=False)
    for result in results:
        verdict = "[green]delivered[/]" if result.ok else f"[red]failed:[/] {escape(result.error or '')}"
        console.print(f"{escape(result.channel)}  {escape(result.url)}  {verdict}", soft_wrap=True)
    raise SystemExit(0 if all(result.ok for result in results) else 1)


@notify.command("status", short_help="List the channels: last success and failure, messages waiting.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per channel, one per line.")
@click.pass_obj
@reports_errors
def notify_status(settings: Settings, as_json: bool) -> None:
    """List the channels (of the config, and any the database still holds messages for) with
    their last success, last failure and its error, failed attempts in a row, and the messages
    waiting (pending or being sent), given up and sent."""
    config = load_config(settings.config_path) if Path(settings.config_path).exists() else None
    db = store.open_reader(settings.db_path)
    statuses = channel_statuses(db, config)
    if as_json:
        for item in statuses:
            click.echo(json.dumps(asdict(item), ensure_ascii=False))
        return
    console = Console(highlight=False)
    if not statuses:
        console.print("no notification channel: add a [[notify]] table to the config (README, \"Notifications\")")
        return
    now = datetime.now(timezone.utc)
    failing_after = config.monitor.failing_after if config else 3
    table = Table()
    table.add_column("channel", overflow="fold")
    table.add_column("urls", overflow="fold")
    table.add_column("last success", no_wrap=True)
    table.add_column("last failure", overflow="fold")
    table.add_column("waiting", justify="right", no_wrap=True)
    table.add_column("failed", justify="right", no_wrap=True)
    table.add_column("sent", justify="right", no_wrap=True)
    for item in statuses:
        name = escape(item.name) if item.configured else f"[dim]{escape(item.name)} (not in the config)[/]"
        if item.digest:
            name += f" [dim](digest {_seconds(item.digest)})[/]"
        failure = ""
        if item.last_failure_at:
            failure = f"{_relative(item.last_failure_at, now)}: {escape(item.last_error or '')}"
            if item.consecutive_failures >= failing_after:
                failure = f"[bold red]failing ({item.consecutive_failures} in a row)[/] " + failure
        table.add_row(name, escape("\n".join(item.urls)), _relative(item.last_success_at, now) or "never", failure,
                      str(item.pending), str(item.failed), str(item.sent))
    console.print(table)


def _seconds(seconds: float) -> str:
    for unit, length in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= length and seconds % length == 0:
            return f"{seconds // length:.0f}{unit}"
    return f"{seconds:g}s"
