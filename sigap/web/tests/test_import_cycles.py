"""Dependencies between Sigap's apps point one way: no two apps import each other, even indirectly.

Every `import sigap.<app>...` and `from sigap.<app>... import ...` (and relative imports that reach
another app) in an app's own modules counts, at module level and inside functions alike: an import
deferred into a function to dodge a circular-import error is still a cycle in the design. Tests and
migrations are left out. A low-level app that must reach a high-level one does so through a
registry filled in `AppConfig.ready`, a signal, or a setting, never by importing it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# Imports that still close a cycle, being moved behind registries one by one. An entry whose import is
# gone must be deleted (the last test fails on it), so this list only shrinks.
KNOWN_BACKWARD: set[tuple[str, str]] = set()


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").is_file())


def _modules(app: str) -> Iterator[Path]:
    for path in sorted((PACKAGE / app).rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        yield path


def _imported_modules(source: str, package: list[str]) -> Iterator[tuple[str, int]]:
    """Yield the absolute name of every module a module of `package` imports, with the line it is on."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            if name == "sigap":
                # `from sigap import complaints` names the app among the imported names.
                for alias in node.names:
                    yield f"sigap.{alias.name}", node.lineno
            else:
                yield name, node.lineno


def _graph() -> dict[str, dict[str, str]]:
    """Map each app to the apps it imports, each with one place that imports it (for the message)."""
    apps = set(_apps())
    graph: dict[str, dict[str, str]] = {app: {} for app in apps}
    for app in apps:
        for path in _modules(app):
            package = list(path.relative_to(PACKAGE.parent).parts[:-1])
            for name, line in _imported_modules(path.read_text(), package):
                parts = name.split(".")
                if len(parts) < 2 or parts[0] != "sigap" or parts[1] not in apps or parts[1] == app:
                    continue
                graph[app].setdefault(parts[1], f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return graph


def _strongly_connected(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """Return the components of more than one app (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in sorted(graph[app]):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == app:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return sorted(components)


def _describe(component: list[str], graph: dict[str, dict[str, str]]) -> str:
    members = set(component)
    edges = [f"    {graph[a][b]}" for a in component for b in sorted(graph[a]) if b in members]
    return " <-> ".join(component) + ":\n" + "\n".join(edges)


def test_the_scan_sees_imports_inside_functions_and_relative_imports():
    source = """
import sigap.sla.workdays
from sigap import audit

def later():
    from sigap.complaints.models import Complaint
    from ..organisations import models
    from . import selectors
"""
    found = [name for name, _ in _imported_modules(source, ["sigap", "channels", "email"])]
    assert found == [
        "sigap.sla.workdays",
        "sigap.audit",
        "sigap.complaints.models",
        "sigap.channels.organisations",
        "sigap.channels.email",
    ]


def test_the_scan_reads_every_app():
    graph = _graph()
    assert {"accounts", "complaints", "escalation", "notifications", "web"} <= set(graph)
    assert "complaints" in graph["escalation"]


def test_a_cycle_is_named_with_every_app_in_it():
    graph = {"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}, "d": {"a": ""}, "e": {"e": ""}}
    assert _strongly_connected(graph) == [["a", "b", "c"]]


def test_no_two_apps_import_each_other():
    graph = _graph()
    graph = {
        a: {b: where for b, where in imported.items() if (a, b) not in KNOWN_BACKWARD} for a, imported in graph.items()
    }
    cycles = [_describe(component, graph) for component in _strongly_connected(graph)]
    assert cycles == [], "Import cycles between apps:\n" + "\n".join(cycles)


def test_every_known_backward_import_still_exists():
    graph = _graph()
    assert sorted(edge for edge in KNOWN_BACKWARD if edge[1] not in graph[edge[0]]) == []
