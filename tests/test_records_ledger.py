"""The study-hour ledger on a real SQLite file: rules, corrections, the hash chain, settings."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlite_migrate import Migrations

from lawkb.errors import InvalidInput, NotFound
from lawkb.records import Records
from lawkb.records.migrations import migrations as records_migrations
from lawkb.records.schema import LATEST_MIGRATION

TODAY = dt.date(2026, 11, 25)


def open_records(path: Path, today: dt.date = TODAY) -> Records:
    return Records(path, today=lambda: today)


def count(r: Records, table: str = "entries") -> int:
    return r.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
def r(db_path: Path) -> Records:
    records = open_records(db_path)
    records.add_officer("L001", "张三", "法规科")
    records.add_officer("L002", "李四", "执法一大队", role="trainee", joined="2026-07-01")
    records.add_officer("L003", "王五", "执法一大队")
    return records


def test_every_connection_is_durable(r: Records, db_path: Path) -> None:
    assert r.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert r.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert r.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert r.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    # a second open (schema already there: the fast path) gets the same pragmas
    again = open_records(db_path)
    assert again.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert again.officer("L001").name == "张三"


def test_latest_migration_constant_matches_the_set() -> None:
    assert records_migrations._migrations[-1].name == LATEST_MIGRATION


def test_log_and_read_back(r: Records) -> None:
    entry_id = r.log("L001", 90, "2026-11-20", "自学", topic="法典总则", recorded_by="coord")
    e = r.entry(entry_id)
    assert (e.officer_id, e.date, e.minutes, e.activity, e.topic, e.source) == (
        "L001", "2026-11-20", 90, "自学", "法典总则", "manual")  # fmt: skip
    assert e.recorded_by == "coord" and e.recorded_at.endswith("Z")
    assert isinstance(e.minutes, int) and not e.automatic


@pytest.mark.parametrize(
    ("args", "field", "says"),
    [
        (("L001", 0, "2026-11-20", "自学"), "minutes", "不大于零"),
        (("L001", -30, "2026-11-20", "自学"), "minutes", "不大于零"),
        (("L001", 1.5, "2026-11-20", "自学"), "minutes", "应为整分钟"),
        (("L001", 60, "2026-11-26", "自学"), "date", "是将来的日期"),
        (("L002", 60, "2026-06-30", "自学"), "date", "早于执法人员 L002 入职日期"),
        (("L404", 60, "2026-11-20", "自学"), "officer", "没有编号为 'L404' 的执法人员"),
        (("L001", 60, "2026-11-20", "喝茶"), "activity", "未知的活动类型 '喝茶'"),
        (("L001", 60, "2026-13-01", "自学"), "date", "不是真实的日期"),
        (("L001", 25 * 60, "2026-11-20", "自学"), "minutes", "每天最多 24 小时"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    r: Records, args: tuple, field: str, says: str
) -> None:
    before = count(r)
    with pytest.raises(InvalidInput) as err:
        r.log(*args)
    assert err.value.field == field
    assert says in err.value.message
    assert count(r) == before


def test_day_limit_counts_existing_entries(r: Records) -> None:
    r.log("L001", 20 * 60, "2026-11-20", "自学")
    with pytest.raises(InvalidInput, match="（已登记 20h）"):
        r.log("L001", 4 * 60 + 1, "2026-11-20", "网络培训")
    r.log("L001", 4 * 60, "2026-11-20", "网络培训")  # exactly 24 h is allowed
    r.log("L001", 60, "2026-11-21", "自学")  # another day is fine
    assert count(r) == 3


def test_entries_cannot_be_edited_or_deleted(r: Records, db_path: Path) -> None:
    entry_id = r.log("L001", 60, "2026-11-20", "自学")
    raw = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE entries SET minutes = 600 WHERE id = ?", [entry_id])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM entries WHERE id = ?", [entry_id])
    raw.close()
    assert r.entry(entry_id).minutes == 60


def test_correction_adjusts_and_audit_shows_both(r: Records) -> None:
    original = r.log("L001", 120, "2026-03-02", "集中培训", topic="法典培训")
    fix = r.correct(original, minutes=90, reason="签到表为1.5小时", recorded_by="coord")
    c = r.entry(fix)
    assert (c.minutes, c.corrects, c.source, c.date) == (-30, original, "correction", "2026-03-02")
    assert r.entry(original).minutes == 120  # the original is untouched
    audit = r.audit_entry(original)
    assert [e.id for e in audit.entry.corrections] == [fix]
    assert audit.entry.effective_minutes == 90
    # asking about the correction shows the entry it corrects
    assert r.audit_entry(fix).entry.entry.id == original
    # a second correction is computed against the corrected figure
    again = r.correct(original, minutes=100, reason="补记10分钟")
    assert r.entry(again).minutes == 10
    reverse = r.correct(original, reverse=True, reason="重复录入")
    assert r.entry(reverse).minutes == -100
    officer = r.audit_officer("L001")
    assert officer.totals_by_year == {"2026": 0}
    assert officer.entries[0].effective_minutes == 0
    assert r.report(2026, officer_id="L001").officers[0].done_minutes == 0


def test_correction_rules(r: Records) -> None:
    original = r.log("L001", 60, "2026-11-20", "自学")
    before = count(r)
    with pytest.raises(InvalidInput) as err:
        r.correct(original, minutes=90, reason="  ")
    assert err.value.field == "reason"
    with pytest.raises(InvalidInput, match="无需更正"):
        r.correct(original, minutes=60, reason="x")
    with pytest.raises(NotFound):
        r.correct(999, reverse=True, reason="x")
    fix = r.correct(original, reverse=True, reason="录错人")
    with pytest.raises(InvalidInput, match="本身是对记录 1 的更正"):
        r.correct(fix, reverse=True, reason="x")
    with pytest.raises(InvalidInput, match="每天最多 24 小时"):
        r.correct(original, minutes=25 * 60, reason="x")
    assert count(r) == before + 1


def test_group_session_is_all_or_none(r: Records) -> None:
    before = count(r)
    # L002 joined 2026-07-01 and L404 does not exist: nobody is logged
    with pytest.raises(InvalidInput) as err:
        r.group(["L001", "L002", "L404"], 120, "2026-06-15", "法制讲座", "法典解读")
    assert err.value.field == "officers"
    assert "L002" in err.value.message and "L404" in err.value.message
    assert count(r) == before and count(r, "sessions") == 0
    session, ids = r.group(["L001", "L002", "L003"], 120, "2026-11-18", "法制讲座", "法典解读")
    assert len(ids) == 3 and count(r) == before + 3
    assert {r.entry(i).session_id for i in ids} == {session}
    assert r.audit_entry(ids[0]).session_attendees == ["L001", "L002", "L003"]
    with pytest.raises(InvalidInput, match="L001：列出了两次"):
        r.group(["L001", "L001"], 60, "2026-11-19", "法制讲座", "x")


def test_automatic_entries_are_flagged_idempotent_and_can_be_excluded(r: Records) -> None:
    first = r.log_auto("L001", 25, "练习", "法典总则 20题", ref="attempt:1")
    assert r.log_auto("L001", 25, "练习", "法典总则 20题", ref="attempt:1") == first
    r.log_auto("L001", 90, "模拟考试", "模拟卷一", ref="exam:7", source="exam")
    r.log("L001", 60, "2026-11-20", "自学")
    e = r.entry(first)
    assert e.automatic and e.source == "quiz" and e.date == TODAY.isoformat()
    p = r.report(2026, officer_id="L001").officers[0]
    assert (p.done_minutes, p.auto_minutes, p.counted_minutes) == (175, 115, 175)
    r.set_setting("auto_counts", False, actor="coord")
    p = r.report(2026, officer_id="L001").officers[0]
    assert (p.done_minutes, p.counted_minutes) == (175, 60)
    with pytest.raises(InvalidInput) as err:
        r.log_auto("L001", 10, "练习", "x", ref="")
    assert err.value.field == "ref"


def test_targets_per_year_role_and_pro_rata(r: Records) -> None:
    rep = {p.id: p for p in r.report(2026).officers}
    assert rep["L001"].target_minutes == 2400
    # L002 joined 2026-07-01: 184 of 365 days
    assert rep["L002"].target_minutes == (2 * 2400 * 184 + 365) // 730 == 1210
    r.set_target(30 * 60, role="trainee", actor="coord")
    r.set_target(48 * 60, year=2026, actor="coord")
    rep = {p.id: p for p in r.report(2026).officers}
    assert rep["L001"].target_minutes == 48 * 60
    # the year's target is more specific than the role's; pro-rata from 1 July
    assert rep["L002"].target_minutes == (2 * 2880 * 184 + 365) // 730
    r.set_target(20 * 60, year=2026, role="trainee")
    assert (
        r.report(2026, officer_id="L002").officers[0].target_minutes == 605
    )  # 1200 × 184 / 365 = 604.9
    r.set_setting("pro_rata", False)
    assert r.report(2026, officer_id="L002").officers[0].target_minutes == 1200
    assert r.report(2027, officer_id="L001").officers[0].target_minutes == 2400
    r.set_target(None, year=2026)
    assert r.report(2026, officer_id="L001").officers[0].target_minutes == 2400
    history = r.setting_changes()
    assert [c.subject for c in history][:2] == ["target.trainee", "target.2026"]
    assert history[0].actor == "coord" and history[0].new_value == 1800
    with pytest.raises(InvalidInput):
        r.set_target(-5)


def test_activity_list_is_configurable(r: Records) -> None:
    with pytest.raises(InvalidInput):
        r.log("L001", 60, "2026-11-20", "警示教育")
    r.add_activity("警示教育", actor="coord")
    r.log("L001", 60, "2026-11-20", "警示教育")
    r.remove_activity("警示教育")
    with pytest.raises(InvalidInput):
        r.log("L001", 60, "2026-11-21", "警示教育")
    assert r.entries(officer_id="L001")[0].activity == "警示教育"  # old entries keep it


def test_report_status_units_and_filters(r: Records) -> None:
    r.log("L001", 24 * 60, "2026-11-01", "集中培训")
    r.log("L001", 16 * 60, "2026-11-02", "集中培训")
    r.log("L003", 20 * 60, "2026-01-10", "集中培训")
    r.log("L003", 9 * 60, "2026-01-11", "集中培训")
    rep = r.report(2026)
    status = {p.id: p.status for p in rep.officers}
    # L001 done; L003 has 29 h of a 40 h year at 25 Nov (expected ~36 h): behind
    assert status == {"L001": "complete", "L002": "behind", "L003": "behind"}
    units = {u.unit: u for u in rep.units}
    assert units["执法一大队"].officers == 2 and units["法规科"].complete == 1
    assert rep.total.counted_minutes == 40 * 60 + 29 * 60
    assert [p.id for p in r.report(2026, below_target=True).officers] == ["L002", "L003"]
    assert [p.id for p in r.report(2026, unit="法规科").officers] == ["L001"]
    # a year that has not started yet: nobody is behind
    assert {p.status for p in open_records(r.path, dt.date(2026, 1, 1)).report(2027).officers} == {
        "on_track"
    }


def test_leaving_officers(r: Records) -> None:
    r.log("L003", 60, "2026-05-01", "自学")
    with pytest.raises(InvalidInput, match="最后一条记录"):
        r.leave("L003", "2026-04-30")
    r.leave("L003", "2026-06-30", actor="coord")
    with pytest.raises(InvalidInput, match="晚于执法人员 L003 离开日期"):
        r.log("L003", 60, "2026-07-01", "自学")
    assert {o.id for o in r.officers(active_only=True)} == {"L001", "L002"}
    p = r.report(2026, officer_id="L003").officers[0]
    assert p.target_minutes == (2 * 2400 * 181 + 365) // 730  # on the roster 181 days
    assert r.report(2027, officer_id="L003").officers == []
    kinds = [c.kind for c in r.audit_officer("L003").changes]
    assert kinds == ["officer.add", "officer.leave"]


def test_add_officer_checks(r: Records) -> None:
    with pytest.raises(InvalidInput) as err:
        r.add_officer("L001", "重复")
    assert err.value.field == "id"
    with pytest.raises(InvalidInput) as err:
        r.add_officer("L009", " ")
    assert err.value.field == "name"
    with pytest.raises(InvalidInput) as err:
        r.add_officer("L009", "赵六", role="boss")
    assert err.value.field == "role"
    assert r.add_officer("L009", "赵六", role="学员").role == "trainee"


# -- the hash chain --------------------------------------------------------------------------
def _tamper(db_path: Path, sql: str) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("DROP TRIGGER entries_no_update")
    raw.execute("DROP TRIGGER entries_no_delete")
    raw.execute(sql)
    raw.commit()
    raw.close()


def _ledger(r: Records) -> list[int]:
    ids = [r.log("L001", 30 + i, f"2026-10-{i + 1:02d}", "自学") for i in range(6)]
    ids += r.group(["L001", "L003"], 60, "2026-10-20", "法制讲座", "讲座")[1]
    ids.append(r.correct(ids[0], minutes=20, reason="更正"))
    return ids


def test_verify_passes_on_an_untouched_ledger(r: Records) -> None:
    ids = _ledger(r)
    result = r.verify()
    assert result.ok and result.checked == len(ids) and len(result.head_hash) == 64


def test_verify_names_an_entry_altered_outside_lawkb(r: Records, db_path: Path) -> None:
    ids = _ledger(r)
    _tamper(db_path, f"UPDATE entries SET minutes = 600 WHERE id = {ids[3]}")
    result = open_records(db_path).verify()
    assert not result.ok
    assert result.first_bad_entry == ids[3]
    assert "altered outside lawkb" in result.problem
    assert result.checked == 3


def test_verify_catches_a_recomputed_hash_and_a_deleted_entry(r: Records, db_path: Path) -> None:
    ids = _ledger(r)
    _tamper(db_path, f"UPDATE entries SET hash = 'x' || hash WHERE id = {ids[2]}")
    result = open_records(db_path).verify()
    assert result.first_bad_entry == ids[2]


def test_verify_catches_deleted_entries(r: Records, db_path: Path) -> None:
    ids = _ledger(r)
    _tamper(db_path, f"DELETE FROM entries WHERE id = {ids[4]}")
    result = open_records(db_path).verify()
    assert result.first_bad_entry == ids[5] and "missing" in result.problem


def test_verify_catches_removal_of_the_newest_entry(r: Records, db_path: Path) -> None:
    ids = _ledger(r)
    _tamper(db_path, f"DELETE FROM entries WHERE id = {ids[-1]}")
    result = open_records(db_path).verify()
    assert not result.ok and result.first_bad_entry == ids[-1]


# -- plumbing for other features ------------------------------------------------------------
def test_other_features_bring_their_own_migrations(r: Records, db_path: Path) -> None:
    quiz = Migrations("lawkb.quiz.test")

    @quiz()
    def m001_attempts(db) -> None:  # type: ignore[no-untyped-def]
        db["attempts"].create(
            {"id": int, "officer_id": str, "score": int},
            pk="id",
            foreign_keys=[("officer_id", "officers", "id")],
        )

    r.ensure_schema(quiz)
    r.ensure_schema(quiz)  # applied once
    with r.transaction():
        r.db["attempts"].insert({"officer_id": "L001", "score": 90})
    with pytest.raises(sqlite3.IntegrityError), r.transaction():  # foreign keys are on
        r.db["attempts"].insert({"officer_id": "L404", "score": 1})
    reopened = open_records(db_path)
    assert reopened.db["attempts"].count == 1
    applied = [m.name for m in quiz.applied(reopened.db)]
    assert applied == ["m001_attempts"]


def test_transaction_rolls_back_everything_on_error(r: Records) -> None:
    before = count(r)
    with pytest.raises(RuntimeError), r.transaction():
        r.log("L001", 60, "2026-11-20", "自学")
        r.log("L003", 60, "2026-11-20", "自学")
        raise RuntimeError("boom")
    assert count(r) == before


def test_sqlite_utils_writes_take_the_write_lock_up_front(r: Records) -> None:
    seen: list[str] = []
    r.conn.set_trace_callback(seen.append)
    with r.db.atomic():
        r.db["scratch"].insert({"x": 1})
    r.conn.set_trace_callback(None)
    assert "BEGIN IMMEDIATE" in seen


def test_bookmarks_persist_across_restarts(r: Records, db_path: Path) -> None:
    r.add_bookmark("中华人民共和国环境保护法#59", note="按日连续处罚")
    r.add_bookmark("中华人民共和国生态环境法典#1")
    r.add_bookmark("中华人民共和国环境保护法#59", note="改了备注")
    reopened = open_records(db_path)
    marks = reopened.bookmarks()
    assert [b.ref for b in marks] == ["中华人民共和国环境保护法#59", "中华人民共和国生态环境法典#1"]
    assert marks[0].note == "改了备注"
    assert reopened.remove_bookmark("中华人民共和国生态环境法典#1")
    assert not reopened.remove_bookmark("中华人民共和国生态环境法典#1")
    assert [b.ref for b in open_records(db_path).bookmarks()] == ["中华人民共和国环境保护法#59"]
    with pytest.raises(InvalidInput):
        r.add_bookmark("no ref here")


def test_backup_is_a_consistent_verified_copy(r: Records, tmp_path: Path) -> None:
    ids = _ledger(r)
    result = r.backup(tmp_path / "copy.db")
    assert result.verified and result.entries == len(ids) and result.officers == 3
    copy = open_records(tmp_path / "copy.db")
    assert copy.verify().ok
    assert copy.verify().head_hash == r.verify().head_hash
    with pytest.raises(InvalidInput, match="已存在"):
        r.backup(tmp_path / "copy.db")
    folder = r.backup()  # default: a new file under home/backups
    assert Path(folder.path).parent == r.path.parent / "backups"


def test_first_migration_is_atomic(tmp_path):
    """A crash inside the first migration leaves no half-made schema (executescript would
    have committed each statement)."""
    import sqlite_utils

    from lawkb.records import Records
    from lawkb.records import migrations as m

    path = tmp_path / "records.db"
    real_split = m.split_sql

    def failing(script: str) -> list[str]:
        return [*real_split(script)[:3], "CREATE TABLE broken ("]

    m.split_sql = failing
    try:
        with contextlib.suppress(Exception):
            Records(path)
    finally:
        m.split_sql = real_split
    leftover = set(sqlite_utils.Database(path).table_names()) - {"_sqlite_migrations"}
    assert leftover == set()
    r = Records(path)  # and a clean open afterwards succeeds
    assert "entries" in r.db.table_names()
