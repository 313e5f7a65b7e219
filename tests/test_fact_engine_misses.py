"""Misses a colleague reported in the fact engine, one test each, with a neighbour that must
keep its old reading (so a fix cannot pass by reading everything the new way)."""

from __future__ import annotations

import pytest

from monitor.facts.attribution import extract_observations
from monitor.facts.quantities import find_quantities


def facts_of(text, catalogue, language):
    return {(o.key, o.value, o.comparator) for o in extract_observations(text, catalogue, language)}


@pytest.mark.parametrize(
    "text, language, comparator",
    [
        ("Selon nos informations, la part de la fondation dépasserait 100 milliards de dollars.", "fr", ">"),
        ("Les deux participations dépasseraient 100 milliards de dollars.", "fr", ">"),
        ("La part de la fondation atteindrait 100 milliards de dollars.", "fr", "="),
    ],
)
def test_conditional_of_depasser_means_more_than(text, language, comparator):
    money = [q for q in find_quantities(text, language) if q.kind == "money"]
    assert [(q.value, q.comparator) for q in money] == [(100e9, comparator)]


@pytest.mark.parametrize(
    "text, language, quantities",
    [
        ("Microsoft's IP rights were extended from 2030 to 2032.", "en", [("year", 2030.0), ("year", 2032.0)]),
        ("Les droits de Microsoft passent de 2030 à 2032.", "fr", [("year", 2030.0), ("year", 2032.0)]),
        # no "from": a span of years stays unread, as before
        ("The 2030 to 2032 window was discussed.", "en", []),
    ],
)
def test_a_change_between_two_years_gives_two_years(text, language, quantities):
    assert [(q.kind, q.value) for q in find_quantities(text, language)] == quantities


def test_extended_from_one_year_to_another_keeps_the_new_year(catalogue):
    text = "Microsoft's rights to OpenAI's intellectual property were extended from 2030 to 2032."
    assert facts_of(text, catalogue, "en") == {("ip_rights_until", 2032.0, "=")}


@pytest.mark.parametrize(
    "text, language, stage",
    [
        (
            "OpenAI et Microsoft ont signé un protocole d'accord (MOU) non contraignant ; "
            "l'accord définitif reste à négocier.",
            "fr",
            "mou",
        ),
        ("Microsoft and OpenAI say the definitive agreement remains to be negotiated.", "en", "mou"),
        ("Microsoft and OpenAI have signed a definitive agreement.", "en", "definitive"),
    ],
)
def test_a_definitive_agreement_still_to_come_is_a_memorandum(text, language, stage, catalogue):
    stages = {value for key, value, _ in facts_of(text, catalogue, language) if key == "agreement_stage"}
    assert stages == {stage}


def test_the_foundation_continuing_to_oversee_the_mission_is_oversight(catalogue):
    text = "La fondation d'OpenAI continuera de superviser la mission."
    assert ("nonprofit_oversight", "true", "=") in facts_of(text, catalogue, "fr")
