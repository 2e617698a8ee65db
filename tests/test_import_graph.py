"""The library's import graph: no cycles between its modules, and an import inside a function
only where it buys start-up time, saying so (`# why: …`). The layer contracts themselves are
import-linter's (`lint-imports`, pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import lawkb

LIBRARY = Path(lawkb.__file__).parent
APP = ("lawkb.cli", "lawkb.tui")

PENDING_EDGES: set[tuple[str, str]] = set()
PENDING_FILES: set[str] = set()


def _in_library(module: str) -> bool:
    return module.startswith("lawkb") and not module.startswith(APP)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_the_library() -> None:
    graph = grimp.build_graph("lawkb", cache_dir=None)  # TYPE_CHECKING imports count too
    modules = {m for m in graph.modules if _in_library(m)}
    edges = {
        m: {
            i
            for i in graph.find_modules_directly_imported_by(m)
            if i in modules and (m, i) not in PENDING_EDGES
        }
        for m in modules
    }
    assert _cycles(edges) == []


def _imports_in_functions(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                out.append((inner.lineno, lines[inner.lineno - 1]))
    return out


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(LIBRARY.rglob("*.py"))
        if p.relative_to(LIBRARY).parts[0] not in ("cli", "tui")
        and p.relative_to(LIBRARY).as_posix() not in PENDING_FILES
    ],
    ids=lambda p: p.relative_to(LIBRARY).as_posix(),
)
def test_imports_inside_functions_say_why(path: Path) -> None:
    unexplained = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in _imports_in_functions(path)
        if "# why" not in line
    ]
    assert unexplained == []


def test_pending_files_exist() -> None:
    """The exemptions name real files (a renamed module must not keep a stale pass)."""
    assert all((LIBRARY / name).is_file() for name in PENDING_FILES)
