"""Comparison of observations with baselines: the DESIGN.md example column, claims, sets, fx."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.facts.catalogue import FactDef
from monitor.facts.compare import compare_all, compare_observation, to_interval
from monitor.model import Baseline, Observation

BN = 1e9
STAKE_BASELINE = Baseline(
    key="nonprofit_stake_usd", value=100 * BN, comparator=">", currency="USD", step=BN,
    evidence="The nonprofit's stake will exceed 100 billion dollars.",
)


def fact(key: str, kind: str, baseline: Baseline | None = None, values: tuple[str, ...] = ()) -> FactDef:
    return FactDef(key=key, label=key.replace("_", " "), kind=kind, values={v: {} for v in values}, baseline=baseline)


STAKE = fact("nonprofit_stake_usd", "money", STAKE_BASELINE)


def money(value: float, comparator: str = "=", currency: str = "USD", step: float = BN, key: str = "nonprofit_stake_usd"):
    return Observation(key=key, kind="money", value=value, comparator=comparator, currency=currency, step=step)


# The "example against baseline '> $100 billion'" column of DESIGN.md, plus the fx cases.
DESIGN_EXAMPLES = [
    ("more than $100bn", money(100 * BN, ">"), {}, "confirms"),
    ("at least $100 billion", money(100 * BN, ">="), {}, "confirms"),
    ("about $130 billion", money(130 * BN, "~"), {}, "refines"),
    ("$130 billion", money(130 * BN), {}, "refines"),
    ("a $100 billion stake", money(100 * BN), {}, "imprecise"),
    ("more than $50 billion", money(50 * BN, ">"), {}, "imprecise"),
    ("between $90 and $150 billion", Observation(key="nonprofit_stake_usd", kind="money", value=90 * BN, comparator="range", value_max=150 * BN, currency="USD", step=BN), {}, "imprecise"),
    ("about $80 billion", money(80 * BN, "~"), {}, "diverges"),
    ("up to $100 billion", money(100 * BN, "<="), {}, "diverges"),
    ("85 milliards d'euros, no rate", money(85 * BN, "=", "EUR"), {}, "unverifiable"),
    # 85e9 EUR × 1.1 = 93.5e9 USD (± 0.55e9 of rounding): below the baseline's bound.
    ("85 milliards d'euros, EUR=1.1", money(85 * BN, "=", "EUR"), {"EUR": 1.1}, "diverges"),
    ("plus de 100 milliards d'euros, EUR=1.1", money(100 * BN, ">", "EUR"), {"EUR": 1.1}, "refines"),
]


@pytest.mark.parametrize(("phrase", "observed", "fx", "expected"), DESIGN_EXAMPLES, ids=[row[0] for row in DESIGN_EXAMPLES])
def test_design_examples_against_more_than_100_billion(phrase, observed, fx, expected):
    comparison = compare_observation(observed, STAKE, fx)
    assert comparison.kind == expected
    assert comparison.baseline == STAKE_BASELINE
    assert comparison.observed is observed


def test_unverifiable_note_names_the_missing_rate():
    comparison = compare_observation(money(85 * BN, "=", "EUR"), STAKE, {"GBP": 1.3})
    assert comparison.note == "no EUR→USD rate in [fx]"


def test_money_without_a_currency_is_unverifiable():
    comparison = compare_observation(money(130 * BN, "~", None), STAKE, {"EUR": 1.1})
    assert (comparison.kind, comparison.note) == ("unverifiable", "no currency stated")


def test_converted_comparison_says_so_in_the_note():
    comparison = compare_observation(money(85 * BN, "=", "EUR"), STAKE, {"EUR": 1.1})
    assert "93,500,000,000 USD" in comparison.note


def test_fact_without_baseline_is_new():
    observed = Observation(key="microsoft_stake_pct", kind="percent", value=27.0, step=1.0)
    comparison = compare_observation(observed, fact("microsoft_stake_pct", "percent"), {})
    assert (comparison.kind, comparison.baseline, comparison.note) == ("new", None, None)


GRANT_BASELINE = Baseline(key="grant_fund_usd", value=50e6, currency="USD", evidence="A 50 million dollar fund.")
GRANT = fact("grant_fund_usd", "money", GRANT_BASELINE)


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        (money(50e6, step=1e6, key="grant_fund_usd"), "confirms"),  # "$50 million"
        (money(50e6, step=1e5, key="grant_fund_usd"), "confirms"),  # "$50.0 million"
        (money(25e6, step=1e6, key="grant_fund_usd"), "diverges"),  # "$25 million"
        (money(50e6, "~", step=1e6, key="grant_fund_usd"), "imprecise"),  # "about $50 million"
        (money(40e6, ">", step=1e6, key="grant_fund_usd"), "imprecise"),  # "more than $40 million"
    ],
)
def test_exact_baseline(observed, expected):
    assert compare_observation(observed, GRANT, {}).kind == expected


def test_baseline_in_another_currency_is_converted_too():
    euro_baseline = Baseline(key="grant_fund_usd", value=50e6, currency="EUR")
    grant_in_euros = fact("grant_fund_usd", "money", euro_baseline)
    assert compare_observation(money(55e6, step=1e6, key="grant_fund_usd"), grant_in_euros, {"EUR": 1.1}).kind == "confirms"
    assert compare_observation(money(55e6, step=1e6, key="grant_fund_usd"), grant_in_euros, {}).kind == "unverifiable"


@pytest.mark.parametrize(("observed", "expected"), [("mou", "confirms"), ("definitive", "diverges")])
def test_claims_confirm_when_equal_and_diverge_otherwise(observed, expected):
    stage = fact("agreement_stage", "claim", Baseline(key="agreement_stage", value="mou"), ("mou", "definitive"))
    obs = Observation(key="agreement_stage", kind="claim", value=observed)
    assert compare_observation(obs, stage, {}).kind == expected


REGULATORS = fact(
    "regulators", "set", Baseline(key="regulators", value=("california_ag", "delaware_ag")), ("california_ag", "delaware_ag")
)
CLOUD = fact("cloud_provider", "set", Baseline(key="cloud_provider", value=("azure",)), ("azure", "oracle", "aws"))
SOLE_CLOUD = dataclasses.replace(CLOUD, exclusive=True)  # the baseline is the whole list: Azure and no one else
RIVALS = fact("competitors", "set", Baseline(key="competitors", value=("anthropic", "meta")), ("anthropic", "meta", "xai"))


@pytest.mark.parametrize(
    ("definition", "members", "expected", "note"),
    [
        (REGULATORS, ("california_ag", "delaware_ag"), "confirms", None),
        (REGULATORS, ("delaware_ag",), "confirms", "names 1 of the baseline's 2: delaware_ag"),
        (CLOUD, ("azure",), "confirms", None),
        # not exclusive: other providers do not contradict "Azure provides the cloud"
        (CLOUD, ("oracle",), "new", "not in the baseline, which does not exclude them: oracle"),
        (CLOUD, ("azure", "oracle"), "refines", "also names oracle"),
        (CLOUD, ("aws", "azure", "oracle"), "refines", "also names aws, oracle"),
        (RIVALS, ("meta", "xai"), "refines", "also names xai; names 1 of the baseline's 2: meta"),
        # exclusive: any other member contradicts the list
        (SOLE_CLOUD, ("azure",), "confirms", None),
        (SOLE_CLOUD, ("oracle",), "diverges", "not in the baseline: oracle"),
        (SOLE_CLOUD, ("aws", "azure"), "diverges", "not in the baseline: aws"),
    ],
)
def test_sets(definition, members, expected, note):
    obs = Observation(key=definition.key, kind="set", value=members)
    comparison = compare_observation(obs, definition, {})
    assert (comparison.kind, comparison.note) == (expected, note)


def test_compare_all_keeps_order_and_uses_each_fact():
    observations = [money(130 * BN, "~"), Observation(key="microsoft_stake_pct", kind="percent", value=27.0, step=1.0)]
    kinds = [c.kind for c in compare_all(observations, [STAKE, fact("microsoft_stake_pct", "percent")], {})]
    assert kinds == ["refines", "new"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((50e6, "=", None, 1e6), (49.5e6, 50.5e6, False, False)),
        ((50e6, "=", None, None), (50e6, 50e6, False, False)),
        ((130e9, "~", None, 1e9), (117e9, 143e9, False, False)),
        ((3.0, "~", None, 1.0), (2.5, 3.5, False, False)),  # never narrower than the rounding
        ((100e9, ">", None, 1e9), (100e9, math.inf, True, True)),
        ((100e9, ">=", None, 1e9), (100e9, math.inf, False, True)),
        ((100e9, "<", None, 1e9), (0.0, 100e9, False, True)),
        ((100e9, "<=", None, 1e9), (0.0, 100e9, False, False)),
        ((10e9, "range", 15e9, 1e9), (10e9, 15e9, False, False)),
    ],
)
def test_to_interval(args, expected):
    assert to_interval(*args) == pytest.approx(expected)


def test_range_without_upper_bound_is_an_error():
    with pytest.raises(ValueError, match="value_max"):
        to_interval(10.0, "range")


# ── properties ───────────────────────────────────────────────────────────────────────────
values = st.floats(min_value=0.01, max_value=1e13, allow_nan=False)
steps = st.one_of(st.none(), st.sampled_from([0.01, 0.1, 1.0, 1e6, 1e9]))


@st.composite
def statements(draw):
    comparator = draw(st.sampled_from(["=", "~", ">", ">=", "<", "<=", "range"]))
    value = draw(values)
    value_max = value + draw(values) if comparator == "range" else None
    return dict(value=value, comparator=comparator, value_max=value_max, step=draw(steps))


def contains(interval, point):
    low, high, low_open, high_open = interval
    above = point > low or (point == low and not low_open)
    below = point < high or (point == high and not high_open)
    return above and below


@given(value=values, comparator=st.sampled_from(["=", "~", ">=", "<="]), step=steps)
def test_closed_interval_contains_its_own_value(value, comparator, step):
    assert contains(to_interval(value, comparator, None, step), value)


@given(value=values, step=steps)
def test_strict_comparators_exclude_their_value_only(value, step):
    assert not contains(to_interval(value, ">", None, step), value)
    assert contains(to_interval(value, ">", None, step), value * 1.01)
    assert not contains(to_interval(value, "<", None, step), value)


def as_pair(a: dict, b: dict):
    observed = Observation(key="x", kind="percent", **a)
    definition = fact("x", "percent", Baseline(key="x", **b))
    return observed, definition


@given(statement=statements())
def test_confirms_is_reflexive(statement):
    observed, definition = as_pair(statement, statement)
    assert compare_observation(observed, definition, {}).kind == "confirms"


@given(a=statements(), b=statements())
def test_kinds_are_symmetric_where_they_should_be(a, b):
    forward = compare_observation(*as_pair(a, b), {}).kind
    backward = compare_observation(*as_pair(b, a), {}).kind
    mirror = {"confirms": {"confirms"}, "diverges": {"diverges"}, "refines": {"imprecise"}, "imprecise": {"imprecise", "refines"}}
    assert backward in mirror[forward]

