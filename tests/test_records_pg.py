"""The ledger on a real PostgreSQL: the same reports and exports as on SQLite, migrate, the
database's own append-only rules."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from pg_tools import admin_connect

from lawkb.errors import LawkbError
from lawkb.records import Records
from lawkb.records import exports as exports_module
from lawkb.records.migrate_pg import migrate

pytest_plugins = ["pg_support"]
psycopg = pytest.importorskip("psycopg")
from lawkb.records.pgrecords import PgRecords  # noqa: E402

TODAY = dt.date(2026, 11, 25)
UNITS = ["法规科", "执法一大队", "执法二大队", "=HYPERLINK(1)", "监测站"]


def build_ledger(records: Records) -> None:
    """Officers who joined and left, logs, a group session, corrections, automatic minutes,
    settings changes: every kind of row a report depends on."""
    for i in range(12):
        records.add_officer(
            f"P{i:03d}",
            f"人员{i}" if i % 5 else f"欧阳·{i}",
            UNITS[i % len(UNITS)],
            "trainee" if i % 4 == 0 else "officer",
            joined="2026-03-01" if i == 3 else None,
            actor="协调员",
        )
    ids = []
    for n in range(60):
        day = dt.date(2026, 1 + n % 11, 1 + n % 27)
        if n % 12 == 3 and day.isoformat() < "2026-03-01":
            day = dt.date(2026, 4, 2)
        ids.append(records.log(f"P{n % 12:03d}", 15 + n * 7 % 200, day, "自学", f"专题{n}"))
    records.group([f"P{i:03d}" for i in range(0, 12, 2)], 120, "2026-06-18", "法制讲座", "-讲座")
    for n in range(8):
        records.log_auto(
            f"P{n:03d}", 5 + n, "练习", "练习", ref=f"quiz:a{n}", date="2026-10-0" + str(1 + n)
        )
    records.correct(ids[4], minutes=10, reason="记错时长")
    records.correct(ids[9], reverse=True, reason="重复登记")
    records.set_target(30 * 60, year=2026, actor="协调员")
    records.leave("P011", "2026-11-20", actor="协调员")
    records.log("P001", 30, "2025-12-30", "自学")


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Records:
    records = Records(tmp_path / "records.db", today=lambda: TODAY)
    build_ledger(records)
    yield records
    records.close()


@pytest.fixture
def pg_ledger(sqlite_ledger: Records, pg_url: str) -> PgRecords:
    migrate(sqlite_ledger.path, pg_url)
    records = PgRecords(pg_url, today=lambda: TODAY)
    yield records
    records.close()


class FixedClock:
    """Stands in for the datetime module in exports: `generated_at` is the same in both."""

    UTC = dt.UTC
    date = dt.date

    class datetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 11, 25, 8, 0, tzinfo=tz)


def _export_all(records: Records, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    out: dict[str, bytes] = {}
    for fmt in ("csv", "json", "xlsx"):
        for path in records.export(folder / f"hours.{fmt}", fmt, year=2026, detail=True):
            if fmt == "xlsx":  # the zip's own timestamps and docProps/core.xml say when
                with zipfile.ZipFile(path) as z:
                    for name in sorted(z.namelist()):
                        if name != "docProps/core.xml":
                            out[f"{path.name}:{name}"] = z.read(name)
            else:
                out[path.name] = path.read_bytes()
    return out


def test_migrate_keeps_the_chain_and_verifies(sqlite_ledger: Records, pg_ledger: PgRecords) -> None:
    here, there = sqlite_ledger.verify(), pg_ledger.verify()
    assert here.ok and there.ok, there.findings
    assert there.checkpoint == here.checkpoint
    assert there.checked == here.checked == len(sqlite_ledger.entries())
    assert pg_ledger.writers() == {"postgres": there.checked}  # the database user is stamped


def test_reports_and_exports_are_identical_files(
    sqlite_ledger: Records, pg_ledger: PgRecords, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports_module, "dt", FixedClock)
    assert sqlite_ledger.report(2026) == pg_ledger.report(2026)
    assert sqlite_ledger.report(2026, unit="法规科") == pg_ledger.report(2026, unit="法规科")
    files_sqlite = _export_all(sqlite_ledger, tmp_path / "sqlite")
    files_pg = _export_all(pg_ledger, tmp_path / "pg")
    assert sorted(files_sqlite) == sorted(files_pg)
    assert len(files_sqlite) >= 6
    for name, data in files_sqlite.items():
        assert files_pg[name] == data, name


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_export_figures_are_the_stored_minutes(
    backend: str, sqlite_ledger: Records, pg_url: str, tmp_path: Path
) -> None:
    """The same report/export check on each backend: every figure is the stored minutes."""
    records: Records = sqlite_ledger
    if backend == "postgresql":
        migrate(sqlite_ledger.path, pg_url)
        records = PgRecords(pg_url, today=lambda: TODAY)
    stored = dict(
        records.conn.execute(
            "SELECT officer_id, sum(minutes) FROM entries WHERE date BETWEEN ? AND ? "
            "GROUP BY officer_id",
            ["2026-01-01", "2026-12-31"],
        ).fetchall()
    )
    summary, detail = records.export(tmp_path / "h.csv", "csv", year=2026, detail=True)
    rows = list(csv.DictReader(io.StringIO(summary.read_text(encoding="utf-8-sig"))))
    assert {r["执法证号"]: int(r["完成分钟"]) for r in rows if int(r["条目数"])} == stored
    lines = list(csv.DictReader(io.StringIO(detail.read_text(encoding="utf-8-sig"))))
    assert sum(int(r["分钟"]) for r in lines) == sum(stored.values())
    assert any(r["单位"].startswith("'=") for r in rows)  # a formula-looking cell, neutralised
    data = json.loads(records.export(tmp_path / "h.json", "json", year=2026)[0].read_text())
    assert {o["id"]: o["done_minutes"] for o in data["officers"] if o["done_minutes"]} == {
        k: v for k, v in stored.items() if v
    }
    if backend == "postgresql":
        records.close()


def test_writes_on_the_server_behave_as_on_sqlite(pg_url: str) -> None:
    records = PgRecords(pg_url, create=True, today=lambda: TODAY)
    records.add_officer("1001", "张三", "法规科")
    records.add_officer("1002", "李四", "执法一大队")
    first = records.log("1001", 60, "2026-11-01", "自学")
    session, ids = records.group(["1001", "1002"], 90, "2026-11-02", "法制讲座", "讲座")
    assert (session, ids) == (1, [2, 3])
    records.correct(first, minutes=45, reason="记错")
    auto = records.log_auto("1002", 12, "练习", "练习", ref="quiz:x")
    assert records.log_auto("1002", 12, "练习", "练习", ref="quiz:x") == auto  # once only
    with pytest.raises(LawkbError, match="24h"):
        records.log("1001", 23 * 60, "2026-11-02", "自学")
    with pytest.raises(LawkbError, match="未写入任何内容"):
        records.group(["1001", "9999"], 30, "2026-11-03", "法制讲座", "x")
    assert [e.minutes for e in records.entries()] == [60, 90, 90, -15, 12]
    assert records.report(2026).officers[0].done_minutes == 102  # 李四 (执法一大队 sorts first)
    assert records.verify().ok
    records.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE entries SET minutes = 600 WHERE id = 1",
        "DELETE FROM entries WHERE id = 2",
        "TRUNCATE entries CASCADE",
        "UPDATE events SET actor = 'x' WHERE id = 1",
        "DELETE FROM sessions",
        "DELETE FROM officers WHERE id = '1002'",
    ],
)
def test_append_only_is_enforced_by_the_database(pg_url: str, statement: str) -> None:
    records = PgRecords(pg_url, create=True, today=lambda: TODAY)
    records.add_officer("1001", "张三")
    records.add_officer("1002", "李四")
    records.group(["1001", "1002"], 90, "2026-11-02", "法制讲座", "讲座")
    records.close()
    with admin_connect(pg_url) as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute(statement)  # even the owner, without dropping the triggers
    assert PgRecords(pg_url).verify().ok


def test_migrate_refuses_another_ledger_and_skips_the_same_one(
    sqlite_ledger: Records, pg_url: str, tmp_path: Path
) -> None:
    first = migrate(sqlite_ledger.path, pg_url)
    assert first.copied["entries"] == len(sqlite_ledger.entries())
    assert migrate(sqlite_ledger.path, pg_url).already_there
    other = Records(tmp_path / "other.db", today=lambda: TODAY)
    other.add_officer("X1", "王五")
    other.log("X1", 30, "2026-11-01", "自学")
    other.close()
    with pytest.raises(LawkbError, match="另一个账本"):
        migrate(tmp_path / "other.db", pg_url)
    assert PgRecords(pg_url).verify().checkpoint == sqlite_ledger.verify().checkpoint


def test_migrate_refuses_a_tampered_source(sqlite_ledger: Records, pg_url: str) -> None:
    raw = sqlite3.connect(sqlite_ledger.path)
    raw.execute("DROP TRIGGER entries_no_update")
    raw.execute("UPDATE entries SET minutes = 999 WHERE id = 3")
    raw.commit()
    raw.close()
    with pytest.raises(LawkbError, match="源账本校验未通过"):
        migrate(sqlite_ledger.path, pg_url)
    with admin_connect(pg_url) as conn:  # refused before anything was created
        assert conn.execute("SELECT to_regclass('entries')").fetchone()[0] is None


def test_migrate_onto_a_server_set_up_by_init_server(sqlite_ledger: Records, pg_url: str) -> None:
    from lawkb.records.pgrecords import apply_server

    apply_server(pg_url)
    result = migrate(sqlite_ledger.path, pg_url)
    assert result.checkpoint == sqlite_ledger.verify().checkpoint and not result.already_there
    records = PgRecords(pg_url, today=lambda: TODAY)
    assert records.verify().checkpoint == result.checkpoint
    records.log("P001", 20, "2026-11-24", "自学")  # and the ledger goes on from there
    assert records.verify().ok
    records.close()


def test_migrate_refuses_a_sealed_ledger(
    sqlite_ledger: Records, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWKB_KEY_FILE", str(tmp_path / "ledger.key"))
    sqlite_ledger.seal(actor="协调员")
    with pytest.raises(LawkbError, match="密钥封存"):
        migrate(sqlite_ledger.path, pg_url)
