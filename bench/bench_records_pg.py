"""20 concurrent writers on each records backend: entries per second and latency per entry.

  python bench/bench_records_pg.py [--writers 20] [--entries 50] [--rounds 3] [--pg URL]

Each writer is a process with its own connection that logs `--entries` entries (one
transaction each, as `lawkb hours log` does) for officers of its own, all starting at once
behind a barrier. Reported per backend: entries/s over the round (first start to last
commit), and the median and p95 of one entry's latency (call to commit), over all rounds.
Backends: SQLite (a records.db in a temp folder, WAL, synchronous=FULL) and PostgreSQL (a
new database on the server in --pg or LAWKB_TEST_PG_URL, created and dropped here; the
server as .ci/pg-start runs it, fsync on). Without a server only SQLite is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from lawkb.records import Records

TODAY = dt.date.today()


def _open(target: str) -> Records:
    if target.startswith("postgresql://"):
        from lawkb.records.pgrecords import PgRecords

        return PgRecords(target)
    return Records(Path(target))


def _writer(target: str, me: int, entries: int, barrier, out) -> None:
    records = _open(target)
    barrier.wait(timeout=120)
    latencies = []
    for i in range(entries):
        day = TODAY - dt.timedelta(days=i % 200)
        start = time.perf_counter()
        records.log(f"B{me:03d}", 5 + i % 20, day, "自学", f"bench-{me}-{i}")
        latencies.append(time.perf_counter() - start)
    records.close()
    out.put((time.time(), latencies))


def one_round(target: str, writers: int, entries: int) -> tuple[float, list[float]]:
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(writers + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(target, w, entries, barrier, out)) for w in range(writers)
    ]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)
    started = time.time()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    ended = max(t for t, _ in results)
    return writers * entries / (ended - started), [x for _, lat in results for x in lat]


def prepare(target: str, writers: int) -> None:
    records = _open(target)
    for w in range(writers):
        records.add_officer(f"B{w:03d}", f"测速{w}", "测速科", joined="2020-01-01")
    records.close()


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def measure(name: str, make_target, writers: int, entries: int, rounds: int) -> None:
    rates, latencies = [], []
    for _ in range(rounds):
        target, cleanup = make_target()
        try:
            prepare(target, writers)
            rate, lat = one_round(target, writers, entries)
            check = _open(target)
            assert len(check.entries()) == writers * entries and check.verify().ok
            check.close()
        finally:
            cleanup()
        rates.append(rate)
        latencies += lat
    print(
        f"{name:<11} {statistics.median(rates):8.0f} entries/s (median of {rounds} rounds; "
        f"min {min(rates):.0f})   latency median {statistics.median(latencies) * 1000:6.1f} ms"
        f"   p95 {p95(latencies) * 1000:6.1f} ms"
    )


def sqlite_target():
    folder = tempfile.TemporaryDirectory(prefix="bench-pg-")
    return str(Path(folder.name) / "records.db"), folder.cleanup


def pg_target(server: str):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from lawkb.records.pgrecords import PgRecords

    name = f"lawkb_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    p = conninfo_to_dict(server)
    url = f"postgresql://{p.get('user', 'postgres')}@{p.get('host', '127.0.0.1')}:"
    url += f"{p.get('port', 5432)}/{name}"
    PgRecords(url, create=True).close()

    def cleanup() -> None:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, cleanup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("LAWKB_TEST_PG_URL", ""))
    args = parser.parse_args()
    print(
        f"{args.writers} writers x {args.entries} entries, "
        f"one transaction each, {os.cpu_count()} CPUs"
    )
    measure("SQLite", sqlite_target, args.writers, args.entries, args.rounds)
    if args.pg:
        measure("PostgreSQL", lambda: pg_target(args.pg), args.writers, args.entries, args.rounds)
    else:
        print("PostgreSQL: no server (--pg URL or LAWKB_TEST_PG_URL); not measured")


if __name__ == "__main__":
    main()
