"""Print the library's import graph, one line per module (or package): what it imports inside
lawkb. ARCHITECTURE.md's "Layers" section is this script's output.

    python tools/import_graph.py            # top-level modules and packages of lawkb
    python tools/import_graph.py --modules  # every module
"""

from __future__ import annotations

import argparse

import grimp

APP = ("lawkb.cli", "lawkb.tui", "lawkb.devtools", "lawkb.__main__")  # above the library


def _node(module: str, modules: bool) -> str:
    if modules:
        return module
    return ".".join(module.split(".")[:2])


def graph(modules: bool = False) -> dict[str, set[str]]:
    """{importer: imported} among lawkb's modules outside the CLI and the app."""
    g = grimp.build_graph("lawkb", cache_dir=None)
    out: dict[str, set[str]] = {}
    for importer in g.modules:
        if not importer.startswith("lawkb.") or importer.startswith(APP):
            continue
        src = _node(importer, modules)
        deps = out.setdefault(src, set())
        for imported in g.find_modules_directly_imported_by(importer):
            dst = _node(imported, modules)
            if imported.startswith("lawkb.") and dst != src:
                deps.add(dst)
    return out


def layers(edges: dict[str, set[str]]) -> list[list[str]]:
    """Nodes by depth: first what imports nothing of lawkb, then what imports only those …"""
    placed: dict[str, int] = {}
    remaining = {n: set(deps) for n, deps in edges.items()}
    depth = 0
    while remaining:
        ready = [n for n, deps in remaining.items() if all(d in placed for d in deps if d != n)]
        if not ready:  # a cycle: list the rest together (tests/test_import_graph.py fails)
            ready = list(remaining)
        for n in ready:
            placed[n] = depth
            del remaining[n]
        depth += 1
    out: list[list[str]] = [[] for _ in range(depth)]
    for n, d in placed.items():
        out[d].append(n)
    return [sorted(row) for row in out]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modules", action="store_true", help="every module, not packages")
    args = ap.parse_args(argv)
    edges = graph(args.modules)
    short = {n: n.removeprefix("lawkb.") for n in edges}
    for depth, row in enumerate(layers(edges)):
        print(f"layer {depth}:")
        for n in row:
            deps = ", ".join(sorted(short.get(d, d) for d in edges[n]))
            print(f"  {short[n]:<22} -> {deps or '(nothing in lawkb)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
