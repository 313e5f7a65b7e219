"""Raw pages, kept once under their sha256 and compressed, so history can be re-extracted.

Why zstd with a dictionary per site: writing the raw page was the largest single cost of a new
page (zlib level 6: ~4.8 ms for a 175 KB page, 35 KB stored). zstd level 3 stores as much in
~0.9 ms; and since the pages of one site share most of their markup, an earlier page of the same
site used as a raw-content dictionary brings a new page down to ~16 KB in ~1.3 ms (measured on
distinct pages of the article-extraction benchmark's sites, `bench/pipeline.py`).

A site's dictionary is the first page stored for it: that blob, compressed without a dictionary,
so the dictionary costs no byte more. zstd's dictionary trainer was measured too: it needs dozens
of pages per site, and ~1 s of CPU to train each, for larger blobs than one raw page gives.

`blobs.compression` says how to read each blob: 'zlib' (as written before zstd), 'zstd', or
'zstd-dict:<id>' (the `blob_dictionaries` row). Everything that reads a blob goes through
`read_blob`, so blobs written by any version stay readable.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict
from typing import TYPE_CHECKING

import zstandard

from monitor.errors import MonitorError

if TYPE_CHECKING:
    from sqlite_utils import Database

LEVEL = 3
DICTIONARY_PREFIX = "zstd-dict:"
MAX_DICTIONARY_BYTES = 1 << 20  # a larger first page would slow every later page of its site
_CACHED_DICTIONARIES = 32  # raw dictionaries kept decompressed, by blob hash (~175 KB each)
_dictionaries: OrderedDict[str, zstandard.ZstdCompressionDict] = OrderedDict()


class UnreadableBlob(MonitorError):
    """A stored raw page cannot be decompressed (unknown compression, missing dictionary)."""


def raw_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def store_blob(db: Database, body: bytes, site: str, now: str, digest: str | None = None) -> str:
    """Keep `body` once under its sha256 (`digest`, when the caller has it), compressed with its
    site's dictionary when there is one."""
    digest = digest or raw_hash(body)
    if db.execute("SELECT 1 FROM blobs WHERE hash = ?", [digest]).fetchone():
        return digest
    dictionary = db.execute("SELECT id, blob_hash FROM blob_dictionaries WHERE site = ?", [site]).fetchone()
    if dictionary is None:
        compression, content = "zstd", zstandard.ZstdCompressor(level=LEVEL).compress(body)
    else:
        dictionary_id, dictionary_hash = dictionary
        compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=_dictionary(db, dictionary_hash))
        compression, content = f"{DICTIONARY_PREFIX}{dictionary_id}", compressor.compress(body)
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
        return zstandard.ZstdDecompressor(dict_data=_dictionary(db, found[0])).decompress(content)
    raise UnreadableBlob(f"blob {digest}: unknown compression {compression!r}")


def _dictionary(db: Database, digest: str) -> zstandard.ZstdCompressionDict:
    """The raw-content dictionary made of the blob `digest` (content-addressed, so cached by it)."""
    if digest in _dictionaries:
        _dictionaries.move_to_end(digest)
        return _dictionaries[digest]
    raw = read_blob(db, digest)
    if raw is None:
        raise UnreadableBlob(f"dictionary blob {digest} is missing")
    dictionary = zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    _dictionaries[digest] = dictionary
    if len(_dictionaries) > _CACHED_DICTIONARIES:
        _dictionaries.popitem(last=False)
    return dictionary
