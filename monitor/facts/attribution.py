"""Attribution: which sentence states which tracked fact, with what value, says who.

Figures come from monitor.facts.quantities; this module decides which fact, if any, each figure or
claim phrase belongs to. It works sentence by sentence and clause by clause, and it would
rather miss a fact than invent one, because a false alarm costs the reader's trust:

- a figure goes to at most one fact: one of the right kind, with a cue word in its clause, no
  veto (another deal, a market value, a share-price move) in that clause, and whose party is the
  nearest party named before the figure ("the Foundation holds $130bn while Microsoft holds 27 %");
- a figure marked as an old term ("previously 2030", "up from", "auparavant") is dropped, and a
  figure marked as a new term ("now", "désormais", "extended") wins over unmarked ones;
- a figure in a hypothetical clause ("could", "pourrait", "könnte") is dropped, and so is one
  outside its fact's `plausible` range ("Microsoft is worth $4 trillion" is no stake);
- a claim phrase that is negated takes the fact's `negated` value or is dropped; one only in
  prospect ("negotiating a definitive agreement", "the definitive agreement remains to be
  negotiated") takes its `pending` value, if any;
- a set observation holds the members named in one sentence (so every observation has a
  sentence behind it as evidence);
- reported speech fills `attributed_to` ("according to the Financial Times" → "Financial Times",
  "people familiar with the matter" → "unnamed sources").

All words of the fact catalogue and of the grammar below are compiled into one trie-shaped
regular expression per catalogue and language, and the text is scanned once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

from monitor.facts.catalogue import LANGUAGES, FactDef
from monitor.facts.quantities import find_quantities
from monitor.facts.sentences import sentences_holding, split_sentences
from monitor.model import Observation, Quantity

__all__ = ["extract_observations", "split_sentences"]

# ── Grammar: language → words (a trailing * matches any word ending) ─────────────────────
_CLAUSE_WORDS = {
    "en": ("while", "whilst", "whereas", "but"),
    "fr": ("alors que", "tandis que", "mais"),
    "de": ("während", "wohingegen", "aber"),
    "es": ("mientras que", "mientras", "pero"),
    "it": ("mentre", "ma", "invece"),
}
# A bare "from" marks the next figure as an old term ("extended from 2030 to 2032"), but not a
# name ("compute from Oracle").
_OLD_FROM = {"en": ("from",), "fr": (), "de": (), "es": (), "it": ("dal", "dai")}
# Old terms that point at the next figure or phrase only ("up from 2030", "au lieu de", "statt").
_OLD_FORWARD = {
    "en": ("up from", "down from", "instead of", "rather than", "replacing", "replaces", "compared with"),
    "fr": ("au lieu de", "contre", "passant de", "passe de", "remplace", "remplaçant", "par rapport à"),
    "de": ("statt", "anstelle von", "ersetzt", "gegenüber"),
    "es": ("en lugar de", "en vez de", "frente a", "sustituye", "reemplaza"),
    "it": ("invece di", "anziché", "rispetto a", "sostituisce"),
}
# Old and new terms that point at the next figure, or the previous one at a clause end.
_OLD = {
    "en": ("previously", "formerly", "before", "earlier", "originally", "prior"),
    "fr": ("auparavant", "précédemment", "avant", "jusqu'ici", "initialement", "ancien", "ancienne"),
    "de": ("zuvor", "bisher", "vorher", "früher", "ursprünglich", "bislang"),
    "es": ("anteriormente", "antes", "previamente", "inicialmente"),
    "it": ("in precedenza", "prima", "precedentemente", "inizialmente"),
}
_NEW = {
    "en": ("now", "new", "extended", "extends", "extend", "henceforth"),
    "fr": ("désormais", "maintenant", "nouveau", "nouvel", "nouvelle", "prolongé*", "étendu*", "jusqu'en"),
    "de": ("jetzt", "nun", "neu", "neue*", "verlängert", "künftig"),
    "es": ("ahora", "nuevo", "nueva", "ampliado*", "extendido*", "prorrogado*"),
    "it": ("ora", "adesso", "nuovo", "nuova", "esteso", "estesi", "prorogat*"),
}
# A claim only in prospect: "negotiating a definitive agreement" has not been signed.
_PROSPECT = {
    "en": ("negotiat*", "working toward*", "work toward*", "toward*", "pave* the way", "paving the way", "pending",
           "ahead of", "yet to", "lead to", "in talks", "aim* to", "plan* to", "intend*", "prepar*", "anticipat*"),
    "fr": ("négoci*", "en attendant", "doit encore", "déboucher sur", "aboutir à", "prépare*", "préparer", "anticipe*", "vers", "en vue d'", "en vue de", "ouvre la voie",
           "préalable", "devrait", "devraient", "pourrait", "pourraient"),
    "de": ("verhandel*", "auf dem weg", "hin zu", "vorbereit*", "soll", "sollen", "sollte", "könnte", "im hinblick auf"),
    "es": ("negoci*", "hacia", "desembocar en", "conducir a", "en espera de", "prepara*", "con vistas a", "debería", "podría"),
    "it": ("negozi*", "verso", "portare a", "sfociare in", "in vista di", "in attesa di", "prepara*", "dovrebbe", "potrebbe"),
}
# A claim still to come, said after the phrase: "the definitive agreement remains to be negotiated".
_PROSPECT_AFTER = {
    "en": ("remains to be", "remain to be", "yet to be", "still to be"),
    "fr": ("reste à", "restent à", "reste encore à", "doit encore être", "doivent encore être"),
    "de": ("steht noch aus", "stehen noch aus", "noch auszuhandeln", "muss noch", "müssen noch"),
    "es": ("queda por", "quedan por", "aún debe", "aún deben", "todavía debe", "todavía deben"),
    "it": ("resta da", "restano da", "deve ancora", "devono ancora"),
}
# Hypothetical figures, not stated as fact.
_MAYBE = {
    "en": ("could", "might", "expected to", "considering", "in talks", "ipo"),
    "fr": ("pourrait", "pourraient", "envisage*", "introduction en bourse"),
    "de": ("könnte", "könnten", "erwägt", "börsengang"),
    "es": ("podría", "podrían", "considera", "salida a bolsa"),
    "it": ("potrebbe", "potrebbero", "valuta di", "quotazione"),
}
_NEGATION = {
    "en": ("not", "no", "never", "no longer", "without", "hasn't", "haven't", "didn't", "doesn't", "isn't", "yet to"),
    "fr": ("ne", "n'", "pas", "jamais", "sans", "aucun", "aucune"),
    "de": ("nicht", "kein", "keine", "keinen", "ohne", "nie"),
    "es": ("no", "nunca", "sin", "ningún", "ninguna"),
    "it": ("non", "mai", "senza", "nessun", "nessuna"),
}
# Market values and share-price moves are never a fact of the deal (money and percent facts).
_MARKET = {
    "en": ("market value", "market capitalisation", "market capitalization", "market cap", "share price", "stock",
           "shares rose", "shares fell", "shares gained", "shares climbed", "shares jumped", "shares dropped",
           "shares were up", "shares were down", "closed up", "closed down", "nasdaq", "wall street"),
    "fr": ("capitalisation", "valeur boursière", "valeur de marché", "l'action", "le titre", "bourse", "cours de l'action",
           "nasdaq", "wall street"),
    "de": ("börsenwert", "marktwert", "marktkapitalisierung", "aktie", "aktien", "aktienkurs", "börse", "nasdaq", "wall street"),
    "es": ("valor de mercado", "capitalización", "valor bursátil", "bolsa", "cotización", "las acciones", "nasdaq", "wall street"),
    "it": ("capitalizzazione", "valore di mercato", "borsa", "il titolo", "le azioni", "nasdaq", "wall street"),
}
_NEGATION_REACH = 40  # characters between a negation and the phrase it negates

# "a stake in OpenAI", "which backs OpenAI": a party after these words is what the figure is
# about, not who holds it.
_OBJECT_PREPOSITIONS = ("in", "into", "behind", "dans", "derrière", "an", "am", "hinter", "en", "detrás de", "nel", "nella", "dietro", "sur", "au capital de")
_OBJECT_ARTICLES = ("the", "der", "die", "la", "el")  # and the elided l', which no space follows
_OBJECT_RELATIVES = ("which", "that", "who", "qui", "que", "der", "die", "das", "che")  # then one verb


def _backwards(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word[::-1]) for word in words)


# Matched on the reversed text before the party, so that one try at one position answers (a
# forward search for a match ending at the party would try every position before it).
_OBJECT_BEFORE_REVERSED = re.compile(
    rf"(?:\s*['’]l|\s+(?:{_backwards(_OBJECT_ARTICLES)}))?\s+(?:{_backwards(_OBJECT_PREPOSITIONS)})\b"
    rf"|\s++\w++\s++(?:{_backwards(_OBJECT_RELATIVES)})\b",
    re.IGNORECASE,
)
# "… in OpenAI, whose valuation …": a relative clause after the object party is said of it.
_RELATIVE_AFTER = re.compile(
    r",\s*(?:which|who|whose|qui|que|dont|der|die|das|dessen|deren|cuy[oa]s?|che|(?:il|la|i|le)\s+cui)\b"
    r"|\s+(?:whose|dont|dessen|deren|cuy[oa]s?)\b",
    re.IGNORECASE,
)
_NO_PARTY = -100  # rank of a fact of any party: below every fact whose party is named
_FIGURE_KINDS = frozenset({"money", "percent", "count", "year"})  # the quantity kinds a fact may have
_DEAL_KINDS = frozenset({"money", "percent"})  # the kinds a market word rules out
_START = attrgetter("start")
_CLAUSE_MARK = re.compile(r"[,;:–—-](?=\s)")  # a clause ends at ", " and at " – " (the space before the dash)
_WORD = re.compile(r"\w+")
_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"[\s\u00a0\u202f-]+")

# ── Reported speech ─────────────────────────────────────────────────────────────────────────
_NAME = r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:(?:of|de|du|des|di|del|della|der|am)\s+)?[A-Z][\w&.'’-]*){0,3})"
# Lead-ins before a source's name, any case; the name itself must be capitalised.
_REPORTED_BEFORE = {
    "en": (r"according to (?-i:the )?", r"(?:reported|reports) by (?-i:the )?", r"citing (?-i:the )?", r"told (?-i:the )?"),
    "fr": (r"selon (?-i:le |la |les |l['’])?", r"d['’]après (?-i:le |la |les |l['’])?", r"rapport(?:e|ent|ait) (?-i:le |la |les |l['’])?"),
    "de": (r"laut (?-i:dem |der |den |des )?(?:Bericht (?:des |der |von )?)?", r"berichtet(?:e)? (?-i:das |die |der )?"),
    "es": (r"según (?-i:el |la |los )?", r"de acuerdo con (?-i:el |la )?", r"informó (?-i:el |la )?"),
    "it": (r"secondo (?-i:il |la |lo |l['’])?", r"stando a(?:l |lla | )", r"riporta(?:to)? (?-i:il |la )?"),
}
# Reporting verbs after a source's name ("Reuters reported", "Handelsblatt zufolge").
_REPORTED_AFTER = {
    "en": r",? (?:reported|reports|wrote|writes)\b",
    "fr": r",? (?:rapporte|a rapporté|écrit)\b",
    "de": r" (?:zufolge|berichtet|berichtete|meldet|meldete)\b",
    "es": r",? (?:informó|publicó)\b",
    "it": r",? (?:ha riportato|riporta|scrive)\b",
}
_UNNAMED = {
    "en": (r"\bpeople (?:familiar|close)\b", r"\bperson (?:familiar|close)\b", r"\bsources? (?:say|said|familiar|close)\b",
           r"\baccording to (?:unnamed |two |several )?sources\b", r"\binsiders?\b"),
    "fr": (r"\bsources? proches?\b", r"\bselon (?:des|plusieurs|nos) sources\b", r"\bpersonnes? proches?\b"),
    "de": (r"\binformierten? Kreisen?\b", r"\bInsidern?\b", r"\b[Ii]nsider\b", r"\bmit der Sache vertraute"),
    "es": (r"\bfuentes (?:cercanas|conocedoras|próximas)\b", r"\bsegún (?:varias |algunas )?fuentes\b"),
    "it": (r"\bfonti (?:vicine|a conoscenza|informate)\b", r"\bsecondo (?:alcune |diverse )?fonti\b"),
}
_ANALYSTS = {
    "en": (r"\baccording to analysts\b", r"\banalysts (?:estimate|expect|say|said)\b"),
    "fr": (r"\bselon (?:les |des )?analystes\b",),
    "de": (r"\bAnalysten zufolge\b", r"\blaut Analysten\b", r"\bschätzen Analysten\b"),
    "es": (r"\bsegún (?:los )?analistas\b",),
    "it": (r"\bsecondo (?:gli )?analisti\b",),
}
# Capitalised words after "according to"/"laut" that name no source (German capitalises nouns).
_NOT_A_SOURCE = frozenset(
    {"The", "This", "That", "It", "He", "She", "They", "We", "Il", "Elle", "Er", "Sie", "Es", "Vertrag", "Mitteilung",
     "Angaben", "Unternehmen", "Vereinbarung", "Pressemitteilung", "Insidern", "Kreisen", "Analysten", "Berichten"}
)


def extract_observations(text: str, facts: Sequence[FactDef], language: str | None = None) -> list[Observation]:
    """Observations of `facts` stated in `text`, in text order; `language` None tries every language.

    Only a sentence holding an anchor word (a cue of a figure's fact, or a value phrase) can
    state an observation, so the text is scanned for words first, and only those sentences are
    split out and searched for figures: most sentences of most articles cost nothing more."""
    if not facts or not text:
        return []
    language = _supported(language)
    lexicon = _compile(tuple(facts), language)
    mentions = lexicon.scan(text)
    anchors = [start for start, _, term in mentions if term.anchors]
    if not anchors:
        return []
    sentences = sentences_holding(text, anchors, language)
    quantities = [q for q in find_quantities(text, language, spans=sentences) if q.kind in _FIGURE_KINDS]
    quantities.sort(key=_START)
    mention_starts = [start for start, _, _ in mentions]
    quantity_starts = [q.start for q in quantities]
    observations: list[Observation] = []
    for start, end in sentences:
        sentence_quantities = quantities[bisect.bisect_left(quantity_starts, start) : bisect.bisect_left(quantity_starts, end)]
        sentence_mentions = mentions[bisect.bisect_left(mention_starts, start) : bisect.bisect_left(mention_starts, end)]
        if not sentence_quantities and not any(term.values for _, _, term in sentence_mentions):
            continue
        sentence = _Sentence(text, start, end, sentence_quantities, sentence_mentions, lexicon)
        observations.extend(sentence.observations())
    return observations


def _supported(language: str | None) -> str | None:
    if not language:
        return None
    code = language.split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


# ── The compiled lexicon ───────────────────────────────────────────────────────────────────


class _Term:
    """The roles of one matched word, sorted for quick questions."""

    __slots__ = ("kinds", "cues", "vetoes", "parties", "values", "cues_by_kind", "marker", "named", "anchors", "maybe", "market",
                 "reporting")

    def __init__(self, roles: list[tuple], facts: tuple[FactDef, ...]):
        self.kinds = frozenset(role[0] for role in roles)  # "cue", "veto", "old", "market", …
        self.cues = frozenset(role[1] for role in roles if role[0] == "cue")  # fact indices
        self.vetoes = frozenset(role[1] for role in roles if role[0] == "veto")
        self.parties = frozenset(role[1] for role in roles if role[0] == "party")
        self.values = tuple((role[1], role[2]) for role in roles if role[0] == "value")  # (fact index, value)
        cues_by_kind: dict[str, list[int]] = {}  # a figure only asks about the facts of its kind
        for index in sorted(self.cues):
            cues_by_kind.setdefault(facts[index].kind, []).append(index)
        self.cues_by_kind = {kind: tuple(indices) for kind, indices in cues_by_kind.items()}
        self.marker = _marker(self.kinds)
        self.named = bool(self.parties or self.vetoes)  # says whose figure it is, or whose it is not
        self.anchors = bool(self.values) or not _FIGURE_KINDS.isdisjoint(self.cues_by_kind)  # may start an observation
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
_Mention = tuple[int, int, _Term]


class _Lexicon:
    """Every word the engine looks for, with its roles: ("cue", fact index), ("veto", i),
    ("value", i, value), ("party", name), ("clause",), ("old",), ("old_forward",), ("old_from",), ("new",),
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
        grammar = (
            ("clause", _CLAUSE_WORDS), ("old_from", _OLD_FROM), ("old_forward", _OLD_FORWARD), ("old", _OLD), ("new", _NEW),
            ("prospect", _PROSPECT), ("prospect_after", _PROSPECT_AFTER), ("maybe", _MAYBE), ("negation", _NEGATION), ("market", _MARKET),
        )
        for role, table in grammar:
            for language in languages:
                for word in table[language]:
                    self._add(word, (role,))
        for word in _REPORTING_WORDS:  # a sentence without one is no reported speech: no need to look
            self._add(word + "*", ("reporting",))
        words = list(self._exact) + [prefix + "*" for prefix, _, _ in self._prefixes]
        self._terms: dict[str, _Term | None] = {}  # matched text → its roles
        # The words are lower case: scanning a lower-cased copy of the text is much faster than
        # ignoring case; the ignoring pattern serves texts whose length lower() would change.
        trie = r"(?<!\w)(?:" + _trie_regex(words) + ")"
        self.pattern = re.compile(trie)
        self.pattern_ignoring_case = re.compile(trie, re.IGNORECASE)

    def _add(self, word: str, role: tuple) -> None:
        normal = _normalise(word)
        exact = normal if normal != normal.lower() else None  # a capitalised word matches only as written
        if normal.endswith("*"):
            self._prefixes.append((normal[:-1].lower(), exact and exact[:-1], role))
        else:
            self._exact.setdefault(normal.lower(), []).append((exact, role))

    def scan(self, text: str) -> list[_Mention]:
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

    def _term(self, written: str) -> _Term | None:
        normal = _normalise(written)
        key = normal.lower()
        roles = [role for exact, role in self._exact.get(key, ()) if exact is None or exact == normal]
        roles += [
            role
            for prefix, exact, role in self._prefixes
            if key.startswith(prefix) and (exact is None or normal.startswith(exact))
        ]
        return _Term(roles, self.facts) if roles else None


@lru_cache(maxsize=16)
def _compile(facts: tuple[FactDef, ...], language: str | None) -> _Lexicon:
    return _Lexicon(facts, (language,) if language else LANGUAGES)


def _normalise(word: str) -> str:
    return _SPACES.sub(" ", word.replace("’", "'").strip())


def _trie_regex(words: list[str]) -> str:
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
        branches = [_char_regex(char) + render(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(r"(?!\w)" if node[""] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


def _char_regex(char: str) -> str:
    if char == " ":
        return r"[\s\u00a0\u202f-]+"
    if char == "'":
        return "['’]"
    if char == "*":
        return r"\w*"
    return re.escape(char)


# ── One sentence ───────────────────────────────────────────────────────────────────────────


class _Item:
    """Something a fact may be read from: a figure, or a claim/set phrase."""

    __slots__ = ("start", "end", "clause", "quantity", "term", "state", "marker_distance", "near")

    def __init__(self, start: int, end: int, clause: int, quantity: Quantity | None, term: _Term | None):
        self.start, self.end, self.clause = start, end, clause  # clause: its index in _Sentence.clauses
        self.quantity, self.term = quantity, term
        self.state = ""  # "old", "new" or ""
        self.marker_distance = 1 << 30
        self.near: list[list[_Term]] | None = None  # see _Sentence._near


class _Sentence:
    """One sentence, cut into clauses, with its figures and phrases and the words of each clause.

    What several questions share (a clause's words, the party words nearest an item) is worked
    out once, and only when first asked: most sentences hold one figure and a few words."""

    def __init__(self, text: str, start: int, end: int, quantities: list[Quantity], mentions: list[_Mention], lexicon: _Lexicon):
        self.text = text
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
        self.figures = [_Item(q.start, q.end, bisect.bisect_right(ends, q.start), q, None) for q in quantities]
        self.phrases = [_Item(m_start, m_end, bisect.bisect_right(ends, m_start), None, term) for m_start, m_end, term in phrase_words]
        if markers:
            self._mark_old_and_new(markers)
        self._named: list[_Mention] | None = None  # see _near
        self._source: str | None | bool = False  # False: not looked for yet

    # clauses
    def _clauses(self, cuts: list[int]) -> list[tuple[int, int]]:
        """Back to back spans from the sentence start to its end, cut at `cuts` (the starts of the
        clause words) and at the clause marks."""
        text = self.text
        for mark in _CLAUSE_MARK.finditer(text, self.start, self.end):
            i = mark.start()
            if text[i] in ",;:":
                cuts.append(i)
            elif i > self.start and text[i - 1].isspace():
                cuts.append(i - 1)
        clauses: list[tuple[int, int]] = []
        pending = left = self.start
        for right in sorted(set(cuts)):
            # "Previously," and "Microsoft's stake," are too short to stand alone: they belong to what follows
            if _THREE_WORDS.search(text, left, right) or _DIGIT.search(text, left, right):
                clauses.append((pending, right))
                pending = right
            left = right
        clauses.append((pending, self.end))
        return clauses

    def _mark_old_and_new(self, markers: list[_Mention]) -> None:
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

        The parties named nearest the figure (in its clause before it, else after it, else in
        the rest of the sentence) are who it is said of: 0 when the fact's party is the nearest
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
        return _NO_PARTY

    def _near(self, item: _Item) -> list[list[_Term]]:
        """The words naming a party or vetoing a fact, nearest the item first, in the places
        looked at in turn: its clause before it, after it, the rest of the sentence before it,
        after it (a place is looked at only when the ones before it name nobody)."""
        if self._named is None:
            # the words naming a party or vetoing a fact, unless they name what the figure is about
            self._named = [(m_start, m_end, term) for m_start, m_end, term in self.mentions
                           if term.named and (not self._is_object(m_start) or self._heads_relative_clause(m_end))]
        clause_start, clause_end = self.clauses[item.clause]
        in_clause_before: list[_Term] = []
        in_clause_after: list[_Term] = []
        before: list[_Term] = []
        after: list[_Term] = []
        for m_start, m_end, term in self._named:
            if m_end <= item.start:
                (in_clause_before if m_start >= clause_start else before).append(term)
            elif m_start >= item.end:
                (in_clause_after if m_start < clause_end else after).append(term)
        in_clause_before.reverse()
        before.reverse()
        item.near = [in_clause_before, in_clause_after, before, after]
        return item.near

    def _is_object(self, position: int) -> bool:
        """ "a stake in OpenAI", "qui chapeaute OpenAI": the party is what the sentence is about,
        not who holds the figure."""
        before = self.text[max(self.start, position - 30) : position]
        return _OBJECT_BEFORE_REVERSED.match(before[::-1]) is not None

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
        observations = []
        for index, items in by_fact.items():
            chosen = [i for i in items if i.state == "new"] or [i for i in items if i.state != "old"]
            if not chosen or len(chosen) > 1 and len({(i.quantity.value, i.quantity.currency) for i in chosen}) > 1:
                continue  # two values, nothing to choose between them: say nothing
            observations.append(self._observe_quantity(self.facts[index], chosen[0].quantity))
        return observations

    def _best_fact(self, item: _Item) -> int | None:
        """The one fact the figure states, judged on its clause; if no fact has a cue there, on
        its whole sentence ("ran through 2030 before, and run through 2032 now")."""
        clause_mentions = self.in_clause[item.clause]
        kind = item.quantity.kind
        cued = False
        for _, m_end, term in clause_mentions:
            if term.maybe and m_end <= item.start:
                return None
            cued = cued or kind in term.cues_by_kind
        return self._rank_facts(item, clause_mentions if cued else self.mentions)

    def _rank_facts(self, item: _Item, mentions: list[_Mention]) -> int | None:
        kind = item.quantity.kind
        distances: dict[int, int] = {}
        vetoed: set[int] = set()
        vetoed_elsewhere: set[int] = set()  # by a word in another clause of the sentence
        clause_start, clause_end = self.clauses[item.clause]
        for m_start, m_end, term in mentions:
            if term.market and kind in _DEAL_KINDS:
                return None
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
        value, top = item.quantity.value, item.quantity.value_max or item.quantity.value
        for index, distance in distances.items():
            if index in vetoed or index in vetoed_elsewhere and not self._party_opens_clause(item, index):
                continue
            plausible = self.facts[index].plausible
            if plausible and not plausible[0] <= value <= top <= plausible[1]:
                continue
            party_rank = self._party_rank(item, index)
            if party_rank is not None:
                ranked.append((party_rank, -distance, index))
        if not ranked:
            return None
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]:
            return None  # two facts fit equally well
        return ranked[0][2]

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
        for _, _, term in self.mentions:
            cued |= term.cues
            parties |= term.parties
        found: dict[int, list[tuple[str, _Item]]] = {}
        for item in self.phrases:
            if item.state == "old":
                continue
            for index, value in item.term.values:
                fact = self.facts[index]
                if fact.cues and index not in cued:
                    continue
                if fact.party is not None and fact.party not in parties:
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
            self._source = _reported_source(self.evidence) if reported else None
        return self._source


def _text_order(observation: Observation) -> tuple[int, str]:
    return observation.start, observation.key


def _distance(start: int, end: int, item: _Item) -> int:
    if end <= item.start:
        return item.start - end
    if start >= item.end:
        return start - item.end
    return 0


def _reported_source(sentence: str) -> str | None:
    """Who the sentence reports, when it names someone other than the parties' own statements.

    A pattern is tried only when one of its reporting words is in the sentence (most sentences
    have none, and then nothing is tried)."""
    lowered = sentence.lower()
    if not _REPORTING_HINT.search(lowered):
        return None
    present = {word for word in _REPORTING_WORDS if word in lowered}
    for hints, pattern in _REPORTED_PATTERNS:
        if not present.isdisjoint(hints):
            for match in pattern.finditer(sentence):
                name = match.group("name").strip(" .,'’")
                if name and name not in _NOT_A_SOURCE:
                    return name
    for label, pattern, lower_case in _LABELLED_SOURCES:
        if (lower_case.search(lowered) or _FOLDED_APART.search(sentence)) and pattern.search(sentence):
            return label
    return None


# Substrings that every reporting pattern contains: a sentence without any is no reported speech.
_REPORTING_WORDS = (
    "according", "report", "citing", "told", "wrote", "writes", "familiar", "close", "source", "insider", "analyst",
    "selon", "après", "rapport", "écrit", "proche", "laut", "bericht", "zufolge", "meldet", "kreise", "vertraute",
    "según", "acuerdo con", "informó", "publicó", "fuente", "analista", "secondo", "stando", "riport", "scrive", "fonti", "analisti",
)
_REPORTING_HINT = re.compile(_trie_regex([word + "*" for word in _REPORTING_WORDS]))


def _named_pattern(source: str) -> tuple[tuple[str, ...], re.Pattern]:
    """A pattern naming a source, with the reporting words its lead-in or verb is written with
    (each alternative of a named-source pattern contains one, so without them it cannot match)."""
    hints = tuple(word for word in _REPORTING_WORDS if word in source.lower())
    assert hints, source
    return hints, re.compile(source)


_REPORTED_PATTERNS = [
    _named_pattern(pattern)
    for language in LANGUAGES
    for pattern in [rf"\b(?i:{lead_in}){_NAME}" for lead_in in _REPORTED_BEFORE[language]]
    + [rf"\b{_NAME}(?i:{_REPORTED_AFTER[language]})"]
]


def _labelled_source(label: str, table: dict[str, tuple[str, ...]]) -> tuple[str, re.Pattern, re.Pattern]:
    """A source named by a label, its pattern ignoring case, and the same pattern in lower case.

    re ignores case slowly (it folds every character it compares), so the lower-case pattern is
    searched in the lowered sentence first: it matches wherever the real one can, except where
    lower() and re fold a letter apart (_FOLDED_APART), and it rules most sentences out 4× faster."""
    source = "|".join(pattern for language in LANGUAGES for pattern in table[language])
    lower_case = re.sub(r"(?<!\\)[^\W\d_]+", lambda letters: letters.group().lower(), source)  # not \b, \S…
    return label, re.compile(source, re.IGNORECASE), re.compile(lower_case)


_LABELLED_SOURCES = (_labelled_source("unnamed sources", _UNNAMED), _labelled_source("analysts", _ANALYSTS))
_FOLDED_APART = re.compile("[ſıİ]")  # re matches them to s and i ignoring case; lower() keeps or expands them
