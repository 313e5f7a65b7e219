"""Errors that the CLI turns into a clear message and exit status 2."""

from __future__ import annotations


class MonitorError(Exception):
    """Base class: an error the user can act on, with a message that says how."""


class ConfigError(MonitorError):
    """A problem in sources.toml, located by file, table (source or fact) and field."""

    def __init__(self, path: str, message: str, *, where: str | None = None, field: str | None = None):
        self.path = str(path)
        self.where = where
        self.field = field
        self.message = message
        location = self.path
        if where:
            location += f": {where}"
        if field:
            location += f": field '{field}'"
        super().__init__(f"{location}: {message}")
