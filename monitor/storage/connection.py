"""The database through the standard library's sqlite3 alone: the settings every connection
shares, the schema a file must have to be read as it is, and write transactions.

Apart from `schema` (sqlite-utils and its migrations) because importing sqlite-utils, with the
dateutil, pluggy and ctypes it pulls in, cost more than everything else `monitor status` and
`monitor diff` do on a small database: on a file whose schema is already this monitor's
(`open_current`), they read without it. Any other file goes through `schema.open_database`,
which upgrades it or says why it cannot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIGRATION_SET = "monitor"
# Every migration of `schema`, by name: a file that has applied exactly these is up to date
# (tests/test_storage_connection.py checks this list against the migrations schema.py defines).
MIGRATIONS = (
    "m001_core",
    "m002_facts",
    "m003_feed_validators",
    "m004_daemon",
    "m005_observation_bounds",
    "m006_findings_by_document",
    "m007_conflicts_by_other_document",
    "m008_document_aliases",
    "m009_snapshot_source",
    "m010_findings_name_the_watched_url",
    "m011_fetches_by_pass",
    "m012_notifications_and_diff_readers",
    "m013_browser_fetcher",
    "m014_blob_dictionaries",
    "m015_fts_follows_title_and_text",
)


def share_settings(conn: sqlite3.Connection) -> None:
    """What every connection sets: a writer waits up to 10 s for another instead of failing
    with "database is locked"; foreign keys are enforced; WAL commits are synced at checkpoints."""
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction that takes the write lock as it begins (``BEGIN IMMEDIATE``).

    A plain ``BEGIN`` reads first and asks for the write lock at its first write; when another
    process writes meanwhile, SQLite cannot wait for it (the busy handler does not apply to a
    read turning into a write) and answers "database is locked" at once. ``BEGIN IMMEDIATE``
    waits its turn, within the busy timeout, before reading anything.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


def table_exists(db, name: str) -> bool:
    """Whether the database (a sqlite3 connection or a sqlite-utils database) has this table."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def open_current(path: str, *, writable: bool = False) -> sqlite3.Connection | None:
    """A connection to the file at `path` if its schema is exactly this monitor's, else None.

    Read-only (SQLite ``mode=ro``) unless `writable`; never creates the file. Up to date means:
    every migration applied and none unknown, the schema version recorded, WAL on — what
    `schema.open_database` leaves, so opening it that way would change nothing. A file that
    is missing, older, newer, damaged or cannot be opened so gives None: the caller then opens
    it the way that upgrades it, or says what is wrong. The connection commits each statement
    as it runs; a write that needs more goes in a `write_transaction`.
    """
    uri = f"{Path(path).resolve().as_uri()}?mode={'rw' if writable else 'ro'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        share_settings(conn)
        if _up_to_date(conn):
            conn.execute("PRAGMA quick_check").fetchall()  # as store.open_store does: a damaged file fails here
            return conn
    except sqlite3.DatabaseError:
        pass
    conn.close()
    return None


def _up_to_date(conn: sqlite3.Connection) -> bool:
    if conn.execute("PRAGMA user_version").fetchone()[0] != len(MIGRATIONS):
        return False
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal" or not table_exists(conn, "_sqlite_migrations"):
        return False
    applied = [name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
    return len(applied) == len(MIGRATIONS) and set(applied) == set(MIGRATIONS)
