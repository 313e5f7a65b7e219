"""`monitor init`, `fetch` and `extract`: thin wrappers over config, pipeline and store."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from charset_normalizer import from_bytes
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from monitor.cli.context import Settings, cli, progress_bar, reports_errors
from monitor.config import Config, channel_urls, load_config
from monitor.extraction.article import extract, extract_plain_text
from monitor.fetching.http import Fetcher
from monitor.model import Article, FetchPolicy
from monitor.notify.sender import Sender
from monitor.output.payload import (
    FactReport,
    analyse,
    fact_fields,
    fact_table,
    quantity_table,
)
from monitor.pipeline import PassSummary, run_pass, sync_config, utc_now
from monitor.storage import store

HTML_SUFFIXES = (".html", ".htm")
_UNDECODABLE = "cannot tell which charset this text is in"
TEXT_SUFFIXES = (".txt",)


@cli.command()
@click.pass_obj
@reports_errors
def init(settings: Settings) -> None:
    """Create or upgrade the database; sync the sources.

    Creates the database file and its directory if needed, applies any pending schema upgrade
    and copies the [[source]] tables of the config into the sources table (a source removed
    from the file is disabled, never deleted). Safe to run again at any time.
    """
    config = load_config(settings.config_path)
    db = store.open_store(settings.db_path)
    sync_config(config, db, utc_now())
    enabled = sum(1 for source in config.sources if source.enabled)
    click.echo(f"{settings.db_path}: ready; {len(config.sources)} sources synced ({enabled} enabled), "
               f"{len(config.facts)} facts")


@cli.command()
@click.option(
    "--source",
    "source_names",
    multiple=True,
    metavar="NAME",
    help="Check only this source (repeatable; may name a disabled source). Default: every enabled one.",
)
@click.option(
    "--processes",
    type=click.IntRange(0, 32),
    default=0,
    show_default=True,
    help="Extract pages and read their facts in this many worker processes instead of threads "
    "(beside the event loop on a multi-core machine; the results are the same).",
)
@click.pass_obj
@reports_errors
def fetch(settings: Settings, source_names: tuple[str, ...], processes: int) -> None:
    """Run one pass now and print a summary.

    Syncs the sources, checks every enabled source (or those named), stores new snapshots with
    their facts and findings (read them with `monitor diff`), and counts what happened. Feed
    articles already stored are fetched again only when their recheck is due. Exits 0 when the
    pass ran, even if some sources failed (the summary counts errors by class); 2 for a config
    or database error.

    Then sends the notifications that are due to the [[notify]] channels (those of this pass,
    and any a previous run left undelivered) and says how it went.
    """
    config = load_config(settings.config_path)
    urls = channel_urls(config)  # a missing ${VAR} stops here, before anything is fetched
    selected = [config.source(name) for name in dict.fromkeys(source_names)] or None
    db = store.open_store(settings.db_path)
    with progress_bar("fetch") as advance:
        try:
            summary = run_pass(config, db, selected, progress=advance, processes=processes)
        except sqlite3.DatabaseError as error:  # disk full, file damaged during the pass, …
            raise store.DatabaseError(f"{settings.db_path}: {error}") from None
    Console().print(_summary_table(summary))
    failed = store.failed_checks(db, summary.pass_id)
    if failed:
        _print_failures(failed)
    if config.notify:
        _print_notified(asyncio.run(Sender(db, config, urls).deliver_due()), db)


def _print_notified(attempts, db) -> None:
    """One line on the notifications sent, and one per channel that failed."""
    console = Console(highlight=False)
    sent = [attempt for attempt in attempts if attempt.status == "sent"]
    waiting = db.execute("SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')").fetchone()[0]
    if not attempts and not waiting:
        return
    channels = ", ".join(dict.fromkeys(attempt.channel for attempt in sent))
    line = f"notifications: {_count(len(sent), 'message')} sent" + (f" ({escape(channels)})" if sent else "")
    if waiting:
        line += f"; {waiting} waiting (digests, retries: `monitor notify status`)"
    console.print(line, soft_wrap=True)
    for attempt in attempts:
        if attempt.status != "sent":
            then = "given up" if attempt.status == "failed" else "will retry"
            console.print(f"  [red]{escape(attempt.channel)}[/]: not delivered ({then}): "
                          f"{escape('; '.join(attempt.errors))}", soft_wrap=True)


SHOWN_FAILURES = 5


def _print_failures(failed: list[store.FailedCheck]) -> None:
    """Which sources failed and why (the first few), and where to look for the rest."""
    console = Console(highlight=False)
    sources = list(dict.fromkeys(check.source for check in failed))
    console.print(f"[bold red]{_count(len(sources), 'source')} failed:[/]")
    for check in failed[:SHOWN_FAILURES]:
        console.print(f"  {escape(check.source)}: {escape(check.error_class or 'error')}: {escape(check.error or '')}",
                      soft_wrap=True)
    more = len(failed) - SHOWN_FAILURES
    tail = f"and {_count(more, 'more failed check')}; " if more > 0 else ""
    console.print(f"  {tail}`monitor status` shows every source's state")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary_table(summary: PassSummary) -> Table:
    table = Table(title=f"pass {summary.pass_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("checked", summary.checked),
        ("new snapshots", summary.new_snapshots),
        ("same text", summary.same_text),
        ("unchanged (same bytes)", summary.unchanged),
        ("not modified (304)", summary.not_modified),
        ("not due yet", summary.not_due),
        ("errors", sum(summary.errors.values())),
    ]
    rows += [(f"  {error_class}", count) for error_class, count in sorted(summary.errors.items())]
    for what, count in rows:
        table.add_row(what, str(count))
    return table


# ── extract ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Extracted:
    """One TARGET of `monitor extract`: its article, or why it could not be read."""

    target: str
    article: Article | None = None
    problem: str | None = None


@cli.command("extract")
@click.argument("targets", nargs=-1, required=True, metavar="TARGET...")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per target, one per line: the article's fields plus quantities, facts and comparisons.",
)
@click.pass_obj
@reports_errors
def extract_command(settings: Settings, targets: tuple[str, ...], as_json: bool) -> None:
    """Print the article extracted from each TARGET, with the facts found in it.

    TARGET is an http(s) URL, a .html/.htm/.txt file, or - for stdin (HTML when it starts
    with <, else plain text). Prints title, date, language and main text, then a table of the
    tracked facts found, each compared with its baseline. Without a config file no fact is
    tracked: the figures found are listed instead. Writes nothing to the database. Exits 2 if
    a target could not be read, after printing the others.
    """
    errors = Console(stderr=True)
    config = load_config(settings.config_path) if Path(settings.config_path).exists() else None
    if config is None:
        errors.print(
            f"note: no config file at {escape(settings.config_path)}: no facts are tracked, only figures are listed",
            highlight=False,
            soft_wrap=True,
        )
    urls = [target for target in targets if _is_url(target)]
    fetched = asyncio.run(_fetch_all(urls, config)) if urls else {}
    output = Console(highlight=False)
    failed = False
    for target in targets:
        result = fetched[target] if _is_url(target) else read_local_target(target)
        if result.problem:
            failed = True
            errors.print(f"[bold red]error:[/] {escape(result.target)}: {escape(result.problem)}", highlight=False)
            continue
        report = analyse(result.article, config)
        if as_json:
            click.echo(json.dumps(article_payload(result.target, result.article, report), ensure_ascii=False))
        else:
            click.echo(_article_text(result.article))
            output.print(_facts_under_article(report, config, output.width))
    if failed:
        raise SystemExit(2)


def article_payload(target: str, article: Article, report: FactReport) -> dict:
    """The `monitor extract --json` object for one target: the article and what the fact engine read in it."""
    return {
        "target": target,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        **fact_fields(report),
    }


def _facts_under_article(report: FactReport, config: Config | None, width: int | None = None):
    """The table printed under the article: its tracked facts, or its figures without a config."""
    if config is None:
        return quantity_table(report) if report.quantities else "(no figures found)"
    return fact_table(report, width=width) if report.comparisons else "(no tracked fact found)"


def _article_text(article: Article) -> str:
    header = [f"# {article.title or '(no title)'}"]
    header.append(f"published: {article.published or '-'}   language: {article.language or '-'}")
    if article.url:
        header.append(f"url: {article.url}")
    return "\n".join(header) + "\n\n" + article.text + "\n"


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


async def _fetch_all(urls: list[str], config: Config | None) -> dict[str, Extracted]:
    policy = config.monitor.fetch_policy() if config else FetchPolicy()
    async with Fetcher(policy) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(url, expect="html") for url in urls))
    extracted = {}
    for url, result in zip(urls, results):
        if result.outcome != "ok":
            extracted[url] = Extracted(url, problem=f"{result.error_class}: {result.error}")
        else:
            extracted[url] = Extracted(url, extract(result.text, result.final_url))
    return extracted


def read_local_target(target: str) -> Extracted:
    """Read and extract a file or stdin: .txt (or stdin that does not look like HTML) is plain text."""
    if target == "-":
        text = _decode(sys.stdin.buffer.read())
        if text is None:
            return Extracted(target, problem=_UNDECODABLE)
        is_html = text.lstrip()[:1] == "<"
        return Extracted(target, extract(text) if is_html else extract_plain_text(text))
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
        return Extracted(target, problem="not a URL, a .html/.htm/.txt file or -")
    try:
        text = _decode(path.read_bytes())
    except OSError as error:
        return Extracted(target, problem=error.strerror or str(error))
    if text is None:
        return Extracted(target, problem=_UNDECODABLE)
    if suffix in TEXT_SUFFIXES:
        return Extracted(target, extract_plain_text(text))
    return Extracted(target, extract(text))


def _decode(data: bytes) -> str | None:
    """UTF-8 when it is, else the charset detection's best guess; None when nothing fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return None if best is None else str(best)
