"""Draft `[fact.baseline]` tables from a reference document, for a person to review.

Why a draft and not a write: the baseline is what every article is judged against, so a person
must read each value and its sentence before it goes into sources.toml. The engine proposes
what the document supports (the first statement of each fact; for sets, every member the
document names) and flags later sentences that state the fact differently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from monitor.facts.compare import compare_observation
from monitor.facts.wording import format_statement
from monitor.model import Baseline, Observation


@dataclass(frozen=True)
class Draft:
    """A proposed baseline and the later statements of the same fact that disagree with it."""

    baseline: Baseline
    disagreements: tuple[Observation, ...] = ()


def draft_baselines(observations: Sequence[Observation], facts: Iterable) -> list[Draft]:
    """One draft per fact the observations support, in catalogue order.

    Money needs a currency to be a baseline, so money observations without one are ignored.
    """
    drafts = []
    for fact in facts:
        stated = [o for o in observations if o.key == fact.key and (fact.kind != "money" or o.currency)]
        if not stated:
            continue
        if fact.kind == "set":
            drafts.append(Draft(_set_baseline(stated)))
            continue
        baseline = _baseline_of(stated[0])
        judged = replace(fact, baseline=baseline)
        disagreements = tuple(o for o in stated[1:] if compare_observation(o, judged, {}).kind != "confirms")
        drafts.append(Draft(baseline, disagreements))
    return drafts


def drafts_to_toml(drafts: Sequence[Draft], facts: Iterable, origin: str) -> str:
    """The drafts as `[[fact]]` tables, with the unsupported facts in a closing comment."""
    lines = [
        f"# Baselines supported by {origin}.",
        "# Review each value and sentence, then copy its [fact.baseline] table under the [[fact]]",
        "# of the same key in sources.toml.",
    ]
    for draft in drafts:
        baseline = draft.baseline
        lines += ["", "[[fact]]", f"key = {_toml(baseline.key)}", "", "[fact.baseline]"]
        for name in ("value", "comparator", "value_max", "currency", "unit", "step", "evidence"):
            value = getattr(baseline, name)
            if value is not None:
                lines.append(f"{name} = {_toml(value)}")
        for other in draft.disagreements:
            lines.append(f"# also stated differently: {format_statement(other, other.kind)}")
            lines.append(f"#   {other.evidence}")
    supported = {draft.baseline.key for draft in drafts}
    unsupported = [fact.key for fact in facts if fact.key not in supported]
    if unsupported:
        lines += ["", f"# Not supported by this document: {', '.join(unsupported)}"]
    return "\n".join(lines) + "\n"


def _baseline_of(observation: Observation) -> Baseline:
    return Baseline(
        key=observation.key,
        value=observation.value,
        comparator=observation.comparator,
        value_max=observation.value_max,
        currency=observation.currency,
        unit=observation.unit,
        step=observation.step,
        evidence=observation.evidence,
    )


def _set_baseline(stated: Sequence[Observation]) -> Baseline:
    """Every member named anywhere; the evidence is each sentence that added a member."""
    members: list[str] = []
    sentences: list[str] = []
    for observation in stated:
        added = [m for m in observation.value if m not in members]
        if added:
            members += added
            sentences.append(observation.evidence)
    return Baseline(key=stated[0].key, value=tuple(sorted(members)), evidence=" … ".join(sentences))


def _toml(value) -> str:
    """A TOML literal: JSON strings and lists are valid TOML; whole numbers get digit groups."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return f"{int(value):_}"
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)
