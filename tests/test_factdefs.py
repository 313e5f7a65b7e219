"""Validation of the [[fact]] and [fx] tables: every mistake is reported with its file, fact
and field, and the shipped catalogue is the one the issue asks for."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.facts.catalogue import FactDef, parse_facts, parse_fx

ROOT = Path(__file__).resolve().parents[1]


def money_fact(**changes):
    fact = {"key": "grant_fund_usd", "kind": "money", "cues": {"en": ["grant"]}}
    fact.update(changes)
    return fact


def test_parses_a_money_fact_with_baseline():
    [fact] = parse_facts([money_fact(label=" Grants ", baseline={"value": 50e6, "currency": "USD", "evidence": "x"})], "s.toml")
    assert isinstance(fact, FactDef)
    assert (fact.key, fact.label, fact.kind, fact.cues["en"]) == ("grant_fund_usd", "Grants", "money", ("grant",))
    assert (fact.baseline.value, fact.baseline.comparator, fact.baseline.currency) == (50e6, "=", "USD")


def test_parses_plausible_bounds():
    [fact] = parse_facts([money_fact(plausible=[1e5, 1e10], baseline={"value": 50e6, "currency": "USD"})], "s.toml")
    assert fact.plausible == (1e5, 1e10)
    assert parse_facts([money_fact()], "s.toml")[0].plausible is None


def test_parses_claims_and_sets():
    claim = {
        "key": "agreement_stage", "kind": "claim",
        "values": {"mou": {"all": ["MOU"]}, "definitive": {"en": ["definitive agreement"]}},
        "pending": {"definitive": "mou"}, "negated": {"definitive": "mou"}, "baseline": {"value": "mou"},
    }
    members = {"key": "regulators", "kind": "set", "values": {"delaware_ag": {"all": ["Delaware"]}, "california_ag": {"all": ["California"]}},
               "baseline": {"value": ["delaware_ag", "california_ag", "delaware_ag"]}}
    sole = {"key": "sole_cloud", "kind": "set", "exclusive": True, "values": {"azure": {"all": ["Azure"]}}}
    stage, regulators, sole_cloud = parse_facts([claim, members, sole], "s.toml")
    assert stage.baseline.value == "mou" and stage.pending == {"definitive": "mou"}
    assert regulators.baseline.value == ("california_ag", "delaware_ag")
    assert (regulators.exclusive, sole_cloud.exclusive) == (False, True)


def test_no_fact_table_means_no_facts():
    assert parse_facts(None, "s.toml") == ()


@pytest.mark.parametrize(
    "items, where, field, words",
    [
        ({"key": "x"}, "fact", None, "array of tables"),
        (["x"], "fact #1", None, "must be a table"),
        ([{"kind": "money"}], "fact #1", "key", "lowercase identifier"),
        ([money_fact(cuse={"en": ["grant"]})], "fact 'grant_fund_usd'", "cuse", "did you mean 'cues'"),
        ([money_fact(), money_fact()], "fact 'grant_fund_usd'", "key", "duplicate"),
        ([money_fact(kind="monney")], "fact 'grant_fund_usd'", "kind", "did you mean 'money'"),
        ([money_fact(cues={"english": ["grant"]})], "fact 'grant_fund_usd'", "cues.english", "unknown language"),
        ([money_fact(cues={"en": "grant"})], "fact 'grant_fund_usd'", "cues.en", "list of non-empty strings"),
        ([money_fact(cues={})], "fact 'grant_fund_usd'", "cues", "needs cues"),
        ([money_fact(baseline={"value": 1, "currency": "USD", "comparator": "=="})], "fact 'grant_fund_usd'", "baseline.comparator", "comparator"),
        ([money_fact(baseline={"value": "50 million", "currency": "USD"})], "fact 'grant_fund_usd'", "baseline.value", "must be a number"),
        ([money_fact(baseline={"value": 5e7})], "fact 'grant_fund_usd'", "baseline.currency", "currency"),
        ([money_fact(baseline={"value": 5e7, "currency": "USD", "comparator": "range"})], "fact 'grant_fund_usd'", "baseline.value_max", "range"),
        ([money_fact(baseline={"value": 5e7, "currency": "USD", "valeu": 1})], "fact 'grant_fund_usd'", "baseline.valeu", "did you mean 'value'"),
        ([{"key": "ip", "kind": "year", "cues": {"en": ["IP"]}, "baseline": {"value": 2032.5}}], "fact 'ip'", "baseline.value", "whole year"),
        ([{"key": "s", "kind": "claim", "values": {"mou": {"all": ["MOU"]}}, "baseline": {"value": "signed"}}], "fact 's'", "baseline.value", "one of the claim's values"),
        ([{"key": "r", "kind": "set", "values": {"delaware_ag": {"all": ["Delaware"]}}, "baseline": {"value": ["texas_ag"]}}], "fact 'r'", "baseline.value", "list of the set's values"),
        ([{"key": "r", "kind": "set"}], "fact 'r'", "values", "needs [fact.values"),
        ([money_fact(values={"a": {"en": ["x"]}})], "fact 'grant_fund_usd'", "values", "only claim and set"),
        ([{"key": "s", "kind": "claim", "values": {"mou": {"all": ["MOU"]}}, "pending": {"definitive": "mou"}}], "fact 's'", "pending", "known values: mou"),
        ([money_fact(party_names={"all": ["Microsoft"]})], "fact 'grant_fund_usd'", "party_names", "needs a party"),
        ([money_fact(party_roles={"en": ["software giant"]})], "fact 'grant_fund_usd'", "party_roles", "needs a party"),
        ([money_fact(party="microsoft", party_roles={"en": "software giant"})], "fact 'grant_fund_usd'", "party_roles.en", "list of non-empty strings"),
        ([money_fact(exclusive=True)], "fact 'grant_fund_usd'", "exclusive", "sets only"),
        ([{"key": "r", "kind": "set", "values": {"a": {"all": ["A"]}}, "exclusive": "yes"}], "fact 'r'", "exclusive", "true or false"),
        ([money_fact(plausible=[1e10, 1e9])], "fact 'grant_fund_usd'", "plausible", "low < high"),
        ([money_fact(plausible=[1e9])], "fact 'grant_fund_usd'", "plausible", "[low, high]"),
        ([money_fact(plausible=["1e9", 1e12])], "fact 'grant_fund_usd'", "plausible", "[low, high]"),
        ([{"key": "r", "kind": "set", "values": {"a": {"all": ["A"]}}, "plausible": [0, 1]}], "fact 'r'", "plausible", "numeric facts only"),
        ([money_fact(plausible=[1e9, 1e12], baseline={"value": 5e7, "currency": "USD"})], "fact 'grant_fund_usd'", "plausible",
         "baseline value 5e+07 is outside"),
    ],
)
def test_mistakes_are_located(items, where, field, words):
    with pytest.raises(ConfigError) as raised:
        parse_facts(items, "sources.toml")
    error = raised.value
    assert (error.path, error.where, error.field) == ("sources.toml", where, field)
    assert words in error.message
    assert str(error).startswith("sources.toml: ")


def test_parse_fx():
    assert parse_fx({"EUR": 1.08, "GBP": 1}, "s.toml") == {"EUR": 1.08, "GBP": 1.0}
    assert parse_fx(None, "s.toml") == {}
    for table, field in (({"eur": 1.08}, "eur"), ({"EUR": 0}, "EUR"), ({"EUR": "1.08"}, "EUR"), ({"EUR": True}, "EUR")):
        with pytest.raises(ConfigError) as raised:
            parse_fx(table, "s.toml")
        assert (raised.value.where, raised.value.field) == ("fx", field)
    with pytest.raises(ConfigError):
        parse_fx(["EUR"], "s.toml")


def test_shipped_catalogue():
    with open(ROOT / "sources.toml", "rb") as handle:
        raw = tomllib.load(handle)
    facts = {fact.key: fact for fact in parse_facts(raw["fact"], "sources.toml")}
    assert set(facts) == {
        "agreement_stage", "nonprofit_stake_usd", "nonprofit_oversight", "grant_fund_usd", "grant_focus_areas", "grant_focus_area_count",
        "regulators", "cloud_provider", "competitors", "nonprofit_stake_pct", "microsoft_stake_pct",
        "microsoft_stake_usd", "microsoft_investment_usd", "azure_commitment_usd", "openai_valuation_usd",
        "foundation_commitment_usd", "ip_rights_until", "agi_expert_panel",
    }
    baselines = {key: (f.baseline.value, f.baseline.comparator, f.baseline.currency) for key, f in facts.items() if f.baseline}
    assert baselines == {
        "agreement_stage": ("mou", "=", None),
        "nonprofit_stake_usd": (100e9, ">", "USD"),
        "nonprofit_oversight": ("true", "=", None),
        "grant_fund_usd": (50e6, "=", "USD"),
        "grant_focus_areas": (("ai_literacy", "community_innovation", "economic_opportunity"), "=", None),
        "grant_focus_area_count": (3, "=", None),
        "regulators": (("california_ag", "delaware_ag"), "=", None),
        "cloud_provider": (("azure",), "=", None),
        "competitors": (("amazon", "anthropic", "google_deepmind", "meta"), "=", None),
    }
    assert all(f.baseline.evidence for f in facts.values() if f.baseline)
    for fact in facts.values():  # every fact speaks the five languages
        lexicons = [fact.cues] if fact.kind not in ("claim", "set") else list(fact.values.values())
        languages = set().union(*(lexicon.keys() for lexicon in lexicons))
        assert "all" in languages or languages >= {"en", "fr", "de", "es", "it"}, fact.key
