"""Who a figure or phrase of one sentence is said of.

The parties named nearest an item (in its clause before it, else earlier in the sentence, else
after it) are who it is said of; a name that is what the sentence is about ("a stake in
OpenAI", "OpenAIに出資") is not, and a word that stands for a party named before ("it", "its",
"the company", "the Redmond giant") counts as that party (`discourse`). Another deal's company
named nearest vetoes the item. Worked out once per sentence, and only when a rule asks.
"""

from __future__ import annotations

import re

from monitor.facts import grammar
from monitor.facts.catalogue import FactDef
from monitor.facts.clauses import Clauses, Item
from monitor.facts.discourse import Discourse, is_object
from monitor.facts.lexicon import CJK, Mention, Term

NO_PARTY = -100  # rank of a fact of any party: below every fact whose party is named
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


_PRONOUN = object()  # a pronoun found in the sentence ("it", "elle")
_POSSESSIVE = object()  # a possessive or generic noun ("its", "the company", "der Konzern")


class PartyRef:
    """A word standing for a party named before, as the party-ranking code reads a name."""

    __slots__ = ("parties", "vetoes")
    _cache: dict[str, PartyRef] = {}

    def __init__(self, party: str):
        self.parties = frozenset({party})
        self.vetoes: frozenset[int] = frozenset()

    @classmethod
    def of(cls, party: str) -> PartyRef:
        if party not in cls._cache:
            cls._cache[party] = cls(party)
        return cls._cache[party]


class SentenceParties:
    """The parties of one sentence, read against its clauses."""

    def __init__(self, layout: Clauses, mentions: list[Mention], facts: tuple[FactDef, ...], discourse: Discourse):
        self.layout = layout
        self.text, self.start, self.end, self.cjk = layout.text, layout.start, layout.end, layout.cjk
        self.mentions = mentions
        self.facts = facts
        self.discourse = discourse
        self._named: list[Mention] | None = None

    def named(self) -> list[Mention]:
        """The words naming a party or vetoing a fact, unless they name what the figure is about,
        and the words standing for a party named before ("it", "the company"), as that party."""
        if self._named is None:
            self._named = self._find_named()
        return self._named

    def rank(self, item: Item, fact_index: int) -> int | None:
        """How well the fact's party fits the figure: None if it does not.

        The parties named nearest the figure (in its clause before it, else earlier in the
        sentence, else after it) are who it is said of: 0 when the fact's party is the nearest
        of them, -1 the next one, and so on; NO_PARTY for a fact of any party or a sentence
        that names none. Another deal's company named nearest vetoes the figure."""
        party = self.facts[fact_index].party
        if party is None and fact_index not in self.layout.vetoed:
            return NO_PARTY  # any party will do, and no word here vetoes it
        for near in item.near or self._near(item):
            rank = 0
            for term in near:
                if not term.parties and fact_index not in term.vetoes:
                    continue  # a veto of another fact only
                if rank == 0 and fact_index in term.vetoes:
                    return None
                if party is None:
                    return NO_PARTY
                if party in term.parties:
                    return -rank
                rank += 1
            if rank:
                return None
        if self.discourse.pro_drop:  # no party named: the one the paragraph is about
            salient = self.discourse.salient_before(self.start)
            if salient is not None:
                return 0 if party == salient else None
        return NO_PARTY

    def _near(self, item: Item) -> list[list[Term]]:
        """The words naming a party or vetoing a fact, nearest the item first, in the places
        looked at in turn: its clause before it, the rest of the sentence before it, its clause
        after it, the rest after it (a place is looked at only when the ones before it name
        nobody). Before comes first: a holder is named before its figure ("the foundation,
        renamed …, holds 26 % of the company OpenAI Group PBC"), what follows is mostly objects;
        a word standing for a party counts only before the figure ("… in its for-profit arm")."""
        named = self.named()
        clause_start, clause_end = self.layout.clauses[item.clause]
        # "26 % of the new OpenAI Group": what the share is of; but "a stake of 27 % of Microsoft",
        # "la quota del 27% di Microsoft": whose stake
        share = item.quantity is not None and item.quantity.kind == "percent" and not self._names_a_stake_before(item)
        in_clause_before: list[Term] = []
        in_clause_after: list[Term] = []
        before: list[Term] = []
        after: list[Term] = []
        for m_start, m_end, term in named:
            if m_end <= item.start:
                (in_clause_before if m_start >= clause_start else before).append(term)
            elif m_start >= item.end and term.__class__ is not PartyRef:  # "… 100 billion in its company": whose company
                if m_start >= clause_end:
                    after.append(term)
                elif not (share and term.parties and _SHARE_OF.fullmatch(self.text, item.end, m_start)):
                    in_clause_after.append(term)  # not "26 % of the new OpenAI Group": what it is a share of
        in_clause_before.reverse()
        before.reverse()
        item.near = [in_clause_before, before, in_clause_after, after]
        return item.near

    def _names_a_stake_before(self, item: Item) -> bool:
        """ "participation de 27 %", "Anteil von 27 Prozent": a cue word joined to the figure by one
        of the SHARE_OF words, so the party after the figure is the stake's holder."""
        for m_start, m_end, term in self.mentions:
            if m_end > item.start:
                break
            if term.cues and item.start - m_end < 12 and _SHARE_OF_GAP.fullmatch(self.text, m_end, item.start):
                return True
        return False

    def _find_named(self) -> list[Mention]:
        named: list[Mention] = []
        for m_start, m_end, term in self._with_standing_for():
            if term is _PRONOUN or term is _POSSESSIVE:
                party = self._antecedent(term is _PRONOUN, named)
            elif term.named:
                if ((not self._is_object(m_start, m_end) or self._heads_relative_clause(m_end))
                        and not (term.parties and _OBJECT_SUFFIX.match(self.text, m_end))):
                    named.append((m_start, m_end, term))
                continue
            elif term.roles:  # a role noun stands for its party once that was named in the text
                party = next((party for party in sorted(term.roles) if self.discourse.named_before(party, m_start)), None)
            else:
                continue
            if party is not None:
                named.append((m_start, m_end, PartyRef.of(party)))
        return named

    def _with_standing_for(self) -> list[tuple]:
        """The sentence's mentions and, in text order among them, its pronouns and possessives."""
        found = [(match.start(), match.end(), _PRONOUN if match.lastgroup == "pronoun" else _POSSESSIVE)
                 for match in self.discourse.standing_for(self.start, self.end)]
        if not found:
            return self.mentions
        taken = [(start, end) for start, end, _ in self.mentions]
        found = [mention for mention in found if not any(start < mention[1] and mention[0] < end for start, end in taken)]
        return sorted([*self.mentions, *found], key=lambda mention: mention[0])

    def _antecedent(self, pronoun: bool, named_before: list[Mention]) -> str | None:
        """The party a pronoun (the one named nearest before it), a possessive or a generic noun
        (the sentence's subject: "Microsoft …, with OpenAI valued at …, values its share at …")
        stands for; with none named before it in the sentence, the paragraph's (see discourse)."""
        for _, _, earlier in reversed(named_before) if pronoun else named_before:
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

    def opens_clause(self, item: Item, index: int) -> bool:
        """ "SoftBank holds 11 %, Microsoft about 27 %": the fact's party named in the figure's own
        clause, before it, outweighs another company named in another clause."""
        party = self.facts[index].party
        return party is not None and any(
            party in term.parties for m_start, _, term in self.layout.in_clause[item.clause] if m_start < item.start
        )
