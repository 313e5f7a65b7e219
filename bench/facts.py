"""Benchmark the fact engine: precision and recall over the fixture articles, and speed.

Why: a false fact raises a false alarm and a missed one hides a change, so both rates are
tracked per language; and the engine runs on every new snapshot, so it must keep up with a
busy news day (target: 1,000 articles of ~800 words per second on one core).

Quality: over tests/fixtures/articles/ and their expectations.json (see the README there). An
observation is right when it matches a `must` entry: same key, value within 1 % (sets, claims
and years equal), and the entry's comparator, currency and attributed_to when it gives them. It is
wrong when it hits a `must_not` entry or matches nothing expected. Precision = right / all
observations; recall = `must` entries matched by at least one observation / all `must` entries.

Speed: ~800-word articles built by concatenating the fixtures of one language (rotating the
start, so articles differ), run through `extract_observations` (which finds the quantities
itself, in the sentences holding a cue) in one process, best of several rounds; `find_quantities`
alone over the whole texts is timed too, to show how the time splits. A plain
`re.findall(r"\\d", text)` pass over the same texts is timed in the same run as a reference, so
figures compare across machines. These dense articles are the worst case (per word, about 2.5
times the facts and 8 times the figures of the reference article); the same timing then runs
over the reference article (../shared/seed: real reporting on the story, 709 words, 16 facts)
and over the real news texts of the extraction benchmark (../shared/bench/article-extraction:
any topic), when present.

    python bench/facts.py                  # quality and speed
    python bench/facts.py --show-errors    # list every false and missed fact
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from monitor.config import load_config
from monitor.facts.attribution import extract_observations
from monitor.facts.quantities import find_quantities
from monitor.model import Observation

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
TARGET_PER_SECOND = 1000
ARTICLE_WORDS = 800
VALUE_TOLERANCE = 0.01
DIGIT = re.compile(r"\d")
# Han and kana are written without spaces: two of them count as a word (Hangul is spaced).
WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{1,2}|[^\s\u3040-\u30ff\u3400-\u9fff]+")
SEED = ROOT.parent / "shared" / "seed" / "baseline-article-fr.txt"
REAL_NEWS = Path(os.environ.get("MONITOR_BENCH_EXTRACTION", ROOT.parent / "shared" / "bench" / "article-extraction")) / "ground-truth.json"


def matches(observation: Observation, entry: dict) -> bool:
    """Does the observation state what the expectation entry says (only the fields it gives)?"""
    if observation.key != entry["key"]:
        return False
    if "value" in entry and not _same_value(observation, entry["value"]):
        return False
    return all(getattr(observation, name) == entry[name] for name in ("comparator", "currency", "attributed_to") if name in entry)


def _same_value(observation: Observation, expected) -> bool:
    """Sets as sorted lists, claims and years exactly, other numbers within VALUE_TOLERANCE."""
    observed = observation.value
    if isinstance(observed, tuple):
        return isinstance(expected, list) and list(observed) == sorted(expected)
    if isinstance(observed, str) or isinstance(expected, str) or observation.kind == "year":
        return observed == expected
    return math.isclose(observed, expected, rel_tol=VALUE_TOLERANCE)


def score(observations: list[Observation], expected: dict) -> dict:
    """Counts for one article: right and wrong observations, matched and missed `must` entries."""
    wrong = [o for o in observations if any(matches(o, e) for e in expected["must_not"]) or not any(matches(o, e) for e in expected["must"])]
    missed = [e for e in expected["must"] if not any(matches(o, e) for o in observations)]
    return {
        "observations": len(observations),
        "right": len(observations) - len(wrong),
        "must": len(expected["must"]),
        "found": len(expected["must"]) - len(missed),
        "wrong": wrong,
        "missed": missed,
    }


def quality(expectations: dict, facts, show_errors: bool) -> None:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for article_id, expected in expectations.items():
        text = (ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8")
        result = score(extract_observations(text, facts, expected["language"]), expected)
        for group in (expected["language"] or "none", "all"):
            for name in ("observations", "right", "must", "found"):
                totals[group][name] += result[name]
        if show_errors:
            for observation in result["wrong"]:
                print(f"  false   {article_id}: {observation.key} = {observation.value} {observation.comparator} {observation.currency or ''}")
            for entry in result["missed"]:
                print(f"  missed  {article_id}: {json.dumps(entry, ensure_ascii=False)}")
    print(f"{'language':<10}{'articles':>9}{'precision':>11}{'recall':>9}{'obs':>6}{'must':>6}")
    for group in sorted(totals, key=lambda g: (g == "all", g)):
        t = totals[group]
        count = sum(1 for e in expectations.values() if group in ("all", e["language"] or "none"))
        precision = t["right"] / t["observations"] if t["observations"] else float("nan")
        recall = t["found"] / t["must"] if t["must"] else float("nan")
        print(f"{group:<10}{count:>9}{precision:>11.3f}{recall:>9.3f}{t['observations']:>6}{t['must']:>6}")


def build_articles(expectations: dict, count: int) -> list[tuple[str, str | None]]:
    """`count` texts of about ARTICLE_WORDS words, each from the fixtures of one language."""
    by_language: dict[str | None, list[str]] = defaultdict(list)
    for article_id, expected in sorted(expectations.items()):
        by_language[expected["language"]].append((ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8"))
    groups = sorted(by_language.items(), key=lambda item: str(item[0]))
    articles = []
    for index in range(count):
        language, texts = groups[index % len(groups)]
        parts, words, position = [], 0, index // len(groups)
        while words < ARTICLE_WORDS:
            part = texts[position % len(texts)]
            parts.append(part)
            words += len(WORDS.findall(part))
            position += 1
        articles.append(("\n\n".join(parts), language))
    return articles


def best_seconds(run, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def real_articles(path: Path) -> list[tuple[str, str | None]]:
    """The hand-made article texts of the extraction benchmark: real news of every topic."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    return [(entry["articleBody"], None) for _, entry in sorted(truth.items()) if entry.get("articleBody")]


def speed(label: str, articles: list[tuple[str, str | None]], facts, rounds: int) -> None:
    """Time the engine over `articles` and, in the same run, the reference pass."""
    words = sum(len(WORDS.findall(text)) for text, _ in articles) / len(articles)
    for text, language in articles[: len(articles) // 10 + 1]:  # warm the compiled lexicons
        extract_observations(text, facts, language)
    engine = best_seconds(lambda: [extract_observations(text, facts, language) for text, language in articles], rounds)
    quantities = best_seconds(lambda: [find_quantities(text, language) for text, language in articles], rounds)
    reference = best_seconds(lambda: [DIGIT.findall(text) for text, _ in articles], rounds)
    per_second = len(articles) / engine
    print(f"{label}: {len(articles)} articles of {words:.0f} words on average, best of {rounds} rounds, one process")
    print(f"  fact engine (quantities + attribution): {per_second:,.0f} articles/s = {per_second / TARGET_PER_SECOND:.2f}× the target of {TARGET_PER_SECOND:,}/s")
    print(f"  per article: engine {engine / len(articles) * 1e6:,.0f} µs; find_quantities over the whole text alone"
          f" {quantities / len(articles) * 1e6:,.0f} µs (the engine asks only about the sentences holding a cue)")
    print(f"  reference re.findall(r'\\d'): {len(articles) / reference:,.0f} articles/s; the engine costs {engine / reference:.0f}× the reference")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(ROOT / "sources.toml"), help="fact catalogue (default: the shipped sources.toml)")
    parser.add_argument("--articles", type=int, default=300, help="number of ~800-word articles timed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--show-errors", action="store_true", help="list every false and missed fact")
    parser.add_argument("--only", choices=("quality", "speed"))
    args = parser.parse_args(argv)
    facts = load_config(args.config).facts
    expectations = json.loads((ARTICLES / "expectations.json").read_text(encoding="utf-8"))
    if args.only != "speed":
        quality(expectations, facts, args.show_errors)
    if args.only != "quality":
        print()
        speed("dense on-topic articles (fixtures joined; a figure in most sentences)",
              build_articles(expectations, args.articles), facts, args.rounds)
        if SEED.exists():
            print()
            seed = SEED.read_text(encoding="utf-8")
            speed("the reference article (../shared/seed: real on-topic reporting, French, read as undeclared)",
                  [(seed, None)] * 100, facts, args.rounds)
        if REAL_NEWS.exists():
            print()
            speed("real news articles (extraction benchmark's reference texts, any topic)",
                  real_articles(REAL_NEWS), facts, args.rounds)
        else:
            print(f"\n(real news texts not found at {REAL_NEWS}; set MONITOR_BENCH_EXTRACTION)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
