"""The annual requirement and the other settings, kept in the settings table; changes audited.

Targets are looked up most specific first: "target.<year>.<role>", "target.<year>",
"target.<role>", then "target" (40 h by default). With pro_rata on, an officer who joins
or leaves during the year gets the target in proportion to the days on the roster.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import Any

import lawkb.records.events as events
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.db import utc_now
from lawkb.records.models import Settings
from lawkb.records.schema import DEFAULT_SETTINGS, MAX_MINUTES_PER_DAY, ROLES

_TARGET_KEY = re.compile(r"^target(?:\.(?P<year>\d{4}))?(?:\.(?P<role>[a-z]+))?$")
_BOOL_KEYS = ("auto_counts", "pro_rata")


def load_settings(conn: sqlite3.Connection) -> Settings:
    values = dict(DEFAULT_SETTINGS)
    for key, value in conn.execute("SELECT key, value FROM settings"):
        values[key] = json.loads(value)
    targets = {k: int(v) for k, v in values.items() if _TARGET_KEY.match(k)}
    return Settings(
        activities=list(values["activities"]),
        auto_counts=bool(values["auto_counts"]),
        pro_rata=bool(values["pro_rata"]),
        targets=dict(sorted(targets.items())),
    )


def target_key(year: int | None = None, role: str | None = None) -> str:
    if role is not None and role not in ROLES:
        raise InvalidInput(
            "role",
            _("'{role}' 不是角色；应为 {roles} 之一").format(role=role, roles=", ".join(ROLES)),
        )
    if year is not None and not 1900 <= year <= 2999:
        raise InvalidInput("year", _("'{year}' 不是年份").format(year=year))
    return ".".join(["target", *([str(year)] if year else []), *([role] if role else [])])


def validate(key: str, value: Any) -> Any:
    """Check a setting's value; returns the value to store. Raises InvalidInput(key)."""
    if key == "activities":
        if not isinstance(value, list) or not value:
            raise InvalidInput(key, _("应为非空的活动类型列表"))
        names = [str(v).strip() for v in value]
        if any(not n for n in names):
            raise InvalidInput(key, _("活动类型不能为空"))
        if len(set(names)) != len(names):
            raise InvalidInput(key, _("有活动类型列出了两次"))
        return names
    if key in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise InvalidInput(key, _("应为 true 或 false，实际为 {value!r}").format(value=value))
        return value
    m = _TARGET_KEY.match(key)
    if m:
        if m["role"] and m["role"] not in ROLES:
            raise InvalidInput(
                key, _("'{role}' 不是角色；应为 {roles} 之一").format(role=m["role"], roles=ROLES)
            )
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(key, _("应为整分钟，实际为 {value!r}").format(value=value))
        if not 0 <= value <= 366 * MAX_MINUTES_PER_DAY:
            raise InvalidInput(key, _("{value} 分钟不是可能的年度目标").format(value=value))
        return value
    raise InvalidInput("setting", _("未知的设置 '{key}'").format(key=key))


def set_setting(conn: sqlite3.Connection, key: str, value: Any, actor: str = "") -> None:
    """Store (or with value None remove) a setting. Call inside a transaction."""
    old_row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    old = json.loads(old_row[0]) if old_row else None
    if value is None:
        if key in DEFAULT_SETTINGS:
            raise InvalidInput(key, _("这项设置不能删除，只能更改"))
        if old_row is None:
            raise InvalidInput(key, _("未设置"))
        conn.execute("DELETE FROM settings WHERE key = ?", [key])
    else:
        value = validate(key, value)
        if value == old:
            return
        conn.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            [key, json.dumps(value, ensure_ascii=False), utc_now(), actor],
        )
    record_change(conn, "setting", key, old, value, actor)


def record_change(
    conn: sqlite3.Connection, kind: str, subject: str, old: Any, new: Any, actor: str
) -> None:
    """Every change to an officer or a setting is a hash-chained event (never a silent edit)."""
    events.append(conn, kind, subject, old, new, actor)


def full_target(settings: Settings, year: int, role: str) -> int:
    t = settings.targets
    for key in (f"target.{year}.{role}", f"target.{year}", f"target.{role}", "target"):
        if key in t:
            return t[key]
    return int(DEFAULT_SETTINGS["target"])


def on_roster(year: int, joined: str | None, left_on: str | None) -> tuple[dt.date, dt.date]:
    """The part of the year the officer was on the roster (may be empty: start > end)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if joined:
        start = max(start, dt.date.fromisoformat(joined))
    if left_on:
        end = min(end, dt.date.fromisoformat(left_on))
    return start, end


def _share(minutes: int, days: int, year_days: int) -> int:
    """minutes * days / year_days, rounded half up, in integers (no float error)."""
    if days <= 0:
        return 0
    return (2 * minutes * days + year_days) // (2 * year_days)


def officer_target(
    settings: Settings, year: int, role: str, joined: str | None, left_on: str | None
) -> int:
    full = full_target(settings, year, role)
    if not settings.pro_rata:
        return full
    start, end = on_roster(year, joined, left_on)
    year_days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    return _share(full, (end - start).days + 1, year_days)


def expected_by(
    target: int, year: int, joined: str | None, left_on: str | None, today: dt.date
) -> int:
    """How much of the target an officer on an even pace has done by today."""
    start, end = on_roster(year, joined, left_on)
    if today >= end or start > end:
        return target
    if today < start:
        return 0
    period = (end - start).days + 1
    return _share(target, (today - start).days + 1, period)
