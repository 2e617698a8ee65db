"""Roster import: Chinese or English headers, CSV (UTF-8 or GBK) or XLSX; bad rows are named
by row number and the good rows still land."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from lawkb.errors import ParseError
from lawkb.records import Records

TODAY = dt.date(2026, 11, 25)

CSV_ROWS = [
    "执法证号,姓名,科室,角色,入职日期",
    "J001,张三,法规科,执法人员,2020-03-01",
    "J002,李四,执法一大队,学员,2026/7/1",
    "J001,张三重复,法规科,,",  # row 4: duplicate
    "J003,,执法二大队,,",  # row 5: no name
    ",无证号,执法二大队,,",  # row 6: no id
    "",  # row 7: blank, skipped silently
    "J004,王五,执法二大队,局长,",  # row 8: unknown role
    "J005,赵六,监测站,,2027-01-01",  # row 9: joins in the future
    "J006,孙七,监测站,培训管理员,",
]


@pytest.fixture
def records(tmp_path: Path) -> Records:
    r = Records(tmp_path / "records.db", today=lambda: TODAY)
    r.add_officer("J006", "已在名册", "监测站")
    return r


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_with_chinese_headers(records: Records, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("\r\n".join(CSV_ROWS).encode(encoding))
    result = records.import_roster(path, actor="coord")
    assert result.imported == ["J001", "J002"]
    errors = {e.row: (e.field, e.message) for e in result.errors}
    assert sorted(errors) == [4, 5, 6, 8, 9, 10]
    assert "首次出现在第 2 行" in errors[4][1]
    assert errors[5][0] == "name" and errors[6][0] == "id"
    assert errors[8][0] == "role" and "局长" in errors[8][1]
    assert errors[9][0] == "joined" and "将来" in errors[9][1]
    assert "已在名册中" in errors[10][1]
    j2 = records.officer("J002")
    assert (j2.name, j2.unit, j2.role, j2.joined) == ("李四", "执法一大队", "trainee", "2026-07-01")
    assert records.officer("J006").name == "已在名册"  # not overwritten
    assert records.audit_officer("J001").changes[0].actor == "coord"


def test_xlsx_with_english_headers_and_a_title_row(records: Records, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年执法人员名单"])
    ws.append(["ID", "Name", "Unit", "Role", "Joined"])
    ws.append([10086, "Chen Jing", "执法一大队", "officer", dt.datetime(2024, 5, 6)])
    ws.append([10087.0, "刘洋", "法规科", "trainee", None])
    ws.append([10086, "again", "x", None, None])
    ws.append([None, None, None, None, None])
    ws.append([10088, "周八", "法规科", "Coordinator", "2026-02-30"])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    result = records.import_roster(path)
    assert result.imported == ["10086", "10087"]
    assert [(e.row, e.field) for e in result.errors] == [(5, "id"), (7, "joined")]
    assert records.officer("10086").joined == "2024-05-06"


def test_a_file_without_the_needed_headers_imports_nothing(
    records: Records, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("编号名,电话\nJ1,123\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        records.import_roster(path)
    assert err.value.path == str(path) and "姓名" in err.value.message
    assert [o.id for o in records.officers()] == ["J006"]
    with pytest.raises(ParseError, match=r"\.xlsx"):
        records.import_roster(tmp_path / "old.xls")
