"""The demo story: its pages, its sources, its moments, and their replay through the real pipeline.

Each ``site/*.page`` file holds a few ``name: value`` lines (title, site, canonical, byline,
published, lang), a blank line, then the article's paragraphs. ``render`` puts one into
``site/_frame.html``, a news page whose furniture changes on every load (the time it was served,
a request id, build numbers in links, a reaction count, the "trending" list and the ads): only
the article may reach a snapshot, so reloading an unchanged article reports nothing.

``replay`` serves the pages on a loopback port it picks, writes a sources.toml for them next to
the database, and runs one pass per moment of ``STORY`` with the clock set to that moment (the
pipeline and the findings read the time through their ``utc_now``), so `monitor diff --all` and
Datasette show the story's dates, not the minute the demo ran.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlite_utils import Database

from monitor import pipeline
from monitor.config import load_config
from monitor.errors import MonitorError
from monitor.findings import recording
from monitor.storage import store

HERE = Path(__file__).parent
SITE = HERE / "site"
FACTS = HERE / "facts.toml"
DEFAULT_DB = "db/demo.db"
CONFIG_NAME = "demo-sources.toml"  # written beside the demo database


@dataclass(frozen=True)
class DemoSource:
    name: str
    path: str  # where the loopback site serves it
    what: str  # one line for the reader


SOURCES = (
    DemoSource("openai-newsroom", "/openai/newsroom/next-chapter", "OpenAI's statement on the deal (official page)"),
    DemoSource("openai-foundation", "/openai/foundation/people-first-fund", "the Foundation's grant fund page (official page)"),
    DemoSource("echo-numerique", "/echo/ia/openai-microsoft-accord", "a French outlet"),
    DemoSource("harbour-ledger", "/ledger/tech/openai-overhaul", "an English-language outlet"),
    DemoSource("morning-wire", "/wire/2025/10/29/openai-microsoft-deal", "another English-language outlet"),
    DemoSource("rheinblick", "/rheinblick/digital/openai-microsoft", "a German outlet"),
)


@dataclass(frozen=True)
class Moment:
    """One pass of the story: when it happens, what a reader should notice, and what is online."""

    at: str  # ISO 8601 UTC: the simulated clock during this pass
    title: str
    notes: tuple[str, ...]
    pages: dict[str, str]  # source name → page file (without .page) served at the source's path


STORY = (
    Moment(
        "2025-09-12T08:00:00+00:00",
        "The deal is announced",
        ("OpenAI publishes its statement and its Foundation's $50 million fund page;",
         "a French outlet reports the memorandum of understanding."),
        {"openai-newsroom": "statement-v1", "openai-foundation": "fund-v1", "echo-numerique": "echo-fr"},
    ),
    Moment(
        "2025-10-29T12:00:00+00:00",
        "A definitive agreement",
        ("OpenAI updates its statement: a definitive agreement, a stake of about $130 billion, Microsoft at ~27 %;",
         "three outlets report it (one in German); Morning Wire says $100 billion and misreports the fund;",
         "the pages already seen come back with new ads, timestamps and trending lists: nothing to report."),
        {"openai-newsroom": "statement-v2", "openai-foundation": "fund-v1", "echo-numerique": "echo-fr",
         "harbour-ledger": "ledger", "morning-wire": "wire", "rheinblick": "rheinblick-de"},
    ),
    Moment(
        "2025-10-30T09:00:00+00:00",
        "A silent edit",
        ("The fund page now says $40 million, with no note and the same date.",),
        {"openai-foundation": "fund-v2", "harbour-ledger": "ledger", "morning-wire": "wire"},
    ),
    Moment(
        "2025-11-03T09:00:00+00:00",
        "Edited back",
        ("The fund page says $50 million again: the text it had before.",),
        {"openai-foundation": "fund-v1", "harbour-ledger": "ledger", "rheinblick": "rheinblick-de"},
    ),
)  # fmt: skip

_TRENDING = (
    "Heat pumps, explained in five charts",
    "The last ferry of the season",
    "Why your rent went up again",
    "A chess prodigy at eleven",
    "What the new budget means for you",
    "Rail strike: the timetable",
)
_ADS = ("Winter tyres at half price", "Learn Portuguese in 30 days", "A sofa that fits any room", "Fly to Oslo from €49")


def render(name: str, load: int, path: str) -> str:
    """The page of ``name`` (a .page file) as served on its ``load``-th request."""
    header, body = (SITE / f"{name}.page").read_text(encoding="utf-8").split("\n\n", 1)
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    turn = load % len(_TRENDING)
    trending = _TRENDING[turn:] + _TRENDING[:turn]
    values = {
        "TITLE": fields["title"],
        "SITE": fields["site"],
        "CANONICAL": fields["canonical"],
        "BYLINE": fields["byline"],
        "PUBLISHED": fields["published"],
        "LANG": fields["lang"],
        "BODY": body.rstrip("\n"),
        "SERVED": f"{8 + load % 12:02d}:{(13 * load) % 60:02d}:{(29 * load) % 60:02d}",
        "REQUEST": hashlib.sha256(f"{path}#{load}".encode()).hexdigest()[:20],
        "BUILD": str(20_250_000 + 97 * load),
        "EDGE": f"edge-{load % 7}",
        "REACTIONS": str(310 + 23 * load),
        "AD": _ADS[load % len(_ADS)],
        "TRENDING": "".join(f'<li><a href="/story/{n}?ref=trend{load}">{title}</a></li>' for n, title in enumerate(trending)),
    }
    page = (SITE / "_frame.html").read_text(encoding="utf-8")
    for token, value in values.items():
        page = page.replace(f"@@{token}@@", value)
    return page


class StorySite:
    """The story's pages on a loopback port; every load renders new furniture."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[str, str] = {}  # path → page name
        self.loads = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> StorySite:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def publish(self, path: str, page: str) -> None:
        with self._lock:
            self._pages[path] = page

    def answer(self, path: str) -> tuple[int, str, str]:
        """(status, content type, body) for a request."""
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n"
        with self._lock:
            page = self._pages.get(path)
            self.loads += 1
            load = self.loads
        if page is None:
            return 404, "text/plain; charset=utf-8", "not found\n"
        return 200, "text/html; charset=utf-8", render(page, load, path)


def _handler(site: StorySite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, content_type, body = site.answer(self.path.split("?", 1)[0])
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:
            """Quiet: the demo prints its own account."""

    return Handler


# ── the replay ────────────────────────────────────────────────────────────────────────────


@dataclass
class MomentResult:
    moment: Moment
    checked: int
    new_snapshots: int
    same_text: int
    errors: int
    findings: dict[str, int] = field(default_factory=dict)  # kind → count found in this pass


@dataclass
class DemoResult:
    db_path: str
    config_path: str
    site_url: str
    moments: list[MomentResult] = field(default_factory=list)


def write_config(path: Path, site: StorySite) -> Path:
    """A sources.toml for the story's site: politeness off (it is our own loopback server)."""
    lines = [
        "# Written by `monitor demo`: the demo's sources on the loopback port it served them from,",
        "# and the shipped fact catalogue.",
        "[monitor]",
        'user_agent = "monitor-demo/0.1 (+http://127.0.0.1/)"',
        'interval = "1h"',
        'per_host_delay = "0s"',
        "per_host_concurrency = 6",
        'connect_timeout = "5s"',
        'read_timeout = "10s"',
        'total_timeout = "20s"',
        "retries = 0",
        'backoff = "0s"',
        'conflict_window = "7d"',
    ]
    for source in SOURCES:
        lines += ["", "[[source]]", f"name = {json.dumps(source.name)}", f"url = {json.dumps(site.url(source.path))}",
                  'kind = "page"', f"# {source.what}"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n\n" + FACTS.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def fresh_database(db_path: str) -> Database:
    """An empty database at ``db_path``; an earlier demo database there is replaced, anything else kept."""
    file = Path(db_path)
    if file.exists():
        _refuse_unless_demo(file)
        for leftover in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return store.open_store(db_path)


def _refuse_unless_demo(file: Path) -> None:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sources")}
    except sqlite3.Error:
        names = {"?"}
    if not names <= {source.name for source in SOURCES}:
        raise MonitorError(f"{file}: exists and is not a demo database; give another path with --db")


@contextmanager
def simulated_clock(moment: str) -> Iterator[None]:
    """Make the pipeline and the findings write ``moment`` as the time of everything they record."""
    clocks = [(pipeline, pipeline.utc_now), (recording, recording.utc_now)]
    for module, _real in clocks:
        module.utc_now = lambda: moment
    try:
        yield
    finally:
        for module, real in clocks:
            module.utc_now = real


def replay(
    db_path: str = DEFAULT_DB,
    *,
    site: StorySite,
    on_moment: Callable[[MomentResult], None] | None = None,
) -> DemoResult:
    """Run the story into a fresh database at ``db_path``, one real pass per moment, over ``site``
    (started by the caller, who may keep it serving afterwards)."""
    db = fresh_database(db_path)
    config_path = write_config(Path(db_path).with_name(CONFIG_NAME), site)
    config = load_config(config_path)
    result = DemoResult(db_path=db_path, config_path=str(config_path), site_url=site.url())
    for moment in STORY:
        for name, page in moment.pages.items():
            site.publish(_source(name).path, page)
        selected = [config.source(name) for name in moment.pages]
        with simulated_clock(moment.at):
            summary = pipeline.run_pass(config, db, selected)
        done = MomentResult(moment, summary.checked, summary.new_snapshots, summary.same_text,
                            sum(summary.errors.values()), _findings_of(db, summary.pass_id))  # fmt: skip
        result.moments.append(done)
        if on_moment:
            on_moment(done)
    db.close()
    return result


def _source(name: str) -> DemoSource:
    return next(source for source in SOURCES if source.name == name)


def _findings_of(db: Database, pass_id: int) -> dict[str, int]:
    rows = db.execute("SELECT kind, count(*) FROM findings WHERE pass_id = ? GROUP BY kind ORDER BY kind", [pass_id])
    return dict(rows.fetchall())
