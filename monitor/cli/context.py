"""The root click group, its global options and the shared error handling."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from monitor.errors import MonitorError


@dataclass
class Settings:
    """What the global options resolve to, handed to every command."""

    config_path: str
    db_path: str


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config_path",
    default="sources.toml",
    show_default=True,
    envvar="MONITOR_CONFIG",
    type=click.Path(dir_okay=False),
    help="Sources and fact definitions (env MONITOR_CONFIG).",
)
@click.option(
    "--db",
    "db_path",
    default="db/monitor.db",
    show_default=True,
    envvar="MONITOR_DB",
    type=click.Path(dir_okay=False),
    help="SQLite database of snapshots and findings (env MONITOR_DB).",
)
@click.version_option(package_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config_path: str, db_path: str) -> None:
    """Watch news sources and report, fact by fact, what changed and who said it."""
    ctx.obj = Settings(config_path=config_path, db_path=db_path)


def reports_errors(func):
    """Turn a MonitorError into one readable line on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MonitorError as error:
            # soft_wrap: one line per error, whatever the width; the terminal wraps it, a file keeps it whole
            Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise SystemExit(2) from None

    return wrapper


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int | None, str], None]]:
    """A bar on stderr for long work, shown only on a terminal and gone when done; yields
    `advance(done, total, what)`."""
    errors = Console(stderr=True)
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int | None, what: str) -> None:
            bar.update(task, completed=done, total=total, description=escape(what))

        yield advance
