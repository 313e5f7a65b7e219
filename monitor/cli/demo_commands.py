"""`monitor demo`: the product in one minute, offline (the story and its replay live in monitor.demo)."""

from __future__ import annotations

import shlex
import signal
import threading

import click
from rich.console import Console
from rich.text import Text

from monitor.cli.context import Settings, cli, reports_errors
from monitor.demo import story
from monitor.findings import queries
from monitor.output import report
from monitor.storage import store


@cli.command()
@click.option(
    "--db",
    "db_path",
    default=story.DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The demo's database, made afresh (an earlier demo database there is replaced; any other file is kept).",
)
@click.option(
    "--keep-serving",
    is_flag=True,
    help="Keep the story's pages online after the replay (the findings link to them) until Ctrl-C.",
)
@click.pass_obj
@reports_errors
def demo(settings: Settings, db_path: str, keep_serving: bool) -> None:
    """Replay a developing story that ships with monitor, without the internet.

    Serves the story's pages (an official statement, a fund page and four outlets in English,
    French and German, in successive versions) on a loopback port, runs real passes over them
    into a fresh database with the clock set to each moment of the story, then prints
    `monitor diff --all` and the command to browse the result in Datasette. Your own
    sources.toml and database are not touched.
    """
    console = Console(highlight=False)
    with story.StorySite() as site:
        console.print(Text("monitor demo — a developing story, replayed offline", style="bold"))
        console.print(f"The story's pages are served at {site.url()}; database: {db_path} (made afresh).", soft_wrap=True)
        result = story.replay(db_path, site=site, on_moment=lambda done: _print_moment(console, done))
        db = store.open_store(db_path, create=False)
        findings = queries.select_findings(db, queries.FindingQuery())
        console.print()
        console.rule(Text(f"$ monitor --db {db_path} diff --all", style="bold"), align="left")
        report.render_text(findings, console, heading="in all recorded passes")
        db.close()
        console.print()
        console.rule(style="dim")
        quoted = shlex.quote(db_path)
        console.print(Text("Browse it (findings as cards, a page per fact, the edits):", style="bold"))
        console.print(f"  monitor --db {quoted} serve    then open http://127.0.0.1:8001/{_database_name(db_path)}",
                      soft_wrap=True)
        console.print(f"Read it again:  monitor --db {quoted} diff --all --kind confirms", soft_wrap=True)
        console.print(f"The demo's sources and facts: {result.config_path}", soft_wrap=True)
        if keep_serving:
            console.print(f"The story's pages stay online at {site.url()} until Ctrl-C.", soft_wrap=True)
            _wait_for_stop()


def _print_moment(console: Console, done: story.MomentResult) -> None:
    moment = done.moment
    console.print()
    console.print(Text(f"{moment.at[:10]} {moment.at[11:16]} UTC — {moment.title}", style="bold"))
    for note in moment.notes:
        report.print_indented(console, Text(note), 2)
    pages = f"{done.checked} page{'s' * (done.checked != 1)} checked: {done.new_snapshots} new text{'s' * (done.new_snapshots != 1)}"
    if done.same_text:
        pages += f", {done.same_text} with the same text (furniture only: nothing reported)"
    if done.errors:
        pages += f", {done.errors} error{'s' * (done.errors != 1)}"
    found = ", ".join(f"{count} {kind}" for kind, count in done.findings.items()) or "nothing"
    report.print_indented(console, Text(f"{pages}; found: {found}", style="dim"), 2, Text("→ ", style="dim"))


def _database_name(db_path: str) -> str:
    from pathlib import Path

    return Path(db_path).stem


def _wait_for_stop() -> None:
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
