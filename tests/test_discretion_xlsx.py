"""Import of a bureau standard from XLSX (built here with xlsxwriter, made-up tiers)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from lawkb.discretion.standard import load_standard
from lawkb.discretion.standard_checks import validate_standard
from lawkb.discretion.table import load_table
from lawkb.discretion.xlsx_import import import_xlsx, parse_situation
from lawkb.errors import ParseError

HEADER = ["违法行为", "违法依据", "处罚依据", "裁量阶次", "适用情形", "处罚标准"]
CODE = "《中华人民共和国生态环境法典》"
# Excel row numbers: title in row 1, header in row 2, data from row 3
ROWS = [
    [
        "超标排放",
        f"{CODE}第一百五十一条",
        f"{CODE}第一千一百零七条",
        "轻微",
        "超标倍数<0.5",
        "10万元～30万元",
    ],  # 3
    ["", "", "", "一般", "超标倍数>=0.5；超标倍数<1", "30万元～60万元"],  # 4
    ["", "", "", "严重", "超标倍数>=1", "60万元～100万元"],  # 5 (较重 missing: a warning)
    [
        "无证排污",
        f"{CODE}第一百七十六条",
        f"{CODE}第一千一百零二条",
        "一般",
        "初次被查处",
        "5万元～30万元",
    ],  # 6 out of range
    ["", "", "", "严重", "再次被查处", "40万元～100万元"],  # 7
    [
        "逃避监管",
        f"{CODE}第一百六十四条",
        f"{CODE}第九千条",
        "一般",
        "排放量<10",
        "10万元～50万元",
    ],  # 8 unresolved
    [
        "不正常运行",
        f"{CODE}第一百七十九条第二款",
        f"{CODE}第一千一百零四条第一款",
        "一般",
        "不能正常发挥作用=否",
        "2万元～5万元",
    ],  # 9
    ["", "", "", "较重", "不能正常发挥作用=是", "5万元～20万元"],  # 10
    [
        "重叠示例",
        f"{CODE}第一百五十一条",
        f"{CODE}第一千一百零七条",
        "一般",
        "超标倍数<1",
        "10万元～50万元",
    ],  # 11
    ["", "", "", "较重", "超标倍数>=0.5", "40万元～100万元"],  # 12 overlaps 11
    [
        "缺依据",
        "",
        "",
        "一般",
        "",
        "处1万元罚款",
    ],  # 13: carried 违法依据? no: new violation needs 处罚依据
]


def _workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("裁量基准")
    ws.write(0, 0, "某市生态环境行政处罚裁量标准（测试用，虚构）")
    for col, name in enumerate(HEADER):
        ws.write(1, col, name)
    for r, row in enumerate(ROWS, start=2):
        for c, value in enumerate(row):
            if value:
                ws.write(r, c, value)
    ws.merge_range(2, 0, 4, 0, "超标排放")  # merged over its three tiers, as bureaus do
    wb.close()
    return path


@pytest.fixture
def kb_copy(tmp_path: Path, corpus_home: Path):
    """A writable home with the real collection (the shared one stays read-only)."""
    from lawkb.kb import KnowledgeBase

    home = tmp_path / "home"
    home.mkdir()
    src = sqlite3.connect(corpus_home / "collection.db")
    dst = sqlite3.connect(home / "collection.db")
    src.backup(dst)
    src.close()
    dst.close()
    return KnowledgeBase(home)


def test_bad_rows_are_reported_by_row_and_good_rows_imported(kb_copy, tmp_path: Path) -> None:
    result = import_xlsx(
        kb_copy, load_table(kb_copy), _workbook(tmp_path / "std.xlsx"), name="测试标准"
    )
    by_row: dict[int, list[str]] = {}
    for p in result.problems:
        by_row.setdefault(p.row, []).append(p.message)
    assert any("超出" in m and "的法定幅度" in m and "20万元～100万元" in m for m in by_row[6])
    assert any("处罚依据无法对应到条文" in m for m in by_row[8])
    assert any("阶次重叠" in m for m in by_row[12])
    assert any("缺少阶次 '较重'" in m for m in by_row[3])
    assert any("处罚依据为空" in m or "无法对应到条文" in m for m in by_row[13])
    assert result.rejected_rows == [6, 8, 11, 12, 13]
    assert result.imported_rows == [3, 4, 5, 7, 9, 10]
    std = result.standard
    assert [v.name for v in std.violations] == ["超标排放", "无证排污", "不正常运行"]
    assert validate_standard(std, kb_copy, load_table(kb_copy)) == [
        p for p in validate_standard(std, kb_copy, load_table(kb_copy)) if p.severity == "warning"
    ]


def test_cli_import_saves_the_valid_rows_and_keeps_what_exists(kb_copy, tmp_path: Path) -> None:
    from lawkb.cli.main import main

    book = _workbook(tmp_path / "std.xlsx")
    runner = CliRunner()
    args = ["--home", str(kb_copy.home), "discretion", "import", str(book), "--name", "测试标准"]
    res = runner.invoke(main, [*args, "--json"])
    assert res.exit_code == 1  # some rows were left out
    data = json.loads(res.output)
    assert data["rejected_rows"] == [6, 8, 11, 12, 13]
    saved = Path(data["saved_to"])
    assert saved.parent == kb_copy.home / "discretion"
    std = load_standard(saved)
    assert std.name == "测试标准" and len(std.violations) == 3
    before = saved.read_text(encoding="utf-8")
    again = runner.invoke(main, args)
    assert again.exit_code == 1 and "已存在" in again.output
    assert saved.read_text(encoding="utf-8") == before
    listed = runner.invoke(main, ["--home", str(kb_copy.home), "discretion", "standards", "--json"])
    assert "测试标准" in [s["name"] for s in json.loads(listed.output)]


def test_imported_free_text_situations_become_a_question(kb_copy, tmp_path: Path) -> None:
    from lawkb.discretion.xlsx_import import save_import

    result = import_xlsx(
        kb_copy, load_table(kb_copy), _workbook(tmp_path / "std.xlsx"), name="测试标准"
    )
    save_import(result, kb_copy.home / "discretion")
    calc = kb_copy.discretion.calculator
    cand = calc.candidate("standard:测试标准:R6")
    q = calc.next_question(cand, {})
    assert q is not None and q.name == "适用情形" and q.options == ["初次被查处", "再次被查处"]
    r = calc.calculate(cand, {"适用情形": "再次被查处"})
    assert r.tier == "严重" and (r.fine.low, r.fine.high) == (400_000, 1_000_000)
    # the 初次 row was left out (its range was outside the law): the calculator says no tier fits
    left_out = calc.calculate(cand, {"适用情形": "初次被查处"})
    assert left_out.tier is None and (left_out.fine.low, left_out.fine.high) == (200_000, 1_000_000)
    structured = calc.calculate(calc.candidate("standard:测试标准:R3"), {"超标倍数": "0.7"})
    assert structured.tier == "一般"


def test_not_a_workbook_and_missing_columns(kb_copy, tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ParseError, match="不是 XLSX 工作簿"):
        import_xlsx(kb_copy, load_table(kb_copy), junk)
    path = tmp_path / "cols.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for c, name in enumerate(["违法行为", "处罚依据", "处罚标准"]):
        ws.write(0, c, name)
    wb.close()
    with pytest.raises(ParseError, match="缺少列"):
        import_xlsx(kb_copy, load_table(kb_copy), path)


def test_situation_text() -> None:
    assert parse_situation("超标倍数<0.5；敏感区域=否") == [
        ("超标倍数", "<", "0.5"),
        ("敏感区域", "=", "否"),
    ]
    assert parse_situation("超标倍数≥1且排放量为10吨") == [
        ("超标倍数", ">=", "1"),
        ("排放量", "=", "10吨"),
    ]
    assert parse_situation("初次被查处，积极整改") is None
