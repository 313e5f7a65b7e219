"""Findings for people and programs: a terminal report, a JSON array, a Markdown report.

Every format answers the product's question the same way: which fact, from what to what, says
who (source, URL, date), quoting which sentence. Confirmations are counted, not listed, unless
asked for: a report that repeats what is already known hides what is not.

The input is what ``findings.queries.select_findings`` returns: one dict per stored finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

from rich.console import Console
from rich.text import Text

from monitor.facts.wording import format_statement
from monitor.findings.rules import describe_diff

# The colour of each comparison with the baseline, in these reports and `monitor extract`'s tables.
KIND_STYLES = {
    "confirms": "green",
    "refines": "cyan",
    "imprecise": "yellow",
    "diverges": "bold red",
    "new": "blue",
    "unverifiable": "magenta",
}

PAGE_EDITS = "page edits"  # the group of findings about a page's text, not about one fact

_STYLES = {**KIND_STYLES, "conflict": "bold red", "fact_changed": "bold yellow", "edited": "yellow", "reverted": "magenta"}
_JSON_FIELDS = (
    "id", "kind", "key", "label", "source", "url", "canonical_url", "title", "published", "snapshot_id", "pass_id",
    "detected_at", "summary", "observed", "baseline", "previous", "other", "evidence", "diff",
)  # fmt: skip
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def split_confirms(findings: Sequence[dict], show_confirms: bool) -> tuple[list[dict], int]:
    """The findings to list, and how many confirmations were left out of the list."""
    if show_confirms:
        return list(findings), 0
    listed = [finding for finding in findings if finding["kind"] != "confirms"]
    return listed, len(findings) - len(listed)


def to_json(findings: Iterable[dict]) -> str:
    """One JSON array; values inside observed/baseline/previous as `monitor extract --json` has them."""
    return json.dumps([{name: finding.get(name) for name in _JSON_FIELDS} for finding in findings], indent=2,
                      ensure_ascii=False)


# ── terminal ──────────────────────────────────────────────────────────────────────────────


def render_text(findings: Sequence[dict], console: Console, *, heading: str, show_confirms: bool = False) -> None:
    """Grouped by fact: what was observed next to the baseline, who said it, the evidence.

    Long lines wrap under their own indentation (a hanging indent), so a report read on an
    80-column terminal keeps its shape.
    """
    listed, confirms = split_confirms(findings, show_confirms)
    console.print(Text(f"{_count(len(listed), 'finding')} {heading}", style="bold"))
    for group, members in _grouped(listed):
        console.print()
        title = Text(group, style="bold underline")
        label, baseline = members[0].get("label"), members[0].get("fact_baseline")
        if label:
            title.append(f" — {label}", style="bold")
        print_indented(console, title, 0)
        if baseline:
            quote = f"  “{baseline['evidence']}”" if baseline.get("evidence") else ""
            print_indented(console, Text(f"{_statement(baseline, members[0])}{quote}", style="dim"), 2,
                           Text("baseline: ", style="dim"))
        for finding in members:
            _print_finding(console, finding)
    if confirms:
        console.print()
        print_indented(console, Text(f"{_count(confirms, 'confirmation')} of the baseline not listed "
                                     "(--kind confirms lists them).", style="dim"), 0)


def print_indented(console: Console, text: Text, indent: int, marker: Text | str = "") -> None:
    """``text`` after ``indent`` spaces and ``marker``, its wrapped lines aligned under its start."""
    lead = Text(" " * indent).append_text(Text(marker) if isinstance(marker, str) else marker)
    room = max(20, console.width - lead.cell_len)
    for number, line in enumerate(text.wrap(console, room)):
        line.rstrip()
        console.print(lead + line if number == 0 else Text(" " * lead.cell_len) + line, soft_wrap=True)


def _print_finding(console: Console, finding: dict) -> None:
    kind = finding["kind"]
    print_indented(console, Text(_headline(finding)), 2, Text(f"{kind:<13}", style=_STYLES.get(kind, "")))
    print_indented(console, Text(_who(finding), style="dim"), 4)
    if finding["kind"] == "conflict":
        other = finding["other"]
        print_indented(console, Text(f"{other['source']} · {other['url']} · {other['reported_at'][:10]}", style="dim"), 4,
                       Text("vs ", style="dim"))
    if finding.get("evidence") and finding["kind"] not in ("edited", "reverted"):
        print_indented(console, _highlighted(finding["evidence"], finding.get("figure")).append("”"), 4, "“")
    if finding["kind"] == "conflict":
        print_indented(console, Text(f"{finding['other']['observed']['evidence']}”", style="italic"), 4, "“")
    for entry in finding.get("diff") or ():
        marker, line = _diff_line(entry)
        print_indented(console, line, 4, marker)


def headline(finding: dict) -> str:
    """What a finding says in one line: "50 million USD → 40 million USD", "a: X  ≠  b: Y",
    "~130 billion USD  (baseline >100 billion USD)", "text edited: 1 sentence changed"."""
    return _headline(finding)


def _headline(finding: dict) -> str:
    kind = finding["kind"]
    if kind == "fact_changed":
        return f"{_statement(finding['previous'], finding)} → {_statement(finding['observed'], finding)}"
    if kind == "conflict":
        other = finding["other"]
        return f"{finding['source']}: {_statement(finding['observed'], finding)}  ≠  {other['source']}: {_statement(other['observed'], finding)}"
    if kind == "edited":
        return f"text edited: {describe_diff(finding.get('diff') or ())}"
    if kind == "reverted":
        target = (finding.get("other") or {}).get("snapshot_id")
        return f"text back to snapshot {target}: {describe_diff(finding.get('diff') or ())}"
    observed = _statement(finding["observed"], finding)
    return f"{observed}  (baseline {_statement(finding['baseline'], finding)})" if finding.get("baseline") else observed


def _diff_line(entry: dict) -> tuple[Text, Text]:
    """The marker (-, +, ~) and the line of one diff entry."""
    if entry["op"] == "removed":
        return Text("- ", style="red"), Text(entry["old"], style="red")
    if entry["op"] == "added":
        return Text("+ ", style="green"), Text(entry["new"], style="green")
    line = Text()
    for op, words in entry["words"]:
        style = {"-": "red strike", "+": "bold green"}.get(op, "")
        if line:
            line.append(" ")
        line.append(f"[-{words}-]" if op == "-" else f"{{+{words}+}}" if op == "+" else words, style=style)
    return Text("~ "), line


def _highlighted(evidence: str, figure: str | None) -> Text:
    text = Text(evidence)
    position = evidence.find(figure) if figure else -1
    if position >= 0:
        text.stylize("bold reverse", position, position + len(figure))
    return text


# ── Markdown ──────────────────────────────────────────────────────────────────────────────


def to_markdown(findings: Sequence[dict], *, heading: str, show_confirms: bool = False) -> str:
    """A report to paste into an issue or an e-mail: one section per fact, quotes as quotes."""
    listed, confirms = split_confirms(findings, show_confirms)
    lines = [f"# {_count(len(listed), 'finding')} {heading}"]
    for group, members in _grouped(listed):
        title = f"## `{group}`" if group != PAGE_EDITS else f"## {PAGE_EDITS.capitalize()}"
        if members[0].get("label"):
            title += f" — {_md(members[0]['label'])}"
        lines += ["", title]
        if members[0].get("fact_baseline"):
            lines += ["", f"Baseline: **{_md(_statement(members[0]['fact_baseline'], members[0]))}**"]
        lines.append("")
        for finding in members:
            lines += _markdown_finding(finding)
    if confirms:
        lines += ["", f"_{_count(confirms, 'confirmation')} of the baseline not listed._"]
    return "\n".join(lines) + "\n"


def _markdown_finding(finding: dict) -> list[str]:
    who = f"[{_md(finding['source'])}]({finding['url']}), {_date(finding)}"
    lines = [f"- **{finding['kind']}**: {_md(_headline(finding))} — {who}"]
    if finding.get("evidence") and finding["kind"] not in ("edited", "reverted"):
        lines.append(f"  > {_md_highlighted(finding['evidence'], finding.get('figure'))}")
    if finding["kind"] == "conflict":
        other = finding["other"]
        lines.append(f"  > {_md(other['observed']['evidence'])} — [{_md(other['source'])}]({other['url']})")
    for entry in finding.get("diff") or ():
        if entry["op"] == "removed":
            lines.append(f"  - removed: ~~{_md(entry['old'])}~~")
        elif entry["op"] == "added":
            lines.append(f"  - added: **{_md(entry['new'])}**")
        else:
            words = " ".join(
                f"~~{_md(text)}~~" if op == "-" else f"**{_md(text)}**" if op == "+" else _md(text)
                for op, text in entry["words"]
            )
            lines.append(f"  - changed: {words}")
    return lines


def _md(text: str) -> str:
    """Text as Markdown shows it literally: scraped words must not turn into markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_highlighted(evidence: str, figure: str | None) -> str:
    position = evidence.find(figure) if figure else -1
    if position < 0:
        return _md(evidence)
    end = position + len(figure)
    return f"{_md(evidence[:position])}**{_md(figure)}**{_md(evidence[end:])}"


# ── shared ────────────────────────────────────────────────────────────────────────────────


def _grouped(findings: Iterable[dict]) -> list[tuple[str, list[dict]]]:
    """Findings by fact, in order of first appearance; page edits last."""
    groups: dict[str, list[dict]] = {}
    for finding in findings:
        groups.setdefault(finding["key"] or PAGE_EDITS, []).append(finding)
    edits = groups.pop(PAGE_EDITS, None)
    return list(groups.items()) + ([(PAGE_EDITS, edits)] if edits else [])


def statement_words(values: dict | None, fact_kind: str | None) -> str:
    """A stored statement or baseline (JSON fields of `monitor extract --json`) in words:
    "~130 billion USD", "mou", "ai_literacy, community_innovation"; "—" for none."""
    return _statement(values, {"fact_kind": fact_kind})


def _statement(values: dict | None, finding: dict) -> str:
    """A stored statement (JSON fields of `monitor extract --json`) as a reader would write it."""
    if values is None:
        return "—"
    value = values["value"]
    fields = {**values, "value": tuple(value) if isinstance(value, list) else value}
    return format_statement(SimpleNamespace(**fields), finding.get("fact_kind"))


def _who(finding: dict) -> str:
    return f"{finding['source']} · {finding['url']} · {_date(finding)}"


def _date(finding: dict) -> str:
    """The date the page gives itself, else when it was captured."""
    moment = finding.get("published") or finding.get("captured_at") or finding["detected_at"]
    return moment[:10]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
