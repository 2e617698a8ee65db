"""Officers on the roster: add, read, list, leave. Every change is written to `changes`."""

from __future__ import annotations

import datetime as dt
import sqlite3

from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _
from lawkb.records.dates import parse_date
from lawkb.records.db import utc_now
from lawkb.records.models import Officer
from lawkb.records.requirements import record_change
from lawkb.records.schema import ROLES

# what roster files and coordinators write in the role column
ROLE_NAMES = {
    "officer": "officer",
    "执法人员": "officer",
    "执法队员": "officer",
    "干部": "officer",
    "trainee": "trainee",
    "学员": "trainee",
    "见习": "trainee",
    "见习人员": "trainee",
    "新进人员": "trainee",
    "coordinator": "coordinator",
    "培训管理员": "coordinator",
    "培训专管员": "coordinator",
    "管理员": "coordinator",
    "协调员": "coordinator",
}
_COLUMNS = "id, name, unit, role, joined, left_on, created_at"


def normalise_role(role: str | None, field: str = "role") -> str:
    value = (role or "").strip()
    if not value:
        return "officer"
    found = ROLE_NAMES.get(value.lower()) or ROLE_NAMES.get(value)
    if not found:
        raise InvalidInput(
            field,
            _("'{value}' 不是角色；应为 {roles} 之一（或 执法人员 / 学员 / 培训管理员）").format(
                value=value, roles=", ".join(ROLES)
            ),
        )
    return found


def clean_id(officer_id: str, field: str = "id") -> str:
    value = str(officer_id or "").strip()
    if not value:
        raise InvalidInput(field, _("执法人员编号（执法证号或工号）为空"))
    if any(c.isspace() or ord(c) < 32 for c in value) or len(value) > 64:
        raise InvalidInput(
            field, _("'{value}' 不是执法人员编号（不能有空格，最多 64 个字符）").format(value=value)
        )
    return value


def add_officer(
    conn: sqlite3.Connection,
    officer_id: str,
    name: str,
    unit: str = "",
    role: str = "officer",
    joined: str | dt.date | None = None,
    *,
    actor: str = "",
    today: dt.date,
) -> Officer:
    """Insert one officer. Call inside a transaction."""
    officer = Officer(
        id=clean_id(officer_id),
        name=_required(name, "name"),
        unit=(unit or "").strip(),
        role=normalise_role(role),
        joined=None,
        created_at=utc_now(),
    )
    if joined not in (None, ""):
        day = parse_date(joined, "joined")
        if day > today:
            raise InvalidInput(
                "joined", _("{day} 是将来的日期（今天是 {today}）").format(day=day, today=today)
            )
        officer.joined = day.isoformat()
    if conn.execute("SELECT 1 FROM officers WHERE id = ?", [officer.id]).fetchone():
        raise InvalidInput("id", _("执法人员 '{id}' 已在名册中").format(id=officer.id))
    conn.execute(
        f"INSERT INTO officers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            officer.id,
            officer.name,
            officer.unit,
            officer.role,
            officer.joined,
            None,
            officer.created_at,
        ],
    )
    record_change(conn, "officer.add", officer.id, None, officer.model_dump(), actor)
    return officer


def _required(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(field, _("为必填项，但为空"))
    return text


def get_officer(conn: sqlite3.Connection, officer_id: str) -> Officer:
    row = conn.execute(f"SELECT {_COLUMNS} FROM officers WHERE id = ?", [officer_id]).fetchone()
    if row is None:
        raise NotFound(_("执法人员 '{officer_id}' 不在名册中").format(officer_id=officer_id))
    return _officer(row)


def list_officers(
    conn: sqlite3.Connection, active_only: bool = False, unit: str | None = None
) -> list[Officer]:
    sql = f"SELECT {_COLUMNS} FROM officers WHERE 1"
    args: list[str] = []
    if active_only:
        sql += " AND left_on IS NULL"
    if unit:
        sql += " AND unit = ?"
        args.append(unit)
    return [_officer(r) for r in conn.execute(sql + " ORDER BY unit, id", args)]


def leave(
    conn: sqlite3.Connection,
    officer_id: str,
    on: str | dt.date | None,
    *,
    actor: str = "",
    today: dt.date,
) -> Officer:
    """Mark an officer as having left on a date (default today). Their entries stay."""
    officer = get_officer(conn, officer_id)
    if officer.left_on:
        raise InvalidInput(
            "id",
            _("执法人员 '{officer_id}' 已于 {left_on} 离开").format(
                officer_id=officer_id, left_on=officer.left_on
            ),
        )
    day = parse_date(on, "date") if on else today
    if day > today:
        raise InvalidInput(
            "date", _("{day} 是将来的日期（今天是 {today}）").format(day=day, today=today)
        )
    if officer.joined and day.isoformat() < officer.joined:
        raise InvalidInput(
            "date",
            _("{day} 早于该执法人员入职日期（{joined}）").format(day=day, joined=officer.joined),
        )
    last = conn.execute(
        "SELECT max(date) FROM entries WHERE officer_id = ?", [officer_id]
    ).fetchone()[0]
    if last and last > day.isoformat():
        raise InvalidInput(
            "date", _("{day} 早于该执法人员的最后一条记录（{last}）").format(day=day, last=last)
        )
    conn.execute("UPDATE officers SET left_on = ? WHERE id = ?", [day.isoformat(), officer_id])
    record_change(conn, "officer.leave", officer_id, None, day.isoformat(), actor)
    officer.left_on = day.isoformat()
    return officer


def _officer(row: tuple) -> Officer:
    return Officer(**dict(zip(_COLUMNS.split(", "), row, strict=True)))
