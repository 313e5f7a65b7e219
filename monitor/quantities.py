"""Find the figures a news text states: money, percentages, counts, deadline years and dates.

Text → `Quantity` objects in text order, in base units ("$1.5bn" → 1.5e9 USD), with the comparator
the surrounding words give ("more than", "environ", "bis zu" …), ranges ("entre 10 et 15
milliards"), and the size of the last written digit (`step`) so that later stages can turn "= 130"
into a rounding interval. English, French, German, Spanish and Italian.

Why hand-written: the libraries we tried each cover one slice. quantulum3 knows units but not
French/German/Spanish/Italian scales or comparators; price-parser reads one price per string and
no scales; number-parser reads spelled-out numbers only. None resolves "1.500 millones" (Spanish
grouping dot), "1,5 Milliarden" (decimal comma) and "Billion" (1e12 in German) together, and none
says "more than". `bench/quantities.py` measures quantulum3 against the shared table of cases.

How it stays fast (the fact engine needs ≥ 1,000 articles/s): one compiled regex finds every
figure that starts at a digit or a currency sign; a second, per language, finds spelled-out
numbers ("three areas", "a billion dollars"); English month-first dates have a third. Everything
else (comparators, counted nouns, ranges) is a short anchored match next to a figure already found.

Precision over recall: a bare number with nothing to say what it counts ("Windows 11",
"Section 230", "In 2025,") is not reported. Dates are reported as kind "date" so that their
digits are never mistaken for figures; their value is the day's ordinal
(`datetime.date.fromordinal(int(q.value))` gives the date back), so dates compare like numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from monitor.model import Quantity

__all__ = ["LANGUAGES", "find_quantities", "guess_language"]

LANGUAGES = ("en", "fr", "de", "es", "it")

_SP = r"[\s\u00a0\u202f\u2009]"  # a space, including the no-break and narrow no-break spaces
_LETTER = r"[^\W\d_]"


def _alternation(words) -> str:
    """A regex alternation of literal phrases, longest first; a space in a phrase matches any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", _SP + "+") for word in ordered)


def _key(written: str) -> str:
    """How a matched word is looked up in the tables below: lowercased, one plain space, no final dot."""
    return " ".join(written.lower().split()).rstrip(".")


# --- scales -------------------------------------------------------------------------------

_SCALES = {
    "thousand": 1e3, "mille": 1e3, "tausend": 1e3, "tsd": 1e3, "mil": 1e3, "mila": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "millionen": 1e6, "mio": 1e6,
    "millón": 1e6, "millones": 1e6, "milione": 1e6, "milioni": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "milliard": 1e9, "milliards": 1e9,
    "mds": 1e9, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "mrds": 1e9,
    "mil millones": 1e9, "miliardo": 1e9, "miliardi": 1e9, "mld": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12, "billionen": 1e12,
    "billón": 1e12, "billones": 1e12,
    # one-letter forms, only next to a currency sign ("$4.2m", "50 M$", "10 Md$", "2 G$")
    "k": 1e3, "m": 1e6, "b": 1e9, "md": 1e9, "g": 1e9,
}
_LONG_SCALE = {"fr", "de"}  # where "billion" / "Billion" means 1e12
_SCALE_WORDS = [w for w in _SCALES if len(w) > 2 or w in ("bn", "mn", "tn")] + ["mrd.", "mio.", "tsd.", "mrds."]
_SCALE = rf"(?i:{_alternation(_SCALE_WORDS)})(?!{_LETTER})"
_SCALE_AFTER_SIGN = rf"[mMbBkK](?!{_LETTER})"  # "$4.2m", "£500m", "$5B", "€300k"
_SCALE_BEFORE_SIGN = r"(?:Md|M|G)(?=[\s\u00a0]?[$€£])"  # "50 M$", "10 Md$", "2,5 M€"

# --- currencies ---------------------------------------------------------------------------

_PREFIX_CURRENCIES = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD",
    "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY",
}
_ISO_CODES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "HKD", "INR", "KRW", "SEK")
_WORD_CURRENCIES = {
    "USD": ["dollars", "dollar", "us dollars", "u.s. dollars", "us-dollar", "us-dollars",
            "dollars américains", "dollars us", "dólares", "dólar", "dollari", "dollaro",
            "dollari statunitensi", "dólares estadounidenses", "$", "us$"],
    "EUR": ["euros", "euro", "€"],
    "GBP": ["pounds", "pound", "pounds sterling", "sterling", "livres sterling", "livres", "pfund",
            "britische pfund", "libras", "libras esterlinas", "sterline", "£"],
    "JPY": ["yen", "yens", "¥"],
    "CNY": ["yuan", "yuans", "renminbi", "rmb"],
    "CAD": ["canadian dollars", "dollars canadiens", "kanadische dollar"],
    "AUD": ["australian dollars", "dollars australiens"],
    "CHF": ["swiss francs", "francs suisses", "franken", "schweizer franken", "francos suizos",
            "franchi svizzeri"],
}
_POSTFIX_CURRENCIES = {word: code for code, words in _WORD_CURRENCIES.items() for word in words}
_POSTFIX_CURRENCIES.update({code.lower(): code for code in _ISO_CODES})

_PREFIX = (
    rf"(?P<cur1>(?i:{_alternation(_PREFIX_CURRENCIES)})"
    rf"|(?:{'|'.join(_ISO_CODES)})[\s\u00a0]?(?=[\d-]))"
)
_POSTFIX = rf"(?P<cur2>(?i:{_alternation(_POSTFIX_CURRENCIES)}))(?!{_LETTER})"
_OF_CURRENCY = r"(?:(?:de|di|d)[\s\u00a0]+|d['’])"  # "de dollars", "d'euros", "di euro", "d dollars"

_PERCENT = (
    rf"(?P<pct>%|(?i:per{_SP}?cento|per{_SP}?cent|percent|pour{_SP}?cent|prozent|por{_SP}?ciento"
    rf"|pct)(?!{_LETTER}))"
)

# --- numbers written with digits ----------------------------------------------------------

_NUMBER = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234,567.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.234.567,5
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])"  # 1 234 567,5
    r"|\d+(?:[.,]\d+)?"
)

# --- dates --------------------------------------------------------------------------------

_MONTHS = {
    1: "january jan janvier janv januar jänner enero gennaio",
    2: "february feb février févr februar febrero febbraio",
    3: "march mar mars märz marzo",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio",
    6: "june jun juin juni junio giugno",
    7: "july jul juillet juil juli julio luglio",
    8: "august aug août agosto",
    9: "september sep sept septembre septiembre setiembre settembre",
    10: "october oct octobre oktober octubre ottobre",
    11: "november nov novembre noviembre",
    12: "december dec décembre déc dezember diciembre dicembre",
}
_MONTH_NUMBER = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = rf"(?:{_alternation(_MONTH_NUMBER)})"
_ENGLISH_MONTH = "|".join(
    name.capitalize() for name in _MONTH_NUMBER if name.isascii() and name in
    "january jan february feb march mar april apr may june jun july jul august aug "
    "september sep sept october oct november nov december dec".split()
)
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lunes martes miércoles jueves viernes sábado domingo "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica"
).split()
_YEAR = r"(?:19|20)\d{2}(?!\d)"

_DATE = (
    rf"(?P<dmy>(?P<dmy_day>\d{{1,2}})(?:er|º|°|\.)?{_SP}+(?:de{_SP}+)?(?P<dmy_month>(?i:{_MONTH}))\.?,?"
    rf"{_SP}+(?:de{_SP}+|del{_SP}+)?(?P<dmy_year>{_YEAR}))"
    rf"|(?P<num_date>(?P<nd_a>\d{{1,2}})(?P<nd_sep>[/.])(?P<nd_b>\d{{1,2}})(?P=nd_sep)(?P<nd_year>{_YEAR}))"
    rf"|(?P<iso_date>(?P<iso_year>{_YEAR})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d))"
)
_MONTH_FIRST_DATE = re.compile(
    rf"(?<!{_LETTER})(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?{_SP}+)?"
    rf"(?P<month>{_ENGLISH_MONTH})\.?{_SP}+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}+(?P<year>{_YEAR})"
)
_WEEKDAY_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?i:{_alternation(_WEEKDAYS)}),?{_SP}+(?:(?:le|el|den|il|am){_SP}+)?$"
)

# --- the one pass over the text: a date, or a figure starting at a digit or currency sign ---

_FIGURE = re.compile(
    rf"(?<![\w.,:/+])(?<!{_LETTER}[-‐])"  # not inside a word, a number, a time, "GPT-5", "COVID-19"
    rf"(?:{_DATE}"
    rf"|{_PREFIX}?"
    rf"(?P<sign>(?<![\w])[-−](?=\d))?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:{_SP}?(?P<scale>{_SCALE}|{_SCALE_BEFORE_SIGN}|(?(cur1){_SCALE_AFTER_SIGN}|(?!))))?"
    rf"(?:{_SP}?{_PERCENT}|{_SP}*{_OF_CURRENCY}?{_POSTFIX})?"
    r")(?![^\W_])(?![.,:/]\d)"
)

# --- spelled-out numbers, per language ----------------------------------------------------

_NUMBER_WORDS = {
    "en": "- two three four five six seven eight nine ten eleven twelve",
    "fr": "- deux trois quatre cinq six sept huit neuf dix onze douze",
    "de": "- zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "- dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "- due tre quattro cinque sei sette otto nove dieci undici dodici",
}
# Words for "one" double as articles ("un plan", "ein Plan"): they count only before a scale.
_ONE_BEFORE_SCALE = {
    "en": "a an one", "fr": "un", "de": "ein eine einer einem", "es": "un", "it": "un",
}
_THOUSAND_WORDS = {"en": "", "fr": "mille", "de": "tausend", "es": "mil", "it": "mille"}


@lru_cache(maxsize=None)
def _word_figure(language: str) -> tuple[re.Pattern, dict[str, int]]:
    """The regex for spelled-out numbers of one language, and the value of each word."""
    values = {word: n for n, word in enumerate(_NUMBER_WORDS[language].split(), start=1) if n > 1}
    values.update({word: 1 for word in _ONE_BEFORE_SCALE[language].split()})
    if _THOUSAND_WORDS[language]:
        values[_THOUSAND_WORDS[language]] = 1000
    counted = [w for w in values if w not in _ONE_BEFORE_SCALE[language].split()]
    pattern = re.compile(
        rf"(?<![\w'’-])(?:(?P<num>(?i:{_alternation(counted)}))"
        rf"|(?P<one>(?i:{_alternation(_ONE_BEFORE_SCALE[language].split())}))(?={_SP}+{_SCALE}))"
        rf"(?:{_SP}+(?P<scale>{_SCALE}))?(?:{_SP}*{_OF_CURRENCY}?{_POSTFIX})?(?![\w-])"
    )
    return pattern, values


# --- words around a figure ----------------------------------------------------------------

_COMPARATOR_WORDS = {
    ">": ["more than", "over", "above", "exceeding", "exceeds", "exceed", "exceeded", "in excess of",
          "upwards of", "north of", "greater than", "plus de", "plus d'", "plus d’", "au-delà de",
          "au-delà d'", "supérieur à", "supérieure à", "supérieurs à", "supérieures à", "über",
          "mehr als", "oltre", "più di", "superiore a", "más de", "superior a", "por encima de"],
    ">=": ["at least", "no less than", "not less than", "a minimum of", "au moins", "au minimum",
           "pas moins de", "mindestens", "wenigstens", "nicht weniger als", "almeno", "non meno di",
           "al menos", "como mínimo", "por lo menos", "no menos de"],
    "~": ["about", "around", "roughly", "approximately", "approx.", "nearly", "almost", "some",
          "close to", "an estimated", "circa", "environ", "quelque", "quelques", "près de",
          "près d'", "près d’", "presque", "autour de", "de l'ordre de", "de l’ordre de",
          "quasiment", "approximativement", "rund", "etwa", "ca.", "fast", "knapp", "nahezu",
          "ungefähr", "annähernd", "alrededor de", "unos", "unas", "cerca de", "casi",
          "aproximadamente", "en torno a", "quasi", "intorno a", "all'incirca", "~"],
    "<=": ["up to", "as much as", "as many as", "at most", "no more than", "not more than",
           "a maximum of", "jusqu'à", "jusqu’à", "au plus", "au maximum", "pas plus de", "bis zu",
           "höchstens", "maximal", "fino a", "al massimo", "non più di", "hasta", "como máximo",
           "a lo sumo", "no más de"],
    "<": ["less than", "under", "below", "fewer than", "lower than", "moins de", "moins d'",
          "moins d’", "inférieur à", "inférieure à", "weniger als", "unter", "meno di", "menos de",
          "inferior a", "inferiore a", "por debajo de"],
}
_EXCEED_VERBS = {  # verb forms that mean ">" ("cette participation dépassera les 100 milliards")
    ">": r"dépass(?:e|ent|era|eront|ait|aient|ant)(?:-t-(?:il|elle))?|übersteig(?:t|en)|supera(?:n|rá|no)?",
}
_GROUP = {">": "gt", ">=": "ge", "~": "about", "<=": "le", "<": "lt"}
_SYMBOL = {name: symbol for symbol, name in _GROUP.items()}
_ARTICLE_AFTER_COMPARATOR = rf"(?:{_SP}+(?:les|los|las|the|i|gli|le|la|el|die))?"
_COMPARATOR_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?i:"
    + "|".join(
        rf"(?P<{_GROUP[symbol]}>{_alternation(words)}"
        + (rf"|{_EXCEED_VERBS[symbol]}" if symbol in _EXCEED_VERBS else "")
        + ")"
        for symbol, words in _COMPARATOR_WORDS.items()
    )
    + rf"){_ARTICLE_AFTER_COMPARATOR}{_SP}*$"
)
_COMPARATOR_AFTER = re.compile(
    rf"{_SP}+(?i:(?P<ge>or more|or above|or higher|and more|and above|and up|et plus|ou plus|oder mehr"
    rf"|und mehr|o más|y más|o più|e più)|(?P<le>or less|or fewer|or below|ou moins|oder weniger"
    rf"|o menos|o meno))(?!{_LETTER})"
)
_BETWEEN_BEFORE = re.compile(rf"(?<!{_LETTER})(?i:between|entre|zwischen|tra|fra){_SP}+$")
_FROM_BEFORE = re.compile(rf"(?<!{_LETTER})(?i:from|de|d['’]|von|desde|da|dal|dai|dalle){_SP}*$")
_RANGE_DASH = re.compile(rf"{_SP}?[-–—]{_SP}?|{_SP}+(?i:to|à|bis|a|al){_SP}+")
_RANGE_AND = re.compile(rf"{_SP}+(?i:and|et|und|e|y){_SP}+")

_YEAR_CUE_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?i:through|thru|until|till|by|before|by the end of|the end of|no later than"
    r"|starting in|jusqu'en|jusqu’en|jusqu'à|jusqu’à|jusqu'au|jusqu’au|d'ici|d’ici|d'ici à|d’ici à"
    r"|d'ici la fin|avant|à partir de|dès|à l'horizon|à l’horizon|horizon|fin|bis|bis zum jahr"
    r"|bis ende|bis spätestens|spätestens|ab|ab dem jahr|ende|hasta|hasta el|antes de|a partir de"
    rf"|finales de|fino al|fino a|entro il|entro|prima del|a partire dal|dal){_SP}+$"
)

_STOPWORDS = set(
    # English
    "of the a an and or to in on at by for with from is are was were be been being has have had "
    "will would can could may might should must that which who this these those it its as than "
    "then more less times per also up down over under about around into out percent percentage "
    "points point am pm a.m p.m "
    # French
    "de des du d l la le les et ou à au aux en sur pour par dans avec est sont ont fois plus moins "
    "que qui ce cette ces se sa son ses leur pas ne y selon contre entre vers chez pourcent points "
    # German
    "und oder der die das den dem des ein eine einer von zu zum zur im mit ist sind war hat haben "
    "wird werden mal als auf für bei aus nach über unter bis prozentpunkte punkte uhr "
    # Spanish
    "del el los las y o con por para que es son fue ha han su sus al más menos veces puntos "
    # Italian
    "di della dei degli delle il lo i gli e è hanno si suo sua alla più meno volte da dal punti ore".split()
)
_STOPWORDS |= set(_MONTH_NUMBER) | set(_WEEKDAYS)
_IDENTIFIER_WORDS = set(
    "article articles art section sections chapter page pages version model level phase stage room "
    "number no nr item rule title clause annex paragraph part season episode series step tier grade "
    "class type route flight gate platform line chapitre paragraphe alinéa numéro titre annexe "
    "niveau étape saison épisode partie ligne salle vol porte artikel abschnitt kapitel absatz seite "
    "nummer paragraf teil stufe folge staffel artículo sección capítulo página número apartado "
    "parte fase nivel temporada articolo sezione capitolo pagina numero comma livello stagione".split()
)
_NOUN_AFTER = re.compile(
    rf"[ \u00a0]+(?:(?P<of>de|di|of)[ \u00a0]+|(?P<elided>d['’]))?"
    rf"(?P<noun>{_LETTER}[^\W\d_'’]*(?:-{_LETTER}+)*)"
)
_WORD_BEFORE = re.compile(rf"(?P<word>[^\s\d]+)[ \u00a0]+$")

_LANGUAGE_HINTS = {
    "en": "the and of is was will with that has for said",
    "fr": "le les des est et du dans pour une avec sur aux qui",
    "de": "der die das und ist mit den von für eine auf dem nicht sich",
    "es": "el los las y para por más como pero fue según",
    "it": "il gli della di è che per sono nel alla anche dei delle",
}
_HINT_LANGUAGE = {word: lang for lang, words in _LANGUAGE_HINTS.items() for word in words.split()}


def guess_language(text: str) -> str | None:
    """The language whose common short words appear most in the first ~1,500 characters, if any."""
    votes: dict[str, int] = {}
    for word in text[:1500].lower().split():
        lang = _HINT_LANGUAGE.get(word)
        if lang:
            votes[lang] = votes.get(lang, 0) + 1
    return max(votes, key=votes.get) if votes else None


# --- figures before comparators and ranges ------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """A figure as written, before comparators and ranges are resolved."""

    kind: str  # money, percent, count, number, year, date, or "bare" (a number saying nothing yet)
    value: float
    step: float | None
    start: int
    end: int
    scale: float | None = None
    currency: str | None = None
    unit: str | None = None


def _parse_number(written: str, language: str | None) -> tuple[float, float]:
    """The value of a number written with digits, and the size of its last digit."""
    compact = re.sub(r"[ \u00a0\u202f\u2009]", "", written)
    marks = [c for c in compact if c in ",."]
    decimal_mark = None
    if len(compact) != len(written) or len(set(marks)) == 2:
        decimal_mark = marks[-1] if marks else None  # "1 000,5", "1,000.5", "1.000,5"
    elif len(marks) == 1:
        head, tail = compact.split(marks[0])
        grouping = len(tail) == 3 and len(head) <= 3 and head != "0"
        if grouping and language is not None:
            # "1,500" is 1500 in English and 1.5 elsewhere; "1.500" the other way round
            grouping = (marks[0] == ",") == (language == "en")
        decimal_mark = None if grouping else marks[0]
    integer, _, fraction = compact.partition(decimal_mark) if decimal_mark else (compact, "", "")
    integer = integer.replace(",", "").replace(".", "")
    digits = int(integer + fraction)
    return digits / 10 ** len(fraction), 10.0 ** -len(fraction)


def _scale_value(written: str, language: str | None) -> float:
    key = _key(written)
    if key in ("billion", "billions") and language in _LONG_SCALE:
        return 1e12
    return _SCALES[key]


def _make_date(match: re.Match, text: str, language: str | None) -> _Figure | None:
    """A date from the main regex's date groups, or None when the digits are no real day."""
    if match["dmy"]:
        year, month, day = int(match["dmy_year"]), _MONTH_NUMBER[_key(match["dmy_month"])], int(match["dmy_day"])
    elif match["num_date"]:
        a, b, year = int(match["nd_a"]), int(match["nd_b"]), int(match["nd_year"])
        month_first = b > 12 or (a <= 12 and language == "en" and match["nd_sep"] == "/")
        month, day = (a, b) if month_first else (b, a)
    else:
        year, month, day = int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
    try:
        ordinal = date(year, month, day).toordinal()
    except ValueError:
        return None
    start = match.start()
    weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 20), start)
    if weekday:
        start = weekday.start()
    return _Figure("date", float(ordinal), 1.0, start, match.end())


def _counted_noun(text: str, end: int, scaled: bool, language: str | None) -> str | None:
    """The noun a number counts ("1,200 jobs", "2 millions d'abonnés"), if one follows it."""
    match = _NOUN_AFTER.match(text, end)
    if not match:
        return None
    noun = match["noun"]
    if (match["of"] or match["elided"]) and not scaled:
        return None
    if noun[0].isupper() and language != "de":
        return None
    if len(noun) < 2 or noun.lower() in _STOPWORDS or _key(noun) in _SCALES:
        return None
    return noun.lower()


def _names_something(text: str, start: int) -> bool:
    """Whether the word before a bare number makes it a name or a label ("Windows 11", "article 5")."""
    match = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if not match:
        return text[max(0, start - 2):start].rstrip().endswith(("#", "°", "º"))
    word = match["word"].strip("«»\"“”'’(")
    lowered = word.lower().rstrip(".:")
    if lowered in _IDENTIFIER_WORDS or word.endswith(("#", "°", "º", "-")):
        return True
    return any(c.isupper() for c in word) and lowered not in _STOPWORDS


def _figure_from_digits(match: re.Match, text: str, language: str | None) -> _Figure | None:
    value, step = _parse_number(match["num"], language)
    if match["sign"]:
        value = -value
    scale = _scale_value(match["scale"], language) if match["scale"] else None
    if scale:
        value, step = value * scale, step * scale
    currency = None
    if match["cur1"]:
        currency = _PREFIX_CURRENCIES.get(_key(match["cur1"])) or match["cur1"].strip().upper()
    elif match["cur2"]:
        currency = _POSTFIX_CURRENCIES[_key(match["cur2"])]
    start, end = match.start(), match.end()
    if currency:
        return _Figure("money", value, step, start, end, scale, currency)
    if match["pct"]:
        return _Figure("percent", value, step, start, end)
    return _counted_or_bare(text, language, value, step, start, end, scale, whole=step >= 1 and value > 0)


def _counted_or_bare(text, language, value, step, start, end, scale, whole) -> _Figure | None:
    """A figure with no currency or percent sign: a count if a noun follows, else a number or bare."""
    if scale:
        noun = _counted_noun(text, end, True, language)
        return _Figure("count" if noun else "number", value, step, start, end, scale, unit=noun)
    if not whole:
        return None
    noun = _counted_noun(text, end, False, language)
    looks_like_year = 1900 <= value <= 2100 and re.fullmatch(r"\d{4}", text[start:end])
    if not looks_like_year and _names_something(text, start):
        return None
    if noun and not looks_like_year:
        return _Figure("count", value, step, start, end, unit=noun)
    return _Figure("bare", value, step, start, end)


def _figure_from_words(match: re.Match, text: str, language: str, values: dict[str, int]) -> _Figure | None:
    word = match["num"] or match["one"]
    value, step = float(values[_key(word)]), 1.0
    scale = _scale_value(match["scale"], language) if match["scale"] else None
    if scale:
        value, step = value * scale, step * scale
    start, end = match.start(), match.end()
    if match["cur2"]:
        return _Figure("money", value, step, start, end, scale, _POSTFIX_CURRENCIES[_key(match["cur2"])])
    if not scale and word[0].isupper() and start > 0 and text[start - 2:start - 1] not in ".!?":
        return None  # a capitalised number word inside a sentence is a name ("Otto", "Sette")
    figure = _counted_or_bare(text, language, value, step, start, end, scale, whole=True)
    return figure if figure and figure.kind != "bare" else None


def _scan(text: str, language: str | None) -> list[_Figure]:
    """Every date and figure in the text, in text order, without comparators or ranges."""
    figures = []
    for match in _FIGURE.finditer(text):
        if match["dmy"] or match["num_date"] or match["iso_date"]:
            figure = _make_date(match, text, language)
        else:
            figure = _figure_from_digits(match, text, language)
        if figure:
            figures.append(figure)
    for match in _MONTH_FIRST_DATE.finditer(text):
        try:
            day = date(int(match["year"]), _MONTH_NUMBER[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        start, end = match.start(), match.end()
        figures = [f for f in figures if f.end <= start or f.start >= end]
        figures.append(_Figure("date", float(day.toordinal()), 1.0, start, end))
    if language in _NUMBER_WORDS:
        pattern, values = _word_figure(language)
        for match in pattern.finditer(text):
            figure = _figure_from_words(match, text, language, values)
            if figure:
                figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return figures


# --- ranges, comparators, years -----------------------------------------------------------


def _completes(first: _Figure, second: _Figure) -> bool:
    """Whether `first` is the lower end of a range that `second` closes ("10 and 15 billion dollars")."""
    if second.kind not in ("money", "percent", "count", "number"):
        return False
    if first.kind == "bare" or (first.kind == "number" and second.kind in ("money", "count")):
        return True
    if first.kind == "money" and first.scale is None and second.kind == "number":
        return True  # "$10-15 billion"
    return first.kind == second.kind and first.currency == second.currency and first.unit == second.unit


def _merge(first: _Figure, second: _Figure) -> tuple[_Figure, _Figure]:
    """Both ends of a range, each given the scale, currency and unit written only at the other end."""
    value, step, scale = first.value, first.step, first.scale
    if scale is None and second.scale is not None:
        value, step, scale = value * second.scale, step * second.scale, second.scale
    kind = first.kind if first.kind == "money" else second.kind
    currency = first.currency or second.currency
    lower = replace(first, kind=kind, value=value, step=step, scale=scale, currency=currency, unit=second.unit)
    return lower, replace(second, kind=kind, currency=currency)


def _join_ranges(figures: list[_Figure], text: str) -> list[tuple[_Figure, _Figure | None, int]]:
    """Pairs (figure, upper end or None, start of "between" or the figure) after joining ranges."""
    joined = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if second and _completes(first, second):
            gap = (first.end, second.start)
            between = _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start)
            dash = _RANGE_DASH.fullmatch(text, *gap)
            lower, upper = _merge(first, second)
            if (dash or (between and _RANGE_AND.fullmatch(text, *gap))) and lower.value < second.value:
                from_before = _FROM_BEFORE.search(text, max(0, first.start - 8), first.start)
                if between or not from_before:
                    joined.append((lower, upper, between.start() if between else first.start))
                    i += 2
                    continue
            if dash or _RANGE_AND.fullmatch(text, *gap):
                first = lower  # "from 10 to 15 billion": two values, both in billions
        joined.append((first, None, first.start))
        i += 1
    return joined


def _quantity(figure: _Figure, upper: _Figure | None, full_start: int, text: str) -> Quantity | None:
    """The reported quantity for a figure (or range), with comparator words found around it."""
    kind, comparator, full_end = figure.kind, "=", (upper or figure).end
    if kind == "bare":
        cue = _YEAR_CUE_BEFORE.search(text, max(0, figure.start - 20), figure.start)
        if upper or not cue or not 1900 <= figure.value <= 2100 or figure.end - figure.start != 4:
            return None
        kind = "year"
    elif upper:
        comparator = "range"
    elif kind != "date":
        before = _COMPARATOR_BEFORE.search(text, max(0, figure.start - 30), figure.start)
        after = _COMPARATOR_AFTER.match(text, figure.end)
        if before:
            comparator, full_start = _SYMBOL[before.lastgroup], before.start()
        elif after:
            comparator, full_end = _SYMBOL[after.lastgroup], after.end()
    step = max(figure.step, upper.step) if upper else figure.step
    return Quantity(
        kind=kind, value=figure.value, comparator=comparator,
        value_max=upper.value if upper else None, currency=figure.currency,
        unit=figure.unit, step=step, start=figure.start, end=(upper or figure).end,
        full_start=full_start, full_end=full_end,
    )


def find_quantities(text: str, language: str | None = None) -> list[Quantity]:
    """The quantities stated in `text`, in text order.

    `language` ("en", "fr", "de", "es", "it") decides what "1,500" and "billion" mean and which
    spelled-out numbers count; None guesses it from common words (and, failing that, reads
    separators by their digit-group shape and skips spelled-out numbers).
    """
    if language is None:
        language = guess_language(text)
    elif language not in LANGUAGES:
        language = None
    quantities = []
    for figure, upper, full_start in _join_ranges(_scan(text, language), text):
        quantity = _quantity(figure, upper, full_start, text)
        if quantity:
            quantities.append(quantity)
    return quantities
