"""Import cycles between the apps in src/spil, counting function-level imports.

Walks every module with `ast` (tests and migrations left out), maps each `spil.<app>` import
to its app, and prints the strongly connected components of more than one app. Exit 1 when
there is one.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "spil"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "spil" or len(parts) < 2:
        return None
    candidate = SRC / parts[1]
    return parts[1] if candidate.is_dir() else None


def module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    current = module_name(path)
    package = current if path.name == "__init__.py" else current.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).parts
        if "tests" in rel or "migrations" in rel or len(rel) < 2:
            continue
        source_app = rel[0]
        graph[source_app]
        for module in imports_of(path):
            target = app_of(module)
            if target and target != source_app:
                graph[source_app].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [c for c in components if len(c) > 1]


def main() -> int:
    graph = app_graph()
    knots = strongly_connected(graph)
    if "-v" in sys.argv:
        for app in sorted(graph):
            print(f"{app} -> {', '.join(sorted(graph[app]))}")
    for knot in knots:
        print("cycle between apps:", ", ".join(knot))
    return 1 if knots else 0


if __name__ == "__main__":
    sys.exit(main())
