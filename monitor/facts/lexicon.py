"""The fact engine's lexicon: every word it looks for, compiled once per catalogue and language
into trie-shaped regular expressions (one per script: Latin, Cyrillic, Han/kana/Hangul), so an
article is scanned for all of them in one pass per script it holds.

A word's roles (a fact's cue, veto, value phrase or party name; a grammar role such as clause
cut, old/new term, prospect, negation, market word) are looked up once per distinct written form
and kept as a `Term`, so the sentence code asks plain questions of plain tuples.
"""

from __future__ import annotations

import re
import threading

from monitor.facts import grammar
from monitor.facts.catalogue import LANGUAGES, FactDef

FIGURE_KINDS = frozenset({"money", "percent", "count", "year"})  # the quantity kinds a fact may have
_SPACES = re.compile(r"[\s-]+")  # \s holds the no-break spaces (U+00A0, U+202F)
# Han, kana and Hangul: \w to re, but written without spaces, so a word of these scripts has no
# word boundary to end at ("マイクロソフトは", "微软持有", "마이크로소프트는": a name glued to what follows).
CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})
_LATIN_WORD_CHAR = r"[0-9A-Z_a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u10ff]"  # \w below U+1100, nearly
_CJK_CHAR = re.compile(f"[{CJK}]")  # match: starts with one; search: holds one
_NOT_CJK_WORD = re.compile(f"[^\\W{CJK}]+")  # letters and digits of other scripts
_CYRILLIC_CHAR = re.compile("[\u0400-\u04ff]")
CYRILLIC_LANGUAGES = frozenset({"ru", "uk"})

class Term:
    """The roles of one matched word, sorted for quick questions."""

    __slots__ = ("kinds", "cues", "vetoes", "parties", "values", "cues_by_kind", "marker", "named", "anchors", "maybe", "market",
                 "reporting", "roles")

    def __init__(self, roles: list[tuple], facts: tuple[FactDef, ...]):
        self.kinds = frozenset(role[0] for role in roles)  # "cue", "veto", "old", "market", …
        self.cues = frozenset(role[1] for role in roles if role[0] == "cue")  # fact indices
        self.vetoes = frozenset(role[1] for role in roles if role[0] == "veto")
        self.parties = frozenset(role[1] for role in roles if role[0] == "party")
        self.roles = frozenset(role[1] for role in roles if role[0] == "role")  # parties a role noun stands for
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


class _Trie:
    """A trie pattern compiled for lowered text, and ignoring case only when a text whose length
    lower() changes comes (rare: compiling a big pattern ignoring case costs as much again)."""

    __slots__ = ("source", "lowered", "_ignoring_case")

    def __init__(self, source: str):
        self.source = source
        self.lowered = re.compile(source)
        self._ignoring_case: re.Pattern | None = None

    def finditer(self, text: str, lowered: str, same_length: bool):
        if same_length:
            return self.lowered.finditer(lowered)
        if self._ignoring_case is None:  # two threads may both compile it: the same pattern
            self._ignoring_case = re.compile(self.source, re.IGNORECASE)
        return self._ignoring_case.finditer(text)


class Lexicon:
    """Every word the engine looks for, with its roles: ("cue", fact index), ("veto", i),
    ("value", i, value), ("party", name), ("role", name), ("clause",), ("old",), ("old_forward",),
    ("old_from",), ("new",), ("prospect",), ("prospect_after",), ("maybe",), ("negation",), ("negation_after",), ("market",), ("each",),
    ("reporting",)."""

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
            ("maybe", grammar.MAYBE), ("negation", grammar.NEGATION), ("negation_after", grammar.NEGATION_AFTER),
            ("market", grammar.MARKET), ("each", grammar.EACH),
        )
        for role, table in roles_by_table:
            for language in languages:
                for word in table.get(language, ()):
                    self._add(word, (role,))
        for language in languages:  # a sentence without one is no reported speech: no need to look
            for word in grammar.REPORTING_WORDS.get(language, ()):
                self._add(word + "*", ("reporting",))
        words = list(self._exact) + [prefix + "*" for prefix, _, _ in self._prefixes]
        self._terms: dict[str, Term | None] = {}  # matched text → its roles
        # Cyrillic words and words starting with a Han, kana or Hangul character have patterns of
        # their own, tried only on a text holding such characters: a Latin text then tries none of
        # their branches (the lexicon of every language is the biggest, and most texts read with it
        # are Latin), and a pattern starting with a CJK character lets re skip every other
        # position quickly.
        cyrillic = [word for word in words if _CYRILLIC_CHAR.match(word)]
        cjk = [word for word in words if _CJK_CHAR.search(word)] if not CJK_LANGUAGES.isdisjoint(languages) else []
        self.cyrillic = _Trie(r"(?<!\w)(?:" + trie_regex(cyrillic) + ")") if cyrillic else None
        self.cjk = _Trie(cjk_trie_regex(cjk)) if cjk else None
        others = set(cyrillic + cjk)
        latin = [word for word in words if word not in others]
        if set(languages) <= CYRILLIC_LANGUAGES:
            # A Russian or Ukrainian text is mostly Cyrillic: with its start boundary after the
            # first letter, the Latin pattern starts with a letter, and re skips the Cyrillic
            # positions quickly (5 times faster on such a text, slower on a Latin one).
            self.latin = _Trie(trie_regex(latin, boundary_after_first=True))
        else:
            self.latin = _Trie(r"(?<!\w)(?:" + trie_regex(latin) + ")")

    def _add(self, word: str, role: tuple) -> None:
        normal = _normalise(word)
        exact = normal if normal != normal.lower() else None  # a capitalised word matches only as written
        if normal.endswith("*"):
            self._prefixes.append((normal[:-1].lower(), exact and exact[:-1], role))
        else:
            self._exact.setdefault(normal.lower(), []).append((exact, role))

    def scan(self, text: str) -> list[Mention]:
        return self.scan_scripts(text)[0]

    def scan_scripts(self, text: str, lowered: str | None = None) -> tuple[list[Mention], bool]:
        """The mentions, and whether a word of Chinese, Japanese or Korean is among them.

        `lowered`: text.lower(), when the caller has it (lowering a text that is not ASCII folds
        it character by character: worth doing once)."""
        if lowered is None:
            lowered = text.lower()
        same_length = len(lowered) == len(text)
        cjk_text = self.cjk is not None and _holds_cjk(text)
        if cjk_text:
            # Han, kana and Hangul are word characters to re but are written without spaces: masked
            # as spaces, "OpenAIは" and "微软与OpenAI" hold the word OpenAI with its boundaries.
            latin_lowered = _unglued(lowered)
            latin_text = latin_lowered if same_length else _unglued(text)
        else:
            latin_lowered, latin_text = lowered, text
        cyrillic_text = self.cyrillic is not None and _may_hold_cyrillic(text)
        mentions = self._mentions(text, self.latin.finditer(latin_text, latin_lowered, same_length))
        if cyrillic_text:
            more = self._mentions(text, self.cyrillic.finditer(text, lowered, same_length))
            if more:
                mentions = _merged(mentions, more) if mentions else more
        if cjk_text:
            more = self._mentions(text, self.cjk.finditer(text, lowered, same_length))
            if more:
                return (_merged(mentions, more) if mentions else more), True
        return mentions, False

    def _mentions(self, text: str, matches) -> list[Mention]:
        mentions = []
        terms = self._terms
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


_LEXICONS: dict[tuple, Lexicon] = {}  # the latest catalogues' lexicons, oldest first
_KEEP = 16  # lexicons kept (a reloaded config brings a new catalogue)
_COMPILING: dict[tuple, threading.Lock] = {}
_GUARD = threading.Lock()
# The same catalogue object comes back call after call: found by identity, it is not hashed (the
# entry holds the catalogue, so its id is not reused while the entry lives).
_BY_IDENTITY: dict[tuple[int, str | None], tuple[tuple[FactDef, ...], Lexicon]] = {}


def compile_lexicon(facts: tuple[FactDef, ...], language: str | None) -> Lexicon:
    """The lexicon of a catalogue in a language (None: every language), compiled once.

    Compiling one takes a few hundred milliseconds, and worker threads reading pages of the same
    new language at once would each compile it: the first compiles, the others wait for it."""
    known = _BY_IDENTITY.get((id(facts), language))  # hashing a catalogue costs more than a page's scan of a line
    if known is not None and known[0] is facts:
        return known[1]
    key = (facts, language)
    lexicon = _LEXICONS.get(key)
    if lexicon is not None:
        if len(_BY_IDENTITY) >= 4 * _KEEP:  # a caller making a new tuple each time: start again
            _BY_IDENTITY.clear()
        _BY_IDENTITY[(id(facts), language)] = (facts, lexicon)
        return lexicon
    with _GUARD:
        lock = _COMPILING.setdefault(key, threading.Lock())
    with lock:
        lexicon = _LEXICONS.get(key)
        if lexicon is None:
            lexicon = Lexicon(facts, (language,) if language else LANGUAGES)
            with _GUARD:
                _LEXICONS[key] = lexicon
                while len(_LEXICONS) > _KEEP:
                    oldest = next(iter(_LEXICONS))
                    del _LEXICONS[oldest], _COMPILING[oldest]
                    _BY_IDENTITY.clear()
    return lexicon


# The first bytes of every Han, kana and Hangul character in UTF-8 (U+1000–U+1FFF, U+3000–U+DFFF,
# U+F000–U+FFFF): a text whose encoding holds none has none, and bytes are searched far faster
# than re can test every character of a text.
_CJK_LEAD_BYTES = (b"\xe1", b"\xe3", b"\xe4", b"\xe5", b"\xe6", b"\xe7", b"\xe8", b"\xe9", b"\xea", b"\xeb", b"\xec", b"\xed",
                   b"\xef")


def _holds_cjk(text: str) -> bool:
    if text.isascii():
        return False
    encoded = text.encode("utf-8", "surrogatepass")
    return any(lead in encoded for lead in _CJK_LEAD_BYTES) and _CJK_CHAR.search(text) is not None


def _unglued(text: str) -> str:
    """The text with a space for each Han, kana or Hangul character next to a letter or digit of
    another script, so that the words of the Latin pattern find their boundaries there (these
    characters are word characters to re). Same length, so positions hold."""
    cuts = []
    size = len(text)
    for run in _NOT_CJK_WORD.finditer(text):
        start, end = run.span()
        if start and _CJK_CHAR.match(text, start - 1) and (not cuts or cuts[-1] != start - 1):
            cuts.append(start - 1)
        if end < size and _CJK_CHAR.match(text, end):
            cuts.append(end)
    if not cuts:
        return text
    pieces = []
    last = 0
    for cut in cuts:
        pieces += (text[last:cut], " ")
        last = cut + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _may_hold_cyrillic(text: str) -> bool:
    """Whether the text holds a Cyrillic letter: its UTF-8 lead bytes (U+0400–U+04FF) are 0xD0–0xD3."""
    if text.isascii():
        return False
    encoded = text.encode("utf-8", "surrogatepass")
    return any(lead in encoded for lead in (b"\xd0", b"\xd1", b"\xd2", b"\xd3"))


def _merged(first: list[Mention], second: list[Mention]) -> list[Mention]:
    """Both scans' mentions in text order; of two that overlap, the one starting first (the
    longer one at the same start) is kept, as one scan would have matched it."""
    merged: list[Mention] = []
    end = -1
    for mention in sorted(first + second, key=lambda m: (m[0], -m[1])):
        if mention[0] >= end:
            merged.append(mention)
            end = mention[1]
    return merged


def _normalise(word: str) -> str:
    return _SPACES.sub(" ", word.replace("’", "'").strip())


def trie_regex(words: list[str], *, boundary_after_first: bool = False) -> str:
    """One alternation shaped as a trie, so each text position tries a handful of branches.

    Longer words are tried first; a word ends at a word boundary, except after an elided
    article ("d'", "n'"), which the next word follows directly. With `boundary_after_first`, a
    word also starts at a word boundary, tested after its first character."""
    return _render_trie(words, r"(?!\w)", r"\w*", _never, first=r"(?<!\w.)" if boundary_after_first else "")


def _never(char: str) -> bool:
    return False


def cjk_trie_regex(words: list[str]) -> str:
    """The trie of words holding a Han, kana or Hangul character.

    These are written without spaces, so such a character is no word boundary: "マイクロソフトは",
    "微软持有", "마이크로소프트는". A word starting (ending) in a Latin character ("OpenAI財団")
    starts (ends) at a Latin boundary: no Latin letter or digit next to it (a set re tests in one
    step: the word characters below U+1100, where no Han, kana or Hangul is)."""
    latin = _LATIN_WORD_CHAR
    # the start boundary comes after the first character: a pattern whose every branch starts
    # with a character lets re skip the positions no word starts at (16 times faster on a text)
    return _render_trie(words, rf"(?!{latin})", latin + "*", _CJK_CHAR.match, first=rf"(?<!{latin}.)")


def _render_trie(words: list[str], boundary: str, wildcard: str, unbounded, first: str = "") -> str:
    """The trie of `words`; a word ends with `boundary` unless `unbounded(its last character)`,
    and `first` follows a first character that is not `unbounded`."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = not word.endswith("'") and not unbounded(word[-1])

    def render(node: dict, root: bool = False) -> str:
        # a literal next letter before "*" (any ending), so "udziału w rynku" wins over "udział*"
        branches = [
            _char_regex(char, wildcard) + (first if root and not unbounded(char) else "") + render(child)
            for char, child in sorted(node.items(), key=_star_last) if char
        ]
        if "" in node:
            branches.append(boundary if node[""] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie, root=True)


def _star_last(item: tuple) -> tuple[bool, str]:
    return item[0] == "*", item[0]


def _char_regex(char: str, wildcard: str = r"\w*") -> str:
    if char == " ":
        return r"[\s-]+"  # \s holds the no-break spaces
    if char == "'":
        return "['’]"
    if char == "*":
        return wildcard
    return re.escape(char)
