"""Datasette plugin: findings as a reader wants them, and an Atom feed that works from day one.

Findings quote scraped pages. Everything taken from a page goes through markupsafe's escaping
before it reaches a cell, so a page that publishes `<script>` shows the text `<script>`.

datasette-atom dates a feed by its newest row, so a query with no rows (every new database has
no findings yet) makes it fail with HTTP 500; subscribers would see a broken feed until the
first finding. This plugin registers the `.atom` renderer last, answers an empty but valid feed
when there is no row, and hands every other case to datasette-atom unchanged.
It also gives a finding its own page, read as a card (kind, the fact, the values in words, the
evidence with the figure marked, the source and the watched URL, the edit's diff), a page per
fact (`/DATABASE/facts/KEY`: the baseline, each source's latest statement, a timeline chart), a
stylesheet that keeps the canned queries within a 1280-pixel screen, and a readable message for
a search the full-text index cannot parse.

Registered through the `datasette` entry point in pyproject.toml; its templates are in
`templates/` beside this file.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from monitor.output.report import statement_words
from monitor.serialize import parse_time_or_none
from monitor.web.chart import Point, timeline_svg

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
def render_cell(value, column, table, database, datasette):
    """Readable diff and evidence cells, links to a finding's card and a fact's page; None lets
    Datasette render every other cell."""
    if column == "finding" and table is None and isinstance(value, int):  # canned queries name the id so
        return Markup('<a href="{}">card&nbsp;{}</a>').format(datasette.urls.table(database, "findings") + f"/{value}", value)
    if column == "key" and table in (None, "findings", "observations") and isinstance(value, str) and value:
        return Markup('<a href="{}">{}</a>').format(fact_page_url(datasette, database, value), value)
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


# ── a finding as a card ───────────────────────────────────────────────────────────────────

_FINDING_SQL = """
select f.*, b.label, b.kind as fact_kind, b.value as baseline_value, b.comparator as baseline_comparator,
  b.value_max as baseline_value_max, b.currency as baseline_currency, b.unit as baseline_unit,
  s.title, s.published, s.created_at as captured_at, s.url as canonical_url, d.url as watched_url,
  substr(s.text, json_extract(f.observed, '$.start') + 1,
         json_extract(f.observed, '$.end') - json_extract(f.observed, '$.start')) as figure,
  substr(o.text, json_extract(f.other, '$.observed.start') + 1,
         json_extract(f.other, '$.observed.end') - json_extract(f.other, '$.observed.start')) as other_figure
from findings f
left join baseline_facts b on b.key = f.key
left join snapshots s on s.id = f.snapshot_id
left join documents d on d.id = f.document_id
left join snapshots o on o.id = json_extract(f.other, '$.snapshot_id')
where f.id = :id
"""


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """The card of a finding, for the row page of the findings table (see templates/row.html)."""
    if view_name != "row" or table != "findings" or request is None:
        return {}

    async def card():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {}
        result = await datasette.get_database(database).execute(_FINDING_SQL, {"id": int(pks)})
        row = result.first()
        return {"monitor_card": finding_card(dict(row), datasette, database)} if row else {}

    return card


def finding_card(row: dict, datasette, database: str) -> dict:
    """What the card shows, every piece of page text escaped (Markup only for our own markup)."""
    loaded = {name: json.loads(row[name]) if row.get(name) else None for name in ("observed", "baseline", "previous", "other", "diff")}
    kind, fact_kind = row["kind"], row.get("fact_kind")
    observed, other = loaded["observed"], loaded["other"] or {}
    words = lambda values: statement_words(values, fact_kind)  # noqa: E731
    if kind == "fact_changed":
        values = Markup('<span class="monitor-old">{}</span> → <span class="monitor-new">{}</span>').format(
            words(loaded["previous"]), words(observed))
    elif kind == "conflict":
        values = Markup('{}: <strong>{}</strong> ≠ {}: <strong>{}</strong>').format(
            row["source"], words(observed), other.get("source"), words(other.get("observed")))
    elif kind in ("edited", "reverted"):
        values = Markup("{}").format(_edit_words(kind, loaded["diff"] or [], other))
    else:
        values = Markup("states <strong>{}</strong>").format(words(observed))
        if loaded["baseline"]:
            values += Markup(' <span class="monitor-vs">· baseline {}</span>').format(words(loaded["baseline"]))
    snapshots = datasette.urls.table(database, "snapshots")
    card = {
        "id": row["id"],
        "kind": kind,
        "key": row["key"],
        "label": row.get("label"),
        "fact_url": fact_page_url(datasette, database, row["key"]) if row["key"] else None,
        "statement": values,
        "evidence": highlighted(row.get("evidence"), row.get("figure")) if kind not in ("edited", "reverted") else None,
        "source": row["source"],
        "url": row.get("watched_url") or row["url"],
        "canonical_url": row["canonical_url"] if row.get("canonical_url") not in (None, row.get("watched_url")) else None,
        "title": row.get("title"),
        "published": row.get("published"),
        "captured_at": row.get("captured_at"),
        "detected_at": row["detected_at"],
        "snapshot_id": row["snapshot_id"],
        "snapshot_url": f"{snapshots}/{row['snapshot_id']}" if row.get("snapshot_id") else None,
        "diff": render_diff(loaded["diff"]) if loaded["diff"] else None,
        "other": None,
    }
    if kind == "conflict" and other:
        card["other"] = {
            "source": other.get("source"),
            "url": other.get("url"),
            "reported_at": (other.get("reported_at") or "")[:10],
            "evidence": highlighted((other.get("observed") or {}).get("evidence"), row.get("other_figure")),
        }
    return card


def _edit_words(kind: str, diff: list[dict], other: dict) -> str:
    counts = {op: sum(1 for entry in diff if entry.get("op") == op) for op in ("changed", "added", "removed")}
    parts = [f"{n} sentence{'s' if n > 1 else ''} {op}" for op, n in counts.items() if n] or ["whitespace only"]
    if kind == "reverted":
        return f"text back to snapshot {other.get('snapshot_id')}: " + ", ".join(parts)
    return "text edited: " + ", ".join(parts)


def highlighted(evidence: str | None, figure: str | None) -> Markup | None:
    """The evidence sentence, escaped, with the figure (as written) in a <mark>."""
    if not evidence:
        return None
    position = evidence.find(figure) if figure else -1
    if position < 0:
        return Markup("{}").format(evidence)
    end = position + len(figure)
    return Markup("{}<mark>{}</mark>{}").format(evidence[:position], figure, evidence[end:])


# ── a page per fact ───────────────────────────────────────────────────────────────────────


def fact_page_url(datasette, database: str, key: str) -> str:
    return datasette.urls.database(database) + f"/facts/{key}"


_READ_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))


@hookimpl
def asgi_wrapper(datasette):
    """A read-only server answers every request to change something (POST to ``/-/insert``, a
    table's ``/-/upsert``, ``/-/create``…) with 405 Method Not Allowed, before Datasette sees it:
    its write API would otherwise fail on the read-only database with a 500."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET").upper() not in _READ_METHODS:
                body = b"405 Method Not Allowed: this monitor database is served read-only\n"
                await send({"type": "http.response.start", "status": 405, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD"),
                    (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def register_routes(datasette):
    return [
        (r"^/(?P<database>[^/]+)/facts/(?P<key>[A-Za-z0-9_]+)$", fact_page),
        (r"^/-/monitor\.css$", stylesheet),
    ]


_STATEMENTS_SQL = """
select o.id, o.key, o.kind, o.value, o.comparator, o.value_max, o.currency, o.unit, o.evidence, o.value_num,
  o.low, o.high, o.attributed_to, o.snapshot_id, s.created_at as captured_at, s.published, s.title,
  coalesce(s.source, d.source) as source, d.url as url,
  substr(s.text, o.start + 1, o.[end] - o.start) as figure,
  (select f.kind from findings f where f.document_id = o.document_id and f.key = o.key
     and f.kind in ('confirms', 'refines', 'imprecise', 'diverges', 'new', 'unverifiable')) as versus
from observations o
join snapshots s on s.id = o.snapshot_id
join documents d on d.id = o.document_id
where o.key = :key
order by s.created_at, o.snapshot_id, o.start, o.id
"""


async def fact_page(datasette, request):
    database, key = request.url_vars["database"], request.url_vars["key"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"no database {database!r}")
    fact = (await db.execute("select * from baseline_facts where key = :key", {"key": key})).first()
    if fact is None:
        raise NotFound(f"no fact {key!r} in this database (see the baseline_facts table)")
    fact = dict(fact)
    statements = [dict(row) for row in (await db.execute(_STATEMENTS_SQL, {"key": key})).rows]
    context = fact_context(fact, statements, datasette, database)
    return Response.html(await datasette.render_template("monitor_fact.html", context, request=request))


def fact_context(fact: dict, statements: list[dict], datasette, database: str) -> dict:
    """The baseline, each source's latest statement, and the chart of them all."""
    baseline = _baseline_values(fact)
    baseline_words = statement_words(baseline, fact["kind"]) if baseline else None
    snapshots = datasette.urls.table(database, "snapshots")
    series: dict[str, list[Point]] = {}
    latest: dict[str, dict] = {}
    for row in statements:
        values = _observation_values(row)
        words = statement_words(values, fact["kind"])
        moment = parse_time_or_none(row["captured_at"])
        point_value = _chart_value(row, values)
        statements_of_source = series.setdefault(row["source"], [])
        if moment is not None:
            # one snapshot may state the fact twice: the chart keeps its first statement
            if not statements_of_source or statements_of_source[-1].at != moment:
                statements_of_source.append(Point(moment, point_value, words))
        if row["source"] not in latest or latest[row["source"]]["snapshot_id"] < row["snapshot_id"]:
            latest[row["source"]] = {
                "source": row["source"], "words": words, "versus": row["versus"],
                "evidence": highlighted(row["evidence"], row["figure"]), "url": row["url"],
                "title": row["title"], "reported": (row["published"] or row["captured_at"] or "")[:10],
                "snapshot_id": row["snapshot_id"], "snapshot_url": f"{snapshots}/{row['snapshot_id']}",
            }
    numeric = fact["kind"] in ("money", "percent", "count", "year")
    chart_baseline = None
    if baseline:
        chart_baseline = baseline["value"] if numeric and isinstance(baseline["value"], (int, float)) else (
            None if numeric else baseline_words)
    chart = timeline_svg(series, baseline=chart_baseline, baseline_words=baseline_words or "",
                         title=f"{fact['key']}: values stated over time, by source")
    return {
        "database": database,
        "database_color": lambda name: "ff0000",
        "fact": fact,
        "baseline_words": baseline_words,
        "chart": chart,
        "latest": sorted(latest.values(), key=lambda item: item["source"]),
        "count": len(statements),
        "timeline_url": datasette.urls.database(database) + f"/fact_timeline?key={fact['key']}",
        "findings_url": datasette.urls.table(database, "findings") + f"?key={fact['key']}",
    }


def _baseline_values(fact: dict) -> dict | None:
    if fact.get("value") is None:
        return None
    value = json.loads(fact["value"])
    return {"value": value, "comparator": fact.get("comparator"), "value_max": fact.get("value_max"),
            "currency": fact.get("currency"), "unit": fact.get("unit")}


def _observation_values(row: dict) -> dict:
    return {"value": json.loads(row["value"]), "comparator": row["comparator"], "value_max": row["value_max"],
            "currency": row["currency"], "unit": row["unit"]}


def _chart_value(row: dict, values: dict):
    """A figure's number (a range's middle), else the value in words (a claim, a list)."""
    if row["value_num"] is not None and row["kind"] in ("money", "percent", "count", "year"):
        if row["comparator"] == "range" and row["value_max"] is not None:
            return (row["value_num"] + row["value_max"]) / 2
        return row["value_num"]
    value = values["value"]
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)



# ── fitting a 1280-pixel screen ───────────────────────────────────────────────────────────

STYLESHEET = """
.rows-and-columns td { overflow-wrap: anywhere; vertical-align: top; }
.rows-and-columns td.col-finding, .rows-and-columns td.col-kind, .rows-and-columns td.col-key,
.rows-and-columns td.col-source, .rows-and-columns td.col-other_source { white-space: nowrap; overflow-wrap: normal; }
.rows-and-columns td.col-detected_at { min-width: 7em; }
.rows-and-columns td.col-summary, .rows-and-columns td.col-says, .rows-and-columns td.col-other_says,
.rows-and-columns td.col-baseline_says, .rows-and-columns td.col-evidence { min-width: 14em; }
.rows-and-columns td.col-diff { min-width: 22em; }
.rows-and-columns td.col-url, .rows-and-columns td.col-other_url { max-width: 16em; font-size: .85em; }
.rows-and-columns .col-atom_id, .rows-and-columns .col-atom_title, .rows-and-columns .col-atom_updated,
.rows-and-columns .col-atom_content_html, .rows-and-columns .col-atom_link { display: none; }
.monitor-evidence { min-width: 0 !important; }
.monitor-card { border: 1px solid #ccc; border-left: 8px solid #888; border-radius: 4px; padding: .8em 1.2em;
  margin: 0 0 1.5em; max-width: 60em; background: #fff; }
.monitor-card h2 { margin: .2em 0 .4em; font-size: 1.4em; }
.monitor-card .monitor-values { font-size: 1.35em; margin: .4em 0 .6em; }
.monitor-card blockquote { margin: .5em 0; padding: .3em .8em; border-left: 3px solid #bbb; font-style: italic;
  font-size: 1.1em; }
.monitor-card mark { background: #ffe066; font-style: normal; font-weight: bold; padding: 0 .15em; }
.monitor-card dl { display: grid; grid-template-columns: max-content 1fr; gap: .25em 1em; margin: .8em 0 0; }
.monitor-card dt { font-weight: bold; color: #555; }
.monitor-card dd { margin: 0; overflow-wrap: anywhere; }
.monitor-badge { display: inline-block; padding: .1em .6em; border-radius: 1em; color: #fff; background: #666;
  font-weight: bold; letter-spacing: .03em; }
.monitor-old { color: #900; text-decoration: line-through; }
.monitor-new { color: #060; font-weight: bold; }
.monitor-vs { color: #555; font-size: .8em; }
.kind-confirms { border-left-color: #2b8a3e; } .kind-confirms .monitor-badge { background: #2b8a3e; }
.kind-refines { border-left-color: #1c7ed6; } .kind-refines .monitor-badge { background: #1c7ed6; }
.kind-imprecise { border-left-color: #e67700; } .kind-imprecise .monitor-badge { background: #e67700; }
.kind-diverges, .kind-conflict { border-left-color: #c92a2a; }
.kind-diverges .monitor-badge, .kind-conflict .monitor-badge { background: #c92a2a; }
.kind-new { border-left-color: #5f3dc4; } .kind-new .monitor-badge { background: #5f3dc4; }
.kind-fact_changed, .kind-edited { border-left-color: #f08c00; }
.kind-fact_changed .monitor-badge, .kind-edited .monitor-badge { background: #f08c00; }
.kind-reverted { border-left-color: #ae3ec9; } .kind-reverted .monitor-badge { background: #ae3ec9; }
.monitor-latest { width: 100%; border-collapse: collapse; }
.monitor-latest th, .monitor-latest td { text-align: left; vertical-align: top; padding: .4em .6em;
  border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
details.monitor-raw { margin-top: 1em; }
details.monitor-raw .table-wrapper { overflow-x: auto; }
"""


async def stylesheet(request):
    return Response(STYLESHEET, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls():
    return ["/-/monitor.css"]


# ── a search the index cannot read ────────────────────────────────────────────────────────


@hookimpl
def handle_exception(datasette, request, exception):
    """An FTS5 syntax error in a search box, said in words instead of "Invalid SQL"."""
    message = getattr(exception, "message", None) or str(exception)
    search = request.args.get("_search") if request is not None else None
    if not search or getattr(exception, "title", None) != "Invalid SQL":
        return None

    async def explain():
        problem = search_problem(search, message)
        page = await datasette.render_template(
            "error.html", {"ok": False, "error": problem, "status": 400, "title": "This search cannot be read"},
            request=request,
        )
        return Response.html(page, status=400)

    return explain


def search_problem(search: str, message: str) -> str:
    """What is wrong with a full-text search, and how to write it."""
    hint = ("Write words (all must appear), \"an exact phrase\" in double quotes, AND / OR / NOT between two "
            "terms, or a prefix* ; put a word with a hyphen, a dot or an apostrophe in double quotes.")
    if search.count('"') % 2:
        return f"The search {search!r} opens a quotation mark it does not close. {hint}"
    words = search.split()
    if words and (words[-1] in ("AND", "OR", "NOT") or words[0] in ("AND", "OR", "NOT")):
        return f"The search {search!r} has AND, OR or NOT without a term on both sides. {hint}"
    if "no such column" in message:
        return f"The search {search!r} has a word followed by a colon, which the index reads as a column name. {hint}"
    return f"The search {search!r} cannot be read by the full-text index ({message}). {hint}"
