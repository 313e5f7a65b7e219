"""Fact definitions: the `[[fact]]` and `[fx]` tables of sources.toml, validated into typed objects.

A fact definition says which figure or claim to track and which words tie a sentence to it, so
that the attribution engine (monitor.facts.attribution) stays free of deal-specific vocabulary. Every error
names the file, the fact and the field, because the user fixes it by editing that file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from monitor.errors import ConfigError
from monitor.model import COMPARATORS, Baseline, FactValue

KINDS = ("money", "percent", "count", "year", "claim", "set")
NUMERIC_KINDS = ("money", "percent", "count", "year")
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko")
# "all" holds words that read the same in every language (company names, "MOU").
LEXICON_KEYS = LANGUAGES + ("all",)

_FACT_FIELDS = (
    "key", "label", "kind", "party", "party_names", "party_roles", "cues", "vetoes", "values", "negated", "pending", "exclusive",
    "plausible", "baseline",
)  # fmt: skip
_BASELINE_FIELDS = ("value", "comparator", "value_max", "currency", "unit", "step", "evidence")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_CURRENCY_RE = re.compile(r"[A-Z]{3}\Z")

Lexicon = Mapping[str, tuple[str, ...]]  # language (or "all") → words and phrases


@dataclass(frozen=True)
class FactDef:
    """One tracked fact: what it is, the words that point to it, and its reference value."""

    key: str
    label: str
    kind: str  # one of KINDS
    cues: Lexicon = field(default_factory=dict, hash=False)
    vetoes: Lexicon = field(default_factory=dict, hash=False)
    # claim/set: value → language → phrases expressing that value
    values: Mapping[str, Lexicon] = field(default_factory=dict, hash=False)
    baseline: Baseline | None = None
    # Who the fact is said of ("nonprofit", "microsoft"); a figure whose nearest named party is
    # another party is not this fact. None: any party.
    party: str | None = None
    # Names of `party` per language; names given in one fact serve every fact of that party.
    party_names: Lexicon = field(default_factory=dict, hash=False)
    # Role nouns of `party` per language ("the Redmond giant", "la start-up"): they stand for the
    # party once it has been named earlier in the text; shared like party_names.
    party_roles: Lexicon = field(default_factory=dict, hash=False)
    # claim: the value a phrase stands for when negated ("no longer controls" → "false"); a
    # negated value with no entry is dropped.
    negated: Mapping[str, str] = field(default_factory=dict, hash=False)
    # claim: the value a phrase stands for when only in prospect ("negotiating a definitive
    # agreement" → "mou"); a value with no entry keeps its meaning.
    pending: Mapping[str, str] = field(default_factory=dict, hash=False)
    # set: the baseline is the whole list, so naming another member contradicts it. False: the
    # baseline's members hold and others may too (see monitor.facts.compare).
    exclusive: bool = False
    # numeric: (low, high) — a figure outside cannot be this fact, whatever its cue words say
    # ("Microsoft is worth $4 trillion" is no stake). Compared as written, in any currency: an
    # order-of-magnitude guard, not a check of the value.
    plausible: tuple[float, float] | None = None


def parse_facts(items: list | None, path: str) -> tuple[FactDef, ...]:
    """Validate the `[[fact]]` array of tables; an absent array means no tracked facts."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ConfigError(path, "'fact' must be an array of tables: write [[fact]]", where="fact")
    facts: list[FactDef] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        fact = _parse_fact(item, index, path)
        if fact.key in seen:
            raise ConfigError(path, "duplicate key: each fact key must be unique", where=f"fact '{fact.key}'", field="key")
        seen.add(fact.key)
        facts.append(fact)
    return tuple(facts)


def parse_fx(table: dict | None, path: str) -> dict[str, float]:
    """Validate the `[fx]` table: currency code → US dollars per unit (EUR = 1.08)."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(path, "'fx' must be a table of CODE = USD per unit, e.g. EUR = 1.08", where="fx")
    rates: dict[str, float] = {}
    for code, rate in table.items():
        if not _CURRENCY_RE.match(code):
            raise ConfigError(path, "currency codes are three capital letters (ISO 4217), e.g. EUR", where="fx", field=code)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate <= 0:
            raise ConfigError(path, f"rate must be a positive number of US dollars per {code}, got {rate!r}", where="fx", field=code)
        rates[code] = float(rate)
    return rates


def _parse_fact(item: object, index: int, path: str) -> FactDef:
    if not isinstance(item, dict):
        raise ConfigError(path, "each [[fact]] must be a table", where=f"fact #{index + 1}")
    key = item.get("key")
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise ConfigError(
            path, "key must be a lowercase identifier such as 'grant_fund_usd'", where=f"fact #{index + 1}", field="key"
        )
    where = f"fact '{key}'"
    _reject_unknown(item, _FACT_FIELDS, path, where)

    label = item.get("label", key)
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(path, "label must be a non-empty string", where=where, field="label")
    kind = item.get("kind")
    if kind not in KINDS:
        raise ConfigError(path, f"kind must be one of {', '.join(KINDS)}{_suggest(kind, KINDS)}", where=where, field="kind")
    party = item.get("party")
    if party is not None and (not isinstance(party, str) or not _KEY_RE.match(party)):
        raise ConfigError(path, "party must be a lowercase identifier such as 'microsoft'", where=where, field="party")

    cues = _parse_lexicon(item.get("cues"), path, where, "cues")
    vetoes = _parse_lexicon(item.get("vetoes"), path, where, "vetoes")
    party_names = _parse_lexicon(item.get("party_names"), path, where, "party_names")
    if party_names and party is None:
        raise ConfigError(path, "party_names needs a party", where=where, field="party_names")
    party_roles = _parse_lexicon(item.get("party_roles"), path, where, "party_roles")
    if party_roles and party is None:
        raise ConfigError(path, "party_roles needs a party", where=where, field="party_roles")

    values: dict[str, Lexicon] = {}
    raw_values = item.get("values")
    if kind in ("claim", "set"):
        if not isinstance(raw_values, dict) or not raw_values:
            raise ConfigError(path, f"a {kind} needs [fact.values.<value>] tables of phrases", where=where, field="values")
        for value, lexicon in raw_values.items():
            if not _KEY_RE.match(value):
                raise ConfigError(path, f"value names are lowercase identifiers, got {value!r}", where=where, field="values")
            values[value] = _parse_lexicon(lexicon, path, where, f"values.{value}")
    elif raw_values is not None:
        raise ConfigError(path, f"only claim and set facts have values, not {kind}", where=where, field="values")
    elif not cues:
        raise ConfigError(path, "a numeric fact needs cues, or no figure can be tied to it", where=where, field="cues")

    exclusive = item.get("exclusive", False)
    if not isinstance(exclusive, bool):
        raise ConfigError(path, f"exclusive must be true or false, got {exclusive!r}", where=where, field="exclusive")
    if exclusive and kind != "set":
        raise ConfigError(path, f"exclusive is for sets only, not {kind}", where=where, field="exclusive")

    negated = _parse_value_map(item.get("negated"), kind, values, path, where, "negated")
    pending = _parse_value_map(item.get("pending"), kind, values, path, where, "pending")

    plausible = _parse_plausible(item.get("plausible"), kind, path, where)
    baseline = _parse_baseline(item.get("baseline"), key, kind, values, path, where)
    if plausible and baseline and not plausible[0] <= baseline.value <= plausible[1]:
        raise ConfigError(path, f"the baseline value {baseline.value:g} is outside plausible = [{plausible[0]:g}, {plausible[1]:g}]",
                          where=where, field="plausible")
    return FactDef(
        key=key,
        label=label.strip(),
        kind=kind,
        cues=cues,
        vetoes=vetoes,
        values=values,
        baseline=baseline,
        party=party,
        party_names=party_names,
        party_roles=party_roles,
        negated=negated,
        pending=pending,
        exclusive=exclusive,
        plausible=plausible,
    )


def _parse_plausible(raw: object, kind: str, path: str, where: str) -> tuple[float, float] | None:
    if raw is None:
        return None
    if kind not in NUMERIC_KINDS:
        raise ConfigError(path, f"plausible is for numeric facts only, not {kind}", where=where, field="plausible")
    if not isinstance(raw, list) or len(raw) != 2 or not all(_is_number(bound) for bound in raw) or not raw[0] < raw[1]:
        raise ConfigError(path, f"plausible must be [low, high] with low < high, in base units (1e9 for a billion), got {raw!r}",
                          where=where, field="plausible")
    return float(raw[0]), float(raw[1])


def _parse_value_map(raw: object, kind: str, values: Mapping[str, Lexicon], path: str, where: str, name: str) -> dict[str, str]:
    if raw is None:
        return {}
    if kind != "claim" or not isinstance(raw, dict):
        raise ConfigError(path, f"{name} is a table of claim value = value, for claims only", where=where, field=name)
    for source, target in raw.items():
        if source not in values or target not in values:
            raise ConfigError(
                path, f"{name} maps a claim value to a claim value; known values: {', '.join(values)}", where=where, field=name
            )
    return dict(raw)


def _parse_lexicon(raw: object, path: str, where: str, name: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(path, f"{name} must be a table of language = [phrases]", where=where, field=name)
    lexicon: dict[str, tuple[str, ...]] = {}
    for language, phrases in raw.items():
        if language not in LEXICON_KEYS:
            raise ConfigError(
                path,
                f"unknown language {language!r}; use one of {', '.join(LEXICON_KEYS)}{_suggest(language, LEXICON_KEYS)}",
                where=where,
                field=f"{name}.{language}",
            )
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ConfigError(path, "must be a list of non-empty strings", where=where, field=f"{name}.{language}")
        lexicon[language] = tuple(p.strip() for p in phrases)
    return lexicon


def _parse_baseline(
    raw: object, key: str, kind: str, values: Mapping[str, Lexicon], path: str, where: str
) -> Baseline | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError(path, "baseline must be a table: [fact.baseline]", where=where, field="baseline")
    _reject_unknown(raw, _BASELINE_FIELDS, path, where, prefix="baseline.")
    comparator = raw.get("comparator", "=")
    if comparator not in COMPARATORS:
        raise ConfigError(
            path, f"comparator must be one of {' '.join(COMPARATORS)}, got {comparator!r}", where=where, field="baseline.comparator"
        )
    evidence = raw.get("evidence", "")
    if not isinstance(evidence, str):
        raise ConfigError(path, "evidence must be a string", where=where, field="baseline.evidence")
    value = _baseline_value(raw.get("value"), kind, values, path, where)
    value_max = raw.get("value_max")
    if comparator == "range":
        if not _is_number(value_max) or value_max < value:
            raise ConfigError(path, "a range needs value_max ≥ value", where=where, field="baseline.value_max")
        value_max = float(value_max)
    elif value_max is not None:
        raise ConfigError(path, "value_max is only for comparator = \"range\"", where=where, field="baseline.value_max")
    currency = raw.get("currency")
    if kind == "money":
        if not isinstance(currency, str) or not _CURRENCY_RE.match(currency):
            raise ConfigError(path, "a money baseline needs currency = \"USD\" (ISO 4217)", where=where, field="baseline.currency")
    elif currency is not None:
        raise ConfigError(path, f"currency is only for money, not {kind}", where=where, field="baseline.currency")
    unit = raw.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise ConfigError(path, "unit must be a string", where=where, field="baseline.unit")
    step = raw.get("step")
    if step is not None and (not _is_number(step) or step <= 0):
        raise ConfigError(path, "step must be a positive number", where=where, field="baseline.step")
    return Baseline(
        key=key,
        value=value,
        comparator=comparator,
        value_max=value_max,
        currency=currency,
        unit=unit,
        step=None if step is None else float(step),
        evidence=evidence.strip(),
    )


def _baseline_value(value: object, kind: str, values: Mapping[str, Lexicon], path: str, where: str) -> FactValue:
    field_name = "baseline.value"
    if kind in NUMERIC_KINDS:
        if not _is_number(value):
            raise ConfigError(path, f"a {kind} baseline value must be a number, got {value!r}", where=where, field=field_name)
        if kind == "year" and (value != int(value) or not 1900 <= value <= 2200):
            raise ConfigError(path, f"a year must be a whole year such as 2032, got {value!r}", where=where, field=field_name)
        if value < 0:
            raise ConfigError(path, f"a {kind} cannot be negative", where=where, field=field_name)
        return float(value)
    if kind == "claim":
        if value not in values:
            raise ConfigError(
                path, f"must be one of the claim's values: {', '.join(values)}{_suggest(value, values)}", where=where, field=field_name
            )
        return value
    members = value if isinstance(value, list) else None
    if not members or any(member not in values for member in members):
        raise ConfigError(
            path, f"a set baseline is a list of the set's values: {', '.join(values)}", where=where, field=field_name
        )
    return tuple(sorted(set(members)))


def _reject_unknown(table: dict, known: tuple[str, ...], path: str, where: str, prefix: str = "") -> None:
    for name in table:
        if name not in known:
            raise ConfigError(path, f"unknown field{_suggest(name, known)}", where=where, field=prefix + name)


def _suggest(word: object, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
