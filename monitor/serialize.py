"""Quantities, observations, baselines and comparisons as JSON-ready dicts.

Why one module: `monitor extract --json`, `monitor baseline show --json` and `monitor diff
--format json` must spell the same fields the same way, so every command imports these
functions instead of building its own dicts.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from monitor.model import Baseline, Comparison, FactValue, Observation, Quantity


def quantity_to_dict(quantity: Quantity, text: str) -> dict:
    """A quantity with the words it was read from (`text` is the text it was found in)."""
    return {
        "kind": quantity.kind,
        "value": _quantity_value(quantity),
        "currency": quantity.currency,
        "unit": quantity.unit,
        "comparator": quantity.comparator,
        "value_max": quantity.value_max,
        "text": text[quantity.full_start : quantity.full_end] or text[quantity.start : quantity.end],
        "start": quantity.start,
        "end": quantity.end,
    }


def _quantity_value(quantity: Quantity) -> float | str:
    """A date's value is its day number inside the parser; readers get the ISO date."""
    if quantity.kind == "date":
        return date.fromordinal(int(quantity.value)).isoformat()
    return quantity.value


def observation_to_dict(observation: Observation) -> dict:
    return {
        "key": observation.key,
        "value": _value(observation.value),
        "currency": observation.currency,
        "unit": observation.unit,
        "comparator": observation.comparator,
        "value_max": observation.value_max,
        "evidence": observation.evidence,
        "start": observation.start,
        "end": observation.end,
        "attributed_to": observation.attributed_to,
    }


def baseline_to_dict(baseline: Baseline) -> dict:
    return {
        "key": baseline.key,
        "value": _value(baseline.value),
        "currency": baseline.currency,
        "unit": baseline.unit,
        "comparator": baseline.comparator,
        "value_max": baseline.value_max,
        "evidence": baseline.evidence,
    }


def comparison_to_dict(comparison: Comparison) -> dict:
    return {
        "key": comparison.key,
        "kind": comparison.kind,
        "observed": observation_to_dict(comparison.observed),
        "baseline": baseline_to_dict(comparison.baseline) if comparison.baseline else None,
        "note": comparison.note,
    }


def _value(value: FactValue) -> float | str | list[str]:
    """Set members become a JSON list; numbers and claim values stay as they are."""
    return list(value) if isinstance(value, tuple) else value


def parse_time_or_none(text: str | None) -> datetime | None:
    """A stored ISO time as an aware datetime (naive means UTC); None when absent or unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
