"""The `monitor` command line: a click group whose commands live one area per module.

Commands stay thin: parse options, call the pipeline, render. Errors the user can act on
(MonitorError) become one red line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

import click

# Each module registers its commands on `cli` when imported.
from monitor.cli import (
    daemon_commands,  # noqa: F401,E402  run, serve
    demo_commands,  # noqa: F401,E402  demo
    diff_commands,  # noqa: F401,E402  diff, reextract
    fact_commands,  # noqa: F401,E402  baseline
    notify_commands,  # noqa: F401,E402  notify test, notify status
    pipeline_commands,  # noqa: F401,E402  init, fetch, status, extract
)
from monitor.cli.context import cli


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))


__all__ = ["cli", "main", "click"]
