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
