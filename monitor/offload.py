"""Where a pass does its CPU-heavy work (extracting a page, reading its facts): off the event loop.

In worker threads by default: the event loop stays free for the other checks, the daemon's
heartbeat and signals. Or in a small pool of processes (`processes = N` under [monitor], or
`monitor fetch --processes N`): threads share one interpreter lock with the event loop, so on a
machine with several cores the pure-Python work of extraction and of the fact engine then runs
beside the loop instead of taking turns with it (`bench/pipeline.py` measures both).

Each worker process receives the configuration's facts once, when it starts, and keeps its own
compiled lexicons; pages and texts go to it, articles and observations come back. The results
are the same either way (tests/test_offload.py compares whole passes).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from monitor.config import Config
from monitor.extraction.article import extract
from monitor.facts.attribution import extract_observations
from monitor.findings import recording
from monitor.model import Article

_facts = None  # in a worker process: the configuration's facts, set once as it starts


class OffLoop:
    """Runs extraction and fact reading in worker threads, or in `processes` worker processes."""

    def __init__(self, config: Config, processes: int = 0) -> None:
        self.config = config
        self.pool = None
        if processes:
            # forkserver: the workers start from a clean process, not a copy of a running event loop.
            self.pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker, initargs=(config.facts,),
            )

    async def extract(self, html: str, url: str, select, exclude, language) -> Article:
        if self.pool is None:
            return await asyncio.to_thread(extract, html, url, select=select, exclude=exclude, language=language)
        return await asyncio.get_running_loop().run_in_executor(
            self.pool, _extract, html, url, select, exclude, language
        )

    async def prepare_observations(self, text: str, language: str | None) -> None:
        """Read the facts of a text about to become a snapshot (see `recording.prepare_observations`)."""
        if self.pool is None:
            await asyncio.to_thread(recording.prepare_observations, text, language, self.config)
            return
        observations = await asyncio.get_running_loop().run_in_executor(self.pool, _observe, text, language)
        recording.remember_observations(text, language, self.config, observations)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _start_worker(facts) -> None:
    global _facts
    _facts = facts


def _extract(html: str, url: str, select, exclude, language) -> Article:
    return extract(html, url, select=select, exclude=exclude, language=language)


def _observe(text: str, language: str | None) -> list:
    return extract_observations(text, _facts, language=language)
