"""Datasette plugin: findings as a reader wants them, and an Atom feed that works from day one.

Findings quote scraped pages. Everything taken from a page goes through markupsafe's escaping
before it reaches a cell, so a page that publishes `<script>` shows the text `<script>`.

datasette-atom dates a feed by its newest row, so a query with no rows (every new database has
no findings yet) makes it fail with HTTP 500; subscribers would see a broken feed until the
first finding. This plugin registers the `.atom` renderer last, answers an empty but valid feed
when there is no row, and hands every other case to datasette-atom unchanged.
Registered through the `datasette` entry point in pyproject.toml.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

try:  # installed with the [datasette] extra; without it, findings have no feed at all
    import datasette_atom
except ImportError:  # pragma: no cover - the extra installs both
    datasette_atom = None

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


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    """Take over the `atom` extension (later registrations win) to serve empty feeds."""
    if datasette_atom is None:
        return None
    return {"extension": "atom", "render": render_atom, "can_render": datasette_atom.can_render_atom}


def render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    """datasette-atom's feed; with no rows, a valid feed without entries instead of an error."""
    if rows or not datasette_atom.REQUIRED_COLUMNS <= set(columns):
        return datasette_atom.render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)
    feed = _empty_feed(request.url, _feed_title(datasette, database, query_name, sql))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


def _empty_feed(url: str, title: str):
    """A feed with no entry; `updated` (required by Atom) is now, since nothing else dates it."""
    from feedgen.feed import FeedGenerator  # a dependency of datasette-atom

    feed = FeedGenerator()
    feed.id(url)
    feed.link(href=url, rel="self")
    feed.title(title)
    feed.updated(datetime.now(timezone.utc))
    return feed


def _feed_title(datasette, database: str, query_name: str | None, sql: str) -> str:
    """The canned query's title, as datasette-atom would give it, else the SQL."""
    queries = (datasette.metadata(database=database) or {}).get("queries") or {}
    query = queries.get(query_name) if query_name else None
    return query.get("title", sql) if isinstance(query, dict) else sql
