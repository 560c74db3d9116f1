"""The apps form layers: no import cycle between apps, counting the imports inside
functions too (only imports for type checkers are left out; import-linter checks the layers
themselves, in `make test`), and every import of Spil code inside a function says why it is
there."""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ("spil", "spil_dev")


def _modules() -> Iterator[tuple[str, Path]]:
    """(app, path) of every module of every app; tests and migrations left out."""
    for package in PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            parts = path.relative_to(base).parts
            if "tests" in parts or "migrations" in parts or len(parts) < 2:
                continue
            yield f"{package}.{parts[0]}", path


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] not in PACKAGES or len(parts) < 2:
        return None
    return f"{parts[0]}.{parts[1]}" if (ROOT / parts[0] / parts[1]).is_dir() else None


def _imported_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or not node.module:
        return []  # relative imports stay inside the package
    return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under `if TYPE_CHECKING:`: they never run (import-linter
    leaves them out too, `exclude_type_checking_imports`)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return skipped


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for app, path in _modules():
        graph[app]
        tree = ast.parse(path.read_text(), filename=str(path))
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                for module in _imported_modules(node):
                    target = _app_of(module)
                    if target and target != app:
                        graph[app].add(target)
    return graph


def knots(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for target in sorted(graph.get(app, ())):
            if target not in index:
                visit(target)
                low[app] = min(low[app], low[target])
            elif target in stack:
                low[app] = min(low[app], index[target])
        if low[app] == index[app]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == app:
                    break
            if len(component) > 1:
                found.append(component)

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return found


def test_no_import_cycle_between_apps() -> None:
    graph = app_graph()
    assert "spil.dossier" in graph and "spil.persons" in graph["spil.dossier"]
    assert knots(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert knots(graph) == [{"a", "b", "c"}]


def _explained(lines: list[str], lineno: int) -> bool:
    """A comment on the import's line, or heading the group of imports it belongs to."""
    if "#" in lines[lineno - 1]:
        return True
    above = lineno - 2
    while above >= 0 and (
        not lines[above].strip() or lines[above].strip().startswith(("from ", "import "))
    ):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_every_import_inside_a_function_says_why() -> None:
    unexplained = []
    for _app, path in _modules():
        lines = path.read_text().splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                if not any(_app_of(m) for m in _imported_modules(node)):
                    continue
                if not _explained(lines, node.lineno):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    unexplained.append(f"{where}: {lines[node.lineno - 1].strip()}")
    assert unexplained == []
