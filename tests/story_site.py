"""The evolving story of tests/fixtures/story/, served on a loopback server.

Each ``.page`` file holds a few ``name: value`` lines (title, site, byline, published, lang),
a blank line, then the article's paragraphs. ``render`` puts them into ``_frame.html``, a news
page whose furniture differs on every load: the time it was served, a CSRF token, cache-busting
URLs, share counts, the "most read" list and the ads. Only the article may reach a snapshot.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fixture_site import write_config

STORY = Path(__file__).parent / "fixtures" / "story"
CATALOGUE = Path(__file__).parent.parent / "sources.toml"  # the shipped fact catalogue

_HEADLINES = (
    "Inside a data centre in the desert",
    "Why chip prices keep climbing",
    "The city that banned cars on Sundays",
    "Ten questions for a central banker",
    "A football club for sale, again",
)
_ADS = ("Fly to Lisbon from €39", "Mortgages at a fixed rate for ten years", "The phone everyone wants this winter")


def render(name: str, load: int) -> str:
    """The page of ``name`` (a .page file) as served on its ``load``-th request."""
    header, body = (STORY / f"{name}.page").read_text(encoding="utf-8").split("\n\n", 1)
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    order = _HEADLINES[load % len(_HEADLINES) :] + _HEADLINES[: load % len(_HEADLINES)]
    values = {
        "TITLE": fields["title"],
        "SITE": fields["site"],
        "BYLINE": fields["byline"],
        "PUBLISHED": fields["published"],
        "LANG": fields["lang"],
        "BODY": body.rstrip("\n"),
        "STAMP": f"2025-11-{1 + load % 28:02d}T{load % 24:02d}:{(7 * load) % 60:02d}:13Z",
        "TOKEN": hashlib.sha1(f"{name}:{load}".encode()).hexdigest()[:24],
        "BUST": str(1_761_000_000 + 7_919 * load),
        "SHARES": f"{1_200 + 37 * load:,}",
        "AD": _ADS[load % len(_ADS)],
        "NODE": f"web-{load % 5}",
        "MOSTREAD": "".join(f'<li><a href="/read/{i}?src=mr{load}">{title}</a></li>' for i, title in enumerate(order)),
    }
    page = (STORY / "_frame.html").read_text(encoding="utf-8")
    for token, value in values.items():
        page = page.replace(f"@@{token}@@", value)
    return page


class StorySite:
    """Serves story pages at paths, counting loads so the furniture changes every time."""

    def __init__(self, server) -> None:
        self.server = server
        self.loads = 0

    def show(self, **pages: str) -> None:
        """Serve ``path=page name`` pairs (``/news/daily`` is written ``news_daily``)."""
        for path, name in pages.items():
            self.loads += 1
            self.server.serve(_path(path), render(name, self.loads))

    def url(self, path: str) -> str:
        return self.server.url(_path(path))


def _path(name: str) -> str:
    return "/" + name.replace("_", "/")


def story_config(path: Path, site: StorySite, sources: dict[str, str], settings: dict | None = None, **monitor) -> Path:
    """A sources.toml with one page source per ``name=path`` and the shipped fact catalogue.

    ``settings`` adds fields to named sources: ``{"courier": {"exclude": [".box-note"]}}``.
    """
    settings = settings or {}
    listed = [
        {"name": name, "url": site.url(where), "kind": "page", **settings.get(name, {})} for name, where in sources.items()
    ]
    write_config(path, listed, **monitor)
    facts = CATALOGUE.read_text(encoding="utf-8").split("# ── Facts", 1)[1]
    with path.open("a", encoding="utf-8") as file:
        file.write("\n# ── Facts" + facts)
    return path
