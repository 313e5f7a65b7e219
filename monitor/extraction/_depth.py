"""Keep a page's elements from nesting deeper than a browser would build them.

Lexbor, like every HTML5 parser, scans the stack of open elements for many start tags (a <div>
closes an open <p> "in button scope", an <li> looks for an open <li>), so a page of n nested
<div>s costs n² steps: 100,000 of them (1.1 MB) took 45 s to parse. Browsers cap the depth of
the tree they build (Chromium at 512); so does this module, before the page reaches the parser:
start tags that would open an element deeper than ``MAX_DEPTH`` are dropped, with their end
tags. Their text stays where it was, so nothing a reader could see is lost; only boxes within
boxes beyond that depth disappear.

A page of at most ``QUICK_TAGS`` tags cannot cost much however it nests (4,000 nested <div>s
parse in about 30 ms), and is passed on at once: that is nearly every page (the extraction
benchmark's pages hold 140 to 3,300). Longer ones are measured (one regular-expression scan and
running sums, all in C); the rewrite runs only for pages that do nest deeper than ``MAX_DEPTH``.
Other pages reach the parser unchanged, byte for byte, so their text and its hash never change.
A page may come as UTF-8 bytes (the parser reads them natively): it is measured as it is, and
decoded only to be rewritten.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import sub

MAX_DEPTH = 512
QUICK_TAGS = 4000

# Elements that never hold others, or whose end tag is optional (a new <p> or <li> closes the
# open one): they do not count towards the depth.
_NOT_COUNTED = (
    "area base br col embed hr img input link meta param source track wbr keygen frame basefont bgsound"
    " p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp html head body"
).split()
_COUNTED_TAG = re.compile(r"<(/?)(?!(?:" + "|".join(_NOT_COUNTED) + r")[\s/>])[A-Za-z]", re.IGNORECASE)
_COUNTED_TAG_BYTES = re.compile(_COUNTED_TAG.pattern.encode(), re.IGNORECASE)
_STEP = {"": 1, "/": -1, b"": 1, b"/": -1}
# In the rewrite: raw text (scripts, styles, comments) is skipped whole, tags are read one by one.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|xmp|plaintext)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>",
    re.IGNORECASE | re.DOTALL,
)
_NOT_COUNTED_SET = frozenset(_NOT_COUNTED)


def deepest(html: str | bytes) -> int:
    """An estimate of how deep the page's elements nest (stray end tags never go below zero).

    The depth after each tag is the running sum of +1 (start) and -1 (end) minus its lowest value
    so far (which is where stray end tags would have taken it below zero): all of it C loops.
    """
    tags = (_COUNTED_TAG_BYTES if isinstance(html, bytes) else _COUNTED_TAG).findall(html)
    sums = list(accumulate(map(_STEP.__getitem__, tags), initial=0))
    return max(map(sub, sums, accumulate(sums, min)))


def bounded_depth(html: str | bytes, limit: int = MAX_DEPTH) -> str | bytes:
    """``html`` itself when it nests no deeper than ``limit``; else a copy (text) without the
    start tags (and their end tags) that would open elements deeper than that."""
    if html.count(b"<" if isinstance(html, bytes) else "<") <= QUICK_TAGS or deepest(html) <= limit:
        return html
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    pieces: list[str] = []
    kept = 0  # end of the text already copied
    stack: list[tuple[str, bool]] = []  # open counted elements: (name, dropped)
    open_count: dict[str, int] = {}
    depth = 0  # elements open and kept
    for match in _TOKEN.finditer(html):
        name = match.group(3)
        if name is None:
            continue  # a comment or raw text: copied as it is
        name = name.lower()
        if name in _NOT_COUNTED_SET or match.group(4).rstrip().endswith("/"):
            continue
        if not match.group(2):  # a start tag
            dropped = depth >= limit
            stack.append((name, dropped))
            open_count[name] = open_count.get(name, 0) + 1
            if dropped:
                pieces.append(html[kept:match.start()])
                kept = match.end()
            else:
                depth += 1
            continue
        if not open_count.get(name):
            continue  # a stray end tag: the parser ignores it too
        while stack:  # close up to the matching element, as the parser would
            open_name, dropped = stack.pop()
            open_count[open_name] -= 1
            if not dropped:
                depth -= 1
            if open_name == name:
                if dropped:
                    pieces.append(html[kept:match.start()])
                    kept = match.end()
                break
    pieces.append(html[kept:])
    return "".join(pieces)
