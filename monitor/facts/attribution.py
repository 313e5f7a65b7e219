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

from monitor.facts.catalogue import LANGUAGES, FactDef
from monitor.facts.clauses import START, Clauses, Item
from monitor.facts.discourse import Discourse
from monitor.facts.lexicon import (
    CJK_LANGUAGES,
    FIGURE_KINDS,
    Lexicon,
    Mention,
    compile_lexicon,
)
from monitor.facts.parties import NO_PARTY, SentenceParties
from monitor.facts.quantities import clear_language, find_quantities
from monitor.facts.reported_speech import reported_source
from monitor.facts.sentences import sentences_holding, split_sentences
from monitor.model import Observation, Quantity

__all__ = ["extract_observations", "split_sentences"]

_NEGATION_REACH = 40  # characters between a negation and the phrase it negates
_MARKET_REACH = 40  # characters after a figure within which a market word still speaks of it
_NEGATION_AFTER_REACH = 12  # characters between a phrase and a negation said after it (ja, ko)
_DEAL_KINDS = frozenset({"money", "percent"})  # the kinds a market word rules out
_READ_KINDS = FIGURE_KINDS | {"number"}  # a bare number may take a sum's currency (see _with_shared_currency)
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
    lowered = text.lower()  # read by the language's vote, the lexicon's scan and the discourse
    language = _supported(language) or clear_language(text, lowered)
    lexicon = compile_lexicon(tuple(facts), language)
    mentions, cjk_words = lexicon.scan_scripts(text, lowered)
    anchors = [start for start, _, term in mentions if term.anchors]
    if not anchors:
        return []
    sentences = sentences_holding(text, anchors, language)
    quantities = [q for q in find_quantities(text, language, spans=sentences) if q.kind in _READ_KINDS]
    quantities.sort(key=START)
    mention_starts = [start for start, _, _ in mentions]
    # Chinese, Japanese or Korean: their rules are looked at only in a text that may be in them
    cjk = language in CJK_LANGUAGES if language else cjk_words
    quantity_starts = [q.start for q in quantities]
    observations: list[Observation] = []
    discourse = Discourse(text, mentions, language, lowered)
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


class _Sentence:
    """One sentence's observations: which fact each figure and phrase states, read against the
    sentence's clauses (`clauses`) and the parties its items are said of (`parties`).

    What several questions share (a clause's words, the party words nearest an item) is worked
    out once, and only when first asked: most sentences hold one figure and a few words."""

    def __init__(self, text: str, start: int, end: int, quantities: list[Quantity], mentions: list[Mention], lexicon: Lexicon,
                 discourse: Discourse, cjk: bool = False):
        self.text = text
        self.mentions = mentions
        self.facts = lexicon.facts
        self.evidence = text[start:end]
        self.layout = Clauses(text, start, end, quantities, mentions, cjk)
        self.parties = SentenceParties(self.layout, mentions, self.facts, discourse)
        self.language = discourse.language  # its reported speech is looked for in that language's ways
        self._source: str | None | bool = False  # False: not looked for yet

    def observations(self) -> list[Observation]:
        found = self._figures()
        if self.layout.phrases:
            found += self._phrases()
        if len(found) > 1:
            found.sort(key=_text_order)
        return found

    def _figures(self) -> list[Observation]:
        by_fact: dict[int, list[Item]] = {}
        for item in self.layout.figures:
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
    def _in_fact_currency(items: list[Item], fact: FactDef) -> list[Item]:
        """Of figures in several currencies, those in the currency of the fact's baseline (else
        the first figure's): a sentence that converts a sum states it once."""
        currencies = {item.quantity.currency for item in items}
        if len(currencies) < 2:
            return items
        wanted = fact.baseline.currency if fact.baseline and fact.baseline.currency in currencies else items[0].quantity.currency
        return [item for item in items if item.quantity.currency == wanted]

    def _best_fact(self, item: Item) -> int | None:
        """The one fact the figure states, judged on its clause; if no fact has a cue there, on
        its whole sentence ("ran through 2030 before, and run through 2032 now"). A cue of a fact
        the figure cannot be (out of its plausible range) does not count: "the People-First AI
        Fund, committing $50 million" is the fund, not the foundation's billions."""
        clause_mentions = self.layout.in_clause[item.clause]
        kind = item.quantity.kind
        cued = False
        for _, m_end, term in clause_mentions:
            if term.maybe and m_end <= item.start:
                return None
            if not cued and kind in term.cues_by_kind:
                cued = any(self._plausible(item, index) for index in term.cues_by_kind[kind])
        item.cued = cued
        return self._rank_facts(item, clause_mentions if cued else self.mentions)

    def _plausible(self, item: Item, index: int) -> bool:
        plausible = self.facts[index].plausible
        value, top = item.quantity.value, item.quantity.value_max or item.quantity.value
        return not plausible or plausible[0] <= value <= top <= plausible[1]

    def _rank_facts(self, item: Item, mentions: list[Mention]) -> int | None:
        kind = item.quantity.kind
        distances: dict[int, int] = {}
        vetoed: set[int] = set()
        vetoed_elsewhere: set[int] = set()  # by a word in another clause of the sentence
        clause_start, clause_end = self.layout.clauses[item.clause]
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
            if index in vetoed or index in vetoed_elsewhere and not self.parties.opens_clause(item, index):
                continue
            if not self._plausible(item, index):
                continue
            party_rank = self.parties.rank(item, index)
            if party_rank is not None:
                ranked.append((party_rank, -distance, index))
        if not ranked:
            return None
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]:
            return None  # two facts fit equally well
        best = ranked[0][2]
        if len(ranked) > 1 and any("each" in term.kinds for m_start, _, term in self.layout.in_clause[item.clause] if m_start < item.start):
            # "非营利组织和微软将分别持股约30%": said of each party named before it
            parties = {self.facts[best].party}
            for rank, _, index in ranked[1:]:
                party = self.facts[index].party
                if rank > NO_PARTY and party not in parties:
                    parties.add(party)
                    item.also += (index,)
        return best

    def _phrases(self) -> list[Observation]:
        cued: set[int] = set()  # a phrase's fact needs a cue and its party named in the sentence
        parties: set[str] = set()
        standing_for = True  # not yet asked: "its", "the company" as the parties they stand for
        for _, _, term in self.mentions:
            cued |= term.cues
            parties |= term.parties
        listed: set[int] | None = None  # worked out when first needed, as the parties stood for
        found: dict[int, list[tuple[str, Item]]] = {}
        for item in self.layout.phrases:
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
                    standing_for = False  # looked at once
                    for _, _, named in self.parties.named():
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
        for item in self.layout.phrases:
            if _SEVERAL_WORDS.search(self.text, item.start, item.end):
                for index, value in item.term.values:
                    if self.facts[index].kind == "set":
                        members.setdefault(index, set()).add(value)
        return {index for index, values in members.items() if len(values) > 1}

    def _phrase_value(self, item: Item, fact: FactDef, index: int, value: str) -> str | None:
        """The value the phrase states, as the words of its clause around it have it."""
        negated = pending = False
        for m_start, m_end, term in self.layout.in_clause[item.clause]:
            if index in term.vetoes:
                return None
            if m_end <= item.start:
                negated = negated or ("negation" in term.kinds and item.start - m_end <= _NEGATION_REACH)
                pending = pending or "prospect" in term.kinds or term.maybe
            elif m_start >= item.end:
                pending = pending or "prospect_after" in term.kinds
                negated = negated or ("negation_after" in term.kinds and m_start - item.end <= _NEGATION_AFTER_REACH)
        if self.parties.rank(item, index) is None:
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
        """Who the sentence reports, looked for once (see reported_speech)."""
        if self._source is False:
            reported = any(term.reporting for _, _, term in self.mentions)
            self._source = reported_source(self.evidence, self.language) if reported else None
        return self._source



def _text_order(observation: Observation) -> tuple[int, str]:
    return observation.start, observation.key


def _distance(start: int, end: int, item: Item) -> int:
    if end <= item.start:
        return item.start - end
    if start >= item.end:
        return start - item.end
    return 0

