"""HTML or plain text → Article: metadata and main text, without the furniture of the page.

Why it matters: the hash of the normalised main text decides whether a fetch becomes a new
snapshot, so anything that changes on every load (timestamps, "most read", share counts, ads)
must stay out of `Article.blocks`. Text is normalised one way everywhere: whitespace runs,
including no-break and narrow no-break spaces, become one ASCII space (see `_whitespace`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

from selectolax.lexbor import LexborHTMLParser

from monitor.extraction._depth import bounded_depth
from monitor.extraction._language import detect_language
from monitor.extraction._maintext import main_blocks
from monitor.extraction._page_metadata import page_metadata
from monitor.extraction._whitespace import normalise_space
from monitor.model import Article, Block

__all__ = ["extract", "extract_plain_text", "detect_language", "text_hash"]

_BLANK_LINE = re.compile(r"\n\s*\n")
_MAX_TITLE_LINE = 200


def extract(html: str | bytes, url: str | None = None, *, select: str | None = None,
            exclude: Sequence[str] = (), language: str | None = None) -> Article:
    """Title, publication date, language, canonical URL and main-text blocks of a page.

    `select` (CSS selector of the article body) and `exclude` (selectors of boxes to drop)
    replace the generic main-text search for sources where it goes wrong. `language` overrides
    what the page declares; without either, the language is guessed from the text. `html` is the
    page's text, or its bytes when they are UTF-8 (`_response.page_markup`). Elements
    nested deeper than a browser would build them are flattened first (`_depth`), so the work
    stays linear in the page's size.
    """
    tree = LexborHTMLParser(bounded_depth(html))
    metadata = page_metadata(tree, url)
    blocks = main_blocks(tree, select=select, exclude=exclude)
    return Article(
        url=url,
        title=metadata.title,
        published=metadata.published,
        language=language or metadata.language or detect_language(_sample(blocks)),
        blocks=blocks,
        canonical_url=metadata.canonical_url,
    )


def extract_plain_text(text: str, url: str | None = None, language: str | None = None) -> Article:
    """An Article from a .txt target: paragraphs split on blank lines, or on single newlines
    when the text has no blank line; the first line is the title when it is short."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    paragraphs = [paragraph for paragraph in map(normalise_space, chunks) if paragraph]
    first_line = normalise_space(text.strip().split("\n", 1)[0])
    title = first_line if first_line and len(first_line) <= _MAX_TITLE_LINE else None
    blocks = tuple(Block("p", paragraph) for paragraph in paragraphs)
    return Article(url=url, title=title, published=None,
                   language=language or detect_language(_sample(blocks)), blocks=blocks)


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for texts that differ only in whitespace."""
    return hashlib.sha256(normalise_space(text).encode("utf-8")).hexdigest()


def _sample(blocks: Sequence[Block]) -> str:
    return " ".join(block.text for block in blocks[:20])
