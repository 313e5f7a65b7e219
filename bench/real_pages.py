"""Real article pages made into as many distinct pages as a benchmark needs.

Why: a pass over the same 181 pages repeated would flatter every cache the monitor has (raw
hashes, blob dedup, compression across pages). Each copy keeps its page's markup, scripts and
styles byte for byte, as the articles of one site share their template, but the words of its
text (text nodes and JSON-LD, where sites repeat the article) are shuffled within the page's own
vocabulary by a seed of its own: no two copies share a sentence, while each keeps its page's
language, length, figures and punctuation, so extraction and the fact engine do the same kind of
work. A comment naming the copy makes even a page without words unique.

The pages are read from the article-extraction benchmark's folder (never copied into the repo).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATA = Path(os.environ.get("MONITOR_BENCH_EXTRACTION", "/work/shared/bench/article-extraction"))

# Markup kept verbatim: comments, scripts and styles whole (but JSON-LD, read as text), tags, entities.
_MARKUP = re.compile(
    r"(<!--.*?-->|<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<[^>]*>|&#?\w+;)",
    re.S | re.I,
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class RealPage:
    site: str  # the host the page was fetched from
    template: PageTemplate


class PageTemplate:
    """A page split into literal pieces and word slots, so a copy is one join."""

    def __init__(self, html: str) -> None:
        literals: list[str] = []
        slots: list[int] = []
        vocabulary: dict[str, int] = {}
        pending: list[str] = []
        for index, part in enumerate(_MARKUP.split(html)):
            if index % 2:  # markup
                pending.append(part)
                continue
            position = 0
            for match in _WORD.finditer(part):
                pending.append(part[position : match.start()])
                literals.append("".join(pending))
                pending = []
                slots.append(vocabulary.setdefault(match.group(), len(vocabulary)))
                position = match.end()
            pending.append(part[position:])
        self.literals = literals
        self.slots = slots
        self.tail = "".join(pending)
        self.words = list(vocabulary)

    def copy(self, number: int) -> bytes:
        """Copy `number`: the page's words shuffled by that seed, and a comment naming it."""
        words = self.words[:]
        random.Random(number).shuffle(words)
        pieces = [""] * (2 * len(self.slots))
        pieces[::2] = self.literals
        pieces[1::2] = [words[slot] for slot in self.slots]
        text = "".join(pieces) + self.tail + f"\n<!-- benchmark copy {number} -->\n"
        return text.encode("utf-8", "surrogateescape")


def load_pages(data: Path = DEFAULT_DATA) -> list[RealPage]:
    """The benchmark's pages, in a fixed order; an empty list when its folder is missing."""
    html = data / "html"
    if not html.is_dir():
        return []
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted(html.glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        site = urlsplit(truth.get(page_id, {}).get("url", "")).hostname or page_id
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "surrogateescape")
        pages.append(RealPage(site, PageTemplate(text)))
    return pages


def site_dictionary_sizes(pages: list[RealPage], level: int) -> str:
    """Bytes per page as stored, on the sites with two different articles in the benchmark: the
    honest test of a site dictionary, since the copies of one page share their words too."""
    import zlib

    import zstandard

    by_site: dict[str, list[RealPage]] = {}
    for page in pages:
        by_site.setdefault(page.site, []).append(page)
    pairs = [found[:2] for found in by_site.values() if len(found) >= 2]
    if not pairs:
        return "no site with two articles"
    totals = {"zlib-6": 0, f"zstd-{level}": 0, f"zstd-{level} + the other article as dictionary": 0}
    for first, second in pairs:
        body = second.template.copy(2)
        dictionary = zstandard.ZstdCompressionDict(first.template.copy(1), dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        sizes = (len(zlib.compress(body, 6)), len(zstandard.ZstdCompressor(level=level).compress(body)),
                 len(zstandard.ZstdCompressor(level=level, dict_data=dictionary).compress(body)))
        for name, size in zip(totals, sizes):
            totals[name] += size
    shown = ", ".join(f"{name} {total / len(pairs) / 1000:.1f} KB" for name, total in totals.items())
    return f"{len(pairs)} sites with two different articles, stored per page: {shown}"
