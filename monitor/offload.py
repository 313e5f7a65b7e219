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
compiled lexicons; pages and texts go to it, readings and observations come back. What a worker
does is `reading`'s, so a worker process imports that module's needs only. The results are the
same either way (tests/test_offload.py compares whole passes).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from monitor.config import Config
from monitor.findings import recording
from monitor.reading import (
    PageReading,
    PageToRead,
    observe_in_worker,
    read_in_worker,
    read_page,
    start_worker,
)

# Worker threads: two, whatever the machine. Extraction and the fact engine are Python, so they
# take turns on the interpreter lock; a second thread runs while the first is in C (parsing,
# hashing). More threads ran no faster (bench/pipeline.py) but each held a page and its parse
# tree: six took the first pass's peak memory from ~148 MB to ~184 MB.
THREADS = 2


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
                initializer=start_worker, initargs=(config.facts,),
            )

    async def read_page(self, page: PageToRead, *, facts: bool) -> PageReading:
        """Decode, extract and hash a page, and read its facts if `facts` and its text is new;
        raises `Unreadable` for bytes that are no text. Observations read are kept for the
        snapshot they are meant for (`recording.remember_observations`)."""
        if self.pool is None:
            definitions = self.config.facts if facts else None
            reading = await asyncio.get_running_loop().run_in_executor(self.threads, read_page, page, definitions)
        else:
            reading = await asyncio.get_running_loop().run_in_executor(self.pool, read_in_worker, page, facts)
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
        observations = await asyncio.get_running_loop().run_in_executor(self.pool, observe_in_worker, text, language)
        recording.remember_observations(text, language, self.config, observations)

    def close(self) -> None:
        self.threads.shutdown(cancel_futures=True)
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
