"""Real processes on a real file: concurrent writers lose nothing; SIGKILL mid-batch is all
or none, and every earlier entry survives."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lawkb.records import Records
from lawkb.records.migrations import migrations as records_migrations

REPO = Path(__file__).resolve().parents[1]
PER_PROCESS = 60


def _writer(path: str, me: str, other: str, barrier: mp.synchronize.Barrier, out: mp.Queue) -> None:
    # both processes open a brand-new file at once: the migration must run exactly once
    barrier.wait(timeout=60)
    records = Records(Path(path))
    records.add_officer(me, f"officer {me}", "并发科")
    barrier.wait(timeout=60)  # both officers exist; now log as fast as possible, interleaved
    today = dt.date.today()
    ids = []
    for i in range(PER_PROCESS):
        officer = me if i % 2 else other
        ids.append(records.log(officer, 1 + i % 5, today, "自学", topic=f"{me}-{i}"))
    out.put((me, ids))
    records.close()


def test_two_processes_logging_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "records.db"
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(str(path), a, b, barrier, out))
        for a, b in (("PA", "PB"), ("PB", "PA"))
    ]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=90) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    records = Records(path)
    stored = records.entries()
    assert len(stored) == 2 * PER_PROCESS
    assert sorted(results["PA"] + results["PB"]) == [e.id for e in stored]
    assert {e.topic for e in stored} == {f"{p}-{i}" for p in ("PA", "PB") for i in range(60)}
    expected = 2 * sum(1 + i % 5 for i in range(PER_PROCESS))
    assert sum(e.minutes for e in stored) == expected
    assert records.verify().ok
    applied = records.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'lawkb.records'"
    ).fetchall()
    # each migration of the set ran exactly once
    assert sorted(n for (n,) in applied) == sorted(m.name for m in records_migrations._migrations)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from lawkb.records import Records, entries

    path, kill_at = sys.argv[1], int(sys.argv[2])
    records = Records(Path(path))
    real_insert = entries.insert_entry
    inserted = 0

    def insert_then_maybe_die(conn, fields):
        global inserted
        inserted += 1
        if inserted == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no rollback, no atexit
        return real_insert(conn, fields)

    entries.insert_entry = insert_then_maybe_die
    ids = [f"K{i:03d}" for i in range(100)]
    session, entry_ids = records.group(ids, 90, "2026-11-20", "法制讲座", "法典专题讲座")
    print(session, len(entry_ids))
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_in_the_middle_of_a_group_session_leaves_all_or_none(tmp_path: Path) -> None:
    path = tmp_path / "records.db"
    records = Records(path, today=lambda: dt.date(2026, 11, 25))
    for i in range(100):
        records.add_officer(f"K{i:03d}", f"学员{i}", "培训班")
    earlier = [records.log(f"K{i:03d}", 30, "2026-11-19", "自学") for i in range(20)]
    head_before = records.verify().head_hash
    records.close()

    env = dict(os.environ, PYTHONPATH=str(REPO))
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), "57"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    after = Records(path)
    assert [e.id for e in after.entries()] == earlier  # none of the batch, all of the rest
    assert after.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    result = after.verify()
    assert result.ok and result.integrity == "ok" and result.head_hash == head_before
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    after.close()

    # the same batch, not killed: the whole of it lands
    whole = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.split() == ["1", "100"]
    final = Records(path)
    assert len(final.entries()) == 120 and final.verify().ok
