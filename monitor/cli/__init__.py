"""The `monitor` command line: a click group whose commands live one area per module.

Commands stay thin: parse options, call the pipeline, render. Errors the user can act on
(MonitorError) become one red line on stderr and exit status 2. A command's module is imported
when that command runs (`context.COMMANDS`), so looking around (`--help`, `status`, `diff`)
never waits for the fetcher or the fact engine to load.
"""

from __future__ import annotations

import sys

from monitor.cli.context import cli


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))


__all__ = ["cli", "main"]
