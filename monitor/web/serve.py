"""`monitor serve`: Datasette on the live database, read-only, with the project's metadata.

Datasette opens a mutable database file with `mode=ro` connections and writes nothing unless a
plugin asks to; this module adds no write plugin, no root token and no immutable mode (which
would hide the daemon's new rows), so people browse what the daemon is writing right now.
Datasette runs in this process under uvicorn: stopping `monitor serve` stops it, with exit
status 0 on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import errno
import json
import signal
import socket
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from monitor.errors import MonitorError

METADATA_NAME = "metadata.json"
# The metadata is written for a database called "monitor" (db/monitor.db); served under another
# file name it is moved to that name, so canned queries and facets still apply.
METADATA_DATABASE = "monitor"
# In a source checkout the committed file sits in db/ at the top of the repository.
CHECKOUT_METADATA = Path(__file__).resolve().parents[2] / "db" / METADATA_NAME

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

INSTALL_HINT = f"{sys.executable} -m pip install -e '.[datasette]'  (from the project's directory)"


class ServeError(MonitorError):
    """Datasette cannot be started: not installed, no database yet, no metadata file."""


def metadata_path_for(db_path: str, chosen: str | None = None) -> Path:
    """The metadata file to use: the one chosen, else the one beside the database, else the checkout's."""
    if chosen is not None:
        candidates = [Path(chosen)]
    else:
        candidates = [Path(db_path).parent / METADATA_NAME, CHECKOUT_METADATA]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ServeError(f"no Datasette metadata file; looked for {', '.join(map(str, candidates))}")


def load_metadata(db_path: str, metadata_path: str | None = None) -> dict[str, Any]:
    """The metadata, with its database section under the name Datasette gives `db_path`."""
    path = metadata_path_for(db_path, metadata_path)
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ServeError(f"{path}: cannot read Datasette metadata: {error}") from None
    databases = metadata.get("databases", {})
    name = Path(db_path).stem
    if METADATA_DATABASE in databases and name != METADATA_DATABASE:
        metadata = copy.deepcopy(metadata)
        metadata["databases"] = {name: metadata["databases"].pop(METADATA_DATABASE)}
    return metadata


def build_datasette(db_path: str, metadata_path: str | None = None, *, immutable: bool = False):
    """A Datasette instance over the database at `db_path`, with our metadata and plugin.

    ``immutable``: the file is on read-only media where not even SQLite's read-only mode works
    (no WAL files beside it, none can be created): open it with ``immutable=1``.
    """
    try:
        from datasette.app import Datasette
    except ImportError:
        raise ServeError(f"Datasette is not installed; install it with: {INSTALL_HINT}") from None
    if not Path(db_path).is_file():
        raise ServeError(f"{db_path}: no database here yet; run `monitor init` first")
    metadata = load_metadata(db_path, metadata_path)
    if immutable:
        return Datasette(immutables=[db_path], metadata=metadata)
    return Datasette([db_path], metadata=metadata)


def database_url(db_path: str, host: str, port: int) -> str:
    """The page to open: the database's own page (Datasette names it after the file)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{Path(db_path).stem}"


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened before Datasette starts, so a port in use is one clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        reason = "the port is in use" if error.errno == errno.EADDRINUSE else error.strerror or str(error)
        raise ServeError(f"cannot listen on {host}:{port}: {reason}; choose another with --port") from None
    return sock


def serve(db_path: str, host: str, port: int, metadata_path: str | None = None, *, immutable: bool = False,
          announce=print) -> None:
    """Serve until SIGTERM or Ctrl-C, then return (exit status 0)."""
    datasette = build_datasette(db_path, metadata_path, immutable=immutable)
    import uvicorn  # installed with Datasette

    sock = listen(host, port)
    url = database_url(db_path, host, sock.getsockname()[1])
    note = " (read-only media: opened immutable)" if immutable else ""
    announce(f"Serving {db_path}{note} at {url}  (Ctrl-C stops)")
    with _stop_signals_end_quietly():
        asyncio.run(datasette.invoke_startup())
        config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on", workers=1)
        uvicorn.Server(config).run(sockets=[sock])


@contextlib.contextmanager
def _stop_signals_end_quietly():
    """Make SIGTERM and SIGINT end `monitor serve` with status 0, not with the signal.

    While it serves, uvicorn handles both signals itself and shuts down cleanly; then it restores
    the handlers it found and sends itself the signal again, so that the process dies of it
    (status -15 for SIGTERM). The handlers it finds are these, which turn that second delivery
    (or a signal arriving before uvicorn starts) into a normal exit.
    """
    previous = {signum: signal.signal(signum, _exit_cleanly) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
