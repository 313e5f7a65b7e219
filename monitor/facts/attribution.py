"""Attribution: which sentence states which tracked fact, with what value, says who.

Figures come from monitor.facts.quantities; this module decides which fact, if any, each figure or
claim phrase belongs to. It works sentence by sentence and clause by clause, and it would
rather miss a fact than invent one, because a false alarm costs the reader's trust:

- a figure goes to at most one fact: one of the right kind, with a cue word in its clause, no
  veto (another deal, a market value, a share-price move) in that clause, and whose party is the
  nearest party named before the figure ("the Foundation holds $130bn while Microsoft holds 27 %"),
  a pronoun, possessive or role noun counting as the party it stands for (`discourse`);
- of two figures of one fact in a sentence, the one whose own clause holds the cue wins ("holds
  26 %, with 47 % held by employees"), and a sum restated in another currency is one statement;
- a figure said of each of the parties named before it ("非营利组织和微软将分别持股约30%", "それぞれ",
  "각각") is read as each party's;
- a figure marked as an old term ("previously 2030", "up from", "auparavant") is dropped, and a
  figure marked as a new term ("now", "désormais", "extended") wins over unmarked ones;
- a figure in a hypothetical clause ("could", "pourrait", "könnte") is dropped, and so is one
  outside its fact's `plausible` range ("Microsoft is worth $4 trillion" is no stake);
- a claim phrase that is negated takes the fact's `negated` value or is dropped; one only in
  prospect ("negotiating a definitive agreement", "the definitive agreement remains to be
  negotiated") takes its `pending` value, if any;
- a set observation holds the members named in one sentence (so every observation has a
  sentence behind it as evidence); two members named in phrases of several words need no cue;
- reported speech fills `attributed_to` ("according to the Financial Times" → "Financial Times",
  "people familiar with the matter" → "unnamed sources").

The words it reads come from the catalogue (sources.toml) and `grammar`; `lexicon` finds them
all in one scan of the text, and `reported_speech` names who a sentence reports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter

from monitor.facts import grammar
from monitor.facts.catalogue import LANGUAGES, FactDef
from monitor.facts.discourse import Discourse, is_object
from monitor.facts.lexicon import (
    CJK,
    CJK_LANGUAGES,
    FIGURE_KINDS,
    Lexicon,
    Mention,
    Term,
    compile_lexicon,
)
from monitor.facts.quantities import clear_language, find_quantities
from monitor.facts.reported_speech import reported_source
from monitor.facts.sentences import sentences_holding, split_sentences
from monitor.model import Observation, Quantity

__all__ = ["extract_observations", "split_sentences"]

_NEGATION_REACH = 40  # characters between a negation and the phrase it negates
_MARKET_REACH = 40  # characters after a figure within which a market word still speaks of it
_NEGATION_AFTER_REACH = 12  # characters between a phrase and a negation said after it (ja, ko)


# "… in OpenAI, whose valuation …": a relative clause after the object party is said of it.
_RELATIVE_AFTER = re.compile(
    r",\s*(?:which|who|whose|qui|que|dont|der|die|das|dessen|deren|cuy[oa]s?|che|(?:il|la|i|le)\s+cui)\b"
    r"|\s+(?:whose|dont|dessen|deren|cuy[oa]s?)\b",
    re.IGNORECASE,
)
# "OpenAI'de", "OpenAI’ye": a case ending after the name says it is the object (see grammar.OBJECT_SUFFIXES).
_OBJECT_SUFFIX = re.compile(rf"['’](?:{'|'.join(sorted(grammar.OBJECT_SUFFIXES, key=len, reverse=True))})(?!\w)")
# "26 % of the new OpenAI Group": the words between a percentage and the party it is a share of.
_SHARE_OF = re.compile(rf"\s*(?:(?:(?:{'|'.join(grammar.SHARE_OF)})\s+|d['’])(?:[^\W\d]+\s+){{0,3}})?", re.IGNORECASE)
_SHARE_OF_GAP = re.compile(rf"\s+(?:{'|'.join(grammar.SHARE_OF)})\s*(?:(?:the|le|la|il|el|o|a|un|une|uno|una)\s+)?", re.IGNORECASE)
_OBJECT_BEFORE_CJK = re.compile(rf"(?:{'|'.join(map(re.escape, grammar.OBJECT_BEFORE_CJK))})\s*\Z")
_OBJECT_AFTER_CJK = re.compile("|".join(map(re.escape, grammar.OBJECT_AFTER_CJK)))
_CJK_CHAR = re.compile(f"[{CJK}]")
# "$500bn (€430bn)", "5000億美元（3.9萬億港元）": a sum in another currency in brackets right after
# a sum is its conversion, not a second value.
_CONVERSION_GAP = re.compile(r"\s*[(（][^()（）\d]{0,12}\Z")
_NO_PARTY = -100  # rank of a fact of any party: below every fact whose party is named
_DEAL_KINDS = frozenset({"money", "percent"})  # the kinds a market word rules out
_READ_KINDS = FIGURE_KINDS | {"number"}  # a bare number may take a sum's currency (see _with_shared_currency)
_START = attrgetter("start")
# A clause ends at ", " and at " – " (the space before the dash); in a text with Han, kana or
# Hangul also at the full-width marks (，、；：), which no space follows, and at a comma glued to them.
_CLAUSE_MARK = re.compile(r"[,;:–—-](?=\s)")
_CLAUSE_MARK_CJK = re.compile(rf"[,;:–—，、；：-](?:(?<=[，、；：])|(?=\s)|(?<=,)(?=[{CJK}]))")
_WORD = re.compile(r"\w+")
_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")
_FOUR_CJK = re.compile(rf"[{CJK}]{{4}}")  # as long as three words (a word of them is one to four long)
_DIGIT = re.compile(r"\d")
_SEVERAL_WORDS = re.compile(r"\w[\s\u00a0-]+\w")


def extract_observations(text: str, facts: Sequence[FactDef], language: str | None = None) -> list[Observation]:
    """Observations of `facts` stated in `text`, in text order; `language` None tries every language.

    Only a sentence holding an anchor word (a cue of a figure's fact, or a value phrase) can
    state an observation, so the text is scanned for words first, and only those sentences are
    split out and searched for figures: most sentences of most articles cost nothing more."""
    if not facts or not text:
        return []
    # undeclared: the language the text leaves no doubt about, else every language (whose
    # lexicon is the biggest and the slowest to scan, and reads other languages' words too)
    language = _supported(language) or clear_language(text)
    lexicon = compile_lexicon(tuple(facts), language)
    mentions, cjk_words = lexicon.scan_scripts(text)
    anchors = [start for start, _, term in mentions if term.anchors]
    if not anchors:
        return []
    sentences = sentences_holding(text, anchors, language)
    quantities = [q for q in find_quantities(text, language, spans=sentences) if q.kind in _READ_KINDS]
    quantities.sort(key=_START)
    mention_starts = [start for start, _, _ in mentions]
    # Chinese, Japanese or Korean: their rules are looked at only in a text that may be in them
    cjk = language in CJK_LANGUAGES if language else cjk_words
    quantity_starts = [q.start for q in quantities]
    observations: list[Observation] = []
    discourse = Discourse(text, mentions, language)
    for start, end in sentences:
        sentence_quantities = quantities[bisect.bisect_left(quantity_starts, start) : bisect.bisect_left(quantity_starts, end)]
        sentence_mentions = mentions[bisect.bisect_left(mention_starts, start) : bisect.bisect_left(mention_starts, end)]
        if not sentence_quantities and not _may_state_a_phrase(sentence_mentions, lexicon.facts):
            continue
        if len(sentence_quantities) > 1:
            sentence_quantities = _with_shared_currency(sentence_quantities)
        sentence_quantities = [q for q in sentence_quantities if q.kind in FIGURE_KINDS]
        sentence = _Sentence(text, start, end, sentence_quantities, sentence_mentions, lexicon, discourse, cjk)
        observations.extend(sentence.observations())
    return observations


def _may_state_a_phrase(mentions: list[Mention], facts: tuple[FactDef, ...]) -> bool:
    """Whether a sentence without figures may state a claim or set: a value phrase of a fact that
    needs no cue or has one in the sentence, or two phrases (a list of a set's members needs no
    cue). "Microsoft's Azure cloud" in a sentence about something else costs nothing more."""
    cued: set[int] = set()
    phrases = []
    for _, _, term in mentions:
        cued |= term.cues
        if term.values:
            phrases.append(term)
    if len(phrases) > 1:
        return True
    return any(not facts[index].cues or index in cued for term in phrases for index, _ in term.values)


def _with_shared_currency(quantities: list[Quantity]) -> list[Quantity]:
    """ "invested over $13 billion, its stake being put at 135 billion": a bare sum in millions or
    more after a sum of money in the same sentence is money in that currency."""
    shared: list[Quantity] = []
    currency = None
    for quantity in quantities:
        if quantity.kind == "money":
            currency = quantity.currency
        elif currency and quantity.kind in ("count", "number") and quantity.unit is None and quantity.value >= 1e6:
            quantity = replace(quantity, kind="money", currency=currency)
        shared.append(quantity)
    return shared


def _supported(language: str | None) -> str | None:
    if not language:
        return None
    code = language.split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None



# ── One sentence ───────────────────────────────────────────────────────────────────────────


class _PartyRef:
    """A word standing for a party named before, as the party-ranking code reads a name."""

    __slots__ = ("parties", "vetoes")
    _cache: dict[str, _PartyRef] = {}

    def __init__(self, party: str):
        self.parties = frozenset({party})
        self.vetoes: frozenset[int] = frozenset()

    @classmethod
    def of(cls, party: str) -> _PartyRef:
        if party not in cls._cache:
            cls._cache[party] = cls(party)
        return cls._cache[party]


class _Item:
    """Something a fact may be read from: a figure, or a claim/set phrase."""

    __slots__ = ("start", "end", "clause", "quantity", "term", "state", "marker_distance", "near", "cued", "also")

    def __init__(self, start: int, end: int, clause: int, quantity: Quantity | None, term: Term | None):
        self.start, self.end, self.clause = start, end, clause  # clause: its index in _Sentence.clauses
        self.quantity, self.term = quantity, term
        self.state = ""  # "old", "new" or ""
        self.marker_distance = 1 << 30
        self.near: list[list[Term]] | None = None  # see _Sentence._near
        self.cued = False  # a cue of its fact is in its own clause
        self.also: tuple[int, ...] = ()  # facts of the other parties a figure said of each of them states too


class _Sentence:
    """One sentence, cut into clauses, with its figures and phrases and the words of each clause.

    What several questions share (a clause's words, the party words nearest an item) is worked
    out once, and only when first asked: most sentences hold one figure and a few words."""

    def __init__(self, text: str, start: int, end: int, quantities: list[Quantity], mentions: list[Mention], lexicon: Lexicon,
                 discourse: Discourse, cjk: bool = False):
        self.text = text
        self.discourse = discourse
        self.cjk = cjk
        self.start = start
        self.end = end
        self.mentions = mentions
        self.facts = lexicon.facts
        self.evidence = text[start:end]
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
        self.clauses = self._clauses(clause_words)
        # Every position in the sentence is before the last clause's end, so bisecting the ends
        # gives the clause index.
        ends = self._clause_ends = [right for _, right in self.clauses]
        if len(ends) == 1:
            self.in_clause = [mentions]
        else:
            self.in_clause = [[] for _ in ends]
            for mention in mentions:
                self.in_clause[bisect.bisect_right(ends, mention[0])].append(mention)
        if len(quantities) > 1:
            quantities = _without_conversions(text, quantities)
        self.figures = [_Item(q.start, q.end, bisect.bisect_right(ends, q.start), q, None) for q in quantities]
        self.phrases = [_Item(m_start, m_end, bisect.bisect_right(ends, m_start), None, term) for m_start, m_end, term in phrase_words]
        if markers:
            self._mark_old_and_new(markers)
        self._named: list[Mention] | None = None  # see _near
        self._source: str | None | bool = False  # False: not looked for yet

    # clauses
    def _clauses(self, cuts: list[int]) -> list[tuple[int, int]]:
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
            items.sort(key=_START)
        for m_start, m_end, term in markers:
            state, forward_only, figures_only = term.marker
            clause = bisect.bisect_right(self._clause_ends, m_start)
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

    # parties
    def _party_rank(self, item: _Item, fact_index: int) -> int | None:
        """How well the fact's party fits the figure: None if it does not.

        The parties named nearest the figure (in its clause before it, else earlier in the
        sentence, else after it) are who it is said of: 0 when the fact's party is the nearest
        of them, -1 the next one, and so on; _NO_PARTY for a fact of any party or a sentence
        that names none. Another deal's company named nearest vetoes the figure."""
        party = self.facts[fact_index].party
        if party is None and fact_index not in self.vetoed:
            return _NO_PARTY  # any party will do, and no word here vetoes it
        for near in item.near or self._near(item):
            rank = 0
            for term in near:
                if not term.parties and fact_index not in term.vetoes:
                    continue  # a veto of another fact only
                if rank == 0 and fact_index in term.vetoes:
                    return None
                if party is None:
                    return _NO_PARTY
                if party in term.parties:
                    return -rank
                rank += 1
            if rank:
                return None
        if self.discourse.pro_drop:  # no party named: the one the paragraph is about
            salient = self.discourse.salient_before(self.start)
            if salient is not None:
                return 0 if party == salient else None
        return _NO_PARTY

    def _near(self, item: _Item) -> list[list[Term]]:
        """The words naming a party or vetoing a fact, nearest the item first, in the places
        looked at in turn: its clause before it, the rest of the sentence before it, its clause
        after it, the rest after it (a place is looked at only when the ones before it name
        nobody). Before comes first: a holder is named before its figure ("the foundation,
        renamed …, holds 26 % of the company OpenAI Group PBC"), what follows is mostly objects;
        a word standing for a party counts only before the figure ("… in its for-profit arm")."""
        if self._named is None:
            # the words naming a party or vetoing a fact, unless they name what the figure is about
            self._named = self._named_parties()
        clause_start, clause_end = self.clauses[item.clause]
        # "26 % of the new OpenAI Group": what the share is of; but "a stake of 27 % of Microsoft",
        # "la quota del 27% di Microsoft": whose stake
        share = item.quantity is not None and item.quantity.kind == "percent" and not self._names_a_stake_before(item)
        in_clause_before: list[Term] = []
        in_clause_after: list[Term] = []
        before: list[Term] = []
        after: list[Term] = []
        for m_start, m_end, term in self._named:
            if m_end <= item.start:
                (in_clause_before if m_start >= clause_start else before).append(term)
            elif m_start >= item.end and term.__class__ is not _PartyRef:  # "… 100 billion in its company": whose company
                if m_start >= clause_end:
                    after.append(term)
                elif not (share and term.parties and _SHARE_OF.fullmatch(self.text, item.end, m_start)):
                    in_clause_after.append(term)  # not "26 % of the new OpenAI Group": what it is a share of
        in_clause_before.reverse()
        before.reverse()
        item.near = [in_clause_before, before, in_clause_after, after]
        return item.near

    def _names_a_stake_before(self, item: _Item) -> bool:
        """ "participation de 27 %", "Anteil von 27 Prozent": a cue word joined to the figure by one
        of the SHARE_OF words, so the party after the figure is the stake's holder."""
        for m_start, m_end, term in self.mentions:
            if m_end > item.start:
                break
            if term.cues and item.start - m_end < 12 and _SHARE_OF_GAP.fullmatch(self.text, m_end, item.start):
                return True
        return False

    def _named_parties(self) -> list[Mention]:
        """The words naming a party or vetoing a fact, unless they name what the figure is about,
        and the words standing for a party named before ("it", "the company"), as that party."""
        named: list[Mention] = []
        for m_start, m_end, term in self.mentions:
            if term.named:
                if ((not self._is_object(m_start, m_end) or self._heads_relative_clause(m_end))
                        and not (term.parties and _OBJECT_SUFFIX.match(self.text, m_end))):
                    named.append((m_start, m_end, term))
            elif term.stands_for:
                party = self._antecedent(m_start, term, named)
                if party is not None:
                    named.append((m_start, m_end, _PartyRef.of(party)))
        return named

    def _antecedent(self, position: int, term: Term, named_before: list[Mention]) -> str | None:
        """The party a role noun, pronoun or generic noun at `position` stands for (see discourse)."""
        if term.roles:
            return next((party for party in sorted(term.roles) if self.discourse.named_before(party, position)), None)
        # a pronoun: the party named nearest before it; a possessive or a generic noun: the
        # sentence's subject ("Microsoft …, with OpenAI valued at …, values its share at …")
        for _, _, earlier in reversed(named_before) if term.pronoun else named_before:
            if len(earlier.parties) == 1:
                return next(iter(earlier.parties))
        return self.discourse.salient_before(self.start)

    def _is_object(self, position: int, end: int) -> bool:
        """ "a stake in OpenAI", "qui chapeaute OpenAI", "持有 OpenAI", "OpenAIに出資": the party is
        what the sentence is about, not who holds the figure."""
        text = self.text
        if is_object(text, self.start, position):
            return True
        before = text[max(self.start, position - 30) : position]
        if not self.cjk or _CJK_CHAR.search(text, max(self.start, position - 3), min(self.end, end + 2)) is None:
            return False  # no Han, kana or Hangul next to the name
        return _OBJECT_BEFORE_CJK.search(before[-4:]) is not None or _OBJECT_AFTER_CJK.match(text, end, self.end) is not None

    def _heads_relative_clause(self, position: int) -> bool:
        """ "a stake in OpenAI, whose valuation …": the object party is who what follows is said of."""
        return _RELATIVE_AFTER.match(self.text, position, self.end) is not None

    # observations
    def observations(self) -> list[Observation]:
        found = self._figures()
        if self.phrases:
            found += self._phrases()
        if len(found) > 1:
            found.sort(key=_text_order)
        return found

    def _figures(self) -> list[Observation]:
        by_fact: dict[int, list[_Item]] = {}
        for item in self.figures:
            best = self._best_fact(item)
            if best is not None:
                by_fact.setdefault(best, []).append(item)
                for index in item.also:
                    by_fact.setdefault(index, []).append(item)
        observations = []
        for index, items in by_fact.items():
            chosen = [i for i in items if i.state == "new"] or [i for i in items if i.state != "old"]
            if len(chosen) > 1:  # "holds 26 %, with 47 % held by employees": the cued clause's figure
                chosen = [i for i in chosen if i.cued] or chosen
            if len(chosen) > 1:  # "$135 billion, or about €116 billion": the conversion restates it
                chosen = self._in_fact_currency(chosen, self.facts[index])
            if not chosen or len(chosen) > 1 and len({(i.quantity.value, i.quantity.currency) for i in chosen}) > 1:
                continue  # two values, nothing to choose between them: say nothing
            observations.append(self._observe_quantity(self.facts[index], chosen[0].quantity))
        return observations

    @staticmethod
    def _in_fact_currency(items: list[_Item], fact: FactDef) -> list[_Item]:
        """Of figures in several currencies, those in the currency of the fact's baseline (else
        the first figure's): a sentence that converts a sum states it once."""
        currencies = {item.quantity.currency for item in items}
        if len(currencies) < 2:
            return items
        wanted = fact.baseline.currency if fact.baseline and fact.baseline.currency in currencies else items[0].quantity.currency
        return [item for item in items if item.quantity.currency == wanted]

    def _best_fact(self, item: _Item) -> int | None:
        """The one fact the figure states, judged on its clause; if no fact has a cue there, on
        its whole sentence ("ran through 2030 before, and run through 2032 now"). A cue of a fact
        the figure cannot be (out of its plausible range) does not count: "the People-First AI
        Fund, committing $50 million" is the fund, not the foundation's billions."""
        clause_mentions = self.in_clause[item.clause]
        kind = item.quantity.kind
        cued = False
        for _, m_end, term in clause_mentions:
            if term.maybe and m_end <= item.start:
                return None
            if not cued and kind in term.cues_by_kind:
                cued = any(self._plausible(item, index) for index in term.cues_by_kind[kind])
        item.cued = cued
        return self._rank_facts(item, clause_mentions if cued else self.mentions)

    def _plausible(self, item: _Item, index: int) -> bool:
        plausible = self.facts[index].plausible
        value, top = item.quantity.value, item.quantity.value_max or item.quantity.value
        return not plausible or plausible[0] <= value <= top <= plausible[1]

    def _rank_facts(self, item: _Item, mentions: list[Mention]) -> int | None:
        kind = item.quantity.kind
        distances: dict[int, int] = {}
        vetoed: set[int] = set()
        vetoed_elsewhere: set[int] = set()  # by a word in another clause of the sentence
        clause_start, clause_end = self.clauses[item.clause]
        for m_start, m_end, term in mentions:
            if term.market and kind in _DEAL_KINDS and m_start - item.end < _MARKET_REACH:
                return None  # "shares rose 2 %", "2 % on Nasdaq"; not "…, clearing the way to a listing"
            if term.vetoes:
                if clause_start <= m_start < clause_end:
                    vetoed |= term.vetoes
                else:
                    vetoed_elsewhere |= term.vetoes
            indices = term.cues_by_kind.get(kind)
            if indices:
                distance = _distance(m_start, m_end, item)
                for index in indices:
                    if distance < distances.get(index, distance + 1):
                        distances[index] = distance
        ranked = []
        for index, distance in distances.items():
            if index in vetoed or index in vetoed_elsewhere and not self._party_opens_clause(item, index):
                continue
            if not self._plausible(item, index):
                continue
            party_rank = self._party_rank(item, index)
            if party_rank is not None:
                ranked.append((party_rank, -distance, index))
        if not ranked:
            return None
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]:
            return None  # two facts fit equally well
        best = ranked[0][2]
        if len(ranked) > 1 and any("each" in term.kinds for m_start, _, term in self.in_clause[item.clause] if m_start < item.start):
            # "非营利组织和微软将分别持股约30%": said of each party named before it
            parties = {self.facts[best].party}
            for rank, _, index in ranked[1:]:
                party = self.facts[index].party
                if rank > _NO_PARTY and party not in parties:
                    parties.add(party)
                    item.also += (index,)
        return best

    def _party_opens_clause(self, item: _Item, index: int) -> bool:
        """ "SoftBank holds 11 %, Microsoft about 27 %": the fact's party named in the figure's own
        clause, before it, outweighs another company named in another clause."""
        party = self.facts[index].party
        return party is not None and any(
            party in term.parties for m_start, _, term in self.in_clause[item.clause] if m_start < item.start
        )

    def _phrases(self) -> list[Observation]:
        cued: set[int] = set()  # a phrase's fact needs a cue and its party named in the sentence
        parties: set[str] = set()
        standing_for = False
        for _, _, term in self.mentions:
            cued |= term.cues
            parties |= term.parties
            standing_for = standing_for or term.stands_for
        listed: set[int] | None = None  # worked out when first needed, as the parties stood for
        found: dict[int, list[tuple[str, _Item]]] = {}
        for item in self.phrases:
            if item.state == "old":
                continue
            for index, value in item.term.values:
                fact = self.facts[index]
                if fact.cues and index not in cued:
                    if listed is None:
                        listed = self._listed_sets()
                    if index not in listed:
                        continue
                if fact.party is not None and fact.party not in parties:
                    if not standing_for:
                        continue
                    standing_for = False  # looked at once: "its", "the company" as the parties they stand for
                    for _, _, named in self._named if self._named is not None else self._named_parties():
                        parties |= named.parties
                    if fact.party not in parties:
                        continue
                value = self._phrase_value(item, fact, index, value)
                if value is not None:
                    found.setdefault(index, []).append((value, item))
        observations = []
        for index, values in found.items():
            fact = self.facts[index]
            if fact.kind == "claim":
                if len({value for value, _ in values}) != 1:
                    continue
                value, first = values[0]
                observations.append(self._observe_phrase(fact, value, first.start, first.end))
            else:
                members = tuple(sorted({value for value, _ in values}))
                start = min(item.start for _, item in values)
                end = max(item.end for _, item in values)
                observations.append(self._observe_phrase(fact, members, start, end))
        return observations

    def _listed_sets(self) -> set[int]:
        """The set facts of which the sentence names two members or more in phrases of several
        words ("AI literacy, community innovation and economic opportunity"): such a list says
        which fact it is without a cue word. Single names ("California", "Google") do not count."""
        members: dict[int, set[str]] = {}
        for item in self.phrases:
            if _SEVERAL_WORDS.search(self.text, item.start, item.end):
                for index, value in item.term.values:
                    if self.facts[index].kind == "set":
                        members.setdefault(index, set()).add(value)
        return {index for index, values in members.items() if len(values) > 1}

    def _phrase_value(self, item: _Item, fact: FactDef, index: int, value: str) -> str | None:
        """The value the phrase states, as the words of its clause around it have it."""
        negated = pending = False
        for m_start, m_end, term in self.in_clause[item.clause]:
            if index in term.vetoes:
                return None
            if m_end <= item.start:
                negated = negated or ("negation" in term.kinds and item.start - m_end <= _NEGATION_REACH)
                pending = pending or "prospect" in term.kinds or term.maybe
            elif m_start >= item.end:
                pending = pending or "prospect_after" in term.kinds
                negated = negated or ("negation_after" in term.kinds and m_start - item.end <= _NEGATION_AFTER_REACH)
        if self._party_rank(item, index) is None:
            return None
        if negated:
            return fact.negated.get(value)
        return fact.pending.get(value, value) if pending else value

    def _observe_quantity(self, fact: FactDef, quantity: Quantity) -> Observation:
        start, end = (quantity.full_start, quantity.full_end) if quantity.full_end > quantity.full_start else quantity.span
        return Observation(
            key=fact.key,
            kind=fact.kind,
            value=quantity.value,
            comparator=quantity.comparator,
            value_max=quantity.value_max,
            currency=quantity.currency,
            unit=quantity.unit,
            step=quantity.step,
            evidence=self.evidence,
            start=start,
            end=end,
            attributed_to=self.source(),
        )

    def _observe_phrase(self, fact: FactDef, value, start: int, end: int) -> Observation:
        return Observation(
            key=fact.key,
            kind=fact.kind,
            value=value,
            evidence=self.evidence,
            start=start,
            end=end,
            attributed_to=self.source(),
        )

    def source(self) -> str | None:
        """Who the sentence reports, looked for once (see _reported_source)."""
        if self._source is False:
            reported = any(term.reporting for _, _, term in self.mentions)
            self._source = reported_source(self.evidence) if reported else None
        return self._source


def _without_conversions(text: str, quantities: list[Quantity]) -> list[Quantity]:
    kept = [quantities[0]]
    for previous, quantity in zip(quantities, quantities[1:]):
        if not (quantity.kind == previous.kind == "money" and quantity.currency != previous.currency
                and _CONVERSION_GAP.match(text, previous.end, quantity.start)):
            kept.append(quantity)
    return kept


def _text_order(observation: Observation) -> tuple[int, str]:
    return observation.start, observation.key


def _distance(start: int, end: int, item: _Item) -> int:
    if end <= item.start:
        return item.start - end
    if start >= item.end:
        return start - item.end
    return 0

