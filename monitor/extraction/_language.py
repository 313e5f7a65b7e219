"""Guess the language of a text: by its script first, then by its commonest short words.

Used only when a page does not declare its language. The script settles most cases at once:
Hangul is Korean; kana is Japanese (Japanese writes kanji too, so Han with kana is Japanese and
Han without it Chinese); Cyrillic is Russian unless the letters only Ukrainian uses (і ї є ґ)
outnumber the ones only Russian uses (ы э ъ ё). Latin-script languages are told apart by
function words, which are frequent, short and distinctive enough to decide from a few
sentences at the cost of one regular-expression pass: no model, no dependency.
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
    "pt": frozenset("""o os as do da dos das em no na nos nas um uma com não ao aos pelo pela mais
        foi são é também seu sua seus suas ele ela entre após até""".split()),
    "nl": frozenset("""de het een en van in is dat op te met voor zijn niet aan er maar ook als bij
        door om naar dan wordt werd heeft hebben of zal deze die nog wel""".split()),
    "pl": frozenset("""i a w z na się nie do to że jest o jak ale po co od za przez dla oraz jego jej
        ich był była są być który która które także już""".split()),
    "tr": frozenset("""ve bir bu da de için ile olarak olan daha çok gibi ama en kadar sonra ise
        değil var yeni olduğu göre ancak""".split()),
}
# each function word → the languages it belongs to, so a text's words are looked up once
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _code, _words in STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = _LANGUAGES_OF.get(_word, ()) + (_code,)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 3000  # characters: enough for a reliable vote, cheap on long articles
_MIN_HITS = 3
_MIN_SCRIPT = 10  # letters of a script that decide the language on their own…
_SCRIPT_SHARE = 0.3  # …when they are this share of the letters at least (a quoted name is not)
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_ONLY_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_ONLY_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the evidence is too thin or close.

    Korean (ko), Japanese (ja), Chinese (zh), Russian (ru) and Ukrainian (uk) by script; en, fr,
    de, es, it, pt, nl, pl and tr by function words."""
    sample = text[:_SAMPLE]
    by_script = _by_script(sample)
    if by_script:
        return by_script
    votes = dict.fromkeys(STOPWORDS, 0)
    for word in _WORD.findall(sample.lower()):
        for code in _LANGUAGES_OF.get(word, ()):
            votes[code] += 1
    ranked = sorted(votes.items(), key=lambda vote: vote[1], reverse=True)
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    if hits < _MIN_HITS or hits < 1.3 * runner_up:
        return None
    return best


def _by_script(sample: str) -> str | None:
    if _OTHER_SCRIPT.search(sample) is None:  # most texts: Latin letters only, decided in one pass
        return None
    enough = max(_MIN_SCRIPT, _SCRIPT_SHARE * len(_LETTER.findall(sample)))
    if len(_HANGUL.findall(sample)) >= enough:
        return "ko"
    kana, han = len(_KANA.findall(sample)), len(_HAN.findall(sample))
    if kana + han >= enough:
        return "ja" if kana >= _MIN_SCRIPT or kana * 10 >= han else "zh"
    if len(_CYRILLIC.findall(sample)) >= enough:
        return "uk" if len(_ONLY_UKRAINIAN.findall(sample)) > len(_ONLY_RUSSIAN.findall(sample)) else "ru"
    return None
