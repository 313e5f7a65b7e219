"""Politeness towards each host: how many requests at once, and how far apart they start.

A request takes its host's slot first, then waits for its turn (request starts to one host
are at least ``delay`` apart, or later if the host asked us to back off), and only then takes
one of the global slots. So waiting on a slow or rate-limited host never holds a global slot
that requests to other hosts could use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _Host:
    slots: asyncio.Semaphore
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0  # event-loop time before which no request may start


class HostLimiter:
    def __init__(self, concurrency: int, per_host_concurrency: int, per_host_delay: float):
        self._global = asyncio.Semaphore(concurrency)
        self._per_host_concurrency = per_host_concurrency
        self._delay = per_host_delay
        self._hosts: dict[str, _Host] = {}

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Hold a slot for one request to ``host``, started no sooner than politeness allows."""
        state = self._host(host)
        async with state.slots:
            async with state.turn:
                loop = asyncio.get_running_loop()
                wait = state.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                state.next_start = loop.time() + self._delay
            async with self._global:
                yield

    def defer(self, host: str, seconds: float) -> None:
        """Start no request to ``host`` for ``seconds`` (Retry-After, backoff after a failure)."""
        state = self._host(host)
        state.next_start = max(state.next_start, asyncio.get_running_loop().time() + seconds)

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(asyncio.Semaphore(self._per_host_concurrency))
        return self._hosts[host]
