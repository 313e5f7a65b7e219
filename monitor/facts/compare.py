"""Set each observation against its fact's baseline and name the relation.

Why intervals: a figure in the news is a statement about a range, not a point. "$50 million"
means "rounded to the million", "about $130 billion" a band around 130, "more than $100
billion" everything above 100. Turning both sides into intervals makes the kinds of DESIGN.md
("Facts") plain set relations:

- ``confirms``: the same statement: the same comparator and the same value within the
  rounding of either side, or intervals with the same bounds (``>`` and ``>=`` count as the
  same: news writing does not separate "more than" from "at least");
- ``refines``: the observation lies strictly inside the baseline (it is more precise);
- ``imprecise``: the two overlap but the observation is not inside the baseline (it is vaguer
  than the baseline or straddles one of its bounds);
- ``diverges``: the two are disjoint;
- ``new``: the fact has no baseline;
- ``unverifiable``: money in a currency without a rate in ``[fx]`` (or with no currency at all):
  a missing rate must never raise a false alarm.

Claims confirm when equal and diverge otherwise.

Sets (members named by the fact definition) depend on what the baseline claims. A set is
``exclusive`` when its baseline is the whole list (no other member may hold: "the only cloud
provider is Azure"); by default it is not, and the baseline only says that its members hold
(Azure provides computing, which does not stop Oracle from providing some too). Read that way,
a set statement is the set of worlds where at least its members hold, and the kinds follow:

- the members named are all in the baseline: ``confirms``, exclusive or not; naming only some
  of them carries a note ("names 1 of the baseline's 2"), because a sentence that cites
  Delaware's attorney general alone does not deny California's;
- an exclusive set with a member outside the baseline: ``diverges`` (it contradicts the list);
- a non-exclusive set naming baseline members and others: ``refines``: it agrees with the
  baseline and says more (naming all of the baseline's members and more, the article's
  statement lies inside the baseline's, as "about $130 billion" inside "more than $100
  billion"); the note names the others;
- a non-exclusive set naming only members outside the baseline: ``new``: the baseline says
  nothing about them, so there is nothing to confirm or contradict (an article on the Oracle
  compute deal against the baseline "Azure provides the cloud").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

from monitor.facts.catalogue import FactDef
from monitor.model import Baseline, Comparison, FactValue, Observation

# Half-width of the "~" band, relative to the value. Writers round "about" figures to one or
# two significant digits: ±10 % covers two-digit rounding ("about 130" for 125–135) with room
# to spare, yet keeps "about $80 billion" (72–88) clear of "more than $100 billion". The band is
# never narrower than the rounding of the digits written.
APPROX_RELATIVE_BAND = 0.10

Interval = tuple[float, float, bool, bool]  # (low, high, low_open, high_open)


def to_interval(
    value: float, comparator: str, value_max: float | None = None, step: float | None = None
) -> Interval:
    """The values a statement allows: ``(low, high, low_open, high_open)``.

    ``=`` with a step allows rounding to the digits written (``v ± step/2``); without a step it
    is a point. ``<`` and ``<=`` start at 0 for positive values, since amounts, shares and
    counts are never negative.
    """
    half_step = step / 2 if step else 0.0
    floor = 0.0 if value > 0 else -math.inf
    if comparator == "=":
        return (value - half_step, value + half_step, False, False)
    if comparator == "~":
        band = max(abs(value) * APPROX_RELATIVE_BAND, half_step)
        return (value - band, value + band, False, False)
    if comparator == ">":
        return (value, math.inf, True, True)
    if comparator == ">=":
        return (value, math.inf, False, True)
    if comparator == "<":
        return (floor, value, False, True)
    if comparator == "<=":
        return (floor, value, False, False)
    if comparator == "range":
        if value_max is None:
            raise ValueError("comparator 'range' needs value_max")
        return (value, value_max, False, False)
    raise ValueError(f"unknown comparator {comparator!r}")


def compare_observation(obs: Observation, fact: FactDef, fx: Mapping[str, float]) -> Comparison:
    """Compare one observation with the baseline of its fact definition."""
    baseline: Baseline | None = fact.baseline
    if baseline is None:
        return Comparison(key=obs.key, kind="new", observed=obs)
    if fact.kind == "claim":
        kind = "confirms" if obs.value == baseline.value else "diverges"
        return Comparison(key=obs.key, kind=kind, observed=obs, baseline=baseline)
    if fact.kind == "set":
        kind, note = _compare_sets(obs.value, baseline.value, exclusive=fact.exclusive)
        return Comparison(key=obs.key, kind=kind, observed=obs, baseline=baseline, note=note)
    note = None
    observed, compared_baseline = obs, baseline
    if fact.kind == "money" and obs.currency != baseline.currency:
        missing = [c for c in (obs.currency, baseline.currency) if _usd_rate(c, fx) is None]
        if obs.currency is None or missing:
            note = f"no {' or '.join(missing)}→USD rate in [fx]" if obs.currency else "no currency stated"
            return Comparison(key=obs.key, kind="unverifiable", observed=obs, baseline=baseline, note=note)
        observed = _in_usd(obs, fx)
        compared_baseline = _in_usd(baseline, fx)
        note = f"compared in USD: {obs.value:,.0f} {obs.currency} ≈ {observed.value:,.0f} USD"
    kind = _compare_numbers(observed, compared_baseline)
    return Comparison(key=obs.key, kind=kind, observed=obs, baseline=baseline, note=note)


def compare_all(observations: Iterable[Observation], facts: Iterable[FactDef], fx: Mapping[str, float]) -> list[Comparison]:
    """Compare every observation with its fact's baseline, in the observations' order."""
    by_key = {fact.key: fact for fact in facts}
    return [compare_observation(obs, by_key[obs.key], fx) for obs in observations]


def _compare_numbers(observed: Observation | Baseline, baseline: Observation | Baseline) -> str:
    if observed.comparator == baseline.comparator and _same_value(observed, baseline):
        return "confirms"
    seen = to_interval(observed.value, observed.comparator, observed.value_max, observed.step)
    reference = to_interval(baseline.value, baseline.comparator, baseline.value_max, baseline.step)
    if _same_bounds(seen, reference):
        return "confirms"
    if disjoint(seen, reference):
        return "diverges"
    if _inside(seen, reference):
        return "refines"
    return "imprecise"


def _same_value(a: Observation | Baseline, b: Observation | Baseline) -> bool:
    """Equal within the rounding of either side (half the coarser step)."""
    tolerance = max(a.step or 0.0, b.step or 0.0) / 2

    def close(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is y
        return abs(x - y) <= tolerance or math.isclose(x, y, rel_tol=1e-9)

    return close(a.value, b.value) and close(a.value_max, b.value_max)


def _equal(x: float, y: float) -> bool:
    return x == y or math.isclose(x, y, rel_tol=1e-9)


def _same_bounds(a: Interval, b: Interval) -> bool:
    return _equal(a[0], b[0]) and _equal(a[1], b[1])


def disjoint(a: Interval, b: Interval) -> bool:
    """True when no value lies in both intervals (touching ends share their value unless one is open)."""
    return _ends_before(a, b) or _ends_before(b, a)


def _ends_before(a: Interval, b: Interval) -> bool:
    """True when every value of ``a`` is below every value of ``b``."""
    a_high, b_low = a[1], b[0]
    if _equal(a_high, b_low):
        return a[3] or b[2]
    return a_high < b_low


def _inside(inner: Interval, outer: Interval) -> bool:
    """True when ``inner`` lies within ``outer`` (an open bound of ``outer`` excludes its value)."""
    low_ok = inner[0] > outer[0] or (_equal(inner[0], outer[0]) and (inner[2] or not outer[2]))
    high_ok = inner[1] < outer[1] or (_equal(inner[1], outer[1]) and (inner[3] or not outer[3]))
    return low_ok and high_ok


def _compare_sets(observed: FactValue, baseline: FactValue, *, exclusive: bool) -> tuple[str, str | None]:
    seen, reference = set(observed), set(baseline)
    outside = ", ".join(sorted(seen - reference))
    named = sorted(seen & reference)
    partly = None
    if named and len(named) < len(reference):
        partly = f"names {len(named)} of the baseline's {len(reference)}: {', '.join(named)}"
    if not outside:
        return "confirms", partly
    if exclusive:
        return "diverges", f"not in the baseline: {outside}"
    if not named:
        return "new", f"not in the baseline, which does not exclude them: {outside}"
    return "refines", "; ".join(filter(None, [f"also names {outside}", partly]))


def _usd_rate(currency: str | None, fx: Mapping[str, float]) -> float | None:
    return 1.0 if currency == "USD" else fx.get(currency)


def _in_usd(statement, fx: Mapping[str, float]):
    """The same statement with value, upper bound and step converted to USD."""
    rate = _usd_rate(statement.currency, fx)

    def convert(x: float | None) -> float | None:
        return None if x is None else x * rate

    return replace(
        statement,
        value=convert(statement.value),
        value_max=convert(statement.value_max),
        step=convert(statement.step),
        currency="USD",
    )


def observation_bounds(kind: str, value, comparator: str, value_max: float | None, step: float | None):
    """The ends of the interval a numeric statement allows, ``(low, high)``, as stored with each
    observation so contradicting statements are found by range; ``(None, None)`` for sets and
    claims, which are not intervals."""
    if kind in ("set", "claim"):
        return None, None
    low, high, _low_open, _high_open = to_interval(value, comparator, value_max, step)
    return low, high
