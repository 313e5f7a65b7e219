"""Table-driven tests of the quantity parser, plus the behaviour the tables cannot show.

tests/data/quantity_cases.json is the shared specification (a copy of
shared/quantities/cases.json); quantity_cases_extra.json holds our own cases, and
quantity_cases_more_languages.json those of the later languages (pt, nl, pl, ru, uk, tr, ja, zh,
ko). Each case lists every quantity expected in its text, in order: a case with an empty list
says "nothing here".
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from monitor.facts.quantities import LANGUAGES, find_quantities, guess_language

DATA = Path(__file__).parent / "data"
CASES = [
    case
    for name in ("quantity_cases.json", "quantity_cases_extra.json", "quantity_cases_more_languages.json")
    for case in json.loads((DATA / name).read_text(encoding="utf-8"))
]


def _described(text, quantity):
    """A quantity in the vocabulary of the case files, to compare and to print on failure."""
    value = quantity.value
    if quantity.kind == "date":
        value = date.fromordinal(int(value)).isoformat()
    return {
        "kind": quantity.kind,
        "value": value,
        "currency": quantity.currency,
        "comparator": quantity.comparator,
        "value_max": quantity.value_max,
        "unit": quantity.unit,
        "step": quantity.step,
        "span": text[quantity.start:quantity.end],
        "span_full": text[quantity.full_start:quantity.full_end],
    }


def _expected(expect):
    """An expected quantity with the defaults the case files leave out."""
    full = dict(expect)
    full.setdefault("comparator", "=")
    full.setdefault("currency", None)
    full.setdefault("value_max", None)
    full.setdefault("span_full", full["span"])
    return full


def _check(case, language):
    text = case["text"]
    found = [_described(text, q) for q in find_quantities(text, language)]
    wanted = [_expected(e) for e in case["expect"]]
    assert len(found) == len(wanted), f"{case['id']}: found {found}"
    for got, want in zip(found, wanted):
        for key, value in want.items():
            if key in ("kind", "span", "span_full", "currency", "comparator", "unit") or (
                key == "value" and want["kind"] == "date"
            ):
                assert got[key] == value, f"{case['id']} {key}: {got}"
            elif value is None:
                assert got[key] is None, f"{case['id']} {key}: {got}"
            else:
                assert got[key] == pytest.approx(value, rel=1e-9), f"{case['id']} {key}: {got}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_with_its_language(case):
    _check(case, case["lang"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_without_language(case):
    """Plain .txt input has no language: the parser guesses, or reads what needs no language."""
    _check(case, None)


def test_case_files_cover_every_language_and_traps():
    languages = {case["lang"] for case in CASES}
    assert set(LANGUAGES) <= languages
    assert sum(1 for case in CASES if not case["expect"]) >= 15
    for language in ("pt", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko"):
        cases = [case for case in CASES if case["lang"] == language]
        assert len(cases) >= 15 and any(not case["expect"] for case in cases), language


def test_quantities_come_in_text_order_with_spans_inside_the_text():
    text = (
        "Le fonds dépasse 100 milliards de dollars ; Microsoft détient 27 % et trois sièges, "
        "jusqu'en 2032, selon le texte publié le 28 octobre 2025."
    )
    quantities = find_quantities(text, "fr")
    assert [q.kind for q in quantities] == ["money", "percent", "count", "year", "date"]
    starts = [q.full_start for q in quantities]
    assert starts == sorted(starts)
    for q in quantities:
        assert 0 <= q.full_start <= q.start < q.end <= q.full_end <= len(text)


@pytest.mark.parametrize(
    "text, language, step",
    [
        ("$1.5 billion", "en", 1e8),
        ("$130 billion", "en", 1e9),
        ("$50 million", "en", 1e6),
        ("27 %", "fr", 1),
        ("3,25 %", "fr", 0.01),
        ("130.000 millones de dólares", "es", 1e6),
        ("$750,000", "en", 1),
    ],
)
def test_step_is_the_size_of_the_last_written_digit(text, language, step):
    (quantity,) = find_quantities(text, language)
    assert quantity.step == pytest.approx(step)


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("1,500 jobs", "en", 1500),  # English groups with a comma
        ("1,500 milliard d'euros", "fr", 1.5e9),  # French writes decimals with one
        ("1.500 Mitarbeiter", "de", 1500),
        ("1.500 millones de euros", "es", 1.5e9),
        ("1\u00a0000,5 euros", "fr", 1000.5),
        ("1,000.5 dollars", "en", 1000.5),
        ("1.000,5 Euro", "de", 1000.5),
    ],
)
def test_separators_are_read_by_language_and_group_shape(text, language, value):
    (quantity,) = find_quantities(text, language)
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("1 billion dollars", "en", 1e9),
        ("1 Billion Dollar", "de", 1e12),
        ("1 billion de dollars", "fr", 1e12),
        ("1 billón de dólares", "es", 1e12),
    ],
)
def test_billion_follows_the_language(text, language, value):
    (quantity,) = find_quantities(text, language)
    assert quantity.value == value


def test_counted_noun_is_kept_lowercased_as_written():
    units = [q.unit for q in find_quantities("Drei Bereiche, 3 billion users and 500 employees.", "en")]
    assert units == ["users", "employees"]
    assert [q.unit for q in find_quantities("Die Strategie umfasst drei Bereiche.", "de")] == ["bereiche"]


def test_from_to_is_a_change_not_a_range():
    low, high = find_quantities("Revenue rose from $10bn to $15bn.", "en")
    assert (low.comparator, high.comparator) == ("=", "=")
    assert (low.value, high.value) == (1e10, 1.5e10)


def test_dates_give_back_their_day():
    (quantity,) = find_quantities("Publié le 1er octobre 2025.", "fr")
    assert date.fromordinal(int(quantity.value)) == date(2025, 10, 1)


def test_impossible_dates_are_not_dates():
    assert find_quantities("Mis à jour le 31/02/2025.", "fr") == []


def test_a_text_without_figures_gives_nothing():
    assert find_quantities("", None) == []
    assert find_quantities("Aucun chiffre ici, seulement des mots.", None) == []


@pytest.mark.parametrize(
    "text, language",
    [
        ("The company said that it will sign the deal with its partners.", "en"),
        ("Le groupe a signé un accord avec les autorités pour la suite.", "fr"),
        ("Der Konzern hat die Vereinbarung mit den Partnern unterzeichnet.", "de"),
        ("La empresa firmó el acuerdo con los socios para el futuro.", "es"),
        ("Il gruppo ha firmato l'accordo con gli enti per il futuro.", "it"),
        ("A empresa não comentou o acordo, que também inclui uma cláusula.", "pt"),
        ("Het bedrijf heeft het akkoord niet bevestigd, maar een woordvoerder wel.", "nl"),
        ("Spółka nie skomentowała umowy, która jest już podpisana przez zarząd.", "pl"),
        ("Компания не стала комментировать сделку, которая уже подписана.", "ru"),
        ("Компанія не коментувала угоду, яка вже підписана і набула чинності.", "uk"),
        ("Şirket anlaşma ile ilgili bir açıklama yapmadı, ancak bu hafta olabilir.", "tr"),
        ("同社は合意についてコメントしていない。", "ja"),
        ("该公司没有对协议发表评论。", "zh"),
        ("該公司沒有對協議發表評論。", "zh"),
        ("회사는 합의에 대해 언급하지 않았다.", "ko"),
        ("12345 67 89", None),
    ],
)
def test_guess_language(text, language):
    assert guess_language(text) == language


def test_an_unknown_language_code_skips_spelled_out_counts():
    text = "It has three areas and $5bn."
    assert [q.kind for q in find_quantities(text, "en")] == ["count", "money"]
    assert [q.kind for q in find_quantities(text, "xx")] == ["money"]


@pytest.mark.parametrize("language", [None, "en"])
def test_spans_keep_the_quantities_that_start_inside_them(language):
    text = ("Revenue reached $13 billion last year. The grant fund holds $50 million for three areas. "
            "Microsoft owns about 27 % of the company, worth roughly $135 billion.")
    whole = find_quantities(text, language)
    second = (text.index("The grant"), text.index("Microsoft"))
    third = (second[1], len(text))
    assert [q.value for q in find_quantities(text, language, spans=[second])] == [50e6, 3]
    assert find_quantities(text, language, spans=[second, third]) == [q for q in whole if q.start >= second[0]]
    assert find_quantities(text, language, spans=[]) == []


@pytest.mark.parametrize(
    "text, language, value, currency",
    [
        ("1,350억 달러", "ko", 1350e8, "USD"),
        ("1천350억 달러", "ko", 1350e8, "USD"),  # a small unit inside a big one: (1000 + 350) × 1e8
        ("1조 3500억 원", "ko", 1.35e12, "KRW"),
        ("1兆3500億円", "ja", 1.35e12, "JPY"),
        ("１３５０億ドル", "ja", 1350e8, "USD"),  # fullwidth digits
        ("1.35万亿美元", "zh", 1.35e12, "USD"),
        ("五百亿美元", "zh", 5e10, "USD"),
        ("一万五千亿元", "zh", 1.5e12, "CNY"),
        ("新台幣4兆1300億元", "zh", 4.13e12, "TWD"),  # the currency written before the number
        ("百分之27", "zh", 27, None),
    ],
)
def test_east_asian_scales_multiply_and_add_up(text, language, value, currency):
    (quantity,) = find_quantities(text, language)
    assert (quantity.kind, quantity.currency) == ("money" if currency else "percent", currency)
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["千万不要", "万一出事", "数千億円", "一些公司", "三星电子", "第3四半期", "GPT-5"])
def test_chinese_numerals_in_ordinary_words_are_not_figures(text):
    assert find_quantities(text, "zh") == [] and find_quantities(text, "ja") == []


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("yüzde 27", "tr", 27), ("%27'si", "tr", 27), ("百分之二十七", "zh", 27), ("27 proc.", "pl", 27),
        ("27 процентов", "ru", 27), ("27 відсотків", "uk", 27), ("27 procent", "nl", 27), ("27 por cento", "pt", 27),
        # tenths: "成" in Chinese, "割" in Japanese
        ("基金会持股约 3 成", "zh", 30), ("持股近四成", "zh", 40), ("株式の約4割を持つ", "ja", 40), ("2.5割", "ja", 25),
    ],
)
def test_percent_words_of_the_later_languages(text, language, value):
    (quantity,) = find_quantities(text, language)
    assert (quantity.kind, quantity.value) == ("percent", value)


def test_tenths_keep_their_comparator():
    (quantity,) = find_quantities("非营利机构持股逾 4 成", "zh")
    assert (quantity.kind, quantity.value, quantity.comparator) == ("percent", 40, ">")


@pytest.mark.parametrize("text, language", [("3成为最大股东", "zh"), ("营收成长", "zh"), ("3割引で売る", "ja"), ("十五成", "zh")])
def test_tenths_characters_opening_a_word_are_no_figure(text, language):
    assert [q for q in find_quantities(text, language) if q.kind == "percent"] == []


@pytest.mark.parametrize(
    "text, language",
    [
        ("até 2032", "pt"), ("tot 2032", "nl"), ("do 2032 r.", "pl"), ("до 2032 года", "ru"), ("до 2032 року", "uk"),
        ("2032'ye kadar", "tr"), ("2032 yılına kadar", "tr"), ("2032年まで", "ja"), ("到2032年", "zh"),
        ("2032年前", "zh"), ("2032년까지", "ko"),
    ],
)
def test_until_year_in_the_later_languages(text, language):
    (quantity,) = find_quantities(text, language)
    assert (quantity.kind, quantity.value) == ("year", 2032)


def test_billion_follows_the_later_languages():
    assert find_quantities("4 bln zł", "pl")[0].value == 4e12  # Polish "bilion" is 1e12
    assert find_quantities("4 biliões de dólares", "pt")[0].value == 4e12  # European Portuguese
    assert find_quantities("4 bilhões de dólares", "pt")[0].value == 4e9  # Brazilian Portuguese
    assert find_quantities("4 biljoen dollar", "nl")[0].value == 4e12


def test_regional_codes_of_the_later_languages():
    text = "微軟持股約27%，價值約1350億美元。"
    assert find_quantities(text, "zh-TW") == find_quantities(text, "zh-Hant") == find_quantities(text, "zh")
    assert find_quantities("R$ 1,5 bilhão", "pt-BR")[0].value == 1.5e9
    assert find_quantities("R$ 1,5 bilhão", "en-US") == find_quantities("R$ 1,5 bilhão", "xx") == []  # as before: unknown


@pytest.mark.parametrize("language", ["pt", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko"])
def test_spans_in_the_later_languages(language):
    """Windows of whole sentences give the quantities of the whole text that start inside them,
    in texts joined from the cases (Chinese and Japanese sentences touch, with no space between)."""
    import random

    sentences = [case["text"] for case in CASES if case["lang"] == language]
    rng = random.Random(language)
    gap = "" if language in ("ja", "zh") else " "
    for _ in range(30):
        picked = rng.sample(sentences, 6)
        text = gap.join(picked)
        starts = [sum(len(s) + len(gap) for s in picked[:k]) for k in range(len(picked))]
        windows = [(start, start + len(s)) for start, s in zip(starts, picked) if rng.random() < 0.5]
        for declared in (language, None):
            whole = find_quantities(text, declared)
            inside = [q for q in whole if any(start <= q.start < end for start, end in windows)]
            assert find_quantities(text, declared, spans=windows) == inside, text
