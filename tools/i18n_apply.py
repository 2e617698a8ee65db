"""Codemod: put every user-facing string of lawkb/ through gettext (`_()`), in Chinese.

    python tools/i18n_apply.py            # rewrite lawkb/ in place, then ruff fixes the imports
    python tools/i18n_apply.py --check    # list what it would change; exit 1 if anything

What is user-facing is decided by the rules at the top of tools/i18n_rules.py (call sites,
the UI packages, lawkb.errors types, click command docstrings). Per file, to a fixpoint:
  (a) an English user-facing literal listed in tools/i18n/english_to_chinese.tsv (path,
      English, Chinese; f-string fields written `{expr}`) is replaced by its Chinese;
  (b) a user-facing Chinese literal becomes `_("…")`, an f-string
      `_("…{name}…").format(name=expr)`, a click command's docstring `help=_("…")` on its
      decorator; `from lawkb.i18n import _` is added, and a local `_` (a throwaway name)
      is renamed `_ignored` so it cannot hide the function;
  (c) everything else is left alone (see X1-X8 in the rules).
Running it twice changes nothing: wrapped literals are excluded by rule X6.
English user-facing literals with no mapping are listed at the end (add them to the TSV).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import i18n_rules as rules

Edit = tuple[int, int, str]  # start byte, end byte, replacement


def load_english() -> dict[tuple[str, str], str]:
    mapping: dict[tuple[str, str], str] = {}
    for line in rules.ENGLISH_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, english, chinese = line.split("\t")
            mapping[(path, rules.unescape(english))] = rules.unescape(chinese)
    return mapping


class Positions:
    def __init__(self, data: bytes) -> None:
        self.starts = [0]
        for i, b in enumerate(data):
            if b == 10:
                self.starts.append(i + 1)

    def start(self, node: ast.AST) -> int:
        return self.starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]


def english_edits(s: rules.Scan, pos: Positions, english: dict, unmapped: list) -> list[Edit]:
    edits: list[Edit] = []
    english_ids = {id(lit.node) for lit in s.english}
    mapped = [
        lit
        for lit in s.candidates
        if id(lit.node) not in english_ids
        and (
            (s.path, rules.template(lit.node)) in english
            or ("*", rules.template(lit.node)) in english
        )
    ]
    for lit in s.english + mapped:
        if lit.docstring_of is not None:
            key = inspect.cleandoc(ast.get_docstring(lit.docstring_of, clean=False) or "")
        else:
            key = rules.template(lit.node) or ""
        chinese = english.get((s.path, key)) or english.get(("*", key))
        if chinese is None:
            unmapped.append((s.path, lit.node.lineno, key))  # type: ignore[attr-defined]
            continue
        if lit.docstring_of is not None:
            edits += docstring_edits(s, pos, lit, chinese)
        elif isinstance(lit.node, ast.JoinedStr):
            edits.append((pos.start(lit.node), pos.end(lit.node), fstring(chinese)))
        else:
            edits.append((pos.start(lit.node), pos.end(lit.node), rules.py_str(chinese)))
    return edits


def fstring(text: str) -> str:
    src = rules.py_str(text, width=10**6)  # never split inside a field
    return "\n".join("f" + p if p.startswith('"') else p for p in src.split("\n"))


def docstring_edits(s: rules.Scan, pos: Positions, lit: rules.Literal, text: str) -> list[Edit]:
    func, dec = lit.docstring_of, lit.decorator
    assert func is not None and dec is not None
    stmt = func.body[0]
    data = s.source.encode("utf-8")
    if len(func.body) == 1:
        remove: Edit = (pos.start(stmt), pos.end(stmt), "pass")
    else:
        start = pos.starts[stmt.lineno - 1]
        end = pos.starts[stmt.end_lineno] if stmt.end_lineno < len(pos.starts) else len(data)  # type: ignore[operator]
        remove = (start, end, "")
    close = pos.end(dec) - 1
    before = data[:close].rstrip()
    helper = rules.docstring_help(text)
    if before.endswith(b"("):
        insert: Edit = (close, close, helper)
    elif before.endswith(b","):
        insert = (close, close, helper + ",")
    else:
        insert = (close, close, ", " + helper)
    return [remove, insert]


def wrap_edits(s: rules.Scan, pos: Positions) -> list[Edit]:
    edits: list[Edit] = []
    for lit in s.literals:
        if lit.docstring_of is not None:
            doc = ast.get_docstring(lit.docstring_of, clean=True) or ""
            edits += docstring_edits(s, pos, lit, doc)
        else:
            edits.append((pos.start(lit.node), pos.end(lit.node), rules.gettext_call(lit.node)))
    uses = edits or any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
        for n in ast.walk(s.tree)
    )
    if uses and not has_import(s.tree):
        edits.append(import_edit(s, pos))
    if uses or has_import(s.tree):
        for node in s.binds_underscore:
            start = pos.start(node)
            edits.append((start, start + 1, "_ignored"))
    return edits


def has_import(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom)
        and n.module == "lawkb.i18n"
        and any(a.name == "_" for a in n.names)
        for n in tree.body
    )


def import_edit(s: rules.Scan, pos: Positions) -> Edit:
    """After the last top-level import of the leading block (ruff's isort orders it after)."""
    last = None
    for node in s.tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            last = node
        elif last is not None or not (isinstance(node, ast.Expr) and rules._is_literal(node.value)):
            break
    if last is None:
        return (0, 0, rules.IMPORT_LINE)
    at = (
        pos.starts[last.end_lineno] if last.end_lineno < len(pos.starts) else len(s.source.encode())
    )  # type: ignore[operator]
    return (at, at, rules.IMPORT_LINE)


def apply_edits(data: bytes, edits: list[Edit]) -> bytes:
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        data = data[:start] + text.encode("utf-8") + data[end:]
    return data


def process(path: Path, english: dict, errors: set[str], keep: set, unmapped: list) -> bool:
    """Rewrite one file to a fixpoint; True if it changed."""
    changed = False
    for _round in range(6):
        s = rules.scan(path, errors, keep)
        pos = Positions(s.source.encode("utf-8"))
        edits = english_edits(s, pos, english, unmapped if _round == 0 else [])
        if not edits:
            edits = wrap_edits(s, pos)
        if not edits:
            return changed
        new = apply_edits(s.source.encode("utf-8"), edits).decode("utf-8")
        if new == s.source:
            return changed
        compile(new, str(path), "exec")  # never write a file that does not parse
        path.write_text(new, encoding="utf-8")
        changed = True
    raise SystemExit(f"{path}: no fixpoint after 6 rounds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    files = rules.source_files()
    errors, keep, english = rules.error_classes(files), rules.load_keep(), load_english()
    unmapped: list[tuple[str, int, str]] = []
    if args.check:
        pending = []
        for path in files:
            s = rules.scan(path, errors, keep)
            pending += [
                (s.path, lit.node.lineno, rules.template(lit.node))
                for lit in s.literals + s.english
            ]  # type: ignore[attr-defined]
        for item in pending:
            print("{}:{}: {!r}".format(*item))
        return 1 if pending else 0
    changed = [p for p in files if process(p, english, errors, keep, unmapped)]
    for path, line, text in unmapped:
        print(f"{path}:{line}: English with no mapping: {text!r}")
    if changed and shutil.which("ruff"):
        names = [str(p) for p in changed]
        quiet = {"check": False, "stdout": subprocess.DEVNULL}
        subprocess.run(["ruff", "format", "-q", *names], **quiet)  # type: ignore[call-overload]
        subprocess.run(["ruff", "check", "-q", "--fix", *names], **quiet)  # type: ignore[call-overload]
        subprocess.run(["ruff", "format", "-q", *names], **quiet)  # type: ignore[call-overload]
    print(f"{len(changed)} files changed, {len(unmapped)} English literals without a mapping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
