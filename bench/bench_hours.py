"""Study-hour records: how fast are logging, reporting and exporting?

  python bench/bench_hours.py [--runs 20] [--officers 500] [--entries 50000]

1. Logging one entry from the CLI, process start to commit (`python -m lawkb hours log`),
   against a baseline in the same run: a bare `python -c` that opens a SQLite file in WAL
   mode and commits one row (the floor any Python CLI pays).
2. `Records.report()` over 500 officers and 50,000 entries (target <= 1 s), and the same
   report as a CLI process (`lawkb hours report --json`); baseline: the bare GROUP BY query.
3. XLSX export of the 50,000 entries (summary + every entry; target <= 5 s); baseline: the
   CSV export of the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lawkb.devtools import REPO
from lawkb.records import Records

TODAY = dt.date.today()
UNITS = ["法规科", "执法一大队", "执法二大队", "执法三大队", "监测站", "办公室", "环评科"]
ACTIVITIES = ["党组中心组学法", "法制讲座", "集中培训", "网络培训", "自学"]


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def line(label: str, samples: list[float], target: float | None = None) -> str:
    med, p95 = stats(samples)
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target:g} s: {'met' if p95 <= target else 'MISSED'}"
    return f"  {label:<44} median {med * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms{verdict}"


BASELINE = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=FULL")
c.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO t VALUES (1)"); c.execute("COMMIT")
"""


def bench_cli_log(runs: int, work: Path) -> None:
    home = work / "cli-home"
    records = Records(home / "records.db")
    records.add_officer("B001", "基准", "法规科")
    records.close()
    env = dict(os.environ, PYTHONPATH=str(REPO), LAWKB_HOME=str(home), LAWKB_USER="bench")
    cmd = [
        sys.executable,
        "-m",
        "lawkb",
        "hours",
        "log",
        "B001",
        "1m",
        "-a",
        "自学",
        "--date",
        TODAY.isoformat(),
    ]
    base_cmd = [sys.executable, "-c", BASELINE, str(work / "baseline.db")]

    def run(c: list[str]) -> None:
        done = subprocess.run(c, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr)

    run(cmd)  # warm the OS file cache and __pycache__
    run(base_cmd)
    cli, base = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        cli += timed(lambda: run(cmd), 1)
        base += timed(lambda: run(base_cmd), 1)
    print(f"1. Log one entry from the CLI ({runs} runs, process start to commit)")
    print(line("lawkb hours log (new process)", cli))
    print(line("baseline: python -c sqlite3 insert+commit", base))
    print(f"  ratio lawkb / baseline (medians): {stats(cli)[0] / stats(base)[0]:.1f}x")
    records = Records(home / "records.db")
    inproc = timed(lambda: records.log("B001", 1, TODAY, "自学"), runs)
    print(line("in process: Records.log (one fsync'd commit)", inproc))
    records.close()


def build(path: Path, officers: int, entries: int) -> Records:
    records = Records(path)
    rng = random.Random(2026)
    year_start = dt.date(TODAY.year, 1, 1).toordinal()
    days = (TODAY - dt.date(TODAY.year, 1, 1)).days + 1
    with records.transaction():
        for i in range(officers):
            records.add_officer(
                f"B{i:04d}",
                f"测试{i}",
                UNITS[i % len(UNITS)],
                "trainee" if i % 10 == 0 else "officer",
            )
        for n in range(entries):
            day = dt.date.fromordinal(year_start + rng.randrange(days))
            records.log(
                f"B{n % officers:04d}",
                rng.randint(10, 120),
                day,
                ACTIVITIES[n % 5],
                topic=f"专题学习{n % 300}",
            )
    return records


def bench_report_export(runs: int, officers: int, entries: int, work: Path) -> None:
    t = time.perf_counter()
    records = build(work / "big" / "records.db", officers, entries)
    print(
        f"\n(setup: {officers} officers and {entries} entries logged through Records.log "
        f"in one transaction, {time.perf_counter() - t:.1f} s)"
    )
    year = TODAY.year
    rep = records.report(year)
    assert len(rep.officers) == officers and rep.total.counted_minutes > 0

    def bare() -> None:
        records.conn.execute(
            "SELECT officer_id, sum(minutes) FROM entries WHERE date BETWEEN ? AND ? "
            "GROUP BY officer_id",
            [f"{year}-01-01", f"{year}-12-31"],
        ).fetchall()

    print(f"\n2. Report over {officers} officers and {entries} entries")
    report_s = timed(lambda: records.report(year), runs)
    print(line("Records.report()", report_s, target=1.0))
    print(line("baseline: bare GROUP BY query", timed(bare, runs)))
    env = dict(os.environ, PYTHONPATH=str(REPO), LAWKB_HOME=str(work / "big"))
    cmd = [sys.executable, "-m", "lawkb", "hours", "report", "--json"]
    cli = timed(lambda: subprocess.run(cmd, env=env, capture_output=True, check=True), 5)
    print(line("lawkb hours report --json (new process)", cli, target=1.0))

    print(f"\n2b. hours verify over {entries} entries")
    print(
        line(
            "Records.verify() (chains, heads, state, attendance, orphans)",
            timed(records.verify, max(3, runs // 4)),
        )
    )

    def entries_walk() -> None:  # what verify did before issue 14: the entries chain only
        from lawkb.records import chain
        from lawkb.records.verify import ENTRY_COLUMNS

        cur = records.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries ORDER BY id")
        rows = (dict(zip(ENTRY_COLUMNS, r, strict=True)) for r in cur)
        for _ in chain.walk(rows, chain.ENTRY_TAG, None):
            pass

    print(line("baseline: walk of the entries chain alone", timed(entries_walk, max(3, runs // 4))))

    print(f"\n3. Export of {entries} entries (summary + detail)")
    n = max(3, runs // 4)
    cpu: list[float] = []

    def xlsx_export() -> None:
        t = time.process_time()
        records.export(work / "out.xlsx", "xlsx", year=year, detail=True)
        cpu.append(time.process_time() - t)

    xlsx = timed(xlsx_export, n)
    print(line("XLSX (xlsxwriter)", xlsx, target=5.0))
    print(line("  the same, CPU time of this process", cpu))
    csv_s = timed(lambda: records.export(work / "out.csv", "csv", year=year, detail=True), n)
    print(line("baseline: CSV of the same", csv_s))
    print(
        f"  ratio XLSX / CSV (medians): {stats(xlsx)[0] / stats(csv_s)[0]:.1f}x, "
        f"file {os.path.getsize(work / 'out.xlsx') / 1e6:.1f} MB"
    )
    records.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--officers", type=int, default=500)
    ap.add_argument("--entries", type=int, default=50_000)
    args = ap.parse_args()
    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n"
    )
    with tempfile.TemporaryDirectory(prefix="bench-hours-") as tmp:
        work = Path(tmp)
        bench_cli_log(args.runs, work)
        bench_report_export(args.runs, args.officers, args.entries, work)


if __name__ == "__main__":
    main()
