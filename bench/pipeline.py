"""Benchmark one `monitor fetch` pass end to end: pages per second and peak memory.

Why: the daemon and `monitor fetch` must keep up with many sources on a small machine, and a
pass must not hold every page in memory at once. Targets on 2 cores: at least 200 pages/s, and
peak memory at N = 10,000 pages within 1.5x of N = 1,000.

A loopback server in its own process serves N generated article pages (each with furniture and
a few figures, so facts and findings run too); a sources.toml lists them as N page sources with
no per-host delay and high concurrency; `monitor fetch` runs as a subprocess into a fresh
database. Reported per N: wall time, pages/s, peak RSS of the pass process (from wait4), CPU
seconds of the pass and of the server (the server shares the 2 cores, so its share is printed).

    python bench/pipeline.py                      # N = 1000 and 10000
    python bench/pipeline.py --pages 2000 --concurrency 32
    python bench/pipeline.py --pages 1000 --profile 25   # cProfile of the pass, top 25 by own time
    python bench/pipeline.py --without-facts      # fetch, extract, store: no fact engine, no findings
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One tracked fact (a grant fund with a baseline) that every generated page states: $50 million
# (confirms the baseline), except on a few dissenting pages that say $25 million, so every page
# published within a week of one of them is also a conflict between two sources.
FACTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "daemon" / "facts.toml"
DISSENTING_PAGES = (7, 507)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PASS_SCRIPT = """
import sys
from monitor.cli import main
sys.argv = ["monitor", *sys.argv[1:]]
main()
"""
PROFILE_SCRIPT = """
import cProfile, sys
from monitor.cli import main
out = sys.argv.pop(1)
sys.argv = ["monitor", *sys.argv[1:]]
try:
    cProfile.run("main()", out)
except SystemExit:
    pass
"""


# ── the server (its own process) ─────────────────────────────────────────────────────────


def article_page(number: int) -> bytes:
    """A news page: furniture around an article stating a few figures, about 5 kB."""
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


class _PageServer(asyncio.Protocol):
    """Minimal HTTP/1.1 keep-alive server: GET /a/N answers article N, anything else 404."""

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].decode()
            if path.startswith("/a/") and path[3:].isdigit():
                status, body = b"200 OK", article_page(int(path[3:]))
            else:
                status, body = b"404 Not Found", b"not found"
            self.transport.write(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )


def _serve(port_pipe) -> None:
    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(_PageServer, "127.0.0.1", 0, backlog=1024)
        port_pipe.send(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def start_server() -> tuple[multiprocessing.Process, int]:
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_serve, args=(send,), daemon=True)
    process.start()
    return process, receive.recv()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# ── one pass ─────────────────────────────────────────────────────────────────────────────


def write_config(path: Path, port: int, pages: int, concurrency: int, facts: bool) -> None:
    lines = [
        "[monitor]",
        'user_agent = "monitor-bench/0.1 (+http://127.0.0.1/contact)"',
        'per_host_delay = "0s"',
        f"concurrency = {concurrency}",
        f"per_host_concurrency = {concurrency}",
        "retries = 0",
        "",
    ]
    for number in range(pages):
        lines += ["[[source]]", f'name = "p{number}"', f'url = "http://127.0.0.1:{port}/a/{number}"', 'kind = "page"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    if facts:
        with path.open("a", encoding="utf-8") as file:
            file.write(FACTS.read_text(encoding="utf-8"))


def run_pass(pages: int, concurrency: int, profile: int, facts: bool) -> dict:
    server, port = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
            config, db = Path(tmp) / "sources.toml", Path(tmp) / "monitor.db"
            write_config(config, port, pages, concurrency, facts)
            arguments = ["--config", str(config), "--db", str(db), "fetch"]
            script = [PROFILE_SCRIPT, str(Path(tmp) / "pass.prof")] if profile else [PASS_SCRIPT]
            server_cpu = cpu_seconds(server.pid)
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-c", *script, *arguments], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            server_cpu = cpu_seconds(server.pid) - server_cpu
            if status != 0:
                raise SystemExit(f"monitor fetch failed (wait status {status})")
            snapshots = _count(db, "SELECT count(*) FROM snapshots")
            findings = _count(db, "SELECT count(*) FROM findings")
            if profile:
                pstats.Stats(str(Path(tmp) / "pass.prof")).sort_stats("tottime").print_stats(profile)
    finally:
        server.terminate()
    return {
        "pages": pages,
        "wall": wall,
        "pages_per_s": pages / wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "pass_cpu": usage.ru_utime + usage.ru_stime,
        "server_cpu": server_cpu,
        "snapshots": snapshots,
        "findings": findings,
    }


def _count(db: Path, sql: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000], help="N values (default 1000 10000)")
    parser.add_argument("--concurrency", type=int, default=64, help="global and per-host concurrency (default 64)")
    parser.add_argument("--without-facts", action="store_true",
                        help="no fact definitions: fetch, extract and store only (no observations or findings)")
    parser.add_argument("--profile", type=int, default=0, metavar="ROWS", help="cProfile the pass; print this many rows")
    options = parser.parse_args()
    results = []
    for pages in options.pages:
        result = run_pass(pages, options.concurrency, options.profile, not options.without_facts)
        results.append(result)
        share = result["server_cpu"] / (result["server_cpu"] + result["pass_cpu"])
        print(
            f"N={pages:>6}: {result['wall']:7.1f} s  {result['pages_per_s']:6.0f} pages/s  "
            f"peak RSS {result['peak_rss_mb']:6.1f} MB  pass CPU {result['pass_cpu']:6.1f} s  "
            f"server CPU {result['server_cpu']:5.1f} s ({share:.0%} of the CPU used)  "
            f"{result['snapshots']} snapshots, {result['findings']} findings",
            flush=True,
        )
    by_size = {result["pages"]: result for result in results}
    if 1000 in by_size and 10000 in by_size:
        ratio = by_size[10000]["peak_rss_mb"] / by_size[1000]["peak_rss_mb"]
        print(f"peak memory N=10000 / N=1000: {ratio:.2f} (target <= 1.5)")
    print("target: >= 200 pages/s on 2 cores")


if __name__ == "__main__":
    main()
