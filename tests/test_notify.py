"""Notifications: [[notify]] channels, the outbox written with the findings, delivery through
Apprise to loopback receivers only (json:// and form:// to a local HTTP server, mailto:// to a
local aiosmtpd server), retries, digests on a fake clock, and exactly-once across a SIGKILL."""

from __future__ import annotations

import asyncio
import email
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.policy import default as email_policy
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from fixture_site import write_config
from server import LoopbackServer, Reply, unused_port

from monitor.cli import cli
from monitor.config import ConfigError, channel_urls, load_config
from monitor.findings import recording
from monitor.findings.rules import KINDS
from monitor.model import FINDING_KINDS
from monitor.notify import outbox
from monitor.notify.channels import channel_statuses
from monitor.notify.sender import Sender
from monitor.pipeline import run_pass
from monitor.storage import store

GRANT_FUND_FACT = (Path(__file__).parent / "fixtures" / "daemon" / "facts.toml").read_text(encoding="utf-8")
MONITOR = Path(sys.executable).parent / "monitor"
WAIT = 30.0


def fund_article(amount: str, title: str = "Grant fund") -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><main><article><h1>{title}</h1>"
        "<p>The two companies met again this week to settle the terms of their long collaboration, "
        "and both sides said the talks had gone well.</p>"
        f"<p>A grant fund of {amount} will support research on the resilience of AI systems.</p>"
        "</article></main></body></html>"
    )


def notify_table(name: str, urls: list[str], **fields) -> str:
    lines = ["", "[[notify]]", f"name = {json.dumps(name)}", f"urls = {json.dumps(urls)}"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def setup(tmp_path: Path, server: LoopbackServer, channels: str, sources: dict[str, str] | None = None) -> Path:
    """A config of page sources on `server` (name → path), the grant fund fact and `channels`."""
    sources = sources or {"desk": "/news"}
    config = write_config(tmp_path / "sources.toml", [
        {"name": name, "url": server.url(path), "kind": "page", "interval": "1h"} for name, path in sources.items()
    ])
    config.write_text(config.read_text(encoding="utf-8") + "\n" + GRANT_FUND_FACT + channels, encoding="utf-8")
    return config


def monitor(config: Path, *args: str, env: dict | None = None):
    db = config.parent / "db" / "monitor.db"
    return CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), *args], env=env)


def posts(server: LoopbackServer, path: str = "/hook") -> list:
    return [request for request in server.requests_for(path) if request.method == "POST"]


def rows(config: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(config.parent / "db" / "monitor.db") as db:
        return db.execute(sql, params).fetchall()


# ── configuration ─────────────────────────────────────────────────────────────────────────


def test_a_channel_is_read_with_its_defaults(tmp_path):
    with LoopbackServer() as server:
        config = load_config(setup(tmp_path, server, notify_table("desk", ["ntfy://monitor-deal"])
                                   + notify_table("digest", ["json://127.0.0.1/hook"], digest="1h", format="text",
                                                  kinds=["edited"], sources=["desk"], facts=["grant_fund_usd"])))
    desk, digest = config.notify
    assert desk.kinds == tuple(kind for kind in FINDING_KINDS if kind != "new")
    assert (desk.digest, desk.format, desk.facts, desk.sources) == (0.0, "markdown", (), ())
    assert (digest.digest, digest.format, digest.kinds) == (3600.0, "text", ("edited",))
    assert digest.wants("edited", None, ["desk"]) and not digest.wants("edited", None, ["other"])
    assert set(FINDING_KINDS) == set(KINDS)


@pytest.mark.parametrize("fields, field, message", [
    ({"urls": ["jsn://127.0.0.1/hook"]}, "urls", "unknown notification scheme 'jsn'"),
    ({"urls": ["no scheme here"]}, "urls", "without spaces"),
    ({"urls": []}, "urls", "non-empty array"),
    ({"urls": ["json://${BAD-NAME}@127.0.0.1/"]}, "urls", "variable name"),
    ({"urls": ["ntfy://t"], "kinds": ["diverge"]}, "kinds", "did you mean 'diverges'"),
    ({"urls": ["ntfy://t"], "facts": ["grant_fund"]}, "facts", "did you mean 'grant_fund_usd'"),
    ({"urls": ["ntfy://t"], "sources": ["dsk"]}, "sources", "no [[source]] named 'dsk'"),
    ({"urls": ["ntfy://t"], "digest": "hourly"}, "digest", "invalid duration"),
    ({"urls": ["ntfy://t"], "format": "html"}, "format", "'markdown', 'text'"),
    ({"urls": ["ntfy://t"], "kind": ["edited"]}, "kind", "unknown field; did you mean 'kinds'"),
])
def test_a_wrong_channel_names_the_file_the_table_and_the_field(tmp_path, fields, field, message):
    with LoopbackServer() as server:
        path = setup(tmp_path, server, notify_table("desk", fields.pop("urls"), **fields))
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    text = str(raised.value)
    assert str(path) in text and "notify 'desk'" in text and field in text and message in text, text


def test_a_missing_variable_stops_the_commands_that_send_and_no_other(tmp_path):
    with LoopbackServer() as server:
        server.serve("/news", fund_article("$80 million"))
        server.serve("/hook", "ok", content_type="text/plain")
        config = setup(tmp_path, server, notify_table("desk", [f"json://user:${{HOOK_TOKEN}}@{server.host}/hook"]))
        environ = {key: value for key, value in os.environ.items() if key != "HOOK_TOKEN"}
        with pytest.raises(ConfigError) as raised:
            channel_urls(load_config(config), environ)
        assert "HOOK_TOKEN" in str(raised.value) and "notify 'desk'" in str(raised.value)
        result = subprocess.run([str(MONITOR), "--config", str(config), "--db", str(tmp_path / "db" / "monitor.db"),
                                 "fetch"], capture_output=True, text=True, env=environ, timeout=WAIT)
        assert result.returncode == 2
        assert f"{config}: [notify 'desk'] urls: the environment variable HOOK_TOKEN is not set" in result.stderr.replace("\n", "") \
            or ("HOOK_TOKEN is not set" in result.stderr and "urls" in result.stderr and "notify 'desk'" in result.stderr)
        assert not server.requests_for("/news")  # refused before fetching anything
        assert monitor(config, "init").exit_code == 0
        assert monitor(config, "diff").exit_code == 0  # reading needs no secret
        assert monitor(config, "fetch", env={"HOOK_TOKEN": "s3cret"}).exit_code == 0
        assert len(posts(server)) == 1
        assert posts(server)[0].headers["Authorization"].startswith("Basic ")


# ── delivery ──────────────────────────────────────────────────────────────────────────────


def test_json_webhook_gets_one_post_per_check_with_its_findings(tmp_path):
    with LoopbackServer() as server:
        server.serve("/news", fund_article("$80 million"))
        server.serve("/hook", "ok", content_type="text/plain")
        server.serve("/edits", "ok", content_type="text/plain")
        config = setup(tmp_path, server, notify_table("desk", [f"json://{server.host}/hook"])
                       + notify_table("edits", [f"json://{server.host}/edits"], kinds=["edited"]))
        result = monitor(config, "fetch")
        assert result.exit_code == 0, result.output
        assert "notifications: 1 message sent (desk)" in result.output
        (post,) = posts(server)
        payload = json.loads(post.body)
        assert payload["title"] == "grant_fund_usd diverges: 80 million USD vs baseline 50 million USD (desk)"
        assert "A grant fund of **$80 million** will support research" in payload["message"]
        assert server.url("/news") in payload["message"] and "Grant fund" in payload["message"]
        assert not posts(server, "/edits")  # that channel wants edits only

        assert monitor(config, "fetch").exit_code == 0  # the same page: nothing new, nothing sent
        assert len(posts(server)) == 1
        server.serve("/news", fund_article("$90 million"))
        assert monitor(config, "fetch").exit_code == 0
        assert len(posts(server)) == 2 and len(posts(server, "/edits")) == 1
        second = json.loads(posts(server)[1].body)
        assert second["title"].startswith("grant_fund_usd diverges: 90 million USD") and "(+2 more)" in second["title"]
        assert rows(config, "SELECT channel, status, attempts FROM notifications ORDER BY id") == [
            ("desk", "sent", 1), ("desk", "sent", 1), ("edits", "sent", 1)]


def test_form_webhook_in_text_format_for_one_source(tmp_path):
    with LoopbackServer() as server:
        server.serve("/a", fund_article("$80 million", "Desk A"))
        server.serve("/b", fund_article("$70 million", "Desk B"))
        server.serve("/form", "ok", content_type="text/plain")
        config = setup(tmp_path, server, notify_table("form", [f"form://{server.host}/form"], format="text",
                                                      sources=["b"], kinds=["diverges"]), sources={"a": "/a", "b": "/b"})
        assert monitor(config, "fetch").exit_code == 0
        (post,) = posts(server, "/form")
        fields = {key: values[0] for key, values in parse_qs(post.body.decode()).items()}
        assert fields["title"] == "grant_fund_usd diverges: 70 million USD vs baseline 50 million USD (b)"
        assert "“A grant fund of $70 million will support research" in fields["message"]
        assert "**" not in fields["message"] and "80 million" not in fields["message"]


def test_a_500_is_retried_after_its_backoff_and_delivered_once(tmp_path):
    with LoopbackServer() as server:
        server.serve("/news", fund_article("$80 million"))
        server.serve_sequence("/hook", [Reply("trouble", 500), Reply("ok", 200)])
        config = setup(tmp_path, server, notify_table("desk", [f"json://{server.host}/hook"]))
        result = monitor(config, "fetch")
        assert "desk: not delivered (will retry)" in result.output and "1 waiting" in result.output
        ((attempts, status, next_try),) = rows(config, "SELECT attempts, status, next_try_at FROM notifications")
        assert (attempts, status) == (1, "pending")

        loaded = load_config(config)
        db = store.open_store(str(tmp_path / "db" / "monitor.db"))
        now = datetime.now(timezone.utc)
        early = Sender(db, loaded, channel_urls(loaded), clock=lambda: now + timedelta(seconds=5))
        assert asyncio.run(early.deliver_due()) == []  # backoff: not yet
        later = Sender(db, loaded, channel_urls(loaded), clock=lambda: datetime.fromisoformat(next_try))
        (attempt,) = asyncio.run(later.deliver_due())
        assert attempt.status == "sent" and attempt.errors == []
        assert asyncio.run(later.deliver_due()) == []  # sent is never sent again
        assert len(posts(server)) == 2  # the refused one and the delivered one
        (status,) = channel_statuses(db, loaded)
        assert (status.pending, status.sent, status.consecutive_failures) == (0, 1, 0)
        assert status.last_success_at and status.last_failure_at
        listed = monitor(config, "notify", "status")
        assert listed.exit_code == 0 and "desk" in listed.output and "json://" in listed.output


def test_mailto_delivers_an_email_to_a_local_smtp_server(tmp_path):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    inbox, port = Inbox(), unused_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        with LoopbackServer() as server:
            server.serve("/news", fund_article("$80 million"))
            url = f"mailto://127.0.0.1:{port}?from=monitor@example.org&to=desk@example.org"
            config = setup(tmp_path, server, notify_table("mail", [url], format="text"))
            result = monitor(config, "fetch")
            assert "1 message sent (mail)" in result.output, result.output
    finally:
        smtp.stop()
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["desk@example.org"]
    mail = email.message_from_bytes(envelope.content, policy=email_policy)
    assert mail["Subject"] == "grant_fund_usd diverges: 80 million USD vs baseline 50 million USD (desk)"
    text = mail.get_body(("plain",)).get_content()
    assert "A grant fund of $80 million will support research" in text and "/news" in text


def test_a_digest_gathers_a_period_and_sends_once_when_it_ends(tmp_path):
    with LoopbackServer() as server:
        for name in ("a", "b", "c"):
            server.serve(f"/{name}", fund_article(f"${ord(name) - 20} million", f"Desk {name}"))
        server.serve("/hook", "ok", content_type="text/plain")
        path = setup(tmp_path, server, notify_table("hourly", [f"json://{server.host}/hook"], digest="1h",
                                                               kinds=["diverges"]),
                     sources={"a": "/a", "b": "/b", "c": "/c"})
        config = load_config(path)
        db = store.open_store(str(tmp_path / "db" / "monitor.db"))
        clock = [datetime(2025, 10, 29, 10, 5, tzinfo=timezone.utc)]
        hooks = (recording.snapshot_hook(config), outbox.snapshot_hook(config, clock=lambda: clock[0]))
        sender = Sender(db, config, channel_urls(config), clock=lambda: clock[0])

        run_pass(config, db, [config.source("a")], on_snapshot=hooks)
        clock[0] = clock[0].replace(minute=40)
        run_pass(config, db, [config.source("b")], on_snapshot=hooks)
        assert asyncio.run(sender.deliver_due()) == []
        clock[0] = clock[0].replace(minute=59, second=59)
        assert asyncio.run(sender.deliver_due()) == [] and not posts(server)

        clock[0] = datetime(2025, 10, 29, 11, 0, tzinfo=timezone.utc)
        run_pass(config, db, [config.source("c")], on_snapshot=hooks)  # on the hour: the next period's
        (attempt,) = asyncio.run(sender.deliver_due())
        assert attempt.findings == 2 and attempt.status == "sent"
        (post,) = posts(server)
        payload = json.loads(post.body)
        assert payload["title"].startswith("grant_fund_usd diverges: 77 million USD") and "(+1 more)" in payload["title"]
        assert payload["message"].count("## `grant_fund_usd`") == 1  # grouped by fact
        assert "between 2025-10-29 10:00 UTC and 2025-10-29 11:00 UTC" in payload["message"]
        assert "78 million" in payload["message"] and "79 million" not in payload["message"]

        clock[0] = datetime(2025, 10, 29, 12, 0, tzinfo=timezone.utc)
        (attempt,) = asyncio.run(sender.deliver_due())
        assert attempt.findings == 1 and len(posts(server)) == 2


def test_a_claim_left_by_a_dead_sender_is_taken_up_and_delivered_once(tmp_path):
    with LoopbackServer() as server:
        server.serve("/news", fund_article("$80 million"))
        server.serve("/hook", "ok", content_type="text/plain")
        path = setup(tmp_path, server, notify_table("desk", [f"json://{server.host}/hook"]))
        config = load_config(path)
        db = store.open_store(str(tmp_path / "db" / "monitor.db"))
        run_pass(config, db)  # the outbox row, not sent (only fetch and the daemon send)
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        with db.atomic():
            db.execute("UPDATE notifications SET status = 'sending', attempts = 1, claimed_by = ?, claimed_at = ?",
                       [f"{socket.gethostname()}:{dead.pid}", outbox.iso(datetime.now(timezone.utc))])
        sender = Sender(db, config, channel_urls(config))
        (attempt,) = asyncio.run(sender.deliver_due())
        assert attempt.status == "sent" and len(posts(server)) == 1
        assert asyncio.run(sender.deliver_due()) == [] and len(posts(server)) == 1


def test_notify_test_reports_each_url(tmp_path):
    with LoopbackServer() as server:
        server.serve("/hook", "ok", content_type="text/plain")
        server.serve("/broken", "no", status=500, content_type="text/plain")
        config = setup(tmp_path, server, notify_table("desk", [f"json://{server.host}/hook"])
                       + notify_table("ops", [f"json://{server.host}/broken", f"form://{server.host}/hook"]))
        result = monitor(config, "notify", "test")
        assert result.exit_code == 1
        lines = result.output.splitlines()
        assert any(line.startswith("desk  json://") and line.endswith("delivered") for line in lines)
        assert any(line.startswith("ops  json://") and "failed:" in line for line in lines)
        assert any(line.startswith("ops  form://") and line.endswith("delivered") for line in lines)
        assert json.loads(posts(server)[0].body)["title"] == "monitor: test message (desk)"
        assert monitor(config, "notify", "test", "desk").exit_code == 0
        unknown = monitor(config, "notify", "test", "dsk")
        assert unknown.exit_code == 2 and "no [[notify]] named 'dsk'" in unknown.output
        assert not (tmp_path / "db").exists()  # a test message touches no database


# ── exactly once across a SIGKILL of the daemon ───────────────────────────────────────────


def test_sigkill_after_the_commit_and_before_the_send_delivers_once_after_restart(tmp_path):
    with LoopbackServer() as server:
        server.serve("/news", fund_article("$80 million"))
        server.serve("/hook", "ok", content_type="text/plain")
        config = setup(tmp_path, server, notify_table("desk", [f"json://{server.host}/hook"]))
        db_path = tmp_path / "db" / "monitor.db"
        assert monitor(config, "init").exit_code == 0
        with sqlite3.connect(db_path) as db:  # the sender's claim fails: it stops right before sending
            db.execute("CREATE TRIGGER hold BEFORE UPDATE OF status ON notifications WHEN new.status = 'sending'"
                       " BEGIN SELECT RAISE(ABORT, 'held by the test'); END")
        first = _start_daemon(config, db_path, tmp_path / "first.log")
        _wait(lambda: "notification round crashed" in _read(tmp_path / "first.log"), "a held send")
        first.kill()
        first.wait()
        assert rows(config, "SELECT status, attempts FROM notifications") == [("pending", 0)]
        assert not posts(server)
        assert "checked desk: 1 fetched, 1 new snapshot, 0 errors; found 1 diverges" in _read(tmp_path / "first.log")
        with sqlite3.connect(db_path) as db:
            db.execute("DROP TRIGGER hold")

        second = _start_daemon(config, db_path, tmp_path / "second.log")
        try:
            _wait(lambda: rows(config, "SELECT status FROM notifications") == [("sent",)], "the delivery")
            _wait(lambda: _read(tmp_path / "second.log").count("notified desk") == 1, "its log line")
            assert len(posts(server)) == 1
            title = json.loads(posts(server)[0].body)["title"]
            assert title == "grant_fund_usd diverges: 80 million USD vs baseline 50 million USD (desk)"
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(WAIT) == 0
        assert "Traceback" not in _read(tmp_path / "second.log")
        assert monitor(config, "fetch").exit_code == 0  # another sender finds nothing left to send
        assert len(posts(server)) == 1


def _start_daemon(config: Path, db_path: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen([str(MONITOR), "--config", str(config), "--db", str(db_path), "run"],
                                   stdout=out, stderr=subprocess.STDOUT)
    _wait(lambda: "daemon started" in _read(log) or process.poll() is not None, "the start")
    assert process.poll() is None, _read(log)
    return process


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _wait(condition, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_readme_examples_are_valid_channels(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").splitlines()
    tables = []
    for number, line in enumerate(readme):
        if line == "    [[notify]]":
            block = []
            for following in readme[number:]:
                if not following.startswith("    "):
                    break
                block.append(following[4:])
            tables.append("\n".join(block))
    assert len(tables) >= 3
    with LoopbackServer() as server:
        path = setup(tmp_path, server, "")
    shipped = load_config(Path(__file__).parent.parent / "sources.toml")
    sources = "\n".join(f'\n[[source]]\nname = "{source.name}"\nurl = "{source.url}"\nkind = "{source.kind}"'
                        for source in shipped.sources)
    path.write_text(path.read_text(encoding="utf-8") + sources + "\n\n" + "\n\n".join(tables) + "\n", encoding="utf-8")
    config = load_config(path)
    assert [channel.name for channel in config.notify] == ["desk", "phone", "slack"]
    environ = {"SMTP_PASSWORD": "pw", "NTFY_TOPIC": "openai-deal-watch",
               "SLACK_WEBHOOK_TOKENS": "T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"}
    import apprise

    for urls in channel_urls(config, environ).values():
        assert all(apprise.Apprise.instantiate(url) is not None for url in urls)
