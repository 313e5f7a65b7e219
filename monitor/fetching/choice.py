"""Which fetcher reads a page: a source's ``fetcher`` setting, and for ``"auto"`` the document's
history and what plain HTTP made of it.

Apart from the fetchers because it is a rule about them, not a way of fetching: plain HTTP is
cheap, a browser page load costs a second or more and a hundred megabytes, so ``"auto"`` tries
HTTP first and calls the browser only when HTTP met what a browser gets past.
"""

from __future__ import annotations

# A page at least this large that yields no main text is a script's shell, not an empty page.
SHELL_PAGE_BYTES = 5_000
_BROWSER_HELPS = frozenset({"challenge"})


def first_fetcher(setting: str, remembered: str | None) -> str:
    """The fetcher to try first: the source's, or under "auto" the one that last read the document."""
    if setting == "auto":
        return "browser" if remembered == "browser" else "http"
    return setting


def browser_may_help(setting: str, tried: str, error_class: str | None, size: int) -> bool:
    """Whether, under "auto", a page plain HTTP read as ``error_class`` (``size`` bytes) is worth
    one more try in the browser: a bot challenge, or a large page without main text."""
    if setting != "auto" or tried != "http":
        return False
    return error_class in _BROWSER_HELPS or (error_class == "empty" and size >= SHELL_PAGE_BYTES)
