"""Benchmark how fast the command line answers: `monitor --help`, `status` and `diff`.

Why: these are the commands a person types to look around, and a cron job runs `diff` every few
minutes; neither should wait for the fetcher, the extractor or the fact engine to load. Targets
on 2 cores (median of 5 runs): `--help` ≤ 0.3 s, `status` and `diff` on a fresh empty database
≤ 0.4 s.

Each command runs as a subprocess, as a user runs it (the console script beside this Python),
against a database that `monitor init` has just made in a temporary directory from the shipped
sources.toml (so `status` lists its sources and `diff` reads its facts). Beside the targets, in
the same run: the start of a bare Python (`python -c pass`, the floor) and of a Python importing
the HTTP client and HTML parser a pass needs (what a command pays when it loads them), so the
figures read as ratios on a busy machine too. Then, with `-X importtime`, which of the heavy
modules each command still loads and their cumulative import time. With --instructions, also the
instructions each one runs (callgrind, one run each): a count the load of the machine does not
change, so two versions compare on a busy machine.

Every Python here keeps its compiled bytecode in a temporary PYTHONPYCACHEPREFIX, written by a
first run that is not counted: as on an installed monitor. (An environment that sets
PYTHONDONTWRITEBYTECODE, as some sandboxes do, would otherwise compile every monitor module
again at each run, and measure that instead.)

    python bench/cli_startup.py
    python bench/cli_startup.py --runs 9
    python bench/cli_startup.py --instructions   # needs valgrind; ~1 min more
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "sources.toml"
TARGETS = {"--help": 0.3, "status": 0.4, "diff": 0.4}
# Packages costly to import: the last lines say which of them each command loads. None but rich is
# needed to look around (its tables); sqlite_utils only to upgrade an older database first.
WATCHED = (
    "httpx", "selectolax", "apprise", "datasette", "apscheduler", "feedparser", "charset_normalizer",
    "protego", "sqlite_utils", "rich", "asyncio", "monitor.facts.attribution", "monitor.facts.quantities",
    "monitor.extraction", "monitor.fetching", "monitor.pipeline", "monitor.daemon",
)  # fmt: skip
REFERENCES = {
    "python -c pass": "pass",
    "python -c 'import httpx, selectolax.lexbor'": "import httpx, selectolax.lexbor",
}


def monitor_command() -> list[str]:
    """The console script installed beside this Python, else the same entry point through -c."""
    script = Path(sys.executable).with_name("monitor")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from monitor.cli import main; sys.argv[0] = 'monitor'; main()"]


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """The median wall time and CPU time (user + system) of `runs` runs, after one run that fills
    the bytecode cache. CPU time barely moves when other work shares the machine; wall time does."""
    walls, cpus = [], []
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def loaded_heavy_modules(argv: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """The WATCHED modules a command imports, with what loading each cost in ms (-X importtime).

    A package's cost is the cumulative time of every import of it (or of one of its submodules)
    made from outside it: its own modules and whatever they pulled in, counted once.
    """
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True, text=True, check=False, env=env)
    entries = []  # (depth, name, cumulative µs), children listed before their importer
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2 and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            entries.append((len(name) - len(name.lstrip()), name.strip(), int(cumulative)))
    costs: dict[str, float] = {}
    for index, (depth, name, cumulative) in enumerate(entries):
        watched = _watched(name)
        importer = next((other for d, other, _ in entries[index + 1:] if d < depth), "")
        if watched and _watched(importer) != watched:
            costs[watched] = costs.get(watched, 0.0) + cumulative / 1000
    return sorted(costs.items(), key=lambda item: -item[1])


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """The instructions one run executes, as callgrind counts them (the bytecode cache already filled)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                          capture_output=True, text=True, check=False, env=env)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count for {' '.join(argv)}:\n{done.stderr}")
    return int(found.group(1))


def _watched(module: str) -> str | None:
    return next((name for name in WATCHED if module == name or module.startswith(name + ".")), None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command; the median is shown (default 5)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of one run of each (callgrind; needs valgrind)")
    args = parser.parse_args(argv)
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind (callgrind) on the PATH")
    monitor = monitor_command()
    with tempfile.TemporaryDirectory() as tmp:
        env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        where = ["--config", str(SOURCES), "--db", str(Path(tmp) / "monitor.db")]
        subprocess.run([*monitor, *where, "init"], check=True, stdout=subprocess.DEVNULL, env=env)
        commands = {"--help": [*monitor, "--help"], "status": [*monitor, *where, "status"], "diff": [*monitor, *where, "diff"]}
        references = {label: median_seconds([sys.executable, "-c", code], args.runs, env) for label, code in REFERENCES.items()}
        floor, cpu_floor = references["python -c pass"]
        print(f"median of {args.runs} runs: wall time (CPU time); the floor is `python -c pass`")
        for label, (seconds, cpu) in references.items():
            print(f"  {label:<46} {seconds:6.3f} s ({cpu:5.3f})   {seconds / floor:5.1f}x the floor ({cpu / cpu_floor:4.1f}x)")
        for name, command in commands.items():
            seconds, cpu = median_seconds(command, args.runs, env)
            target = TARGETS[name]
            verdict = "met" if seconds <= target else "MISSED"
            print(f"  monitor {name:<38} {seconds:6.3f} s ({cpu:5.3f})   {seconds / floor:5.1f}x the floor ({cpu / cpu_floor:4.1f}x)"
                  f"   target {target} s: {verdict} ({seconds / target:.2f}x; CPU {cpu / target:.2f}x)")
        print("heavy modules each command loads (cumulative import ms, -X importtime):")
        for name, command in commands.items():
            loaded = loaded_heavy_modules(command, env)
            listed = ", ".join(f"{module} {ms:.0f}" for module, ms in loaded) or "none of them"
            print(f"  monitor {name}: {listed}")
        if args.instructions:
            print("instructions of one run (callgrind), and as a ratio to `python -c pass`:")
            counts = {label: instructions([sys.executable, "-c", code], env) for label, code in REFERENCES.items()}
            counts |= {f"monitor {name}": instructions(command, env) for name, command in commands.items()}
            for label, count in counts.items():
                print(f"  {label:<46} {count / 1e6:7,.0f} M   {count / counts['python -c pass']:5.1f}x the floor")


if __name__ == "__main__":
    main()
