"""The fixture news site (tests/fixtures/site/) served on a loopback server, and configs for it.

Pages and the feed refer to their own host as ``HOST``; `page` fills in the server's address so
links and rel=canonical point back at the loopback server.
"""

from __future__ import annotations

import json
from pathlib import Path

SITE = Path(__file__).parent / "fixtures" / "site"

# Politeness off and short timeouts, so a pass over the loopback server takes moments.
FAST_MONITOR = {
    "user_agent": "monitor-tests/0.1 (+http://127.0.0.1/contact)",
    "per_host_delay": "0s",
    "per_host_concurrency": 4,
    "connect_timeout": "2s",
    "read_timeout": "3s",
    "total_timeout": "5s",
    "retries": 0,
    "backoff": "0s",
}


def page(name: str, server) -> str:
    """A fixture file's text with ``HOST`` replaced by the server's host:port."""
    return (SITE / name).read_text(encoding="utf-8").replace("HOST", server.host)


def serve_site(server, **pages: str) -> None:
    """Serve fixture files at paths: serve_site(server, **{"/statement": "statement-v1.html"})."""
    for path, name in pages.items():
        content_type = "application/rss+xml" if name.endswith(".xml") else "text/html; charset=utf-8"
        server.serve(path, page(name, server), content_type=content_type)


def write_config(path: Path, sources: list[dict], **monitor) -> Path:
    """Write a sources.toml with FAST_MONITOR settings (overridden by `monitor`) and `sources`."""
    lines = ["[monitor]"]
    lines += [f"{key} = {_toml(value)}" for key, value in {**FAST_MONITOR, **monitor}.items()]
    for source in sources:
        lines += ["", "[[source]]"]
        lines += [f"{key} = {_toml(value)}" for key, value in source.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value) -> str:
    """JSON strings, numbers, booleans and arrays are TOML too; tables need `key = value`."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)
