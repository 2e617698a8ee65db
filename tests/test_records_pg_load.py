"""The ledger on a real PostgreSQL under load and abuse: 20 concurrent writers, a writer
killed with SIGKILL inside a group session, rows tampered with by a superuser."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from pg_tools import REPO, admin_connect, with_user

pytest_plugins = ["pg_support"]
psycopg = pytest.importorskip("psycopg")
from lawkb.records.pgrecords import PgRecords, apply_server  # noqa: E402
from lawkb.records.server_sql import login_sql  # noqa: E402

TODAY = dt.date(2026, 11, 25)
OFFICERS, COORDINATORS, PER_WRITER = 14, 6, 50


def _day(n: int) -> str:
    return (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoformat()


def _officer_writer(url: str, me: str, barrier, out) -> None:
    records = PgRecords(url, today=lambda: TODAY)
    barrier.wait(timeout=120)
    done = [
        (records.log(me, 10 + i % 7, _day(i), "自学", f"{me}-{i}"), me, 10 + i % 7)
        for i in range(PER_WRITER)
    ]
    records.close()
    out.put(done)


def _coordinator_writer(url: str, me: int, barrier, out) -> None:
    records = PgRecords(url, today=lambda: TODAY)
    barrier.wait(timeout=120)
    done = []
    for i in range(PER_WRITER - 5):
        officer = f"L{(me + i) % OFFICERS:03d}"
        minutes = 5 + (me * 7 + i) % 25
        entry = records.log(officer, minutes, _day(100 + i), "集中培训", f"c{me}-{i}")
        done.append((entry, officer, minutes))
        if i == 20:  # and one group session of five attendees, all or none
            people = [f"L{(me + k) % OFFICERS:03d}" for k in range(5)]
            _, ids = records.group(people, 60, _day(200 + me), "法制讲座", f"讲座{me}")
            done += [(e, p, 60) for e, p in zip(ids, people, strict=True)]
    records.close()
    out.put(done)


@pytest.fixture
def bureau(pg_url: str) -> Iterator[dict]:
    """init-server --apply, 14 officers with their own logins, 6 coordinators' logins."""
    apply_server(pg_url)
    owner = PgRecords(pg_url, today=lambda: TODAY)
    for i in range(OFFICERS):
        owner.add_officer(f"L{i:03d}", f"人员{i}", f"科室{i % 3}", joined="2025-06-01")
    owner.close()
    tag = uuid.uuid4().hex[:6]
    officers = {f"L{i:03d}": f"lo{i}_{tag}" for i in range(OFFICERS)}
    coordinators = [f"lc{j}_{tag}" for j in range(COORDINATORS)]
    with admin_connect(pg_url) as conn:
        for officer_id, login in officers.items():
            conn.execute(login_sql(login, officer_id))
        for login in coordinators:
            conn.execute(login_sql(login, None, coordinator=True))
    try:
        yield {"url": pg_url, "officers": officers, "coordinators": coordinators}
    finally:
        with admin_connect(pg_url) as conn:
            for login in [*officers.values(), *coordinators]:
                conn.execute(f'DROP OWNED BY "{login}"')
                conn.execute(f'DROP ROLE "{login}"')


def test_twenty_concurrent_writers_exact_totals_and_a_verified_chain(bureau: dict) -> None:
    url = bureau["url"]
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(OFFICERS + COORDINATORS), ctx.Queue()
    procs = [
        ctx.Process(target=_officer_writer, args=(with_user(url, login), oid, barrier, out))
        for oid, login in bureau["officers"].items()
    ] + [
        ctx.Process(target=_coordinator_writer, args=(with_user(url, login), j, barrier, out))
        for j, login in enumerate(bureau["coordinators"])
    ]
    for p in procs:
        p.start()
    written = [row for _ in procs for row in out.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    records = PgRecords(url, today=lambda: TODAY)
    stored = records.entries()
    assert len(stored) == len(written) == (OFFICERS + COORDINATORS) * PER_WRITER
    assert [e.id for e in stored] == list(range(1, len(stored) + 1))
    assert sorted(w[0] for w in written) == [e.id for e in stored]
    wanted: Counter[str] = Counter()
    for _, officer, minutes in written:
        wanted[officer] += minutes
    got: Counter[str] = Counter()
    for e in stored:
        got[e.officer_id] += e.minutes
    assert got == wanted
    report = {o.id: o.done_minutes for o in records.report(2026).officers}
    assert report == dict(wanted)
    assert set(records.writers().values()) == {PER_WRITER}  # every login wrote its 50 rows
    assert len(records.writers()) == OFFICERS + COORDINATORS
    result = records.verify()
    assert result.ok, result.findings
    assert result.checked == len(stored)
    sessions = records.conn.execute("SELECT id, attendees FROM sessions ORDER BY id").fetchall()
    assert sessions == [(i, 5) for i in range(1, COORDINATORS + 1)]
    records.close()


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from lawkb.records import entries
    from lawkb.records.pgrecords import PgRecords

    url, kill_at = sys.argv[1], int(sys.argv[2])
    records = PgRecords(url)
    real_insert = entries.insert_entry
    inserted = 0

    def insert_then_maybe_die(conn, fields):
        global inserted
        inserted += 1
        if inserted == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # no rollback, no close: the server notices
        return real_insert(conn, fields)

    entries.insert_entry = insert_then_maybe_die
    ids = [f"K{i:03d}" for i in range(100)]
    session, entry_ids = records.group(ids, 90, "2026-11-20", "法制讲座", "法典专题讲座")
    print(session, len(entry_ids))
    """
)


def _run_killer(url: str, kill_at: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-c", KILLER, url, str(kill_at)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sigkill_in_a_group_session_leaves_no_partial_session(pg_url: str) -> None:
    records = PgRecords(pg_url, create=True, today=lambda: TODAY)
    for i in range(100):
        records.add_officer(f"K{i:03d}", f"学员{i}", "培训班")
    earlier = [records.log(f"K{i:03d}", 30, "2026-11-19", "自学") for i in range(20)]
    before = records.verify()
    records.close()

    killed = _run_killer(pg_url, 57)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = PgRecords(pg_url, today=lambda: TODAY)
    assert [e.id for e in after.entries()] == earlier
    assert after.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    result = after.verify()
    assert result.ok and result.checkpoint == before.checkpoint
    # the killed writer's lock went with its connection: the next writer is not blocked
    after.log("K000", 15, "2026-11-21", "自学")
    after.close()

    whole = _run_killer(pg_url, 0)
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.split() == ["1", "100"]
    final = PgRecords(pg_url)
    assert len(final.entries()) == 121 and final.verify().ok
    final.close()


REWRITE_HEAD = (
    "UPDATE ledger_head SET last_id = 6, count = 6, hash = (SELECT hash FROM entries WHERE id = 6)"
)
TAMPERING = [
    ("UPDATE entries SET minutes = 600 WHERE id = 3", "entries", "entry 3"),
    ("UPDATE entries SET officer_id = '1002' WHERE id = 2", "entries", "entry 2"),
    ("DELETE FROM entries WHERE id = 5", "attendance", "session 1"),
    ("DELETE FROM entries WHERE id = 7", "head", "ledger_head"),
    (f"DELETE FROM entries WHERE id = 7; {REWRITE_HEAD}", "checkpoint", ""),
    ("UPDATE officers SET unit = '别的科' WHERE id = '1002'", "officers", "1002"),
    ("UPDATE settings SET value = '60' WHERE key = 'target'", "settings", "target"),
    ("DELETE FROM officers WHERE id = '1003'", "officers", "1003"),
    ("UPDATE sessions SET minutes = 900", "sessions", "1"),
]


@pytest.mark.parametrize(("statement", "area", "subject"), TAMPERING)
def test_tampering_through_a_superuser_is_named_by_verify(
    pg_url: str, statement: str, area: str, subject: str
) -> None:
    records = PgRecords(pg_url, create=True, today=lambda: TODAY)
    for n in range(1, 4):
        records.add_officer(f"100{n}", f"人员{n}", "法规科")
    for n in range(3):
        records.log("1001", 30 + n, f"2026-11-0{n + 1}", "自学")
    records.group(["1001", "1002", "1003"], 90, "2026-11-10", "法制讲座", "讲座")
    records.log("1002", 45, "2026-11-12", "自学")
    assert records.verify().ok
    point = records.checkpoint()  # what a coordinator filed with last month's report
    records.close()
    with admin_connect(pg_url) as conn:  # a superuser switches the guard triggers off
        conn.execute("SET session_replication_role = replica")
        conn.execute(statement)
    result = PgRecords(pg_url).verify(point)
    assert not result.ok
    named = [f for f in result.findings if f.area == area and subject in f.subject + f.message]
    assert named, [f.message for f in result.findings]
