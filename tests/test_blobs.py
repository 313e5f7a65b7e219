"""Raw pages in the `blobs` table: zstd, with the first page of each site as its dictionary.

Real SQLite files; the pages are our own, built from one template per site with different
articles in them, as the pages of one news site are.
"""

from __future__ import annotations

import zlib

import pytest

from monitor.storage import blobs, store

NOW = "2026-12-03T12:00:00+00:00"


def site_page(site: str, number: int) -> bytes:
    """A page of `site`: the same long template around an article of its own."""
    menu = "".join(f'<li><a href="https://{site}/section/{n}">Section {n} of {site}</a></li>' for n in range(150))
    article = " ".join(f"Paragraph {n} of story {number} reports figure {number * 37 + n} from desk {number % 7}."
                       for n in range(40))
    return (f"<html><head><title>Story {number} | {site}</title><style>{'.c' * 400}</style></head>"
            f"<body><nav><ul>{menu}</ul></nav><article><p>{article}</p></article>"
            f"<footer>{site} footer, imprint and terms</footer></body></html>").encode()


@pytest.fixture
def db(tmp_path):
    return store.open_store(str(tmp_path / "monitor.db"))


def compression_of(db, digest: str) -> str:
    return db.execute("SELECT compression FROM blobs WHERE hash = ?", [digest]).fetchone()[0]


def stored_size(db, digest: str) -> int:
    return db.execute("SELECT length(content) FROM blobs WHERE hash = ?", [digest]).fetchone()[0]


def test_the_first_page_of_a_site_becomes_the_dictionary_of_its_later_pages(db):
    first = blobs.store_blob(db, site_page("news.example", 1), "news.example", NOW)
    second = blobs.store_blob(db, site_page("news.example", 2), "news.example", NOW)
    other = blobs.store_blob(db, site_page("other.example", 3), "other.example", NOW)

    dictionaries = db.execute("SELECT id, site, blob_hash FROM blob_dictionaries ORDER BY id").fetchall()
    assert [(site, digest) for _id, site, digest in dictionaries] == [("news.example", first), ("other.example", other)]
    assert compression_of(db, first) == compression_of(db, other) == "zstd"
    assert compression_of(db, second) == f"zstd-dict:{dictionaries[0][0]}"
    # The shared template costs nothing the second time: far less than the page on its own.
    assert stored_size(db, second) < stored_size(db, first) / 3
    for number, digest, site in ((1, first, "news.example"), (2, second, "news.example"), (3, other, "other.example")):
        assert blobs.read_blob(db, digest) == site_page(site, number)


def test_a_page_stored_twice_is_kept_once(db):
    body = site_page("news.example", 1)
    assert blobs.store_blob(db, body, "news.example", NOW) == blobs.store_blob(db, body, "news.example", NOW)
    assert db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1


def test_dictionary_pages_read_back_in_a_new_process_state(db, monkeypatch):
    """The cache of dictionaries only saves work: emptied, every blob reads back the same."""
    digests = [blobs.store_blob(db, site_page("news.example", number), "news.example", NOW) for number in range(4)]
    monkeypatch.setattr(blobs, "_dictionaries", type(blobs._dictionaries)())
    assert [blobs.read_blob(db, digest) for digest in digests] == [site_page("news.example", n) for n in range(4)]


def test_blobs_written_with_zlib_by_earlier_versions_stay_readable(db):
    body = site_page("news.example", 1)
    digest = blobs.raw_hash(body)
    db.execute("INSERT INTO blobs (hash, compression, size, content) VALUES (?, 'zlib', ?, ?)",
               [digest, len(body), zlib.compress(body, 6)])
    assert blobs.read_blob(db, digest) == body


def test_an_unknown_compression_or_a_missing_dictionary_is_named(db):
    db.execute("INSERT INTO blobs (hash, compression, size, content) VALUES ('a', 'lzma', 1, x'00')")
    db.execute("INSERT INTO blobs (hash, compression, size, content) VALUES ('b', 'zstd-dict:99', 1, x'00')")
    with pytest.raises(blobs.UnreadableBlob, match="blob a: unknown compression 'lzma'"):
        blobs.read_blob(db, "a")
    with pytest.raises(blobs.UnreadableBlob, match=r"blob b: its dictionary \(zstd-dict:99\) is missing"):
        blobs.read_blob(db, "b")


def test_a_page_compressed_ahead_is_stored_as_is_unless_its_site_got_a_dictionary_meanwhile(db):
    """A pass's worker compresses a page before its transaction; if the first page of its site
    became the dictionary in between, the page is compressed again, with it."""
    first, second, third = (site_page("news.example", number) for number in (1, 2, 3))
    ahead = blobs.compress(second, None)  # compressed before the site had a dictionary
    blobs.store_blob(db, first, "news.example", NOW)
    dictionary = blobs.site_dictionary(db, "news.example")
    stale = blobs.store_blob(db, second, "news.example", NOW, compressed=ahead)
    assert compression_of(db, stale) == f"zstd-dict:{dictionary[0]}" and stored_size(db, stale) < len(ahead[1]) / 3

    marked = (blobs.compress(third, dictionary)[0], b"made by the worker")  # stored as given, not compressed again
    kept = blobs.store_blob(db, third, "news.example", NOW, compressed=marked)
    assert db.execute("SELECT content FROM blobs WHERE hash = ?", [kept]).fetchone()[0] == b"made by the worker"
    assert blobs.read_blob(db, stale) == second
