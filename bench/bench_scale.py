"""Cost as the collection grows: ../shared/corpus (about 5,400 articles) and every law of the
built-in laws.db (`lawkb import --builtin --all`, about 24,600 articles), in one run.

For each collection: import + index time from scratch (wall and CPU), warm query latency over
the long questions of the tuning halves and the dev set (`kb.search(q, limit=10,
include_all=True)`, snippets included, p50/p95/max), and beside it SQLite FTS5 over jieba
cut_for_search tokens of the same articles (build time, query p50/p95). Then a cold
`lawkb search --json --all --limit 10` process on the small collection.

    python bench/bench_scale.py [--rounds 2] [--skip-large]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_search_quality import Fts5, cut_for_search, docs_from_kb, load_sets

from lawkb.devtools import shared_corpus
from lawkb.kb import KnowledgeBase


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def questions() -> list[str]:
    """Long questions: the tuning halves and the dev set (no validation item is timed)."""
    sets = load_sets()
    return [
        q.question for (name, h), qs in sets.items() if h == "tune" or name == "devset" for q in qs
    ]


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def latencies(
    search: Callable[[str], object], qs: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per query (CPU time says what a query costs on a machine
    whose cores are shared with other jobs)."""
    wall, cpu = [], []
    for _ in range(rounds):
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            search(q)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def spread(label: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"  {label} ({len(wall)}): wall p50 {pct(wall, 50):.1f} ms, p95 {pct(wall, 95):.1f} ms, "
        f"max {max(wall):.1f} ms; CPU p50 {pct(cpu, 50):.1f} ms, p95 {pct(cpu, 95):.1f} ms"
    )


def measure(name: str, load: Callable[[KnowledgeBase], object], qs: list[str], rounds: int):
    home = Path(tempfile.mkdtemp(prefix="lawkb-scale-"))
    kb = KnowledgeBase(home)
    imp_w, imp_c = timed(lambda: load(kb))
    idx_w, idx_c = timed(kb.ensure_index)
    articles = kb.collection.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    kb.search("预热", include_all=True)  # segmenter, searcher, scorer tables open once
    warm = latencies(lambda q: kb.search(q, limit=10, include_all=True), qs, rounds)
    docs, tokens = docs_from_kb(kb), cut_for_search()
    holder: list[Fts5] = []
    fts_w, fts_c = timed(lambda: holder.append(Fts5(docs, tokens)))
    fts = latencies(lambda q: holder[0].ranked(q, 10), qs, rounds)
    kb.close()
    print(f"\n{name}: {articles:,} articles")
    print(
        f"  lawkb import + index: {imp_w + idx_w:.1f} s wall, {imp_c + idx_c:.1f} s CPU "
        f"(import {imp_w:.1f} s / {imp_c:.1f} s CPU, index {idx_w:.1f} s / {idx_c:.1f} s CPU)"
    )
    print(spread("lawkb warm query", *warm))
    print(f"  FTS5 build (jieba tokens + insert): {fts_w:.1f} s wall, {fts_c:.1f} s CPU")
    print(spread("FTS5 query", *fts))
    return home


def cold(home: Path, runs: int = 5) -> None:
    env = os.environ | {"LAWKB_HOME": str(home)}
    args = [sys.executable, "-m", "lawkb", "search", "企业未批先建怎么处罚", "--json", "--all"]
    times, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), children_cpu()
        subprocess.run([*args, "--limit", "10"], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        cpus.append(children_cpu() - c)
    bare, bare_cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
        bare.append(time.perf_counter() - t)
        bare_cpu.append(children_cpu() - c)
    print(
        f"\ncold `lawkb search --json --all --limit 10`: median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s wall, CPU median {statistics.median(cpus):.2f} s "
        f"(bare interpreter {statistics.median(bare):.2f} s wall, "
        f"{statistics.median(bare_cpu):.2f} s CPU)"
    )


def children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared_corpus())
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--cold-only", type=Path, help="only the cold search, on this lawkb home")
    args = ap.parse_args()
    if args.cold_only:
        cold(args.cold_only)
        return 0
    qs = questions()
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    small = measure("../shared/corpus", lambda kb: kb.import_paths([args.corpus]), qs, args.rounds)
    if not args.skip_large:
        measure("laws.db, every law", lambda kb: kb.import_builtin(all_laws=True), qs, args.rounds)
    cold(small)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
