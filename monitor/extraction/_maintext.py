"""Find the main text of a parsed page and cut it into blocks, leaving page furniture out.

Why this shape: the extractor runs on every fetch, so it must cost about as much as parsing the
page. Lexbor selectors (C) do the scanning; Python looks only at the nodes they return and walks
only the chosen container. The steps, readability-style:

1. score the parents (in full) and grandparents (half) of every paragraph by text length and
   commas; pages without enough <p> text are scored again with text-holding <div>s as paragraphs;
2. rank candidates: skip those inside furniture (by tag, ARIA role or class/id words such as
   nav, share, related, comments, ad), add a bonus for content-like names, discount link
   density; when near-best candidates share an ancestor, that ancestor is the article; sibling
   boxes that score well join it (the parent's siblings, when the best box stands alone);
3. walk the chosen containers into blocks (paragraphs, headings, list items, quotes), skipping
   furniture boxes inside them, and drop link lists and one-line furniture ("Advertisement",
   "Updated 3 minutes ago").

With a per-source `select`, step 1–2 are replaced by the selector; step 3 still applies inside
the selected containers. `exclude` selectors are removed from the whole page first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extraction._whitespace import normalise_space
from monitor.model import Block

NEVER_TEXT = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "button",
    "select", "input", "textarea", "label", "dialog", "video", "audio", "figure", "picture", "math",
))

# Containers that are furniture by their tag or ARIA role, whatever their class says.
FURNITURE_TAGS = frozenset(("nav", "aside", "footer", "header", "menu", "form"))
_FURNITURE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                              "alert", "menu", "toolbar"))

# Words of class/id attributes, matched as whole tokens (the value is split on anything not a
# letter or digit), so "shadow", "download" or "lead" never match "ad".
# Strong words mark furniture wherever they appear ("comment_content", "privacy-consent").
STRONG_FURNITURE_WORDS = frozenset("""
    ad ads adv advert advertisement advertising adsbygoogle adslot adunit dfp gpt sponsor sponsored
    promo promoted breadcrumb breadcrumbs share shares sharing sharebar sharedaddy social socials
    comment comments commentlist disqus replies related recommended recommendations outbrain
    taboola newsletter subscribe subscription signup cookie cookies consent gdpr mostread popular
    trending byline timestamp dateline caption credit credits visuallyhidden
    pub publicite publicidad pubblicita werbung anzeige partage partager teilen condividi compartir
    commentaires kommentare commenti comentarios rgpd abonnement
""".split())
# Weak words also name page-layout wrappers ("content-with-sidebar", "l-article-body-header"):
# they mark furniture only when no word of the same value speaks for content.
WEAK_FURNITURE_WORDS = frozenset("""
    nav navbar navigation menu submenu subnav masthead footer header sidebar rail widget follow
    most paywall banner modal popup overlay toolbar pagination pager author authors avatar bio tags topics keywords
    print skip sr sronly login meta
""".split())
CONTENT_WORDS = frozenset("article articles body content story entry post text main".split())
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_PROTECTED_TAGS = frozenset(("html", "body", "main", "article"))

# Elements that end the current block of text; everything else is inline and joins its text to
# its neighbours, so "$<span>4</span>.2bn" stays "$4.2bn".
BLOCK_TAGS = frozenset("""
    address article aside blockquote center dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table tbody
    td tfoot th thead tr ul
""".split())
_SKIPPED = frozenset(("-comment", *NEVER_TEXT))
# Inline elements not worth judging as furniture, to keep the walk cheap: link lists are caught
# by link density instead. Others (<span class=timestamp>, custom elements) are judged.
_UNJUDGED_INLINE = frozenset("a b i em strong u s sup sub abbr cite code q mark img wbr bdi bdo dfn kbd var samp data".split())
# A paragraph or box inside a list item or a quote stays part of that item or quote.
_TRANSPARENT_BLOCKS = frozenset(("p", "div", "section"))
_KIND_OF_TAG = {"h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h", "li": "li", "dd": "li",
                "dt": "li", "blockquote": "quote"}
_BR = "\x00"  # stands for <br> until the block is finished: two in a row split the block
_BR_PAIR = re.compile(r"\x00\s*\x00")
_WEIGHT_BONUS = 25.0
# Deeper than this (hundreds of levels: only hostile pages), a box's text is taken flat instead of
# walked, so the walk's recursion stays far from Python's limit.
MAX_WALK_DEPTH = 200

# One-line furniture that survives inside article bodies.
_FURNITURE_LINE = re.compile(
    r"^(?:advertisement|advertising|advert|sponsored|publicité|anzeige|pubblicità|publicidad"
    r"|(?:updated |posted |published )?\d+ \w+ ago|(?:mis à jour )?il y a \d+ \w+|(?:aktualisiert )?vor \d+ \w+"
    r"|share(?: this)?(?: article| story)?|partager|read more|lire aussi|lire la suite"
    r"|related(?: articles| stories)?|sur le même sujet)\W*$",
    re.IGNORECASE,
)


NOT_FURNITURE, WEAK, STRONG = 0, 1, 2


@lru_cache(maxsize=8192)
def furniture_level(attribute_text: str) -> int:
    """Judge a class/id value: STRONG for a strong furniture word, WEAK for a weak one with no
    content word beside it, else NOT_FURNITURE."""
    tokens = set(_TOKEN_SPLIT.split(attribute_text.lower()))
    if tokens & STRONG_FURNITURE_WORDS:
        return STRONG
    if tokens & WEAK_FURNITURE_WORDS and not tokens & CONTENT_WORDS:
        return WEAK
    return NOT_FURNITURE


def _furniture_level(node: LexborNode) -> int:
    """Judge one element by its tag, ARIA role, hidden state and class/id words."""
    tag = node.tag
    if tag in _PROTECTED_TAGS:
        return NOT_FURNITURE
    if tag in FURNITURE_TAGS:
        return WEAK if tag == "form" else STRONG
    attributes = node.attributes
    if attributes.get("role") in _FURNITURE_ROLES or "hidden" in attributes:
        return WEAK
    if attributes.get("aria-hidden") == "true":
        return WEAK
    return furniture_level(f"{attributes.get('class') or ''} {attributes.get('id') or ''}")


def _inside_furniture(node: LexborNode, levels: int = 5) -> bool:
    """Is this node, or one of its nearest ancestors below an <article>/<main>, a furniture box?

    Only a few levels are looked at, and ancestors only for strong words: farther wrappers are
    page layout whose names ("with-right-rail", "Page-ad-margins") say nothing about the text
    deep inside them.
    """
    lowest = WEAK
    for _ in range(levels):
        if node is None or node.tag in _PROTECTED_TAGS:
            return False
        if _furniture_level(node) >= lowest:
            return True
        node, lowest = node.parent, STRONG
    return False


def _link_density(node: LexborNode) -> float:
    """Share of the node's text that sits inside links: high for menus and "read also" lists."""
    length = len(node.text())
    if not length:
        return 1.0
    linked = sum(len(link.text()) for link in node.css("a"))
    return min(1.0, linked / length)


def _class_weight(node: LexborNode) -> float:
    """Readability's nudge: content-like class/id names up, furniture-like ones down."""
    attributes = node.attributes
    name = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    if furniture_level(name):
        return -_WEIGHT_BONUS
    if set(_TOKEN_SPLIT.split(name)) & CONTENT_WORDS:
        return _WEIGHT_BONUS
    return 0.0


class _Scores:
    """Paragraph scores credited to parents (in full) and grandparents (half)."""

    def __init__(self) -> None:
        self.score: dict[int, float] = {}
        self.node: dict[int, LexborNode] = {}

    def credit(self, paragraph: LexborNode, text: str) -> None:
        """Readability's points: one, plus one per comma, plus one per 100 characters (max 3)."""
        length = len(text.strip())
        if length < 25:
            return
        points = 1 + text.count(",") + min(length // 100, 3)
        parent = paragraph.parent
        for share in (1.0, 0.5):
            if parent is None:
                return
            key = parent.mem_id
            self.node[key] = parent
            self.score[key] = self.score.get(key, 0.0) + points * share
            parent = parent.parent

    def ranked(self, candidates: int = 5) -> list[tuple[float, float, LexborNode]]:
        """The top-scoring candidates outside furniture as (adjusted, raw, node), best first.

        Adjusted scores add the class weight and discount link density; furniture candidates
        (comment threads, sidebars) do not use up the quota. Candidates that cannot come within
        75 % of the best even without links are not measured (link density is the costly part).
        """
        ranked: list[tuple[float, float, LexborNode]] = []
        floor = 0.0
        for key in sorted(self.score, key=self.score.get, reverse=True):
            raw = self.score[key]
            if raw + _WEIGHT_BONUS < floor:
                break
            node = self.node[key]
            if _inside_furniture(node):
                continue
            bound = raw + _class_weight(node)
            if bound < floor:
                continue
            adjusted = bound * (1 - _link_density(node))
            ranked.append((adjusted, raw, node))
            floor = max(floor, 0.75 * adjusted)
            if len(ranked) == candidates:
                break
        ranked.sort(key=lambda candidate: candidate[0], reverse=True)
        return ranked


def _ancestor_keys(node: LexborNode) -> set[int]:
    """Identities of all ancestors (Lexbor hands out a new Python object per access)."""
    keys = set()
    node = node.parent
    while node is not None:
        keys.add(node.mem_id)
        node = node.parent
    return keys


def _common_container(ranked: list[tuple[float, float, LexborNode]], needed: int = 2) -> LexborNode:
    """Readability's second look: when several near-best candidates are siblings' children
    (an article cut into many small boxes), their shared ancestor is the real container."""
    top_score, _, top = ranked[0]
    close = [_ancestor_keys(node) for score, _, node in ranked[1:] if score >= 0.75 * top_score]
    if len(close) < needed:
        return top
    node = top.parent
    while node is not None and node.tag != "body":
        key = node.mem_id
        if sum(key in ancestors for ancestors in close) >= needed:
            return node
        node = node.parent
    return top


def _best_containers(root: LexborNode) -> list[LexborNode]:
    """Readability-style choice of the node(s) that hold the article paragraphs.

    Paragraphs are <p> and <pre>; pages that put their text straight into <div>s (with <br>
    between paragraphs) are scored again with those divs standing in for paragraphs.
    """
    scores = _Scores()
    for paragraph in root.css("p, pre"):
        scores.credit(paragraph, paragraph.text())
    ranked = scores.ranked()
    if not ranked or ranked[0][1] < 15:
        for division in root.css("div, td, section"):
            scores.credit(division, division.text(deep=False))
        ranked = scores.ranked()
    if not ranked:
        return [root]
    best = _common_container(ranked)
    threshold = max(10.0, ranked[0][0] * 0.2)
    chosen = _with_siblings(best, scores, threshold)
    if len(chosen) == 1 and best.parent is not None:
        # Nothing beside it: the article may go on in boxes beside its parent (cousins). Those
        # hold their paragraphs one level further down, so they were credited half.
        cousins = _with_siblings(best.parent, scores, threshold / 2)
        if len(cousins) > 1:
            return cousins
    return chosen


def _with_siblings(best: LexborNode, scores: _Scores, threshold: float) -> list[LexborNode]:
    """The node and those of its siblings that look like more of the same article: boxes that
    scored well, and plain paragraphs of prose with few links."""
    parent = best.parent
    if parent is None or best.tag in _PROTECTED_TAGS:
        return [best]
    best_key = best.mem_id
    chosen = []
    for sibling in parent.iter(include_text=False):
        key = sibling.mem_id
        if key == best_key:
            chosen.append(sibling)
        elif scores.score.get(key, 0.0) >= threshold:
            if _furniture_level(sibling) == NOT_FURNITURE:
                chosen.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text()
            length = len(text)
            density = _link_density(sibling)
            if (length > 80 and density < 0.25) or (0 < length <= 80 and density == 0 and ". " in text):
                chosen.append(sibling)
    return chosen


class _TextCollector:
    """Depth-first walk of a container that turns its text into raw blocks, skipping furniture.

    Block elements end the current block; inline elements only add their text, so markup inside
    a word or a number never splits it. <br> is kept as a marker: one is a space, two or more in a
    row end a paragraph (pages that write their text straight into a <div>). Boxes judged
    furniture are skipped whole; one judged so only by a weak sign is kept when it holds most of
    the container's text, since page builders wrap whole articles in "widget" or "header" boxes.
    """

    __slots__ = ("blocks", "parts", "linked", "container", "half_length")

    def __init__(self, container: LexborNode) -> None:
        self.blocks: list[tuple[str, str, int]] = []  # (kind, raw text, characters inside links)
        self.parts: list[str] = []
        self.linked = 0
        self.container = container
        self.half_length = -1  # half the container's text length, measured when first needed

    def is_furniture(self, node: LexborNode) -> bool:
        level = _furniture_level(node)
        if level != WEAK:
            return level == STRONG
        if self.half_length < 0:
            self.half_length = len(self.container.text()) // 2
        return len(node.text()) < self.half_length

    def walk(self, node: LexborNode, kind: str, in_link: bool = False, depth: int = 0) -> None:
        if depth > MAX_WALK_DEPTH:  # a hostile page's boxes within boxes: their text, flat
            self.parts.append(node.text(separator=" "))
            return
        depth += 1
        child = node.first_child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                self.parts.append(text)
                if in_link:
                    self.linked += len(text)
            elif tag == "br":
                self.parts.append(_BR)
            elif tag in _SKIPPED:
                pass
            elif tag in BLOCK_TAGS:
                if not self.is_furniture(child):
                    self.flush(kind)
                    child_kind = _KIND_OF_TAG.get(tag) or (kind if tag in _TRANSPARENT_BLOCKS else "p")
                    self.walk(child, child_kind, in_link, depth)
                    self.flush(child_kind)
            elif tag in _UNJUDGED_INLINE or not self.is_furniture(child):
                self.walk(child, kind, in_link or tag == "a", depth)
            child = child.next

    def flush(self, kind: str) -> None:
        if self.parts:
            text = "".join(self.parts)
            if not text.isspace():
                self.blocks.append((kind, text, self.linked))
            self.parts.clear()
        self.linked = 0


def _blocks_of(container: LexborNode) -> list[Block]:
    """Walk a container and keep the blocks that are text rather than furniture."""
    collector = _TextCollector(container)
    kind = _KIND_OF_TAG.get(container.tag, "p")
    collector.walk(container, kind)
    collector.flush(kind)
    blocks = []
    for kind, text, linked in collector.blocks:
        if kind != "h" and linked > len(text.strip()) * 0.5:
            continue  # a list of links: menus, "read also", tag clouds
        for piece in _BR_PAIR.split(text) if _BR in text else (text,):
            piece = normalise_space(piece.replace(_BR, " "))
            if piece and not _FURNITURE_LINE.match(piece):
                blocks.append(Block(kind, piece))
    return blocks


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Selected nodes minus those inside another selected node, so no text is taken twice."""
    keys = {node.mem_id for node in nodes}
    return [node for node in nodes if not keys & _ancestor_keys(node)]


def main_blocks(tree: LexborHTMLParser, *, select: str | None = None, exclude: Sequence[str] = ()) -> tuple[Block, ...]:
    """The main text of a parsed page as blocks. Mutates the tree: `exclude` matches are removed."""
    root = tree.body or tree.root
    if root is None:
        return ()
    if exclude:
        doomed = root.css(", ".join(exclude))
        for node in reversed(doomed):
            node.decompose()
    containers = _outermost(root.css(select)) if select else _best_containers(root)
    return tuple(block for container in containers for block in _blocks_of(container))
