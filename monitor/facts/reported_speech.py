"""Reported speech: who a sentence reports ("according to the Financial Times" → "Financial
Times", "people familiar with the matter" → "unnamed sources"), per language.

Looked for only in a sentence that holds a reporting word (the lexicon's scan finds them), and
each pattern only when one of its own reporting words is there: most sentences cost nothing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from monitor.facts.catalogue import LANGUAGES
from monitor.facts.grammar import REPORTING_WORDS as REPORTING_WORDS_OF
from monitor.facts.lexicon import trie_regex

# Capitals: Latin, Cyrillic, and the Polish and Turkish ones the other languages do not use.
# every language's reporting words: who a sentence reports is looked for in any language
_REPORTING_WORDS = tuple(dict.fromkeys(word for words in REPORTING_WORDS_OF.values() for word in words))
_CAPITAL = "A-ZА-ЯЁІЇЄҐŁŚŻŹĆŃÇŞİ"
_NAME = rf"(?P<name>[{_CAPITAL}][\w&.'’-]*(?:\s+(?:(?:of|de|du|des|di|del|della|der|am|do|da|van)\s+)?[{_CAPITAL}][\w&.'’-]*){{0,3}})"
# A Turkish case ending after an apostrophe ("Reuters'a göre", "Bloomberg'in haberine göre").
# "Według agencji Reuters Microsoft dostanie…": a party of the deal after the name is the next clause's subject.
_PARTY_AFTER = re.compile(r"(?<=\S)\s+(?:Microsoft|OpenAI)\b.*\Z", re.DOTALL)
_TURKISH_CASE = re.compile(r"['’](?:[yn]?[ıiuü]n|[ıiuü]|y?[ae]|[dt][ae]n?)\Z")
# Chinese, Japanese and Korean write no capitals: a source is a publication in 《》 or 「」, a Latin
# name, a katakana name (ロイター, ブルームバーグ), a Han name ending as a newspaper or agency does
# (日本経済新聞, 共同通信, 路透社), or a Hangul name before its particle (월스트리트저널).
_LATIN_NAME = r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}"
_CJK_NAMED = {
    "zh": (
        r"(?:据|據|根据|根據|引述|援引)\s*《(?P<name>[^》]{1,20})》",
        r"《(?P<name>[^》]{1,20})》\s*(?:报道|報導|報道|报导|引述|援引|消息)",
        rf"(?:据|據|根据|根據)\s*(?P<name>{_LATIN_NAME}|[\u4e00-\u9fff]{{1,6}}(?:社|报|報|网|網|台))\s*(?:的)?(?:报道|報導|報道|报导)",
        rf"(?<![\u4e00-\u9fff])(?P<name>{_LATIN_NAME}|[\u4e00-\u9fff]{{1,6}}社)\s*(?:报道|報導|報道|报导)",
    ),
    "ja": (
        rf"(?P<name>{_LATIN_NAME}|[\u30a1-\u30fa\u30fc・]{{2,20}}|[\u4e00-\u9fff]{{1,8}}(?:新聞|通信))(?:紙|誌|通信)?(?:の報道)?によると",
        r"「(?P<name>[^」]{1,20})」(?:紙|誌)?(?:の報道)?によると",
        rf"(?P<name>{_LATIN_NAME}|[\u30a1-\u30fa\u30fc・]{{2,20}}|[\u4e00-\u9fff]{{1,8}}(?:新聞|通信))(?:紙|誌|通信)?(?:が|は)(?:[^。、]{{0,40}}と)?報じ",
    ),
    "ko": (
        rf"(?P<name>(?<!\w){_LATIN_NAME}|[\uac00-\ud7a3A-Za-z]{{2,12}})(?:\s*\([A-Za-z&. ]+\))?(?:\s*(?:등\s*)?(?:의\s*)?보도)?에 따르면",
        rf"(?P<name>(?<!\w){_LATIN_NAME}|[\uac00-\ud7a3A-Za-z]{{2,12}})(?:\s*\([A-Za-z&. ]+\))?(?:이|가|은|는)\s*(?:[^.]{{0,40}}\s)?(?:보도했|전했)",
    ),
}
# Lead-ins before a source's name, any case; the name itself must be capitalised.
_REPORTED_BEFORE = {
    "en": (r"according to (?-i:the )?", r"(?:reported|reports) by (?-i:the )?", r"citing (?-i:the )?", r"told (?-i:the )?"),
    "fr": (r"selon (?-i:le |la |les |l['’])?", r"d['’]après (?-i:le |la |les |l['’])?", r"rapport(?:e|ent|ait) (?-i:le |la |les |l['’])?"),
    "de": (r"laut (?-i:dem |der |den |des )?(?:Bericht (?:des |der |von )?)?", r"berichtet(?:e)? (?-i:das |die |der )?"),
    "es": (r"según (?-i:el |la |los )?", r"de acuerdo con (?-i:el |la )?", r"informó (?-i:el |la )?"),
    "it": (r"secondo (?-i:il |la |lo |l['’])?", r"stando a(?:l |lla | )", r"riporta(?:to)? (?-i:il |la )?"),
    "pt": (r"segundo (?-i:o |a |os |as )?", r"de acordo com (?-i:o |a )?", r"conforme (?-i:o |a )?", r"informou (?-i:o |a )?", r"noticiou (?-i:o |a )?"),
    "nl": (r"volgens (?-i:de |het )?", r"aldus (?-i:de |het )?", r"meldt (?-i:de |het )?", r"meldde (?-i:de |het )?", r"schrijft (?-i:de |het )?"),
    "pl": (r"według (?:agencji |dziennika |serwisu |gazety |portalu )?", r"jak (?:podaje|podała?|poinformował[ao]?|pisze|informuje) (?:agencja |dziennik |serwis )?", r"podaje (?:agencja |dziennik |serwis )?"),
    "ru": (r"по данным (?:агентства |издания |газеты |телеканала )?", r"согласно (?:данным )?", r"как (?:сообщает|сообщил[аио]?|пишет|передает|передаёт) (?:агентство |издание |газета |телеканал )?", r"со ссылкой на (?:агентство |издание )?"),
    "uk": (r"за даними (?:агентства |видання |газети )?", r"згідно з (?:даними )?", r"як (?:повідомляє|повідомил[аои]?|повідомив|пише) (?:агентство |видання |газета )?", r"з посиланням на (?:агентство |видання )?"),
}
# Reporting verbs after a source's name ("Reuters reported", "Handelsblatt zufolge").
_REPORTED_AFTER = {
    "en": r",? (?:reported|reports|wrote|writes)\b",
    "fr": r",? (?:rapporte|a rapporté|écrit)\b",
    "de": r" (?:zufolge|berichtet|berichtete|meldet|meldete)\b",
    "es": r",? (?:informó|publicó)\b",
    "it": r",? (?:ha riportato|riporta|scrive)\b",
    "pt": r",? (?:informou|noticiou|publicou|reportou|escreveu)\b",
    "nl": r",? (?:meldt|meldde|schrijft|schreef|berichtte)\b",
    "pl": r",? (?:podaje|podał|podała|poinformował|poinformowała|pisze|napisał)\b",
    "ru": r",? (?:сообщает|сообщил|сообщила|сообщило|пишет|написал)\b",
    "uk": r",? (?:повідомляє|повідомив|повідомила|пише|написав)\b",
    "tr": r"(?: haberine| aktardığına| bildirdiğine| yazdığına)? göre\b",
}
_UNNAMED = {
    "en": (r"\bpeople (?:familiar|close)\b", r"\bperson (?:familiar|close)\b", r"\bsources? (?:say|said|familiar|close)\b",
           r"\baccording to (?:unnamed |two |several )?sources\b", r"\binsiders?\b"),
    "fr": (r"\bsources? proches?\b", r"\bselon (?:des|plusieurs|nos) sources\b", r"\bpersonnes? proches?\b"),
    "de": (r"\binformierten? Kreisen?\b", r"\bInsidern?\b", r"\b[Ii]nsider\b", r"\bmit der Sache vertraute"),
    "es": (r"\bfuentes (?:cercanas|conocedoras|próximas)\b", r"\bsegún (?:varias |algunas )?fuentes\b"),
    "it": (r"\bfonti (?:vicine|a conoscenza|informate)\b", r"\bsecondo (?:alcune |diverse )?fonti\b"),
    "pt": (r"\bfontes (?:próximas|familiarizadas|a par)\b", r"\bsegundo (?:fontes|pessoas)\b", r"\bpessoas (?:próximas|familiarizadas|a par)\b"),
    "nl": (r"\bingewijden\b", r"\bbronnen (?:rond|dicht bij|die bekend)\b", r"\bvolgens bronnen\b"),
    "pl": (r"\bźródł\w* (?:zbliżon|zaznajomion)\w*", r"\bosoby (?:zaznajomione|znające|zbliżone)\b", r"\bnieoficjalnie\b"),
    "ru": (r"\bисточник\w*", r"\bсобеседник\w*", r"\bзнакомые с ситуацией\b", r"\bинсайдер\w*"),
    "uk": (r"\bджерел\w*", r"\bджерело\b", r"\bспіврозмовник\w*", r"\bобізнані з ситуацією\b"),
    "tr": (r"\bkonuya yakın kaynak\w*", r"\bkaynaklara göre\b", r"\bisminin açıklanmasını istemeyen\b"),
    "ja": ("関係者", "消息筋"),
    "zh": ("知情人士", "消息人士", "消息来源", "消息來源", "据报道", "據報導", "據報"),
    "ko": ("소식통", "관계자"),
}
_ANALYSTS = {
    "en": (r"\baccording to analysts\b", r"\banalysts (?:estimate|expect|say|said)\b"),
    "fr": (r"\bselon (?:les |des )?analystes\b",),
    "de": (r"\bAnalysten zufolge\b", r"\blaut Analysten\b", r"\bschätzen Analysten\b"),
    "es": (r"\bsegún (?:los )?analistas\b",),
    "it": (r"\bsecondo (?:gli )?analisti\b",),
    "pt": (r"\bsegundo (?:os )?analistas\b", r"\banalistas (?:estimam|avaliam|dizem|calculam)\b"),
    "nl": (r"\bvolgens analisten\b", r"\banalisten (?:verwachten|schatten|zeggen)\b"),
    "pl": (r"\bwedług analityków\b", r"\banalitycy (?:szacują|oceniają|uważają)\b"),
    "ru": (r"\bпо (?:оценкам|мнению|словам) аналитиков\b", r"\bаналитики (?:оценивают|считают|ожидают)\b"),
    "uk": (r"\bза (?:оцінками|словами|думкою) аналітиків\b", r"\bаналітики (?:оцінюють|вважають|очікують)\b"),
    "tr": (r"\banalistlere göre\b", r"\banalistler\b"),
    "ja": ("アナリスト",),
    "zh": ("分析师", "分析師"),
    "ko": ("애널리스트", "분석가"),
}
# Capitalised words after "according to"/"laut" that name no source (German capitalises nouns).
_NOT_A_SOURCE = frozenset(
    {"The", "This", "That", "It", "He", "She", "They", "We", "Il", "Elle", "Er", "Sie", "Es", "Vertrag", "Mitteilung",
     "Angaben", "Unternehmen", "Vereinbarung", "Pressemitteilung", "Insidern", "Kreisen", "Analysten", "Berichten",
     "Ele", "Ela", "Eles", "Hij", "Zij", "Ze", "On", "Ona", "Oni", "Он", "Она", "Они", "Він", "Вона", "Вони", "Bu", "Şirket",
     "発表", "関係者", "アナリスト", "報道", "発表에", "발표", "보도", "외신", "관계자", "소식통", "이번", "업계", "성명", "공시", "自社", "報導",
     "报道", "媒体", "媒體", "外媒", "声明", "聲明", "公告", "文件", "报告", "報告"}
)



def reported_source(sentence: str, language: str | None = None) -> str | None:
    """Who the sentence reports, when it names someone other than the parties' own statements.

    `language` None looks for the ways every language names a source; a known language only for
    its own (the lexicon found a reporting word of that language, or there would be no need to
    look). A pattern is tried only when one of its reporting words is in the sentence."""
    ways = _ways_of(language)
    lowered = sentence.lower()
    if not ways.hint.search(lowered):
        return None
    present = {word for word in ways.words if word in lowered}
    for hints, pattern in ways.named:
        if not present.isdisjoint(hints):
            for match in pattern.finditer(sentence):
                name = _TURKISH_CASE.sub("", _PARTY_AFTER.sub("", match.group("name")).strip(" .,'’"))
                if name and name not in _NOT_A_SOURCE:
                    return name
    folded_apart = _FOLDED_APART.search(sentence) is not None  # lower() and re disagree on a letter here
    for labelled in ways.labelled:
        if labelled.leads is not None and not folded_apart and not any(lead in lowered for lead in labelled.leads):
            continue
        if (folded_apart or labelled.lower_case.search(lowered)) and labelled.pattern.search(sentence):
            return labelled.label
    for label, words in ways.labelled_words:  # plain words: no pattern needed
        if any(word in sentence for word in words):
            return label
    return None


def _named_pattern(source: str) -> tuple[tuple[str, ...], re.Pattern]:
    """A pattern naming a source, with the reporting words its lead-in or verb is written with
    (each alternative of a named-source pattern contains one, so without them it cannot match)."""
    hints = tuple(word for word in _REPORTING_WORDS if word in source.lower())
    assert hints, source
    return hints, re.compile(source)


def _named_patterns(language: str) -> list[tuple[tuple[str, ...], re.Pattern]]:
    sources = [rf"\b(?i:{lead_in}){_NAME}" for lead_in in _REPORTED_BEFORE.get(language, ())]
    if language in _REPORTED_AFTER:
        sources.append(rf"\b{_NAME}(?i:{_REPORTED_AFTER[language]})")
    return [_named_pattern(source) for source in sources + list(_CJK_NAMED.get(language, ()))]


class _Labelled(NamedTuple):
    """A source named by a label ("analysts"), and how its patterns are looked for."""

    label: str
    leads: tuple[str, ...] | None  # words one of which a matching sentence holds (None: not known)
    pattern: re.Pattern  # ignoring case
    lower_case: re.Pattern  # the same in lower case, for the lowered sentence


def _labelled_source(label: str, patterns: list[str]) -> _Labelled:
    """A source named by a label, with its patterns compiled to be tried as rarely as possible.

    Each pattern starts at a word boundary, so re tries all of them at every position of a
    sentence: a sentence holding none of their leading words is ruled out by `str.find` first.
    re ignores case slowly (it folds every character it compares), so the lower-case pattern is
    searched in the lowered sentence next: it matches wherever the real one can, except where
    lower() and re fold a letter apart (_FOLDED_APART), and it rules most sentences out 4× faster."""
    source = "|".join(patterns)
    lower_case = re.sub(r"(?<!\\)[^\W\d_]+", lambda letters: letters.group().lower(), source)  # not \b, \S…
    leads = tuple(_lead(pattern) for pattern in patterns)
    return _Labelled(label, None if "" in leads else leads, re.compile(source, re.IGNORECASE), re.compile(lower_case))


_LEAD = re.compile(r"(?:\\b)?([^\W\d_]+(?: [^\W\d_]+)*)(\?)?")


def _lead(pattern: str) -> str:
    """The letters a pattern's every match starts with, lowered ("\\bsources? proches?" →
    "source"), or "" when it starts otherwise ("[Ii]nsider")."""
    match = _LEAD.match(pattern)
    if match is None:
        return ""
    lead = match.group(1)[:-1] if match.group(2) else match.group(1)  # "sources?": the s is optional
    return lead.lower() if len(lead) >= 3 else ""


_CJK_LABELLED = ("ja", "zh", "ko")  # their labels are plain words, looked for as such
_LABELS = (("unnamed sources", _UNNAMED), ("analysts", _ANALYSTS))


class _Ways(NamedTuple):
    """How the sentences of some languages name a source, compiled."""

    words: tuple[str, ...]  # the reporting words the patterns are written with
    hint: re.Pattern  # any of them (most sentences hold none: nothing more is tried)
    named: list[tuple[tuple[str, ...], re.Pattern]]
    labelled: tuple[_Labelled, ...]
    labelled_words: tuple[tuple[str, tuple[str, ...]], ...]


def _ways(languages: tuple[str, ...]) -> _Ways:
    named = [pattern for language in languages for pattern in _named_patterns(language)]
    words = tuple(dict.fromkeys(word for language in languages for word in REPORTING_WORDS_OF.get(language, ())))
    words = tuple(dict.fromkeys(words + tuple(word for hints, _ in named for word in hints)))
    labelled = tuple(  # per language: each has its own leading words to rule a sentence out
        _labelled_source(label, list(table[language]))
        for label, table in _LABELS
        for language in languages
        if language not in _CJK_LABELLED and table.get(language)
    )
    labelled_words = tuple(
        (label, words_of)
        for label, table in _LABELS
        if (words_of := tuple(word for language in languages if language in _CJK_LABELLED for word in table.get(language, ())))
    )
    return _Ways(words, re.compile(trie_regex([word + "*" for word in words])), named, labelled, labelled_words)


# Per language, and for a text of unknown language every language's ways at once; compiled when
# a sentence first asks (a process reading a few languages does not pay for the others).
_WAYS: dict[str | None, _Ways] = {}


def _ways_of(language: str | None) -> _Ways:
    key = language if language in LANGUAGES else None
    ways = _WAYS.get(key)
    if ways is None:  # two threads may both compile them: the same ways
        ways = _WAYS[key] = _ways((key,) if key else LANGUAGES)
    return ways
_FOLDED_APART = re.compile("[ſıİ]")  # re matches them to s and i ignoring case; lower() keeps or expands them
