"""Find the figures a news text states: money, percentages, counts, deadline years and dates.

Text → `Quantity` objects in text order, in base units ("$1.5bn" → 1.5e9 USD), with the comparator
the surrounding words give ("more than", "environ", "bis zu" …), ranges ("entre 10 et 15
milliards"), and the size of the last written digit (`step`) so that later stages can turn "= 130"
into a rounding interval. English, French, German, Spanish and Italian.

Why hand-written: no library handles scales, comparators and these five languages together.
quantulum3 (the broadest) reads English units; on the shared table of cases it recovers 37 of 85
expected figures and leaves 2 of 11 trap sentences clean, against 85/85 and 11/11 here
(`python bench/quantities.py --compare`). price-parser reads one price per string, without
scales; number-parser reads spelled-out numbers. None resolves "1.500 millones" (grouping dot),
"1,5 Milliarden" (decimal comma) and "Billion" (1e12 in German), nor says "more than".

How it stays fast (the fact engine needs ≥ 1,000 articles/s; this takes 300-650 µs per 800-word
article, about 11 µs per figure found): the amount regex is tried only where a digit or currency
sign stands, and the date regex only where it read a plain number; spelled-out numbers have one
regex per language that opens with the space before the word; the phrases before a figure
(comparators, "between", "from", year cues) are one anchored regex over the reversed text; the
rest (counted nouns, ranges, month-first dates) is a short look at the words next to a figure
already found. With `spans` (the sentences the fact engine wants) only those windows are read.

Precision over recall: a bare number with nothing to say what it counts ("Windows 11",
"Section 230", "In 2025,") is not reported. Dates are reported as kind "date" so that their
digits are never mistaken for figures; their value is the day's ordinal
(`datetime.date.fromordinal(int(q.value))` gives the date back), so dates compare like numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Sequence

from monitor.model import Quantity

__all__ = ["LANGUAGES", "find_quantities", "guess_language"]

LANGUAGES = ("en", "fr", "de", "es", "it")

_SP = r"[\s\u00a0\u202f\u2009]"  # a space, including the no-break and narrow no-break spaces
_LETTER = r"[^\W\d_]"


def _alternation(phrases) -> str:
    """A regex matching any of the literal phrases (the longest when several fit), as a trie:
    "t(?:wo|hree|en)|f(?:our|ive)", so the regex engine tries few branches at each position.
    A space in a phrase matches any run of spaces."""
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        if phrase:
            by_first.setdefault(phrase[0], []).append(phrase[1:])
    branches = [
        (_SP + "+" if first == " " else re.escape(first)) + _optional_group(rests)
        for first, rests in by_first.items()
    ]
    return "|".join(branches)


def _gated_alternation(phrases) -> str:
    """`_alternation(phrases)` behind a look-ahead for the phrases' first characters."""
    return f"{_first_characters(phrases)}(?:{_alternation(phrases)})"


def _first_characters(phrases) -> str:
    """A look-ahead for the first characters of the phrases. The regex engine tries the branches
    of an alternation one by one; where the text starts with none of those characters (the usual
    case after a number) this one class test saves all the failed branches."""
    return f"(?=[{''.join(sorted({re.escape(phrase[0]) for phrase in phrases if phrase}))}])"


def _optional_group(rests: list[str]) -> str:
    """The rest of a trie branch; optional when one phrase ends here."""
    inner = _alternation(rests)
    if not inner:
        return ""
    ends_here = "" in rests
    if not ends_here and "|" not in inner:
        return inner
    return f"(?:{inner})" + ("?" if ends_here else "")


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
_SCALE_TAKES_DE = {"fr", "es", "it"}  # "2 millions d'abonnés", "3 millones de usuarios"
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
    "HKD": ["hong kong dollars", "dollars de hong kong", "hongkong-dollar"],
    "AUD": ["australian dollars", "dollars australiens"],
    "CHF": ["swiss francs", "francs suisses", "franken", "schweizer franken", "francos suizos",
            "franchi svizzeri"],
}
_POSTFIX_CURRENCIES = {word: code for code, words in _WORD_CURRENCIES.items() for word in words}
_POSTFIX_CURRENCIES.update({code.lower(): code for code in _ISO_CODES})

_PREFIX = (
    rf"(?:(?i:{_first_characters([*_PREFIX_CURRENCIES, *_ISO_CODES])})"
    rf"(?P<cur1>(?i:{_alternation(_PREFIX_CURRENCIES)})"
    rf"|(?:{'|'.join(_ISO_CODES)}))[\s\u00a0]?(?=[\d-]))"
)
_POSTFIX = rf"(?P<cur2>(?i:{_gated_alternation(_POSTFIX_CURRENCIES)}))(?!{_LETTER})"
_OF_CURRENCY = r"(?:(?:de|di|d)[\s\u00a0]+|d['’])"  # "de dollars", "d'euros", "di euro", "d dollars"
_CURRENCY_WORD = rf"(?i:{_gated_alternation([word for word in _POSTFIX_CURRENCIES if word[0].isalpha()])})(?!{_LETTER})"
_SCALE_BEFORE_WORD = rf"(?<=\d)[mMbBkK](?={_SP}+{_CURRENCY_WORD})"  # "3b dollars", "500k euros"

_PERCENT = (
    rf"(?P<pct>%|(?i:per{_SP}?cento|per{_SP}?cent|percent|pour{_SP}?cent|prozent|por{_SP}?ciento"
    rf"|pct)(?!{_LETTER}))"
)

# --- numbers written with digits ----------------------------------------------------------

_NUMBER = (
    r"(?=[0-9]{1,3}[,. \u00a0\u202f\u2009][0-9]{3})"  # groups of three digits: skip these three if not
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,234,567.5
    r"|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"  # 1.234.567,5
    r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?:,[0-9]+)?(?![0-9]))"  # 1 234 567,5
    r"|[0-9]+(?:[.,][0-9]+)?"
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
_ENGLISH_MONTHS = [
    name.capitalize() for name in _MONTH_NUMBER if name.isascii() and name in
    "january jan february feb march mar april apr may june jun july jul august aug "
    "september sep sept october oct november nov december dec".split()
]
_ENGLISH_MONTH = "|".join(_ENGLISH_MONTHS)
_ENGLISH_MONTH_ENDS = tuple(_ENGLISH_MONTHS + [name + "." for name in _ENGLISH_MONTHS])
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lunes martes miércoles jueves viernes sábado domingo "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica"
).split()
_YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"

_DATE = (
    rf"(?P<dmy>(?P<dmy_day>\d{{1,2}})(?:er|º|°|\.)?{_SP}+(?:de{_SP}+)?(?P<dmy_month>(?i:{_MONTH}))\.?,?"
    rf"{_SP}+(?:de{_SP}+|del{_SP}+)?(?P<dmy_year>{_YEAR}))"
    rf"|(?P<num_date>(?P<nd_a>\d{{1,2}})(?P<nd_sep>[/.])(?P<nd_b>\d{{1,2}})(?P=nd_sep)(?P<nd_year>{_YEAR}))"
    rf"|(?P<iso_date>(?P<iso_year>{_YEAR})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d))"
)
_MONTH_BEFORE = re.compile(  # "Thursday, September " before the day of an English date
    rf"(?<!{_LETTER})(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?{_SP}+)?"
    rf"(?P<month>{_ENGLISH_MONTH})\.?{_SP}+\Z"
)
_DAY_YEAR = re.compile(rf"(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?{_SP}+(?P<year>{_YEAR})")
_WEEKDAY_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?i:{_alternation(_WEEKDAYS)}),?{_SP}+(?:(?:le|el|den|il|am){_SP}+)?$"
)

# --- the one pass over the text: a figure starting at a digit or currency sign, or a date ---

_NOT_INSIDE = rf"(?<![\w.,:/+])(?<!{_LETTER}[-‐])"  # a word, a number, a time, "GPT-5", "COVID-19"
_ALONE = r"(?![^\W_])(?![.,:/]\d)"
_AMOUNT = re.compile(
    rf"{_NOT_INSIDE}(?:{_PREFIX}?"
    rf"(?P<sign>(?<![\w])[-−](?=\d))?"
    rf"(?P<num>{_NUMBER})"
    # "?+" and "*+": no unit starts with a space, so giving a space back never helps a match
    rf"(?:{_SP}?+(?P<scale>{_SCALE}|{_SCALE_BEFORE_SIGN}|(?(cur1){_SCALE_AFTER_SIGN}|{_SCALE_BEFORE_WORD})))?"
    rf"(?:{_SP}?+{_PERCENT}|{_SP}*+{_OF_CURRENCY}?{_POSTFIX})?"
    rf"){_ALONE}"
)
# Tried only where _AMOUNT reads a plain number (or nothing): the number of a date has no unit
# after it ("28 octobre 2025", "2025-10-28"), or fails _ALONE ("1.5.2025", "1er octobre").
_DATE_AT = re.compile(rf"{_NOT_INSIDE}(?:{_DATE}){_ALONE}")

# Where a figure may start: a currency sign, or a digit that opens a run of digits. Written as
# one character class (with the "not after a digit" check behind it) rather than "[0-9]+|[$€£¥]":
# the regex engine skips to a class quickly, but tries an alternation at every position.
_CANDIDATE = re.compile(r"[0-9$€£¥](?<![0-9][0-9])")
_ISO_SET = set(_ISO_CODES)
_DIGITS = "0123456789"


def _lead_start(text: str, i: int) -> int:
    """Where a figure whose first digit or currency sign is at i may start: at a minus sign, a
    currency code ("USD 2bn") or the letters of "US$", "C$", "HK$" just before it (the figure
    regex then checks)."""
    before = text[max(0, i - 4):i]
    if before[-1:] in ("-", "−"):
        return i - 1
    if before[-1:] in (" ", "\u00a0"):
        return i - 4 if before[:3] in _ISO_SET else i
    if before[-3:] in _ISO_SET:
        return i - 3
    letters = len(before) - len(before.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."))
    return i - min(letters, 4) if text[i] == "$" else i

# --- spelled-out numbers, per language ----------------------------------------------------

_NUMBER_WORDS = {
    "en": "- two three four five six seven eight nine ten eleven twelve",
    "fr": "- deux trois quatre cinq six sept huit neuf dix onze douze",
    "de": "- zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "- dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "- due tre quattro cinque - sette otto nove dieci undici dodici",
}  # a "-" holds the place of a word left out: "one" (below), Italian "sei" (also "you are")
# Words for "one" double as articles ("un plan", "ein Plan"): they count only before a scale.
_ONE_BEFORE_SCALE = {
    "en": "a an one", "fr": "un", "de": "ein eine einer einem", "es": "un", "it": "un",
}
_THOUSAND_WORDS = {"en": "", "fr": "mille", "de": "tausend", "es": "mil", "it": "mille"}


@lru_cache(maxsize=None)
def _word_figure(language: str | None) -> tuple[re.Pattern, re.Pattern, dict[str, int]]:
    """The regexes for spelled-out numbers of one language (after a space; after a line break,
    bracket, quote or apostrophe), and the value of each word.

    Each pattern opens with the character before the word, which the regex engine skips to
    quickly (a lone space is fastest); checks that need more context are done in Python.
    In a text of unknown language only words before a scale are read ("a billion", "mil
    millones"): alone, "once", "due" or "sei" may not be numbers at all.
    """
    languages = [language] if language else list(LANGUAGES)
    before_scale = {word: 1 for lang in languages for word in _ONE_BEFORE_SCALE[lang].split()}
    before_scale.update({_THOUSAND_WORDS[lang]: 1000 for lang in languages if _THOUSAND_WORDS[lang]})
    counted = {}
    if language:
        counted = {word: n for n, word in enumerate(_NUMBER_WORDS[language].split(), start=1) if word != "-"}
        counted.update({word: value for word, value in before_scale.items() if value > 1})
        before_scale = {word: value for word, value in before_scale.items() if word not in counted}
    both_cases = lambda words: _alternation(list(words) + [word.capitalize() for word in words])
    alone = f"{both_cases(counted)}|" if counted else ""
    values = {**before_scale, **counted}
    figure = (
        rf"(?P<word>{alone}(?:{both_cases(before_scale)})(?={_SP}+{_SCALE}))(?![\w'’-])"
        rf"(?:{_SP}+(?P<scale>{_SCALE}))?(?:{_SP}*{_OF_CURRENCY}?{_POSTFIX})?(?![\w-])"
    )
    return re.compile(rf" {figure}"), re.compile(rf"[\n\t\u00a0(«\"“‘'’]{figure}"), values


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
          "close to", "an estimated", "estimated at", "circa", "environ", "quelque", "quelques", "près de",
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
for _symbol, _phrases in {  # with the article folded in: "más del 40 %", "più del 30 per cento"
    ">": ["más del", "más de la", "más de los", "più del", "più della", "oltre il", "oltre i", "oltre la"],
    ">=": ["al menos el", "almeno il"],
    "~": ["cerca del", "alrededor del", "en torno al", "circa il", "intorno al", "intorno ai"],
    "<=": ["hasta el", "hasta los", "fino al", "fino ai", "fino alla"],
    "<": ["menos del", "meno del", "meno della"],
}.items():
    _COMPARATOR_WORDS[_symbol] += _phrases
_COMPARATOR_WORDS["~"] += [  # an estimate ("valued at an estimated $130 billion", "estimé à 130 milliards")
    "estimé à", "estimée à", "estimés à", "estimées à", "geschätzt", "geschätzte", "geschätzten",
    "estimado en", "estimada en", "estimados en", "estimadas en", "un estimado de", "stimato in",
    "stimata in", "stimati in", "stimate in",
]
_COMPARATOR_WORDS[">"] += [  # verb forms ("cette participation dépassera les 100 milliards")
    "dépasse", "dépassent", "dépassera", "dépasseront", "dépasserait", "dépasseraient", "dépassait",
    "dépassaient", "dépassant",
    "dépasse-t-il", "dépasse-t-elle", "dépassera-t-il", "dépassera-t-elle", "übersteigt",
    "übersteigen", "supera", "superan", "superará", "superano", "supererà",
]
_COMPARATOR_AFTER = re.compile(
    rf"{_SP}+(?i:(?P<ge>or more|or above|or higher|and more|and above|and up|et plus|ou plus|oder mehr"
    rf"|und mehr|o más|y más|o più|e più)|(?P<le>or less|or fewer|or below|ou moins|oder weniger"
    rf"|o menos|o meno))(?!{_LETTER})"
)
_TRAILING_SYMBOL = {"ge": ">=", "le": "<="}
_RANGE_DASH = re.compile(rf"{_SP}?[-–—]{_SP}?|{_SP}+(?i:to|à|bis|a|al){_SP}+")
_RANGE_AND = re.compile(rf"{_SP}+(?i:and|et|und|e|y){_SP}+")


_ARTICLES = {"les", "los", "las", "the", "i", "gli", "le", "la", "el", "die", "l'"}
_OPENING_PUNCTUATION = "([«\"“‘'’"


class _PhraseTable:
    """Phrases (lowercase, straight apostrophes) → value, found backwards from a figure by one
    regex over the reversed text ("more than" is spelled "naht erom" there), matched where the
    figure starts: the words before a figure cost one regex call, hit or miss."""

    def __init__(self, groups: dict[str, list[str]]):
        self.values = {phrase.replace("’", "'"): value for value, phrases in groups.items() for phrase in phrases}
        punctuation = f"[{re.escape(_OPENING_PUNCTUATION)}]*"
        self.pattern = re.compile(
            rf"(?:\s+|(?=['’~]))"  # the figure follows a space, or an apostrophe or "~" ("d'1", "~5")
            rf"(?i:(?:{_backwards(_ARTICLES)}){punctuation}\s+)?"  # "dépassera les 100"
            rf"(?P<phrase>(?i:{_backwards(self.values)})){punctuation}"
            r"(?:\s|\Z|['’](?i:d|l|uq)(?!\w))"  # after a space, or elided: "d'environ", "qu'au moins"
        )

    def before(self, backwards: str, start: int) -> tuple[str, int] | None:
        """The value of the longest phrase that ends just before `start`, and where it starts;
        `backwards` is the text reversed. Looks at the last 40 characters only."""
        end = len(backwards) - start
        match = self.pattern.match(backwards, end, end + 40)
        if not match:
            return None
        value = self.values.get(" ".join(map(_word_key, match["phrase"][::-1].split())))
        return (value, start - match.end("phrase") + end) if value else None  # None: a case-folding oddity ("İ")


def _backwards(phrases) -> str:
    """A regex for the phrases read backwards ("more than" → "naht erom"), where either
    apostrophe stands for "'", and the words are apart by spaces and, before a word (after it,
    reading backwards), an opening bracket or quote: the reversed text of "more (than"."""
    reversed_phrases = [" ".join(word[::-1] for word in reversed(phrase.split())) for phrase in phrases]
    between_words = f"[{re.escape(_OPENING_PUNCTUATION)}]*" + r"\s+"
    return _alternation(reversed_phrases).replace("'", "['’]").replace(_SP + "+", between_words)


_COMPARATORS_BEFORE = _PhraseTable(_COMPARATOR_WORDS)
_RANGE_OPENERS = _PhraseTable({"between": ["between", "entre", "zwischen", "tra", "fra"]})
_CHANGE_OPENERS = _PhraseTable({"from": ["from", "de", "d'", "von", "desde", "da", "dal", "dai", "dalle"]})
_YEAR_CUES = _PhraseTable({"year": [
    "through", "thru", "until", "till", "by", "before", "by the end of", "the end of", "no later than",
    "starting in", "jusqu'en", "jusqu'à", "jusqu'au", "d'ici", "d'ici à", "d'ici la fin", "avant",
    "à partir de", "dès", "à l'horizon", "horizon", "fin", "bis", "bis zum jahr", "bis ende",
    "bis spätestens", "spätestens", "ab", "ab dem jahr", "ende", "hasta", "hasta el", "antes de",
    "a partir de", "finales de", "fino al", "fino a", "entro il", "entro", "prima del",
    "a partire dal", "dal",
]})


def _word_key(word: str) -> str:
    """A word as the phrase tables spell it: lowercase, straight apostrophe, no opening bracket or quote."""
    return word.lower().replace("’", "'").lstrip(_OPENING_PUNCTUATION)


_STOPWORDS = set(
    # English
    "of the a an and or to in on at by for with from is are was were be been being has have had "
    "will would can could may might should must that which who this these those it its as than "
    "then more less times per also up down over under about around into out percent percentage "
    "am pm a.m p.m "
    # French
    "de des du d l la le les et ou à au aux en sur pour par dans avec est sont ont fois plus moins "
    "que qui ce cette ces se sa son ses leur pas ne y selon contre entre vers chez pourcent "
    # German
    "und oder der die das den dem des ein eine einer von zu zum zur im mit ist sind war hat haben "
    "wird werden mal als auf für bei aus nach über unter bis prozentpunkte uhr "
    # Spanish
    "del el los las y o con por para que es son fue ha han su sus al más menos veces "
    # Italian
    "di della dei degli delle il lo i gli e è hanno si suo sua alla più meno volte da dal ore "
    # words that open a range
    "between entre zwischen tra fra".split()
)
_STOPWORDS |= set(_MONTH_NUMBER) | set(_WEEKDAYS)
_STOPWORDS |= {word for words in _COMPARATOR_WORDS.values() for word in words if " " not in word}
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

_LANGUAGE_HINTS = {
    "en": "the and of is was will with that has for said it its by were this billion dollars",
    "fr": "le les des est et du dans pour une avec sur aux qui milliards milliard",
    "de": "der die das und ist mit den von für eine auf dem nicht sich milliarden millionen mrd.",
    "es": "el los las y para por más como pero fue según millones dólares",
    "it": "il gli della di è che per sono nel alla anche dei delle miliardi milioni dollari",
}
_HINT_LANGUAGE = {word: lang for lang, words in _LANGUAGE_HINTS.items() for word in words.split()}


def guess_language(text: str) -> str | None:
    """The language whose common short words appear most in the first ~800 characters, if any."""
    votes: dict[str, int] = {}
    for word in text[:800].lower().split():
        lang = _HINT_LANGUAGE.get(word)
        if lang:
            votes[lang] = votes.get(lang, 0) + 1
    return max(votes, key=votes.get) if votes else None


# --- figures before comparators and ranges ------------------------------------------------


class _Figure(NamedTuple):
    """A figure as written, before comparators and ranges are resolved (a named tuple: there
    are dozens per article, and tuples are quick to make)."""

    kind: str  # money, percent, count, number, year, date, or "bare" (a number saying nothing yet)
    value: float
    step: float | None
    start: int
    end: int
    scale: float | None = None
    currency: str | None = None
    unit: str | None = None


_GROUP_SPACE = re.compile(r"[ \u00a0\u202f\u2009]")


@lru_cache(maxsize=4096)  # the same numbers come back article after article ("2025", "1.5", "10")
def _parse_number(written: str, language: str | None) -> tuple[float, float]:
    """The value of a number written with digits, and the size of its last digit."""
    if written.isdigit():
        return float(written), 1.0
    compact = _GROUP_SPACE.sub("", written)
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


@lru_cache(maxsize=512)
def _scale_value(written: str, language: str | None) -> float:
    """The factor a written scale stands for ("Mrd." → 1e9; "billion" → 1e12 in French and German)."""
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
    linked = bool(match["of"] or match["elided"])
    if linked and not scaled:
        return None
    if scaled and not linked and language in _SCALE_TAKES_DE:
        return None  # "50 millions soutiendra": in French the counted noun follows "de"
    if noun[0].isupper() and language != "de":
        return None
    if len(noun) < 2 or noun.lower() in _STOPWORDS or _key(noun) in _SCALES:
        return None
    return noun.lower()


def _names_something(text: str, start: int) -> bool:
    """Whether the word before a bare number makes it a name or a label ("Windows 11", "article 5")."""
    if start >= 2 and text[start - 1] in " \u00a0" and (text[start - 2] == ")" or text[start - 2].isdecimal()):
        return True  # one group of a phone number or code: "555 123 4567", "(415) 555"
    if start >= 2 and text[start - 1] == "-" and text[start - 2] in _DIGITS:
        group = start - 1
        while group and text[group - 1] in _DIGITS:
            group -= 1
        return _names_something(text, group)  # "(415) 555-0134": hyphened to a group that names one
    window = text[max(0, start - 30):start]
    if not window[-1:].isspace() or not window.strip():
        return window.rstrip().endswith(("#", "°", "º"))
    word = window.rsplit(None, 1)[-1].strip("«»\"“”'’(")
    lowered = word.lower().rstrip(".:")
    if lowered in _IDENTIFIER_WORDS or word.endswith(("#", "°", "º", "-")):
        return True
    return any(map(str.isupper, word)) and lowered not in _STOPWORDS


def _figure_from_digits(match: re.Match, text: str, language: str | None) -> _Figure | None:
    num, sign, written_scale, prefix, postfix, percent = match.group("num", "sign", "scale", "cur1", "cur2", "pct")
    value, step = _parse_number(num, language)
    if sign:
        value = -value
    scale = _scale_value(written_scale, language) if written_scale else None
    if scale:
        value, step = value * scale, step * scale
    currency = _currency(prefix, postfix) if prefix or postfix else None
    start, end = match.start(), match.end()
    if currency == "GBP" and not scale and postfix and postfix.lower().startswith("pound"):
        return _Figure("count", value, step, start, match.end("num"), unit="pounds")  # a weight
    if currency:
        return _Figure("money", value, step, start, end, scale, currency)
    if percent:
        return _Figure("percent", value, step, start, end)
    if scale:
        return _scaled(text, language, value, step, start, end, scale)
    if step < 1 or value <= 0:
        return None
    if 1900 <= value <= 2100 and end - start == 4:
        return _Figure("bare", value, step, start, end)  # a year, maybe ("through 2030"): see _quantity
    if _names_something(text, start):
        return None
    noun = _counted_noun(text, end, False, language)
    return _Figure("count", value, step, start, end, unit=noun) if noun else _Figure("bare", value, step, start, end)


@lru_cache(maxsize=512)
def _currency(prefix: str | None, postfix: str | None) -> str:
    """The ISO code of a currency written before the number ("US$", "EUR") or after it ("euros")."""
    if prefix:
        return _PREFIX_CURRENCIES.get(_key(prefix)) or prefix.strip().upper()
    return _POSTFIX_CURRENCIES[_key(postfix)]


def _scaled(text, language, value, step, start, end, scale) -> _Figure:
    """A scaled figure with no currency: a count if a noun follows ("3 billion users"), else a number."""
    noun = _counted_noun(text, end, True, language)
    return _Figure("count" if noun else "number", value, step, start, end, scale, unit=noun)


def _figure_from_words(match: re.Match, text: str, language: str | None, values: dict[str, int]) -> _Figure | None:
    start, end, word = match.start("word"), match.end(), match["word"]
    value, step = float(values[_key(word)]), 1.0
    scale = _scale_value(match["scale"], language) if match["scale"] else None
    if scale:
        value, step = value * scale, step * scale
    if match["cur2"]:
        return _Figure("money", value, step, start, end, scale, _currency(None, match["cur2"]))
    if not scale and word[0].isupper() and text[:start].rstrip()[-1:] not in ("", ".", "!", "?", ":", "(", "«", '"', "“"):
        return None  # a capitalised number word inside a sentence is a name ("Otto", "Sette")
    if scale:
        return _scaled(text, language, value, step, start, end, scale)
    noun = _counted_noun(text, end, False, language)
    return _Figure("count", value, step, start, end, unit=noun) if noun else None


def _month_first_date(text: str, i: int) -> _Figure | None:
    """An English date written month first ("Thursday, September 11, 2025"), if its day starts at i."""
    day_year = _DAY_YEAR.match(text, i)
    month = day_year and _MONTH_BEFORE.search(text, max(0, i - 24), i)
    if not month:
        return None
    try:
        day = date(int(day_year["year"]), _MONTH_NUMBER[month["month"].lower()], int(day_year["day"]))
    except ValueError:
        return None
    return _Figure("date", float(day.toordinal()), 1.0, month.start(), day_year.end())


# How far past the end of a window a scan looks for figures: one that starts inside has its
# first digit at most 24 characters later (a month-first date: "September 11, 2025"), and the
# upper end of a range starts at most 7 characters after its lower end ends. The spelled-out
# figures that start before that point are read through to their end: none ("doce mil millones
# de dólares estadounidenses") is _WORDS_LONG characters long.
_REACH = 30
_WORDS_LONG = 60


def _date_at(text: str, i: int, amount: re.Match | None) -> re.Match | None:
    """The date whose day (or year) is the number at i, where the amount regex read a plain number
    there or nothing. Only those can start a date: a day has one or two digits and a year four
    before a dash ("28 octobre 2025", "1.5.2025", "2025-10-28"), and none has a unit after it."""
    if text[i] not in _DIGITS:
        return None
    if amount:
        if amount.start() != i or amount.end() != amount.end("num"):
            return None
        digits = amount.end() - i
        if digits > 2 and not (digits == 4 and text.startswith("-", amount.end())):
            return None
    return _DATE_AT.match(text, i)


def _scan(text: str, language: str | None, begin: int, stop: int) -> list[_Figure]:
    """Every date and figure in text order, without comparators or ranges: all those that start
    in text[begin:stop], and those just after it (the upper end of a range that starts inside).

    The big regex is tried only where a digit or currency sign stands (found by a one-character
    class, which the regex engine skips to quickly), starting a few characters earlier when a
    currency code or minus sign leads the figure ("USD 2 billion", "US$5bn", "-3.5%").
    """
    figures = []
    end = 0  # where the last figure read ends: none starts inside another
    for candidate in _CANDIDATE.finditer(text, begin):
        i = candidate.start()
        if i < end:
            continue
        if i >= stop + _REACH and i >= end + _REACH:
            break
        figure = None
        if text[i - 1:i] in (" ", "\u00a0") and text.endswith(_ENGLISH_MONTH_ENDS, 0, i - 1):
            figure = _month_first_date(text, i)
        if figure:
            end = figure.end
        else:
            lead = max(end, _lead_start(text, i))
            match = (lead < i and _AMOUNT.match(text, lead)) or _AMOUNT.match(text, i)
            date = _date_at(text, i, match)
            if date:
                figure, end = _make_date(date, text, language), date.end()
            elif match:
                figure, end = _figure_from_digits(match, text, language), match.end()
        if figure:
            figures.append(figure)
    reach = max(stop, end) + _REACH
    after_space, after_mark, values = _word_figure(language)
    for pattern in (after_space, after_mark):  # each opens with the character before the word
        for match in pattern.finditer(text, max(0, begin - 1), reach + _WORDS_LONG):
            if match.start() >= reach:
                break
            figures.append(_figure_from_words(match, text, language, values))
    if begin == 0:
        opening = " " + text[:80]  # a number word opening the text has no space before it
        match = after_space.match(opening)
        figure = match and _figure_from_words(match, opening, language, values)
        if figure:
            figures.append(figure._replace(start=figure.start - 1, end=figure.end - 1))
    figures = [figure for figure in figures if figure]
    figures.sort(key=lambda f: (f.start, -f.end))
    kept: list[_Figure] = []
    for figure in figures:  # "mil millones" inside "10 mil millones" was found twice
        if not kept or figure.start >= kept[-1].end:
            kept.append(figure)
    return kept


def _regions(spans: Sequence[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The windows (overlapping ones merged, in text order), and the stretches of text to scan:
    windows closer than a scan reads past its end share one scan."""
    windows: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        elif start < end:
            windows.append((start, end))
    regions: list[tuple[int, int]] = []
    for start, end in windows:
        if regions and start - regions[-1][1] < _REACH + _WORDS_LONG:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return windows, regions


# --- ranges, comparators, years -----------------------------------------------------------


_LIST_GAP = re.compile(rf",{_SP}*|,?{_SP}+(?i:and|et|und|y|e|or|ou|oder|o){_SP}+")


def _share_list_currency(figures: list[_Figure], text: str) -> list[_Figure]:
    """In a list of amounts that opens and closes with the same currency ("$5 million, 10
    million and 20 million dollars"), the scaled numbers between are in that currency too."""
    if "number" not in [figure.kind for figure in figures]:
        return figures  # the usual case: no list to look at
    k = 0
    while k < len(figures):
        last = k
        if figures[k].kind == "money":
            while last + 1 < len(figures) and figures[last + 1].kind == "number" \
                    and _LIST_GAP.fullmatch(text, figures[last].end, figures[last + 1].start):
                last += 1
            closing = figures[last + 1] if last > k and last + 1 < len(figures) else None
            if closing and closing.kind == "money" and closing.currency == figures[k].currency \
                    and _LIST_GAP.fullmatch(text, figures[last].end, closing.start):
                for middle in range(k + 1, last + 1):
                    figures[middle] = figures[middle]._replace(kind="money", currency=closing.currency)
        k = last + 1
    return figures


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
    lower = first._replace(kind=kind, value=value, step=step, scale=scale, currency=currency, unit=second.unit)
    return lower, second._replace(kind=kind, currency=currency)


def _join_ranges(figures: list[_Figure], text: str, backwards: str) -> list[tuple[_Figure, _Figure | None, int]]:
    """Triples (figure, upper end or None, where the words stating it start) after joining ranges.

    "10-15", "10 to 15", "between 10 and 15" join; "from 10 to 15" stays two values (a change),
    though the first still takes the scale and currency written after the second; "from 2030
    to 2032" is a change between two years.
    """
    joined = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if second and _looks_like_year(first) and _looks_like_year(second) and _RANGE_DASH.fullmatch(text, first.end, second.start) \
                and _CHANGE_OPENERS.before(backwards, first.start):
            joined += [(first._replace(kind="year"), None, first.start), (second._replace(kind="year"), None, second.start)]
            i += 2
            continue
        if second and second.start - first.end <= 7 and _completes(first, second):
            gap = (first.end, second.start)
            dash = _RANGE_DASH.fullmatch(text, *gap)
            between = None if dash else _RANGE_OPENERS.before(backwards, first.start)
            if dash or (between and _RANGE_AND.fullmatch(text, *gap)):
                lower, upper = _merge(first, second)
                if lower.value >= upper.value and dash and second.kind == "count":
                    i += 2  # "the 2024-25 season", "a 3-2 win": a span of years or a score
                    continue
                if lower.value < upper.value:
                    if between or not _CHANGE_OPENERS.before(backwards, first.start):
                        joined.append((lower, upper, between[1] if between else first.start))
                        i += 2
                        continue
                    if first.kind == "bare":
                        first = lower  # "from 10 to 15 billion": two values, both in billions
        joined.append((first, None, first.start))
        i += 1
    return joined


def _looks_like_year(figure: _Figure) -> bool:
    return figure.kind == "bare" and 1900 <= figure.value <= 2100 and figure.end - figure.start == 4


def _quantity(figure: _Figure, upper: _Figure | None, full_start: int, text: str, backwards: str) -> Quantity | None:
    """The reported quantity for a figure (or range), with comparator words found around it."""
    kind, comparator, full_end = figure.kind, "=", (upper or figure).end
    if kind == "bare":
        if upper or not _looks_like_year(figure) or not _YEAR_CUES.before(backwards, figure.start):
            return None
        kind = "year"
    elif upper:
        comparator = "range"
    elif kind not in ("date", "year"):
        before = _COMPARATORS_BEFORE.before(backwards, figure.start)
        after = None if before else _COMPARATOR_AFTER.match(text, figure.end)
        if before:
            comparator, full_start = before
        elif after:
            comparator, full_end = _TRAILING_SYMBOL[after.lastgroup], after.end()
    step = max(figure.step, upper.step) if upper else figure.step
    return Quantity(
        kind=kind, value=figure.value, comparator=comparator,
        value_max=upper.value if upper else None, currency=figure.currency,
        unit=figure.unit, step=step, start=figure.start, end=(upper or figure).end,
        full_start=full_start, full_end=full_end,
    )


def find_quantities(text: str, language: str | None = None, spans: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    """The quantities stated in `text`, in text order.

    `language` ("en", "fr", "de", "es", "it") decides what "1,500" and "billion" mean and which
    spelled-out numbers count; None guesses it from common words (and, failing that, reads
    separators by their digit-group shape and skips spelled-out numbers). `spans`, (start, end)
    windows such as sentences, keeps only the quantities that start inside one, and reads little
    more of the text than the windows: for windows that cut no figure in two, the same quantities
    as filtering the whole text's.
    """
    if language is None:
        language = guess_language(text)
    elif language not in LANGUAGES:
        language = None
    backwards = text[::-1]
    windows, regions = _regions([(0, len(text))] if spans is None else spans)
    window_starts = [start for start, _ in windows]
    quantities = []
    for begin, stop in regions:
        for figure, upper, full_start in _join_ranges(_share_list_currency(_scan(text, language, begin, stop), text), text, backwards):
            if not begin <= figure.start < stop:
                continue  # read only to close a range, or another scan's
            if spans is not None and figure.start >= windows[bisect_right(window_starts, figure.start) - 1][1]:
                continue  # between two windows that share a scan
            quantity = _quantity(figure, upper, full_start, text, backwards)
            if quantity:
                quantities.append(quantity)
    return quantities
