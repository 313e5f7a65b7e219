"""`monitor baseline show` and `monitor baseline extract FILE`: the reference facts, read or drafted."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from monitor.baseline_draft import draft_baselines, drafts_to_toml
from monitor.cli.context import Settings, cli, reports_errors
from monitor.cli.pipeline_commands import read_local_target
from monitor.config import load_config
from monitor.errors import MonitorError
from monitor.facts.attribution import extract_observations
from monitor.facts.wording import format_statement
from monitor.serialize import baseline_to_dict


@cli.group()
def baseline() -> None:
    """The baseline facts every article is compared with ([fact.baseline] in the config)."""


@baseline.command("show")
@click.option(
    "--json", "as_json", is_flag=True,
    help="One JSON object per baseline fact, one per line: key, label, kind and the baseline's fields.",
)  # fmt: skip
@click.pass_obj
@reports_errors
def show(settings: Settings, as_json: bool) -> None:
    """List the facts of the config that have a baseline, with the sentence behind each."""
    config = load_config(settings.config_path)
    with_baseline = [fact for fact in config.facts if fact.baseline is not None]
    if as_json:
        for fact in with_baseline:
            record = {"key": fact.key, "label": fact.label, "kind": fact.kind, **baseline_to_dict(fact.baseline)}
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("fact", ratio=2)
    table.add_column("baseline", ratio=1)
    table.add_column("evidence", ratio=3)
    for fact in with_baseline:
        name = Text(fact.key, style="bold")
        name.append(f"\n{fact.label}", style="dim")
        table.add_row(name, format_statement(fact.baseline, fact.kind), fact.baseline.evidence)
    Console().print(table)


@baseline.command("extract")
@click.argument("file", metavar="FILE")
@click.pass_obj
@reports_errors
def extract_baseline(settings: Settings, file: str) -> None:
    """Draft [fact.baseline] tables from a reference document (.txt, .html, .htm or - for stdin).

    Runs the fact engine of the config's [[fact]] tables over FILE and prints TOML for review:
    each fact the document supports with its value and sentence; the facts it does not support
    are listed in a closing comment. Writes nothing: paste what you keep into the config.
    """
    config = load_config(settings.config_path)
    read = read_local_target(file)
    if read.problem:
        raise MonitorError(f"{file}: {read.problem}")
    article = read.article
    observations = extract_observations(article.text, config.facts, language=article.language)
    drafts = draft_baselines(observations, config.facts)
    click.echo(drafts_to_toml(drafts, config.facts, origin=file), nl=False)
