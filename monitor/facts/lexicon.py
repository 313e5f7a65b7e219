"""The fact engine's lexicon: every word it looks for, compiled once per catalogue and language
into one trie-shaped regular expression, so an article is scanned for all of them in one pass.

A word's roles (a fact's cue, veto, value phrase or party name; a grammar role such as clause
cut, old/new term, prospect, negation, market word) are looked up once per distinct written form
and kept as a `Term`, so the sentence code asks plain questions of plain tuples.
"""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.facts import grammar
from monitor.facts.catalogue import LANGUAGES, FactDef

FIGURE_KINDS = frozenset({"money", "percent", "count", "year"})  # the quantity kinds a fact may have
_SPACES = re.compile(r"[\s\u00a0\u202f-]+")
# Substrings that every reporting pattern contains: a sentence without any is no reported speech.
REPORTING_WORDS = (
    "according", "report", "citing", "told", "wrote", "writes", "familiar", "close", "source", "insider", "analyst",
    "selon", "après", "rapport", "écrit", "proche", "laut", "bericht", "zufolge", "meldet", "kreise", "vertraute",
    "según", "acuerdo con", "informó", "publicó", "fuente", "analista", "secondo", "stando", "riport", "scrive", "fonti", "analisti",
    "segundo", "acordo com", "conforme", "informou", "noticiou", "publicou", "reportou", "escreveu", "fonte", "pessoas", "analist",
    "volgens", "aldus", "meld", "schrijf", "schreef", "berichtte", "ingewijd", "bronnen",
    "według", "podaj", "podał", "poinformował", "pisze", "napisał", "informuje", "źródł", "osoby", "nieoficjaln", "anality",
    "по данным", "согласно", "сообща", "сообщил", "пишет", "написал", "переда", "со ссылкой", "источник", "собеседник", "знакомые",
    "инсайдер", "аналитик",
    "за даними", "згідно", "повідомля", "повідомил", "повідомив", "пише", "написав", "з посиланням", "джерел", "співрозмовник",
    "обізнані", "аналітик",
    "göre", "kaynak", "isminin",
)

class Term:
    """The roles of one matched word, sorted for quick questions."""

    __slots__ = ("kinds", "cues", "vetoes", "parties", "values", "cues_by_kind", "marker", "named", "anchors", "maybe", "market",
                 "reporting", "roles", "pronoun", "stands_for")

    def __init__(self, roles: list[tuple], facts: tuple[FactDef, ...]):
        self.kinds = frozenset(role[0] for role in roles)  # "cue", "veto", "old", "market", …
        self.cues = frozenset(role[1] for role in roles if role[0] == "cue")  # fact indices
        self.vetoes = frozenset(role[1] for role in roles if role[0] == "veto")
        self.parties = frozenset(role[1] for role in roles if role[0] == "party")
        self.roles = frozenset(role[1] for role in roles if role[0] == "role")  # parties a role noun stands for
        self.pronoun = "pronoun" in self.kinds  # "it": the party named nearest before
        self.stands_for = bool(self.roles) or not self.parties and (self.pronoun or "possessive" in self.kinds)
        self.values = tuple((role[1], role[2]) for role in roles if role[0] == "value")  # (fact index, value)
        cues_by_kind: dict[str, list[int]] = {}  # a figure only asks about the facts of its kind
        for index in sorted(self.cues):
            cues_by_kind.setdefault(facts[index].kind, []).append(index)
        self.cues_by_kind = {kind: tuple(indices) for kind, indices in cues_by_kind.items()}
        self.marker = _marker(self.kinds)
        self.named = bool(self.parties or self.vetoes)  # says whose figure it is, or whose it is not
        self.anchors = bool(self.values) or not FIGURE_KINDS.isdisjoint(self.cues_by_kind)  # may start an observation
        self.maybe = "maybe" in self.kinds
        self.market = "market" in self.kinds
        self.reporting = "reporting" in self.kinds


def _marker(kinds: frozenset[str]) -> tuple[str, bool, bool] | None:
    """What an old/new term word says: (state, points forward only, points at figures only)."""
    if "old_from" in kinds:
        return "old", True, True
    if "old_forward" in kinds:
        return "old", True, False
    if "old" in kinds:
        return "old", False, False
    if "new" in kinds:
        return "new", False, False
    return None


# A word of the lexicon found in the text: (start, end, term). Plain tuples, because an article
# holds hundreds and the sentence code unpacks them in its loops.
Mention = tuple[int, int, Term]


class Lexicon:
    """Every word the engine looks for, with its roles: ("cue", fact index), ("veto", i),
    ("value", i, value), ("party", name), ("role", name), ("pronoun",), ("possessive",), ("clause",), ("old",), ("old_forward",), ("old_from",), ("new",),
    ("prospect",), ("prospect_after",), ("maybe",), ("negation",), ("market",), ("reporting",)."""

    def __init__(self, facts: tuple[FactDef, ...], languages: tuple[str, ...]):
        self.facts = facts
        self._exact: dict[str, list[tuple[str | None, tuple]]] = {}
        self._prefixes: list[tuple[str, str | None, tuple]] = []
        lexicon_keys = languages + ("all",)
        for index, fact in enumerate(facts):
            for role, words in (("cue", fact.cues), ("veto", fact.vetoes)):
                for key in lexicon_keys:
                    for word in words.get(key, ()):
                        self._add(word, (role, index))
            for value, phrases in fact.values.items():
                for key in lexicon_keys:
                    for phrase in phrases.get(key, ()):
                        self._add(phrase, ("value", index, value))
            for key in lexicon_keys:  # party names in every fact serve the whole party
                for name in fact.party_names.get(key, ()):
                    self._add(name, ("party", fact.party))
                for noun in fact.party_roles.get(key, ()):
                    self._add(noun, ("role", fact.party))
        roles_by_table = (
            ("clause", grammar.CLAUSE_WORDS), ("old_from", grammar.OLD_FROM), ("old_forward", grammar.OLD_FORWARD),
            ("old", grammar.OLD), ("new", grammar.NEW), ("prospect", grammar.PROSPECT), ("prospect_after", grammar.PROSPECT_AFTER),
            ("maybe", grammar.MAYBE), ("negation", grammar.NEGATION), ("market", grammar.MARKET),
        )
        if len(languages) == 1:  # one language's "il" is another's article: pronouns only when known
            roles_by_table += (("pronoun", grammar.PRONOUNS), ("possessive", grammar.POSSESSIVES))
        for role, table in roles_by_table:
            for language in languages:
                for word in table.get(language, ()):
                    self._add(word, (role,))
        for word in REPORTING_WORDS:  # a sentence without one is no reported speech: no need to look
            self._add(word + "*", ("reporting",))
        words = list(self._exact) + [prefix + "*" for prefix, _, _ in self._prefixes]
        self._terms: dict[str, Term | None] = {}  # matched text → its roles
        # The words are lower case: scanning a lower-cased copy of the text is much faster than
        # ignoring case; the ignoring pattern serves texts whose length lower() would change.
        trie = r"(?<!\w)(?:" + trie_regex(words) + ")"
        self.pattern = re.compile(trie)
        self.pattern_ignoring_case = re.compile(trie, re.IGNORECASE)

    def _add(self, word: str, role: tuple) -> None:
        normal = _normalise(word)
        exact = normal if normal != normal.lower() else None  # a capitalised word matches only as written
        if normal.endswith("*"):
            self._prefixes.append((normal[:-1].lower(), exact and exact[:-1], role))
        else:
            self._exact.setdefault(normal.lower(), []).append((exact, role))

    def scan(self, text: str) -> list[Mention]:
        mentions = []
        terms = self._terms
        lowered = text.lower()
        matches = self.pattern.finditer(lowered) if len(lowered) == len(text) else self.pattern_ignoring_case.finditer(text)
        for match in matches:
            start, end = match.span()
            written = text[start:end]
            term = terms.get(written, False)
            if term is False:
                term = terms[written] = self._term(written)
            if term is not None:
                mentions.append((start, end, term))
        return mentions

    def _term(self, written: str) -> Term | None:
        normal = _normalise(written)
        key = normal.lower()
        roles = [role for exact, role in self._exact.get(key, ()) if exact is None or exact == normal]
        roles += [
            role
            for prefix, exact, role in self._prefixes
            if key.startswith(prefix) and (exact is None or normal.startswith(exact))
        ]
        return Term(roles, self.facts) if roles else None


@lru_cache(maxsize=16)
def compile_lexicon(facts: tuple[FactDef, ...], language: str | None) -> Lexicon:
    return Lexicon(facts, (language,) if language else LANGUAGES)


def _normalise(word: str) -> str:
    return _SPACES.sub(" ", word.replace("’", "'").strip())


def trie_regex(words: list[str]) -> str:
    """One alternation shaped as a trie, so each text position tries a handful of branches.

    Longer words are tried first; a word ends at a word boundary, except after an elided
    article ("d'", "n'"), which the next word follows directly."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = not word.endswith("'")

    def render(node: dict) -> str:
        # a literal next letter before "*" (any ending), so "udziału w rynku" wins over "udział*"
        branches = [_char_regex(char) + render(child) for char, child in sorted(node.items(), key=_star_last) if char]
        if "" in node:
            branches.append(r"(?!\w)" if node[""] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


def _star_last(item: tuple) -> tuple[bool, str]:
    return item[0] == "*", item[0]


def _char_regex(char: str) -> str:
    if char == " ":
        return r"[\s\u00a0\u202f-]+"
    if char == "'":
        return "['’]"
    if char == "*":
        return r"\w*"
    return re.escape(char)
