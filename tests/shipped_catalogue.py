"""The fact catalogue as sources.toml ships it, and what the engine reads in a text with it:
the fact-engine test modules all ask the same question of the same catalogue."""

from __future__ import annotations

import tomllib
from pathlib import Path

from monitor.facts.attribution import extract_observations
from monitor.facts.catalogue import FactDef, parse_facts

ROOT = Path(__file__).resolve().parents[1]


def shipped_facts() -> tuple[FactDef, ...]:
    with open(ROOT / "sources.toml", "rb") as handle:
        return parse_facts(tomllib.load(handle)["fact"], "sources.toml")


def facts_of(text: str, catalogue, language: str | None = None) -> set[tuple]:
    """(key, value) of every observation the engine reads in `text`."""
    return {(o.key, o.value) for o in extract_observations(text, catalogue, language)}
