"""The root click group, its global options and the shared error handling."""

from __future__ import annotations

import functools
import sqlite3
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
    """Turn a MonitorError, or a database error (a read-only or damaged file, a full disk), into
    one readable line on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MonitorError as error:
            _error_line(str(error))
        except sqlite3.Error as error:
            settings = click.get_current_context(silent=True)
            where = getattr(getattr(settings, "obj", None), "db_path", None) or "database"
            _error_line(f"{where}: {_database_problem(error)}")

    return wrapper


def _error_line(message: str) -> None:
    # soft_wrap: one line per error, whatever the width; the terminal wraps it, a file keeps it whole
    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise SystemExit(2) from None


def _database_problem(error: sqlite3.Error) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return f"{text}: the database file (or its directory) cannot be written; check its permissions"
    if "disk is full" in text or "disk I/O" in text:
        return f"{text}: no room left on the device, or it failed; free some space and run again"
    if "locked" in text or "busy" in text:
        return f"{text}: another process held the write lock longer than the 10 s this one waits; run again"
    return text


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
