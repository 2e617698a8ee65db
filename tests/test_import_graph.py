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


def _in_library(module: str) -> bool:
    return module.startswith("lawkb") and not module.startswith(APP)


def _cyclic_imports(graph: grimp.ImportGraph, modules: set[str]) -> list[tuple[str, str]]:
    """Direct imports m -> i among `modules` where i also reaches m: each lies on a cycle."""
    return [
        (m, i)
        for m in sorted(modules)
        for i in sorted(graph.find_modules_directly_imported_by(m))
        if i in modules and graph.chain_exists(importer=i, imported=m)
    ]


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cyclic_imports(graph, {"a", "b", "c", "d"}) == [("a", "b"), ("b", "c"), ("c", "a")]
    assert _cyclic_imports(graph, {"d"}) == []


def test_no_import_cycles_in_the_library() -> None:
    graph = grimp.build_graph("lawkb", cache_dir=None)  # TYPE_CHECKING imports count too
    modules = {m for m in graph.modules if _in_library(m)}
    assert _cyclic_imports(graph, modules) == []


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
