"""Fixtures most test modules share: a bare loopback server and a fresh monitor database."""

from __future__ import annotations

import pytest

from monitor.storage import store
from server import LoopbackServer


@pytest.fixture
def server():
    """A loopback HTTP server that answers nothing until the test says what each path serves."""
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def db(tmp_path):
    return store.open_store(str(tmp_path / "db" / "monitor.db"))
