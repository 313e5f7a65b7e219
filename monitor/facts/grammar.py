"""The grammar words the fact engine reads, per language: what cuts a clause, marks an old or a
new term, a prospect, a hypothesis, a negation, a market figure, or an object party.

Why apart from the engine: these are data, one table per role, keyed by language; a language is
added by adding its words here (and its fact words in sources.toml), not by touching the rules.
A trailing * matches any word ending. A language missing from a table has no word of that role.
"""

from __future__ import annotations

CLAUSE_WORDS = {
    "en": ("while", "whilst", "whereas", "but"),
    "fr": ("alors que", "tandis que", "mais"),
    "de": ("während", "wohingegen", "aber"),
    "es": ("mientras que", "mientras", "pero"),
    "it": ("mentre", "ma", "invece"),
}
# A bare "from" marks the next figure as an old term ("extended from 2030 to 2032"), but not a
# name ("compute from Oracle").
OLD_FROM = {"en": ("from",), "fr": (), "de": (), "es": (), "it": ("dal", "dai")}
# Old terms that point at the next figure or phrase only ("up from 2030", "au lieu de", "statt").
OLD_FORWARD = {
    "en": ("up from", "down from", "instead of", "rather than", "replacing", "replaces", "compared with"),
    "fr": ("au lieu de", "contre", "passant de", "passe de", "remplace", "remplaçant", "par rapport à"),
    "de": ("statt", "anstelle von", "ersetzt", "gegenüber"),
    "es": ("en lugar de", "en vez de", "frente a", "sustituye", "reemplaza"),
    "it": ("invece di", "anziché", "rispetto a", "sostituisce"),
}
# Old and new terms that point at the next figure, or the previous one at a clause end.
OLD = {
    "en": ("previously", "formerly", "before", "earlier", "originally", "prior", "previous"),
    "fr": ("auparavant", "précédemment", "avant", "jusqu'ici", "initialement", "ancien", "ancienne", "précédent", "précédente"),
    "de": ("zuvor", "bisher", "vorher", "früher", "ursprünglich", "bislang", "vorherige*", "bisherige*"),
    "es": ("anteriormente", "antes", "previamente", "inicialmente", "anterior"),
    "it": ("in precedenza", "prima", "precedentemente", "inizialmente", "precedente"),
}
NEW = {
    "en": ("now", "new", "extended", "extends", "extend", "henceforth"),
    "fr": ("désormais", "maintenant", "nouveau", "nouvel", "nouvelle", "prolongé*", "étendu*"),
    "de": ("jetzt", "nun", "neu", "neue*", "verlängert", "künftig"),
    "es": ("ahora", "nuevo", "nueva", "ampliado*", "extendido*", "prorrogado*"),
    "it": ("ora", "adesso", "nuovo", "nuova", "esteso", "estesi", "prorogat*"),
}
# A claim only in prospect: "negotiating a definitive agreement" has not been signed.
PROSPECT = {
    "en": ("negotiat*", "working toward*", "work toward*", "toward*", "pave* the way", "paving the way", "pending",
           "ahead of", "yet to", "lead to", "in talks", "aim* to", "plan* to", "intend*", "prepar*", "anticipat*", "finalize", "finalise", "finalizing", "finalising", "groundwork", "basis for", "framework for", "possible", "potential", "eventual", "future", "working on", "work on", "seek*"),
    "fr": ("négoci*", "en attendant", "doit encore", "déboucher sur", "aboutir à", "prépare*", "préparer", "anticipe*", "vers", "en vue d'", "en vue de", "ouvre la voie",
           "préalable", "devrait", "devraient", "pourrait", "pourraient", "finaliser", "finalisation", "jette les bases", "les bases d'un", "éventuel", "éventuelle", "possible", "futur", "future", "travaill*"),
    "de": ("verhandel*", "auf dem weg", "hin zu", "vorbereit*", "soll", "sollen", "sollte", "könnte", "im hinblick auf", "finalisieren", "Finalisierung", "Grundlage für", "den Weg für", "mögliche*", "künftige*", "arbeiten an", "arbeitet an"),
    "es": ("negoci*", "hacia", "desembocar en", "conducir a", "en espera de", "prepara*", "con vistas a", "debería", "podría", "finalizar", "finalización", "bases para", "posible", "eventual", "futuro", "trabaj*"),
    "it": ("negozi*", "verso", "portare a", "sfociare in", "in vista di", "in attesa di", "prepara*", "dovrebbe", "potrebbe", "finalizzare", "finalizzazione", "basi per", "possibile", "eventuale", "futuro", "lavor*"),
}
# A claim still to come, said after the phrase: "the definitive agreement remains to be negotiated".
PROSPECT_AFTER = {
    "en": ("remains to be", "remain to be", "yet to be", "still to be"),
    "fr": ("reste à", "restent à", "reste encore à", "doit encore être", "doivent encore être"),
    "de": ("steht noch aus", "stehen noch aus", "noch auszuhandeln", "muss noch", "müssen noch"),
    "es": ("queda por", "quedan por", "aún debe", "aún deben", "todavía debe", "todavía deben"),
    "it": ("resta da", "restano da", "deve ancora", "devono ancora"),
}
# Hypothetical figures, not stated as fact.
MAYBE = {
    "en": ("could", "might", "expected to", "considering", "in talks", "ipo"),
    "fr": ("pourrait", "pourraient", "serait", "seraient", "envisage*", "introduction en bourse"),
    "de": ("könnte", "könnten", "erwägt", "börsengang"),
    "es": ("podría", "podrían", "considera", "salida a bolsa"),
    "it": ("potrebbe", "potrebbero", "valuta di", "quotazione"),
}
NEGATION = {
    "en": ("not", "no", "never", "no longer", "without", "hasn't", "haven't", "didn't", "doesn't", "isn't", "yet to"),
    "fr": ("ne", "n'", "pas", "jamais", "sans", "aucun", "aucune"),
    "de": ("nicht", "kein", "keine", "keinen", "ohne", "nie"),
    "es": ("no", "nunca", "sin", "ningún", "ninguna"),
    "it": ("non", "mai", "senza", "nessun", "nessuna"),
}
# Pronouns that stand for the party named nearest before them ("…, and it holds 26 %").
PRONOUNS = {
    "en": ("it",),
    "fr": ("elle", "il", "celle-ci", "celui-ci"),
    "es": ("esta", "este", "ésta", "éste"),
    "it": ("essa", "esso"),
}
# Possessives and the generic nouns a reporter uses for a company already named ("its stake",
# "le groupe", "der Konzern"): they stand for the subject, the party named first in the sentence
# (not as an object), else for the party the paragraph was about.
POSSESSIVES = {
    "en": ("its", "the company", "the firm", "the group", "the business"),
    "fr": ("sa", "son", "ses", "l'entreprise", "la société", "le groupe", "la firme"),
    "de": ("sein", "seine", "seinen", "seinem", "seiner", "seines", "das unternehmen", "der konzern", "die firma"),
    "es": ("su", "sus", "la empresa", "la compañía", "la firma", "el grupo"),
    "it": ("sua", "suo", "suoi", "sue", "l'azienda", "la società", "il gruppo"),
}
# Languages that drop a subject pronoun ("posee el 27 %"): a sentence naming no party there is
# said of the party the paragraph was about.
PRO_DROP = frozenset({"es", "it", "pt", "pl", "ru", "uk", "tr", "ja", "zh", "ko"})
# Market values and share-price moves are never a fact of the deal (money and percent facts).
MARKET = {
    "en": ("market value", "market capitalisation", "market capitalization", "market cap", "share price", "stock",
           "shares rose", "shares fell", "shares gained", "shares climbed", "shares jumped", "shares dropped",
           "shares were up", "shares were down", "closed up", "closed down", "nasdaq", "wall street"),
    "fr": ("capitalisation", "valeur boursière", "valeur de marché", "l'action", "le titre", "bourse", "cours de l'action",
           "nasdaq", "wall street"),
    "de": ("börsenwert", "marktwert", "marktkapitalisierung", "aktie", "aktien", "aktienkurs", "börse", "nasdaq", "wall street"),
    "es": ("valor de mercado", "capitalización", "valor bursátil", "bolsa", "cotización", "las acciones", "nasdaq", "wall street"),
    "it": ("capitalizzazione", "valore di mercato", "borsa", "il titolo", "le azioni", "nasdaq", "wall street"),
}


# "a stake in OpenAI", "which backs OpenAI": a party after these words is what the figure is
# about, not who holds it.
OBJECT_PREPOSITIONS = ("with", "avec", "mit", "con", "in", "into", "behind", "dans", "derrière", "an", "am", "hinter", "en", "detrás de", "nel", "nella", "dietro", "sur", "au capital de")
OBJECT_ARTICLES = ("the", "der", "die", "la", "el")  # and the elided l', which no space follows
OBJECT_RELATIVES = ("which", "that", "who", "qui", "que", "der", "die", "das", "che")  # then one verb
