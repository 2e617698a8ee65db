"""The one spreadsheet reader behind roster, quiz-bank and discretion import: files that used
to be read wrongly without a word (issue 14, items 5-7 and 15) are read right or refused with
the row and column, and never with a traceback."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from homes import copy_home
from tabular_support import (
    discretion_rows,
    openpyxl_sheet,
    stale_dimension,
    stored_dimension,
    with_uncached_formula,
    xlsxwriter_sheet,
)

from lawkb.errors import ParseError
from lawkb.quiz.bank import COLUMNS, import_file, load_bank
from lawkb.records import Records
from lawkb.tabular import TableError, column_letter, read_table

TODAY = dt.date(2026, 11, 25)
BASIS = "《行政处罚法》第三十六条"
# five made-up questions that all resolve (the stems are ours, not the law's)
QUESTIONS = [
    ["单选", f"示例{i}：追责时效题", "一年", "二年", "三年", "五年", "", "B", "", BASIS]
    for i in range(1, 5)
] + [["判断", "示例5：查封扣押期限题", "", "", "", "", "", "对", "", "行政强制法第25条"]]
ROSTER = [
    ["执法证号", "姓名", "科室"],
    ["J001", "张三", "法规科"],
    ["J002", "李四", "执法一大队"],
    ["J003", "王五", "执法二大队"],
    ["J004", "赵六", "监测站"],
]


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


@pytest.fixture
def records(tmp_path: Path) -> Records:
    return Records(tmp_path / "records.db", today=lambda: TODAY)


# -- item 5: a stale stored dimension ---------------------------------------------------------
@pytest.mark.parametrize("writer", [openpyxl_sheet, xlsxwriter_sheet])
def test_quiz_import_reads_every_row_of_a_sheet_with_a_stale_dimension(
    writer, catalog, tmp_path: Path
) -> None:
    path = stale_dimension(writer(tmp_path / "题库.xlsx", [COLUMNS, *QUESTIONS]), "A1:J2")
    assert stored_dimension(path) == "A1:J2"
    report = import_file(path, catalog, tmp_path / "quizzes")
    assert (report.rows, report.imported, report.errors) == (5, 5, [])
    assert len(load_bank(report.target, catalog).questions) == 5


def test_roster_import_reads_every_row_of_a_sheet_with_a_stale_dimension(
    records: Records, tmp_path: Path
) -> None:
    path = stale_dimension(openpyxl_sheet(tmp_path / "roster.xlsx", ROSTER), "A1:A1")
    result = records.import_roster(path)
    assert result.imported == ["J001", "J002", "J003", "J004"] and result.errors == []
    assert records.officer("J004").unit == "监测站"  # the third column, beyond "A1:A1"


def test_discretion_import_reads_every_row_of_a_sheet_with_a_stale_dimension(
    tmp_path: Path, corpus_home: Path
) -> None:
    from lawkb.discretion.table import load_table
    from lawkb.discretion.xlsx_import import import_xlsx
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(copy_home(corpus_home, tmp_path / "home"))
    rows = discretion_rows()[:3]
    path = stale_dimension(xlsxwriter_sheet(tmp_path / "std.xlsx", rows), "A1:F2")
    result = import_xlsx(kb, load_table(kb), path, name="测试")
    assert result.imported_rows == [2, 3] and result.rejected_rows == []
    assert [t.name for t in result.standard.violations[0].tiers] == ["一般", "较重"]
    kb.close()


# -- item 6: formulas without a saved value ---------------------------------------------------
def test_a_formula_without_a_saved_value_is_named_not_read_as_empty(
    catalog, records: Records, tmp_path: Path
) -> None:
    quiz = openpyxl_sheet(tmp_path / "题库.xlsx", [COLUMNS, *QUESTIONS])
    with_uncached_formula(quiz, row=4, col=2, formula='="示例"&"公式题干"')
    with pytest.raises(ParseError) as err:
        import_file(quiz, catalog, tmp_path / "quizzes")
    assert err.value.line == 4 and "第 B 列" in str(err.value) and "公式" in str(err.value)
    assert not (tmp_path / "quizzes").exists()  # nothing written half-way

    roster = openpyxl_sheet(tmp_path / "roster.xlsx", ROSTER)
    with_uncached_formula(roster, row=3, col=2, formula='=UPPER("li")')
    with pytest.raises(ParseError, match="formula") as err:
        records.import_roster(roster)
    assert err.value.line == 3 and records.officers() == []


def test_a_formula_with_a_saved_value_is_read_as_its_value(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "cached.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["执法证号", "姓名"])
    ws.write_string(1, 0, "J001")
    ws.write_formula(1, 1, '="张"&"三"', None, "张三")  # saved with its value, as Excel does
    wb.close()
    assert read_table(path) == [["执法证号", "姓名"], ["J001", "张三"]]


# -- item 7: long numbers in number cells ------------------------------------------------------
@pytest.mark.parametrize("writer", [openpyxl_sheet, xlsxwriter_sheet])
def test_a_float_rounded_id_is_refused_and_nothing_is_imported(
    writer, records: Records, tmp_path: Path
) -> None:
    # both writers store the id as the float 1.234567890123457e+19, as Excel does
    rows = [ROSTER[0], [10086, "张三", "法规科"], [12345678901234567890, "李四", "法规科"]]
    path = writer(tmp_path / "roster.xlsx", rows)
    with pytest.raises(ParseError) as err:
        records.import_roster(path)
    message = str(err.value)
    assert err.value.line == 3 and "第 A 列" in message and "文本格式" in message
    assert records.officers() == []


def test_numeric_ids_are_kept_as_text(records: Records, tmp_path: Path) -> None:
    rows = [ROSTER[0], [10086, "张三", "x"], [10087.0, "李四", "x"], [123456789012345, "王五", "x"]]
    result = records.import_roster(xlsxwriter_sheet(tmp_path / "roster.xlsx", rows))
    assert result.imported == ["10086", "10087", "123456789012345"]  # 15 digits: exact


def test_an_id_saved_to_csv_as_excel_shows_it_is_refused(records: Records, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("执法证号,姓名\nJ001,张三\n1.23457E+19,李四\n", encoding="utf-8-sig")
    result = records.import_roster(path)
    assert result.imported == ["J001"]
    assert [(e.row, e.field) for e in result.errors] == [(3, "id")]
    assert "text" in result.errors[0].message


# -- item 15 and the CSV side of the reader -----------------------------------------------------
def test_quiz_import_of_a_binary_csv_says_so(tmp_path: Path) -> None:
    from lawkb.cli.main import main

    binary = tmp_path / "bank.csv"
    binary.write_bytes(bytes(random.Random(15).randrange(128, 256) for _ in range(4000)))
    zipped = openpyxl_sheet(tmp_path / "bank.xlsx", [COLUMNS]).rename(tmp_path / "zipped.csv")
    for path, expected in ((binary, "binary"), (zipped, "XLSX")):
        r = CliRunner().invoke(
            main, ["--home", str(tmp_path / "home"), "quiz", "import", str(path)]
        )
        assert r.exit_code == 1, r.output
        assert isinstance(r.exception, SystemExit)  # a message, not a traceback
        assert str(path) in r.stderr and expected in r.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("题型;题干\r\n单选;“示例”，题干\r\n".encode(encoding))
    assert read_table(path) == [["题型", "题干"], ["单选", "“示例”，题干"]]


def test_unreadable_files_are_table_errors(tmp_path: Path) -> None:
    cases = {
        "nul.csv": b"a,b\n\x00\x01\x02,c\n",
        "bad.csv": "题型,题干\n".encode() + b"\x80\xff\x80\xff\n",
        "junk.xlsx": b"not a workbook",
        "old.xls": b"\xd0\xcf\x11\xe0",
        "t.doc": b"x",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(TableError) as err:
            read_table(path)
        assert str(path) in str(err.value)
    with pytest.raises(TableError, match="文件不存在"):
        read_table(tmp_path / "missing.xlsx")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
