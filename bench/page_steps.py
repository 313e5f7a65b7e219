"""What a new page costs in CPU, step by step, and which steps hold the interpreter lock.

Why: a first pass reads every page in worker threads, and threads only run side by side while
one of them is in C code that lets the lock go. The steps that keep it (decoding, the
extraction's walk over the parsed tree, the fact engine, normalising the text to hash it), added
to the event loop's own work (fetching, storing), bound the pages a second one process can take,
however many threads it runs. Lexbor's parse (selectolax parses `with nogil`), sha256 of the
raw page (hashlib lets go above 2 KiB) and zstd's compression run beside them.

Measured on the real pages (each copy distinct, as in `pipeline.py`), one thread, best of three
rounds; cProfile cannot tell these apart (it slows Python code several times more than C code).

    python bench/page_steps.py              # the article-extraction pages, 3 copies each
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_pages import RealPage, load_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
STEPS = (  # (name, keeps the interpreter lock)
    ("decode", True), ("parse", False), ("extract", True), ("facts", True),
    ("text hash", True), ("raw hash", False), ("compress", False),
)


def step_costs(pages: list[RealPage], copies: int = 3) -> dict[str, float]:
    """ms of CPU a page, per step ("extract": the extraction without its parse)."""
    from selectolax.lexbor import LexborHTMLParser

    from monitor.config import load_config
    from monitor.extraction.article import extract, text_hash
    from monitor.facts.attribution import extract_observations
    from monitor.fetching._response import page_markup
    from monitor.storage.blobs import compress

    facts = load_config(ROOT / "sources.toml").facts
    bodies = [page.template.copy(number) for number, page in enumerate(pages * copies)]
    markups = [page_markup(body, None) for body in bodies]
    articles = [extract(markup) for markup in markups]
    for article in articles[:40]:  # the lexicons compile once per process: not a page's cost
        extract_observations(article.text, facts, language=article.language)

    def parse_and_extract(index: int) -> tuple[float, float]:
        started = time.thread_time()
        LexborHTMLParser(markups[index])
        parsed = time.thread_time()
        extract(markups[index])
        done = time.thread_time()
        return parsed - started, (done - parsed) - (parsed - started)  # extract() parses again

    costs = {name: _best(step, len(bodies)) for name, step in (
        ("decode", lambda i: page_markup(bodies[i], None)),
        ("facts", lambda i: extract_observations(articles[i].text, facts, language=articles[i].language)),
        ("text hash", lambda i: text_hash(articles[i].text)),
        ("raw hash", lambda i: hashlib.sha256(bodies[i]).hexdigest()),
        ("compress", lambda i: compress(bodies[i], None)),
    )}
    rounds = [[parse_and_extract(index) for index in range(len(bodies))] for _ in range(ROUNDS)]
    parse, walk = min(([sum(pair) for pair in zip(*timings)] for timings in rounds), key=sum)
    costs["parse"], costs["extract"] = parse / len(bodies) * 1000, walk / len(bodies) * 1000
    return costs


def _best(step: Callable[[int], object], count: int) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.thread_time()
        for index in range(count):
            step(index)
        best = min(best, time.thread_time() - started)
    return best / count * 1000


def describe(costs: dict[str, float]) -> str:
    """A line for the report, ending with the ms a page the lock-keeping steps take in all."""
    held = sum(costs[name] for name, keeps in STEPS if keeps)
    parts = " | ".join(f"{name} {costs[name]:.2f}{'*' if keeps else ''}" for name, keeps in STEPS)
    return f"a new page's steps, one thread, ms a page (* keeps the interpreter lock): {parts}; with the lock {held:.2f}"


def main() -> None:
    pages = load_pages()
    if not pages:
        raise SystemExit("no article-extraction pages: see real_pages.DEFAULT_DATA")
    print(describe(step_costs(pages)))


if __name__ == "__main__":
    main()
