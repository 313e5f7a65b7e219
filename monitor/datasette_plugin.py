"""Datasette plugin: show a finding's diff and evidence as a reader wants them, never raw HTML.

Findings quote scraped pages. Everything taken from a page goes through markupsafe's escaping
before it reaches a cell, so a page that publishes `<script>` shows the text `<script>`.
Registered through the `datasette` entry point in pyproject.toml.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from markupsafe import Markup, escape

# Columns holding one sentence quoted from a page (findings, observations, baseline facts and
# the canned queries that rename them).
EVIDENCE_COLUMNS = frozenset({"evidence", "says", "baseline_says", "other_says"})

# Inline, because evidence cells appear on pages where no diff brought the style block.
EVIDENCE = Markup(
    '<blockquote class="monitor-evidence" style="margin:0;padding-left:.6em;border-left:3px solid #bbb;'
    'font-style:italic;min-width:14em">{}</blockquote>'
)
DIFF_STYLE = Markup(
    "<style>"
    ".monitor-diff{margin:0;padding-left:1.2em}"
    ".monitor-diff li{margin:0 0 .4em}"
    ".monitor-diff del{background:#fdd;color:#900}"
    ".monitor-diff ins{background:#dfd;color:#060;text-decoration:none}"
    "</style>"
)


@hookimpl
def render_cell(value, column):
    """Readable diff and evidence cells; None lets Datasette render every other cell."""
    if not isinstance(value, str) or not value:
        return None
    if column == "diff":
        entries = _diff_entries(value)
        return None if entries is None else render_diff(entries)
    if column in EVIDENCE_COLUMNS:
        return EVIDENCE.format(value)
    return None


def _diff_entries(value: str) -> list[dict] | None:
    """The stored sentence diff, or None when the cell is not one (left to Datasette)."""
    try:
        entries = json.loads(value)
    except ValueError:
        return None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and "op" in entry for entry in entries):
        return None
    return entries


def render_diff(entries: list[dict]) -> Markup:
    """One list item per changed sentence: removed words struck through, added words marked."""
    items = [Markup("<li>{}</li>").format(_render_entry(entry)) for entry in entries]
    return DIFF_STYLE + Markup('<ul class="monitor-diff">{}</ul>').format(Markup("").join(items))


def _render_entry(entry: dict) -> Markup:
    op = entry.get("op")
    if op == "removed":
        return Markup("<del>{}</del>").format(entry.get("old") or "")
    if op == "added":
        return Markup("<ins>{}</ins>").format(entry.get("new") or "")
    runs = entry.get("words") or [["-", entry.get("old") or ""], ["+", entry.get("new") or ""]]
    return Markup(" ").join(_render_run(run) for run in runs if len(run) == 2)


def _render_run(run: list) -> Markup:
    tag, words = run
    if tag == "-":
        return Markup("<del>{}</del>").format(words)
    if tag == "+":
        return Markup("<ins>{}</ins>").format(words)
    return escape(words)
