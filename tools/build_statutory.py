"""Regenerate corpus/statutory.tsv from the legal-liability articles of the collection.

    python tools/build_statutory.py                 # import ../shared/corpus into a temp home
    python tools/build_statutory.py --home DIR      # use an existing lawkb home instead
    python tools/build_statutory.py --check         # only report rows that would change

The table is reviewed data: read the diff before committing it.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from lawkb.devtools import corpus_kb, shared_corpus
from lawkb.discretion.table import build_table, format_table, table_path, write_table
from lawkb.errors import LawkbError
from lawkb.paths import corpus_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, help="an existing lawkb home with the collection")
    ap.add_argument(
        "--shared-corpus",
        type=Path,
        default=shared_corpus(),
        help="law files to import when --home is not given",
    )
    ap.add_argument("--out", type=Path, default=None, help="where to write (default corpus/)")
    ap.add_argument("--check", action="store_true", help="print the diff, write nothing")
    args = ap.parse_args(argv)

    try:
        with corpus_kb(args.home, args.shared_corpus) as kb:
            table = build_table(kb)
    except LawkbError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = args.out or table_path(corpus_dir())
    new = format_table(table.rows, table.sources)
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    diff = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), str(out), "new", lineterm="")
    )
    if args.check:
        print("\n".join(diff) if diff else f"{out}: up to date ({len(table.rows)} rows)")
        return 1 if diff else 0
    write_table(out, table.rows, table.sources)
    changed = sum(
        1 for line in diff if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    )
    print(f"{out}: {len(table.rows)} rows from {len(table.sources)} laws ({changed} lines changed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
