"""What a worker does with a fetched page: decode it, extract it, hash it and, when its text is
new to its document, compress it for storage and read its facts (`read_page`).

Apart from `offload` (which decides where this runs: worker threads or processes) so that a
worker process imports only what reading a page needs: not the configuration loader, the
findings or sqlite-utils (a worker took 63 MB with them).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.extraction.article import extract, text_hash
from monitor.facts.attribution import extract_observations
from monitor.fetching._response import page_markup
from monitor.model import Article
from monitor.storage.blobs import SiteDictionary, compress, raw_hash

_facts = None  # in a worker process: the configuration's facts, set once as it starts


@dataclass
class PageReading:
    """What a worker made of a page: its article, the hashes of its text and of its bytes, and
    the facts of the text when it was new to the document (``facts_error`` if reading them failed:
    the caller raises it only if it needs the facts)."""

    article: Article
    text_hash: str
    raw_hash: str
    blob: tuple[str, bytes] | None = None  # the page compressed for storage, when its text is new
    observations: list | None = None
    facts_error: Exception | None = None


@dataclass(frozen=True)
class PageToRead:
    """A fetched page as a worker needs it: its text when the fetch decoded it (a browser's), else its bytes."""

    body: bytes
    text: str | None
    header_charset: str | None
    url: str
    select: str | None
    exclude: tuple
    language: str | None
    raw_hash: str | None = None  # when the caller already hashed the bytes
    known_text_hash: str | None = None  # the document's current text: only another one is stored and read
    compress: bool = False  # compress the page for storage when its text is new
    dictionary: SiteDictionary | None = None  # with its site's dictionary, if it has one


def read_page(page: PageToRead, facts) -> PageReading:
    """The work of `offload.OffLoop.read_page`, where it runs (`facts`: the definitions, or None for none)."""
    markup = page.text if page.text is not None else page_markup(page.body, page.header_charset)
    article = extract(markup, page.url, select=page.select, exclude=page.exclude, language=page.language)
    reading = PageReading(article, text_hash(article.text), page.raw_hash or raw_hash(page.body))
    if not article.text.strip() or reading.text_hash == page.known_text_hash:
        return reading  # no new snapshot: nothing to store or read
    if page.compress:
        reading.blob = compress(page.body, page.dictionary)
    if facts is not None:
        try:
            reading.observations = extract_observations(article.text, facts, language=article.language)
        except Exception as error:  # noqa: BLE001 — reported at the facts stage, if the facts are needed
            reading.facts_error = error
    return reading


def start_worker(facts) -> None:
    global _facts
    _facts = facts


def read_in_worker(page: PageToRead, facts: bool) -> PageReading:
    return read_page(page, _facts if facts else None)


def observe_in_worker(text: str, language: str | None) -> list:
    return extract_observations(text, _facts, language=language)
