"""Raw pages, kept once under their sha256 and compressed, so history can be re-extracted.

Why zstd with a dictionary per site: writing the raw page was the largest single cost of a new
page (zlib level 6: ~4.8 ms for a 175 KB page, 35 KB stored). zstd level 3 stores as much in
~0.9 ms; and since the pages of one site share most of their markup, an earlier page of the same
site used as a raw-content dictionary brings a new page down to ~16 KB in ~1.3 ms (measured on
distinct pages of the article-extraction benchmark's sites, `bench/pipeline.py`).

A site's dictionary is the first page stored for it: that blob, compressed without a dictionary,
so the dictionary costs no byte more. zstd's dictionary trainer was measured too: it needs
dozens of pages per site, and ~1 s of CPU to train each, for larger blobs than one raw page gives.

A pass compresses its pages in its workers (`compress`), beside the event loop, handing them
the site's dictionary as that stored zstd frame (~35 KB, cached for 256 sites) rather than the
raw page: a pass writes many sites' pages in turn, and reading a dictionary back from the file
for each page cost more than its compression.

`blobs.compression` says how to read each blob: 'zlib' (as written before zstd), 'zstd', or
'zstd-dict:<id>' (the `blob_dictionaries` row). Everything that reads a blob goes through
`read_blob`, so blobs written by any version stay readable.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

import zstandard

from monitor.errors import MonitorError

if TYPE_CHECKING:
    from sqlite_utils import Database

LEVEL = 3
DICTIONARY_PREFIX = "zstd-dict:"
MAX_DICTIONARY_BYTES = 1 << 20  # a larger first page would slow every later page of its site
_CACHED_DICTIONARIES = 32  # raw dictionaries kept decompressed for reading, by blob hash (~175 KB each)
_dictionaries: OrderedDict[str, bytes] = OrderedDict()
# Dictionaries kept compressed for writing, by blob hash (~35 KB each): a pass writes the pages
# of many sites in turn, and decompressing one costs less than reading it back from the file.
_CACHED_FRAMES = 256
_frames: OrderedDict[str, bytes] = OrderedDict()

# A site's dictionary as compression needs it: its `blob_dictionaries` id and the raw page it is,
# as a zstd frame (small to keep and to hand to a worker process; `compress` expands it).
SiteDictionary = tuple[int, bytes]


class UnreadableBlob(MonitorError):
    """A stored raw page cannot be decompressed (unknown compression, missing dictionary)."""


def raw_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def site_dictionary(db: Database, site: str) -> SiteDictionary | None:
    """The dictionary the pages of `site` are compressed with, once its first page is stored."""
    row = db.execute("SELECT id, blob_hash FROM blob_dictionaries WHERE site = ?", [site]).fetchone()
    return None if row is None else (row[0], _frame(db, row[1]))


def compress(body: bytes, dictionary: SiteDictionary | None) -> tuple[str, bytes]:
    """A page's `blobs.compression` and content. Needs no database, so a pass's worker does it
    beside the event loop (zstd lets go of the interpreter lock while it works)."""
    if dictionary is None:
        return "zstd", zstandard.ZstdCompressor(level=LEVEL).compress(body)
    dictionary_id, frame = dictionary
    raw = zstandard.ZstdDecompressor().decompress(frame)
    prepared = zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    return f"{DICTIONARY_PREFIX}{dictionary_id}", zstandard.ZstdCompressor(level=LEVEL, dict_data=prepared).compress(body)


def store_blob(
    db: Database, body: bytes, site: str, now: str, digest: str | None = None,
    compressed: tuple[str, bytes] | None = None,
) -> str:
    """Keep `body` once under its sha256 (`digest`, when the caller has it), compressed with its
    site's dictionary when there is one; `compressed` is used when it was made with that very
    dictionary (a worker compressed the page before a first page of its site became one)."""
    digest = digest or raw_hash(body)
    if db.execute("SELECT 1 FROM blobs WHERE hash = ?", [digest]).fetchone():
        return digest
    dictionary = site_dictionary(db, site)
    wanted = "zstd" if dictionary is None else f"{DICTIONARY_PREFIX}{dictionary[0]}"
    compression, content = compressed if compressed and compressed[0] == wanted else compress(body, dictionary)
    db.execute(
        "INSERT INTO blobs (hash, compression, size, content) VALUES (?, ?, ?, ?)",
        [digest, compression, len(body), content],
    )
    if dictionary is None and site and len(body) <= MAX_DICTIONARY_BYTES:
        db.execute(
            "INSERT INTO blob_dictionaries (site, blob_hash, created_at) VALUES (?, ?, ?)", [site, digest, now]
        )
    return digest


def read_blob(db: Database, digest: str) -> bytes | None:
    """The raw bytes stored under `digest`, however they were compressed; None if none are."""
    row = db.execute("SELECT compression, content FROM blobs WHERE hash = ?", [digest]).fetchone()
    if row is None:
        return None
    compression, content = row
    if compression == "zlib":
        return zlib.decompress(content)
    if compression == "zstd":
        return zstandard.ZstdDecompressor().decompress(content)
    if compression.startswith(DICTIONARY_PREFIX):
        found = db.execute(
            "SELECT blob_hash FROM blob_dictionaries WHERE id = ?", [compression.removeprefix(DICTIONARY_PREFIX)]
        ).fetchone()
        if found is None:
            raise UnreadableBlob(f"blob {digest}: its dictionary ({compression}) is missing")
        prepared = zstandard.ZstdCompressionDict(_dictionary(db, found[0]), dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return zstandard.ZstdDecompressor(dict_data=prepared).decompress(content)
    raise UnreadableBlob(f"blob {digest}: unknown compression {compression!r}")


def _dictionary(db: Database, digest: str) -> bytes:
    """The raw page the dictionary blob `digest` holds (content-addressed, so cached by it)."""

    def load() -> bytes:
        raw = read_blob(db, digest)
        if raw is None:
            raise UnreadableBlob(f"dictionary blob {digest} is missing")
        return raw

    return _cached(_dictionaries, _CACHED_DICTIONARIES, digest, load)


def _frame(db: Database, digest: str) -> bytes:
    """The dictionary blob `digest` as a zstd frame (as stored: a site's first page has no dictionary)."""

    def load() -> bytes:
        row = db.execute("SELECT compression, content FROM blobs WHERE hash = ?", [digest]).fetchone()
        if row is None:
            raise UnreadableBlob(f"dictionary blob {digest} is missing")
        compression, content = row
        return content if compression == "zstd" else zstandard.ZstdCompressor(level=1).compress(read_blob(db, digest))

    return _cached(_frames, _CACHED_FRAMES, digest, load)


def _cached(cache: OrderedDict[str, bytes], size: int, digest: str, load: Callable[[], bytes]) -> bytes:
    """`cache`'s entry for `digest`, loaded on a miss; the least recently used beyond `size` leave."""
    if digest in cache:
        cache.move_to_end(digest)
        return cache[digest]
    cache[digest] = value = load()
    if len(cache) > size:
        cache.popitem(last=False)
    return value
