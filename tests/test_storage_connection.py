"""The read path of `monitor status` and `diff`: a file opens without sqlite-utils only when its
schema is exactly this monitor's; every other file is left to `open_store`, which upgrades it or
says what is wrong."""

from __future__ import annotations

import sqlite3

import pytest

from monitor.storage import connection, store
from monitor.storage.schema import migrations, schema_version


@pytest.fixture
def current(tmp_path):
    path = tmp_path / "monitor.db"
    store.open_store(str(path)).conn.close()
    return path


def test_the_list_of_migrations_is_the_one_schema_applies():
    """A migration added to schema.py must be named in connection.MIGRATIONS too, or no file
    would ever count as up to date (and status and diff would load sqlite-utils again)."""
    assert connection.MIGRATIONS == tuple(migration.name for migration in migrations._migrations)
    assert len(connection.MIGRATIONS) == schema_version()


def test_an_up_to_date_file_opens_read_only_unless_asked_to_write(current):
    reader = connection.open_current(str(current))
    assert reader.execute("SELECT count(*) FROM sources").fetchone() == (0,)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.execute("INSERT INTO diff_readers (name, seq, read_at) VALUES ('x', 1, 'now')")
    writer = connection.open_current(str(current), writable=True)
    with connection.write_transaction(writer):
        writer.execute("INSERT INTO diff_readers (name, seq, read_at) VALUES ('x', 1, 'now')")
    assert reader.execute("SELECT seq FROM diff_readers").fetchall() == [(1,)]


def test_a_write_transaction_that_fails_leaves_nothing(current):
    writer = connection.open_current(str(current), writable=True)
    with pytest.raises(ZeroDivisionError), connection.write_transaction(writer):
        writer.execute("INSERT INTO diff_readers (name, seq, read_at) VALUES ('x', 1, 'now')")
        1 / 0
    assert writer.execute("SELECT count(*) FROM diff_readers").fetchone() == (0,) and not writer.in_transaction


@pytest.mark.parametrize("how", ["older", "renumbered", "newer migration", "newer version", "not WAL"])
def test_a_file_not_exactly_up_to_date_is_left_to_the_path_that_upgrades_it(current, how):
    with sqlite3.connect(current) as conn:
        if how == "older":
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_blob_dictionaries'")
        elif how == "renumbered":  # every migration applied, the version not yet recorded
            conn.execute("PRAGMA user_version = 0")
        elif how == "newer migration":
            conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                         " VALUES ('monitor', 'm099_renamed_columns', '2030-01-01')")
        elif how == "newer version":
            conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    if how == "not WAL":
        with sqlite3.connect(current) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
    assert connection.open_current(str(current)) is None
    assert connection.open_current(str(current), writable=True) is None


def test_a_missing_or_foreign_file_is_not_opened_nor_created(tmp_path):
    missing = tmp_path / "missing.db"
    assert connection.open_current(str(missing), writable=True) is None
    assert not missing.exists()
    text = tmp_path / "notes.db"
    text.write_text("not a database\n" * 100)
    assert connection.open_current(str(text)) is None


def test_the_reader_of_an_older_file_upgrades_it_and_the_next_one_reads_it_as_it_is(current):
    with sqlite3.connect(current) as conn:
        conn.execute("DROP TABLE blob_dictionaries")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_blob_dictionaries'")
        conn.execute("PRAGMA user_version = 13")
    assert connection.open_current(str(current)) is None
    store.open_reader(str(current)).close()
    assert connection.open_current(str(current)).execute("SELECT count(*) FROM blob_dictionaries").fetchone() == (0,)


def test_the_full_text_index_follows_a_snapshots_text_and_title_not_its_other_columns(tmp_path):
    """Writing a snapshot's fact hash leaves the index alone (it re-tokenised the whole text);
    a re-extracted text replaces the old words in it."""
    db = store.open_store(str(tmp_path / "monitor.db"))
    with db.atomic():
        db.execute("INSERT INTO sources (name, url, kind) VALUES ('desk', 'https://news.example/', 'page')")
        document = store.insert_row(db, "documents", {"url": "https://news.example/a", "source": "desk"})
        snapshot = store.insert_row(db, "snapshots", {"document_id": document, "source": "desk",
                                                      "title": "Grant fund", "text": "The fund holds fifty million.",
                                                      "text_hash": "h1", "created_at": "2026-12-03T00:00:00+00:00"})

    def matches(word: str) -> list:
        return db.execute("SELECT rowid FROM snapshots_fts WHERE snapshots_fts MATCH ?", [word]).fetchall()

    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    with db.atomic():
        db.execute("UPDATE snapshots SET fact_hash = 'abc' WHERE id = ?", [snapshot])
    assert statements and not any("snapshots_fts" in statement for statement in statements)
    with db.atomic():
        db.execute("UPDATE snapshots SET text = 'The fund holds sixty million.' WHERE id = ?", [snapshot])
    db.conn.set_trace_callback(None)
    assert any("snapshots_fts" in statement for statement in statements)
    assert (matches("sixty"), matches("fifty"), matches("grant")) == ([(snapshot,)], [], [(snapshot,)])
