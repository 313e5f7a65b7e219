"""Property tests: amounts written the way each language writes them are read back exactly.

Hypothesis draws an amount (digits, scale, currency, comparator), formats it in one language's
conventions ("plus de 1 234,5 milliards de dollars", "mehr als 1.234,5 Mrd. US-Dollar"), puts it
in a sentence, and checks that the parser finds exactly that one quantity with the right value,
currency, comparator and span. The last test checks that reading only some sentences
(`spans=`) gives the same quantities as reading the whole fixture article and filtering.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.facts.quantities import find_quantities
from monitor.facts.sentences import split_sentences

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
ARTICLE_LANGUAGES = json.loads((ARTICLES / "expectations.json").read_text(encoding="utf-8"))

# Thousands separator and decimal mark of each language ("fr" also uses U+202F and U+00A0).
SEPARATORS = {"en": [(",", ".")], "fr": [(" ", ","), ("\u202f", ","), ("\u00a0", ",")],
              "de": [(".", ",")], "es": [(".", ",")], "it": [(".", ",")]}

COMPARATORS = {
    "en": {"=": "", ">": "more than ", ">=": "at least ", "~": "about ", "<=": "up to ", "<": "less than "},
    "fr": {"=": "", ">": "plus de ", ">=": "au moins ", "~": "environ ", "<=": "jusqu'à ", "<": "moins de "},
    "de": {"=": "", ">": "mehr als ", ">=": "mindestens ", "~": "rund ", "<=": "bis zu ", "<": "weniger als "},
    "es": {"=": "", ">": "más de ", ">=": "al menos ", "~": "alrededor de ", "<=": "hasta ", "<": "menos de "},
    "it": {"=": "", ">": "oltre ", ">=": "almeno ", "~": "circa ", "<=": "fino a ", "<": "meno di "},
}

# (written scale, value) and (written currency, ISO code), for figures written "number scale currency".
SCALES = {
    "en": [("", 1), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12), ("bn", 10**9)],
    "fr": [("", 1), ("millions", 10**6), ("milliards", 10**9)],
    "de": [("", 1), ("Millionen", 10**6), ("Mio.", 10**6), ("Milliarden", 10**9), ("Mrd.", 10**9),
           ("Billionen", 10**12)],
    "es": [("", 1), ("millones", 10**6), ("mil millones", 10**9), ("billones", 10**12)],
    "it": [("", 1), ("milioni", 10**6), ("miliardi", 10**9)],
}
CURRENCIES = {
    "en": [("dollars", "USD"), ("euros", "EUR"), ("pounds", "GBP"), ("yen", "JPY")],
    "fr": [("dollars", "USD"), ("euros", "EUR"), ("dollars américains", "USD"), ("livres sterling", "GBP")],
    "de": [("US-Dollar", "USD"), ("Dollar", "USD"), ("Euro", "EUR"), ("Pfund", "GBP")],
    "es": [("dólares", "USD"), ("euros", "EUR"), ("libras", "GBP")],
    "it": [("dollari", "USD"), ("euro", "EUR"), ("sterline", "GBP")],
}
PREFIX_SYMBOLS = [("$", "USD"), ("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("C$", "CAD")]
SENTENCE = {
    "en": "The group said it would commit {} over the period.",
    "fr": "Le groupe a annoncé {} sur la période.",
    "de": "Der Konzern kündigte {} für den Zeitraum an.",
    "es": "El grupo anunció {} durante el periodo.",
    "it": "Il gruppo ha annunciato {} nel periodo.",
}
PERCENT_WORDS = {"en": ["%", " percent", " per cent"], "fr": [" %", " pour cent", "\u00a0%"],
                 "de": [" Prozent", " %"], "es": [" por ciento", " %"], "it": [" per cento", "%"]}
NOUNS = {"en": ["employees", "users", "stores"], "fr": ["salariés", "utilisateurs", "magasins"],
         "de": ["Mitarbeiter", "Nutzer", "Filialen"], "es": ["empleados", "usuarios", "tiendas"],
         "it": ["dipendenti", "utenti", "negozi"]}
NUMBER_WORDS = {"en": "two three four five six seven eight nine ten eleven twelve",
                "fr": "deux trois quatre cinq six sept huit neuf dix onze douze",
                "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
                "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce",
                "it": "due tre quattro cinque sei sette otto nove dieci undici dodici"}

languages = st.sampled_from(sorted(SENTENCE))


def written(integer: int, decimals: str, grouping: str, mark: str) -> str:
    """An amount with its thousands grouped and its decimal mark, as one language writes it."""
    groups = f"{integer:,}".split(",")
    return grouping.join(groups) + (mark + decimals if decimals else "")


def exact(integer: int, decimals: str) -> Decimal:
    return Decimal(f"{integer}.{decimals}" if decimals else str(integer))


def of(language: str, currency: str) -> str:
    """The word linking a scale to its currency: "de dollars", "d'euros", "di euro", or nothing."""
    if language == "fr":
        return "d'" if currency[0] in "ae" else "de "
    return {"es": "de ", "it": "di "}.get(language, "")


def check_single(sentence, language, kind, value, comparator, currency=None, figure=None, full=None):
    quantities = find_quantities(sentence, language)
    assert len(quantities) == 1, (sentence, quantities)
    (q,) = quantities
    assert q.kind == kind, (sentence, q)
    assert abs(q.value - value) <= 1e-9 * abs(value), (sentence, q)
    assert q.comparator == comparator, (sentence, q)
    assert q.currency == currency, (sentence, q)
    if figure is not None:
        assert sentence[q.start:q.end] == figure, (sentence, q)
        assert sentence[q.full_start:q.full_end] == full, (sentence, q)


@settings(max_examples=300, deadline=None)
@given(
    language=languages,
    integer=st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from(["", "", "5", "25", "125"]),
    data=st.data(),
)
def test_money_written_number_scale_currency(language, integer, decimals, data):
    grouping, mark = data.draw(st.sampled_from(SEPARATORS[language]))
    scale_word, scale = data.draw(st.sampled_from(SCALES[language]))
    currency_word, code = data.draw(st.sampled_from(CURRENCIES[language]))
    comparator = data.draw(st.sampled_from(sorted(COMPARATORS[language])))
    if language == "en" and currency_word == "pounds" and not scale_word:
        currency_word, code = "euros", "EUR"  # "243 pounds" alone is a weight
    number = written(integer, decimals, grouping, mark)
    link = of(language, currency_word) if scale_word and not scale_word.endswith(".") else ""
    figure = f"{number} {scale_word} {link}{currency_word}" if scale_word else f"{number} {currency_word}"
    figure = figure.replace(" d' ", " d'")
    full = COMPARATORS[language][comparator] + figure
    check_single(SENTENCE[language].format(full), language, "money",
                 float(exact(integer, decimals) * scale), comparator, code, figure, full)


@settings(max_examples=200, deadline=None)
@given(
    integer=st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from(["", "5", "75"]),
    symbol=st.sampled_from(PREFIX_SYMBOLS),
    scale=st.sampled_from([("", 1), (" million", 10**6), (" billion", 10**9), ("bn", 10**9), ("m", 10**6)]),
    comparator=st.sampled_from(sorted(COMPARATORS["en"])),
)
def test_money_written_with_a_leading_symbol(integer, decimals, symbol, scale, comparator):
    number = written(integer, decimals, ",", ".")
    figure = f"{symbol[0]}{number}{scale[0]}"
    full = COMPARATORS["en"][comparator] + figure
    check_single(SENTENCE["en"].format(full), "en", "money",
                 float(exact(integer, decimals) * scale[1]), comparator, symbol[1], figure, full)


@settings(max_examples=200, deadline=None)
@given(
    language=languages,
    integer=st.integers(min_value=0, max_value=100),
    decimals=st.sampled_from(["", "5", "25"]),
    data=st.data(),
)
def test_percentages(language, integer, decimals, data):
    _, mark = SEPARATORS[language][0]
    word = data.draw(st.sampled_from(PERCENT_WORDS[language]))
    comparator = data.draw(st.sampled_from(sorted(COMPARATORS[language])))
    figure = f"{integer}{mark + decimals if decimals else ''}{word}"
    full = COMPARATORS[language][comparator] + figure
    check_single(SENTENCE[language].format(full), language, "percent",
                 float(exact(integer, decimals)), comparator, None, figure, full)


@settings(max_examples=200, deadline=None)
@given(language=languages, integer=st.integers(min_value=2, max_value=999_999), data=st.data())
def test_counts_written_with_digits(language, integer, data):
    grouping, mark = data.draw(st.sampled_from(SEPARATORS[language]))
    noun = data.draw(st.sampled_from(NOUNS[language]))
    comparator = data.draw(st.sampled_from(sorted(COMPARATORS[language])))
    number = written(integer, "", grouping, mark)
    sentence = SENTENCE[language].format(f"{COMPARATORS[language][comparator]}{number} {noun}")
    check_single(sentence, language, "count", float(integer), comparator)
    assert find_quantities(sentence, language)[0].unit == noun.lower()


@settings(max_examples=100, deadline=None)
@given(language=languages, n=st.integers(min_value=2, max_value=12), data=st.data())
def test_counts_spelled_out(language, n, data):
    word = NUMBER_WORDS[language].split()[n - 2]
    noun = data.draw(st.sampled_from(NOUNS[language]))
    sentence = SENTENCE[language].format(f"{word} {noun}")
    if language == "it" and word == "sei":
        assert find_quantities(sentence, language) == []  # "sei" is also "you are": left out
        return
    check_single(sentence, language, "count", float(n), "=", figure=word, full=word)


@settings(max_examples=300, deadline=None)
@given(article=st.sampled_from(sorted(ARTICLE_LANGUAGES)), declared=st.booleans(), data=st.data())
def test_spans_give_the_quantities_of_the_whole_text_that_start_inside_them(article, declared, data):
    """Windows of whole sentences (one or several in a row, as the fact engine passes them)."""
    text = (ARTICLES / f"{article}.txt").read_text(encoding="utf-8")
    language = ARTICLE_LANGUAGES[article]["language"] if declared else None
    sentences = split_sentences(text, language)
    picked = data.draw(st.lists(st.booleans(), min_size=len(sentences), max_size=len(sentences)))
    joined = data.draw(st.lists(st.booleans(), min_size=len(sentences), max_size=len(sentences)))
    windows: list[tuple[int, int]] = []
    for (start, end), pick, join in zip(sentences, picked, joined):
        if pick and join and windows:
            windows[-1] = (windows[-1][0], end)  # this sentence and the ones since the window's start
        elif pick:
            windows.append((start, end))
    whole = find_quantities(text, language)
    inside = [q for q in whole if any(start <= q.start < end for start, end in windows)]
    assert find_quantities(text, language, spans=windows) == inside


# The later languages: (thousands separator, decimal mark), scales, currencies, comparators as
# (words before, words after) the figure, and a sentence. Chinese, Japanese and Korean group with
# a comma and glue the figure to the words around it.
LATER = {
    "pt": ([(".", ",")], [("", 1), ("milhões", 10**6), ("bilhões", 10**9), ("mil milhões", 10**9)],
           [("dólares", "USD"), ("euros", "EUR"), ("reais", "BRL")],
           {">": ("mais de ", ""), ">=": ("pelo menos ", ""), "~": ("cerca de ", ""), "<=": ("até ", ""),
            "<": ("menos de ", "")}, "de ", "O grupo anunciou {} para o período."),
    "nl": ([(".", ",")], [("", 1), ("miljoen", 10**6), ("miljard", 10**9), ("mld", 10**9)],
           [("dollar", "USD"), ("euro", "EUR")],
           {">": ("meer dan ", ""), ">=": ("minstens ", ""), "~": ("ongeveer ", ""), "<=": ("maximaal ", ""),
            "<": ("minder dan ", "")}, "", "Het concern maakte {} bekend voor de periode."),
    "pl": ([(" ", ","), ("\u00a0", ",")], [("", 1), ("tys.", 10**3), ("mln", 10**6), ("mld", 10**9)],
           [("dolarów", "USD"), ("zł", "PLN"), ("euro", "EUR")],
           {">": ("ponad ", ""), ">=": ("co najmniej ", ""), "~": ("około ", ""), "<=": ("maksymalnie ", ""),
            "<": ("mniej niż ", "")}, "", "Spółka ogłosiła {} na ten okres."),
    "ru": ([(" ", ","), ("\u00a0", ",")], [("", 1), ("млн", 10**6), ("млрд", 10**9), ("трлн", 10**12)],
           [("долларов", "USD"), ("рублей", "RUB"), ("евро", "EUR")],
           {">": ("более ", ""), ">=": ("не менее ", ""), "~": ("около ", ""), "<=": ("не более ", ""),
            "<": ("менее ", "")}, "", "Компания выделила {} на этот период."),
    "uk": ([(" ", ","), ("\u00a0", ",")], [("", 1), ("млн", 10**6), ("млрд", 10**9), ("тис.", 10**3)],
           [("доларів", "USD"), ("гривень", "UAH"), ("євро", "EUR")],
           {">": ("понад ", ""), ">=": ("щонайменше ", ""), "~": ("близько ", ""), "<=": ("не більше ", ""),
            "<": ("менше ніж ", "")}, "", "Компанія виділила {} на цей період."),
    "tr": ([(".", ",")], [("", 1), ("bin", 10**3), ("milyon", 10**6), ("milyar", 10**9)],
           [("dolar", "USD"), ("lira", "TRY"), ("avro", "EUR")],
           {">": ("", " aşan"), ">=": ("en az ", ""), "~": ("yaklaşık ", ""), "<=": ("en fazla ", ""),
            "<": ("", " altında")}, "", "Şirket bu dönem için {} bir bütçe ayırdı."),
    "ja": ([(",", ".")], [("", 1), ("万", 10**4), ("億", 10**8), ("兆", 10**12)],
           [("ドル", "USD"), ("円", "JPY"), ("ユーロ", "EUR")],
           {">": ("", "超"), ">=": ("少なくとも", ""), "~": ("約", ""), "<=": ("最大", ""), "<": ("", "未満")},
           "", "同社はこの期間に{}を投じると発表した。"),
    "zh": ([(",", ".")], [("", 1), ("万", 10**4), ("亿", 10**8), ("万亿", 10**12)],
           [("美元", "USD"), ("元", "CNY"), ("欧元", "EUR")],
           {">": ("超过", ""), ">=": ("", "以上"), "~": ("约", ""), "<=": ("最多", ""), "<": ("不到", "")},
           "", "该公司宣布在此期间投入{}。"),
    "ko": ([(",", ".")], [("", 1), ("만", 10**4), ("억", 10**8), ("조", 10**12)],
           [(" 달러", "USD"), (" 원", "KRW"), ("달러", "USD")],
           {">": ("", " 초과"), ">=": ("", " 이상"), "~": ("약 ", ""), "<=": ("최대 ", ""), "<": ("", " 미만")},
           "", "회사는 {}의 투자를 발표했다."),
}


@settings(max_examples=400, deadline=None)
@given(
    language=st.sampled_from(sorted(LATER)),
    integer=st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from(["", "", "5", "25"]),
    comparator=st.sampled_from(["=", ">", ">=", "~", "<=", "<"]),
    data=st.data(),
)
def test_money_in_the_later_languages(language, integer, decimals, comparator, data):
    separators, scales, currencies, comparators, link, sentence = LATER[language]
    grouping, mark = data.draw(st.sampled_from(separators))
    scale_word, scale = data.draw(st.sampled_from(scales))
    currency_word, code = data.draw(st.sampled_from(currencies))
    number = written(integer, decimals, grouping, mark)
    if language in ("ja", "zh", "ko"):
        figure = f"{number}{scale_word}{currency_word}"
    else:
        figure = f"{number} {scale_word} {link}{currency_word}" if scale_word else f"{number} {currency_word}"
    before, after = comparators.get(comparator, ("", ""))
    full = before + figure + after
    check_single(sentence.format(full), language, "money", float(exact(integer, decimals) * scale), comparator,
                 code, figure, full)
