"""Where a pass does its CPU-heavy work (decoding a page, extracting it, reading its facts): off
the event loop.

In two worker threads by default: the event loop stays free for the other checks, the daemon's
heartbeat and signals. Or in a small pool of processes (`monitor fetch --processes N`): threads
share one interpreter lock with the event loop, so on a machine with several cores the
pure-Python work of extraction and of the fact engine then runs beside the loop instead of taking
turns with it; each process holds its own extractor and fact engine, though, so a pass takes
about twice the memory (`bench/pipeline.py` measures both).

A page is read in one trip: its bytes are decoded there (so pages waiting for a worker hold
their bytes, not a decoded copy two to four times larger), extracted and hashed; when its text
is new to its document (the common case) it is also compressed for storage and its facts read,
so a new page crosses to a worker once and the event loop only writes what came back.

Each worker process receives the configuration's facts once, when it starts, and keeps its own
compiled lexicons; pages and texts go to it, readings and observations come back. The results
are the same either way (tests/test_offload.py compares whole passes).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from monitor.config import Config
from monitor.extraction.article import extract, text_hash
from monitor.facts.attribution import extract_observations
from monitor.fetching._response import page_markup
from monitor.findings import recording
from monitor.model import Article
from monitor.storage.blobs import SiteDictionary, compress, raw_hash

# Worker threads: two, whatever the machine. Extraction and the fact engine are Python, so they
# take turns on the interpreter lock; a second thread runs while the first is in C (parsing,
# hashing). More threads ran no faster (bench/pipeline.py) but each held a page and its parse
# tree: six took the first pass's peak memory from ~148 MB to ~184 MB.
THREADS = 2
_facts = None  # in a worker process: the configuration's facts, set once as it starts


@dataclass
class PageReading:
    """What a worker made of a page: its article, the hashes of its text and of its bytes, and
    the facts of the text when it was new to the document (``facts_error`` if reading them failed:
    the caller raises it only if it needs the facts)."""

    article: Article
    text_hash: str
    raw_hash: str
    blob: tuple[str, bytes] | None = None  # the page compressed for storage, when its text is new
    observations: list | None = None
    facts_error: Exception | None = None


@dataclass(frozen=True)
class PageToRead:
    """A fetched page as a worker needs it: its text when the fetch decoded it (a browser's), else its bytes."""

    body: bytes
    text: str | None
    header_charset: str | None
    url: str
    select: str | None
    exclude: tuple
    language: str | None
    raw_hash: str | None = None  # when the caller already hashed the bytes
    known_text_hash: str | None = None  # the document's current text: only another one is stored and read
    compress: bool = False  # compress the page for storage when its text is new
    dictionary: SiteDictionary | None = None  # with its site's dictionary, if it has one


class OffLoop:
    """Reads pages and facts in worker threads, or in `processes` worker processes."""

    def __init__(self, config: Config, processes: int = 0) -> None:
        self.config = config
        self.pool = None
        self.threads = ThreadPoolExecutor(THREADS, thread_name_prefix="monitor-read")
        if processes:
            # forkserver: the workers start from a clean process, not a copy of a running event loop.
            self.pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker, initargs=(config.facts,),
            )

    async def read_page(self, page: PageToRead, *, facts: bool) -> PageReading:
        """Decode, extract and hash a page, and read its facts if `facts` and its text is new;
        raises `Unreadable` for bytes that are no text. Observations read are kept for the
        snapshot they are meant for (`recording.remember_observations`)."""
        if self.pool is None:
            definitions = self.config.facts if facts else None
            reading = await asyncio.get_running_loop().run_in_executor(self.threads, read_page, page, definitions)
        else:
            reading = await asyncio.get_running_loop().run_in_executor(self.pool, _read_page, page, facts)
        if reading.observations is not None:
            article = reading.article
            recording.remember_observations(article.text, article.language, self.config, reading.observations)
        return reading

    async def prepare_observations(self, text: str, language: str | None) -> None:
        """Read the facts of a text about to become a snapshot (see `recording.prepare_observations`)."""
        if self.pool is None:
            await asyncio.get_running_loop().run_in_executor(
                self.threads, recording.prepare_observations, text, language, self.config
            )
            return
        observations = await asyncio.get_running_loop().run_in_executor(self.pool, _observe, text, language)
        recording.remember_observations(text, language, self.config, observations)

    def close(self) -> None:
        self.threads.shutdown(cancel_futures=True)
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def read_page(page: PageToRead, facts) -> PageReading:
    """The work of `OffLoop.read_page`, where it runs (`facts`: the definitions, or None for none)."""
    markup = page.text if page.text is not None else page_markup(page.body, page.header_charset)
    article = extract(markup, page.url, select=page.select, exclude=page.exclude, language=page.language)
    reading = PageReading(article, text_hash(article.text), page.raw_hash or raw_hash(page.body))
    if not article.text.strip() or reading.text_hash == page.known_text_hash:
        return reading  # no new snapshot: nothing to store or read
    if page.compress:
        reading.blob = compress(page.body, page.dictionary)
    if facts is not None:
        try:
            reading.observations = extract_observations(article.text, facts, language=article.language)
        except Exception as error:  # noqa: BLE001 — reported at the facts stage, if the facts are needed
            reading.facts_error = error
    return reading


def _start_worker(facts) -> None:
    global _facts
    _facts = facts


def _read_page(page: PageToRead, facts: bool) -> PageReading:
    return read_page(page, _facts if facts else None)


def _observe(text: str, language: str | None) -> list:
    return extract_observations(text, _facts, language=language)
