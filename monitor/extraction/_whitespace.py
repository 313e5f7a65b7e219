"""One whitespace rule for all extracted text, so the same words always hash the same.

Every run of Unicode whitespace — including the no-break space U+00A0 and the narrow no-break
space U+202F that French typography puts in "100 milliards" or before "%" — becomes one ASCII
space. Invisible characters that split words without showing (zero-width space, soft hyphen,
word joiner, BOM) are dropped. Downstream parsers therefore only ever see plain spaces.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def normalise_space(text: str) -> str:
    """Collapse whitespace runs to one space, drop invisible characters, strip the ends."""
    if not text.isascii():  # isascii() is free; pure-ASCII text cannot hold the invisible characters
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())
