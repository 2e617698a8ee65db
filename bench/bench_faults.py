"""What robustness costs, and whether import memory grows linearly (issue 14, items 8-11).

1. Peak memory of parsing, importing and indexing one made-up law of N articles (N = 10,000,
   30,000, 90,001: article numbers past 第一万条), each in a fresh process, with the bare
   interpreter's peak in the same run as the baseline; then `lawkb show` on the 90,001st.
2. The collection check on opening (PRAGMA quick_check) against an open that finds its stamp.
3. The index check: `status()` (sizes) against `status(deep=True)` (CRC-32 of every byte).

    python bench/bench_faults.py [--corpus ../shared/corpus] [--sizes 10000,30000,90001]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawkb.devtools import shared_corpus
from lawkb.numerals import int_to_cn

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, path, home = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t = time.perf_counter()
if mode == "parse":
    from lawkb.corpus import parse_file
    n = len(parse_file(path).articles)
elif mode == "import":
    from lawkb.kb import KnowledgeBase
    kb = KnowledgeBase(home)
    report = kb.import_paths([path])
    n = report.articles
    kb.close()
elif mode == "index":
    from lawkb.kb import KnowledgeBase
    kb = KnowledgeBase(home)
    kb.ensure_index()
    n = kb.index.searcher().doc_count()
    kb.close()
else:
    n = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"n": n, "seconds": time.perf_counter() - t, "peak_mb": peak}))
"""


def made_up_law(path: Path, articles: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("示例大型条例\n\n第一章 总则\n\n")
        for i in range(1, articles + 1):
            fh.write(f"第{int_to_cn(i)}条 排污单位第{i}号示例义务：按期报告监测数据。\n")
    return path


def child(mode: str, path: Path, home: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(home)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def memory(sizes: list[int], work: Path) -> None:
    bare = child("bare", work, work)["peak_mb"]
    print(f"bare interpreter peak: {bare:.0f} MB")
    print("articles  stage    peak MB  above bare  MB per 1k articles (marginal)  seconds")
    before: dict[str, tuple[int, float]] = {}
    for n in sizes:
        law = made_up_law(work / f"law-{n}.txt", n)
        home = work / f"home-{n}"
        for stage in ("parse", "import", "index"):
            r = child(stage, law, home)
            above = r["peak_mb"] - bare
            # linear growth: the same MB per 1k articles from one size to the next
            m, mb = before.get(stage, (0, 0.0))
            marginal = (above - mb) / (n - m) * 1000 if m else float("nan")
            before[stage] = (n, above)
            print(
                f"{n:>8,}  {stage:<7} {r['peak_mb']:8.0f}  {above:10.0f}  {marginal:29.2f}"
                f"  {r['seconds']:7.1f}"
            )
    last = sizes[-1]
    article = int_to_cn(last)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(
            [
                "lawkb",
                "--home",
                str(work / f"home-{last}"),
                "show",
                "示例大型条例",
                f"第{article}条",
            ],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - t)
    print(f"lawkb show 第{article}条: median {statistics.median(times):.2f} s")


def collection_check(home: Path) -> None:
    from lawkb.dbcheck import forget_check
    from lawkb.paths import corpus_dir
    from lawkb.store import Collection

    db = home / "collection.db"

    def open_once(checked: bool) -> float:
        if not checked:
            forget_check(db)
        t = time.perf_counter()
        Collection(db, corpus=corpus_dir()).db.close()
        return time.perf_counter() - t

    open_once(False)
    stamped = [open_once(True) for _ in range(9)]
    checked = [open_once(False) for _ in range(9)]
    size = db.stat().st_size / 1e6
    print(
        f"collection open ({size:.1f} MB): with stamp median "
        f"{statistics.median(stamped) * 1000:.1f} ms, with quick_check median "
        f"{statistics.median(checked) * 1000:.1f} ms"
    )


def index_check(home: Path) -> None:
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(home)
    kb.ensure_index()
    live = kb.index.live_dir()
    size = sum(f.stat().st_size for f in live.iterdir()) / 1e6
    shallow = [_timed(kb.index.status) for _ in range(9)]
    deep = [_timed(lambda: kb.index.status(deep=True)) for _ in range(9)]
    print(
        f"index status ({size:.1f} MB): sizes only median {statistics.median(shallow) * 1000:.1f}"
        f" ms, CRC-32 of every byte median {statistics.median(deep) * 1000:.1f} ms"
    )
    kb.close()


def _timed(fn) -> float:
    t = time.perf_counter()
    assert fn() == "ok"
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=shared_corpus())
    parser.add_argument("--sizes", default="10000,30000,90001")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lawkb-bench-faults-"))
    try:
        memory([int(s) for s in args.sizes.split(",")], work)
        if (args.corpus / "MANIFEST.tsv").is_file():
            from lawkb.kb import KnowledgeBase

            home = work / "corpus-home"
            KnowledgeBase(home).import_paths([args.corpus])
            collection_check(home)
            index_check(home)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
