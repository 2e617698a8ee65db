"""Real XLSX files as other tools write them: a stale stored dimension, formulas without a saved
value, long numbers in number cells. Written with openpyxl or xlsxwriter, then (for the stale
dimension) the sheet's <dimension> element rewritten as such tools leave it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SHEET = "xl/worksheets/sheet1.xml"
CODE = "《中华人民共和国生态环境法典》"
DISCRETION_HEADER = ["违法行为", "违法依据", "处罚依据", "裁量阶次", "适用情形", "处罚标准"]


def discretion_rows() -> list[list[str]]:
    """A made-up standard: two tiers under merged cells, then a second violation."""

    def row(name: str, violated: str, basis: str, tier: str, when: str, fine: str) -> list[str]:
        cited = [f"{CODE}{a}" if a else "" for a in (violated, basis)]
        return [name, *cited, tier, when, fine]

    return [
        DISCRETION_HEADER,
        row(
            "不正常运行",
            "第一百七十九条第二款",
            "第一千一百零四条第一款",
            "一般",
            "不能正常发挥作用=否",
            "2万元～5万元",
        ),
        row("", "", "", "较重", "不能正常发挥作用=是", "5万元～20万元"),
        row(
            "超标排放",
            "第一百五十一条",
            "第一千一百零七条",
            "轻微",
            "超标倍数<0.5",
            "10万元～30万元",
        ),
    ]


def openpyxl_sheet(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append([c if c != "" else None for c in row])
    wb.save(path)
    return path


def xlsxwriter_sheet(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """Numbers go in number cells (as floats, which is all an XLSX number cell holds)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            elif value not in ("", None):
                ws.write_string(r, c, str(value))
    wb.close()
    return path


def stale_dimension(path: Path, ref: str = "A1:B2") -> Path:
    """Rewrite the first sheet's stored dimension (what readers trust in read-only mode)."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == SHEET:
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data
                )
                assert n == 1, "the sheet has no <dimension> element"
            z.writestr(info, data)
    out.replace(path)
    return path


def stored_dimension(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        m = re.search(rb'<dimension ref="([^"]*)"', z.read(SHEET))
    return m.group(1).decode() if m else ""


def with_uncached_formula(path: Path, row: int, col: int, formula: str) -> Path:
    """An openpyxl workbook with a formula cell: openpyxl saves no value for it."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active.cell(row=row, column=col, value=formula)
    wb.save(path)
    return path
