"""`monitor run` (the scheduling daemon) and `monitor serve` (Datasette on the database)."""

from __future__ import annotations

import asyncio

import click

from monitor import daemon, serve as serving
from monitor.cli.context import Settings, cli, reports_errors


@cli.command()
@click.option("--log-json", is_flag=True, help="Log one JSON object per line instead of readable lines.")
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

    Migrates the database and syncs the sources first. SIGHUP reloads the config file (a broken
    file is logged and the running configuration kept). SIGTERM or Ctrl-C stops cleanly, exit 0.
    """
    daemon.configure_logging(json_lines=log_json)
    asyncio.run(daemon.Daemon(settings.config_path, settings.db_path, shutdown_timeout=shutdown_timeout).run())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
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

    Needs the optional extra: pip install -e '.[datasette]'. Findings as an Atom feed:
    /monitor/latest_findings.atom.
    """
    serving.serve(settings.db_path, host, port, metadata_path)
