"""Sentence spans for attribution: a fact must be stated in one sentence, so splitting wrongly
("U.S." or "$1.5bn" ending a sentence) would cut a figure off from its cue words."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

# Words that end with a period without ending the sentence, per language.
_ABBREVIATIONS = {
    "en": frozenset("mr mrs ms dr prof st jr sr inc corp co ltd llc plc no nos vs etc approx est dept gov sen rep".split()),
    "fr": frozenset("mme mlle mm me dr pr st cie av env ex etc vol".split()),
    "de": frozenset("bzw ca dr prof dt evtl ggf inkl nr str usw vgl etc".split()),
    "es": frozenset("sr sra sres srta dña dr dra ud uds núm pág aprox etc".split()),
    "it": frozenset("sig sigg dott ing avv prof dr ecc etc spa".split()),
    "pt": frozenset("sr sra srs sras dr dra prof av etc aprox pág nº núm ltda".split()),
    "nl": frozenset("dhr mevr mw dr prof bijv ca nr enz etc jl resp".split()),
    "pl": frozenset("ok dr prof np tzw tj ub br mgr inż godz ul wg nr".split()),
    "ru": frozenset("руб долл др пр ок им ул см".split()),
    "uk": frozenset("грн дол дол ін пр див ім вул".split()),
    "tr": frozenset("dr prof vb vs yy bkz örn sn av doç".split()),
}
_EVERY_ABBREVIATION = frozenset().union(*_ABBREVIATIONS.values())
# End punctuation, closing quotes/brackets, then the space before the next sentence; or the
# full-width marks of Chinese and Japanese (。！？．), which no space follows.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_CANDIDATE_CJK = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|[。！？．]+[」』）〕】\"'”’)]*")
_FULL_WIDTH_END = frozenset("。！？．")
_FULL_WIDTH_LANGUAGES = frozenset({"ja", "zh", "ko"})
_QUOTE_GOES_ON = frozenset("と、，,")  # after a closing quote: the sentence that quotes goes on
_LINE = re.compile(r"[^\n]+")
_NOT_SPACE = re.compile(r"\S")
_DOTTED = re.compile(r"(?:\w{1,2}\.)+\w{1,2}\Z")  # U.S, e.g, z.B, S.A (the final period is the mark)


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, whitespace trimmed; a line break always ends one.

    `language` picks its abbreviations; None (or an unknown language) knows them all."""
    abbreviations = _ABBREVIATIONS.get(language or "", _EVERY_ABBREVIATION)
    full_width = _may_end_full_width(text, language)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), abbreviations, spans, full_width)
    return spans


def sentences_holding(text: str, positions: Sequence[int], language: str | None = None) -> list[tuple[int, int]]:
    """The spans of `split_sentences` that hold one of the sorted `positions`.

    A sentence never crosses a line break, so only the lines holding a position are split: the
    fact engine asks for the few sentences with a cue word, not for the whole article."""
    abbreviations = _ABBREVIATIONS.get(language or "", _EVERY_ABBREVIATION)
    full_width = _may_end_full_width(text, language)
    spans: list[tuple[int, int]] = []
    line_end = -1
    for position in positions:
        if position > line_end:  # not on the line split last, nor at its line break
            line_start = text.rfind("\n", 0, position) + 1
            line_end = text.find("\n", position)
            if line_end < 0:
                line_end = len(text)
            _split_line(text, line_start, line_end, abbreviations, spans, full_width)
    holding = []
    index = 0
    for start, end in spans:
        index = bisect.bisect_left(positions, start, index)
        if index < len(positions) and positions[index] < end:
            holding.append((start, end))
    return holding


def _may_end_full_width(text: str, language: str | None) -> bool:
    """Whether sentences of the text may end with 。！？ or ．: in Chinese, Japanese or Korean, or
    in a text of unknown language holding one (looked for once per text; a Latin text has none)."""
    if language is not None and language not in _FULL_WIDTH_LANGUAGES:
        return False
    return not text.isascii() and any(mark in text for mark in _FULL_WIDTH_END)


def _split_line(text: str, line_start: int, line_end: int, abbreviations: frozenset, spans: list[tuple[int, int]],
                full_width_text: bool) -> None:
    start = line_start
    # str.find is quick; only lines of a text holding the marks look for them
    full_width = full_width_text and any(text.find(mark, line_start, line_end) >= 0 for mark in _FULL_WIDTH_END)
    for end_mark in (_CANDIDATE_CJK if full_width else _CANDIDATE).finditer(text, line_start, line_end):
        if _is_sentence_end(text, line_start, end_mark, line_end, abbreviations):
            _append_trimmed(spans, text, start, end_mark.end())
            start = end_mark.end()
    _append_trimmed(spans, text, start, line_end)


def _is_sentence_end(text: str, line_start: int, end_mark: re.Match, line_end: int, abbreviations: frozenset) -> bool:
    mark_start = end_mark.start()
    if text[mark_start] in _FULL_WIDTH_END:  # unless a quotation goes on: 「…。」と述べた
        end = end_mark.end()
        return not (end - mark_start > 1 and end < line_end and text[end] in _QUOTE_GOES_ON)
    following = _NOT_SPACE.search(text, end_mark.end() + 1, line_end)  # the mark is followed by a space
    if following is None:
        return True
    first = following.group()
    if first.islower() or first in ",;:":
        return False
    if text[mark_start] != ".":
        return True
    before = text[max(line_start, mark_start - 40) : mark_start]
    if not before or before[-1].isspace():
        return True
    word = before.rsplit(None, 1)[-1].lstrip("(\"'«“‘").lower()
    if "." in word and _DOTTED.match(word):
        return False
    if len(word) == 1 and word.isalpha():  # initials: M. Altman, J. Smith
        return False
    return word not in abbreviations


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
