"""Datasette over a real monitor database: every canned query, search, the Atom feed, the plugin.

The database is a real SQLite file made by the project's migrations and filled with a small,
known story (our own sentences), so each query's answer can be checked row by row. Requests go
through Datasette's own client, with the metadata exactly as `monitor serve` loads it.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import httpx
import pytest
from server import unused_port

from monitor.storage.schema import open_database
from monitor.web.serve import ServeError, build_datasette, load_metadata

HOSTILE_EVIDENCE = 'The fund holds <script>alert("x")</script> $130 billion, the blog said.'
DIVERGING_EVIDENCE = "Our sources put the foundation's stake at about $80 billion."
BASELINE_EVIDENCE = "The foundation keeps a stake worth more than $100 billion."
EDIT_DIFF = [
    {
        "op": "changed",
        "old": "The fund will receive $50 million.",
        "new": "The fund will receive $25 million.",
        "words": [["=", "The fund will receive"], ["-", "$50"], ["+", "$25"], ["=", "million."]],
    },
    {"op": "removed", "old": "A definitive agreement is expected soon.", "new": None, "words": []},
]


def fill_story(path: Path) -> None:
    """Two sources, three documents, their snapshots, observations and one finding of each kind."""
    db = open_database(str(path))
    db["sources"].insert_all(
        [
            {"name": "lab-blog", "url": "http://127.0.0.1:9/blog", "kind": "page", "enabled": 1,
             "last_outcome": "ok", "consecutive_failures": 0},
            {"name": "wire", "url": "http://127.0.0.1:9/feed.xml", "kind": "feed", "enabled": 1,
             "last_outcome": "error", "last_error_class": "timeout", "last_error": "no answer in 30 s",
             "consecutive_failures": 4, "failing_since": "2025-10-29T08:00:00+00:00"},
            {"name": "old-wire", "url": "http://127.0.0.1:9/old.xml", "kind": "feed", "enabled": 0,
             "last_outcome": "error", "consecutive_failures": 9},
        ]
    )
    db["documents"].insert_all(
        [
            {"id": 1, "url": "http://127.0.0.1:9/blog", "source": "lab-blog", "first_seen_at": "2025-10-28T09:00:00+00:00"},
            {"id": 2, "url": "http://127.0.0.1:9/news/stake", "source": "wire", "first_seen_at": "2025-10-28T10:00:00+00:00"},
        ]
    )
    db["snapshots"].insert_all(
        [
            {"id": 1, "document_id": 1, "created_at": "2025-10-28T09:00:00+00:00", "published": "2025-10-28",
             "title": "A new chapter for the lab", "language": "en", "text_hash": "a",
             "text": "The fund will receive $50 million. A definitive agreement is expected soon."},
            {"id": 2, "document_id": 1, "previous_id": 1, "created_at": "2025-10-29T09:00:00+00:00",
             "published": "2025-10-28", "title": "A new chapter for the lab", "language": "en", "text_hash": "b",
             "text": "The fund will receive $25 million. " + HOSTILE_EVIDENCE},
            {"id": 3, "document_id": 2, "created_at": "2025-10-29T10:00:00+00:00", "published": "2025-10-29",
             "title": "Stake valued lower, say insiders", "language": "en", "text_hash": "c",
             "text": DIVERGING_EVIDENCE + " Hedgehogs were not consulted."},
        ]
    )
    db["baseline_facts"].insert(
        {"key": "foundation_stake", "label": "Value of the foundation's stake", "kind": "money",
         "value": "100000000000", "comparator": ">", "currency": "USD", "evidence": BASELINE_EVIDENCE}
    )
    db["observations"].insert_all(
        [
            {"id": 1, "snapshot_id": 2, "document_id": 1, "key": "foundation_stake", "kind": "money",
             "value": "130000000000", "value_num": 130e9, "comparator": "=", "currency": "USD",
             "evidence": HOSTILE_EVIDENCE},
            {"id": 2, "snapshot_id": 3, "document_id": 2, "key": "foundation_stake", "kind": "money",
             "value": "80000000000", "value_num": 80e9, "comparator": "~", "currency": "USD",
             "evidence": DIVERGING_EVIDENCE},
        ]
    )
    finding = {"document_id": 1, "source": "lab-blog", "url": "http://127.0.0.1:9/blog"}
    wire = {"document_id": 2, "source": "wire", "url": "http://127.0.0.1:9/news/stake"}
    db["findings"].insert_all(
        [
            {**finding, "id": 1, "kind": "refines", "key": "foundation_stake", "snapshot_id": 2, "observation_id": 1,
             "detected_at": "2025-10-29T09:00:00+00:00", "evidence": HOSTILE_EVIDENCE,
             "summary": "foundation_stake: $130 billion (refines baseline > $100 billion) on lab-blog"},
            {**finding, "id": 2, "kind": "edited", "snapshot_id": 2, "detected_at": "2025-10-29T09:00:01+00:00",
             "evidence": EDIT_DIFF[0]["new"], "diff": json.dumps(EDIT_DIFF),
             "summary": "lab-blog: text edited (1 sentence changed, 1 sentence removed)"},
            {**wire, "id": 3, "kind": "diverges", "key": "foundation_stake", "snapshot_id": 3, "observation_id": 2,
             "detected_at": "2025-10-29T10:00:00+00:00", "evidence": DIVERGING_EVIDENCE,
             "summary": "foundation_stake: ~ $80 billion (diverges baseline > $100 billion) on wire"},
            {**wire, "id": 4, "kind": "conflict", "key": "foundation_stake", "snapshot_id": 3, "observation_id": 2,
             "other_observation_id": 1, "detected_at": "2025-10-29T10:00:01+00:00", "evidence": DIVERGING_EVIDENCE,
             "other": json.dumps({"source": "lab-blog", "url": "http://127.0.0.1:9/blog", "document_id": 1,
                                  "snapshot_id": 2, "observed": {"evidence": HOSTILE_EVIDENCE}}),
             "summary": "foundation_stake: wire says ~ $80 billion, lab-blog says $130 billion"},
        ]
    )
    db.conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "monitor.db"
    fill_story(path)
    return path


def get(db_path: Path, path: str):
    async def fetch():
        return await build_datasette(str(db_path)).client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200, response.text[:500]
    return response


def rows(db_path: Path, query: str) -> list[dict]:
    separator = "&" if "?" in query else "?"
    return get(db_path, f"/monitor/{query}{separator}_shape=objects").json()["rows"]


def test_metadata_names_every_canned_query_the_issue_asks_for(tmp_path):
    queries = load_metadata(str(tmp_path / "monitor.db"))["databases"]["monitor"]["queries"]
    assert set(queries) == {
        "latest_findings", "divergences", "fact_timeline", "official_edits", "conflicts", "failing_sources"
    }


def test_latest_findings_newest_first_with_feed_columns(db_path):
    found = rows(db_path, "latest_findings.json")
    assert [row["finding"] for row in found] == [4, 3, 2, 1]
    assert found[0]["atom_title"] == "conflict · foundation_stake · wire"
    assert found[0]["atom_link"] == "http://127.0.0.1:9/news/stake"
    hostile = found[3]["atom_content_html"]
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_divergences_show_both_sentences(db_path):
    (row,) = rows(db_path, "divergences.json")
    assert row["fact"] == "Value of the foundation's stake"
    assert (row["says"], row["baseline_says"]) == (DIVERGING_EVIDENCE, BASELINE_EVIDENCE)


def test_fact_timeline_lists_statements_in_the_order_they_were_reported(db_path):
    found = rows(db_path, "fact_timeline.json?key=foundation_stake")
    assert [(row["source"], row["value_num"], row["comparator"]) for row in found] == [
        ("lab-blog", 130e9, "="),
        ("wire", 80e9, "~"),
    ]
    assert rows(db_path, "fact_timeline.json?key=no_such_fact") == []


def test_official_edits_keep_to_watched_pages(db_path):
    (row,) = rows(db_path, "official_edits.json")
    assert (row["kind"], row["source"]) == ("edited", "lab-blog")
    assert json.loads(row["diff"]) == EDIT_DIFF


def test_conflicts_name_both_sides(db_path):
    (row,) = rows(db_path, "conflicts.json")
    assert (row["source"], row["other_source"]) == ("wire", "lab-blog")
    assert (row["says"], row["other_says"]) == (DIVERGING_EVIDENCE, HOSTILE_EVIDENCE)


def test_failing_sources_are_the_enabled_ones_whose_last_check_failed(db_path):
    (row,) = rows(db_path, "failing_sources.json")
    assert (row["name"], row["consecutive_failures"], row["last_error_class"]) == ("wire", 4, "timeout")


def test_full_text_search_finds_a_snapshot(db_path):
    found = rows(db_path, "snapshots.json?_search=hedgehogs")
    assert [row["id"] for row in found] == [3]


def test_atom_feed_lists_findings_with_escaped_evidence(db_path):
    response = get(db_path, "/monitor/latest_findings.atom")
    feed = ElementTree.fromstring(response.text)
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.find(f"{atom}title").text == "Latest findings"
    entries = feed.findall(f"{atom}entry")
    assert [entry.find(f"{atom}id").text for entry in entries] == [f"monitor:finding:{n}" for n in (4, 3, 2, 1)]
    content = entries[3].find(f"{atom}content").text  # HTML, carried as text inside the XML
    assert "&lt;script&gt;" in content and "<script>" not in content


def test_atom_feed_of_a_database_without_findings_is_valid_and_empty(tmp_path):
    path = tmp_path / "monitor.db"
    open_database(str(path)).conn.close()  # migrated, nothing found yet
    response = get(path, "/monitor/latest_findings.atom")
    assert response.headers["content-type"].startswith("application/xml")
    feed = ElementTree.fromstring(response.text)
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.find(f"{atom}title").text == "Latest findings"
    assert feed.findall(f"{atom}entry") == []
    assert feed.find(f"{atom}id").text.endswith("/monitor/latest_findings.atom")
    assert feed.find(f"{atom}updated").text[:2] == "20"  # Atom requires it, even with no entry


def test_atom_still_refuses_a_query_without_the_feed_columns(db_path):
    async def fetch():
        return await build_datasette(str(db_path)).client.get("/monitor.atom?sql=select+1+as+one+where+0")

    assert asyncio.run(fetch()).status_code == 400  # datasette-atom's own answer, kept


def test_plugin_renders_the_diff_with_deleted_and_inserted_words(db_path):
    page = get(db_path, "/monitor/findings/2").text
    assert "<del>$50</del>" in page and "<ins>$25</ins>" in page
    assert "<del>A definitive agreement is expected soon.</del>" in page


def test_scraped_markup_is_never_rendered_raw(db_path):
    for path in ("/monitor/latest_findings", "/monitor/findings/1", "/monitor/observations", "/monitor/conflicts"):
        page = get(db_path, path).text
        assert '<script>alert("x")</script>' not in page, path
        assert "&lt;script&gt;" in page, path
    assert 'class="monitor-evidence"' in get(db_path, "/monitor/findings/1").text


def test_metadata_follows_a_database_with_another_file_name(tmp_path):
    path = tmp_path / "story.db"
    fill_story(path)

    async def fetch():
        return await build_datasette(str(path)).client.get("/story/divergences.json?_shape=objects")

    response = asyncio.run(fetch())
    assert response.status_code == 200
    assert response.json()["rows"][0]["says"] == DIVERGING_EVIDENCE


def test_serve_stops_with_status_0_on_ctrl_c(db_path):
    port = unused_port()
    monitor = Path(sys.executable).parent / "monitor"
    server = subprocess.Popen([str(monitor), "--db", str(db_path), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"http://127.0.0.1:{port}/-/versions.json"):
            assert server.poll() is None and time.monotonic() < deadline, server.stdout.read()
            time.sleep(0.2)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        assert b"Traceback" not in server.stdout.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url).status_code == 200
    except httpx.TransportError:
        return False


def test_a_missing_database_is_refused_with_a_hint(tmp_path):
    with pytest.raises(ServeError, match="monitor init"):
        build_datasette(str(tmp_path / "absent.db"))


def test_without_datasette_the_error_gives_the_install_command(db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # what an install without the extra looks like
    with pytest.raises(ServeError, match=r"pip install -e '\.\[datasette\]'"):
        build_datasette(str(db_path))
