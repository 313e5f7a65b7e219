"""What `monitor extract` says about an article's facts: JSON fields and readable tables.

Why here and not in the CLI: the same analysis (quantities → observations → comparisons) feeds
`--json` and the tables, and both must agree; the CLI only chooses which one to print.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from monitor.config import Config
from monitor.facts.attribution import extract_observations
from monitor.facts.compare import compare_all
from monitor.facts.quantities import find_quantities
from monitor.facts.wording import format_statement
from monitor.model import Article, Comparison, Observation, Quantity
from monitor.output.report import KIND_STYLES
from monitor.serialize import comparison_to_dict, observation_to_dict, quantity_to_dict

# Below this terminal width, `monitor extract` stacks a fact's key, value and comparison in one column.
NARROW = 110


@dataclass(frozen=True)
class FactReport:
    """Everything the fact engine found in one text."""

    text: str
    quantities: list[Quantity]
    observations: list[Observation]
    comparisons: list[Comparison]


def analyse(article: Article, config: Config | None) -> FactReport:
    """Run quantities, attribution and comparison over an article's main text.

    Without a config there are no fact definitions: only the quantities are found.
    """
    text = article.text
    facts, fx = (config.facts, config.fx) if config else ((), {})
    observations = extract_observations(text, facts, language=article.language)
    return FactReport(
        text=text,
        quantities=find_quantities(text, language=article.language),
        observations=observations,
        comparisons=compare_all(observations, facts, fx),
    )


def fact_fields(report: FactReport) -> dict:
    """The `quantities`, `facts` and `comparisons` fields of one `monitor extract --json` object."""
    return {
        "quantities": [quantity_to_dict(q, report.text) for q in report.quantities],
        "facts": [observation_to_dict(o) for o in report.observations],
        "comparisons": [comparison_to_dict(c) for c in report.comparisons],
    }


def fact_table(report: FactReport, title: str | None = None, *, width: int | None = None) -> Table:
    """One row per observation: fact, statement, comparison kind, evidence with the figure lit.

    Narrower than ``NARROW`` columns (an 80-column terminal), the fact, its value and the
    comparison share one column, one under the other, so the evidence keeps room for whole
    sentences: wrapped, never squeezed to a few letters.
    """
    narrow = width is not None and width < NARROW
    table = Table(title=title, show_lines=True, expand=True)
    if narrow:
        table.add_column("fact · value · vs baseline", overflow="fold", max_width=26)
    else:
        table.add_column("fact", no_wrap=True)
        table.add_column("value", no_wrap=True)
        table.add_column("vs baseline", no_wrap=True)
    table.add_column("evidence", ratio=1)
    for comparison in report.comparisons:
        observed = comparison.observed
        kind = Text(comparison.kind, style=KIND_STYLES.get(comparison.kind, ""))
        if comparison.baseline is not None:
            kind.append(f"\n{format_statement(comparison.baseline, observed.kind)}", style="dim")
        statement = format_statement(observed, observed.kind)
        if narrow:
            cell = Text(observed.key, style="bold").append(f"\n{statement}\n").append_text(kind)
            table.add_row(cell, _evidence(observed, report.text))
        else:
            table.add_row(observed.key, statement, kind, _evidence(observed, report.text))
    return table


def quantity_table(report: FactReport, title: str | None = None) -> Table:
    """One row per figure found, for a text read without fact definitions (no config file)."""
    table = Table(title=title)
    table.add_column("kind", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("as written")
    for quantity in report.quantities:
        written = quantity_to_dict(quantity, report.text)["text"]
        table.add_row(quantity.kind, format_statement(quantity, quantity.kind), written)
    return table


def _evidence(observation: Observation, text: str) -> Text:
    """The evidence sentence with the figure or phrase highlighted (and its source, if any)."""
    evidence = Text(observation.evidence)
    sentence_start = text.find(observation.evidence)
    while sentence_start != -1 and sentence_start + len(observation.evidence) < observation.end:
        sentence_start = text.find(observation.evidence, sentence_start + 1)
    if 0 <= sentence_start <= observation.start:
        evidence.stylize("bold reverse", observation.start - sentence_start, observation.end - sentence_start)
    if observation.attributed_to:
        evidence.append(f"\n(according to {observation.attributed_to})", style="italic dim")
    return evidence
