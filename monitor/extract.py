"""HTML → Article: metadata and main text, without the furniture that changes on every load."""

from __future__ import annotations

from typing import Sequence

from selectolax.lexbor import LexborHTMLParser

from monitor._maintext import main_blocks
from monitor.model import Article


def extract(html: str, url: str | None = None, *, select: str | None = None,
            exclude: Sequence[str] = (), language: str | None = None) -> Article:
    tree = LexborHTMLParser(html)
    blocks = main_blocks(tree, select=select, exclude=exclude)
    return Article(url=url, title=None, published=None, language=language, blocks=blocks)
