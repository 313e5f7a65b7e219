"""The rough edges a newcomer met in the first hour (issue 13), one test (or a few) per edge.

1. a fresh database knows the configured facts; `diff` shows the current baseline;
2. findings link the watched URL, the page's own canonical URL is a detail;
3. a database on read-only media can be read (`status`, `diff`, `serve`);
4. `serve` prints the URL to open; a port in use is one line and exit status 2;
5. 80 columns: evidence and report lines wrap (indented), errors piped to a file stay one line;
6. `fetch` names failing sources, DNS errors name the host, counts are singular when one,
   `status` says "due now", a missing config names `--config` and `MONITOR_CONFIG`;
7. shell completion and a systemd unit are documented (and the completion works).

(The readable Datasette search error of edge 6 is tested in tests/test_demo.py.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fixture_site import write_config
from server import LoopbackServer, unused_port
from story_site import CATALOGUE

from monitor.cli import cli
from monitor.storage import store

ROOT = Path(__file__).parent.parent
MONITOR = Path(sys.executable).parent / "monitor"
FACTS = "\n# ── Facts" + CATALOGUE.read_text(encoding="utf-8").split("# ── Facts", 1)[1]
STAKE_PAGE = """<!doctype html><html lang="en"><head><title>Stake</title>
<link rel="canonical" href="https://elsewhere.example/stake-story"></head><body><article><h1>Stake</h1>
<p>The OpenAI Foundation holds a stake worth about $130 billion in the company, the lab said on Tuesday.</p>
<p>It also keeps a $50 million fund for community groups, which opened its applications in the autumn.</p>
</article></body></html>"""


def run(config: Path, db: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), *args], env=env)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def site():
    with LoopbackServer() as server:
        server.serve("/stake", STAKE_PAGE)
        yield server


def configure(path: Path, site, sources: dict[str, str] | None = None, facts: str = FACTS) -> Path:
    sources = sources if sources is not None else {"lab": "/stake"}
    write_config(path, [{"name": name, "url": site.url(where) if where.startswith("/") else where, "kind": "page"}
                        for name, where in sources.items()])  # fmt: skip
    path.write_text(path.read_text(encoding="utf-8") + facts, encoding="utf-8")
    return path


# ── 1 ─────────────────────────────────────────────────────────────────────────────────────


def test_1_a_fresh_database_knows_every_configured_fact(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "init").exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM baseline_facts").fetchone()[0] == 18
    result = run(config, db, "diff", "--all", "--fact", "nonprofit_stake_usd")
    assert result.exit_code == 0, result.output  # nothing to report, not "unknown fact"


def test_1_diff_shows_the_current_baseline_after_the_config_changed(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "fetch").exit_code == 0
    before = flat(run(config, db, "diff", "--all", "--fact", "grant_fund_usd", "--kind", "confirms").output)
    assert "baseline: 50 million USD" in before
    configure(config, site, facts=FACTS.replace("value = 50e6", "value = 60e6"))
    after = flat(run(config, db, "diff", "--all", "--fact", "grant_fund_usd", "--kind", "confirms").output)
    assert "baseline: 60 million USD" in after  # no pass since the change: read from the config
    assert run(config, db, "fetch").exit_code == 0
    with sqlite3.connect(db) as conn:  # …and the next pass (or init, or the daemon) syncs it
        assert conn.execute("SELECT value FROM baseline_facts WHERE key = 'grant_fund_usd'").fetchone()[0] == "60000000.0"


# ── 2 ─────────────────────────────────────────────────────────────────────────────────────


def test_2_findings_link_the_watched_url_and_keep_the_canonical_one_as_a_detail(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "fetch").exit_code == 0
    found = json.loads(run(config, db, "diff", "--all", "--format", "json").output)
    assert found and {finding["url"] for finding in found} == {site.url("/stake")}
    assert {finding["canonical_url"] for finding in found} == {"https://elsewhere.example/stake-story"}
    text = run(config, db, "diff", "--all", "--kind", "confirms").output
    assert site.url("/stake") in text and "elsewhere.example" not in text
    markdown = run(config, db, "diff", "--all", "--format", "markdown").output
    assert f"]({site.url('/stake')})" in markdown


def test_2_the_migration_rewrites_links_stored_before(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "fetch").exit_code == 0
    with sqlite3.connect(db) as conn:  # as an older monitor wrote them
        conn.execute("UPDATE findings SET url = 'https://elsewhere.example/stake-story',"
                     " summary = replace(summary, ?, 'https://elsewhere.example/stake-story')", [site.url("/stake")])
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_findings_name_the_watched_url'")
    store.open_store(str(db)).close()
    with sqlite3.connect(db) as conn:
        urls = {row[0] for row in conn.execute("SELECT url FROM findings")}
        summaries = [row[0] for row in conn.execute("SELECT summary FROM findings")]
    assert urls == {site.url("/stake")} and all("elsewhere" not in summary for summary in summaries)
    assert json.loads(run(config, db, "reextract", "--json").output)["findings_updated"] == []


# ── 3 ─────────────────────────────────────────────────────────────────────────────────────

READ_ONLY = """
set -e
mount --bind "$DIR" "$DIR"
mount -o remount,bind,ro "$DIR"
if touch "$DIR/probe" 2>/dev/null; then echo "not read-only" >&2; exit 99; fi
"$MONITOR" --db "$DIR/monitor.db" status --json > "$OUT/status.json"
"$MONITOR" --db "$DIR/monitor.db" diff --all --format json > "$OUT/diff.json" || test $? = 1
"$MONITOR" --db "$DIR/monitor.db" serve --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
for i in $(seq 1 100); do
  if "$PYTHON" -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:$PORT/monitor/findings.json').status_code != 200)" 2>/dev/null; then break; fi
  sleep 0.2
done
"$PYTHON" -c "import httpx; r = httpx.get('http://127.0.0.1:$PORT/monitor/latest_findings.json?_shape=array'); print(r.status_code); print(r.text)" > "$OUT/served.txt"
kill -TERM $SERVER; wait $SERVER || true
"""


def test_3_a_database_on_read_only_media_is_read_by_status_diff_and_serve(tmp_path, site):
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("needs unshare and user namespaces to mount a read-only directory")
    media, out = tmp_path / "media", tmp_path / "out"
    media.mkdir(), out.mkdir()
    config = configure(tmp_path / "sources.toml", site)
    assert run(config, tmp_path / "monitor.db", "fetch").exit_code == 0
    with sqlite3.connect(tmp_path / "monitor.db") as source, sqlite3.connect(media / "monitor.db") as copy:
        source.backup(copy)  # a WAL database copied to the media, without its -wal and -shm files
    assert not list(media.glob("*-wal")) and not list(media.glob("*-shm"))
    env = {**os.environ, "DIR": str(media), "OUT": str(out), "MONITOR": str(MONITOR), "PYTHON": sys.executable,
           "PORT": str(unused_port())}  # fmt: skip
    done = subprocess.run(["unshare", "-rm", "sh", "-c", READ_ONLY], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    statuses = [json.loads(line) for line in (out / "status.json").read_text().splitlines()]
    assert statuses[1]["name"] == "lab" and statuses[1]["snapshots"] == 1
    assert {finding["source"] for finding in json.loads((out / "diff.json").read_text())} == {"lab"}
    status, body = (out / "served.txt").read_text().split("\n", 1)
    assert status == "200" and "lab" in body, (out / "serve.log").read_text()
    assert "opened immutable" in (out / "serve.log").read_text()


def test_3_read_mode_falls_back_from_read_write_to_read_only_to_immutable(tmp_path, monkeypatch):
    db = tmp_path / "monitor.db"
    store.open_store(str(db)).close()
    assert store.open_reader(str(db)).execute("SELECT count(*) FROM findings").fetchone() == (0,)
    assert store.needs_immutable(str(db)) is False
    with pytest.raises(store.DatabaseError, match="no database here yet"):
        store.open_reader(str(tmp_path / "missing.db"))


# ── 4 ─────────────────────────────────────────────────────────────────────────────────────


def test_4_serve_prints_the_url_to_open_and_a_busy_port_is_one_line_exit_2(tmp_path):
    db = tmp_path / "lab.db"
    store.open_store(str(db)).close()
    port = unused_port()
    server = subprocess.Popen([str(MONITOR), "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        first = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/lab" in first
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/lab").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        busy = subprocess.run([str(MONITOR), "--db", str(db), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert busy.returncode == 2
        assert busy.stderr.strip().count("\n") == 0 and "port is in use" in busy.stderr and "--port" in busy.stderr
        assert busy.stdout == ""
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


# ── 5 ─────────────────────────────────────────────────────────────────────────────────────


def test_5_extract_keeps_room_for_the_evidence_on_80_columns(tmp_path):
    page = tmp_path / "stake.html"
    page.write_text(STAKE_PAGE, encoding="utf-8")
    config = tmp_path / "sources.toml"
    write_config(config, [])
    config.write_text(config.read_text(encoding="utf-8") + FACTS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "extract", str(page)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    assert rows and max(len(line) for line in rows) <= 80
    evidence = [line.rsplit("│", 2)[1] for line in rows]
    assert min(len(cell) for cell in evidence) >= 30  # not squeezed to a few letters
    assert "The OpenAI Foundation holds a stake worth about $130 billion" in flat(" ".join(evidence))


def test_5_diff_lines_wrap_under_their_own_indentation(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "fetch").exit_code == 0
    lines = run(config, db, "diff", "--all", "--kind", "confirms", env={"COLUMNS": "60"}).output.splitlines()
    assert max(len(line) for line in lines) <= 60
    quote = next(index for index, line in enumerate(lines) if line.startswith("    “It also keeps"))
    assert lines[quote + 1].startswith("     ") and lines[quote + 1].strip()  # the quote's next line, indented


def test_5_an_error_piped_to_a_file_is_one_line(tmp_path):
    long_name = tmp_path / ("a-very-long-directory-name-" * 4) / "sources.toml"
    done = subprocess.run([str(MONITOR), "--config", str(long_name), "fetch"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and len(done.stderr) > 100


# ── 6 ─────────────────────────────────────────────────────────────────────────────────────


def test_6_fetch_names_failing_sources_and_points_to_status(tmp_path, site):
    sources = {"lab": "/stake", "gone": "/missing", "nowhere": "http://no-such-host.invalid/news"}
    config, db = configure(tmp_path / "sources.toml", site, sources), tmp_path / "monitor.db"
    result = run(config, db, "fetch", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = flat(result.output)
    assert "2 sources failed:" in text and "`monitor status`" in text
    assert "gone: http_4xx" in text
    assert "nowhere: dns: host name 'no-such-host.invalid' does not resolve" in text


def test_6_counts_are_singular_when_one():
    from monitor import daemon

    assert daemon._count(1, "new snapshot") == "1 new snapshot" and daemon._count(2, "error") == "2 errors"


def test_6_status_says_due_now_rather_than_zero_seconds_ago(tmp_path, site):
    config, db = configure(tmp_path / "sources.toml", site), tmp_path / "monitor.db"
    assert run(config, db, "init").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sources SET next_run_at = '2000-01-01T00:00:00+00:00'")
    result = run(config, db, "status", env={"COLUMNS": "200"})
    assert "due now" in result.output and " ago" not in result.output.split("next", 1)[1].split("\n", 2)[2]


def test_6_a_missing_config_names_the_option_and_the_variable(tmp_path):
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "sources.toml"), "fetch"])
    assert result.exit_code == 2
    assert "file not found" in result.output and "--config" in result.output and "MONITOR_CONFIG" in result.output


# ── 7 ─────────────────────────────────────────────────────────────────────────────────────


def test_7_shell_completion_is_documented_and_works():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_MONITOR_COMPLETE=bash_source" in readme and "_MONITOR_COMPLETE=zsh_source" in readme
    done = subprocess.run([str(MONITOR)], env={**os.environ, "_MONITOR_COMPLETE": "bash_source"},
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and "_monitor_completion" in done.stdout
    words = subprocess.run([str(MONITOR)], env={**os.environ, "_MONITOR_COMPLETE": "bash_complete",
                                                "COMP_WORDS": "monitor de", "COMP_CWORD": "1"},
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "plain,demo" in words.stdout


def test_7_the_readme_ships_a_systemd_unit_for_monitor_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("    [Unit]")
    block = []
    for line in readme[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line.strip())
    settings = dict(line.split("=", 1) for line in block if "=" in line)
    assert re.search(r"/monitor --config \S+ --db \S+ run$", settings["ExecStart"])
    assert settings["KillSignal"] == "SIGTERM" and settings["Restart"] == "on-failure"
    assert settings["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert "[Install]" in block and "[Service]" in block
