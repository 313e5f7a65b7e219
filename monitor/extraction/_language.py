"""Guess the language of a text from its commonest short words.

Used only when a page does not declare its language. Function words are frequent, short and
distinctive enough to tell en/fr/de/es/it apart from a few sentences, at the cost of one
regular-expression pass: no model, no dependency.
"""

from __future__ import annotations

import re

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""the and of to in is that for it with as was on be by this are at from has have
        had which will its their an or not but were been would they who said more than a about""".split()),
    "fr": frozenset("""le la les des du de et est un une que qui dans pour pas sur au aux avec par
        ce cette sont été ont plus il elle ils selon mais ou son ses leur été lui""".split()),
    "de": frozenset("""der die das und ist nicht ein eine zu den mit von dem des im für auf sich
        auch als wird wurde sind nach bei aus hat haben oder einer werden noch""".split()),
    "es": frozenset("""el la los las de del y en que es un una por con para se al lo como más
        pero sus su fue han ha ser según entre también este esta""".split()),
    "it": frozenset("""il lo la gli le di del della dei e è che un una per con non sono da nel
        nella alla al si come più ma anche questo questa ha hanno essere""".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 3000  # characters: enough for a reliable vote, cheap on long articles
_MIN_HITS = 3


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of en/fr/de/es/it text, or None when the vote is too thin or close."""
    words = _WORD.findall(text[:_SAMPLE].lower())
    votes = {code: sum(word in stopwords for word in words) for code, stopwords in STOPWORDS.items()}
    ranked = sorted(votes.items(), key=lambda vote: vote[1], reverse=True)
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    if hits < _MIN_HITS or hits < 1.3 * runner_up:
        return None
    return best
