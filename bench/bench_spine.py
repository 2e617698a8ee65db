"""Import, index and search speed on the full ../shared/corpus.

Prints: import + index from scratch (median of --runs), warm query latency over the dev-set
questions plus reference and phrase queries (p50, p95, highlights included), and a cold
`lawkb search` process to its first result, against a bare `python -c pass` in the same run.

Usage: python bench/bench_spine.py [--corpus ../shared/corpus] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawkb.devtools import REPO, shared_corpus
from lawkb.kb import KnowledgeBase

REFERENCE_QUERIES = [
    "环保法第五十九条",
    "法典第1003条",
    "刑法第三百三十八条",
    "行政处罚法第三十二条",
    "大气法第九十九条",
    "《中华人民共和国行政强制法》第二十五条",
    "法典第一千零六十条",
    '"按日连续处罚"',
    '"停产整治"',
    '"排污许可证"',
    "查封 扣押 期限",
    "超标排放 罚款",
]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def queries() -> list[str]:
    with (REPO / "bench" / "devset.tsv").open(encoding="utf-8") as fh:
        dev = [r["question"] for r in csv.DictReader(fh, delimiter="\t")]
    return dev + REFERENCE_QUERIES


def time_build(corpus: Path, runs: int) -> tuple[list[float], list[float], Path]:
    imports, indexes = [], []
    home = Path()
    for _ in range(runs):
        home = Path(tempfile.mkdtemp(prefix="lawkb-bench-"))
        kb = KnowledgeBase(home)
        t0 = time.perf_counter()
        report = kb.import_paths([corpus])
        t1 = time.perf_counter()
        kb.ensure_index()
        t2 = time.perf_counter()
        assert report.ok, report.failed
        imports.append(t1 - t0)
        indexes.append(t2 - t1)
        kb.index.close()
    return imports, indexes, home


def time_warm(home: Path, qs: list[str], rounds: int = 3) -> list[float]:
    kb = KnowledgeBase(home)
    kb.search("预热")  # segmenter and searcher open once
    times = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            kb.search(q, limit=10)
            times.append((time.perf_counter() - t) * 1000)
    return times


def time_process(args: list[str], home: Path, runs: int) -> list[float]:
    env = os.environ | {"LAWKB_HOME": str(home)}
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=True)
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared_corpus())
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    imports, indexes, home = time_build(args.corpus, args.runs)
    total = [a + b for a, b in zip(imports, indexes, strict=True)]
    print(
        f"import + index from scratch ({args.runs} runs): median {statistics.median(total):.2f} s "
        f"(import {statistics.median(imports):.2f} s, index {statistics.median(indexes):.2f} s)"
    )

    qs = queries()
    warm = time_warm(home, qs)
    print(
        f"warm query latency, {len(qs)} queries x 3, highlights included: "
        f"p50 {pct(warm, 50):.1f} ms, p95 {pct(warm, 95):.1f} ms, max {max(warm):.1f} ms"
    )

    bare = time_process([sys.executable, "-c", "pass"], home, 5)
    cold = time_process(
        [
            sys.executable,
            "-m",
            "lawkb",
            "search",
            "超标排放 按日连续处罚",
            "--json",
            "--limit",
            "1",
        ],
        home,
        5,
    )
    print(
        f"cold `lawkb search` to first result: median {statistics.median(cold):.2f} s, "
        f"max {max(cold):.2f} s (bare interpreter {statistics.median(bare):.2f} s, "
        f"ratio {statistics.median(cold) / statistics.median(bare):.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
