"""Exports read back with csv and openpyxl: every figure is exactly the stored minutes."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lawkb.records import Records
from lawkb.records.exports import display_width

TODAY = dt.date(2026, 11, 25)
RISKY = ["=SUM(A1:A9)", "+86-10-1234", "-减排专题", "@cmd", "\t=1+1"]
UNITS = ["法规科", "执法一大队", "执法二大队", "监测站", "=HYPERLINK(1)"]
ACTIVITIES = ["党组中心组学法", "法制讲座", "集中培训", "网络培训", "自学"]


def _stored(records: Records, year: int = 2026) -> dict[str, int]:
    rows = records.conn.execute(
        "SELECT officer_id, sum(minutes) FROM entries WHERE date BETWEEN ? AND ? "
        "GROUP BY officer_id",
        [f"{year}-01-01", f"{year}-12-31"],
    )
    return dict(rows.fetchall())


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Records:
    """200 officers and 10,000 entries of 2026 (with corrections, automatic entries and cells
    that look like formulas), plus entries of 2025 that a 2026 export must leave out."""
    path = tmp_path_factory.mktemp("exports") / "records.db"
    records = Records(path, today=lambda: TODAY)
    rng = random.Random(5)
    with records.transaction():
        for i in range(200):
            records.add_officer(
                f"E{i:04d}",
                f"测试人员{i}号" if i % 7 else f"欧阳·{i}",
                UNITS[i % len(UNITS)],
                "trainee" if i % 9 == 0 else "officer",
            )
        ids: list[int] = []
        start = dt.date(2026, 1, 1).toordinal()
        for n in range(9_700):
            officer = f"E{n % 200:04d}"
            day = dt.date.fromordinal(start + (n // 200) * 6 + n % 5)
            topic = RISKY[(n // 50) % len(RISKY)] if n % 50 == 0 else f"专题{n}"
            ids.append(records.log(officer, rng.randint(5, 240), day, ACTIVITIES[n % 5], topic))
        for n in range(200):
            records.log_auto(f"E{n:04d}", rng.randint(1, 60), "练习", "练习", ref=f"a{n}")
        for n in range(100):  # 100 corrections, some negative, some positive
            target = ids[n * 37]
            records.correct(target, minutes=rng.randint(1, 300), reason=f"更正{n}")
        records.log("E0001", 60, "2025-12-31", "自学")
    assert records.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 10_001
    return records


def test_csv_summary_and_detail_match_the_stored_minutes(big: Records, tmp_path: Path) -> None:
    files = big.export(tmp_path / "hours.csv", "csv", year=2026, detail=True)
    assert [f.name for f in files] == ["hours.csv", "hours-detail.csv"]
    for f in files:
        assert f.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    stored = _stored(big)
    with open(files[0], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 200
    assert {r["执法证号"]: int(r["完成分钟"]) for r in rows} == stored
    assert sum(int(r["完成分钟"]) for r in rows) == sum(stored.values())
    # hours are the exact minutes / 60 rounded once
    for r in rows:
        assert abs(float(r["计入学时"]) - int(r["计入分钟"]) / 60) <= 0.005
    # a unit name that looks like a formula is neutralised, the rest untouched
    units = Counter(r["单位"] for r in rows)
    assert units["'=HYPERLINK(1)"] == 40 and units["法规科"] == 40
    with open(files[1], encoding="utf-8-sig", newline="") as fh:
        detail = list(csv.DictReader(fh))
    assert len(detail) == 10_000  # the 2025 entry is left out
    assert sum(int(r["分钟"]) for r in detail) == sum(stored.values())
    topics = Counter(r["内容"] for r in detail if not r["内容"].startswith("专题"))
    assert topics["'=SUM(A1:A9)"] > 0 and topics["'+86-10-1234"] > 0
    assert (
        topics["'-减排专题"] > 0 and topics["'@cmd"] > 0 and topics["'=1+1"] > 0
    )  # topic stripped
    assert not any(t.startswith(("=", "+", "-", "@")) for t in topics)
    # corrections stay numbers (negative minutes are not text to neutralise)
    assert any(int(r["分钟"]) < 0 for r in detail)


def test_xlsx_matches_the_stored_minutes(big: Records, tmp_path: Path) -> None:
    (path,) = big.export(tmp_path / "hours.xlsx", "xlsx", year=2026, detail=True)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["2026汇总", "按单位", "2026明细"]
    stored = _stored(big)
    summary = list(wb["2026汇总"].iter_rows(values_only=True))
    header = summary[0]
    col = {name: i for i, name in enumerate(header)}
    assert {r[col["执法证号"]]: r[col["完成分钟"]] for r in summary[1:]} == stored
    assert all(type(r[col["完成分钟"]]) is int for r in summary[1:])  # numbers, not text
    detail = list(wb["2026明细"].iter_rows(values_only=True))
    dcol = {name: i for i, name in enumerate(detail[0])}
    assert len(detail) == 10_001
    assert sum(r[dcol["分钟"]] for r in detail[1:]) == sum(stored.values())
    hours_total = sum(r[dcol["学时"]] for r in detail[1:])
    assert abs(hours_total - sum(stored.values()) / 60) < 1e-6  # unrounded minutes / 60
    units = list(wb["按单位"].iter_rows(values_only=True))
    assert units[-1][0] == "合计" and units[-1][2] == sum(stored.values())
    wb.close()


def test_xlsx_layout_for_excel(tmp_path: Path) -> None:
    records = Records(tmp_path / "records.db", today=lambda: TODAY)
    records.add_officer("L001", "欧阳娜娜", "生态环境综合行政执法支队第一大队")
    records.add_officer("L002", "Li", "=cmd|' /C calc'!A0")
    records.log("L001", 95, "2026-11-20", "自学", topic="=1+2")
    records.log("L002", 30, "2026-11-20", "自学", topic="@SUM(1)")
    (path,) = records.export(tmp_path / "x.xlsx", "xlsx", year=2026, detail=True)
    wb = load_workbook(path)
    ws = wb["2026汇总"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O3"
    unit_width = display_width("生态环境综合行政执法支队第一大队")
    assert unit_width == 32 and ws.column_dimensions["C"].width >= unit_width
    assert ws.column_dimensions["B"].width >= display_width("欧阳娜娜")
    risky = next(row[2] for row in ws.iter_rows(min_row=2) if row[0].value == "L002")
    assert risky.value == "=cmd|' /C calc'!A0"
    assert risky.data_type == "s" and risky.quotePrefix  # text, never a formula
    detail = wb["2026明细"]
    topic = next(c for c in detail[2] if c.value == "=1+2")
    assert topic.data_type == "s" and topic.quotePrefix
    minutes, hours = detail["F2"], detail["G2"]
    assert minutes.value == 95 and minutes.data_type == "n"
    assert hours.value == pytest.approx(95 / 60) and hours.number_format == "0.00"
    assert detail["E2"].value == dt.datetime(2026, 11, 20)


def test_json_export(big: Records, tmp_path: Path) -> None:
    (path,) = big.export(tmp_path / "hours.json", "json", year=2026, detail=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    stored = _stored(big)
    assert {p["id"]: p["done_minutes"] for p in data["officers"]} == stored
    assert sum(e["minutes"] for e in data["entries"]) == sum(stored.values())
    assert data["total"]["counted_minutes"] == sum(stored.values())
    auto = [e for e in data["entries"] if e["automatic"]]
    assert len(auto) >= 200 and {e["source"] for e in auto} <= {"quiz", "correction"}


def test_unknown_format_is_refused(big: Records, tmp_path: Path) -> None:
    from lawkb.errors import InvalidInput

    with pytest.raises(InvalidInput) as err:
        big.export(tmp_path / "x.pdf", "pdf", year=2026)
    assert err.value.field == "format"
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_folder_is_named_and_nothing_is_written(big: Records, tmp_path: Path) -> None:
    from lawkb.errors import InvalidInput

    missing = tmp_path / "没有的文件夹"
    for fmt in ("csv", "json"):
        with pytest.raises(InvalidInput) as err:
            big.export(missing / f"hours.{fmt}", fmt, year=2026, detail=True)
        assert err.value.field == "output"
        assert str(missing) in str(err.value) and "不存在" in str(err.value)
    assert not missing.exists()
    (tmp_path / "hours.csv").mkdir()  # a folder where the file should go
    with pytest.raises(InvalidInput) as err:
        big.export(tmp_path / "hours.csv", "csv", year=2026)
    assert "是一个文件夹" in str(err.value)
    assert list((tmp_path / "hours.csv").iterdir()) == []


def test_export_into_a_missing_folder_from_the_cli(
    big: Records, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from lawkb.cli.main import main

    monkeypatch.delenv("LAWKB_RECORDS_URL", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    big.backup(home / "records.db")
    target = tmp_path / "报表" / "2026.csv"
    done = CliRunner().invoke(
        main, ["hours", "export", "--year", "2026", "-o", str(target), "--home", str(home)]
    )
    assert done.exit_code == 1
    assert f"文件夹 {target.parent} 不存在" in done.output
    assert isinstance(done.exception, SystemExit)  # a message, not a traceback
