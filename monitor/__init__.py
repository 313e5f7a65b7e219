"""monitor: watches news sources and reports, fact by fact, what changed and who said it."""

__version__ = "0.1.0"
