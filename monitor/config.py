"""Load sources.toml into typed, validated settings — or refuse with a message that says where.

Everything downstream trusts these objects, so every check happens here, once: a wrong type, an
unknown key (with a did-you-mean), a duplicate source, a bad URL, duration, size, kind, language
or CSS selector raises `ConfigError(path, message, where=..., field=...)` and nothing runs.

Durations are written as strings ("90s", "15m", "2h", "7d", "1h30m") or as a number of seconds;
sizes as bytes (5000000) or strings ("5MB", "5 MiB").
"""

from __future__ import annotations

import difflib
import functools
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.facts import catalogue
from monitor.model import FINDING_KINDS, FetchPolicy

HOUR = 3600.0
DAY = 24 * HOUR

SOURCE_KINDS = ("page", "feed")
# How a source's pages are read: plain HTTP, a headless browser, or HTTP first and the browser
# when HTTP meets a bot challenge or a large page without main text.
FETCHERS = ("http", "browser", "auto")

# Article recheck schedule used when [monitor.recheck] is absent: (max age, interval) pairs.
DEFAULT_RECHECK: tuple[tuple[float, float], ...] = (
    (DAY, HOUR),
    (7 * DAY, 12 * HOUR),
    (math.inf, 7 * DAY),
)

# The key in [monitor.recheck] for articles older than every other threshold.
RECHECK_OLDER = "older"

_ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)

_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": HOUR, "d": DAY, "w": 7 * DAY}
_DURATION_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|[smhdw])\s*")
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|[kmg]|b)?\s*", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an RFC 9110 token


def parse_duration(text: str) -> float:
    """Seconds in "500ms", "90s", "15m", "2h", "7d", "2w", "1h30m" (each unit at most once).

    Raises ValueError with a message fit to show the user after the file and field name.
    """
    hint = 'write a number and a unit (ms, s, m, h, d, w), e.g. "90s", "15m", "1h30m"'
    if not isinstance(text, str):
        raise ValueError(f"expected a duration string, got {_describe(text)}; {hint}")
    position, seen, total = 0, set(), 0.0
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if not match or match.group(2) in seen:
            break
        seen.add(match.group(2))
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        position = match.end()
    if not seen or position != len(text):
        raise ValueError(f"invalid duration {text!r}: {hint}")
    return total


def parse_size(value: int | str) -> int:
    """Bytes in 5000000, "5MB", "5 MiB", "500kB" (k/M/G are powers of 1000, Ki/Mi/Gi of 1024)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number, unit = value, "b"
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value)):
        number, unit = float(match.group(1)), (match.group(2) or "b").lower()
    else:
        raise ValueError(f'invalid size {_describe(value)}: write bytes (5000000) or e.g. "5MB", "5 MiB"')
    if not math.isfinite(number):
        raise ValueError(f"invalid size {_describe(value)}: too large a number")
    multiplier = _SIZE_UNITS.get(unit) or _SIZE_UNITS[unit.rstrip("b")]
    return int(number * multiplier)


@dataclass(frozen=True)
class MonitorSettings:
    """The [monitor] table: politeness and limits for fetching, and timing for checks and findings."""

    user_agent: str  # must carry a contact URL or address, so site owners can reach us
    interval: float = 15 * 60.0  # default seconds between checks of a source
    concurrency: int = 8
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0  # first retry delay in seconds, doubled at each further retry
    max_retry_after: float = 600.0  # a longer Retry-After than this skips the check instead of waiting
    respect_robots: bool = True
    browser_concurrency: int = 2  # pages open at once in the headless browser
    chromium: str = "/usr/bin/chromium"  # the Chromium executable Playwright drives
    google_news_url: str = "https://news.google.com"  # where Google News article links are decoded
    conflict_window: float = 7 * DAY  # two sources disagree only if published this close together
    failing_after: int = 3  # consecutive failed checks before a source is reported failing
    max_feed_entries: int = 200  # entries of one feed followed per pass, newest first
    recheck: tuple[tuple[float, float], ...] = DEFAULT_RECHECK  # (max article age, interval), ascending

    def recheck_interval(self, age: float) -> float | None:
        """Seconds until an article of this age (seconds) is fetched again; None: stop rechecking."""
        for max_age, interval in self.recheck:
            if age <= max_age:
                return interval
        return None

    def fetch_policy(self) -> FetchPolicy:
        """The subset of these settings that the fetchers need."""
        return FetchPolicy(
            user_agent=self.user_agent,
            concurrency=self.concurrency,
            per_host_concurrency=self.per_host_concurrency,
            per_host_delay=self.per_host_delay,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            total_timeout=self.total_timeout,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff=self.backoff,
            max_retry_after=self.max_retry_after,
            respect_robots=self.respect_robots,
            browser_concurrency=self.browser_concurrency,
            chromium=self.chromium,
            google_news_url=self.google_news_url.rstrip("/"),
        )


@dataclass(frozen=True)
class Source:
    """One [[source]]: a page to watch for edits, or a feed whose items are watched as pages."""

    name: str
    url: str
    kind: str  # one of SOURCE_KINDS
    interval: float  # seconds between checks
    select: str | None = None  # CSS selector of the main text, when automatic extraction is not enough
    exclude: tuple[str, ...] = ()  # CSS selectors removed before extraction
    language: str | None = None  # ISO 639-1; None lets extraction detect it
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    topic: tuple[str, ...] = ()  # keep only feed items mentioning one of these words; () keeps all
    enabled: bool = True
    # May links found through this source (feed entries, redirects, canonical URLs) reach private,
    # loopback or link-local addresses? None: only when the source itself is on such an address.
    allow_private: bool | None = None
    fetcher: str = "http"  # one of FETCHERS; a feed is always read over HTTP, this reads its articles


NOTIFY_FORMATS = ("markdown", "text")
# What a channel hears of when it does not say: every kind but "new" (a fact stated with no
# baseline to hold it against is news for `monitor diff`, not for a phone).
DEFAULT_NOTIFY_KINDS = tuple(kind for kind in FINDING_KINDS if kind != "new")


@dataclass(frozen=True)
class NotifyChannel:
    """One [[notify]] table: where findings are sent (Apprise URLs), which ones, and how often.

    `urls` are kept as written: a `${VAR}` in them is read from the environment only by the
    commands that send (`channel_urls`), so `monitor diff` needs none of the secrets.
    """

    name: str
    urls: tuple[str, ...]
    kinds: tuple[str, ...] = DEFAULT_NOTIFY_KINDS
    facts: tuple[str, ...] = ()  # () = every fact
    sources: tuple[str, ...] = ()  # () = every source
    digest: float = 0.0  # 0: one message per check with findings; else gathered, sent every `digest` seconds
    format: str = "markdown"  # one of NOTIFY_FORMATS

    def wants(self, kind: str, key: str | None, sources: Sequence[str]) -> bool:
        """Whether a finding of this kind, fact and source(s) goes to this channel (a conflict
        names two sources: either one will do). Page edits and reverts are about no fact: `facts`
        leaves them to `kinds`."""
        if kind not in self.kinds:
            return False
        if self.facts and key is not None and key not in self.facts:
            return False
        return not self.sources or any(source in self.sources for source in sources)


@dataclass(frozen=True)
class Config:
    """A whole sources.toml, validated."""

    path: str
    monitor: MonitorSettings
    sources: tuple[Source, ...]
    facts: tuple = ()  # tuple[monitor.facts.catalogue.FactDef, ...]
    fx: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))  # currency → USD
    notify: tuple[NotifyChannel, ...] = ()

    def source(self, name: str) -> Source:
        """The source called `name`, or a ConfigError suggesting the closest name."""
        for source in self.sources:
            if source.name == name:
                return source
        names = [source.name for source in self.sources]
        raise ConfigError(self.path, f"no source named {name!r}{_did_you_mean(name, names)}")


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a sources.toml; raise ConfigError on the first problem found."""
    path = os.fspath(path)
    raw = _read_toml(path)
    _reject_unknown(path, raw, ("monitor", "source", "fact", "fx", "notify"), where=None)
    monitor = _parse_monitor(path, raw.get("monitor", {}))
    raw_sources = raw.get("source", [])
    if not isinstance(raw_sources, list) or not all(isinstance(item, dict) for item in raw_sources):
        raise ConfigError(path, "sources are written as [[source]] tables (double brackets)", where="[source]")
    sources = _parse_sources(path, raw_sources, monitor)
    facts = catalogue.parse_facts(raw.get("fact", []), path)
    return Config(
        path=path,
        monitor=monitor,
        sources=sources,
        facts=facts,
        fx=MappingProxyType(catalogue.parse_fx(raw.get("fx"), path)),
        notify=_parse_notify(path, raw.get("notify", []), sources, facts),
    )


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(
            path, "file not found; name your config with --config FILE or the MONITOR_CONFIG variable "
            "(or try `monitor demo`, which needs none)"
        ) from None
    except IsADirectoryError:
        raise ConfigError(path, "is a directory, not a TOML file") from None
    except PermissionError:
        raise ConfigError(path, "permission denied") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from None


# ── [monitor] ─────────────────────────────────────────────────────────────────────────────


def _describe(value: Any) -> str:
    """A value and its TOML type, for messages: '"15" (string)', 'true (boolean)'."""
    kinds = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    shown = str(value).lower() if isinstance(value, bool) else repr(value)
    return f"{shown} ({kinds.get(type(value), type(value).__name__)})"


def _duration(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        seconds = parse_duration(value)
    if seconds < 0 or math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"must be a finite, non-negative duration, got {_describe(value)}")
    return seconds


def _duration_up_to(maximum: str, *, zero: bool = False) -> Callable[[Any], float]:
    """A duration from zero (when `zero`) or just above, up to `maximum` (written as in the README):
    a huge value would overflow a date or make the monitor wait forever."""
    limit = parse_duration(maximum)

    def convert(value: Any) -> float:
        seconds = _duration(value)
        if seconds == 0 and not zero:
            raise ValueError("must be longer than zero")
        if seconds > limit:
            raise ValueError(f"must be at most {maximum!r}, got {_describe(value)}")
        return seconds

    return convert


def _integer(minimum: int, maximum: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"expected an integer, got {_describe(value)}")
        if value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        if value > maximum:
            raise ValueError(f"must be at most {maximum}, got {value}")
        return value

    return convert


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_describe(value)}")
    return value


def _user_agent(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_describe(value)}")
    if "http" not in value and "@" not in value:
        raise ValueError('must contain a contact URL or e-mail address, e.g. "monitor/0.1 (+https://example.org/contact)"')
    return value


def _executable_path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f'expected the path of a Chromium executable, e.g. "/usr/bin/chromium", got {_describe(value)}')
    return value


def _size_up_to(maximum: str) -> Callable[[Any], int]:
    limit = parse_size(maximum)

    def convert(value: Any) -> int:
        size = parse_size(value)
        if size <= 0:
            raise ValueError("must be more than zero bytes")
        if size > limit:
            raise ValueError(f"must be at most {maximum!r} ({limit} bytes), got {_describe(value)}")
        return size

    return convert


def _recheck(value: Any) -> tuple[tuple[float, float], ...]:
    """A [monitor.recheck] table: { "<max age>" = "<interval>", ..., older = "<interval>" }."""
    if not isinstance(value, dict):
        raise ValueError(f'expected a table such as [monitor.recheck] "1d" = "1h", got {_describe(value)}')
    schedule: dict[float, float] = {}
    for age_text, interval_text in value.items():
        try:
            max_age = math.inf if age_text == RECHECK_OLDER else _age(age_text)
        except ValueError as exc:
            raise ValueError(f"age {age_text!r}: {exc}") from None
        if max_age in schedule:
            raise ValueError(f"age {age_text!r} appears twice (written differently)")
        try:
            schedule[max_age] = _interval(interval_text)
        except ValueError as exc:
            raise ValueError(f"articles up to {age_text!r} old: {exc}") from None
    if not schedule:
        raise ValueError("needs at least one age, e.g. \"1d\" = \"1h\"")
    return tuple(sorted(schedule.items()))


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_describe(value)}")
    try:
        parts = urlsplit(value)
        parts.port  # raises ValueError on a non-numeric or out-of-range port
    except ValueError as exc:
        raise ValueError(f"invalid URL {value!r}: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"\s", value):
        raise ValueError(f"expected an http:// or https:// URL with a host, got {value!r}")
    return value


# The ranges of the README's `[monitor]` table: within them every date stays in range and every
# wait ends; beyond them a value is a typo (an extra zero), or a hostile config.
_interval = _duration_up_to("365d")
_age = _duration_up_to("3650d")
_timeout = _duration_up_to("1h")

_MONITOR_FIELDS: dict[str, Callable[[Any], Any]] = {
    "user_agent": _user_agent,
    "interval": _interval,
    "concurrency": _integer(1, 1000),
    "per_host_concurrency": _integer(1, 100),
    "per_host_delay": _duration_up_to("1h", zero=True),
    "connect_timeout": _timeout,
    "read_timeout": _timeout,
    "total_timeout": _timeout,
    "max_bytes": _size_up_to("1GB"),
    "max_redirects": _integer(0, 30),
    "retries": _integer(0, 10),
    "backoff": _duration_up_to("1h", zero=True),
    "max_retry_after": _duration_up_to("1d", zero=True),
    "respect_robots": _boolean,
    "browser_concurrency": _integer(1, 32),
    "chromium": _executable_path,
    "google_news_url": _url,
    "conflict_window": _age,
    "failing_after": _integer(1, 1000),
    "max_feed_entries": _integer(1, 10000),
    "recheck": _recheck,
}


def _parse_monitor(path: str, raw: Any) -> MonitorSettings:
    where = "[monitor]"
    if not isinstance(raw, dict):
        raise ConfigError(path, f"expected a [monitor] table, got {_describe(raw)}", where=where)
    _reject_unknown(path, raw, _MONITOR_FIELDS, where=where)
    if "user_agent" not in raw:
        raise ConfigError(path, "required: a User-Agent with a contact URL or e-mail address", where=where, field="user_agent")
    values = {name: _convert(path, where, name, _MONITOR_FIELDS[name], value) for name, value in raw.items()}
    return MonitorSettings(**values)


# ── [[source]] ────────────────────────────────────────────────────────────────────────────


def _source_name(value: Any) -> str:
    if not isinstance(value, str) or not _SOURCE_NAME.fullmatch(value):
        raise ValueError(f"expected letters, digits, '.', '_' or '-' (e.g. \"openai-news\"), got {_describe(value)}")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(map(repr, choices))}, got {_describe(value)}")
        return value

    return convert


@functools.cache
def _css_probe():
    """A parsed page to try selectors on, made at the first selector: the HTML parser is loaded
    only by a config that has one (`monitor diff` and `status` read the config without it)."""
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser("<p></p>")


def _selector(value: Any) -> str:
    from selectolax.lexbor import SelectolaxError

    if not isinstance(value, str):
        raise ValueError(f"expected a CSS selector string, got {_describe(value)}")
    try:
        _css_probe().css(value)
    except SelectolaxError:
        raise ValueError(f"invalid CSS selector {value!r}") from None
    return value


def _string_list(item: Callable[[Any], str]) -> Callable[[Any], tuple[str, ...]]:
    def convert(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected an array of strings, got {_describe(value)}")
        return tuple(item(element) for element in value)

    return convert


def _keyword(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty strings, got {_describe(value)}")
    return value


def _language(value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in _ISO_639_1:
        raise ValueError(f'expected an ISO 639-1 code such as "en" or "fr", got {_describe(value)}')
    return value.lower()


def _headers(value: Any) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of header names to strings, got {_describe(value)}")
    for name, header_value in value.items():
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"invalid header name {name!r}")
        if not isinstance(header_value, str) or "\n" in header_value or "\r" in header_value:
            raise ValueError(f"header {name!r}: expected a one-line string, got {_describe(header_value)}")
    return MappingProxyType(dict(value))


_SOURCE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "name": _source_name,
    "url": _url,
    "kind": _one_of(SOURCE_KINDS),
    "interval": _interval,
    "select": _selector,
    "exclude": _string_list(_selector),
    "language": _language,
    "headers": _headers,
    "topic": _string_list(_keyword),
    "enabled": _boolean,
    "allow_private": _boolean,
    "fetcher": _one_of(FETCHERS),
}
_REQUIRED_SOURCE_FIELDS = ("name", "url", "kind")


def _parse_sources(path: str, raw_sources: list[dict], monitor: MonitorSettings) -> tuple[Source, ...]:
    sources: dict[str, Source] = {}
    for number, raw in enumerate(raw_sources, start=1):
        name = raw.get("name")
        where = f"source {name!r}" if isinstance(name, str) else f"source #{number}"
        _reject_unknown(path, raw, _SOURCE_FIELDS, where=where)
        for required in _REQUIRED_SOURCE_FIELDS:
            if required not in raw:
                raise ConfigError(path, "required field is missing", where=where, field=required)
        values = {key: _convert(path, where, key, _SOURCE_FIELDS[key], value) for key, value in raw.items()}
        if values["name"] in sources:
            raise ConfigError(path, "another [[source]] already has this name", where=where, field="name")
        if values.get("topic") and values["kind"] != "feed":
            raise ConfigError(path, 'filters feed items, so needs kind = "feed"', where=where, field="topic")
        values.setdefault("interval", monitor.interval)
        sources[values["name"]] = Source(**values)
    return tuple(sources.values())


# ── [[notify]] ────────────────────────────────────────────────────────────────────────────

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_APPRISE_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def _notify_urls(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f'expected a non-empty array of Apprise URLs (e.g. ["ntfy://monitor-deal"]), got {_describe(value)}')
    for url in value:
        if not isinstance(url, str) or re.search(r"\s", url):
            raise ValueError(f"expected Apprise URLs as strings without spaces, got {_describe(url)}")
        for name in _VARIABLE.findall(url):
            if not _VARIABLE_NAME.fullmatch(name):
                raise ValueError(f"${{{name}}} in {url!r}: a variable name is letters, digits and _ (e.g. ${{SMTP_PASSWORD}})")
        if not url.startswith("${"):
            _check_scheme(url, url)
    return tuple(value)


def _check_scheme(url: str, shown: str) -> None:
    """A ValueError unless `url` starts with a scheme Apprise sends to; messages show `shown`
    (the URL as written, so a secret from the environment is never printed)."""
    match = _APPRISE_SCHEME.match(url)
    if not match:
        raise ValueError(f"{shown!r} is not an Apprise URL: write it as scheme://…, e.g. \"mailto://…\", \"ntfy://topic\"")
    scheme = match.group(1).lower()
    if scheme not in apprise_schemes():
        raise ValueError(f"unknown notification scheme {match.group(1)!r} in {shown!r} (Apprise sends to mailto, ntfy, "
                         f"slack, json, form and ~100 more){_did_you_mean(scheme, sorted(apprise_schemes()))}")


def apprise_schemes() -> frozenset[str]:
    """The URL schemes the installed Apprise can send to (read once, only when a [[notify]] exists)."""
    global _SCHEMES
    if _SCHEMES is None:
        try:
            from apprise.manager_plugins import NotificationManager

            _SCHEMES = frozenset(scheme.lower() for scheme in NotificationManager().schemas())
        except ImportError:  # an Apprise without its plugin manager: ask it for its services' details
            import apprise

            schemes: set[str] = set()
            for service in apprise.Apprise().details()["schemas"]:
                for key in ("protocols", "secure_protocols"):
                    found = service.get(key) or ()
                    schemes.update([found] if isinstance(found, str) else found)
            _SCHEMES = frozenset(scheme.lower() for scheme in schemes)
    return _SCHEMES


_SCHEMES: frozenset[str] | None = None


def _notify_kinds(value: Any) -> tuple[str, ...]:
    kinds = _string_list(_keyword)(value)
    for kind in kinds:
        if kind not in FINDING_KINDS:
            raise ValueError(f"unknown finding kind {kind!r}{_did_you_mean(kind, list(FINDING_KINDS))}; "
                             f"kinds are {', '.join(FINDING_KINDS)}")
    if not kinds:
        raise ValueError("an empty list sends nothing: leave `kinds` out for every kind but \"new\"")
    return kinds


_NOTIFY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "name": _source_name,
    "urls": _notify_urls,
    "kinds": _notify_kinds,
    "facts": _string_list(_keyword),
    "sources": _string_list(_keyword),
    "digest": _duration,
    "format": _one_of(NOTIFY_FORMATS),
}


def _parse_notify(path: str, raw_channels: Any, sources: Sequence[Source], facts: Sequence) -> tuple[NotifyChannel, ...]:
    if not isinstance(raw_channels, list) or not all(isinstance(item, dict) for item in raw_channels):
        raise ConfigError(path, "notification channels are written as [[notify]] tables (double brackets)", where="[notify]")
    channels: dict[str, NotifyChannel] = {}
    known = {"sources": [source.name for source in sources], "facts": [fact.key for fact in facts]}
    for number, raw in enumerate(raw_channels, start=1):
        name = raw.get("name")
        where = f"notify {name!r}" if isinstance(name, str) else f"notify #{number}"
        _reject_unknown(path, raw, _NOTIFY_FIELDS, where=where)
        for required in ("name", "urls"):
            if required not in raw:
                raise ConfigError(path, "required field is missing", where=where, field=required)
        values = {key: _convert(path, where, key, _NOTIFY_FIELDS[key], value) for key, value in raw.items()}
        if values["name"] in channels:
            raise ConfigError(path, "another [[notify]] already has this name", where=where, field="name")
        for field_name, what in (("sources", "[[source]]"), ("facts", "[[fact]]")):
            for item in values.get(field_name, ()):
                if item not in known[field_name]:
                    raise ConfigError(path, f"no {what} named {item!r}{_did_you_mean(item, known[field_name])}",
                                      where=where, field=field_name)
        channels[values["name"]] = NotifyChannel(**values)
    return tuple(channels.values())


def expand_variables(url: str, environ: Mapping[str, str]) -> str:
    """`url` with each ${VAR} replaced by the variable's value; ValueError naming a missing one."""
    missing = [name for name in _VARIABLE.findall(url) if name not in environ]
    if missing:
        raise ValueError(f"the environment variable {missing[0]} is not set (used as ${{{missing[0]}}}); "
                         "set it where monitor runs (e.g. EnvironmentFile= in a systemd unit)")
    return _VARIABLE.sub(lambda match: environ[match.group(1)], url)


def channel_urls(config: Config, environ: Mapping[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Each channel's URLs with ${VAR} taken from the environment, for the commands that send;
    a ConfigError naming the file, the channel, the field and the variable when one is unset,
    or when an expanded URL has a scheme Apprise does not know."""
    environ = os.environ if environ is None else environ
    resolved = {}
    for channel in config.notify:
        where = f"notify {channel.name!r}"
        urls = []
        for written in channel.urls:
            url = _convert(config.path, where, "urls", lambda text: expand_variables(text, environ), written)
            _convert(config.path, where, "urls", lambda text: _check_scheme(text, written), url)
            urls.append(url)
        resolved[channel.name] = tuple(urls)
    return resolved


# ── shared helpers ────────────────────────────────────────────────────────────────────────


def _convert(path: str, where: str, name: str, convert: Callable[[Any], Any], value: Any) -> Any:
    try:
        return convert(value)
    except ValueError as exc:
        raise ConfigError(path, str(exc), where=where, field=name) from None


def _reject_unknown(path: str, raw: dict, known: Any, *, where: str | None) -> None:
    """Unknown keys are typos until proven otherwise: name the closest known one."""
    for key in raw:
        if key in known:
            continue
        suggestion = _did_you_mean(key, list(known))
        if where is None:
            raise ConfigError(path, f"unknown table{suggestion}", where=f"[{key}]")
        raise ConfigError(path, f"unknown field{suggestion}", where=where, field=key)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
