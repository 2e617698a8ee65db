"""Roster import from CSV or XLSX with Chinese or English headers.

Each bad row (missing id or name, a duplicate id, an unknown role, a bad date) is reported
with its spreadsheet row number; every good row is imported, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lawkb.errors import InvalidInput, ParseError
from lawkb.i18n import _
from lawkb.records.models import RosterResult, RowError
from lawkb.records.officers import add_officer
from lawkb.tabular import read_table

# field -> header names, most specific first (执法证号 wins over 工号 when both are there)
HEADERS: dict[str, tuple[str, ...]] = {
    "id": (
        "执法证号",
        "执法证号码",
        "执法证编号",
        "证号",
        "工号",
        "人员编号",
        "编号",
        "id",
        "officerid",
        "officer_id",
        "staffno",
        "staffid",
    ),
    "name": ("姓名", "名字", "name"),
    "unit": ("单位", "科室", "大队", "部门", "所在单位", "unit", "department"),
    "role": ("角色", "身份", "人员类别", "role"),
    "joined": ("入职日期", "入职时间", "到岗日期", "加入日期", "joined", "joindate", "startdate"),
}
REQUIRED = ("id", "name")
# 1.23457E+19: a long id in a number cell, saved to CSV as Excel displays it
_ROUNDED_ID = re.compile(r"\d(?:\.\d+)?[eE]\+\d+")
_AS_TEXT = "format the id column as text (文本), type the ids again and save"


def _norm(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).replace("\ufeff", "")
    return "".join(text.split()).lower().strip("*：:")


def map_header(cells: list[Any]) -> dict[str, int]:
    """Column index of each field found in a header row."""
    names = [_norm(c) for c in cells]
    found: dict[str, int] = {}
    for field, synonyms in HEADERS.items():
        for synonym in synonyms:
            if synonym in names:
                found[field] = names.index(synonym)
                break
    return found


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(1-based row number, cells) for every row of the file's first sheet."""
    yield from enumerate(read_table(path, kind="roster"), start=1)


def _cell_text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def import_roster(
    conn: sqlite3.Connection, path: Path, *, actor: str = "", today: dt.date
) -> RosterResult:
    """Import every good row; call inside a transaction. Raises ParseError if the file or its
    header cannot be read (then nothing is imported)."""
    path = Path(path)
    rows = read_rows(path)
    columns: dict[str, int] = {}
    header_row = 0
    for number, cells in rows:
        columns = map_header(cells)
        if all(f in columns for f in REQUIRED):
            header_row = number
            break
        if number >= 5:
            break
    if not header_row:
        wanted = "; ".join(f"{f}: {' / '.join(HEADERS[f][:3])}" for f in REQUIRED)
        raise ParseError(path, 1, _("没有含列 {wanted} 的表头行").format(wanted=wanted))
    result = RosterResult(path=str(path), imported=[], errors=[])
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        values = {f: _cell_text(cells[i]) if i < len(cells) else "" for f, i in columns.items()}
        if not any(values.values()):
            continue  # blank line
        officer_id = values.get("id", "")
        if _ROUNDED_ID.fullmatch(officer_id):
            message = f"'{officer_id}' is an id that Excel shows as a rounded number; {_AS_TEXT}"
            result.errors.append(RowError(row=number, field="id", message=message))
            continue
        if officer_id in first_seen:
            result.errors.append(
                RowError(
                    row=number,
                    field="id",
                    message=_("编号 '{officer_id}' 重复（首次出现在第 {first} 行）").format(
                        officer_id=officer_id, first=first_seen[officer_id]
                    ),
                )
            )
            continue
        conn.execute("SAVEPOINT roster_row")
        try:
            add_officer(
                conn,
                officer_id,
                values.get("name", ""),
                values.get("unit", ""),
                values.get("role", ""),
                values.get("joined") or None,
                actor=actor,
                today=today,
            )
        except InvalidInput as exc:
            conn.execute("ROLLBACK TO roster_row")
            result.errors.append(RowError(row=number, field=exc.field, message=exc.message))
        else:
            result.imported.append(officer_id)
            first_seen[officer_id] = number
        finally:
            conn.execute("RELEASE roster_row")
    return result
