"""A fact's value in words, the same everywhere a person reads one: "> 100 billion USD", "27 %".

Findings summaries, `monitor diff`, `monitor extract` and the baseline draft all quote values,
so they take this one spelling rather than each formatting numbers its own way.
"""

from __future__ import annotations

from monitor.model import Baseline, FactValue, Observation, Quantity

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_COMPARATOR_WORDS = {"=": "", "~": "~", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}


def format_statement(statement: Observation | Baseline | Quantity, kind: str) -> str:
    """A value of a fact of this kind as a reader would write it: "> 100 billion USD", "27 %"."""
    if isinstance(statement.value, tuple):
        return ", ".join(statement.value)
    if isinstance(statement.value, str):
        return statement.value
    if statement.comparator == "range":
        number = f"{_number(statement.value)}–{_number(statement.value_max)}"
    else:
        number = _COMPARATOR_WORDS.get(statement.comparator, statement.comparator) + _number(statement.value)
    suffix = " %" if kind == "percent" else ""
    unit = statement.currency or statement.unit
    return number + suffix + (f" {unit}" if unit else "")


def _number(value: FactValue) -> str:
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:g}"
