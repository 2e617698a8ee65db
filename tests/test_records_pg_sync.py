"""An officer's machine configured for the records server: the server is stopped while the
officer practises, the minutes wait in records.db, and reach the server exactly once."""

from __future__ import annotations

import json
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pg_tools import admin_connect, start_private_server, stop_private_server
from quiz_support import NOW, Clock, writable_home
from test_quiz_records import take_exam

from lawkb.cli.main import main
from lawkb.kb import KnowledgeBase
from lawkb.records import Records

pytest_plugins = ["pg_support"]
psycopg = pytest.importorskip("psycopg")
from lawkb.records.pgrecords import PgRecords, apply_server  # noqa: E402
from lawkb.records.server_sql import login_sql  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_server(pg_admin_url: str) -> Iterator[tuple[Path, int, str]]:
    """A server of this test's own, which it may stop and start (pg_admin_url: only run
    where the server tests run)."""
    folder, port = Path(f"/tmp/lawkb-sync-{uuid.uuid4().hex[:8]}"), _free_port()
    url = start_private_server(folder, port)
    if url is None:
        pytest.skip("cannot start a PostgreSQL of the test's own (.ci/pg-start failed)")
    try:
        yield folder, port, url
    finally:
        stop_private_server(folder, port, clean=True)


def _status(home: Path) -> dict:
    done = CliRunner().invoke(main, ["records", "status", "--json", "--home", str(home)])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def test_minutes_wait_while_the_server_is_down_and_arrive_exactly_once(
    own_server: tuple[Path, int, str],
    corpus_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, port, admin = own_server
    apply_server(admin)
    owner = PgRecords(admin)
    owner.add_officer("T001", "测试学员", role="trainee")
    owner.close()
    with admin_connect(admin) as conn:
        conn.execute(login_sql("officer_t001", "T001"))
    home = writable_home(corpus_home, tmp_path / "home")
    monkeypatch.setenv("LAWKB_RECORDS_URL", f"postgresql://officer_t001@127.0.0.1:{port}/postgres")
    # a new machine: the first sync brings the officer from the server's roster
    done = CliRunner().invoke(main, ["records", "sync", "--home", str(home)])
    assert done.exit_code == 0 and "新增 1 人" in done.output, done.output
    with Records(home / "records.db") as local:
        assert [(o.id, o.role) for o in local.officers()] == [("T001", "trainee")]
    kb = KnowledgeBase(home)
    svc = kb.quiz_service(now=lambda: NOW)

    sent_at_once = svc.submit(take_exam(svc, Clock(), seed=1))  # server up: sent at once
    assert _status(home)["pending"] == 0

    stop_private_server(folder, port)
    offline = [svc.submit(take_exam(svc, Clock(), seed=s)) for s in (2, 3)]
    status = _status(home)
    assert (status["backend"], status["pending"], status["reachable"]) == ("postgresql", 2, False)
    assert "officer_t001" in status["where"]

    start_private_server(folder, port)
    done = CliRunner().invoke(main, ["records", "sync", "--home", str(home)])
    assert done.exit_code == 0, done.output
    assert "已发送 2 次练习" in done.output
    assert _status(home)["pending"] == 0

    # the local note of a send is lost (a crash after the server committed): all three go
    # again, and the server still holds each attempt and its minutes once
    raw = sqlite3.connect(home / "records.db")
    with raw:
        raw.execute("DELETE FROM sync_sent")
    raw.close()
    assert kb.sync_records().sent == 3
    server = PgRecords(admin)
    attempts = server.conn.execute("SELECT uid, study_minutes FROM attempts").fetchall()
    assert len(attempts) == 3
    entries = [e for e in server.entries() if e.automatic]
    wanted = sorted(r.study_minutes for r in [sent_at_once, *offline])
    assert sorted(e.minutes for e in entries) == wanted and all(wanted)
    assert sorted(e.ref for e in entries) == sorted(f"quiz:{uid}" for uid, _ in attempts)
    assert server.writers() == {"officer_t001": 3}
    assert server.verify().ok
    server.close()
    kb.close()
