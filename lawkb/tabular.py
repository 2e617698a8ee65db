"""One reader for the spreadsheets officers bring: CSV (UTF-8 with or without BOM, or GB18030
as Excel in China saves it) and XLSX. Used by roster, quiz-bank and discretion import.

`read_table(path)` returns every row of the first sheet as text cells; row n of the list is
row n + 1 of the sheet, as Excel shows it. A file that would be read wrongly is refused with
a `TableError` naming the row and column, never read silently half or wrong:
- XLSX whose stored dimension is stale (other tools write one): the dimension is reset;
- formula cells without a saved value (files written by scripts): "save values";
- a number cell too long to be exact (Excel keeps 15 digits): "format the column as text";
- binary or undecodable "CSV" files, and XLSX renamed to .csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from lawkb.errors import ParseError
from lawkb.i18n import _

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_EXACT_FLOAT = 2**53  # beyond this a float cell no longer holds every integer exactly
_DELIMITERS = ",\t;"


class TableError(ParseError):
    """A spreadsheet that cannot be read as it is: `line` is the row (1 = the first row)."""

    def __init__(self, path: Path | str, row: int | None, message: str, column: int | None = None):
        self.row = row
        self.column = column
        if column is not None:
            message = _("第 {letter} 列：{message}").format(
                letter=column_letter(column), message=message
            )
        super().__init__(path, row, message)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as Excel names columns)."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def read_table(path: Path | str, *, kind: str = "table") -> list[list[str]]:
    """Every row of a .csv/.tsv/.txt file or of an .xlsx workbook's first sheet, as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _xlsx_rows(path)
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path)
    if suffix == ".xls":
        raise TableError(path, None, _("不支持旧的 .xls 工作簿；请另存为 .xlsx"))
    raise TableError(path, None, _("应为 .csv 或 .xlsx 的{kind}").format(kind=kind))


# -- CSV -------------------------------------------------------------------------------------
def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TableError(path, None, _("文件不存在")) from None
    except OSError as exc:
        raise TableError(
            path, None, _("无法读取文件（{strerror}）").format(strerror=exc.strerror)
        ) from None


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else GB18030; binary data is refused rather than decoded."""
    if data.startswith(b"PK\x03\x04"):
        raise TableError(path, None, _("这是 XLSX 工作簿，不是 CSV 文本：请命名为 .xlsx"))
    if b"\x00" in data:
        raise TableError(path, None, _("二进制文件，不是 CSV 文本（请另存为 CSV 或 .xlsx）"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as first:
        try:  # Excel in China saves CSV as GBK unless told otherwise
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: first.start].count(b"\n") + 1
            raise TableError(
                path, line, _("既不是 UTF-8 也不是 GBK 文本（请把工作表另存为 CSV UTF-8 或 .xlsx）")
            ) from None
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n")
    if controls > max(8, len(text) // 100):
        raise TableError(path, None, _("二进制文件，不是 CSV 文本（请另存为 CSV 或 .xlsx）"))
    return text


def _csv_rows(path: Path) -> list[list[str]]:
    text = decode_text(_read_bytes(path), path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append([c.strip() for c in cells])
    except csv.Error as exc:
        raise TableError(
            path, len(rows) + 1, _("无法作为 CSV 读取（{exc}）").format(exc=exc)
        ) from None
    return rows


# -- XLSX ------------------------------------------------------------------------------------
def _open(path: Path, data_only: bool) -> Any:
    from openpyxl import load_workbook  # why: +75 ms, and only the importers need it

    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except FileNotFoundError:
        raise TableError(path, None, _("文件不存在")) from None
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors)
        raise TableError(
            path,
            None,
            _("不是 XLSX 工作簿（{name}：{exc}）").format(name=exc.__class__.__name__, exc=exc),
        ) from None


def _sheet_rows(path: Path, data_only: bool) -> list[tuple[Any, ...]]:
    """Rows of the first sheet: values (data_only) or cells with their data types."""
    wb = _open(path, data_only)
    try:
        if not wb.worksheets:
            raise TableError(path, None, _("工作簿中没有工作表"))
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # the stored dimension may be stale: read every row there is
        return [tuple(row) for row in ws.iter_rows(values_only=data_only)]
    except TableError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise TableError(
            path, None, _("不是可读取的 XLSX 工作簿（{exc}）").format(exc=exc)
        ) from None
    finally:
        wb.close()


def _xlsx_rows(path: Path) -> list[list[str]]:
    cells = _sheet_rows(path, data_only=False)
    formulas = [
        (r, c)
        for r, row in enumerate(cells)
        for c, cell in enumerate(row)
        if getattr(cell, "data_type", None) == "f"
    ]
    values = [[getattr(cell, "value", None) for cell in row] for row in cells]
    if formulas:  # a formula's saved result is only in the data_only view
        cached = _sheet_rows(path, data_only=True)
        for r, c in formulas:
            saved = cached[r][c] if r < len(cached) and c < len(cached[r]) else None
            if saved is None:
                raise TableError(
                    path,
                    r + 1,
                    _(
                        "单元格中是公式（{values}），没有保存的计算结果；请在 Excel 或 WPS "
                        "中打开并保存，或把单元格粘贴为数值"
                    ).format(values=values[r][c]),
                    column=c,
                )
            values[r][c] = saved
    return [
        [cell_text(v, path=path, row=r, column=c) for c, v in enumerate(row)]
        for r, row in enumerate(values, start=1)
    ]


def cell_text(value: Any, *, path: Path | str = "", row: int | None = None, column: int = 0) -> str:
    """A cell as text: whole numbers without '.0', dates as ISO, an inexact number refused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= _EXACT_FLOAT:
            raise TableError(
                path,
                row,
                _(
                    "数字 {value:.15g} 太长，无法精确保存（电子表格只保留 15 位）；请把该列设为"
                    "文本格式，重新输入数值后保存"
                ).format(value=value),
                column=column,
            )
        if value.is_integer():
            return str(int(value))  # a staff number typed into a number cell
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
