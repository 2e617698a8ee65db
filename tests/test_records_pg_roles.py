"""Who may write what, enforced by PostgreSQL itself (roles and row-level security)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from pg_tools import admin_connect, with_user

from lawkb.errors import LawkbError

pytest_plugins = ["pg_support"]
psycopg = pytest.importorskip("psycopg")
from lawkb.records.pgconn import PermissionRefused  # noqa: E402
from lawkb.records.pgrecords import PgRecords, apply_server  # noqa: E402
from lawkb.records.server_sql import login_sql  # noqa: E402

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def server(pg_url: str) -> Iterator[dict[str, str]]:
    """A server set up by init-server --apply, two officers, an officer's login for 1001 and a
    coordinator's login; yields their connection URLs."""
    apply_server(pg_url)
    owner = PgRecords(pg_url, today=lambda: TODAY)
    owner.add_officer("1001", "张三", "法规科")
    owner.add_officer("1002", "李四", "执法一大队")
    owner.close()
    suffix = uuid.uuid4().hex[:8]  # roles belong to the whole server
    officer, coordinator = f"o1001_{suffix}", f"coord_{suffix}"
    with admin_connect(pg_url) as conn:
        conn.execute(login_sql(officer, "1001"))
        conn.execute(login_sql(coordinator, None, coordinator=True))
    try:
        yield {
            "owner": pg_url,
            "officer": with_user(pg_url, officer),
            "coordinator": with_user(pg_url, coordinator),
            "officer_login": officer,
            "coordinator_login": coordinator,
        }
    finally:
        with admin_connect(pg_url) as conn:
            for login in (officer, coordinator):
                conn.execute(f'DROP OWNED BY "{login}"')
                conn.execute(f'DROP ROLE "{login}"')


def test_an_officer_adds_only_their_own_self_study_and_quiz_minutes(
    server: dict[str, str],
) -> None:
    me = PgRecords(server["officer"], today=lambda: TODAY)
    own = me.log("1001", 30, "2026-11-20", "自学", "学习新法")
    quiz = me.log_auto("1001", 12, "练习", "练习", ref="quiz:u1")
    refused = [
        lambda: me.log("1002", 30, "2026-11-20", "自学"),  # another officer
        lambda: me.log("1001", 90, "2026-11-20", "法制讲座"),  # not self-study
        lambda: me.log_auto("1002", 12, "练习", "练习", ref="quiz:u2"),  # another's quiz
        lambda: me.correct(own, minutes=300, reason="多记一点"),  # corrections: coordinators
        lambda: me.group(["1001", "1002"], 60, "2026-11-21", "法制讲座", "讲座"),
        lambda: me.add_officer("1003", "王五"),
        lambda: me.set_target(60, year=2026),
        lambda: me.leave("1002", "2026-11-22"),
    ]
    for attempt in refused:
        with pytest.raises(PermissionRefused):
            attempt()
    me.close()
    raw = psycopg.connect(server["officer"], autocommit=True)
    for statement in (
        "UPDATE entries SET minutes = 600 WHERE id = %s",
        "DELETE FROM entries WHERE id = %s",
        "UPDATE officers SET unit = 'x' WHERE id = '1001' AND %s > 0",
        "UPDATE ledger_head SET count = 0 WHERE %s > 0",
        "INSERT INTO logins (login, officer_id) VALUES (current_user || %s::text, '1002')",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(statement, [own])
    raw.close()
    owner = PgRecords(server["owner"], today=lambda: TODAY)
    assert [(e.id, e.officer_id, e.minutes) for e in owner.entries()] == [
        (own, "1001", 30),
        (quiz, "1001", 12),
    ]
    assert owner.writers() == {server["officer_login"]: 2}
    assert owner.verify().ok
    owner.close()


def test_a_coordinator_logs_for_anyone_corrects_and_exports(
    server: dict[str, str], tmp_path
) -> None:
    coordinator = PgRecords(server["coordinator"], today=lambda: TODAY)
    first = coordinator.log("1002", 45, "2026-11-20", "集中培训", recorded_by="协调员")
    coordinator.group(["1001", "1002"], 60, "2026-11-21", "法制讲座", "讲座")
    coordinator.correct(first, minutes=40, reason="签到表为40分钟")
    coordinator.add_officer("1003", "王五", "监测站")
    coordinator.set_target(36 * 60, year=2026)
    summary, _detail = coordinator.export(tmp_path / "h.csv", "csv", year=2026, detail=True)
    assert "1003" in summary.read_text(encoding="utf-8-sig")
    assert coordinator.verify().ok
    writers = coordinator.writers()
    assert writers == {server["coordinator_login"]: 4}
    assert (
        coordinator.writers("events")[server["coordinator_login"]] == 3
    )  # session, officer, target
    with pytest.raises(LawkbError):  # still append-only for coordinators
        coordinator.conn.execute("DELETE FROM entries WHERE id = ?", [first])
    coordinator.close()


def test_the_printed_sql_is_what_apply_runs(pg_url: str) -> None:
    """init-server prints one script; run by psql-like execution it gives a working server."""
    from lawkb.records.server_sql import init_sql

    with admin_connect(pg_url) as conn:
        conn.execute(init_sql())
    records = PgRecords(pg_url, today=lambda: TODAY)  # no migration left to apply
    assert records.pending_migrations() == []
    records.add_officer("1001", "张三")
    assert records.verify().ok
    records.close()
    assert apply_server(pg_url) == []  # and applying again is harmless
