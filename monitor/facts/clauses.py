"""One sentence cut into clauses, with the figures and phrases a fact may be read from.

Why a layer of its own: every rule of attribution asks "in which clause?" ("a cue word in the
figure's clause", "a veto in that clause", "an old-term marker pointing at the next figure"), so
the cuts, each clause's words and each item's clause are worked out once, here, and the rules
that choose facts and parties read them.
"""

from __future__ import annotations

import bisect
import re
from operator import attrgetter

from monitor.facts.lexicon import CJK, Mention, Term
from monitor.model import Quantity

START = attrgetter("start")
# A clause ends at ", " and at " – " (the space before the dash); in a text with Han, kana or
# Hangul also at the full-width marks (，、；：), which no space follows, and at a comma glued to them.
_CLAUSE_MARK = re.compile(r"[,;:–—-](?=\s)")
_CLAUSE_MARK_CJK = re.compile(rf"[,;:–—，、；：-](?:(?<=[，、；：])|(?=\s)|(?<=,)(?=[{CJK}]))")
_WORD = re.compile(r"\w+")
_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")
_FOUR_CJK = re.compile(rf"[{CJK}]{{4}}")  # as long as three words (a word of them is one to four long)
_DIGIT = re.compile(r"\d")
# "$500bn (€430bn)", "5000億美元（3.9萬億港元）": a sum in another currency in brackets right after
# a sum is its conversion, not a second value.
_CONVERSION_GAP = re.compile(r"\s*[(（][^()（）\d]{0,12}\Z")


class Item:
    """Something a fact may be read from: a figure, or a claim/set phrase."""

    __slots__ = ("start", "end", "clause", "quantity", "term", "state", "marker_distance", "near", "cued", "also")

    def __init__(self, start: int, end: int, clause: int, quantity: Quantity | None, term: Term | None):
        self.start, self.end, self.clause = start, end, clause  # clause: its index in Clauses.clauses
        self.quantity, self.term = quantity, term
        self.state = ""  # "old", "new" or ""
        self.marker_distance = 1 << 30
        self.near: list[list[Term]] | None = None  # see parties.SentenceParties
        self.cued = False  # a cue of its fact is in its own clause
        self.also: tuple[int, ...] = ()  # facts of the other parties a figure said of each of them states too


class Clauses:
    """The clauses of the sentence `text[start:end]`, the lexicon's words in each, its figures and
    phrases as items, each item marked old or new by the markers of its clause."""

    def __init__(self, text: str, start: int, end: int, quantities: list[Quantity], mentions: list[Mention], cjk: bool):
        self.text = text
        self.start = start
        self.end = end
        self.cjk = cjk
        clause_words, phrase_words, markers = [], [], []
        self.vetoed: set[int] = set()  # the facts some word of the sentence vetoes
        for mention in mentions:
            term = mention[2]
            if "clause" in term.kinds:
                clause_words.append(mention[0])
            if term.values:
                phrase_words.append(mention)
            if term.marker:
                markers.append(mention)
            if term.vetoes:
                self.vetoed |= term.vetoes
        self.clauses = self._cut(clause_words)
        # Every position in the sentence is before the last clause's end, so bisecting the ends
        # gives the clause index.
        ends = self.clause_ends = [right for _, right in self.clauses]
        if len(ends) == 1:
            self.in_clause = [mentions]
        else:
            self.in_clause = [[] for _ in ends]
            for mention in mentions:
                self.in_clause[bisect.bisect_right(ends, mention[0])].append(mention)
        if len(quantities) > 1:
            quantities = _without_conversions(text, quantities)
        self.figures = [Item(q.start, q.end, bisect.bisect_right(ends, q.start), q, None) for q in quantities]
        self.phrases = [Item(m_start, m_end, bisect.bisect_right(ends, m_start), None, term) for m_start, m_end, term in phrase_words]
        if markers:
            self._mark_old_and_new(markers)

    def _cut(self, cuts: list[int]) -> list[tuple[int, int]]:
        """Back to back spans from the sentence start to its end, cut at `cuts` (the starts of the
        clause words) and at the clause marks."""
        text = self.text
        for mark in (_CLAUSE_MARK_CJK if self.cjk else _CLAUSE_MARK).finditer(text, self.start, self.end):
            i = mark.start()
            if text[i] in ",;:，、；：":
                cuts.append(i)
            elif i > self.start and text[i - 1].isspace():
                cuts.append(i - 1)
        clauses: list[tuple[int, int]] = []
        pending = left = self.start
        for right in sorted(set(cuts)):
            # "Previously," and "Microsoft's stake," are too short to stand alone: they belong to what follows
            if _THREE_WORDS.search(text, left, right) or _DIGIT.search(text, left, right) or self.cjk and _FOUR_CJK.search(text, left, right):
                clauses.append((pending, right))
                pending = right
            left = right
        clauses.append((pending, self.end))
        return clauses

    def _mark_old_and_new(self, markers: list[Mention]) -> None:
        """Each old/new marker points at the next figure or phrase in its clause, or, when it
        ends the clause ("through 2030 before,"), at the previous one."""
        items = self.figures + self.phrases
        if self.phrases:
            items.sort(key=START)
        for m_start, m_end, term in markers:
            state, forward_only, figures_only = term.marker
            clause = bisect.bisect_right(self.clause_ends, m_start)
            in_clause = [i for i in items if i.clause == clause and not (figures_only and i.quantity is None)]
            after = [i for i in in_clause if i.start >= m_end]
            before = [i for i in in_clause if i.end <= m_start]
            if after:
                target, distance = after[0], after[0].start - m_end
            elif before and not forward_only and not _WORD.search(self.text, m_end, self.clauses[clause][1]):
                target, distance = before[-1], m_start - before[-1].end
            else:
                continue
            if distance < target.marker_distance:
                target.state, target.marker_distance = state, distance


def _without_conversions(text: str, quantities: list[Quantity]) -> list[Quantity]:
    kept = [quantities[0]]
    for previous, quantity in zip(quantities, quantities[1:]):
        if not (quantity.kind == previous.kind == "money" and quantity.currency != previous.currency
                and _CONVERSION_GAP.match(text, previous.end, quantity.start)):
            kept.append(quantity)
    return kept
