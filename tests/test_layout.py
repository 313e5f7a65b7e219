"""The package's imports follow the flow of the data (README, "Layout"): a wing imports only the
wings to its left, and no module imports itself back through a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import monitor

PACKAGE = Path(monitor.__file__).parent

# What each unit (a wing, or a top-level module) may import besides itself.
ALLOWED = {
    "model": set(),
    "errors": set(),
    "serialize": {"model"},
    "fetching": {"model", "errors"},
    "extraction": {"model"},
    "facts": {"model", "errors"},
    "storage": {"model", "errors", "facts"},
    "config": {"model", "errors", "facts"},
    "baseline_draft": {"model", "facts"},
    "findings": {"model", "serialize", "facts", "extraction", "fetching", "storage"},
    "output": {"model", "serialize", "config", "facts", "findings"},
    "web": {"errors", "output", "serialize"},  # a finding's values in words, as the reports write them
    # the outbox written with the findings, the messages (worded as the reports word them), the sender
    "notify": {"model", "errors", "config", "storage", "findings", "output"},
    # what a worker does with a page: decoding, extraction, hashes, compression, fact reading
    "reading": {"model", "extraction", "facts", "fetching", "storage"},
    # where that work runs: off the event loop, in worker threads or processes
    "offload": {"model", "config", "findings", "reading"},
    "pipeline": {"model", "serialize", "config", "extraction", "fetching", "findings", "storage", "notify", "offload",
                 "reading"},
    "daemon": {"model", "serialize", "errors", "config", "fetching", "pipeline", "storage", "notify", "daemon_state"},
    "daemon_state": {"serialize", "storage"},  # what `monitor status` reads of the daemon, apart from its scheduler
    "cli": {
        "model", "errors", "serialize", "config", "baseline_draft", "daemon", "daemon_state", "extraction", "facts",
        "fetching", "findings", "output", "pipeline", "storage", "web", "demo", "notify",
    },
    # a top-level consumer like cli: replays its story through the pipeline, cli prints it
    "demo": {"model", "errors", "config", "pipeline", "findings", "storage"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every `monitor…` module this file imports, wherever in the file (function bodies too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("monitor")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("monitor"):
            if node.module == "monitor":
                found |= {f"monitor.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return found


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "monitor"


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): imported_modules(path) for path in PACKAGE.rglob("*.py")}


def test_every_unit_of_the_package_has_a_place_in_the_flow():
    units = {unit(name) for name in import_graph()} - {"monitor"}
    assert units == set(ALLOWED)


def test_imports_run_with_the_flow():
    against = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if unit(target) != unit(module) and unit(module) != "monitor" and unit(target) not in ALLOWED[unit(module)]
    )
    assert against == []


def test_no_import_cycle_between_modules():
    graph = import_graph()
    modules = set(graph)
    edges = {name: {t for t in targets if t in modules and t != name} for name, targets in graph.items()}
    state: dict[str, str] = {}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in sorted(modules):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_rule_catches_an_import_against_the_flow(tmp_path):
    """The check reads imports inside functions too: storage importing findings would be caught."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from monitor.findings.rules import conflicts\n")
    targets = imported_modules(module)
    assert targets == {"monitor.findings.rules"}
    assert unit("monitor.findings.rules") not in ALLOWED["storage"]
