"""Fixtures most test modules share: a bare loopback server, a fresh monitor database, and the
shipped fact catalogue."""

from __future__ import annotations

import pytest
from server import LoopbackServer
from shipped_catalogue import shipped_facts

from monitor.storage import store


@pytest.fixture
def server():
    """A loopback HTTP server that answers nothing until the test says what each path serves."""
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def db(tmp_path):
    return store.open_store(str(tmp_path / "db" / "monitor.db"))


@pytest.fixture(scope="session")
def catalogue():
    """The [[fact]] tables of the shipped sources.toml."""
    return shipped_facts()
