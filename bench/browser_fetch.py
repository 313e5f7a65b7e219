"""Benchmark the headless-browser fetcher beside plain HTTP: pages per second of each, and the ratio.

Why: `fetcher = "browser"` costs a page load in Chromium per check; a user choosing it for a
source (or `"auto"` falling back to it) should know how much slower it reads than HTTP on the
same machine, and how `browser_concurrency` changes that.

A loopback server in its own process serves N generated article pages whose paragraphs a script
writes after load (so the browser does the work a client-side page asks for; plain HTTP reads
the same bytes). One `Fetcher` reads them all over HTTP, then in the browser (one Chromium,
reused, as in a pass), no per-host delay. Both runs are in this process, one after the other,
so the ratio compares like with like. Needs Playwright and Debian's chromium.

    python bench/browser_fetch.py                        # N = 200, browser_concurrency 2 and 4
    python bench/browser_fetch.py --pages 500 --browser-concurrency 1 2 4 8 --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_server import KeepAliveServer, serve  # noqa: E402

from monitor.fetching.http import Fetcher  # noqa: E402
from monitor.model import FetchPolicy  # noqa: E402


def scripted_page(number: int) -> bytes:
    """An article whose four paragraphs a script writes after load, with furniture around it."""
    paragraphs = [
        f"Dispatch {number} from the example desk follows the partnership between the lab and its investor.",
        f"The foundation keeps a stake valued at about ${100 + number % 60} billion, two people said.",
        "A grant fund of $50 million will support research on how machine learning systems fail.",
        "Regulators in two states reviewed the plan for months before letting it go ahead.",
    ]
    written = json.dumps("".join(f"<p>{text}</p>" for text in paragraphs))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Dispatch {number} | Example Desk</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        f"<main><article id='story'><h1>Dispatch {number}</h1></article></main><img src='/photo.jpg'>"
        f"<script>document.getElementById('story').insertAdjacentHTML('beforeend', {written});</script>"
        "<footer>Copyright the example desk.</footer></body></html>"
    ).encode()


class _PageServer(KeepAliveServer):
    """GET /a/N answers page N."""

    content_type = b"text/html; charset=utf-8"

    def answer(self, path: str) -> bytes | None:
        return scripted_page(int(path[3:])) if path.startswith("/a/") and path[3:].isdigit() else None


async def read_all(urls: list[str], via: str, browser_concurrency: int, concurrency: int) -> tuple[float, int]:
    """Seconds to read every URL through one Fetcher, and how many came back ok. The browser's
    start is paid before the clock starts, as a daemon pays it once."""
    policy = FetchPolicy(user_agent="monitor-bench/0.1 (+http://127.0.0.1/contact)", per_host_delay=0,
                         concurrency=concurrency, per_host_concurrency=concurrency, retries=0,
                         browser_concurrency=browser_concurrency)
    async with Fetcher(policy) as fetcher:
        if via == "browser":
            warm = await fetcher.fetch(urls[0], via="browser")
            if warm.outcome != "ok":
                raise SystemExit(f"the browser fetcher cannot run here: {warm.error_class}: {warm.error}")
        gate = asyncio.Semaphore(concurrency)

        async def one(url: str) -> bool:
            async with gate:
                return (await fetcher.fetch(url, via=via)).outcome == "ok"

        started = time.perf_counter()
        results = await asyncio.gather(*(one(url) for url in urls))
        return time.perf_counter() - started, sum(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="pages read by each fetcher (default 200)")
    parser.add_argument("--browser-concurrency", type=int, nargs="+", default=[2, 4],
                        help="browser_concurrency values to measure (default 2 4)")
    parser.add_argument("--concurrency", type=int, default=16, help="HTTP fetches in flight (default 16)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, HTTP and browser alternating (default 1)")
    options = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(_PageServer, "127.0.0.1", 0, send), daemon=True)
    server.start()
    port = receive.recv()
    urls = [f"http://127.0.0.1:{port}/a/{number}" for number in range(options.pages)]
    try:
        for round_number in range(1, options.repeat + 1):
            seconds, ok = asyncio.run(read_all(urls, "http", 2, options.concurrency))
            http_rate = options.pages / seconds
            print(f"round {round_number}  http                       : {http_rate:8.1f} pages/s  ({ok}/{options.pages} ok)",
                  flush=True)
            for browser_concurrency in options.browser_concurrency:
                seconds, ok = asyncio.run(read_all(urls, "browser", browser_concurrency, options.concurrency))
                rate = options.pages / seconds
                print(f"round {round_number}  browser (concurrency {browser_concurrency:>2}) : {rate:8.1f} pages/s  "
                      f"({ok}/{options.pages} ok)  = 1/{http_rate / rate:.0f} of HTTP", flush=True)
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
