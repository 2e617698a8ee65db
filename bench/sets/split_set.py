"""Split one drafted question set into its tuning and validation halves.

Usage: python bench/sets/split_set.py DRAFT.tsv SET_NAME

The rows (sorted by id) are shuffled by random.Random(SET_NAME), a fixed seed, so the split
is reproducible and was fixed before any tuning. The first ceil(n/2) shuffled rows go to
bench/sets/tune/SET_NAME.tsv, the rest to bench/sets/validate/SET_NAME.tsv; each half is
written sorted by id. The draft itself is not kept in the repository.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HEADER = "id\tquestion\tanswers\tnotes"


def split(draft: Path, name: str, out_dir: Path) -> tuple[int, int]:
    lines = [line for line in draft.read_text(encoding="utf-8").splitlines() if line.strip()]
    if lines[0] != HEADER:
        raise SystemExit(f"{draft}: first line must be the header {HEADER!r}")
    rows = sorted(lines[1:], key=lambda row: row.split("\t", 1)[0])
    random.Random(name).shuffle(rows)
    cut = (len(rows) + 1) // 2
    halves = {"tune": rows[:cut], "validate": rows[cut:]}
    for half, chosen in halves.items():
        chosen.sort(key=lambda row: row.split("\t", 1)[0])
        target = out_dir / half / f"{name}.tsv"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join([HEADER, *chosen]) + "\n", encoding="utf-8")
    return len(halves["tune"]), len(halves["validate"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    tune, validate = split(Path(sys.argv[1]), sys.argv[2], Path(__file__).resolve().parent)
    print(f"{sys.argv[2]}: tune {tune}, validate {validate}")
