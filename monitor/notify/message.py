"""A notification as a person reads it: a subject that says the most important finding, and a
body that is `monitor diff`'s report of the findings it carries (grouped by fact: the fact's
label and baseline, then per finding old → new or stated vs baseline, the source, the link to
the article and the evidence sentence with the figure marked).

The findings are what `findings.queries.select_findings` returns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console

from monitor.output import report

# Which finding the subject names when a message holds several: what contradicts the
# baseline or another source first, then what changed, then the quieter kinds.
PRIORITY = ("diverges", "conflict", "fact_changed", "reverted", "edited", "unverifiable", "imprecise", "refines",
            "new", "confirms")
BODY_WIDTH = 100  # columns of a text body (mail clients and chat apps wrap what is longer)
TEST_SUBJECT = "monitor: test message"


def most_important(findings: Sequence[dict]) -> dict:
    """The finding a subject line names: by PRIORITY, then the earliest."""
    rank = {kind: position for position, kind in enumerate(PRIORITY)}
    return min(findings, key=lambda finding: (rank.get(finding["kind"], len(PRIORITY)), finding["detected_at"], finding["id"]))


def subject(findings: Sequence[dict]) -> str:
    """"nonprofit_stake_usd diverges: ~130 billion USD vs baseline >100 billion USD (reuters)",
    with "(+2 more)" when the message holds other findings."""
    first = most_important(findings)
    line = _subject_of(first)
    more = len(findings) - 1
    return f"{line} (+{more} more)" if more else line


def _subject_of(finding: dict) -> str:
    kind, key, source = finding["kind"], finding["key"], finding["source"]
    if kind in ("edited", "reverted"):
        return f"{source}: {report.headline(finding)}"
    words = lambda values: report.statement_words(values, finding.get("fact_kind"))  # noqa: E731
    if kind == "fact_changed":
        return f"{key} changed: {words(finding['previous'])} → {words(finding['observed'])} ({source})"
    if kind == "conflict":
        other = finding["other"]
        return f"{key} conflict: {words(finding['observed'])} ({source}) vs {words(other['observed'])} ({other['source']})"
    baseline = finding.get("baseline") or finding.get("fact_baseline")
    versus = f" vs baseline {words(baseline)}" if baseline else ""
    return f"{key} {kind}: {words(finding['observed'])}{versus} ({source})"


def body(findings: Sequence[dict], *, heading: str, format: str) -> str:
    """The report of `findings` as `monitor diff` writes it: Markdown, or plain text."""
    show_confirms = any(finding["kind"] == "confirms" for finding in findings)
    if format == "markdown":
        return report.to_markdown(findings, heading=heading, show_confirms=show_confirms)
    out = io.StringIO()
    console = Console(file=out, width=BODY_WIDTH, color_system=None, force_terminal=False, highlight=False,
                      emoji=False)
    report.render_text(findings, console, heading=heading, show_confirms=show_confirms)
    return out.getvalue()


def test_body(channel: str, format: str) -> str:
    text = (f"This is a test message from monitor's [[notify]] channel {channel!r}. "
            "Findings sent to this channel will look like `monitor diff --format " + format + "`.")
    return text + "\n"
