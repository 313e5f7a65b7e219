"""sources.toml loading: the shipped file, defaults, every validation error, durations and sizes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor import config
from monitor.config import (
    DEFAULT_RECHECK,
    MonitorSettings,
    Source,
    load_config,
    parse_duration,
    parse_size,
)
from monitor.errors import ConfigError
from monitor.model import FetchPolicy

FIXTURES = Path(__file__).parent / "fixtures" / "config"
SHIPPED = Path(__file__).parents[1] / "sources.toml"

HEADER = '[monitor]\nuser_agent = "monitor-test (+http://127.0.0.1/contact)"\n'
SOURCE = '[[source]]\nname = "harbour"\nurl = "http://127.0.0.1/a.html"\nkind = "page"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ── the shipped file ──────────────────────────────────────────────────────────────────────


def test_shipped_sources_load_and_cover_the_story():
    loaded = load_config(SHIPPED)
    urls = {source.url for source in loaded.sources}
    assert {
        "https://openai.com/index/statement-on-openai-nonprofit-and-pbc/",
        "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/",
        "https://blogs.microsoft.com/feed/",
        "https://blogs.microsoft.com/blog/2025/10/28/the-next-chapter-of-the-microsoft-openai-partnership/",
        "https://news.google.com/rss/search?q=OpenAI+Microsoft+agreement&hl=en-US&gl=US&ceid=US:en",
        "https://www.lemonde.fr/pixels/rss_full.xml",
        "https://oag.ca.gov/news",
        "https://attorneygeneral.delaware.gov/news/",
    } <= urls
    assert any("hl=fr&gl=FR&ceid=FR:fr" in url for url in urls)
    assert {source.language for source in loaded.sources} == {"en", "fr"}
    for source in loaded.sources:
        if source.kind == "feed":
            assert 15 * 60 <= source.interval <= 30 * 60, source.name
        else:
            assert 3600 <= source.interval <= 6 * 3600, source.name
    assert loaded.monitor.recheck == DEFAULT_RECHECK


def test_shipped_monitor_table_states_the_builtin_defaults():
    """The comments in sources.toml say its [monitor] values are the defaults: keep that true."""
    shipped = load_config(SHIPPED).monitor
    assert shipped == MonitorSettings(user_agent=shipped.user_agent)


# ── defaults and conversions ──────────────────────────────────────────────────────────────


def test_minimal_file_gets_defaults():
    loaded = load_config(FIXTURES / "minimal.toml")
    assert loaded.path == str(FIXTURES / "minimal.toml")
    assert loaded.monitor == MonitorSettings(user_agent="monitor-test (+http://127.0.0.1/contact)")
    assert loaded.monitor.interval == 15 * 60
    assert loaded.sources == (
        Source(
            name="harbour-gazette",
            url="http://127.0.0.1:8765/harbour/budget.html",
            kind="page",
            interval=15 * 60,
        ),
    )
    source = loaded.sources[0]
    assert source.enabled is True
    assert (source.select, source.exclude, source.language, dict(source.headers), source.topic) == (None, (), None, {}, ())
    assert loaded.facts == ()
    assert dict(loaded.fx) == {}


def test_every_field_is_read_and_converted():
    loaded = load_config(FIXTURES / "full.toml")
    assert loaded.monitor == MonitorSettings(
        user_agent="monitor-test; ops@example.org",
        interval=5400.0,
        concurrency=3,
        per_host_concurrency=1,
        per_host_delay=2.5,
        connect_timeout=5.0,
        read_timeout=20.0,
        total_timeout=120.0,
        max_bytes=5 * 1024 * 1024,
        max_redirects=0,
        retries=4,
        backoff=0.5,
        max_retry_after=1800.0,
        respect_robots=False,
        conflict_window=3 * 86400.0,
        failing_after=5,
        recheck=((43200.0, 1800.0), (172800.0, 14400.0)),
    )
    feed, page = loaded.sources
    assert feed == Source(
        name="la-tribune-du-port",
        url="https://news.example.fr/economie/fil.xml",
        kind="feed",
        interval=1200.0,
        select="article .corps",
        exclude=(".pub", "aside.a-lire-aussi", "#commentaires"),
        language="fr",
        headers={"Accept-Language": "fr-FR", "X-Test": "yes"},
        topic=("OpenAI", "Microsoft"),
        enabled=False,
    )
    assert page.interval == 5400.0  # the [monitor] interval of this file, not the built-in one
    assert loaded.source("city.council_notices") is page


def test_the_fetcher_and_the_browser_settings_are_read(tmp_path):
    text = HEADER + 'browser_concurrency = 4\nchromium = "/opt/chromium/chrome"\n' + SOURCE + 'fetcher = "auto"\n'
    loaded = load_config(write(tmp_path, text))
    policy = loaded.monitor.fetch_policy()
    assert (policy.browser_concurrency, policy.chromium) == (4, "/opt/chromium/chrome")
    assert loaded.sources[0].fetcher == "auto"
    assert load_config(FIXTURES / "minimal.toml").sources[0].fetcher == "http"


def test_source_headers_are_read_only():
    headers = load_config(FIXTURES / "full.toml").sources[0].headers
    with pytest.raises(TypeError):
        headers["X-Test"] = "no"  # type: ignore[index]


def test_recheck_schedule_picks_the_first_age_bracket():
    settings = MonitorSettings(user_agent="t (+http://x)")
    assert settings.recheck_interval(0) == 3600
    assert settings.recheck_interval(86400) == 3600
    assert settings.recheck_interval(86401) == 43200
    assert settings.recheck_interval(365 * 86400) == 7 * 86400


def test_recheck_without_older_stops_rechecking_old_articles():
    settings = load_config(FIXTURES / "full.toml").monitor
    assert settings.recheck_interval(3600) == 1800
    assert settings.recheck_interval(3 * 86400) is None


def test_field_tables_match_the_dataclasses():
    """A field added to a dataclass but not to its validation table could never be set."""
    assert set(config._MONITOR_FIELDS) == {f.name for f in dataclasses.fields(MonitorSettings)}
    assert set(config._SOURCE_FIELDS) == {f.name for f in dataclasses.fields(Source)}


def test_fetch_policy_carries_the_fetch_settings():
    settings = load_config(FIXTURES / "full.toml").monitor
    policy = settings.fetch_policy()
    assert isinstance(policy, FetchPolicy)
    for name in (f.name for f in dataclasses.fields(policy)):
        if hasattr(settings, name):
            assert getattr(policy, name) == getattr(settings, name), name


# ── validation errors ─────────────────────────────────────────────────────────────────────

# (file text, where, field, words the message must contain)
BAD_FILES = [
    # [monitor]
    (SOURCE, "[monitor]", "user_agent", "required"),
    ('[monitor]\nuser_agent = "monitor/0.1"\n', "[monitor]", "user_agent", "contact URL"),
    (HEADER + 'intervall = "15m"\n', "[monitor]", "intervall", "did you mean 'interval'?"),
    (HEADER + "concurrency = 2.5\n", "[monitor]", "concurrency", "expected an integer, got 2.5 (float)"),
    (HEADER + "concurrency = 0\n", "[monitor]", "concurrency", "at least 1"),
    (HEADER + 'retries = "3"\n', "[monitor]", "retries", "expected an integer, got '3' (string)"),
    (HEADER + 'respect_robots = "yes"\n', "[monitor]", "respect_robots", "expected true or false"),
    (HEADER + 'interval = "15 minutes"\n', "[monitor]", "interval", "invalid duration '15 minutes'"),
    (HEADER + 'interval = "0s"\n', "[monitor]", "interval", "longer than zero"),
    (HEADER + "per_host_delay = -1\n", "[monitor]", "per_host_delay", "non-negative"),
    (HEADER + "connect_timeout = true\n", "[monitor]", "connect_timeout", "true (boolean)"),
    (HEADER + 'max_bytes = "5 megs"\n', "[monitor]", "max_bytes", "invalid size"),
    (HEADER + "max_bytes = 0\n", "[monitor]", "max_bytes", "more than zero"),
    (HEADER + 'recheck = "1h"\n', "[monitor]", "recheck", "expected a table"),
    (HEADER + '[monitor.recheck]\n"1d" = "1h"\n"24h" = "2h"\n', "[monitor]", "recheck", "appears twice"),
    (HEADER + '[monitor.recheck]\n"1d" = "soon"\n', "[monitor]", "recheck", "up to '1d' old: invalid duration"),
    (HEADER + '[monitor.recheck]\n"recent" = "1h"\n', "[monitor]", "recheck", "invalid duration 'recent'"),
    ('monitor = "fast"\n', "[monitor]", None, "expected a [monitor] table"),
    (HEADER + "browser_concurrency = 0\n", "[monitor]", "browser_concurrency", "at least 1"),
    (HEADER + "chromium = 1\n", "[monitor]", "chromium", "path of a Chromium executable"),
    (HEADER + 'google_news_url = "news.google.com"\n', "[monitor]", "google_news_url", "http:// or https://"),
    # [[source]]
    (HEADER + SOURCE + 'intervall = "1h"\n', "source 'harbour'", "intervall", "did you mean 'interval'?"),
    (HEADER + SOURCE + SOURCE, "source 'harbour'", "name", "already has this name"),
    (HEADER + SOURCE.replace("http://127.0.0.1/a.html", "ftp://127.0.0.1/a.html"), "source 'harbour'", "url", "http:// or https://"),
    (HEADER + SOURCE.replace("http://127.0.0.1/a.html", "https:///a.html"), "source 'harbour'", "url", "with a host"),
    (HEADER + SOURCE.replace("http://127.0.0.1/a.html", "127.0.0.1/a.html"), "source 'harbour'", "url", "http:// or https://"),
    (HEADER + SOURCE.replace("http://127.0.0.1/a.html", "http://127.0.0.1:99999/"), "source 'harbour'", "url", "invalid URL"),
    (HEADER + SOURCE.replace("http://127.0.0.1/a.html", "http://127.0.0.1/a b"), "source 'harbour'", "url", "http:// or https://"),
    (HEADER + SOURCE.replace('"page"', '"rss"'), "source 'harbour'", "kind", "expected one of 'page', 'feed', got 'rss'"),
    (HEADER + SOURCE + 'interval = "every hour"\n', "source 'harbour'", "interval", "invalid duration"),
    (HEADER + SOURCE + 'select = "div["\n', "source 'harbour'", "select", "invalid CSS selector 'div['"),
    (HEADER + SOURCE + 'exclude = [".ad", "p,,"]\n', "source 'harbour'", "exclude", "invalid CSS selector 'p,,'"),
    (HEADER + SOURCE + 'exclude = ".ad"\n', "source 'harbour'", "exclude", "expected an array of strings"),
    (HEADER + SOURCE + 'language = "french"\n', "source 'harbour'", "language", "ISO 639-1"),
    (HEADER + SOURCE + 'language = "fr-FR"\n', "source 'harbour'", "language", "ISO 639-1"),
    (HEADER + SOURCE + 'language = "xx"\n', "source 'harbour'", "language", "ISO 639-1"),
    (HEADER + SOURCE + "headers = { Accept = 1 }\n", "source 'harbour'", "headers", "header 'Accept'"),
    (HEADER + SOURCE + 'headers = { "Bad Name" = "x" }\n', "source 'harbour'", "headers", "invalid header name"),
    (HEADER + SOURCE + 'topic = ["OpenAI"]\n', "source 'harbour'", "topic", 'needs kind = "feed"'),
    (HEADER + SOURCE.replace('"page"', '"feed"') + 'topic = ["OpenAI", ""]\n', "source 'harbour'", "topic", "non-empty"),
    (HEADER + SOURCE + 'fetcher = "chrome"\n', "source 'harbour'", "fetcher",
     "expected one of 'http', 'browser', 'auto', got 'chrome'"),
    (HEADER + SOURCE + 'enabled = "no"\n', "source 'harbour'", "enabled", "expected true or false"),
    (HEADER + SOURCE.replace('name = "harbour"\n', ""), "source #1", "name", "missing"),
    (HEADER + SOURCE.replace('"harbour"', '"the harbour"'), "source 'the harbour'", "name", "letters, digits"),
    (HEADER + SOURCE.replace('kind = "page"\n', ""), "source 'harbour'", "kind", "missing"),
    (HEADER + '[source]\nname = "harbour"\n', "[source]", None, "[[source]]"),
    # top level
    (HEADER + '[sources]\nname = "harbour"\n', "[sources]", None, "unknown table; did you mean 'source'?"),
]


@pytest.mark.parametrize(("text", "where", "field", "words"), BAD_FILES)
def test_each_error_names_file_place_and_field(tmp_path, text, where, field, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert (error.path, error.where, error.field) == (str(path), where, field)
    message = str(error)
    assert message.startswith(f"{path}: {where}")
    if field:
        assert f"field '{field}'" in message
    assert words in message


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found") as caught:
        load_config(tmp_path / "absent.toml")
    assert str(tmp_path / "absent.toml") in str(caught.value)


def test_toml_syntax_error_gives_line_and_column():
    with pytest.raises(ConfigError) as caught:
        load_config(FIXTURES / "syntax_error.toml")
    message = str(caught.value)
    assert message.startswith(str(FIXTURES / "syntax_error.toml"))
    assert "invalid TOML" in message and "line 3" in message and "column" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_bytes(HEADER.encode() + b'# caf\xe9\n')
    with pytest.raises(ConfigError, match="not UTF-8|invalid TOML"):
        load_config(path)


def test_unknown_source_name_suggests_the_closest():
    loaded = load_config(FIXTURES / "full.toml")
    with pytest.raises(ConfigError, match="no source named 'la-tribune-du-prot'; did you mean 'la-tribune-du-port'"):
        loaded.source("la-tribune-du-prot")
    with pytest.raises(ConfigError) as caught:
        loaded.source("zzz")
    assert "did you mean" not in str(caught.value)


# ── durations and sizes ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("15m", 900),
        ("2h", 7200),
        ("7d", 604800),
        ("2w", 1209600),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("1d12h", 129600),
        ("500ms", 0.5),
        ("1m30s", 90),
        ("1.5h", 5400),
        ("0s", 0),
        (" 15m ", 900),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "15", "15 minutes", "m", "1h1h", "-5m", "1h30", "5x", "1,5h", "h1"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


def test_parse_duration_rejects_non_strings():
    with pytest.raises(ValueError, match="expected a duration string, got 900 \\(integer\\)"):
        parse_duration(900)  # type: ignore[arg-type]


@given(st.dictionaries(st.sampled_from(["w", "d", "h", "m", "s", "ms"]), st.integers(0, 10_000), min_size=1))
def test_parse_duration_adds_its_parts(parts):
    text = "".join(f"{amount}{unit}" for unit, amount in parts.items())
    expected = sum(amount * config._DURATION_UNITS[unit] for unit, amount in parts.items())
    assert parse_duration(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "size"),
    [
        (5_000_000, 5_000_000),
        ("5000000", 5_000_000),
        ("5MB", 5_000_000),
        ("5 MB", 5_000_000),
        ("5M", 5_000_000),
        ("5 MiB", 5 * 1024**2),
        ("500kB", 500_000),
        ("512 KiB", 512 * 1024),
        ("1GB", 10**9),
        ("1.5 MB", 1_500_000),
        ("100b", 100),
    ],
)
def test_parse_size(value, size):
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["5 megs", "MB", "", 5.0, True, "-5MB", "5 TB"])
def test_parse_size_rejects(value):
    with pytest.raises(ValueError, match="invalid size"):
        parse_size(value)


def test_durations_may_be_numbers_of_seconds(tmp_path):
    loaded = load_config(write(tmp_path, HEADER + "interval = 600\nread_timeout = 2.5\n" + SOURCE))
    assert (loaded.monitor.interval, loaded.monitor.read_timeout) == (600.0, 2.5)
    assert loaded.sources[0].interval == 600.0


def test_built_in_fetch_policy_matches_the_documented_monitor_defaults():
    """`monitor extract URL` without a config uses FetchPolicy(); it must be the README's defaults."""
    assert MonitorSettings(user_agent=FetchPolicy().user_agent).fetch_policy() == FetchPolicy()
