"""Plain data passed along the pipeline.

Every stage (fetch → extract → quantities → facts → compare → store) takes and returns these
dataclasses, so each stage can be tested without the network or the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Union

# A fact's value: a number (money, percent, count, year), a claim value ("mou"), or the sorted
# members of a set (("azure",)).
FactValue = Union[float, str, tuple[str, ...]]

COMPARATORS = ("=", "~", ">", ">=", "<", "<=", "range")

# Every kind of finding, as `findings.rules.KINDS` orders them (a test keeps the two equal): the
# config names them in [[notify]] `kinds` without importing the findings wing.
FINDING_KINDS = (
    "confirms", "refines", "imprecise", "diverges", "new", "unverifiable", "conflict", "edited", "fact_changed",
    "reverted",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One unit of main text: a paragraph, heading, list item or quote."""

    kind: str  # "p", "h", "li", "quote"
    text: str


@dataclass(frozen=True)
class Article:
    """What extraction keeps of a page: its metadata and its main text, without furniture."""

    url: str | None
    title: str | None
    published: str | None  # ISO 8601 date or date-time
    language: str | None  # ISO 639-1 ("en", "fr")
    blocks: tuple[Block, ...] = ()
    canonical_url: str | None = None

    @cached_property  # read several times a check (hash, facts, snapshot): joined once
    def text(self) -> str:
        """The normalised main text: blocks joined by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Quantity:
    """A figure found in text, in base units (one billion = 1e9, 26 % = 26)."""

    kind: str  # "money", "percent", "count", "year", "number"
    value: float
    comparator: str = "="  # one of COMPARATORS
    value_max: float | None = None  # upper bound when comparator == "range"
    currency: str | None = None  # ISO 4217 for money
    unit: str | None = None  # counted noun for counts ("areas"), None otherwise
    step: float | None = None  # size of the last written digit, in base units ("$1.5bn" → 1e8)
    start: int = 0  # span of the figure itself in the text
    end: int = 0
    full_start: int = 0  # span including comparator words ("more than $100bn")
    full_end: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Observation:
    """A value of one tracked fact, as one sentence of one document states it."""

    key: str
    kind: str  # fact kind: money, percent, count, year, claim, set
    value: FactValue
    comparator: str = "="
    value_max: float | None = None
    currency: str | None = None
    unit: str | None = None
    step: float | None = None
    evidence: str = ""  # the whole sentence
    start: int = 0  # character offsets of the figure or phrase in the article text
    end: int = 0
    attributed_to: str | None = None  # "Financial Times" in "according to the Financial Times"


@dataclass(frozen=True)
class Baseline:
    """The reference value of a fact, with the sentence of the reference document behind it."""

    key: str
    value: FactValue
    comparator: str = "="
    value_max: float | None = None
    currency: str | None = None
    unit: str | None = None
    step: float | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Comparison:
    """One observation set against its fact's baseline."""

    key: str
    kind: str  # confirms, refines, imprecise, diverges, new, unverifiable
    observed: Observation
    baseline: Baseline | None = None
    note: str | None = None  # why, e.g. "no EUR→USD rate in [fx]"


@dataclass(frozen=True)
class Finding:
    """What `monitor diff` reports: one change worth a reader's attention."""

    kind: str  # confirms … unverifiable, conflict, edited, fact_changed, reverted
    key: str | None
    document_url: str
    source: str
    observed: Observation | None = None
    baseline: Baseline | None = None
    previous: Observation | None = None
    other: dict | None = None  # the other side of a conflict
    diff: list = field(default_factory=list)  # sentence-level diff for edited


@dataclass(frozen=True)
class FetchPolicy:
    """What the fetchers need of the settings: identity, limits, timeouts, retries, the browser."""

    user_agent: str = "monitor/0.1 (+https://example.org/monitor)"
    concurrency: int = 8  # global
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0  # seconds between requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 5_000_000  # cap on the *decompressed* body
    max_redirects: int = 5
    retries: int = 2  # for transient failures only
    backoff: float = 1.0  # base seconds, exponential with jitter
    max_retry_after: float = 600.0  # cap on honoured Retry-After
    respect_robots: bool = True
    browser_concurrency: int = 2  # pages open at once in the headless browser (fetcher "browser"/"auto")
    chromium: str = "/usr/bin/chromium"  # the browser Playwright drives; never downloaded
    google_news_url: str = "https://news.google.com"  # where Google News links are decoded
