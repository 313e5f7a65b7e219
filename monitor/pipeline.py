"""One pass over the sources: fetch each one, extract its article, store what changed.

A page source is one document. A feed source lists documents: its on-topic entries, plus the
stored documents of that feed whose recheck is due. A feed article is filed under the canonical
URL its page names (within the same site), so one article reached through several links, or
listed by several feeds, is one document, checked once a pass; it belongs to the feed of its own
site once that feed lists it, even if a search feed found it first (`store.record_check`).

Network I/O runs concurrently on one event loop through a single Fetcher (it enforces the global
and per-host limits); database writes run on that same thread, one short transaction per checked
URL (`store.record_check`), only after the fetch has finished. The CPU-heavy work (parsing a
feed; decoding, extracting and compressing a page and reading its facts, in one trip: `offload`)
runs in worker threads, so one heavy page never holds up the other checks, the daemon's
heartbeat or a stop signal.

One hostile page must never stop a pass: whatever a document's check raises (a parser's bug, a
fact engine's, a malformed URL) is recorded on that check, as a `fetches` row of error class
"other" with the exception's text, and the pass goes on. Only a storage error (a full disk, a
damaged file) stops it, since nothing could then be recorded.

Links the monitor discovers (feed entries, redirects, canonical URLs) may not lead to private,
loopback or link-local addresses, unless the source itself is on one or sets `allow_private`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from sqlite_utils import Database

from monitor.config import Config, Source
from monitor.fetching._response import Unreadable
from monitor.fetching.address import on_private_address, private_refusal
from monitor.fetching.choice import browser_may_help, first_fetcher
from monitor.fetching.feeds import (
    FeedEntry,
    FeedError,
    canonicalize_url,
    matches_topic,
    newest,
    parse_feed,
)
from monitor.fetching.google_news import is_article_link
from monitor.fetching.http import Fetcher, FetchResult
from monitor.findings import recording
from monitor.model import Article
from monitor.notify import outbox
from monitor.offload import OffLoop
from monitor.reading import PageToRead
from monitor.serialize import parse_time_or_none
from monitor.storage import blobs, store

# (checks finished, checks known so far, URL just checked): feeds add checks as they are read.
ProgressCallback = Callable[[int, int, str], None]

# Concurrent source checks per global fetch slot (`concurrency` in sources.toml).
WORKERS_PER_FETCH_SLOT = 4


def snapshot_hooks(config: Config) -> tuple[store.SnapshotHook, ...]:
    """What runs for each new snapshot, inside the transaction that writes it.

    Fact extraction and comparison plug in here, so observations and findings are written
    atomically with the snapshot that caused them; then the notification outbox, so the
    messages those findings owe the [[notify]] channels are written with them.
    """
    if config.notify:
        return (recording.snapshot_hook(config), outbox.snapshot_hook(config))
    return (recording.snapshot_hook(config),)


@dataclass
class PassSummary:
    """What one pass did, counted by outcome; `checked` counts every URL fetched."""

    pass_id: int
    checked: int = 0
    new_snapshots: int = 0
    same_text: int = 0  # fetched and extracted, main text as before
    unchanged: int = 0  # raw bytes as before: extraction skipped
    not_modified: int = 0  # 304
    not_due: int = 0  # stored feed entries left alone until their recheck time
    errors: Counter = field(default_factory=Counter)  # error class → count

    def as_dict(self) -> dict:
        return {
            "pass_id": self.pass_id,
            "checked": self.checked,
            "new_snapshots": self.new_snapshots,
            "same_text": self.same_text,
            "unchanged": self.unchanged,
            "not_modified": self.not_modified,
            "not_due": self.not_due,
            "errors": dict(sorted(self.errors.items())),
        }


def sync_config(config: Config, db: Database, now: str) -> None:
    """Copy the configuration into the database: the sources, and the fact definitions with their
    baselines (so `monitor diff --fact` knows every configured fact before any article states it)."""
    store.sync_sources(db, config.sources, now)
    with db.atomic():
        recording.sync_baseline_facts(db, config.facts, now)


def run_pass(
    config: Config,
    db: Database,
    sources: Sequence[Source] | None = None,
    *,
    progress: ProgressCallback | None = None,
    on_snapshot: Iterable[store.SnapshotHook] | None = None,
    processes: int = 0,
) -> PassSummary:
    """Sync the sources table, then check `sources` (default: every enabled one) once.

    `processes`: extract pages and read their facts in that many worker processes (0: threads).
    """
    sync_config(config, db, utc_now())
    selected = [source for source in config.sources if source.enabled] if sources is None else list(sources)
    off_loop = OffLoop(config, processes)
    try:
        return asyncio.run(_run(config, db, selected, on_snapshot, progress, off_loop))
    finally:
        off_loop.close()


async def _run(config, db, sources, hooks, progress, off_loop) -> PassSummary:
    async with Fetcher(config.monitor.fetch_policy()) as fetcher:
        return await check_sources(config, db, fetcher, sources, on_snapshot=hooks, progress=progress, off_loop=off_loop)


async def check_sources(
    config: Config,
    db: Database,
    fetcher: Fetcher,
    sources: Sequence[Source],
    *,
    kind: str = "fetch",
    progress: ProgressCallback | None = None,
    on_snapshot: Iterable[store.SnapshotHook] | None = None,
    off_loop: OffLoop | None = None,
) -> PassSummary:
    """One pass of `kind` over `sources` with an open fetcher: start it, check each source, finish it.

    The daemon calls this on its running loop with its long-lived fetcher; `run_pass` with a
    fetcher of its own. A bounded set of workers takes the sources one by one, so memory stays
    flat however many sources there are; there are several workers per fetch slot, so sources
    waiting on a busy host's limits do not leave the other hosts' slots idle.
    """
    pass_id = store.start_pass(db, kind, utc_now())
    hooks = tuple(snapshot_hooks(config) if on_snapshot is None else on_snapshot)
    summary = PassSummary(pass_id)
    tally = _Tally(summary, progress, known=len(sources))
    own_off_loop = off_loop is None  # the daemon's checks: threads for this check only
    documents = _DocumentChecker(config, db, fetcher, hooks, tally, off_loop or OffLoop(config))
    checker = _PassChecker(db, fetcher, tally, documents)
    waiting = iter(sources)  # shared by the workers: each source is taken once

    async def work() -> None:
        for source in waiting:
            try:
                await checker.check_source(source)
            except sqlite3.Error:
                raise  # storage is broken: nothing more can be recorded
            except Exception as error:  # noqa: BLE001 — a last resort: the checks catch their own
                checker.record_crash(source, source.url, "check", error)

    workers = min(len(sources), WORKERS_PER_FETCH_SLOT * config.monitor.concurrency)
    try:
        await asyncio.gather(*(work() for _ in range(workers)))
    finally:
        if own_off_loop:
            documents.off_loop.close()
    store.finish_pass(db, pass_id, utc_now(), summary.as_dict())
    return summary


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class _Verdict:
    """What a fetched document amounts to, before anything is written."""

    outcome: str  # ok | not_modified | unchanged | error
    error_class: str | None = None
    error: str | None = None
    article: Article | None = None
    text_hash: str | None = None
    raw_hash: str | None = None  # of the fetched body, once read
    blob: tuple[str, bytes] | None = None  # the body compressed for storage, when its text was new
    facts_read: bool = False  # the article's observations are ready for its snapshot
    facts_error: Exception | None = None  # reading them failed: raised if they are needed


class _PassChecker:
    """The sources of one pass: a page source is one document; a feed is read for the documents
    it lists (and its due ones), each followed once a pass whichever feeds list it."""

    def __init__(self, db: Database, fetcher: Fetcher, tally: _Tally, documents: _DocumentChecker) -> None:
        self.db = db
        self.fetcher = fetcher
        self.tally = tally
        self.documents = documents
        self.claimed: set[str] = set()  # documents a feed of this pass already follows, by URL

    async def check_source(self, source: Source) -> None:
        if source.kind == "feed":
            await self.check_feed(source)
        else:
            await self.documents.check(source, source.url, updates_source=True)

    def record_crash(self, source: Source, url: str, stage: str, error: Exception) -> None:
        """Record a check that raised as an error of class "other", with the exception's text."""
        verdict = _crash_verdict(stage, error)
        fetched = _crash_result(url, verdict.error)
        check = store.Check(self.tally.summary.pass_id, source, fetched, "error", verdict.error_class, verdict.error,
                            document_url=None if source.kind == "feed" and url == source.url else url)
        store.record_check(self.db, check, utc_now())
        self.tally.count(verdict, None, url)

    async def check_feed(self, source: Source) -> None:
        stage = "fetch"
        try:
            etag, last_modified = store.feed_validators(self.db, source.name)
            fetched = await self.fetcher.fetch(
                source.url, etag=etag, last_modified=last_modified, headers=dict(source.headers), expect="feed",
                allow_private=await self.documents.private_allowed(source), trusted=source.url,
            )
            stage = "feed parsing"
            verdict, entries = await asyncio.to_thread(_judge_feed, fetched)
            stage = "feed entries"
            if len(entries) > self.documents.config.monitor.max_feed_entries:
                entries = newest(entries, self.documents.config.monitor.max_feed_entries)
            now = utc_now()
            listed = self._listed_documents(source, entries, now)
            stored = tuple(document.id for document, _entry in listed.values() if document is not None)
            check = store.Check(
                self.tally.summary.pass_id, source, fetched, verdict.outcome, verdict.error_class, verdict.error,
                listed=stored,
            )
            stage = "recording the check"
            store.record_check(self.db, check, now)
        except sqlite3.Error:
            raise
        except Exception as error:  # noqa: BLE001 — one hostile feed must not stop the pass
            self.record_crash(source, source.url, stage, error)
            return
        self.tally.count(verdict, None, source.url)
        follow = self._to_follow(listed, now)
        self.tally.expect(len(follow))
        await asyncio.gather(*(self.documents.check(source, url, entry=entry) for url, entry in follow))
        if verdict.outcome == "ok":
            # Only now: a pass killed while following entries must read the whole feed again.
            store.save_feed_validators(self.db, source.name, fetched.etag, fetched.last_modified)

    def _listed_documents(
        self, source: Source, entries: list[FeedEntry], now: str
    ) -> dict[str, tuple[store.Document | None, FeedEntry | None]]:
        """On-topic entries and this feed's due documents, by the URL of the document each
        stands for (None: not stored yet)."""
        candidates: dict[str, FeedEntry | None] = {}
        for entry in entries:
            if matches_topic(entry, source.topic):
                candidates.setdefault(entry.url, entry)  # parse_feed canonicalised it
        for url in store.due_document_urls(self.db, source.name, now):
            candidates.setdefault(url, None)
        documents: dict[str, tuple[store.Document | None, FeedEntry | None]] = {}
        for url, entry in candidates.items():
            document = store.resolve_document(self.db, url)
            documents.setdefault(document.url if document else url, (document, entry))
        return documents

    def _to_follow(
        self, listed: dict[str, tuple[store.Document | None, FeedEntry | None]], now: str
    ) -> list[tuple[str, FeedEntry | None]]:
        """The listed documents to fetch (at the document's URL), minus those not yet due and
        those another feed of this pass already follows."""
        follow = []
        for url, (document, entry) in listed.items():
            if url in self.claimed:
                continue
            if document is None or (document.next_check_at is not None and document.next_check_at <= now):
                self.claimed.add(url)
                follow.append((url, entry))
            else:
                self.tally.summary.not_due += 1
        return follow


class _DocumentChecker:
    """One document's check: fetch it conditionally, judge it, file it under its canonical URL, record it.

    Apart from the pass because how a document is read, filed and rescheduled is the same
    whether a page source names it or a feed lists it.
    """

    def __init__(
        self, config: Config, db: Database, fetcher: Fetcher, hooks: tuple[store.SnapshotHook, ...], tally: _Tally,
        off_loop: OffLoop,
    ) -> None:
        self.config = config
        self.off_loop = off_loop
        self.db = db
        self.fetcher = fetcher
        self.hooks = hooks
        self.tally = tally
        self.page_urls = {source.url for source in config.sources if source.kind == "page"}
        self.sources = {source.name: source for source in config.sources}
        self._private: dict[str, bool] = {}  # a source's host → is it on a private address (resolved once a pass)

    async def private_allowed(self, source: Source) -> bool:
        """Whether links `source` leads to may reach private addresses: when it says so
        (`allow_private`), or else when it is itself on such an address (an intranet source)."""
        if source.allow_private is not None:
            return source.allow_private
        host = urlsplit(source.url).netloc
        if host not in self._private:
            self._private[host] = await on_private_address(source.url)
        return self._private[host]

    async def check(
        self, source: Source, url: str, *, entry: FeedEntry | None = None, updates_source: bool = False
    ) -> None:
        """Check one document; whatever goes wrong is recorded on the check, and the pass goes on."""
        stage, fetched = "fetch", None
        try:
            document = store.find_document(self.db, url)
            allow_private = await self.private_allowed(source)
            trusted = url if url == source.url or url in self.page_urls else None
            via = first_fetcher(source.fetcher, document.fetcher if document else None)
            fetched = await self.fetcher.fetch(
                url,
                etag=document.etag if document else None,
                last_modified=document.last_modified if document else None,
                headers=dict(source.headers),
                expect="html",
                allow_private=allow_private,
                trusted=trusted,
                via=via,
                decode=False,  # decoded by the worker that reads the page
            )
            stage = "extraction"
            reader = self._reader(source, document)
            verdict = await self._judge(fetched, document, reader)
            if browser_may_help(source.fetcher, via, verdict.error_class, fetched.size):
                stage = "fetch"
                fetched, verdict = await self._in_browser(source, url, document, reader, fetched, verdict,
                                                          allow_private, trusted)
            stage = "canonical URL"
            canonical = await self._canonical_url(source, url, fetched, verdict, allow_private)
            if canonical is not None:  # the check lands in the canonical URL's document, when there is one
                landed = store.resolve_document(self.db, canonical)
                if landed is not None and _settings(landed_reader := self._reader(source, landed)) != _settings(reader):
                    stage = "extraction"
                    verdict = await self._judge(fetched, landed, landed_reader)
                document = landed or document
            if verdict.article is not None and self.hooks and _may_be_new(self.db, document, verdict):
                stage = "facts"
                if verdict.facts_error is not None:
                    raise verdict.facts_error
                if not verdict.facts_read:
                    await self.off_loop.prepare_observations(verdict.article.text, verdict.article.language)
            stage = "recording the check"
            snapshot_id = self._record(source, url, fetched, verdict, canonical, document, entry, updates_source)
        except sqlite3.Error:
            raise  # storage is broken: the pass cannot go on
        except Exception as error:  # noqa: BLE001 — one hostile page must not stop the pass
            verdict = _crash_verdict(stage, error)
            failed = _crash_result(url, verdict.error, fetched)
            check = store.Check(
                pass_id=self.tally.summary.pass_id, source=source, fetched=failed, outcome="error",
                error_class=verdict.error_class, error=verdict.error, document_url=url,
                updates_source=updates_source,
            )
            store.record_check(self.db, check, utc_now())
            snapshot_id = None
        self.tally.count(verdict, snapshot_id, url)

    async def _in_browser(self, source, url, document, reader, http_fetched, http_verdict, allow_private, trusted):
        """`fetcher = "auto"`: the page read again in the browser, after plain HTTP met a challenge
        or a script's empty shell. The HTTP try keeps its own `fetches` row, as an earlier try;
        a failure in the browser names what HTTP met too."""
        fetched = await self.fetcher.fetch(url, headers=dict(source.headers), expect="html",
                                           allow_private=allow_private, trusted=trusted, via="browser")
        http_try = replace(http_fetched, outcome="error", error_class=http_verdict.error_class, error=http_verdict.error)
        fetched = replace(fetched, retried=(*http_fetched.retried, http_try, *fetched.retried))
        verdict = await self._judge(fetched, document, reader)
        if verdict.outcome == "error":
            error = f"{verdict.error} (plain HTTP first: {http_verdict.error_class}, {http_verdict.error})"
            fetched, verdict = replace(fetched, error=error), replace(verdict, error=error)
        return fetched, verdict

    async def _judge(self, fetched: FetchResult, document: store.Document | None, reader: Source) -> _Verdict:
        """The page judged with `reader`'s settings; its facts read with it when a snapshot may need them."""
        return await _judge_page(fetched, document, reader, self.off_loop, db=self.db, facts=bool(self.hooks))

    def _record(self, source, url, fetched, verdict, canonical, document, entry, updates_source) -> int | None:
        now = utc_now()
        check = store.Check(
            pass_id=self.tally.summary.pass_id,
            source=source,
            fetched=fetched,
            outcome=verdict.outcome,
            error_class=verdict.error_class,
            error=verdict.error,
            document_url=canonical or url,
            alias_url=url if canonical else None,
            article=verdict.article,
            text_hash=verdict.text_hash,
            raw_hash=verdict.raw_hash,
            blob=verdict.blob,
            next_check_at=self._next_check_at(source, document, entry, now),
            feed_title=entry.title if entry else None,
            feed_published=entry.published if entry else None,
            updates_source=updates_source,
        )
        return store.record_check(self.db, check, now, self.hooks)

    def _reader(self, source: Source, document: store.Document | None) -> Source:
        """The source whose select/exclude/language read the page: the document's owner after
        this check, so an article two feeds reach is read one way (an edit is never just the
        other feed's settings)."""
        if document is None or document.source == source.name:
            return source
        owner = self.sources.get(document.source)
        if owner is None or store.takes_over(source, document.url, owner.url, owner.kind):
            return source
        return owner

    async def _canonical_url(
        self, source: Source, url: str, fetched: FetchResult, verdict: _Verdict, allow_private: bool
    ) -> str | None:
        """The URL a feed article is filed under when its page names another one as canonical.

        Page sources keep their configured URL, even when a feed lists it too. A canonical URL on
        a private address is ignored like one on another site (unless the source allows them).
        """
        if source.kind != "feed" or verdict.article is None or url in self.page_urls:
            return None
        declared = verdict.article.canonical_url
        if declared is None and is_article_link(url):  # a Google News link: the publisher's URL it led to
            declared = fetched.final_url
        canonical = merge_target(url, fetched.final_url, declared)
        if canonical is not None and not allow_private and await private_refusal(canonical):
            return None
        return canonical

    def _next_check_at(self, source: Source, document, entry: FeedEntry | None, now: str) -> str | None:
        """Pages come back every source interval; feed articles less often as they age."""
        moment = datetime.fromisoformat(now)
        if source.kind == "page":
            return _iso(moment + timedelta(seconds=source.interval))
        published = (entry.published if entry else None) or (document.feed_published if document else None)
        born = parse_time_or_none(published) or parse_time_or_none(document.first_seen_at if document else None) or moment
        interval = self.config.monitor.recheck_interval(max(0.0, (moment - born).total_seconds()))
        return None if interval is None else _iso(moment + timedelta(seconds=interval))


class _Tally:
    """The pass's summary and its progress: what each check, of a source or of a feed's
    article, adds to the counts; feeds add to the checks known as they are read."""

    def __init__(self, summary: PassSummary, progress: ProgressCallback | None, *, known: int) -> None:
        self.summary = summary
        self.progress = progress
        self.known = known  # checks known so far: the sources, plus the entries their feeds list

    def expect(self, more: int) -> None:
        self.known += more

    def count(self, verdict: _Verdict, snapshot_id: int | None, url: str) -> None:
        summary = self.summary
        summary.checked += 1
        if verdict.outcome == "error":
            summary.errors[verdict.error_class or "error"] += 1
        elif verdict.outcome == "unchanged":
            summary.unchanged += 1
        elif verdict.outcome == "not_modified":
            summary.not_modified += 1
        elif snapshot_id is not None:
            summary.new_snapshots += 1
        elif verdict.article is not None:
            summary.same_text += 1
        if self.progress:
            self.progress(summary.checked, self.known, url)


def merge_target(url: str, final_url: str | None, canonical_url: str | None) -> str | None:
    """The canonical URL a page fetched at `url` declares, when it may stand for the page.

    Ignored: a non-http(s) URL; the site's home page (a common CMS bug that would merge every
    article into one); and a URL on another site than both `url` and the `final_url` it
    redirected to, because a page may not speak for another outlet: a syndicated copy stays
    that outlet's publication, and a wrong or hostile canonical cannot write into another
    site's history. Sites are compared by `store.site_of` (`www.`, `amp.`, `m.`… hosts are the
    same site); a redirect (Google News links) makes the landing site the page's own.
    """
    if not canonical_url:
        return None
    canonical = canonicalize_url(canonical_url)
    parts = urlsplit(canonical)
    if canonical == url or parts.scheme not in ("http", "https"):
        return None
    if parts.path == "/" and not parts.query:
        return None
    if store.site_of(canonical) not in {store.site_of(url), store.site_of(final_url or url)}:
        return None
    return canonical


def _crash_verdict(stage: str, error: Exception) -> _Verdict:
    text = str(error) or "(no message)"
    return _Verdict("error", "other", f"{stage} failed: {type(error).__name__}: {text}"[:2000])


def _crash_result(url: str, message: str, fetched: FetchResult | None = None) -> FetchResult:
    """The fetch row of a check that raised: what was fetched, if the fetch itself went through."""
    if fetched is not None:
        return replace(fetched, outcome="error", error_class="other", error=message)
    return FetchResult(url=url, final_url=url, outcome="error", error_class="other", error=message,
                       started_at=utc_now())


def _may_be_new(db: Database, document: store.Document | None, verdict: _Verdict) -> bool:
    """Whether the verdict's text differs from the document's current snapshot (worth reading its facts)."""
    return document is None or store.current_text_hash(db, document.id) != verdict.text_hash


def _settings(source: Source) -> tuple:
    return source.select, source.exclude, source.language


async def _judge_page(
    fetched: FetchResult, document: store.Document | None, source: Source, off_loop: OffLoop, *,
    db: Database | None = None, facts: bool = False,
) -> _Verdict:
    """Decide from the cheapest evidence first: fetch outcome, raw bytes, then the page read off the loop.

    With `db`, the database a snapshot would go to, a page whose text differs from its
    document's current one comes back compressed for storage, and with its facts if `facts`.
    """
    if fetched.outcome != "ok":
        return _Verdict(fetched.outcome, fetched.error_class, fetched.error)
    hashed = store.raw_hash(fetched.body) if document is not None else None
    if hashed is not None and document.raw_hash == hashed:
        return _Verdict("unchanged")
    page = PageToRead(fetched.body, fetched.text, fetched.header_charset, fetched.final_url, source.select,
                      source.exclude, source.language, hashed)
    if db is not None:
        known = store.current_text_hash(db, document.id) if document is not None else None
        dictionary = blobs.site_dictionary(db, store.site_of(fetched.final_url))
        page = replace(page, known_text_hash=known, compress=True, dictionary=dictionary)
    try:
        reading = await off_loop.read_page(page, facts=facts and db is not None)
    except Unreadable as unreadable:
        return _Verdict("error", unreadable.error_class, unreadable.message)
    if not reading.article.text.strip():
        return _Verdict("error", "empty", "no main text found on the page")
    return _Verdict("ok", article=reading.article, text_hash=reading.text_hash, raw_hash=reading.raw_hash,
                    blob=reading.blob, facts_read=reading.observations is not None, facts_error=reading.facts_error)


def _judge_feed(fetched: FetchResult) -> tuple[_Verdict, list[FeedEntry]]:
    if fetched.outcome != "ok":
        return _Verdict(fetched.outcome, fetched.error_class, fetched.error), []
    try:
        return _Verdict("ok"), parse_feed(fetched.body, fetched.final_url)
    except FeedError as error:
        return _Verdict("error", "not_feed", str(error)), []


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
