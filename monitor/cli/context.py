"""The root click group, its global options, where each command lives, and the shared error handling.

A command's module is imported only when that command runs (`COMMANDS`): `monitor --help` and
`monitor status` answer without loading the pipeline, the fetcher or the fact engine. Every
command module imports this one, so it stays light too: rich is loaded when an error or a
progress bar is shown.
"""

from __future__ import annotations

import functools
import importlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click

from monitor.errors import MonitorError


@dataclass
class Settings:
    """What the global options resolve to, handed to every command."""

    config_path: str
    db_path: str


# Each command: the module that defines it (on `cli`, when imported) and its line in `monitor --help`.
COMMANDS = {
    "baseline": ("monitor.cli.fact_commands", "The baseline facts: list them, or draft them from a reference document."),
    "demo": ("monitor.cli.demo_commands", "Replay a developing story offline and show what monitor finds in it."),
    "diff": ("monitor.cli.diff_commands", "Report what changed: findings against the baseline, between versions and sources."),
    "extract": ("monitor.cli.pipeline_commands", "Print the article extracted from each TARGET, with the facts found in it."),
    "fetch": ("monitor.cli.pipeline_commands", "Run one pass now and print a summary."),
    "init": ("monitor.cli.pipeline_commands", "Create or upgrade the database; sync the sources."),
    "notify": ("monitor.cli.notify_commands", "Notification channels: send a test message, show their delivery state."),
    "reextract": ("monitor.cli.diff_commands", "Re-read the stored raw pages with the current extractor and config."),
    "run": ("monitor.cli.daemon_commands", "Check every enabled source on its own schedule until stopped."),
    "serve": ("monitor.cli.daemon_commands", "Browse, search and subscribe to findings in Datasette."),
    "status": ("monitor.cli.status_commands", "Show whether the daemon runs, each source's state and what is stored."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for, and lists the
    commands from `COMMANDS` without importing any (click's own listing would load them all)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(COMMANDS[name][0])
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    from rich.console import Console
    from rich.markup import escape

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
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

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
