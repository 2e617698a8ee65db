"""Exports for coordinators: CSV (UTF-8 with BOM), XLSX (xlsxwriter) and JSON.

Every figure comes from the stored integer minutes: totals are sums of minutes, hours are
minutes / 60 computed once from such a sum (never a sum of rounded hours). Text cells that
a spreadsheet could take for a formula (= + - @, tab, CR first) are neutralised: a leading
apostrophe in CSV, Excel's own quote prefix (text, never a formula) in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawkb.atomic import atomic_open, real_target, replace_into, temp_beside
from lawkb.errors import InvalidInput, LawkbError
from lawkb.i18n import _
from lawkb.records.durations import hours
from lawkb.records.models import Report
from lawkb.records.reports import STATUS_ZH

FORMATS = ("csv", "xlsx", "json")
RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
ROLE_ZH = {"officer": "执法人员", "trainee": "学员", "coordinator": "培训管理员"}
SOURCE_ZH = {
    "manual": "手工录入",
    "group": "集中学习",
    "quiz": "练习",
    "exam": "模拟考试",
    "import": "导入",
    "correction": "更正",
}

TEXT, INT, HOURS, DATE = "text", "int", "hours", "date"
CHECKPOINT_LABEL = "校验点"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text | int | hours (value is minutes) | date (ISO text)


@dataclass
class Sheet:
    name: str
    columns: Sequence[Column]
    rows: list[list[Any]]


SUMMARY = (
    Column("执法证号", TEXT),
    Column("姓名", TEXT),
    Column("单位", TEXT),
    Column("角色", TEXT),
    Column("入职日期", DATE),
    Column("离职日期", DATE),
    Column("完成分钟", INT),
    Column("其中自动分钟", INT),
    Column("计入分钟", INT),
    Column("计入学时", HOURS),
    Column("目标分钟", INT),
    Column("目标学时", HOURS),
    Column("剩余分钟", INT),
    Column("状态", TEXT),
    Column("条目数", INT),
)
UNITS = (
    Column("单位", TEXT),
    Column("人数", INT),
    Column("计入分钟", INT),
    Column("计入学时", HOURS),
    Column("目标分钟", INT),
    Column("已完成人数", INT),
    Column("落后人数", INT),
)
DETAIL = (
    Column("条目编号", INT),
    Column("执法证号", TEXT),
    Column("姓名", TEXT),
    Column("单位", TEXT),
    Column("日期", DATE),
    Column("分钟", INT),
    Column("学时", HOURS),
    Column("学习类型", TEXT),
    Column("内容", TEXT),
    Column("来源", TEXT),
    Column("自动", TEXT),
    Column("更正条目", INT),
    Column("更正原因", TEXT),
    Column("集中学习场次", INT),
    Column("记录人", TEXT),
    Column("记录时间", TEXT),
)


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(RISKY_FIRST) else text


def summary_sheet(rep: Report) -> Sheet:
    rows = [
        [
            p.id,
            p.name,
            p.unit,
            ROLE_ZH.get(p.role, p.role),
            p.joined,
            p.left_on,
            p.done_minutes,
            p.auto_minutes,
            p.counted_minutes,
            p.counted_minutes,
            p.target_minutes,
            p.target_minutes,
            p.remaining_minutes,
            STATUS_ZH[p.status],
            p.entries,
        ]
        for p in rep.officers
    ]
    return Sheet(f"{rep.year}汇总", SUMMARY, rows)


def units_sheet(rep: Report) -> Sheet:
    rows = [
        [
            u.unit,
            u.officers,
            u.counted_minutes,
            u.counted_minutes,
            u.target_minutes,
            u.complete,
            u.behind,
        ]
        for u in [*rep.units, rep.total.model_copy(update={"unit": "合计"})]
    ]
    return Sheet("按单位", UNITS, rows)


def detail_sheet(conn: sqlite3.Connection, rep: Report) -> Sheet:
    wanted = {p.id for p in rep.officers}
    rows = [
        [
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[5],
            r[6],
            r[7],
            SOURCE_ZH.get(r[8], r[8]),
            "是" if r[9] else "",  # blank, not 否: 50,000 fewer cells, filters still work
            *r[10:],
        ]
        for r in conn.execute(
            "SELECT e.id, e.officer_id, o.name, o.unit, e.date, e.minutes, e.activity, e.topic, "
            "e.source, e.automatic, e.corrects, e.reason, e.session_id, e.recorded_by, "
            "e.recorded_at FROM entries e JOIN officers o ON o.id = e.officer_id "
            "WHERE e.date BETWEEN ? AND ? ORDER BY e.id",
            [f"{rep.year:04d}-01-01", f"{rep.year:04d}-12-31"],
        )
        if r[1] in wanted
    ]
    return Sheet(f"{rep.year}明细", DETAIL, rows)


def export(
    conn: sqlite3.Connection,
    rep: Report,
    fmt: str,
    path: Path,
    *,
    detail: bool = False,
    checkpoint: str = "",
) -> list[Path]:
    """Write the report (and with detail every entry behind it). Returns the files written.

    Each file carries the ledger's checkpoint (JSON: a key; XLSX: the printed page footer;
    CSV: a last column 校验点 filled on the first row), so a filed export can later prove
    the ledger was not cut back or re-hashed (`lawkb hours verify --checkpoint FILE`)."""
    if fmt not in FORMATS:
        raise InvalidInput(
            "format", _("'{fmt}' 不是导出格式；应为 csv、xlsx 或 json").format(fmt=fmt)
        )
    path = _writable_target(Path(path))
    sheets = [summary_sheet(rep)]
    if fmt == "xlsx":
        sheets.append(units_sheet(rep))
    if detail:
        sheets.append(detail_sheet(conn, rep))
    if fmt == "json":
        text = _json(rep, sheets[-1] if detail else None, checkpoint)
        _atomic_write(path, lambda f: f.write(text), "w")
        return [path]
    if fmt == "xlsx":
        _write_xlsx(path, sheets, checkpoint)
        return [path]
    written = [path]
    _write_csv(path, sheets[0], checkpoint)
    if detail:
        detail_path = real_target(path.with_name(f"{path.stem}-detail{path.suffix or '.csv'}"))
        _write_csv(detail_path, sheets[-1], checkpoint)
        written.append(detail_path)
    return written


# -- CSV ----------------------------------------------------------------------------------
def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == HOURS:
        return str(hours(value))
    if kind == INT:
        return str(value)
    return neutralise(str(value))


def _write_csv(path: Path, sheet: Sheet, checkpoint: str = "") -> None:
    def write(f: Any) -> None:
        out = csv.writer(f, lineterminator="\r\n")
        extra = [CHECKPOINT_LABEL] if checkpoint else []
        out.writerow([c.header for c in sheet.columns] + extra)
        kinds = [c.kind for c in sheet.columns]
        for n, row in enumerate(sheet.rows or [[None] * len(kinds)]):
            cells = [_csv_value(v, k) for v, k in zip(row, kinds, strict=True)]
            out.writerow(cells + ([checkpoint if n == 0 else ""] if checkpoint else []))

    # utf-8-sig writes the BOM, so that Excel reads the Chinese as UTF-8
    _atomic_write(path, write, "w", encoding="utf-8-sig", newline="")


# -- JSON ---------------------------------------------------------------------------------
def _json(rep: Report, detail: Sheet | None, checkpoint: str = "") -> str:
    data: dict[str, Any] = rep.model_dump(mode="json")
    if checkpoint:
        data["checkpoint"] = checkpoint
    for p in data["officers"]:
        p["counted_hours"] = float(hours(p["counted_minutes"]))
        p["target_hours"] = float(hours(p["target_minutes"]))
    if detail is not None:
        keys = (
            "id",
            "officer_id",
            "name",
            "unit",
            "date",
            "minutes",
            None,
            "activity",
            "topic",
            "source",
            "automatic",
            "corrects",
            "reason",
            "session_id",
            "recorded_by",
            "recorded_at",
        )
        data["entries"] = [
            {k: v for k, v in zip(keys, row, strict=True) if k is not None} for row in detail.rows
        ]
        for e in data["entries"]:
            e["automatic"] = e["automatic"] == "是"
            e["source"] = next((k for k, v in SOURCE_ZH.items() if v == e["source"]), e["source"])
    data["generated_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(data, ensure_ascii=False, indent=2)


# -- XLSX ---------------------------------------------------------------------------------
def _write_xlsx(path: Path, sheets: Iterable[Sheet], checkpoint: str = "") -> None:
    import xlsxwriter  # why: +36 ms on every start; only XLSX exports need it

    tmp = temp_beside(path)
    # Shared strings (not constant_memory): names, units and activities repeat on every row,
    # so the file is smaller and the export about 20% faster, for some memory.
    wb = xlsxwriter.Workbook(
        str(tmp),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "tmpdir": str(path.parent),
        },
    )
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    quoted = wb.add_format({"quote_prefix": True})
    hours_fmt = wb.add_format({"num_format": "0.00"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    try:
        for sheet in sheets:
            ws = wb.add_worksheet(sheet.name)
            for col, width in enumerate(_widths(sheet)):
                ws.set_column(col, col, width)
            ws.freeze_panes(1, 0)
            if checkpoint:  # on every printed page, where the coordinator files it
                ws.set_footer(f"&L{CHECKPOINT_LABEL} {checkpoint}&R&P/&N")
            ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)
            for col, c in enumerate(sheet.columns):
                ws.write_string(0, col, c.header, header)
            write_string, write_number = ws.write_string, ws.write_number
            text_cols, int_cols, hour_cols, date_cols = (
                [i for i, c in enumerate(sheet.columns) if c.kind == kind]
                for kind in (TEXT, INT, HOURS, DATE)
            )
            for r, row in enumerate(sheet.rows, start=1):
                for col in int_cols:
                    if (value := row[col]) is not None:
                        write_number(r, col, value)
                for col in hour_cols:
                    if (value := row[col]) is not None:
                        write_number(r, col, value / 60, hours_fmt)
                for col in date_cols:
                    if value := row[col]:
                        write_number(r, col, _excel_serial(value), date_fmt)
                for col in text_cols:
                    if value := row[col]:
                        if value.startswith(RISKY_FIRST):
                            write_string(r, col, value, quoted)
                        else:
                            write_string(r, col, value)
        wb.close()
        replace_into(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


@functools.lru_cache(maxsize=4096)
def _excel_serial(iso_date: str) -> int:
    """An ISO date as Excel's day number (what a date cell holds), cached: few distinct days."""
    return dt.date.fromisoformat(iso_date).toordinal() - _EXCEL_EPOCH


_width_cache: dict[str, int] = {}


def display_width(text: str) -> int:
    """Terminal/Excel width: CJK and other wide characters take two columns."""
    if text.isascii():
        return len(text)
    cached = _width_cache.get(text)
    if cached is None:
        cached = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        if len(_width_cache) < 100_000:
            _width_cache[text] = cached
    return cached


def _widths(sheet: Sheet) -> list[float]:
    widest = [display_width(c.header) for c in sheet.columns]
    samples = {INT: 8, HOURS: 8, DATE: 10}
    for col, c in enumerate(sheet.columns):
        if c.kind in samples:
            widest[col] = max(widest[col], samples[c.kind])
            continue
        distinct = {row[col] for row in sheet.rows}  # names, units, activities repeat
        distinct.discard(None)
        distinct.discard("")
        widest[col] = max([widest[col], *map(display_width, distinct)])
    return [min(w + 2, 60) for w in widest]


def _writable_target(path: Path) -> Path:
    """The file to replace (through a symlink), refused with a message naming the place when
    no file can go there."""
    path = real_target(path)
    folder = path.parent
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise InvalidInput(
            "output",
            _("文件夹 {folder} {what}；请先建立它，或换一个位置保存 {name}").format(
                folder=folder, what=what, name=path.name
            ),
        )
    if path.is_dir():
        raise InvalidInput(
            "output",
            _("{path} 是一个文件夹；请给出要写入的文件名，如 {value}").format(
                path=path, value=path / "hours.csv"
            ),
        )
    return path


def _atomic_write(path: Path, write: Any, mode: str, **kwargs: Any) -> None:
    """Write to a temporary file beside `path`, then rename: no half-written export."""
    try:
        with atomic_open(path, mode, **kwargs) as f:
            write(f)
    except OSError as exc:  # no room, no permission: the earlier file stays as it was
        raise LawkbError(
            _("{path}：无法写入（{value}）").format(path=path, value=exc.strerror or exc)
        ) from exc
