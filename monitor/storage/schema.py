"""The database schema, as sqlite-utils migrations.

One file, browsable in Datasette: explicit columns, foreign keys everywhere (Datasette turns them
into links), FTS5 on snapshot text kept in step by triggers. A migration is never edited once
shipped; a schema change is a new migration appended below.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

from sqlite_utils import Database, Migrations

from monitor.facts.compare import observation_bounds
from monitor.storage.connection import MIGRATION_SET, share_settings, write_transaction

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_core(db: Database) -> None:
    """Sources, passes, fetch attempts, documents, raw pages and snapshots."""
    db["sources"].create(
        {
            "name": str,
            "url": str,
            "kind": str,  # page | feed
            "interval_seconds": int,
            "enabled": int,
            "language": str,
            "config": str,  # the source's table from sources.toml, as JSON
            "synced_at": str,
            # state kept by passes and the daemon
            "last_check_at": str,
            "last_outcome": str,
            "last_error_class": str,
            "last_error": str,
            "consecutive_failures": int,
            "failing_since": str,
            "next_run_at": str,
        },
        pk="name",
        not_null={"url", "kind"},
        defaults={"enabled": 1, "consecutive_failures": 0},
    )
    db["passes"].create(
        {
            "id": int,
            "kind": str,  # fetch | daemon | reextract
            "started_at": str,
            "finished_at": str,
            "summary": str,  # JSON counts
        },
        pk="id",
    )
    db["documents"].create(
        {
            "id": int,
            "url": str,  # canonical
            "source": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "last_checked_at": str,
            "next_check_at": str,
            "etag": str,
            "last_modified": str,
            "raw_hash": str,  # hash of the last raw body: unchanged bytes → skip all work
            "feed_title": str,
            "feed_published": str,
            "current_snapshot_id": int,
        },
        pk="id",
        not_null={"url", "source"},
        foreign_keys=[("source", "sources", "name")],
    )
    db["documents"].create_index(["url"], unique=True)
    db["fetches"].create(
        {
            "id": int,
            "pass_id": int,
            "source": str,
            "document_id": int,
            "url": str,
            "final_url": str,
            "started_at": str,
            "duration_ms": int,
            "status": int,
            "outcome": str,  # ok | not_modified | unchanged | error
            "error_class": str,
            "error": str,
            "bytes": int,
            "attempts": int,
        },
        pk="id",
        foreign_keys=[
            ("pass_id", "passes", "id"),
            ("source", "sources", "name"),
            ("document_id", "documents", "id"),
        ],
    )
    db["fetches"].create_index(["source", "started_at"])
    db["blobs"].create(
        {
            "hash": str,  # sha256 of the raw bytes
            "compression": str,  # zlib
            "size": int,  # uncompressed
            "content": bytes,
        },
        pk="hash",
    )
    db["snapshots"].create(
        {
            "id": int,
            "document_id": int,
            "fetch_id": int,
            "previous_id": int,
            "created_at": str,
            "url": str,
            "title": str,
            "published": str,
            "language": str,
            "text": str,
            "text_hash": str,
            "fact_hash": str,
            "raw_hash": str,
        },
        pk="id",
        not_null={"document_id", "text", "text_hash"},
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("fetch_id", "fetches", "id"),
            ("previous_id", "snapshots", "id"),
            ("raw_hash", "blobs", "hash"),
        ],
    )
    db["snapshots"].create_index(["document_id", "text_hash"])
    db["snapshots"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)


@migrations()
def m002_facts(db: Database) -> None:
    """Baseline facts, observations found in snapshots, and the findings reported from them."""
    db["baseline_facts"].create(
        {
            "key": str,
            "label": str,
            "kind": str,
            "value": str,  # JSON: number, claim value or list of set members
            "comparator": str,
            "value_max": float,
            "currency": str,
            "unit": str,
            "evidence": str,
            "synced_at": str,
        },
        pk="key",
    )
    db["observations"].create(
        {
            "id": int,
            "snapshot_id": int,
            "document_id": int,
            "key": str,
            "kind": str,
            "value": str,  # JSON, as in baseline_facts
            "value_num": float,  # the number, for sorting and charts
            "comparator": str,
            "value_max": float,
            "currency": str,
            "unit": str,
            "step": float,
            "evidence": str,
            "start": int,
            "end": int,
            "attributed_to": str,
        },
        pk="id",
        foreign_keys=[
            ("snapshot_id", "snapshots", "id"),
            ("document_id", "documents", "id"),
            ("key", "baseline_facts", "key"),
        ],
    )
    db["observations"].create_index(["snapshot_id"])
    db["observations"].create_index(["key"])
    db["findings"].create(
        {
            "id": int,
            "kind": str,
            "key": str,
            "pass_id": int,
            "source": str,
            "document_id": int,
            "snapshot_id": int,
            "observation_id": int,
            "previous_observation_id": int,
            "other_observation_id": int,
            "detected_at": str,
            "url": str,
            "summary": str,  # one readable line
            "evidence": str,
            "observed": str,  # JSON, same fields as `monitor extract --json`
            "baseline": str,  # JSON
            "previous": str,  # JSON
            "other": str,  # JSON
            "diff": str,  # JSON, for edited
        },
        pk="id",
        not_null={"kind", "detected_at"},
        foreign_keys=[
            ("pass_id", "passes", "id"),
            ("source", "sources", "name"),
            ("document_id", "documents", "id"),
            ("snapshot_id", "snapshots", "id"),
            ("observation_id", "observations", "id"),
            ("previous_observation_id", "observations", "id"),
            ("other_observation_id", "observations", "id"),
        ],
    )
    db["findings"].create_index(["detected_at"])
    db["findings"].create_index(["key", "kind"])


@migrations()
def m003_feed_validators(db: Database) -> None:
    """A feed's ETag / Last-Modified, for conditional GETs of the feed itself."""
    db["sources"].add_column("feed_etag", str)
    db["sources"].add_column("feed_last_modified", str)


@migrations()
def m004_daemon(db: Database) -> None:
    """One row per `monitor run`: its process, start, last heartbeat and clean stop."""
    db["daemon"].create(
        {
            "id": int,
            "pid": int,
            "hostname": str,
            "config_path": str,
            "started_at": str,
            "heartbeat_at": str,  # refreshed while it runs: an old heartbeat means it died
            "stopped_at": str,  # set on a clean stop only
        },
        pk="id",
    )


@migrations()
def m005_observation_bounds(db: Database) -> None:
    """The interval each numeric observation allows, indexed with its fact and currency, so a
    new statement finds the statements that contradict it by range, not by reading them all."""
    db["observations"].add_column("low", float)
    db["observations"].add_column("high", float)
    rows = db.execute(
        "SELECT id, kind, value, comparator, value_max, step FROM observations WHERE kind NOT IN ('set', 'claim')"
    ).fetchall()
    db.conn.executemany(
        "UPDATE observations SET low = ?, high = ? WHERE id = ?",
        [(*observation_bounds(kind, json.loads(value), comparator, value_max, step), id_)
         for id_, kind, value, comparator, value_max, step in rows],
    )
    db["observations"].create_index(["key", "currency", "low"])
    db["observations"].create_index(["key", "currency", "high"])
    db["observations"].create_index(["key", "value"])


@migrations()
def m006_findings_by_document(db: Database) -> None:
    """Each new snapshot looks up its document's finding for a fact: an index, not a scan."""
    db["findings"].create_index(["document_id", "key"])


@migrations()
def m007_conflicts_by_other_document(db: Database) -> None:
    """A new snapshot looks up the conflicts already found with its document on either side:
    the other side lives in the ``other`` JSON, so it gets an index of its own."""
    db.execute(
        "CREATE INDEX idx_findings_conflict_other_document ON findings (json_extract(other, '$.document_id'))"
        " WHERE kind = 'conflict'"
    )


@migrations()
def m008_document_aliases(db: Database) -> None:
    """Other URLs of a feed article: the entry links whose page named the document's URL as its
    canonical one, so the next time a feed lists them they are followed as that document."""
    db["document_aliases"].create(
        {
            "url": str,  # canonicalised like feed entry links
            "document_id": int,
            "first_seen_at": str,
        },
        pk="url",
        not_null={"document_id"},
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["document_aliases"].create_index(["document_id"])


@migrations()
def m009_snapshot_source(db: Database) -> None:
    """The source a document belonged to when each snapshot was taken, so that replaying history
    (`monitor reextract`) names the source its findings were reported under, even after another
    feed took the document over."""
    db["snapshots"].add_column("source", str)
    db.execute("UPDATE snapshots SET source = (SELECT d.source FROM documents d WHERE d.id = snapshots.document_id)")


@migrations()
def m010_findings_name_the_watched_url(db: Database) -> None:
    """Findings name the URL the monitor watches (the document's), not the canonical URL a page
    declares for itself, which may be on another site; that one stays on the snapshot. The JSON
    of a conflict's other side is rewritten as the findings code writes it (sorted keys), so
    `monitor reextract` finds the rows unchanged."""
    documents = dict(db.execute("SELECT id, url FROM documents").fetchall())
    rows = db.execute("SELECT f.id, f.url, d.url, f.summary FROM findings f JOIN documents d ON d.id = f.document_id"
                      " WHERE f.url IS NOT d.url").fetchall()
    for finding_id, shown, watched, summary in rows:
        summary = (summary or "").replace(f"({shown})", f"({watched})") if shown else summary
        db.execute("UPDATE findings SET url = ?, summary = ? WHERE id = ?", [watched, summary, finding_id])
    for finding_id, other in db.execute("SELECT id, other FROM findings WHERE kind = 'conflict'").fetchall():
        side = json.loads(other) if other else None
        if not isinstance(side, dict) or documents.get(side.get("document_id")) in (None, side.get("url")):
            continue
        side["url"] = documents[side["document_id"]]
        db.execute("UPDATE findings SET other = ? WHERE id = ?",
                   [json.dumps(side, ensure_ascii=False, sort_keys=True), finding_id])


@migrations()
def m011_fetches_by_pass(db: Database) -> None:
    """The fetches of one pass, for the failures `monitor fetch` names at the end of its summary."""
    db["fetches"].create_index(["pass_id"], if_not_exists=True)


@migrations()
def m012_notifications_and_diff_readers(db: Database) -> None:
    """The outbox of notifications, each channel's delivery state, and `monitor diff`'s readers.

    ``notifications``: one message to send to a [[notify]] channel, written in the transaction
    that writes its findings (status pending → sending → sent, or failed when it was given up);
    ``delivered`` lists the channel's URLs that already took it, so a retry sends only to the
    others. ``findings.seq`` numbers each finding when it is written and again when it is
    rewritten (a document's baseline finding updated in place), so a reader's cursor in
    ``diff_readers`` tells exactly what it has not seen yet."""
    db["notifications"].create(
        {
            "id": int,
            "channel": str,  # [[notify]] name
            "finding_ids": str,  # JSON array of findings.id
            "status": str,  # pending | sending | sent | failed
            "attempts": int,
            "created_at": str,
            "due_at": str,  # when it may first be sent: at once, or the end of its digest period
            "next_try_at": str,  # due_at, then after each failed attempt: later and later
            "last_error": str,
            "sent_at": str,
            "delivered": str,  # JSON array: keys of the channel's URLs that took it
            "claimed_by": str,  # host:pid of the process sending it now
            "claimed_at": str,
        },
        pk="id",
        not_null={"channel", "finding_ids", "status", "created_at", "due_at", "next_try_at"},
        defaults={"attempts": 0, "delivered": "[]"},
    )
    db["notifications"].create_index(["status", "next_try_at"])
    db["notifications"].create_index(["channel", "status"])
    db["notify_channels"].create(
        {
            "name": str,
            "last_success_at": str,
            "last_failure_at": str,
            "last_error": str,
            "consecutive_failures": int,
            "failing_since": str,
        },
        pk="name",
        defaults={"consecutive_failures": 0},
    )
    db["diff_readers"].create({"name": str, "seq": int, "read_at": str}, pk="name", not_null={"seq"})
    db["findings"].add_column("seq", int)
    db.execute("UPDATE findings SET seq = ranked.n FROM (SELECT id, row_number() OVER (ORDER BY detected_at, id) AS n"
               " FROM findings) AS ranked WHERE ranked.id = findings.id")
    db["findings"].create_index(["seq"])
    db.execute("CREATE TRIGGER findings_seq_insert AFTER INSERT ON findings BEGIN"
               " UPDATE findings SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM findings) WHERE id = new.id; END")
    db.execute("CREATE TRIGGER findings_seq_update AFTER UPDATE OF detected_at ON findings BEGIN"
               " UPDATE findings SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM findings) WHERE id = new.id; END")


@migrations()
def m013_browser_fetcher(db: Database) -> None:
    """What read each attempt (``fetches.fetcher``: "http" or "browser", headless Chromium), and
    what last read each document with success (``documents.fetcher``), so a source with
    ``fetcher = "auto"`` goes straight to the browser for a page that needed it. Older rows
    were all read over HTTP."""
    db["fetches"].add_column("fetcher", str)
    db["documents"].add_column("fetcher", str)
    db.execute("UPDATE fetches SET fetcher = 'http'")
    db.execute("UPDATE documents SET fetcher = 'http' WHERE raw_hash IS NOT NULL")


@migrations()
def m014_blob_dictionaries(db: Database) -> None:
    """One zstd dictionary per site for the raw pages: the first page stored for the site.

    New blobs are compressed 'zstd', or 'zstd-dict:<id>' with the row of this table named by id;
    blobs written before stay 'zlib' and readable (see `monitor/storage/blobs.py`).
    """
    db["blob_dictionaries"].create(
        {"id": int, "site": str, "blob_hash": str, "created_at": str},
        pk="id",
        not_null={"site", "blob_hash"},
        foreign_keys=[("blob_hash", "blobs", "hash")],
    )
    db["blob_dictionaries"].create_index(["site"], unique=True)


@migrations()
def m015_fts_follows_title_and_text(db: Database) -> None:
    """Re-index a snapshot's full text only when its title or text changes.

    The trigger `enable_fts` made fires on any update of the row, so writing a new snapshot's
    fact hash (`findings.recording`) tokenised its whole text out of the index and in again:
    a cost of every new page.
    """
    db.execute("DROP TRIGGER IF EXISTS snapshots_au")
    db.execute(
        'CREATE TRIGGER "snapshots_au" AFTER UPDATE OF "title", "text" ON "snapshots" BEGIN'
        ' INSERT INTO "snapshots_fts" ("snapshots_fts", rowid, "title", "text")'
        ' VALUES(\'delete\', old.rowid, old."title", old."text");'
        ' INSERT INTO "snapshots_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text"); END'
    )


class MonitorDatabase(Database):
    """A sqlite-utils database whose write transactions take the write lock as they begin
    (`connection.write_transaction` says why). The connection's implicit transactions (a lone
    INSERT or UPDATE) begin the same way.
    """

    def __init__(self, path: str) -> None:
        # execute_plugins=False: no sqlite-utils plugin applies to monitor's own SQL, and looking
        # for them reads the metadata of every installed package (a tenth of a second per command)
        super().__init__(path, execute_plugins=False)
        self.conn.isolation_level = "IMMEDIATE"

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint, as sqlite-utils does
            with super().atomic():
                yield self
            return
        with write_transaction(self.conn):
            yield self


def open_database(path: str, *, migrate: bool = True) -> Database:
    """Open (and create) the database with the settings every process shares.

    WAL lets Datasette and `monitor diff` read while the daemon writes; the busy timeout makes a
    writer wait for another instead of failing with "database is locked" (and ``BEGIN
    IMMEDIATE`` lets it wait: see `MonitorDatabase`). A database a newer monitor has upgraded
    is refused (`NewerSchema`) before anything is written to it.
    """
    db = MonitorDatabase(path)
    share_settings(db.conn)
    db.execute("PRAGMA journal_mode=WAL")
    check_not_newer(db)
    if migrate:
        migrations.apply(db)
        if db.execute("PRAGMA user_version").fetchone()[0] != schema_version():
            db.execute(f"PRAGMA user_version = {schema_version()}")
    return db


def schema_version() -> int:
    """This monitor's schema version: the number of its migrations, kept in the file's
    ``PRAGMA user_version``, so a database with a higher one was made by a newer monitor."""
    return len(migrations._migrations)


class NewerSchema(Exception):
    """The database was upgraded by a newer monitor: this one must not write into it."""


def check_not_newer(db: Database) -> None:
    """Raise NewerSchema when the database holds a migration this monitor does not know, or a
    schema version above its own: its tables may have columns renamed or meanings changed."""
    version, ours = db.execute("PRAGMA user_version").fetchone()[0], schema_version()
    unknown: list[str] = []
    if db["_sqlite_migrations"].exists():
        known = {migration.name for migration in migrations._migrations}
        unknown = [name for (name,) in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [migrations.name]
        ) if name not in known]
    if unknown or version > ours:
        what = f"migration {', '.join(unknown)}" if unknown else f"schema version {version}; this one knows {ours}"
        raise NewerSchema(f"created by a newer monitor ({what}); upgrade monitor to use this database")
