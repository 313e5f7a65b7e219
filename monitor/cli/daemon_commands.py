"""`monitor run` (the scheduling daemon) and `monitor serve` (Datasette on the database)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from monitor import daemon
from monitor.cli.context import Settings, cli, reports_errors
from monitor.storage import store
from monitor.web import serve as serving


@cli.command()
@click.option("--log-json", is_flag=True, help="Log to stderr one JSON object per line instead of readable lines.")
@click.option(
    "--shutdown-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM or Ctrl-C, how long in-flight checks may take to finish before they are cancelled.",
)
@click.pass_obj
@reports_errors
def run(settings: Settings, log_json: bool, shutdown_timeout: float) -> None:
    """Check every enabled source on its own schedule until stopped.

    Migrates the database and syncs the sources first, then checks each source every
    `interval` (the first checks spread over up to 10 seconds) and due feed articles on the
    [monitor.recheck] schedule. Logs one line per check and says when a source starts failing
    (failing_after) or recovers. `monitor status` shows whether it runs and each source's next
    check. SIGHUP reloads the config file (a broken file is logged and the running
    configuration kept). SIGTERM or Ctrl-C stops cleanly, exit 0; a second one cancels the
    checks still running.
    """
    daemon.configure_logging(json_lines=log_json)
    asyncio.run(daemon.Daemon(settings.config_path, settings.db_path, shutdown_timeout=shutdown_timeout).run())


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
    help="Address to listen on (0.0.0.0: every interface; there is no login).",
)  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, metavar="PORT", help="Port to listen on.")
@click.option(
    "--metadata",
    "metadata_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Datasette metadata file. Default: metadata.json beside the database, else the project's db/metadata.json.",
)
@click.pass_obj
@reports_errors
def serve(settings: Settings, host: str, port: int, metadata_path: str | None) -> None:
    """Browse, search and subscribe to findings: Datasette on the live database, read-only.

    Serves http://HOST:PORT/ with the canned queries (latest findings, divergences, a fact's
    timeline, edits of official pages, conflicts, failing sources), full-text search of the
    snapshots, and the findings as an Atom feed at /monitor/latest_findings.atom (a database
    file of another name replaces monitor). Rows the daemon writes appear on the next page
    load. Needs the optional extra: pip install -e '.[datasette]'. SIGTERM or Ctrl-C stops it,
    exit 0.
    """
    immutable = Path(settings.db_path).is_file() and store.needs_immutable(settings.db_path)
    serving.serve(settings.db_path, host, port, metadata_path, immutable=immutable,
                  announce=lambda line: click.echo(line))
