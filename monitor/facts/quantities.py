"""Find the figures a news text states: money, percentages, counts, deadline years and dates.

Text → `Quantity` objects in text order, in base units ("$1.5bn" → 1.5e9 USD), with the comparator
the surrounding words give ("more than", "environ", "bis zu" …), ranges ("entre 10 et 15
milliards"), and the size of the last written digit (`step`) so that later stages can turn "= 130"
into a rounding interval. English, French, German, Spanish and Italian; then Portuguese, Dutch,
Polish, Russian, Ukrainian, Turkish, Japanese, Chinese (simplified and traditional) and Korean
(`LANGUAGES`; "pt-BR", "zh-TW", "zh-Hant" … are read as their language).

Why hand-written: no library handles scales, comparators and these five languages together.
quantulum3 (the broadest) reads English units; on the shared table of cases it recovers 37 of 85
expected figures and leaves 2 of 11 trap sentences clean, against 85/85 and 11/11 here
(`python bench/quantities.py --compare`). price-parser reads one price per string, without
scales; number-parser reads spelled-out numbers. None resolves "1.500 millones" (grouping dot),
"1,5 Milliarden" (decimal comma) and "Billion" (1e12 in German), nor says "more than". The later
languages add what no general library reads either: "bilhão" (1e9) but "bilião" (1e12), Polish
"bln" (1e12), Turkish percent and comparators around the figure ("yüzde 27", "%27", "100 milyar
doları aşan"), and East Asian scales that multiply and add up ("1천350억 달러", "1兆3500億円",
"1.35万亿美元", "五百亿美元", "百分之二十七") with figures glued to the words around them.

How it stays fast (the fact engine needs ≥ 1,000 articles/s; this takes 300-650 µs per 800-word
article, about 11 µs per figure found): the amount regex is tried only where a digit or currency
sign stands, and the date regex only where it read a plain number; spelled-out numbers have one
regex per language that opens with the space before the word; the phrases before a figure
(comparators, "between", "from", year cues) are one anchored regex over the reversed text; the
rest (counted nouns, ranges, month-first dates) is a short look at the words next to a figure
already found. With `spans` (the sentences the fact engine wants) only those windows are read.
Each later language has its own regexes, built by the same builders from its own words (see
`_MORE_LANGUAGES`): the first five keep theirs unchanged, so their results and speed stay as they
were, and no language pays for another's words. Chinese, Japanese and Korean, which write no
space around a number, have their own scan (`_scan_cjk`): figures may touch any CJK character
but still not a Latin letter or another number, and comparators and deadlines are read on
either side ("約27%", "1000億ドル超", "2032년까지").

Precision over recall: a bare number with nothing to say what it counts ("Windows 11",
"Section 230", "In 2025,") is not reported. Dates are reported as kind "date" so that their
digits are never mistaken for figures; their value is the day's ordinal
(`datetime.date.fromordinal(int(q.value))` gives the date back), so dates compare like numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Sequence

from monitor.model import Quantity

__all__ = ["LANGUAGES", "clear_language", "find_quantities", "guess_language"]

_FIRST_LANGUAGES = ("en", "fr", "de", "es", "it")
LANGUAGES = (*_FIRST_LANGUAGES, "pt", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko")
_COMMA_GROUPING = {"en", "ja", "zh", "ko"}  # "1,500" is 1500 (and "1.35" 1.35): English and East Asian

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


def _fold(written: str) -> str:
    """`_key`, and Turkish dotless and dotted i as "i": the case-blind regexes match "DOLARI" to
    "doları" (and "İ" lowercases to "i" and a combining dot). The later languages' tables use it."""
    return _key(written).replace("ı", "i").replace("\u0307", "")


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
_MORE_NUMBER_WORDS: dict[str, dict[str, int]] = {}  # a second form ("duas", "две"), in the later languages


@lru_cache(maxsize=None)
def _word_figure(language: str | None) -> tuple[re.Pattern, re.Pattern, dict[str, int]]:
    """The regexes for spelled-out numbers of one language (after a space; after a line break,
    bracket, quote or apostrophe), and the value of each word.

    Each pattern opens with the character before the word, which the regex engine skips to
    quickly (a lone space is fastest); checks that need more context are done in Python.
    In a text of unknown language only words before a scale are read ("a billion", "mil
    millones"): alone, "once", "due" or "sei" may not be numbers at all.
    """
    languages = [language] if language else list(_FIRST_LANGUAGES)
    before_scale = {word: 1 for lang in languages for word in _ONE_BEFORE_SCALE[lang].split()}
    before_scale.update({_THOUSAND_WORDS[lang]: 1000 for lang in languages if _THOUSAND_WORDS[lang]})
    counted = {}
    if language:
        counted = {word: n for n, word in enumerate(_NUMBER_WORDS[language].split(), start=1) if word != "-"}
        counted.update(_MORE_NUMBER_WORDS.get(language, {}))
        counted.update({word: value for word, value in before_scale.items() if value > 1})
        before_scale = {word: value for word, value in before_scale.items() if word not in counted}
    both_cases = lambda words: _alternation(list(words) + [word.capitalize() for word in words])
    alone = f"{both_cases(counted)}|" if counted else ""
    values = {**before_scale, **counted}
    scale, postfix, of_currency = _WORD_PARTS.get(language, (_SCALE, _POSTFIX, _OF_CURRENCY))
    figure = (
        rf"(?P<word>{alone}(?:{both_cases(before_scale)})(?={_SP}+{scale}))(?![\w'’-])"
        rf"(?:{_SP}+(?P<scale>{scale}))?(?:{_SP}*{of_currency}?{postfix})?(?![\w-])"
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

    def __init__(self, groups: dict[str, list[str]], articles=_ARTICLES, tight: str | None = None):
        self.values = {phrase.replace("’", "'"): value for value, phrases in groups.items() for phrase in phrases}
        punctuation = f"[{re.escape(_OPENING_PUNCTUATION)}]*"
        if tight is not None:  # Chinese, Japanese, Korean: the phrase may touch the figure ("約27%")
            self.pattern = re.compile(rf"\s*(?P<phrase>{_backwards(self.values)}){tight}")
            return
        self.pattern = re.compile(
            r"(?:\s+|(?=['’~]))"  # the figure follows a space, or an apostrophe or "~" ("d'1", "~5")
            + (rf"(?i:(?:{_backwards(articles)}){punctuation}\s+)?" if articles else "")  # "dépassera les 100"
            + rf"(?P<phrase>(?i:{_backwards(self.values)})){punctuation}"
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


_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_SCRIPT_LETTERS = {
    "kana": re.compile(r"[\u3040-\u30ff]"), "hangul": re.compile(r"[\uac00-\ud7af]"),
    "han": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"), "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "ukrainian": re.compile(r"[іїєґІЇЄҐ]"), "russian": re.compile(r"[ыэъёЫЭЪЁ]"),
}


def guess_language(text: str) -> str | None:
    """The language whose common short words appear most in the first ~800 characters, if any.

    Cyrillic, Chinese, Japanese and Korean are told by their script (a Latin text pays one
    regex search for it): kana make Japanese, Hangul Korean, Han alone Chinese; "і", "ї", "є"
    make Ukrainian, "ы", "э", "ъ" Russian. They vote with their letters against the Latin words."""
    votes = _votes(text[:800].lower())
    return max(votes, key=votes.get) if votes else None


_CLEAR_LENGTH = 1000  # characters: an article, not a line of notes


def _votes(head: str) -> dict[str, int]:
    """Each language's votes: its common words in the lower-case head, and the letters of its script."""
    votes = Counter(filter(None, map(_HINT_LANGUAGE.get, head.split())))  # one pass, in C
    if _OTHER_SCRIPT.search(head):
        counts = {name: len(pattern.findall(head)) for name, pattern in _SCRIPT_LETTERS.items()}
        if counts["cyrillic"]:
            lang = "uk" if counts["ukrainian"] > counts["russian"] else "ru"
            votes[lang] += counts["cyrillic"] // 5
        cjk = counts["kana"] + counts["hangul"] + counts["han"]
        if cjk:
            lang = "ko" if counts["hangul"] > counts["kana"] else "ja" if counts["kana"] else "zh"
            votes[lang] += cjk // 2
    return {lang: n for lang, n in votes.items() if n}


def clear_language(text: str, lowered: str | None = None) -> str | None:
    """The language of a whole article when its opening leaves no doubt about it (four votes at
    least, three times the runner-up's: a Russian or Japanese article quoting "OpenAI" is clear),
    else None: for callers that would rather try every language than the wrong one. A short
    text is never clear: a few lines of notes may mix languages. `lowered`: text.lower(), when
    the caller has it."""
    if len(text) < _CLEAR_LENGTH:
        return None
    votes = _votes(lowered[:800] if lowered is not None else text[:800].lower())
    if not votes:
        return None
    ranked = sorted(votes.values(), reverse=True)
    best = max(votes, key=votes.get)
    return best if ranked[0] >= 4 and (len(ranked) == 1 or ranked[0] >= 3 * ranked[1]) else None


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
            grouping = (marks[0] == ",") == (language in _COMMA_GROUPING)
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
    more = _MORE_SCALES.get(language)
    if more and _fold(key) in more:
        return more[_fold(key)]
    return _SCALES[key]


def _make_date(match: re.Match, text: str, language: str | None) -> _Figure | None:
    """A date from the main regex's date groups, or None when the digits are no real day."""
    if match["dmy"]:
        month_key = _key(match["dmy_month"])
        year, day = int(match["dmy_year"]), int(match["dmy_day"])
        month = _ALL_MONTHS.get(month_key) or _ALL_MONTHS[_fold(month_key)]
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
    more = _MORE_STOPWORDS.get(language)
    if more and (noun.lower() in more or _fold(noun) in _MORE_SCALES[language]):
        return None
    return noun.lower()


def _names_something(text: str, start: int, language: str | None = None) -> bool:
    """Whether the word before a bare number makes it a name or a label ("Windows 11", "article 5")."""
    if start >= 2 and text[start - 1] in " \u00a0" and (text[start - 2] == ")" or text[start - 2].isdecimal()):
        return True  # one group of a phone number or code: "555 123 4567", "(415) 555"
    if start >= 2 and text[start - 1] == "-" and text[start - 2] in _DIGITS:
        group = start - 1
        while group and text[group - 1] in _DIGITS:
            group -= 1
        return _names_something(text, group, language)  # "(415) 555-0134": hyphened to a group that names one
    window = text[max(0, start - 30):start]
    if not window[-1:].isspace() or not window.strip():
        return window.rstrip().endswith(("#", "°", "º"))
    word = window.rsplit(None, 1)[-1].strip("«»\"“”'’(")
    lowered = word.lower().rstrip(".:")
    if lowered in _IDENTIFIER_WORDS or word.endswith(("#", "°", "º", "-")):
        return True
    more = _MORE_STOPWORDS.get(language)
    if more is not None:
        if lowered in _MORE_IDENTIFIERS[language]:
            return True
        return any(map(str.isupper, word)) and lowered not in _STOPWORDS and lowered not in more
    return any(map(str.isupper, word)) and lowered not in _STOPWORDS


def _figure_from_digits(match: re.Match, text: str, language: str | None) -> _Figure | None:
    num, sign, written_scale, prefix, postfix, percent = match.group("num", "sign", "scale", "cur1", "cur2", "pct")
    value, step = _parse_number(num, language)
    if sign:
        value = -value
    if language == "tr" and match["pct0"]:
        percent = match["pct0"]  # "yüzde 27", "%27": Turkish writes the percent first
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
    if _names_something(text, start, language):
        return None
    noun = _counted_noun(text, end, False, language)
    return _Figure("count", value, step, start, end, unit=noun) if noun else _Figure("bare", value, step, start, end)


@lru_cache(maxsize=512)
def _currency(prefix: str | None, postfix: str | None) -> str:
    """The ISO code of a currency written before the number ("US$", "EUR") or after it ("euros")."""
    if prefix:
        return _PREFIX_CURRENCIES.get(_key(prefix)) or _MORE_PREFIX_CURRENCIES.get(_key(prefix)) or prefix.strip().upper()
    return _POSTFIX_CURRENCIES.get(_key(postfix)) or _MORE_CURRENCIES[_fold(postfix)]


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


def _date_at(text: str, i: int, amount: re.Match | None, date_at: re.Pattern) -> re.Match | None:
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
    return date_at.match(text, i)


def _scan(text: str, language: str | None, begin: int, stop: int, rules: _Rules) -> list[_Figure]:
    """Every date and figure in text order, without comparators or ranges: all those that start
    in text[begin:stop], and those just after it (the upper end of a range that starts inside).

    The big regex is tried only where a digit or currency sign stands (found by a one-character
    class, which the regex engine skips to quickly), starting a few characters earlier when a
    currency code or minus sign leads the figure ("USD 2 billion", "US$5bn", "-3.5%").
    """
    if rules.cjk:
        return _scan_cjk(text, language, begin, stop, rules)
    amount, date_at, lead_start = rules.amount, rules.date_at, rules.lead_start
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
            lead = max(end, lead_start(text, i))
            match = (lead < i and amount.match(text, lead)) or amount.match(text, i)
            date = _date_at(text, i, match, date_at)
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


def _share_list_currency(figures: list[_Figure], text: str, list_gap: re.Pattern) -> list[_Figure]:
    """In a list of amounts that opens and closes with the same currency ("$5 million, 10
    million and 20 million dollars"), the scaled numbers between are in that currency too."""
    if "number" not in [figure.kind for figure in figures]:
        return figures  # the usual case: no list to look at
    k = 0
    while k < len(figures):
        last = k
        if figures[k].kind == "money":
            while last + 1 < len(figures) and figures[last + 1].kind == "number" \
                    and list_gap.fullmatch(text, figures[last].end, figures[last + 1].start):
                last += 1
            closing = figures[last + 1] if last > k and last + 1 < len(figures) else None
            if closing and closing.kind == "money" and closing.currency == figures[k].currency \
                    and list_gap.fullmatch(text, figures[last].end, closing.start):
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


def _join_ranges(figures: list[_Figure], text: str, backwards: str, rules: _Rules) -> list[tuple[_Figure, _Figure | None, int]]:
    """Triples (figure, upper end or None, where the words stating it start) after joining ranges.

    "10-15", "10 to 15", "between 10 and 15" join; "from 10 to 15" stays two values (a change),
    though the first still takes the scale and currency written after the second; "from 2030
    to 2032" is a change between two years.
    """
    range_dash, range_and, change_openers, range_openers = rules.range_dash, rules.range_and, rules.change_openers, rules.range_openers
    joined = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if second and _looks_like_year(first) and _looks_like_year(second) and range_dash.fullmatch(text, first.end, second.start) \
                and change_openers.before(backwards, first.start):
            joined += [(first._replace(kind="year"), None, first.start), (second._replace(kind="year"), None, second.start)]
            i += 2
            continue
        if second and second.start - first.end <= 7 and _completes(first, second):
            gap = (first.end, second.start)
            dash = range_dash.fullmatch(text, *gap)
            between = None if dash else range_openers.before(backwards, first.start)
            if dash or (between and range_and.fullmatch(text, *gap)):
                lower, upper = _merge(first, second)
                if lower.value >= upper.value and dash and second.kind == "count":
                    i += 2  # "the 2024-25 season", "a 3-2 win": a span of years or a score
                    continue
                if lower.value < upper.value:
                    if between or not change_openers.before(backwards, first.start):
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


def _quantity(figure: _Figure, upper: _Figure | None, full_start: int, text: str, backwards: str, rules: _Rules) -> Quantity | None:
    """The reported quantity for a figure (or range), with comparator words found around it."""
    kind, comparator, full_end = figure.kind, "=", (upper or figure).end
    if kind == "bare":
        if upper or not _looks_like_year(figure) or not (
            rules.year_cues.before(backwards, figure.start)
            or (rules.year_after is not None and rules.year_after.match(text, figure.end))
        ):
            return None
        kind = "year"
    elif upper:
        comparator = "range"
    elif kind not in ("date", "year"):
        before = rules.comparators_before.before(backwards, figure.start)
        after = None if before else rules.comparator_after.match(text, figure.end)
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


# --- more languages: Portuguese, Dutch, Polish, Russian, Ukrainian, Turkish, Chinese, Japanese, Korean

# The first five languages keep the regexes above, unchanged (compiled once, shared). Each later
# language gets its own set, built from its own words by the same builders: its words never
# reach the first five ("mais de" is "but of" in French, "mil" a mile in Turkish, "bln" 1e12 in
# Polish), and a text in one of them pays nothing for the others. Chinese, Japanese and Korean
# write numbers glued to the words around them ("約1350億ドル超"): they have their own scan below.


class _Rules(NamedTuple):
    """What the scan, the range joiner and the comparator reader use for one language."""

    amount: re.Pattern
    date_at: re.Pattern
    lead_start: object  # (text, i) -> where a figure whose digit is at i may start
    comparators_before: _PhraseTable
    comparator_after: re.Pattern
    range_dash: re.Pattern
    range_and: re.Pattern
    range_openers: _PhraseTable
    change_openers: _PhraseTable
    year_cues: _PhraseTable
    year_after: re.Pattern | None  # a deadline written after the year: "2032'ye kadar", "2032年まで"
    list_gap: re.Pattern
    cjk: bool = False


_BASE_RULES = _Rules(
    _AMOUNT, _DATE_AT, _lead_start, _COMPARATORS_BEFORE, _COMPARATOR_AFTER, _RANGE_DASH, _RANGE_AND,
    _RANGE_OPENERS, _CHANGE_OPENERS, _YEAR_CUES, None, _LIST_GAP,
)
_TRAILING_SYMBOL.update({"gt": ">", "lt": "<", "approx": "~"})


class _Language(NamedTuple):
    """The words of one later language (lowercase; a space matches any run of spaces)."""

    scales: dict[str, float]
    currencies: dict[str, list[str]]  # ISO code → words written after the number
    prefixes: dict[str, str]  # written before the number ("R$", "US$") → ISO code
    percent: list[str]  # words after the number ("por cento", "proc.", "процентов")
    comparators: dict[str, list[str]]  # before the figure
    after: dict[str, list[str]]  # after the figure: "ge" ("ou mais"), "gt" ("aşan"), …
    range_dash: list[str]  # "10 a 15", "10 tot 15", "od 10 do 15", "от 10 до 15"
    range_and: list[str]  # "entre 10 e 15"
    range_openers: list[str]
    change_openers: list[str]  # "de 10 a 15": a change, not a range
    year_cues: list[str]  # "até 2032", "do 2032 r."
    months: dict[int, str]
    stopwords: str
    numbers: str  # two … twelve, "-" for a word left out
    more_numbers: dict[str, int]
    one_before_scale: str
    thousand: str
    articles: tuple = ()
    of_currency: bool = False  # "1,5 bilhão de dólares"
    hints: str = ""  # common words that tell the language apart (guess_language)


_MORE_LANGUAGES: dict[str, _Language] = {
    "pt": _Language(
        scales={"mil": 1e3, "milhão": 1e6, "milhões": 1e6, "milhao": 1e6, "milhoes": 1e6, "mi": 1e6, "mln": 1e6,
                "bilhão": 1e9, "bilhões": 1e9, "bilhao": 1e9, "bilhoes": 1e9, "bi": 1e9, "mil milhões": 1e9,
                "bilião": 1e12, "biliões": 1e12, "trilhão": 1e12, "trilhões": 1e12, "tri": 1e12},
        currencies={"USD": ["dólares", "dólar", "dólares americanos", "dólares norte-americanos", "us$", "$"],
                    "EUR": ["euros", "euro", "€"], "BRL": ["reais", "real"], "GBP": ["libras", "libras esterlinas"]},
        prefixes={"r$": "BRL"},
        percent=["por cento"],
        comparators={">": ["mais de", "mais do que", "acima de", "superior a", "ultrapassa", "ultrapassam",
                           "supera", "superam", "ultrapassar", "ultrapassou", "superar", "superou", "mais de os", "mais de as"],
                     ">=": ["pelo menos", "no mínimo", "ao menos"],
                     "~": ["cerca de", "aproximadamente", "quase", "perto de", "em torno de", "por volta de",
                           "estimado em", "estimada em", "avaliado em cerca de", "uns", "umas", "estimados em"],
                     "<=": ["até", "no máximo", "até os", "até as"],
                     "<": ["menos de", "abaixo de", "inferior a"]},
        after={"ge": ["ou mais"], "le": ["ou menos"]},
        range_dash=["a"], range_and=["e"], range_openers=["entre"],
        change_openers=["de", "desde", "dos", "das"], articles=("o", "os", "a", "as"),
        year_cues=["até", "até o", "até ao", "até o fim de", "até o final de", "antes de", "a partir de",
                   "desde", "até o ano de", "no máximo em"],
        months={1: "janeiro jan", 2: "fevereiro fev", 3: "março mar", 4: "abril abr", 5: "maio mai",
                6: "junho jun", 7: "julho jul", 8: "agosto ago", 9: "setembro set", 10: "outubro out",
                11: "novembro nov", 12: "dezembro dez"},
        stopwords="de do da dos das e o a os as em no na nos nas por para com que é são foi um uma ao à "
                  "pelo pela mais menos se seu sua ou entre sobre até anos",
        numbers="- dois três quatro cinco seis sete oito nove dez onze doze", more_numbers={"duas": 2},
        one_before_scale="um", thousand="mil", of_currency=True,
        hints="em ao não uma com pelo pela também são bilhões bilhão milhões trilhões foram foi está até após já "
              "ações então mas",
    ),
    "nl": _Language(
        scales={"duizend": 1e3, "miljoen": 1e6, "miljoenen": 1e6, "mln": 1e6, "miljard": 1e9,
                "miljarden": 1e9, "mld": 1e9, "mrd": 1e9, "biljoen": 1e12},
        currencies={"USD": ["dollar", "dollars", "amerikaanse dollar", "$"], "EUR": ["euro", "euro's", "€"],
                    "GBP": ["pond", "pond sterling", "britse pond"]},
        prefixes={},
        percent=["procent", "pct"],
        comparators={">": ["meer dan", "ruim", "boven", "bijna meer dan", "meer als", "ruim boven", "dik"],
                     ">=": ["minstens", "ten minste", "tenminste", "minimaal", "zeker"],
                     "~": ["ongeveer", "circa", "zo'n", "rond", "rond de", "bijna", "zowat", "ca.", "naar schatting",
                           "omstreeks", "ongeveer een"],
                     "<=": ["tot", "maximaal", "hooguit", "tot wel", "tot maar liefst", "ten hoogste"],
                     "<": ["minder dan", "onder", "nog geen", "krap"]},
        after={"ge": ["of meer", "en meer"], "le": ["of minder"]},
        range_dash=["tot"], range_and=["en"], range_openers=["tussen"], change_openers=["van"],
        articles=("de", "het"),
        year_cues=["tot", "tot en met", "t/m", "uiterlijk", "uiterlijk in", "vóór", "voor", "vanaf", "eind",
                   "tegen", "tot eind", "tot het einde van"],
        months={1: "januari jan", 2: "februari feb", 3: "maart mrt", 4: "april apr", 5: "mei", 6: "juni jun",
                7: "juli jul", 8: "augustus aug", 9: "september sep sept", 10: "oktober okt", 11: "november nov",
                12: "december dec"},
        stopwords="de het een en of van in op te voor met dat is zijn was aan bij door naar om als dan ook niet "
                  "jaar uit tot per",
        numbers="- twee drie vier vijf zes zeven acht negen tien elf twaalf", more_numbers={},
        one_before_scale="een één", thousand="duizend",
        hints="het een van zijn niet voor werd heeft ook wordt naar bij miljard miljoen dat maar",
    ),
    "pl": _Language(
        scales={"tys.": 1e3, "tys": 1e3, "tysięcy": 1e3, "tysiące": 1e3, "tysiąc": 1e3, "mln": 1e6,
                "milion": 1e6, "miliony": 1e6, "milionów": 1e6, "miliona": 1e6, "mld": 1e9,
                "miliard": 1e9, "miliardy": 1e9, "miliardów": 1e9, "miliarda": 1e9, "bln": 1e12, "bilion": 1e12,
                "biliony": 1e12, "bilionów": 1e12, "biliona": 1e12},
        currencies={"USD": ["dolarów", "dolary", "dolara", "dolar", "dol.", "dolarów amerykańskich", "$"],
                    "EUR": ["euro", "€"], "PLN": ["zł", "złotych", "złote", "złoty", "złotego"],
                    "GBP": ["funtów", "funty", "funta"]},
        prefixes={},
        percent=["proc.", "procent", "procentów", "procenta", "procenty"],
        comparators={">": ["ponad", "przeszło", "powyżej", "więcej niż", "blisko ponad", "grubo ponad"],
                     ">=": ["co najmniej", "przynajmniej", "minimum", "nie mniej niż"],
                     "~": ["około", "ok.", "blisko", "prawie", "niemal", "mniej więcej", "szacunkowo",
                           "rzędu", "niespełna"],
                     "<=": ["do", "maksymalnie", "najwyżej", "nie więcej niż", "aż do"],
                     "<": ["mniej niż", "poniżej", "niecałe", "niecałych"]},
        after={"ge": ["lub więcej", "i więcej", "albo więcej"], "le": ["lub mniej"]},
        range_dash=["do"], range_and=["a"], range_openers=["między", "pomiędzy"], change_openers=["z", "ze"],
        year_cues=["do", "do końca", "przed", "od", "najpóźniej w", "najpóźniej do", "po"],
        months={1: "stycznia styczeń", 2: "lutego luty", 3: "marca marzec", 4: "kwietnia kwiecień", 5: "maja maj",
                6: "czerwca czerwiec", 7: "lipca lipiec", 8: "sierpnia sierpień", 9: "września wrzesień",
                10: "października październik", 11: "listopada listopad", 12: "grudnia grudzień"},
        stopwords="w z i o na do od że się jest to po za przez dla oraz a lub nie jak niż r roku rok lat ze we "
                  "są był była było jego jej ich",
        numbers="- dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście",
        more_numbers={"dwie": 2, "dwóch": 2, "trzech": 3, "czterech": 4, "pięciu": 5},
        one_before_scale="jeden jedna", thousand="tysiąc",
        hints="się jest że oraz przez który która które został dla jak jego proc. roku będzie w z ze także "
              "zł wynosi spółka spółki",
    ),
    "ru": _Language(
        scales={"тыс.": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6,
                "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9,
                "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12, "триллион": 1e12,
                "триллиона": 1e12, "триллионов": 1e12},
        currencies={"USD": ["долларов", "доллара", "доллар", "долл.", "долларов сша", "$"],
                    "EUR": ["евро", "€"], "RUB": ["рублей", "рубля", "рубль", "руб.", "₽"],
                    "GBP": ["фунтов", "фунта", "фунтов стерлингов"]},
        prefixes={},
        percent=["процентов", "процента", "процент", "проц."],
        comparators={">": ["более", "свыше", "больше", "более чем", "больше чем", "выше", "более чем на", "больше чем на",
                           "свыше чем на"],
                     ">=": ["не менее", "не менее чем", "по меньшей мере", "как минимум", "минимум", "минимум в"],
                     "~": ["около", "примерно", "почти", "порядка", "приблизительно", "почти в", "примерно в",
                           "примерно на", "почти на", "ориентировочно", "в районе"],
                     "<=": ["до", "не более", "не более чем", "максимум", "вплоть до"],
                     "<": ["менее", "меньше", "менее чем", "меньше чем", "ниже", "менее чем на"]},
        after={"ge": ["и более", "или более", "и больше", "или больше", "и выше"], "le": ["или менее", "и менее", "или меньше"]},
        range_dash=["до"], range_and=["и"], range_openers=["между"], change_openers=["с", "со"],
        year_cues=["до", "к", "с", "до конца", "не позднее", "после", "по", "вплоть до", "начиная с"],
        months={1: "января январь", 2: "февраля февраль", 3: "марта март", 4: "апреля апрель", 5: "мая май",
                6: "июня июнь", 7: "июля июль", 8: "августа август", 9: "сентября сентябрь", 10: "октября октябрь",
                11: "ноября ноябрь", 12: "декабря декабрь"},
        stopwords="в и на с по из за от до к о у что это как не а или но же года году лет г со во его ее их "
                  "был была было были будет для при",
        numbers="- два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать",
        more_numbers={"две": 2},
        one_before_scale="один одна одного", thousand="тысяча",
        hints="и в не на что это как по из его для был была было млрд млн года",
    ),
    "uk": _Language(
        scales={"тис.": 1e3, "тис": 1e3, "тисяч": 1e3, "тисячі": 1e3, "тисяча": 1e3, "млн": 1e6,
                "мільйон": 1e6, "мільйона": 1e6, "мільйонів": 1e6, "мільйони": 1e6, "млрд": 1e9,
                "мільярд": 1e9, "мільярда": 1e9, "мільярдів": 1e9, "мільярди": 1e9, "трлн": 1e12,
                "трильйон": 1e12, "трильйона": 1e12, "трильйонів": 1e12},
        currencies={"USD": ["доларів", "долара", "долари", "долар", "дол.", "доларів сша", "$"],
                    "EUR": ["євро", "€"], "UAH": ["гривень", "гривні", "гривня", "грн", "грн.", "₴"],
                    "GBP": ["фунтів", "фунта"]},
        prefixes={},
        percent=["відсотків", "відсотка", "відсотки", "відсоток", "відс.", "процентів", "процента"],
        comparators={">": ["понад", "більше ніж", "більш ніж", "більше", "більш як", "вище", "більш ніж на", "більше ніж на"],
                     ">=": ["щонайменше", "принаймні", "не менше", "не менше ніж", "мінімум", "як мінімум"],
                     "~": ["близько", "приблизно", "майже", "орієнтовно", "порядку", "майже на", "приблизно в",
                           "приблизно на", "майже в"],
                     "<=": ["до", "не більше", "не більше ніж", "максимум", "аж до"],
                     "<": ["менше ніж", "менш ніж", "менше", "нижче"]},
        after={"ge": ["і більше", "або більше", "й більше"], "le": ["або менше", "і менше"]},
        range_dash=["до"], range_and=["і", "та", "й"], range_openers=["між"], change_openers=["з", "із", "зі"],
        year_cues=["до", "з", "до кінця", "не пізніше", "після", "по", "починаючи з"],
        months={1: "січня січень", 2: "лютого лютий", 3: "березня березень", 4: "квітня квітень",
                5: "травня травень", 6: "червня червень", 7: "липня липень", 8: "серпня серпень",
                9: "вересня вересень", 10: "жовтня жовтень", 11: "листопада листопад", 12: "грудня грудень"},
        stopwords="в у і й на з із по за від до к про що це як не а або але року роках років р та його її їх "
                  "був була було будуть для при",
        numbers="- два три чотири п'ять шість сім вісім дев'ять десять одинадцять дванадцять",
        more_numbers={"дві": 2},
        one_before_scale="один одна одного", thousand="тисяча",
        hints="і не що це як та від його для був була було млрд млн року також",
    ),
    "tr": _Language(
        scales={**{word: 1e6 for word in "milyon milyonluk milyona milyonu milyondan milyonda milyonun milyonla".split()},
                **{word: 1e9 for word in "milyar milyarlık milyara milyarı milyardan milyarda milyarın milyarla".split()},
                **{word: 1e12 for word in "trilyon trilyonluk trilyona trilyonu trilyondan trilyonda trilyonun".split()},
                "bin": 1e3, "binlik": 1e3, "mn": 1e6, "mlr": 1e9, "mr": 1e9},
        currencies={"USD": "dolar dolarlık dolara doları dolardan dolarda doların dolarla $".split() + ["abd doları"],
                    "EUR": "avro avroluk avroya avroyu avrodan euro euroluk euroya euroyu eurodan €".split(),
                    "TRY": "lira liralık liraya lirayı liradan tl ₺".split() + ["türk lirası"],
                    "GBP": ["sterlin", "sterlinlik"]},
        prefixes={"₺": "TRY"},
        percent=[],
        comparators={">": [], ">=": ["en az", "asgari"], "<=": ["en fazla", "azami", "en çok"], "<": [],
                     "~": ["yaklaşık", "yaklaşık olarak", "tahmini", "kabaca", "aşağı yukarı", "tahminen"]},
        after={"gt": ["aşan", "aşkın", "aşıyor", "aşacak", "üzerinde", "üzerine", "üstünde", "üstüne", "fazla",
                      "fazlası", "üzeri"],
               "ge": ["ve üzeri", "ve üstü", "veya daha fazla", "ya da daha fazla"],
               "le": ["kadar", "ve altı"], "lt": ["altında", "az"],
               "approx": ["civarında", "dolayında", "yakın", "kadarlık"]},
        range_dash=["ila", "ile"], range_and=[], range_openers=[], change_openers=[],
        year_cues=["en geç"],
        months={1: "ocak", 2: "şubat", 3: "mart", 4: "nisan", 5: "mayıs", 6: "haziran", 7: "temmuz", 8: "ağustos",
                9: "eylül", 10: "ekim", 11: "kasım", 12: "aralık"},
        stopwords="ve ile bir bu da de için olarak olan gibi daha en çok yıl yılında yılı yılına ise ki kadar "
                  "olan oldu",
        numbers="- iki üç dört beş altı yedi sekiz dokuz - - -", more_numbers={},
        one_before_scale="bir", thousand="bin",
        hints="ve bir bu için ile olarak olan milyar dolar yüzde gibi daha ise",
    ),
}


def _month_table() -> dict[str, int]:
    table = {}
    for language in _MORE_LANGUAGES.values():
        for number, names in language.months.items():
            table.update({name: number for name in names.split()})
    assert all(_MONTH_NUMBER.get(name, number) == number for name, number in table.items())
    return table


_ALL_MONTHS = {**{_fold(name): number for name, number in _month_table().items()}, **_month_table(), **_MONTH_NUMBER}
_MORE_SCALES: dict[str | None, dict[str, float]] = {
    code: {_fold(word): value for word, value in language.scales.items()} for code, language in _MORE_LANGUAGES.items()
}
_MORE_CURRENCIES = {
    _fold(word): code for language in _MORE_LANGUAGES.values() for code, words in language.currencies.items()
    for word in words
}
_MORE_ISO_CODES = (*_ISO_CODES, "BRL", "PLN", "RUB", "UAH", "TRY", "TWD")
_MORE_CURRENCIES.update({code.lower(): code for code in _MORE_ISO_CODES})
_MORE_PREFIX_CURRENCIES = {word: code for language in _MORE_LANGUAGES.values() for word, code in language.prefixes.items()}
_MORE_STOPWORDS: dict[str | None, set[str]] = {
    code: set(language.stopwords.split()) | set(_ALL_MONTHS)
    | {word for words in language.comparators.values() for word in words if " " not in word}
    | {word for word in [*language.range_dash, *language.range_and, *language.range_openers,
                         *language.change_openers, *language.year_cues] if " " not in word}
    for code, language in _MORE_LANGUAGES.items()
}
_MORE_IDENTIFIERS = {
    "pt": "artigo art versão modelo nível fase página número capítulo seção secção temporada parte lei",
    "nl": "artikel art versie model niveau fase pagina nummer nr hoofdstuk sectie seizoen deel lid",
    "pl": "artykuł artykułu art wersja wersji model poziom etap strona numer nr rozdział sezon część punkt ustęp",
    "ru": "статья статьи ст версия версии модель уровень этап страница номер глава раздел сезон часть пункт",
    "uk": "стаття статті ст версія версії модель рівень етап сторінка номер розділ сезон частина пункт",
    "tr": "madde maddesi sürüm versiyon model seviye aşama sayfa numara no bölüm sezon kısım",
}
_MORE_IDENTIFIERS = {code: set(words.split()) for code, words in _MORE_IDENTIFIERS.items()}
_WORD_PARTS: dict[str | None, tuple[str, str, str]] = {}
for _code, _language in _MORE_LANGUAGES.items():
    _NUMBER_WORDS[_code] = _language.numbers
    _MORE_NUMBER_WORDS[_code] = _language.more_numbers
    _ONE_BEFORE_SCALE[_code] = _language.one_before_scale
    _THOUSAND_WORDS[_code] = _language.thousand
    _LANGUAGE_HINTS[_code] = _language.hints
    for _word in _language.hints.split():
        _HINT_LANGUAGE.setdefault(_word, _code)  # a word the first five use stays theirs
_SCALE_TAKES_DE.add("pt")


def _words_after(words: dict[str, list[str]]) -> re.Pattern:
    """A comparator written after the figure, one named group per meaning ("ge": "ou mais")."""
    groups = "|".join(f"(?P<{name}>{_alternation(phrases)})" for name, phrases in words.items() if phrases)
    return re.compile(rf"{_SP}+(?i:{groups})(?!{_LETTER})")


def _lead_start_tr(text: str, i: int) -> int:
    """Turkish writes the percent first: "%27", "yüzde 27"."""
    if text[i - 1:i] == "%":
        return i - 1
    if i >= 6 and text[i - 6:i - 1].lower() == "yüzde" and text[i - 1] in " \u00a0":
        return i - 6
    return _lead_start(text, i)


def _rules(code: str, language: _Language) -> _Rules:
    """The regexes of one later language, built like the first five's from its own words."""
    scale = rf"(?i:{_alternation(language.scales)})(?!{_LETTER})"
    postfix_words = [word for words in language.currencies.values() for word in words] + [code.lower() for code in _MORE_ISO_CODES]
    postfix = rf"(?P<cur2>(?i:{_gated_alternation(postfix_words)}))(?!{_LETTER})"
    of_currency = _OF_CURRENCY if language.of_currency else "(?!)"
    prefixes = {**_PREFIX_CURRENCIES, **language.prefixes}
    prefix = (
        rf"(?:(?i:{_first_characters([*prefixes, *_MORE_ISO_CODES])})"
        rf"(?P<cur1>(?i:{_alternation(prefixes)})|(?:{'|'.join(_MORE_ISO_CODES)}))[\s\u00a0]?(?=[\d-]))"
    )
    percent_words = [word for word in language.percent if word != "%"]
    percent = rf"(?P<pct>%|(?i:{_alternation(percent_words)})(?!{_LETTER}))" if percent_words else r"(?P<pct>%)"
    percent_first = rf"(?P<pct0>%|(?i:yüzde){_SP}+)?" if code == "tr" else ""
    amount = re.compile(
        rf"{_NOT_INSIDE}(?:{percent_first}{prefix}?"
        rf"(?P<sign>(?<![\w])[-−](?=\d))?"
        rf"(?P<num>{_NUMBER})"
        rf"(?:{_SP}?+(?P<scale>{scale}|(?(cur1){_SCALE_AFTER_SIGN}|(?!))))?"
        rf"(?:{_SP}?+{percent}|{_SP}*+{of_currency}?{postfix})?"
        rf"){_ALONE}"
    )
    months = {name: number for number, names in language.months.items() for name in names.split()}
    date = (
        rf"(?P<dmy>(?P<dmy_day>\d{{1,2}})\.?{_SP}+(?:de{_SP}+)?(?P<dmy_month>(?i:{_alternation(months)}))\.?,?"
        rf"{_SP}+(?:de{_SP}+)?(?P<dmy_year>{_YEAR}))"
        rf"|(?P<num_date>(?P<nd_a>\d{{1,2}})(?P<nd_sep>[/.])(?P<nd_b>\d{{1,2}})(?P=nd_sep)(?P<nd_year>{_YEAR}))"
        rf"|(?P<iso_date>(?P<iso_year>{_YEAR})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d))"
    )
    dash_words = "|".join(_alternation([word]) for word in language.range_dash)
    and_words = "|".join(_alternation([word]) for word in language.range_and) or "(?!)"
    year_after = None
    if code == "tr":  # "2032'ye kadar", "2032 yılına kadar", "2032 sonuna dek", "2032'den itibaren"
        year_after = re.compile(
            rf"(?:['’](?:y?[aeıiuü]|n[ıiuü]n{_SP}+sonuna)|{_SP}+yılı(?:na|n{_SP}+sonuna)|{_SP}+sonuna)"
            rf"{_SP}+(?i:kadar|dek|değin)(?!{_LETTER})"
            rf"|(?:['’][dt][ae]n|{_SP}+yılından){_SP}+(?i:itibaren|başlayarak)(?!{_LETTER})"
        )
    _WORD_PARTS[code] = (scale, postfix, of_currency)
    return _Rules(
        amount=amount,
        date_at=re.compile(rf"{_NOT_INSIDE}(?:{date}){_ALONE}"),
        lead_start=_lead_start_tr if code == "tr" else _lead_start,
        comparators_before=_PhraseTable(language.comparators, language.articles),
        comparator_after=_words_after(language.after),
        range_dash=re.compile(rf"{_SP}?[-–—]{_SP}?|{_SP}+(?i:{dash_words}){_SP}+"),
        range_and=re.compile(rf"{_SP}+(?i:{and_words}){_SP}+"),
        range_openers=_PhraseTable({"between": language.range_openers or ["\x00"]}, language.articles),
        change_openers=_PhraseTable({"from": language.change_openers or ["\x00"]}, language.articles),
        year_cues=_PhraseTable({"year": language.year_cues}, ()),
        year_after=year_after,
        list_gap=re.compile(rf",{_SP}*|,?{_SP}+(?i:{and_words}|e|i|en|и|і|та|ve|ou|of|lub|или|або|veya){_SP}+"),
    )


def _folded_rules(code: str) -> _Rules:
    rules = _rules(code, _MORE_LANGUAGES[code])
    for table in rules[3:10]:
        if isinstance(table, _PhraseTable):
            table.values.update({_fold(phrase): value for phrase, value in table.values.items()})  # "YAKLAŞIK"
    return rules


# --- Chinese, Japanese, Korean --------------------------------------------------------------

# Numbers touch the words around them ("約1350億ドルを", "超过1000亿美元"), so a figure may
# stand right after or before any CJK character; it still may not stand inside a Latin word or
# another number. Fullwidth digits and signs are read as their ASCII twins (one character for
# one, so offsets hold). Scales multiply ("万亿" is 1e12), and a compound ("1兆3500億") adds up.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％＄～", "0123456789.%$~")
_CJK_SCALES = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12,
               "십": 10, "백": 100, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
_CJK_CURRENCIES = {
    "USD": ["ドル", "米ドル", "美元", "美金", "달러", "달러화", "미국 달러", "US$", "$"],
    "JPY": ["円", "日元", "日圓", "엔"], "EUR": ["ユーロ", "欧元", "歐元", "유로"],
    "CNY": ["元", "人民元", "人民币", "人民幣", "위안"], "GBP": ["ポンド", "英镑", "英鎊", "파운드"],
    "KRW": ["ウォン", "韩元", "韓元", "원"], "HKD": ["港元", "港币", "港幣"], "TWD": ["新台币", "新台幣", "台币", "台幣"],
}
_CJK_CURRENCY = {word.lower(): code.strip() for code, words in _CJK_CURRENCIES.items() for word in words}
_CJK_COUNTERS = "人 名 社 件 台 家 个 個 位 国 國 カ国 か国 명 개 곳 건 개국 개사".split()
_CJK_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CJK_SCALE = r"(?:[十百千万萬亿億兆]+|[십백천만억조]+)"
# Tenths: "4成" (Chinese) and "4割" (Japanese) are 40 %, unless the character opens a word of its
# own ("成为" become, "成长" growth, "割引" discount, "割安" cheap).
_TENTHS = r"成(?![为為长長功立本交果员員熟绩績就型品])|割(?![引安高合])"
_CJK_AMOUNT = re.compile(
    r"(?<![0-9A-Za-z.,:/+\-_])"
    rf"(?:(?P<cur1>US\$|HK\$|NT\$|\$|€|£|¥|￥)\s?)?"
    rf"(?P<body>(?:{_CJK_NUMBER})(?:\s?{_CJK_SCALE}(?:\s?(?:{_CJK_NUMBER})\s?{_CJK_SCALE})*)?)"
    rf"(?:\s?(?P<pct>%|パーセント|퍼센트)|\s?(?P<tenths>{_TENTHS})|\s?(?P<cur2>{_alternation(_CJK_CURRENCY)})"
    rf"|\s?(?P<counter>{_alternation(_CJK_COUNTERS)}))?"
    r"(?![0-9A-Za-z])(?![.,:/][0-9])"
)
_CJK_PART = re.compile(rf"({_CJK_NUMBER})\s?({_CJK_SCALE}?)")
_CJK_CANDIDATE = re.compile(r"[0-9$€£¥￥](?<![0-9][0-9])")
_CJK_DATE = re.compile(
    rf"(?P<y>{_YEAR})\s?[年년]\s?(?P<m>[0-9]{{1,2}})\s?[月월]\s?(?P<d>[0-9]{{1,2}})\s?[日일]"
    rf"|(?P<iy>{_YEAR})[-/](?P<im>[0-9]{{1,2}})[-/](?P<id>[0-9]{{1,2}})(?![0-9])"
)
# Chinese numerals ("五百亿美元", "百分之二十七", "三家"), read only where what follows (or
# "百分之" before) says they are a figure: alone, "一" and "万" open ordinary words ("一些", "万一").
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUMERAL = re.compile(
    r"(?P<pct>百分之)?(?P<cn>[〇零一二两兩三四五六七八九十百千万萬亿億兆]+)"
    rf"(?:(?P<tenths>{_TENTHS})|(?P<cur2>{_alternation(_CJK_CURRENCY)})|(?P<counter>{_alternation(_CJK_COUNTERS)}))?"
)
_CJK_PREFIX_NOT = "第제数數几幾多上"  # "第3" (third), "数千億" (several thousand…)


def _cn_value(numeral: str) -> float | None:
    """The value of a Chinese numeral ("五百亿" → 5e10, "一万五千亿" → 1.5e12, "二十七" → 27)."""
    total, section, number = 0.0, 0.0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            if number is not None:
                return None  # "一二" is no number
            number = _CN_DIGITS[ch]
        elif ch in "十百千":
            section += (1 if number is None else number) * _CJK_SCALES[ch]
            number = None
        else:
            unit = _CJK_SCALES[ch]
            part = section + (number or 0)
            if part == 0:
                total = (total or 1) * unit  # "万亿": 1e4 × 1e8
            elif total and total < unit:
                total = (total + part) * unit  # "一万五千亿": (1e4 + 5e3) × 1e8
            else:
                total += part * unit
            section, number = 0.0, None
    value = total + section + (number or 0)
    return value or None


def _cjk_step(value: float) -> float:
    """The size of the last digit of a number written in Chinese numerals: no trailing zeros are written."""
    step = 1.0
    while value >= step * 10 and value % (step * 10) == 0:
        step *= 10
    return step


def _scan_cjk(text: str, language: str, begin: int, stop: int, rules: _Rules) -> list[_Figure]:
    """`_scan` for Chinese, Japanese and Korean."""
    text = text.translate(_FULLWIDTH)
    figures = []
    end = 0
    for candidate in _CJK_CANDIDATE.finditer(text, begin):
        i = candidate.start()
        if i < end:
            continue
        if i >= stop + _REACH and i >= end + _REACH:
            break
        lead = i - 2 if text[i] == "$" and text[i - 2:i] in ("US", "HK", "NT") else i
        date = text[i] in _DIGITS and _CJK_DATE.match(text, i)
        if date:
            figure, end = _cjk_date(date), date.end()
        else:
            match = _CJK_AMOUNT.match(text, max(lead, end)) or (lead < i and _CJK_AMOUNT.match(text, i))
            if not match:
                continue
            figure, end = _cjk_figure(match, text), match.end()
        if figure:
            figures.append(figure)
    if language != "ko":
        reach = max(stop, end) + _REACH
        for match in _CN_NUMERAL.finditer(text, max(0, begin - 3), reach + 10):
            if match.start() >= reach:
                break
            figure = _cn_figure(match, text)
            if figure:
                figures.append(figure)
    figures.sort(key=lambda f: (f.start, -f.end))
    kept: list[_Figure] = []
    for figure in figures:
        if not kept or figure.start >= kept[-1].end:
            kept.append(figure)
    return kept


def _cjk_date(match: re.Match) -> _Figure | None:
    year, month, day = match.group("y", "m", "d") if match["y"] else match.group("iy", "im", "id")
    try:
        ordinal = date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        return None
    return _Figure("date", float(ordinal), 1.0, match.start(), match.end())


def _cjk_value(body: str) -> tuple[float, float, float | None]:
    """Value, step and scale of digits with scale characters: small units (千, 천) add up into a
    section that a big one (億, 억) multiplies, as in Chinese numerals: "1천350억" is 1350 × 1e8,
    "1兆3500億" 1e12 + 3500e8, "1.35万亿" 1.35 × 1e4 × 1e8."""
    total, section, number, step, after = 0.0, 0.0, None, 1.0, 1.0
    for digits, scales in _CJK_PART.findall(body):
        number, step = _parse_number(digits, "en")
        after = 1.0
        for ch in scales:
            unit = _CJK_SCALES[ch]
            after *= unit
            if unit < 1e4:
                section += (1 if number is None else number) * unit
            else:
                part = section + (number or 0)
                if part == 0:
                    total = (total or 1) * unit
                elif total and total < unit:
                    total = (total + part) * unit
                else:
                    total += part * unit
                section = 0.0
            number = None
    value = total + section + (number or 0)
    return value, step * after, (after if after > 1 else None)


# a currency written before the number in Chinese: "新台幣4兆1300億元", "港幣500億"
_CJK_CURRENCY_BEFORE = re.compile(r"(?:新台幣|新台币|台幣|台币|港幣|港币|港元|人民幣|人民币|美金|美元|日圓|日元)\s?$")


def _cjk_figure(match: re.Match, text: str) -> _Figure | None:
    value, step, scale = _cjk_value(match["body"])
    start, end = match.start(), match.end()
    prefix, postfix, counter = match["cur1"], match["cur2"], match["counter"]
    before = None if prefix else _CJK_CURRENCY_BEFORE.search(text, max(0, start - 4), start)
    if before and (not postfix or postfix == "元"):
        return _Figure("money", value, step, before.start(), end, scale, _CJK_CURRENCY[before[0].strip()])
    if prefix or postfix:
        currency = _PREFIX_CURRENCIES.get(_key(prefix)) if prefix else _CJK_CURRENCY[postfix.lower()]
        return _Figure("money", value, step, start, end, scale, currency or prefix.upper())
    if match["pct"]:
        return _Figure("percent", value, step, start, end)
    if match["tenths"] and 0 < value <= 10:
        return _Figure("percent", value * 10, step * 10, start, end)
    if text.endswith("百分之", 0, start) and not (postfix or counter):
        return _Figure("percent", value, step, start - 3, end)  # "百分之27"
    if (start and text[start - 1] in _CJK_PREFIX_NOT) or step < 1 or value <= 0:
        return None
    if counter:
        if text.startswith(("あたり", "当たり", "当", "당"), end):
            return None  # "1件あたり": per case
        return _Figure("count", value, step, start, end, scale, unit=counter)
    if scale:
        return _Figure("number", value, step, start, end, scale)
    return _Figure("bare", value, step, start, end)


def _cn_figure(match: re.Match, text: str) -> _Figure | None:
    numeral, start = match["cn"], match.start()
    if start and (text[start - 1] in _CJK_PREFIX_NOT or text[start - 1].isdigit()):
        return None  # "第三", "数千億", "3十"
    if text[match.end():match.end() + 1].isdigit():
        return None
    value = _cn_value(numeral)
    if value is None:
        return None
    step = _cjk_step(value)
    if match["pct"]:
        return _Figure("percent", value, step, start, match.end("cn"))
    opens_with_digit = numeral[0] in _CN_DIGITS or numeral[0] == "十"
    if match["cur2"]:
        if not opens_with_digit and len(numeral) == 1:
            return None
        return _Figure("money", value, step, start, match.end(), currency=_CJK_CURRENCY[match["cur2"].lower()])
    if not opens_with_digit:
        return None
    if match["tenths"] and value <= 10:  # "四成": 40 %
        return _Figure("percent", value * 10, step * 10, start, match.end())
    if match["counter"] and value >= 2:
        return _Figure("count", value, step, start, match.end(), unit=match["counter"])
    if numeral[-1] in "万萬亿億兆":  # "五百亿": a number in a big unit, like "500 billion"
        return _Figure("number", value, step, start, match.end(), _CJK_SCALES[numeral[-1]])
    return None


_CJK_BOUNDARY = {"ja": "", "zh": "", "ko": r"(?![가-힣])"}
_CJK_WORDS = {
    "ja": {
        "before": {"~": ["約", "およそ", "推定", "ほぼ", "概算で", "約で"], ">=": ["少なくとも", "最低", "最低でも"],
                   "<=": ["最大", "最大で", "最高", "最高で"], ">": [], "<": []},
        "after": {"gt": ["超", "を超", "を上回", "余り", "余", "強"], "ge": ["以上"],
                  "le": ["以下", "以内", "まで"], "lt": ["未満", "を下回"], "approx": ["程度", "前後", "近く", "弱", "ほど"]},
        "dash": ["〜", "~", "-", "–", "—"], "year_after": r"\s?年(?:度)?(?:末|度末)?(?:まで|までに)",
        "year_before": [], "change": [],
    },
    "zh": {
        "before": {"~": ["约", "約", "大约", "大約", "将近", "將近", "接近", "近", "估计", "估計", "预计约", "大概", "约合",
                         "約合", "约为", "約為"],
                   ">": ["超过", "超過", "逾", "超", "高于", "高於", "多于", "多於", "突破", "超出"],
                   ">=": ["至少", "不少于", "不少於", "不低于", "不低於"],
                   "<=": ["最多", "高达", "高達", "多达", "多達", "最高", "不超过", "不超過", "至多"],
                   "<": ["不到", "不足", "低于", "低於", "少于", "少於"]},
        "after": {"ge": ["以上"], "le": ["以下", "以内", "以內"], "approx": ["左右", "上下"], "gt": ["余", "餘", "多"]},
        "dash": ["〜", "~", "-", "–", "—", "至", "到"], "year_after": r"\s?年(?:底|末)?(?:之?前|以前)",
        "year_before": ["到", "至", "直到", "截至", "在"], "change": ["从", "從", "由"],
    },
    "ko": {
        "before": {"~": ["약", "대략", "거의", "추정"], ">=": ["최소", "적어도", "최소한"], "<=": ["최대", "최고"],
                   ">": [], "<": []},
        "after": {"ge": ["이상"], "le": ["이하", "이내", "까지"], "lt": ["미만"],
                  "gt": ["초과", "넘는", "넘게", "넘어", "넘은", "넘을", "넘겨", "넘어선", "넘길", "이 넘는", "가 넘는",
                         "를 넘는", "을 넘는", "를 넘어", "을 넘어", "를 넘긴", "을 넘긴", "가 넘게", "이 넘게", "를 웃도는",
                         "을 웃도는", "를 넘어선", "을 넘어선"],
                  "approx": ["가량", "정도", "안팎", "내외", "남짓", "께"]},
        "dash": ["〜", "~", "-", "–", "—"], "year_after": r"\s?년(?:\s?말)?(?:까지|이전에|전까지)",
        "year_before": [], "change": [],
    },
}


def _cjk_rules(code: str) -> _Rules:
    words = _CJK_WORDS[code]
    after_groups = "|".join(f"(?P<{name}>{_alternation(phrases)})" for name, phrases in words["after"].items() if phrases)
    dash = "|".join(re.escape(word) for word in words["dash"])
    return _Rules(
        amount=_CJK_AMOUNT, date_at=_CJK_DATE, lead_start=_lead_start,
        comparators_before=_PhraseTable(words["before"], tight=_CJK_BOUNDARY[code]),
        comparator_after=re.compile(rf"\s?(?:{after_groups})"),
        range_dash=re.compile(rf"\s?(?:{dash})\s?"),
        range_and=re.compile(r"\s?(?:和|与|與|及|와|과)\s?"),
        range_openers=_PhraseTable({"between": ["\x00"]}, tight=""),
        change_openers=_PhraseTable({"from": words["change"] or ["\x00"]}, tight=""),
        year_cues=_PhraseTable({"year": words["year_before"] or ["\x00"]}, tight=""),
        year_after=re.compile(words["year_after"]),
        list_gap=re.compile(r"\s?[,、，]\s?|\s?(?:和|与|與|及|와|과|및)\s?"),
        cjk=True,
    )


# Each later language's rules, compiled when a text in it first comes (a process reading a few
# languages does not pay for the others); the first five share `_BASE_RULES`.
_RULES: dict[str | None, _Rules] = {}


def _rules_of(language: str | None) -> _Rules:
    rules = _RULES.get(language)
    if rules is None:
        if language in _MORE_LANGUAGES:
            rules = _folded_rules(language)
        elif language in _CJK_WORDS:
            rules = _cjk_rules(language)
        else:
            return _BASE_RULES
        _RULES[language] = rules  # two threads may both compile them: the same rules
    return rules


_ALIASES = {code: code for code in LANGUAGES if code not in _FIRST_LANGUAGES}
_ALIASES.update({"zh-hans": "zh", "zh-hant": "zh", "zh-cn": "zh", "zh-tw": "zh", "zh-hk": "zh", "pt-br": "pt", "pt-pt": "pt"})


def find_quantities(text: str, language: str | None = None, spans: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    """The quantities stated in `text`, in text order.

    `language` (one of `LANGUAGES`; "pt-BR", "zh-TW" … are read as "pt", "zh") decides what
    "1,500" and "billion" mean, which words are scales, currencies and comparators, and which
    spelled-out numbers count; an unknown code reads only what needs no language; None guesses it from common words (and, failing that, reads
    separators by their digit-group shape and skips spelled-out numbers). `spans`, (start, end)
    windows such as sentences, keeps only the quantities that start inside one, and reads little
    more of the text than the windows: for windows that cut no figure in two, the same quantities
    as filtering the whole text's.
    """
    if language is None:
        language = guess_language(text)
    elif language not in LANGUAGES:
        language = _ALIASES.get(language.lower()) or _ALIASES.get(language.split("-")[0].split("_")[0].lower())
    rules = _rules_of(language)
    backwards = text[::-1]
    windows, regions = _regions([(0, len(text))] if spans is None else spans)
    window_starts = [start for start, _ in windows]
    quantities = []
    for begin, stop in regions:
        figures = _share_list_currency(_scan(text, language, begin, stop, rules), text, rules.list_gap)
        for figure, upper, full_start in _join_ranges(figures, text, backwards, rules):
            if not begin <= figure.start < stop:
                continue  # read only to close a range, or another scan's
            if spans is not None and figure.start >= windows[bisect_right(window_starts, figure.start) - 1][1]:
                continue  # between two windows that share a scan
            quantity = _quantity(figure, upper, full_start, text, backwards, rules)
            if quantity:
                quantities.append(quantity)
    return quantities
