"""Discourse: who a sentence speaks of when it does not name them.

Reporters name a company once, then write "the company", "it", "its stake", "le géant de
Redmond", or (in Spanish, Italian, …) drop the subject altogether. A sentence is read alone, so
without this its figures have no party and are lost. The model is small on purpose, and would
rather leave a figure without a party than give it the wrong one:

- a pronoun, a possessive or a generic noun ("the company") stands for the party named nearest
  before it in its own sentence (not as an object: "a stake *in OpenAI*"), else for the most
  salient party of the paragraph so far: the subject (first party named, not as an object) of
  the nearest earlier sentence of the same paragraph that names one;
- a role noun of a party ("the Redmond giant") stands for that party once it has been named
  earlier in the text;
- in a language that drops subject pronouns, a sentence naming no party at all is about the
  paragraph's salient party;
- never across a paragraph (a line), and never past another party named in between.
"""

from __future__ import annotations

import bisect
import re

from monitor.facts import grammar
from monitor.facts.lexicon import Mention, trie_regex
from monitor.facts.sentences import split_sentences


def _backwards(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word[::-1]) for word in words)


# Matched on the reversed text before the party, so that one try at one position answers (a
# forward search for a match ending at the party would try every position before it).
# An article may carry up to two adjectives before the party ("in the new public benefit corporation").
_ARTICLE = rf"(?:\s*['’]l|\s+(?:{_backwards(grammar.OBJECT_ARTICLES)}))"
_OBJECT_BEFORE_REVERSED = re.compile(
    rf"(?:(?:\s+[\w-]{{2,15}}){{1,2}}?{_ARTICLE}|{_ARTICLE}?)\s+(?:{_backwards(grammar.OBJECT_PREPOSITIONS)})\b"
    # "which backs OpenAI" (one verb), not "que a OpenAI vale" (an article)
    rf"|\s++(?!(?:{_backwards(grammar.OBJECT_ARTICLES)})\s)\w++\s++(?:{_backwards(grammar.OBJECT_RELATIVES)})\b",
    re.IGNORECASE,
)


def is_object(text: str, sentence_start: int, position: int) -> bool:
    """ "a stake in OpenAI", "qui chapeaute OpenAI": the party named at `position` is what the
    sentence is about, not who holds the figure."""
    before = text[max(sentence_start, position - 30) : position]
    return _OBJECT_BEFORE_REVERSED.match(before[::-1]) is not None


def _standing_for(language: str) -> tuple[re.Pattern, re.Pattern] | None:
    """Pronouns (group "pronoun") and possessives or generic nouns (group "other") of a language:
    the pattern for the lowered text, and the same ignoring case (for a text lower() lengthens).

    Looked for only in a sentence whose parties a rule asks about, not in the lexicon's scan of
    every text: "it" and "its" are among the commonest words of English."""
    pronouns, others = grammar.PRONOUNS.get(language, ()), grammar.POSSESSIVES.get(language, ())
    if not pronouns and not others:
        return None
    groups = [rf"(?P<{name}>{trie_regex(list(words))})" for name, words in (("pronoun", pronouns), ("other", others)) if words]
    source = r"(?<!\w)(?:" + "|".join(groups) + ")"  # the trie is lower case
    return re.compile(source), re.compile(source, re.IGNORECASE)


_STANDING_FOR = {language: _standing_for(language) for language in set(grammar.PRONOUNS) | set(grammar.POSSESSIVES)}


class Discourse:
    """The parties an article names, in order, to resolve the words that stand for one."""

    def __init__(self, text: str, mentions: list[Mention], language: str | None, lowered: str | None = None):
        self.text = text
        self.language = language
        self.pro_drop = language in grammar.PRO_DROP
        # one language's "il" is another's article: pronouns only in a text of a known language
        self._standing_for = _STANDING_FOR.get(language) if language else None
        self._lowered = lowered  # text.lower(), made when first needed if not given
        self._mentions = mentions
        self._named: list[tuple[int, frozenset[str]]] | None = None  # listed when first asked about
        self._named_starts: list[int] = []
        self._salient: dict[int, str | None] = {}

    def _list_named(self) -> list[tuple[int, frozenset[str]]]:
        """Each party named, and each other company named (a capitalised veto: "SoftBank"), which
        stands for no party of ours but ends what the paragraph was about."""
        if self._named is None:
            text = self.text
            self._named = [(start, term.parties) for start, _, term in self._mentions
                           if len(term.parties) == 1 or not term.parties and term.vetoes and text[start].isupper()]
            self._named_starts = [start for start, _ in self._named]
        return self._named

    def standing_for(self, start: int, end: int) -> list[re.Match]:
        """The pronouns, possessives and generic nouns between `start` and `end`.

        re ignores case slowly (it folds every character it compares), so the lowered text is
        searched when lower() keeps its length (positions then stay the same)."""
        if self._standing_for is None:
            return []
        if self._lowered is None:
            self._lowered = self.text.lower()
        if len(self._lowered) == len(self.text):
            return list(self._standing_for[0].finditer(self._lowered, start, end))
        return list(self._standing_for[1].finditer(self.text, start, end))

    def salient_before(self, sentence_start: int) -> str | None:
        """The party the paragraph was about before this sentence, if one stands out."""
        if sentence_start not in self._salient:
            self._salient[sentence_start] = self._find_salient(sentence_start)
        return self._salient[sentence_start]

    def named_before(self, party: str, position: int) -> bool:
        """Whether the text named `party` before `position` (a role noun needs its antecedent)."""
        named = self._list_named()
        end = bisect.bisect_left(self._named_starts, position)
        return any(party in parties for _, parties in named[:end])

    def _find_salient(self, sentence_start: int) -> str | None:
        text = self.text
        named = self._list_named()
        paragraph_start = text.rfind("\n", 0, sentence_start) + 1
        first = bisect.bisect_left(self._named_starts, paragraph_start)
        last = bisect.bisect_left(self._named_starts, sentence_start)
        if first == last:
            return None
        # the nearest earlier sentence naming a party: its subject
        for start, end in reversed(split_sentences(text[paragraph_start:sentence_start], self.language)):
            start += paragraph_start
            end += paragraph_start
            low = bisect.bisect_left(self._named_starts, start, first, last)
            high = bisect.bisect_left(self._named_starts, end, first, last)
            if low == high:
                continue
            for position, parties in named[low:high]:
                if not is_object(text, start, position):
                    return next(iter(parties)) if parties else None  # another company: not ours
            return None  # only objects named: nothing stands out
        return None
