"""Every database read and write the pipeline and `monitor status` make, in one place.

The rule that keeps a crash harmless: everything one check of one URL learned (the fetch row, the
document's new state, the raw blob, the snapshot, the source's state and whatever the snapshot
hooks add) is written by `record_check` inside ONE transaction. A process killed at any moment
leaves either all of it or none of it, and the next pass simply checks that URL again.

sqlite-utils (`schema`) is imported where a database is opened to be written or upgraded, not
on import: `monitor status` and `diff` read an up-to-date database with the standard library's
sqlite3 alone (`open_reader`), in less time than importing sqlite-utils takes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from monitor.errors import MonitorError
from monitor.model import Article
from monitor.storage.blobs import raw_hash, store_blob
from monitor.storage.connection import open_current

if TYPE_CHECKING:
    from sqlite_utils import Database

# Called inside the check's transaction for each new snapshot: (db, snapshot_id, article, source).
SnapshotHook = Callable[["Database", int, Article, Any], None]


class DatabaseError(MonitorError):
    """The database file cannot be opened, read or upgraded."""


class NewerDatabaseError(DatabaseError):
    """The database was made or upgraded by a newer monitor: neither written nor read."""


def open_store(path: str, *, create: bool = True) -> Database:
    """Open the database (creating its directory and upgrading its schema), or explain why not."""
    from monitor.storage.schema import NewerSchema, open_database

    file = Path(path)
    if not create and not file.exists():
        raise DatabaseError(f"{path}: no database here yet; run `monitor init` first")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(str(file))
        db.execute("PRAGMA quick_check").fetchall()
    except NewerSchema as error:
        raise NewerDatabaseError(f"{path}: {error}") from None
    except (sqlite3.DatabaseError, OSError) as error:
        raise DatabaseError(f"{path}: cannot use this database: {error}") from None
    return db


def open_reader(path: str, *, writes: bool = False) -> sqlite3.Connection:
    """Open the database to read it (`monitor status`, `diff`), even on read-only media.

    An up-to-date file opens at once, without sqlite-utils (`connection.open_current`):
    read-only, unless the caller `writes` (`diff` moves its reader's cursor). Any other file
    opens as `open_store` opens it where the file and its directory can be written (pending
    migrations apply). Where they cannot (a mounted backup, a read-only volume): read-only
    (SQLite ``mode=ro``), and when even the WAL's shared-memory file cannot be created beside
    it, ``immutable=1`` (SQLite then trusts that nobody writes the file while it is open).
    Either way a plain sqlite3 connection.
    """
    current = open_current(path, writable=writes)
    if current is not None:
        return current
    try:
        return open_store(path, create=False).conn
    except NewerDatabaseError:
        raise
    except DatabaseError as error:
        if not Path(path).exists():
            raise
        cannot_write = error
    from sqlite_utils import Database

    from monitor.storage.schema import NewerSchema, check_not_newer

    for flags in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?{flags}", uri=True)
            conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError:
            continue
        db = Database(conn, execute_plugins=False)  # as schema.MonitorDatabase: no plugin scan
        try:
            check_not_newer(db)
        except NewerSchema as error:
            raise NewerDatabaseError(f"{path}: {error}") from None
        if _pending_migrations(db):
            raise DatabaseError(f"{path}: read-only, and its schema is older than this monitor's; "
                                "copy it somewhere writable and run `monitor init` there")
        return conn
    raise cannot_write


def needs_immutable(path: str) -> bool:
    """True when not even a read-only connection works (read-only media without the WAL's
    files): then a reader must open the file with ``immutable=1``."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    return False


def _pending_migrations(db: Database) -> bool:
    from monitor.storage.schema import migrations

    try:
        return bool(migrations.pending(db))
    except sqlite3.DatabaseError:
        return True


def insert_row(db: Database, table: str, row: Mapping[str, Any]) -> int:
    """INSERT one row with plain SQL and return its id.

    sqlite-utils' ``insert``/``update`` read the table's structure on every call, which costs
    dozens of queries per checked page; the per-page writes go through these two instead (the
    statement text depends only on the column names, so sqlite3 reuses the prepared statement).
    """
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def update_row(db: Database, table: str, row_id: int, values: Mapping[str, Any]) -> None:
    """UPDATE the row with this id, with plain SQL (see ``insert_row``)."""
    assignments = ", ".join(f"[{name}] = ?" for name in values)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id])


# ── sources ──────────────────────────────────────────────────────────────────────────────


def sync_sources(db: Database, sources: Sequence[Any], now: str) -> None:
    """Make the `sources` table match the configuration without losing any history.

    Configured sources are inserted or updated (their check state is kept); sources no longer
    configured are marked disabled, never deleted, so their documents and snapshots stay linked.
    One prepared statement for all sources, and the names compared in Python, so any number of
    sources fits (SQLite caps the parameters of one statement).
    """
    rows = [
        (source.name, source.url, source.kind, _seconds(source.interval), int(bool(source.enabled)),
         source.language, _as_json(source), now)
        for source in sources
    ]  # fmt: skip
    configured = {source.name for source in sources}
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO sources (name, url, kind, interval_seconds, enabled, language, config, synced_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET url = excluded.url,"
            " kind = excluded.kind, interval_seconds = excluded.interval_seconds, enabled = excluded.enabled,"
            " language = excluded.language, config = excluded.config, synced_at = excluded.synced_at",
            rows,
        )
        gone = [name for (name,) in db.execute("SELECT name FROM sources WHERE enabled") if name not in configured]
        db.conn.executemany("UPDATE sources SET enabled = 0, synced_at = ? WHERE name = ?", [(now, name) for name in gone])


def _as_json(source: Any) -> str:
    """The source's settings as JSON, for Datasette readers (headers are a read-only mapping)."""
    settings = {item.name: getattr(source, item.name) for item in fields(source)}
    return json.dumps(settings, default=lambda value: dict(value) if isinstance(value, Mapping) else str(value), ensure_ascii=False)


def _seconds(interval: Any) -> int | None:
    """An interval as whole seconds, whether config gives a timedelta or a number."""
    if interval is None:
        return None
    if hasattr(interval, "total_seconds"):
        return int(interval.total_seconds())
    return int(interval)


# ── passes ───────────────────────────────────────────────────────────────────────────────


def start_pass(db: Database, kind: str, now: str) -> int:
    with db.atomic():
        return db["passes"].insert({"kind": kind, "started_at": now}).last_pk


def finish_pass(db: Database, pass_id: int, now: str, summary: dict) -> None:
    with db.atomic():
        db["passes"].update(pass_id, {"finished_at": now, "summary": json.dumps(summary)})


# ── documents and checks ─────────────────────────────────────────────────────────────────

# Leading host labels that name another edition or service of the same site, not another site.
_SAME_SITE_PREFIXES = ("www.", "amp.", "m.", "feeds.", "rss.")


def site_of(url: str | None) -> str:
    """The URL's host without the labels that only name an edition of the site.

    One rule for every "same site" question: which canonical URL a page may name, and which
    feed is an article's own outlet.
    """
    host = urlsplit(url or "").hostname or ""
    while host.startswith(_SAME_SITE_PREFIXES) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host


@dataclass(frozen=True)
class Document:
    """What the pipeline needs to know about a stored URL before fetching it again."""

    id: int
    url: str
    source: str
    etag: str | None
    last_modified: str | None
    raw_hash: str | None
    next_check_at: str | None
    first_seen_at: str
    feed_published: str | None
    fetcher: str | None  # what last read it with success ("http", "browser"): fetcher = "auto" starts there


_DOCUMENT_COLUMNS = (
    "id, url, source, etag, last_modified, raw_hash, next_check_at, first_seen_at, feed_published, fetcher"
)


def find_document(db: Database, url: str) -> Document | None:
    """The document stored under exactly this URL (a page source's, or a feed article's own)."""
    row = db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE url = ?", [url]).fetchone()
    return Document(*row) if row else None


def resolve_document(db: Database, url: str) -> Document | None:
    """The document a feed entry's URL stands for: the one it is an alias of, else its own.

    The alias wins: a document stored under that URL before its page named another URL as
    canonical is no longer checked (see `_remember_alias`).
    """
    row = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = coalesce("
        " (SELECT document_id FROM document_aliases WHERE url = ?), (SELECT id FROM documents WHERE url = ?))",
        [url, url],
    ).fetchone()
    return Document(*row) if row else None


def current_text_hash(db: Database, document_id: int) -> str | None:
    """The text hash of the document's current snapshot (None before its first)."""
    row = db.execute(
        "SELECT s.text_hash FROM documents d JOIN snapshots s ON s.id = d.current_snapshot_id WHERE d.id = ?",
        [document_id],
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Check:
    """Everything one check of one URL learned, handed to the store in one piece.

    `document_url` is None for the check of a feed itself (it lists documents, it is not one).
    `alias_url` is set when the fetched page named `document_url` as its canonical URL: the
    check belongs to that document, and the URL fetched becomes one of its aliases.
    `outcome` is ok | not_modified | unchanged | error; only `ok` with an article may snapshot.
    `listed` holds the stored documents a feed's check found among its entries: the feed may
    take them over (see `_take_over`).
    """

    pass_id: int | None
    source: Any  # config Source
    fetched: Any  # fetch.FetchResult
    outcome: str
    error_class: str | None = None
    error: str | None = None
    document_url: str | None = None
    alias_url: str | None = None
    article: Article | None = None
    text_hash: str | None = None  # of article.text, as extract.text_hash computes it
    raw_hash: str | None = None  # of fetched.body, when the caller has it (else hashed here)
    blob: tuple[str, bytes] | None = None  # fetched.body compressed, when the caller has it (`blobs.compress`)
    next_check_at: str | None = None
    feed_title: str | None = None
    feed_published: str | None = None
    updates_source: bool = True  # feed entries leave the feed source's own state alone
    listed: tuple[int, ...] = ()  # ids of stored documents this feed lists


def record_check(
    db: Database,
    check: Check,
    now: str,
    on_snapshot: Iterable[SnapshotHook] = (),
) -> int | None:
    """Write one check in one transaction; return the new snapshot's id, if it made one.

    A snapshot is made only when the normalised text differs from the document's *current*
    snapshot: a page that flips back to an older text gets a new row pointing to the previous
    one, so history shows the revert. A feed's check may also take over documents of its own
    site (`_take_over`), so the findings of this and later snapshots name their outlet.
    """
    with db.atomic():
        _take_over(db, check.source, check.listed)
        document_id = _update_document(db, check, now) if check.document_url else None
        fetch_id = _insert_fetch(db, check, document_id)
        snapshot_id = None
        if document_id is not None and check.outcome == "ok" and check.article is not None:
            snapshot_id = _snapshot_if_new(db, check, document_id, fetch_id, now)
            if snapshot_id is not None:
                for hook in on_snapshot:
                    hook(db, snapshot_id, check.article, check.source)
        if check.updates_source:
            _update_source_state(db, check, now)
    return snapshot_id


def _update_document(db: Database, check: Check, now: str) -> int:
    existing = _document_of(db, check)
    state: dict[str, Any] = {"last_checked_at": now, "next_check_at": check.next_check_at}
    if check.feed_title is not None:
        state["feed_title"] = check.feed_title
    if check.feed_published is not None:
        state["feed_published"] = check.feed_published
    if check.outcome != "error":
        state["last_seen_at"] = now
    if check.outcome in ("ok", "unchanged"):
        # Validators and raw hash are kept only for a body we used, so an error or empty page
        # is fetched in full next time.
        state["etag"] = check.fetched.etag
        state["last_modified"] = check.fetched.last_modified
        state["raw_hash"] = check.raw_hash or raw_hash(check.fetched.body)
        state["fetcher"] = check.fetched.fetcher
    if existing is None:
        document = {"url": check.document_url, "source": check.source.name, "first_seen_at": now, **state}
        document_id = insert_row(db, "documents", document)
    else:
        document_id = existing.id
        update_row(db, "documents", document_id, state)
        if existing.source != check.source.name:
            _take_over(db, check.source, (document_id,))
    if check.alias_url is not None and check.alias_url != (existing.url if existing else check.document_url):
        _remember_alias(db, check.alias_url, document_id, now)
    return document_id


def _document_of(db: Database, check: Check) -> Document | None:
    """The stored document a check is about, if any.

    Under a canonical URL the page named, that is the document known by that URL, maybe through
    an alias. Failing that, a document stored under the URL fetched (its feed entry was seen
    before its canonical URL was known) moves to the canonical URL, keeping its history.
    """
    if check.alias_url is None:
        return find_document(db, check.document_url)
    owner = resolve_document(db, check.document_url)
    if owner is None and (fetched := find_document(db, check.alias_url)) is not None:
        update_row(db, "documents", fetched.id, {"url": check.document_url})
        return replace(fetched, url=check.document_url)
    return owner


def _take_over(db: Database, source: Any, document_ids: Sequence[int]) -> None:
    """Make `source` the owner of those documents that are its own site's and owned elsewhere.

    A search feed (Google News) often lists an outlet's article before the outlet's own feed
    does; the article is still the outlet's, so its findings should name that outlet, its
    re-extraction use the outlet's `select`/`exclude`, and the outlet's feed recheck it. Only a
    feed on the document's site takes over, and only from a feed on another site: a page
    source, or a source of the document's own site, keeps its documents, and of two sources on
    other sites the first one keeps it. Findings already stored keep the source they name.
    """
    if source.kind != "feed" or not document_ids:
        return
    owners = db.execute(
        "SELECT d.id, d.url, o.url, o.kind FROM documents d JOIN sources o ON o.name = d.source"
        " WHERE d.id IN (SELECT value FROM json_each(?)) AND d.source != ?",
        [json.dumps(list(document_ids)), source.name],
    ).fetchall()
    taken = [
        (source.name, document_id)
        for document_id, url, owner_url, owner_kind in owners
        if takes_over(source, url, owner_url, owner_kind)
    ]
    db.conn.executemany("UPDATE documents SET source = ? WHERE id = ?", taken)


def takes_over(source: Any, document_url: str, owner_url: str, owner_kind: str) -> bool:
    """Whether `source` becomes the owner of a document owned by another source (see _take_over)."""
    site = site_of(document_url)
    return source.kind == "feed" and owner_kind == "feed" and site_of(source.url) == site != site_of(owner_url)


def _remember_alias(db: Database, url: str, document_id: int, now: str) -> None:
    """Follow `url` as this document from now on.

    A document of its own under `url` (kept when the canonical document already existed) keeps
    its history but is no longer rechecked: its checks go to the canonical document.
    """
    db.execute(
        "INSERT INTO document_aliases (url, document_id, first_seen_at) VALUES (?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET document_id = excluded.document_id",
        [url, document_id, now],
    )
    db.execute("UPDATE documents SET next_check_at = NULL WHERE url = ? AND id != ?", [url, document_id])


def _insert_fetch(db: Database, check: Check, document_id: int | None) -> int:
    """One row per try: the earlier tries that failed transiently, then the one that counted."""
    fetched = check.fetched
    for earlier in fetched.retried:
        insert_row(db, "fetches", _fetch_row(check, document_id, earlier, "error", earlier.error_class, earlier.error))
    return insert_row(db, "fetches", _fetch_row(check, document_id, fetched, check.outcome, check.error_class, check.error))


def _fetch_row(check: Check, document_id: int | None, fetched: Any, outcome: str, error_class: str | None, error: str | None) -> dict:
    return {
        "pass_id": check.pass_id,
        "source": check.source.name,
        "document_id": document_id,
        "url": fetched.url,
        "final_url": fetched.final_url,
        "started_at": _iso(fetched.started_at),
        "duration_ms": round(fetched.duration * 1000) if fetched.duration is not None else None,
        "status": fetched.status,
        "outcome": outcome,
        "error_class": error_class,
        "error": error,
        "bytes": fetched.size,
        "attempts": fetched.attempts,
        "fetcher": fetched.fetcher,
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if hasattr(moment, "isoformat") else moment


def _snapshot_if_new(db: Database, check: Check, document_id: int, fetch_id: int, now: str) -> int | None:
    article = check.article
    hashed = check.text_hash
    owner, current_id, current_hash = db.execute(
        "SELECT d.source, s.id, s.text_hash FROM documents d LEFT JOIN snapshots s ON s.id = d.current_snapshot_id"
        " WHERE d.id = ?",
        [document_id],
    ).fetchone()
    if current_id is not None and current_hash == hashed:
        return None
    blob_hash = store_blob(db, check.fetched.body, site_of(check.fetched.final_url or check.document_url), now,
                           check.raw_hash, check.blob)
    snapshot_id = insert_row(
        db,
        "snapshots",
        {
            "document_id": document_id,
            "fetch_id": fetch_id,
            "previous_id": current_id,
            "source": owner,  # who the document belonged to then: its findings name it for good
            "created_at": now,
            "url": article.canonical_url or check.fetched.final_url or check.document_url,
            "title": article.title,
            "published": article.published,
            "language": article.language,
            "text": article.text,
            "text_hash": hashed,
            "raw_hash": blob_hash,
        },
    )
    update_row(db, "documents", document_id, {"current_snapshot_id": snapshot_id})
    return snapshot_id


def _update_source_state(db: Database, check: Check, now: str) -> None:
    failed = check.outcome == "error"
    db.execute(
        "UPDATE sources SET last_check_at = ?, last_outcome = ?, last_error_class = ?, last_error = ?,"
        " consecutive_failures = CASE WHEN ? THEN coalesce(consecutive_failures, 0) + 1 ELSE 0 END,"
        " failing_since = CASE WHEN ? THEN coalesce(failing_since, ?) ELSE NULL END"
        " WHERE name = ?",
        [now, check.outcome, check.error_class, check.error, failed, failed, now, check.source.name],
    )


@dataclass(frozen=True)
class FailedCheck:
    source: str
    url: str
    error_class: str | None
    error: str | None


def failed_checks(db: Database, pass_id: int) -> list[FailedCheck]:
    """The checks of a pass that ended in an error (the last try of each URL), in order."""
    rows = db.execute(
        "SELECT source, url, error_class, error FROM fetches WHERE pass_id = ? AND outcome = 'error'"
        " AND id IN (SELECT max(id) FROM fetches WHERE pass_id = ? GROUP BY url) ORDER BY id",
        [pass_id, pass_id],
    ).fetchall()
    return [FailedCheck(*row) for row in rows]


def due_document_urls(db: Database, source: str, now: str) -> list[str]:
    """This source's documents whose recheck time has come (NULL means: no more rechecks)."""
    rows = db.execute(
        "SELECT url FROM documents WHERE source = ? AND next_check_at <= ? ORDER BY next_check_at", [source, now]
    ).fetchall()
    return [url for (url,) in rows]


def feed_validators(db: Database, source: str) -> tuple[str | None, str | None]:
    row = db.execute("SELECT feed_etag, feed_last_modified FROM sources WHERE name = ?", [source]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def save_feed_validators(db: Database, source: str, etag: str | None, last_modified: str | None) -> None:
    """Remember a feed's validators once every entry it listed has been checked."""
    with db.atomic():
        db.execute(
            "UPDATE sources SET feed_etag = ?, feed_last_modified = ? WHERE name = ?", [etag, last_modified, source]
        )


# ── status ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SourceStatus:
    """One line of `monitor status`."""

    name: str
    kind: str
    url: str
    enabled: bool
    last_check_at: str | None
    last_outcome: str | None
    last_error_class: str | None
    last_error: str | None
    consecutive_failures: int
    failing_since: str | None
    next_run_at: str | None  # set by the daemon's scheduler; None when `monitor run` never planned it
    documents: int
    snapshots: int


def source_statuses(db: Database) -> list[SourceStatus]:
    rows = db.execute(
        """
        SELECT s.name, s.kind, s.url, s.enabled, s.last_check_at, s.last_outcome,
               s.last_error_class, s.last_error, coalesce(s.consecutive_failures, 0),
               s.failing_since, s.next_run_at,
               (SELECT count(*) FROM documents d WHERE d.source = s.name),
               (SELECT count(*) FROM snapshots n JOIN documents d ON d.id = n.document_id
                 WHERE d.source = s.name)
        FROM sources s
        ORDER BY s.enabled DESC, s.name
        """
    ).fetchall()
    return [SourceStatus(*row[:3], bool(row[3]), *row[4:]) for row in rows]
