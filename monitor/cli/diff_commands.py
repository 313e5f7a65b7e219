"""`monitor diff` and `monitor reextract`: thin wrappers over findings.recording (queries) and report (rendering).

`diff` exits like diff(1) so cron and CI jobs can alert on it: 0 nothing to report, 1 findings
reported, 2 error.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
from rich.console import Console

from monitor.cli.context import Settings, cli, progress_bar, reports_errors
from monitor.config import load_config, parse_duration
from monitor.errors import MonitorError
from monitor.findings import recording
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


@cli.command(short_help="Report what changed: findings against the baseline, between versions and sources.")
@click.option(
    "--since",
    type=_When(),
    help="Findings detected since WHEN: an ISO date or date-time (UTC unless it says otherwise), or a duration ago (2h, 7d).",
)
@click.option("--all", "everything", is_flag=True, help="Every finding ever recorded, not only the latest pass's.")
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
def diff(settings: Settings, since, everything, sources, facts, kinds, output) -> None:
    """Report what changed: findings against the baseline, between snapshots and between sources.

    Without --since or --all: what the most recent pass (fetch, daemon check or reextract)
    found. Each finding names the fact, the values compared and the sentence behind it.
    Confirmations of the baseline are counted, not listed, unless asked for with --kind
    confirms (JSON lists them all). Filters combine: --source, --fact and --kind narrow, a
    repeated option widens. Exit status, like diff(1): 0 nothing to report, 1 findings
    reported, 2 error.
    """
    if since and everything:
        raise click.UsageError("--since and --all choose the period two ways: give one of them")
    db = store.open_reader(settings.db_path)
    configured = _configured_facts(settings.config_path)
    known_sources, known_facts = recording.known_names(db)
    _check_names("source", sources, known_sources)
    _check_names("fact", facts, sorted(set(known_facts) | set(configured)))
    query = recording.FindingQuery(since=since, sources=sources, facts=facts, kinds=kinds)
    latest = None if since or everything else recording.latest_pass(db)
    if since:
        heading = f"since {since}"
    elif everything:
        heading = "in all recorded passes"
    elif latest is None:
        heading = "(no pass has run yet: `monitor fetch` runs one)"
    else:
        query = replace(query, pass_id=latest["id"])
        heading = f"from the latest pass (#{latest['id']}, {latest['kind']}, {latest['started_at']})"
    no_pass_yet = not (since or everything) and latest is None
    findings = [] if no_pass_yet else recording.select_findings(db, query, configured)
    show_confirms = "confirms" in kinds
    if output == "json":
        click.echo(report.to_json(findings))
    elif output == "markdown":
        click.echo(report.to_markdown(findings, heading=heading, show_confirms=show_confirms), nl=False)
    else:
        report.render_text(findings, Console(highlight=False), heading=heading, show_confirms=show_confirms)
    listed, _confirms = report.split_confirms(findings, show_confirms)
    raise SystemExit(1 if listed else 0)


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
    return recording.current_baselines(config.facts)


def _check_names(what: str, given, known) -> None:
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise MonitorError(f"unknown {what} {name!r} in the database{hint}")


@cli.command(short_help="Re-read the stored raw pages with the current extractor and config.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the findings added, removed and updated as one JSON object.")
@click.pass_obj
@reports_errors
def reextract(settings: Settings, as_json: bool) -> None:
    """Re-run extraction, facts and comparison over the stored raw pages, without fetching.

    Use it after the extractor, a source's select/exclude or the [[fact]] tables changed:
    texts, observations and findings are recomputed and only the differences are written (as a
    pass of kind reextract, so `monitor diff` shows them), and a second run changes nothing.
    """
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
