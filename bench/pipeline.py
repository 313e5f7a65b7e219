"""Benchmark `monitor fetch` end to end against the fetch-only ceiling, in the same run.

Why: a pass must keep up with the network. The ceiling is what a bare client does with the same
pages and the same concurrency: httpx GET and a sha256 of the body, nothing else. `monitor fetch`
is measured as a ratio of it (the machine is shared, so absolute figures drift between runs,
ratios much less): first pass (every page new: extract, read facts, compare, store) target
>= 0.8x; second pass (every page unchanged: raw hash skip) target >= 1.0x. Also peak RSS (wait4,
and with --processes the largest sum over the pass and its worker processes, sampled; PSS beside it)
target <= 150 MB at N = 5,000 and within 1.3x of it at N = 20,000, and bytes stored per page,
target <= 30 KB on distinct pages, beside urlwatch's 175 KB. With the real corpus it first prints
what a new page's steps cost one thread, and which keep the interpreter lock (`page_steps.py`).

Corpora:
  real (default)  the 181 pages of the article-extraction benchmark (read from
                  ../shared/bench/article-extraction or MONITOR_BENCH_EXTRACTION), cycled to N
                  URLs, every copy made distinct (`real_pages.py`). Each site of the benchmark is
                  served on a loopback address of its own (127.0.0.2, .3, ...), so the pages of
                  one site share one host, as on the web. When the folder is missing the bench
                  says so and runs the synthetic corpus.
  synthetic       generated ~5 KB article pages stating the tracked grant fund (findings run).

Server: nginx (Debian's nginx-light) when installed, as a static server for files written to a
temporary folder, without ETag or If-Modified-Since (so a second pass fetches every body again,
as from a news site that sends no validators); else, and for the synthetic corpus, an asyncio
server of ours. Either runs in its own process, and its CPU time is printed.

    python bench/pipeline.py                             # real pages, N = 5000, 2 repeats
    python bench/pipeline.py --pages 1000 --repeats 1
    python bench/pipeline.py --pages 5000 20000          # peak RSS ratio across N
    python bench/pipeline.py --pages 1000 --profile 25   # cProfile of both passes, top 25 by own time
    python bench/pipeline.py --processes 2             # extraction and facts in 2 worker processes
    python bench/pipeline.py --corpus synthetic --server asyncio
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import pstats
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_server import KeepAliveServer, serve  # noqa: E402
from real_pages import DEFAULT_DATA, load_pages, site_dictionary_sizes  # noqa: E402

from monitor.storage.blobs import LEVEL  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_FACTS = ROOT / "tests" / "fixtures" / "daemon" / "facts.toml"
PROJECT_CONFIG = ROOT / "sources.toml"  # real pages are read with the project's own fact catalogue
URLWATCH_BYTES_PER_PAGE = 175_000  # urlwatch 2.29 on distinct copies of these pages (issue 14)
DISSENTING_PAGES = (7, 507)  # synthetic pages stating another grant figure: conflicts between sources
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PASS_SCRIPT = """
import sys
from monitor.cli import main
sys.argv = ["monitor", *sys.argv[1:]]
main()
"""
# Worker threads (extraction, facts) are profiled too, each by a profiler of its own, merged at the
# end; each counts its own thread's CPU time, so waiting for a queue, a lock or the GIL costs nothing.
PROFILE_SCRIPT = """
import cProfile, pstats, sys, threading, time
from monitor.cli import main
out = sys.argv.pop(1)
sys.argv = ["monitor", *sys.argv[1:]]
profiles = []
def profile_thread(*_):
    sys.setprofile(None)
    profile = cProfile.Profile(time.thread_time)
    profiles.append(profile)
    profile.enable()
threading.setprofile(profile_thread)
main_profile = cProfile.Profile(time.thread_time)
try:
    main_profile.runcall(main)
except SystemExit:
    pass
for profile in profiles:
    profile.disable()
pstats.Stats(main_profile, *profiles).dump_stats(out)
"""
CEILING_SCRIPT = """
import asyncio, hashlib, sys
import httpx
urls = open(sys.argv[1]).read().split()
concurrency = int(sys.argv[2])
done = 0
async def main():
    global done
    waiting = iter(urls)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def work():
            global done
            for url in waiting:
                response = await client.get(url)
                hashlib.sha256(response.content).hexdigest()
                done += response.status_code == 200
        await asyncio.gather(*(work() for _ in range(concurrency)))
asyncio.run(main())
if done != len(urls):
    sys.exit(f"ceiling: {len(urls) - done} of {len(urls)} pages failed")
"""


# ── corpora ──────────────────────────────────────────────────────────────────────────────


def article_page(number: int) -> bytes:
    """A synthetic news page: furniture around an article stating a few figures, about 5 kB."""
    paragraphs = [
        f"Dispatch {number} from the example desk looks at how the partnership between the lab and "
        f"its largest investor has changed since the spring, and what the people involved expect next.",
        f"The foundation keeps a stake valued at about ${100 + number % 60} billion, according to "
        f"two people familiar with the terms, while the investor holds roughly {20 + number % 10} percent.",
        f"A grant fund of ${25 if number in DISSENTING_PAGES else 50} million will support research on how machine learning systems fail "
        "and recover, with the first awards expected early next year.",
        "Regulators in two states reviewed the plan over several months before letting it go ahead, "
        "and both companies said the new terms give each of them more room to work with others.",
    ] * 2
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    links = "".join(f'<li><a href="/a/{(number + i) % 997}">Another story {i}</a></li>' for i in range(12))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Dispatch {number} | Example Desk</title>"
        f"<meta property='article:published_time' content='2025-10-{1 + number % 28:02d}T08:00:00Z'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/markets'>Markets</a></nav></header>"
        f"<main><article><h1>Dispatch {number}</h1>{body}</article></main>"
        f"<aside><h2>Most read</h2><ul>{links}</ul></aside>"
        "<footer>Copyright the example desk. Terms. Privacy. Cookies.</footer></body></html>"
    ).encode()


@dataclass
class Corpus:
    """N pages written as files: /<number>.html on the host of the page's site."""

    name: str
    root: Path
    hosts: list[str]  # loopback addresses the server listens on
    pages: list[tuple[str, str]]  # (host, file name) per URL
    facts: str  # the [[fact]] tables the pass reads them with
    raw_bytes: int  # bytes of all pages

    def urls(self, port: int) -> list[str]:
        return [f"http://{host}:{port}/{name}" for host, name in self.pages]


def write_corpus(kind: str, pages: int, folder: Path) -> Corpus:
    """Write N distinct pages under `folder`/www (real pages when present, else synthetic)."""
    root = folder / "www"
    root.mkdir(parents=True)
    real = load_pages() if kind == "real" else []
    if kind == "real" and not real:
        print(f"note: no article-extraction pages at {DEFAULT_DATA}: running the synthetic corpus instead")
    written, total = [], 0
    if real:
        sites = {page.site: None for page in real}
        host_of = {site: f"127.0.0.{2 + index}" for index, site in enumerate(sites)}
        for number in range(pages):
            page = real[number % len(real)]
            body = page.template.copy(number)
            written.append((host_of[page.site], f"{number}.html"))
            total += len(body)
            (root / f"{number}.html").write_bytes(body)
        print(site_dictionary_sizes(real, LEVEL))
        facts = PROJECT_CONFIG.read_text(encoding="utf-8")
        facts = facts[facts.index("\n[[fact]]") :]
        return Corpus("real", root, list(host_of.values()), written, facts, total)
    for number in range(pages):
        body = article_page(number)
        written.append(("127.0.0.1", f"{number}.html"))
        total += len(body)
        (root / f"{number}.html").write_bytes(body)
    return Corpus("synthetic", root, ["127.0.0.1"], written, SYNTHETIC_FACTS.read_text(encoding="utf-8"), total)


# ── servers (their own processes) ────────────────────────────────────────────────────────


class _FileServer(KeepAliveServer):
    """GET /NAME answers the file NAME of `root`."""

    root: Path

    def answer(self, path: str) -> bytes | None:
        name = path.lstrip("/")
        file = self.root / name
        return file.read_bytes() if "/" not in name and file.is_file() else None


def _serve_files(root: Path, hosts: list[str], port: int, ready) -> None:
    _FileServer.root = root
    serve(_FileServer, hosts, port, ready)


class Server:
    """nginx or the asyncio file server, on `port` at every host of the corpus."""

    def __init__(self, kind: str, corpus: Corpus, folder: Path) -> None:
        self.kind = kind
        self.port = _free_port()
        if kind == "nginx":
            conf = folder / "nginx.conf"
            listens = "".join(f"listen {host}:{self.port};" for host in corpus.hosts)
            conf.write_text(
                "worker_processes 1; pid nginx.pid; error_log error.log; user root;\n"
                "events { worker_connections 4096; }\n"
                "http { access_log off; log_not_found off; sendfile on; tcp_nopush on; keepalive_requests 100000;"
                " etag off; if_modified_since off; default_type text/html;"
                " client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp;"
                f" scgi_temp_path tmp; server {{ {listens} root {corpus.root}; }} }}\n"
            )
            self.process = subprocess.Popen(["nginx", "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"),
                                             "-g", "daemon off;"])
            _wait_for_port(corpus.hosts[0], self.port, self.process)
        else:
            receive, send = multiprocessing.Pipe(duplex=False)
            self.process = multiprocessing.Process(target=_serve_files, args=(corpus.root, corpus.hosts, self.port, send),
                                                   daemon=True)
            self.process.start()
            receive.recv()

    def cpu_seconds(self) -> float:
        """CPU time of the server so far: for nginx, its master and workers."""
        pid = self.process.pid
        pids = [pid]
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            pids += [int(child) for child in children.read_text().split()]
        return sum(_cpu_seconds(each) for each in pids)

    def stop(self) -> None:
        self.process.terminate()
        if self.kind == "nginx":
            self.process.wait(10)
        else:
            self.process.join(10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(host: str, port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit("nginx did not start (see its error.log)")
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not answer")


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# ── runs ─────────────────────────────────────────────────────────────────────────────────


@dataclass
class Run:
    wall: float
    peak_rss_mb: float
    cpu: float
    server_cpu: float
    pages: int
    tree_rss_mb: float = 0.0  # peak of the summed RSS of the process and its worker processes
    tree_pss_mb: float = 0.0  # the same in PSS: pages the processes share counted once
    worker_cpu: float = 0.0  # CPU seconds of its descendants (worker processes), as last sampled

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall

    @property
    def memory_mb(self) -> float:
        """The peak the issue's target is about: of the whole pass, its worker processes included."""
        return max(self.peak_rss_mb, self.tree_rss_mb)


def timed(command: list[str], server: Server, pages: int) -> Run:
    """Run `command` to its end; its peak RSS as the kernel counts it (wait4: the largest of the
    process and its waited-for children), and the largest sum over it and its descendants (worker
    processes), sampled every 0.1 s."""
    server_cpu = server.cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    tree_peak = tree_pss_peak = 0
    worker_cpu: dict[int, float] = {}
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        rss, pss = _sample_tree(process.pid, worker_cpu)
        tree_peak, tree_pss_peak = max(tree_peak, rss), max(tree_pss_peak, pss)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[2][:40]!r}... failed (wait status {status})")
    return Run(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, server.cpu_seconds() - server_cpu, pages,
               tree_peak / 1024, tree_pss_peak / 1024, sum(worker_cpu.values()))


def _sample_tree(pid: int, descendants_cpu: dict[int, float]) -> tuple[int, int]:
    """KB resident in `pid` and all its descendants now (0 for those already gone): RSS, and PSS
    (pages shared between the processes, as a forked worker shares its parent's, counted once).
    Records the CPU seconds of each descendant in `descendants_cpu` (the kernel does not add a
    worker's to its grandparent's when the forkserver between them is not waited for)."""
    rss = pss = 0
    waiting = [pid]
    while waiting:
        current = waiting.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += _kilobytes(rollup, "Rss:")
            pss += _kilobytes(rollup, "Pss:")
            if current != pid:
                descendants_cpu[current] = _cpu_seconds(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def _kilobytes(rollup: str, field: str) -> int:
    return int(rollup.split(field, 1)[1].split()[0]) if field in rollup else 0


def write_config(path: Path, urls: list[str], concurrency: int, facts: str) -> None:
    lines = [
        "[monitor]",
        'user_agent = "monitor-bench/0.1 (+http://127.0.0.1/contact)"',
        'per_host_delay = "0s"',
        f"concurrency = {concurrency}",
        f"per_host_concurrency = {min(concurrency, 100)}",
        "retries = 0",
        "",
    ]
    for number, url in enumerate(urls):
        lines += ["[[source]]", f'name = "p{number}"', f'url = "{url}"', 'kind = "page"', ""]
    path.write_text("\n".join(lines) + facts, encoding="utf-8")


def monitor_pass(folder: Path, server: Server, pages: int, profile: int, label: str, processes: int) -> tuple[Run, dict]:
    arguments = ["--config", str(folder / "sources.toml"), "--db", str(folder / "monitor.db"), "fetch",
                 "--processes", str(processes)]
    profile_file = folder / f"{label}.prof"
    script = [PROFILE_SCRIPT, str(profile_file)] if profile else [PASS_SCRIPT]
    run = timed([sys.executable, "-c", *script, *arguments], server, pages)
    with closing(sqlite3.connect(folder / "monitor.db")) as connection:
        summary = json.loads(connection.execute("SELECT summary FROM passes ORDER BY id DESC LIMIT 1").fetchone()[0])
    if profile:
        print(f"\n── cProfile of {label} ──")
        stats = pstats.Stats(str(profile_file))
        print_breakdown(stats)
        stats.sort_stats("tottime").print_stats(profile)
        print("the monitor's own functions, by CPU time including what they call:")
        stats.sort_stats("cumulative").print_stats(r"/monitor/", profile)
    return run, summary


# Where the pass's own time goes, by the file (or built-in) each function lives in.
AREAS = (
    ("compression (zlib, zstd)", ("zlib", "zstd", "compress", "blobs.py")),
    ("fact engine (monitor/facts)", ("monitor/facts/",)),
    ("findings (monitor/findings)", ("monitor/findings/",)),
    ("extraction (monitor/extraction, selectolax)", ("monitor/extraction/", "selectolax")),
    ("fetching (monitor/fetching, httpx, httpcore, h11, ssl)", ("monitor/fetching/", "httpx", "httpcore", "h11", "anyio")),
    ("SQLite statements", ("sqlite3.Connection", "sqlite3.Cursor", "sqlite_utils", "monitor/storage/")),
    ("regular expressions", ("re.Pattern", "_sre", "re/_", "sre_")),
    ("event loop and threads", ("asyncio", "selectors", "threading", "concurrent", "select.epoll", "_thread")),
    ("hashing", ("_hashlib", "sha256")),
)


def print_breakdown(stats: pstats.Stats) -> None:
    totals: dict[str, float] = {}
    for (file, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        where = f"{file}:{function}"
        area = next((name for name, marks in AREAS if any(mark in where for mark in marks)), "other")
        totals[area] = totals.get(area, 0.0) + own
    whole = sum(totals.values())
    print(f"own CPU time by area ({whole:.1f} s in all, cProfile's overhead included):")
    for area, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.2f} s  {seconds / whole:5.1%}  {area}")


def storage(folder: Path, pages: int) -> dict:
    db = folder / "monitor.db"
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        blob_bytes, blobs = connection.execute("SELECT coalesce(sum(length(content)), 0), count(*) FROM blobs").fetchone()
    return {"db_per_page": db.stat().st_size / pages, "blob_per_page": blob_bytes / max(blobs, 1), "blobs": blobs}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"load average at start {load} (the cores are shared: compare ratios, not absolute figures)")


def bench(kind: str, pages: int, options, folder: Path) -> list[dict]:
    corpus = write_corpus(kind, pages, folder)
    server_kind = options.server or ("nginx" if shutil.which("nginx") else "asyncio")
    server = Server(server_kind, corpus, folder)
    results = []
    try:
        urls = corpus.urls(server.port)
        (folder / "urls.txt").write_text("\n".join(urls))
        write_config(folder / "sources.toml", urls, options.concurrency, corpus.facts)
        print(f"\n{corpus.name} corpus, N = {pages:,} distinct pages on {len(corpus.hosts)} loopback address(es), "
              f"{corpus.raw_bytes / pages / 1000:.0f} KB a page; server: {server_kind}; "
              f"concurrency {options.concurrency}; monitor fetch --processes {options.processes}", flush=True)
        ceiling = [sys.executable, "-c", CEILING_SCRIPT, str(folder / "urls.txt"), str(options.concurrency)]
        for repeat in range(options.repeats):
            for name in ("monitor.db", "monitor.db-wal", "monitor.db-shm"):  # a stale WAL would meet a new database
                (folder / name).unlink(missing_ok=True)
            profile = options.profile if repeat == 0 else 0
            before = timed(ceiling, server, pages)
            first, first_summary = monitor_pass(folder, server, pages, profile, "pass 1", options.processes)
            stored = storage(folder, pages)
            second, second_summary = monitor_pass(folder, server, pages, profile, "pass 2", options.processes)
            after = timed(ceiling, server, pages)
            top = (before.pages_per_s + after.pages_per_s) / 2
            result = {"pages": pages, "ceiling": top, "first": first, "second": second, "ceiling_rss": before.peak_rss_mb,
                      **stored}
            results.append(result)
            print(
                f"repeat {repeat + 1}: ceiling {before.pages_per_s:.0f} and {after.pages_per_s:.0f} pages/s "
                f"(RSS {before.peak_rss_mb:.0f} MB, CPU {before.cpu / pages * 1000:.1f} ms a page, server CPU {before.server_cpu / before.wall:.0%} of a core) | "
                f"pass 1 {first.pages_per_s:.0f} pages/s = {first.pages_per_s / top:.2f}x "
                f"(RSS {first.memory_mb:.0f} MB, PSS {first.tree_pss_mb:.0f} MB, CPU {first.cpu / pages * 1000:.1f} ms a page"
                f"{f' + workers {first.worker_cpu / pages * 1000:.1f}' if first.worker_cpu else ''}, "
                f"server {first.server_cpu / first.wall:.0%} of a core) | "
                f"pass 2 {second.pages_per_s:.0f} pages/s = {second.pages_per_s / top:.2f}x "
                f"(RSS {second.memory_mb:.0f} MB, CPU {second.cpu / pages * 1000:.1f} ms a page)",
                flush=True,
            )
            print(f"          pass 1: {_outcomes(first_summary)}; pass 2: {_outcomes(second_summary)}")
            print(f"          stored: database {stored['db_per_page'] / 1000:.1f} KB a page, raw pages "
                  f"{stored['blob_per_page'] / 1000:.1f} KB a page ({stored['blobs']:,} blobs; served "
                  f"{corpus.raw_bytes / pages / 1000:.0f} KB a page; urlwatch {URLWATCH_BYTES_PER_PAGE / 1000:.0f} KB)",
                  flush=True)
    finally:
        server.stop()
    return results


def _outcomes(summary: dict) -> str:
    counts = {key: summary[key] for key in ("new_snapshots", "same_text", "unchanged", "not_modified") if summary.get(key)}
    counts.update(summary.get("errors", {}))
    return ", ".join(f"{value} {key}" for key, value in counts.items())


def _span(values: list[float], form: str) -> str:
    low, high = min(values), max(values)
    return format(low, form) if low == high else f"{low:{form}}–{high:{form}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--pages", type=int, nargs="+", default=[5000], help="N values (default 5000)")
    parser.add_argument("--concurrency", type=int, default=64, help="concurrency of the ceiling and of monitor (default 64)")
    parser.add_argument("--repeats", type=int, default=2, help="runs of ceiling, pass 1, pass 2, ceiling per N (default 2)")
    parser.add_argument("--processes", type=int, default=0,
                        help="monitor fetch --processes N: extraction and facts in N worker processes (default 0: threads)")
    parser.add_argument("--corpus", choices=("real", "synthetic"), default="real")
    parser.add_argument("--server", choices=("nginx", "asyncio"), help="default: nginx when installed, else asyncio")
    parser.add_argument("--profile", type=int, default=0, metavar="ROWS",
                        help="cProfile both passes of the first repeat: time by area, then ROWS functions by own time")
    options = parser.parse_args()
    print(machine())
    if options.corpus == "real" and load_pages():
        # In a process of its own: a child forked from a large parent reports the parent's peak RSS as its own.
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "page_steps.py")], check=True)
    by_size = {}
    for pages in options.pages:
        with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
            folder = Path(tmp)
            folder.chmod(0o755)
            results = bench(options.corpus, pages, options, folder)
        by_size[pages] = results
        print(
            f"N = {pages:,} over {len(results)} repeat(s): pass 1 {_span([r['first'].pages_per_s / r['ceiling'] for r in results], '.2f')}x "
            f"the ceiling (target >= 0.8), pass 2 {_span([r['second'].pages_per_s / r['ceiling'] for r in results], '.2f')}x "
            f"(target >= 1.0); ceiling {_span([r['ceiling'] for r in results], '.0f')} pages/s; peak RSS "
            f"{_span([max(r['first'].memory_mb, r['second'].memory_mb) for r in results], '.0f')} MB (target <= 150; "
            f"ceiling {_span([r['ceiling_rss'] for r in results], '.0f')} MB); raw pages stored "
            f"{_span([r['blob_per_page'] / 1000 for r in results], '.1f')} KB a page (target <= 30), database "
            f"{_span([r['db_per_page'] / 1000 for r in results], '.1f')} KB a page, urlwatch 175 KB",
            flush=True,
        )
    if len(by_size) > 1:
        smallest, largest = min(by_size), max(by_size)
        peak = {n: max(max(r["first"].memory_mb, r["second"].memory_mb) for r in by_size[n]) for n in (smallest, largest)}
        print(f"peak RSS N = {largest:,} / N = {smallest:,}: {peak[largest] / peak[smallest]:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
