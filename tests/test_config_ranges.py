"""Issue 11, bug 6: every duration, size and count of sources.toml has a sane range, checked with
the same file/table/field error as any other mistake, so a huge number can neither overflow a
date or an integer (SQLite, gzip) nor make the monitor wait forever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError

HEADER = '[monitor]\nuser_agent = "monitor-test (+http://127.0.0.1/contact)"\n'
SOURCE = '[[source]]\nname = "harbour"\nurl = "http://127.0.0.1/a.html"\nkind = "page"\n'
MONITOR = Path(sys.executable).parent / "monitor"
HUGE_DIGITS = "9" * 400


@pytest.mark.parametrize(
    ("line", "table", "field", "words"),
    [
        ("interval = 1e300", "[monitor]", "interval", "at most '365d'"),
        ('interval = "3000000d"', "[monitor]", "interval", "at most '365d'"),
        ("interval = 99999999999999999999999999", "[monitor]", "interval", "at most"),
        (f'interval = "{HUGE_DIGITS}s"', "[monitor]", "interval", "finite"),
        (f'max_bytes = "{HUGE_DIGITS}B"', "[monitor]", "max_bytes", "too large"),
        ("max_bytes = 99999999999999999999999999", "[monitor]", "max_bytes", "at most '1GB'"),
        ('max_bytes = "2GB"', "[monitor]", "max_bytes", "at most '1GB'"),
        ("backoff = 1e300", "[monitor]", "backoff", "at most '1h'"),
        ("per_host_delay = 1e300", "[monitor]", "per_host_delay", "at most '1h'"),
        ("max_retry_after = 1e300", "[monitor]", "max_retry_after", "at most '1d'"),
        ('total_timeout = "2h"', "[monitor]", "total_timeout", "at most '1h'"),
        ('connect_timeout = "2h"', "[monitor]", "connect_timeout", "at most '1h'"),
        ('read_timeout = "2h"', "[monitor]", "read_timeout", "at most '1h'"),
        ('conflict_window = "100000d"', "[monitor]", "conflict_window", "at most '3650d'"),
        ("concurrency = 1000000", "[monitor]", "concurrency", "at most 1000"),
        ("per_host_concurrency = 1000", "[monitor]", "per_host_concurrency", "at most 100"),
        ("max_redirects = 1000", "[monitor]", "max_redirects", "at most 30"),
        ("retries = 1000", "[monitor]", "retries", "at most 10"),
        ("failing_after = 99999999999999999999", "[monitor]", "failing_after", "at most 1000"),
        ("max_feed_entries = 0", "[monitor]", "max_feed_entries", "at least 1"),
        ('[monitor.recheck]\n"3000000d" = "1h"', "[monitor]", "recheck", "at most '3650d'"),
        ('[monitor.recheck]\n"1d" = "3000000d"', "[monitor]", "recheck", "at most '365d'"),
        ('[monitor.recheck]\nolder = 1e300', "[monitor]", "recheck", "at most '365d'"),
    ],
)
def test_a_value_out_of_its_range_names_file_table_and_field(tmp_path, line, table, field, words):
    path = tmp_path / "sources.toml"
    path.write_text(HEADER + line + "\n" + SOURCE, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.where, caught.value.field) == (table, field)
    assert str(caught.value).startswith(f"{path}: {table}: field '{field}': ")
    assert words in caught.value.message


def test_a_source_interval_out_of_range_names_the_source(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(HEADER + SOURCE + 'interval = "3000000d"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"source 'harbour': field 'interval': must be at most '365d'"):
        load_config(path)


def test_the_ends_of_each_range_are_accepted(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        HEADER + 'interval = "365d"\nper_host_delay = 0\nbackoff = "1h"\nmax_retry_after = "1d"\n'
        'max_bytes = "1GB"\nconcurrency = 1000\nretries = 10\nmax_redirects = 0\nmax_feed_entries = 10000\n'
        'total_timeout = "1h"\n[monitor.recheck]\n"3650d" = "365d"\nolder = "365d"\n' + SOURCE,
        encoding="utf-8",
    )
    settings = load_config(path).monitor
    assert (settings.max_bytes, settings.max_feed_entries, settings.recheck[0]) == (10**9, 10000, (3650 * 86400, 365 * 86400))


def test_init_with_a_huge_interval_is_one_error_line_not_a_traceback(tmp_path):
    (tmp_path / "sources.toml").write_text(HEADER + "interval = 1e300\n" + SOURCE, encoding="utf-8")
    done = subprocess.run([str(MONITOR), "--config", str(tmp_path / "sources.toml"), "--db",
                           str(tmp_path / "monitor.db"), "init"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and "field 'interval'" in done.stderr
    assert not (tmp_path / "monitor.db").exists()
