"""`monitor diff` and `monitor reextract`: thin wrappers over findings.queries and .recording, and report (rendering).

`diff` exits like diff(1) so cron and CI jobs can alert on it: 0 nothing to report, 1 findings
reported, 2 error.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
from rich.console import Console

from monitor.cli.context import Settings, cli, progress_bar, reports_errors
from monitor.config import load_config, parse_duration
from monitor.errors import MonitorError
from monitor.findings import queries
from monitor.findings.rules import KINDS, parse_time
from monitor.output import report
from monitor.storage import store


class _When(click.ParamType):
    """`--since`: an ISO date or date-time (UTC unless it says otherwise), or a duration ago."""

    name = "WHEN"

    def convert(self, value, param, ctx) -> str:
        if isinstance(value, datetime):
            return value.astimezone(timezone.utc).isoformat(timespec="seconds")
        try:
            moment = datetime.now(timezone.utc) - timedelta(seconds=parse_duration(value))
        except ValueError:
            try:
                moment = parse_time(value)
            except ValueError:
                self.fail(f"{value!r} is neither an ISO date/time (2025-10-28, 2025-10-28T14:00) "
                          "nor a duration (2h, 7d)", param, ctx)
        return moment.isoformat(timespec="seconds")


@cli.command()
@click.option(
    "--since",
    type=_When(),
    help="Findings detected since WHEN: an ISO date or date-time (UTC unless it says otherwise), or a duration ago (2h, 7d).",
)
@click.option("--all", "everything", is_flag=True, help="Every finding ever recorded, not only the new ones.")
@click.option(
    "--pass", "pass_id", metavar="ID|latest",
    help="The findings of one pass (its number, as `monitor fetch` prints it, or latest: the most recent pass).",
)
@click.option(
    "--reader", default="default", show_default=True, metavar="NAME",
    help="Whose cursor marks what is new: each reader (a person, a cron job) sees every finding once.",
)
@click.option("--peek", is_flag=True, help="Show what is new without moving the reader's cursor.")
@click.option(
    "--source", "sources", multiple=True, metavar="NAME", help="Only findings from this source (repeatable; see `monitor status`)."
)
@click.option(
    "--fact", "facts", multiple=True, metavar="KEY", help="Only findings about this fact key (repeatable; see `monitor baseline show`)."
)
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(KINDS), metavar="KIND",
    help=f"Only findings of this kind (repeatable): {', '.join(KINDS)}.",
)  # fmt: skip
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: a readable report; json: every finding as one JSON array; markdown: for an issue, a wiki or an e-mail.",
)
@click.pass_obj
@reports_errors
def diff(settings: Settings, since, everything, pass_id, reader, peek, sources, facts, kinds, output) -> None:
    """Report what changed: findings against the baseline, between snapshots and between sources.

    Without --since, --all or --pass: what is new, the findings not yet shown by an earlier
    `monitor diff` of this reader (--reader NAME, default "default"; a finding rewritten since,
    such as a document's baseline finding updated, is new again); the reader's cursor then
    moves past them, unless --peek. Each finding names the fact, the values compared and the
    sentence behind it.
    Confirmations of the baseline are counted, not listed, unless asked for with --kind
    confirms (JSON lists them all). Filters combine: --source, --fact and --kind narrow, a
    repeated option widens. Exit status, like diff(1): 0 nothing to report, 1 findings
    reported, 2 error.
    """
    periods = [option for option, given in (("--since", since), ("--all", everything), ("--pass", pass_id)) if given]
    if len(periods) > 1:
        raise click.UsageError(f"{' and '.join(periods)} choose the period two ways: give one of them")
    new_only = not periods
    if not new_only and (peek or reader != "default"):
        raise click.UsageError(f"--reader and --peek read what is new for a reader; {periods[0]} chooses another period")
    if pass_id is not None and pass_id != "latest" and not pass_id.isdigit():
        raise click.BadParameter(f"{pass_id!r} is neither a pass number nor latest", param_hint="--pass")
    db = store.open_reader(settings.db_path, writes=new_only and not peek)  # only the cursor is written
    configured = _configured_facts(settings.config_path)
    known_sources, known_facts = queries.known_names(db)
    _check_names("source", sources, known_sources)
    _check_names("fact", facts, sorted(set(known_facts) | set(configured)))
    query = queries.FindingQuery(since=since, sources=sources, facts=facts, kinds=kinds)
    chosen = _pass(db, pass_id) if pass_id else None
    no_pass_yet = queries.latest_pass(db) is None
    up_to = None
    if since:
        heading = f"since {since}"
    elif everything:
        heading = "in all recorded passes"
    elif no_pass_yet:
        heading = "(no pass has run yet: `monitor fetch` runs one)"
    elif pass_id:
        query = replace(query, pass_id=chosen["id"])
        latest = " latest" if pass_id == "latest" else ""
        heading = f"from the{latest} pass #{chosen['id']} ({chosen['kind']}, {chosen['started_at']})"
    else:
        up_to = queries.latest_seq(db)  # read first: what the daemon writes meanwhile stays new
        cursor, read_at = queries.reader_cursor(db, reader)
        query = replace(query, after_seq=cursor, up_to_seq=up_to)
        who = "" if reader == "default" else f" for reader {reader!r}"
        heading = f"new{who} since the last diff ({read_at})" if read_at else f"new{who} (first read: every finding recorded)"
    findings = [] if no_pass_yet and not (since or everything) else queries.select_findings(db, query, configured)
    show_confirms = "confirms" in kinds
    if output == "json":
        click.echo(report.to_json(findings))
    elif output == "markdown":
        click.echo(report.to_markdown(findings, heading=heading, show_confirms=show_confirms), nl=False)
    else:
        report.render_text(findings, Console(highlight=False), heading=heading, show_confirms=show_confirms)
    listed, _confirms = report.split_confirms(findings, show_confirms)
    if up_to is not None and not peek:
        _move_cursor(db, reader, up_to)
    raise SystemExit(1 if listed else 0)


def _pass(db, pass_id: str) -> dict:
    """The pass `--pass` names: its number, or latest."""
    if pass_id == "latest":
        chosen = queries.latest_pass(db)
        if chosen is None:
            return {"id": -1, "kind": "none", "started_at": "never"}
        return chosen
    row = db.execute("SELECT id, kind, started_at, finished_at FROM passes WHERE id = ?", [int(pass_id)]).fetchone()
    if row is None:
        latest = queries.latest_pass(db)
        hint = f" (the latest is #{latest['id']})" if latest else " (no pass has run yet)"
        raise MonitorError(f"no pass #{pass_id} in the database{hint}")
    return dict(zip(("id", "kind", "started_at", "finished_at"), row))


def _move_cursor(db, reader: str, seq: int) -> None:
    """The reader has seen everything up to `seq`; on a read-only database, say it could not be kept."""
    try:
        queries.move_cursor(db, reader, seq, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    except sqlite3.OperationalError as error:
        Console(stderr=True, highlight=False).print(
            f"note: the cursor of reader {reader!r} was not moved ({error}): the same findings show next time",
            markup=False, soft_wrap=True)


def _configured_facts(config_path: str) -> dict[str, dict]:
    """The facts of the config file as it is now (label and baseline), when there is one: a report
    shows the current baseline even before a pass has copied it into the database. A config
    that cannot be read leaves the stored ones, with a note."""
    if not Path(config_path).exists():
        return {}
    try:
        config = load_config(config_path)
    except MonitorError as error:
        Console(stderr=True, highlight=False).print(
            f"note: baselines as stored in the database; the config cannot be read: {error}", markup=False, soft_wrap=True
        )
        return {}
    return queries.current_baselines(config.facts)


def _check_names(what: str, given, known) -> None:
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise MonitorError(f"unknown {what} {name!r} in the database{hint}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the findings added, removed and updated as one JSON object.")
@click.pass_obj
@reports_errors
def reextract(settings: Settings, as_json: bool) -> None:
    """Re-run extraction, facts and comparison over the stored raw pages, without fetching.

    Use it after the extractor, a source's select/exclude or the [[fact]] tables changed:
    texts, observations and findings are recomputed and only the differences are written (as a
    pass of kind reextract, so `monitor diff` shows them), and a second run changes nothing.
    """
    # recording writes findings, so it loads the extractor and the fact engine: only here
    from monitor.findings import recording

    config = load_config(settings.config_path)
    db = store.open_store(settings.db_path, create=False)
    with progress_bar("reextract") as advance:
        outcome = recording.reextract(db, config, progress=advance)
    if as_json:
        click.echo(json.dumps(outcome.as_dict(), indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    console.print(
        f"re-read {outcome.snapshots} snapshots (pass #{outcome.pass_id}): {outcome.texts_changed} texts changed, "
        f"{outcome.observations_changed} with different facts, {outcome.unreadable} left as they were (no raw page or no text)"
    )
    for label, summaries in (("new", outcome.added), ("gone", outcome.removed), ("updated", outcome.updated)):
        for summary in summaries:
            console.print(f"  {label:<8}{summary}", markup=False)
    if not outcome.changed:
        console.print("nothing changed")
