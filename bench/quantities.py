"""Speed of `find_quantities`, and how a general library fares on the same table of cases.

    python bench/quantities.py                # articles/s on generated ~800-word texts
    python bench/quantities.py --compare      # also score quantulum3 on the cases, if installed

The generated texts mix plain sentences in each language with figures (money, percentages,
counts, dates, traps), about one figure every 40 words, like a business news story: the first
five languages, then the later ones (pt, nl, pl, ru, uk, tr; ja, zh, ko are written without
spaces, so their "words" are short phrases). When the
shared extraction benchmark is next to the repository, its real articles are timed too: whole,
and read only in their sentences that hold a digit (`spans=`, as the fact engine reads only
the sentences that hold a cue word).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from monitor.facts.quantities import find_quantities
from monitor.facts.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "quantity_cases.json"
REAL_ARTICLES = ROOT.parent / "shared" / "bench" / "article-extraction" / "ground-truth.json"

FILLER = {
    "en": "the board met again on Monday to review the plan and its partners said talks would go on",
    "fr": "le conseil s'est réuni lundi pour revoir le plan et ses partenaires ont dit que les discussions continuent",
    "de": "der Vorstand traf sich am Montag um den Plan zu prüfen und die Partner wollen weiter verhandeln",
    "es": "el consejo se reunió el lunes para revisar el plan y sus socios dijeron que seguirán hablando",
    "it": "il consiglio si è riunito lunedì per rivedere il piano e i partner hanno detto che si continua",
    "pt": "o conselho se reuniu na segunda para rever o plano e os parceiros disseram que as conversas seguem",
    "nl": "het bestuur kwam maandag bijeen om het plan te bekijken en de partners zeggen dat de gesprekken doorgaan",
    "pl": "zarząd spotkał się w poniedziałek aby omówić plan a partnerzy mówią że rozmowy będą trwały dalej",
    "ru": "совет директоров собрался в понедельник чтобы обсудить план и партнёры сказали что переговоры продолжатся",
    "uk": "рада директорів зібралася в понеділок щоб обговорити план і партнери сказали що переговори триватимуть",
    "tr": "yönetim kurulu pazartesi günü planı gözden geçirmek için toplandı ve ortaklar görüşmelerin süreceğini söyledi",
    "ja": "取締役会は 月曜日に 計画を 見直す ため 会合を 開き 提携先は 協議が 続くと 述べた",
    "zh": "董事会 周一 召开 会议 审议 该 计划 合作方 表示 谈判 将会 继续 进行",
    "ko": "이사회는 월요일에 계획을 검토하기 위해 모였고 협력사들은 협상이 계속될 것이라고 말했다",
}
FIGURES = {
    "en": ["more than $100 billion", "27%", "about 1,200 jobs", "three areas", "October 28, 2025",
           "through 2032", "Windows 11", "between $10 and $15 billion", "$4.2m", "Section 230"],
    "fr": ["plus de 100 milliards de dollars", "26 %", "environ 1 200 emplois", "trois domaines",
           "le 28 octobre 2025", "jusqu'en 2032", "l'article 5", "entre 10 et 15 milliards d'euros"],
    "de": ["mehr als 100 Milliarden Dollar", "27 Prozent", "rund 1.200 Stellen", "drei Bereiche",
           "am 28. Oktober 2025", "bis 2032", "Windows 11", "zwischen 10 und 15 Mrd. Euro"],
    "es": ["más de 100.000 millones de dólares", "27 por ciento", "unos 1.200 empleos", "tres áreas",
           "el 28 de octubre de 2025", "hasta 2032", "el artículo 5", "entre 10 y 15 mil millones de euros"],
    "it": ["oltre 100 miliardi di dollari", "27 per cento", "circa 1.200 posti", "tre aree",
           "il 28 ottobre 2025", "fino al 2032", "Windows 11", "tra 10 e 15 miliardi di euro"],
    "pt": ["mais de US$ 100 bilhões", "cerca de 27%", "1.200 empregos", "três áreas", "28 de outubro de 2025",
           "até 2032", "o Windows 11", "entre 10 e 15 bilhões de dólares", "R$ 1,5 bilhão"],
    "nl": ["meer dan 100 miljard dollar", "27 procent", "ruim 1.200 banen", "drie gebieden", "28 oktober 2025",
           "tot 2032", "Windows 11", "tussen 10 en 15 miljard euro"],
    "pl": ["ponad 100 mld dolarów", "około 27 proc.", "1200 miejsc pracy", "trzy obszary", "28 października 2025 r.",
           "do 2032 r.", "artykuł 5", "od 10 do 15 mld zł"],
    "ru": ["более 100 млрд долларов", "около 27%", "1200 рабочих мест", "три направления", "28 октября 2025 года",
           "до 2032 года", "статья 5", "от 10 до 15 млрд долларов", "$13 млрд"],
    "uk": ["понад 100 млрд доларів", "близько 27%", "1200 робочих місць", "три напрями", "28 жовтня 2025 року",
           "до 2032 року", "стаття 5", "від 10 до 15 млрд доларів"],
    "tr": ["100 milyar doları aşan", "yüzde 27", "%27", "1.200 çalışan", "28 Ekim 2025", "2032'ye kadar", "madde 5",
           "10 ila 15 milyar dolar"],
    "ja": ["約1350億ドル", "約27%", "1000億ドル超", "1200人", "2025年10月28日", "2032年まで", "第3四半期", "100億〜150億ドル"],
    "zh": ["超过1000亿美元", "约27%", "1350億美元", "百分之二十七", "五百亿元", "2025年10月28日", "到2032年", "第3季度"],
    "ko": ["1000억 달러 이상", "약 27%", "1,350억 달러", "1200명", "2025년 10월 28일", "2032년까지", "제3분기", "135조 원"],
}


def generated_article(language: str, rng: random.Random, words: int = 800) -> str:
    filler = FILLER[language].split()
    out: list[str] = []
    while len(out) < words:
        out.extend(rng.sample(filler, 10))
        if rng.random() < 0.25:
            out.append(rng.choice(FIGURES[language]))
        if rng.random() < 0.3:
            out[-1] += "."
    return " ".join(out)


def articles_per_second(texts: list[str], language: str | None, rounds: int = 5,
                        spans: list[list[tuple[int, int]]] | None = None) -> tuple[float, float]:
    """Best of `rounds`: articles per second and quantities per article (read in `spans[i]` if given)."""
    windows = spans or [None] * len(texts)
    best, found = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        found = sum(len(find_quantities(text, language, spans=w)) for text, w in zip(texts, windows))
        best = min(best, time.perf_counter() - start)
    return len(texts) / best, found / len(texts)


def sentences_with_a_digit(text: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end in split_sentences(text) if any(c.isdigit() for c in text[start:end])]


def score(cases: list[dict], parse) -> tuple[int, int, int, int]:
    """(expected figures found with their value, expected figures, trap cases left clean, traps).

    Dates are left out: the table states them as ISO strings, which only our parser reports.
    """
    found = expected = clean = traps = 0
    for case in cases:
        values = parse(case["text"], case["lang"])
        wanted = [e["value"] for e in case["expect"] if e["kind"] != "date"]
        if not case["expect"]:
            traps += 1
            clean += not values
        for value in wanted:
            expected += 1
            found += any(abs(v - value) <= 1e-6 * max(1.0, abs(value)) for v in values)
    return found, expected, clean, traps


def ours(text: str, language: str) -> list[float]:
    return [q.value for q in find_quantities(text, language) if q.kind != "date"]


def quantulum3_values(text: str, language: str) -> list[float]:
    from quantulum3 import parser  # not a dependency: install it by hand to compare

    return [q.value for q in parser.parse(text)]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--compare", action="store_true", help="also score quantulum3 on the cases")
    args = options.parse_args()

    rng = random.Random(7)
    for language in FILLER:
        texts = [generated_article(language, rng) for _ in range(200)]
        given, per_article = articles_per_second(texts, language)
        guessed, _ = articles_per_second(texts, None)
        print(f"generated {language}: {given:7.0f} articles/s with language, {guessed:7.0f} guessing"
              f" ({per_article:.1f} quantities per 800-word article)")
    if REAL_ARTICLES.exists():
        bodies = [a["articleBody"] for a in json.loads(REAL_ARTICLES.read_text()).values()]
        words = sum(len(body.split()) for body in bodies) / len(bodies)
        rate, per_article = articles_per_second(bodies, None)
        print(f"real articles (shared bench, {len(bodies)}, {words:.0f} words avg): {rate:7.0f} articles/s"
              f" ({per_article:.1f} quantities each)")
        spans = [sentences_with_a_digit(body) for body in bodies]
        share = sum(end - start for windows in spans for start, end in windows) / sum(map(len, bodies))
        rate, per_article = articles_per_second(bodies, None, spans=spans)
        print(f"  only their sentences holding a digit ({share:.0%} of the text): {rate:7.0f} articles/s"
              f" ({per_article:.1f} quantities each)")

    cases = json.loads(CASES.read_text(encoding="utf-8"))
    parsers = {"monitor.facts.quantities": ours}
    if args.compare:
        try:
            import quantulum3  # noqa: F401
        except ImportError:
            print("quantulum3 is not installed: nothing to compare")
        else:
            parsers["quantulum3"] = quantulum3_values
    for name, parse in parsers.items():
        found, expected, clean, traps = score(cases, parse)
        print(f"{name}: {found}/{expected} expected figures found with the right value,"
              f" {clean}/{traps} trap sentences left clean")


if __name__ == "__main__":
    main()
