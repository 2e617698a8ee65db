"""The study-hour ledger: log, group sessions, automatic entries, corrections, audit.

Entries are append-only (SQLite triggers refuse UPDATE and DELETE). Every function that
writes expects to run inside one BEGIN IMMEDIATE transaction (Records does that), so its
checks and its inserts see the same ledger, and a failed check writes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import lawkb.records.chain as chain
import lawkb.records.events as events
from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _
from lawkb.records.dates import parse_date
from lawkb.records.db import utc_now
from lawkb.records.durations import hm
from lawkb.records.models import AuditedEntry, Entry, Officer, Settings
from lawkb.records.officers import get_officer
from lawkb.records.schema import CORRECTION, EXAM, GROUP, IMPORT, MANUAL, MAX_MINUTES_PER_DAY, QUIZ

_FIELDS = (*chain.HASHED, "prev_hash", "hash")
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM entries"


def insert_entry(conn: sqlite3.Connection, fields: dict[str, Any]) -> int:
    """Append one entry at the end of the chain. The caller holds the write lock."""
    key = events.sealing_key(conn)
    last_id, _ignored, prev_hash = events.last_link(conn, "entries")
    row = dict(fields, id=last_id + 1, recorded_at=fields.get("recorded_at") or utc_now())
    row["automatic"] = int(bool(row["automatic"]))
    row["prev_hash"] = prev_hash
    row["hash"] = chain.entry_hash(prev_hash, row, key)
    conn.execute(
        f"INSERT INTO entries ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})",
        [row[name] for name in _FIELDS],
    )
    events.seal_head(conn, "ledger_head", "entries", key)
    return row["id"]


def _officer(conn: sqlite3.Connection, officer_id: str, field: str = "officer") -> Officer:
    try:
        return get_officer(conn, str(officer_id).strip())
    except NotFound:
        raise InvalidInput(
            field,
            _("没有编号为 '{officer_id}' 的执法人员（请用 `lawkb officers add` 添加）").format(
                officer_id=officer_id
            ),
        ) from None


def _check_minutes(minutes: int, field: str = "minutes") -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidInput(field, _("应为整分钟，实际为 {minutes!r}").format(minutes=minutes))
    if minutes <= 0:
        raise InvalidInput(field, _("{minutes} 分钟不大于零").format(minutes=minutes))
    return minutes


def _check_activity(activity: str, settings: Settings) -> str:
    value = (activity or "").strip()
    if value not in settings.activities:
        known = ", ".join(settings.activities)
        raise InvalidInput(
            "activity",
            _("未知的活动类型 '{activity}'；应为以下之一：{known}").format(
                activity=activity, known=known
            ),
        )
    return value


def _check_date(day: dt.date, officer: Officer, today: dt.date) -> str:
    iso = day.isoformat()
    if day > today:
        raise InvalidInput(
            "date",
            _("{iso} 是将来的日期（今天是 {today}）").format(iso=iso, today=today.isoformat()),
        )
    if officer.joined and iso < officer.joined:
        raise InvalidInput(
            "date",
            _("{iso} 早于执法人员 {id} 入职日期（{joined}）").format(
                iso=iso, id=officer.id, joined=officer.joined
            ),
        )
    if officer.left_on and iso > officer.left_on:
        raise InvalidInput(
            "date",
            _("{iso} 晚于执法人员 {id} 离开日期（{left_on}）").format(
                iso=iso, id=officer.id, left_on=officer.left_on
            ),
        )
    return iso


def first_day(conn: sqlite3.Connection) -> dt.date:
    """The earliest day the ledger takes: 1 January of the year before it was started (so
    last year's records can be entered), or of its earliest entry's year if that is older."""
    row = conn.execute(
        "SELECT min(d) FROM (SELECT min(date) AS d FROM entries UNION ALL "
        "SELECT min(substr(created_at, 1, 10)) FROM officers UNION ALL "
        "SELECT min(substr(at, 1, 10)) FROM events WHERE kind = 'baseline') AS firsts"
    ).fetchone()
    started = dt.date.fromisoformat(row[0]) if row and row[0] else dt.date.today()
    return dt.date(started.year - 1, 1, 1)


def _check_ledger_year(conn: sqlite3.Connection, day: dt.date) -> None:
    earliest = first_day(conn)
    if day < earliest:
        raise InvalidInput(
            "date",
            _("{day} 早于账本的第一个年度（{year}）：记录开始于 ").format(
                day=day.isoformat(), year=earliest.year
            )
            + earliest.isoformat(),
        )


def day_minutes(conn: sqlite3.Connection, officer_id: str, iso_date: str) -> int:
    row = conn.execute(
        "SELECT coalesce(sum(minutes), 0) FROM entries WHERE officer_id = ? AND date = ?",
        [officer_id, iso_date],
    ).fetchone()
    return int(row[0])


def _check_day_limit(conn: sqlite3.Connection, officer_id: str, iso: str, minutes: int) -> None:
    already = day_minutes(conn, officer_id, iso)
    if already + minutes > MAX_MINUTES_PER_DAY:
        raise InvalidInput(
            "minutes",
            _("执法人员 {officer_id} 在 {iso} 将有 {hm}（已登记 {hm2}）；每天最多 24 小时").format(
                officer_id=officer_id, iso=iso, hm=hm(already + minutes), hm2=hm(already)
            ),
        )


def log(
    conn: sqlite3.Connection,
    settings: Settings,
    officer_id: str,
    minutes: int,
    date: str | dt.date,
    activity: str,
    *,
    topic: str = "",
    source: str = MANUAL,
    recorded_by: str = "",
    today: dt.date,
) -> int:
    """Log study time for one officer; returns the new entry id."""
    if source not in (MANUAL, IMPORT):
        raise InvalidInput("source", _("'{source}' 不是登记记录的来源").format(source=source))
    officer = _officer(conn, officer_id)
    minutes = _check_minutes(minutes)
    day = parse_date(date)
    _check_ledger_year(conn, day)
    iso = _check_date(day, officer, today)
    activity = _check_activity(activity, settings)
    _check_day_limit(conn, officer.id, iso, minutes)
    return insert_entry(
        conn, _fields(officer.id, iso, minutes, activity, topic, source, recorded_by=recorded_by)
    )


def log_auto(
    conn: sqlite3.Connection,
    settings: Settings,
    officer_id: str,
    minutes: int,
    activity: str,
    topic: str,
    *,
    ref: str,
    source: str = QUIZ,
    date: str | dt.date | None = None,
    today: dt.date,
) -> int:
    """An automatic entry from a quiz or mock exam. Logging the same ref twice is a no-op
    that returns the first entry's id, so a retried report never counts twice."""
    if source not in (QUIZ, EXAM):
        raise InvalidInput(
            "source", _("'{source}' 不是自动计时的来源（quiz、exam）").format(source=source)
        )
    if not (ref or "").strip():
        raise InvalidInput("ref", _("自动计时记录需要对应练习或考试的编号"))
    officer = _officer(conn, officer_id)
    existing = conn.execute(
        "SELECT id FROM entries WHERE officer_id = ? AND ref = ? AND automatic = 1 "
        "AND corrects IS NULL",
        [officer.id, ref],
    ).fetchone()
    if existing:
        return int(existing[0])
    minutes = _check_minutes(minutes)
    day = parse_date(date) if date else today
    _check_ledger_year(conn, day)
    iso = _check_date(day, officer, today)
    activity = _check_activity(activity, settings)
    _check_day_limit(conn, officer.id, iso, minutes)
    return insert_entry(
        conn,
        _fields(
            officer.id,
            iso,
            minutes,
            activity,
            topic,
            source,
            automatic=True,
            ref=ref,
            recorded_by="lawkb",
        ),
    )


def _check_attendees(
    conn: sqlite3.Connection,
    officer_ids: Sequence[str],
    day: dt.date,
    minutes: int,
    today: dt.date,
) -> list[str]:
    """The attendees' ids, each one checked (roster, date, day limit); every problem at once."""
    ids = [str(i).strip() for i in officer_ids if str(i).strip()]
    if not ids:
        raise InvalidInput("officers", _("没有给出参加者"))
    problems: list[str] = []
    seen: set[str] = set()
    for officer_id in ids:
        if officer_id in seen:
            problems.append(_("{officer_id}：列出了两次").format(officer_id=officer_id))
            continue
        seen.add(officer_id)
        try:
            officer = _officer(conn, officer_id)
            iso = _check_date(day, officer, today)
            _check_day_limit(conn, officer.id, iso, minutes)
        except InvalidInput as exc:
            problems.append(f"{officer_id}: {exc.message}")
    if problems:
        raise InvalidInput(
            "officers",
            _("{n_problems} 名参加者无法登记，未写入任何内容：").format(n_problems=len(problems))
            + "; ".join(problems),
        )
    return ids


def group(
    conn: sqlite3.Connection,
    settings: Settings,
    officer_ids: Sequence[str],
    minutes: int,
    date: str | dt.date,
    activity: str,
    topic: str,
    *,
    recorded_by: str = "",
    today: dt.date,
    again: bool = False,
) -> tuple[int, list[int]]:
    """One session for many attendees: every entry or none. Returns (session id, entry ids).

    A session with the same date, activity, topic and attendees is refused unless `again`:
    running the same command twice must not double everyone's hours silently."""
    minutes = _check_minutes(minutes)
    day = parse_date(date)
    _check_ledger_year(conn, day)
    activity = _check_activity(activity, settings)
    ids = _check_attendees(conn, officer_ids, day, minutes, today)
    if not again:
        _refuse_repeat(conn, day.isoformat(), activity, topic.strip(), ids)
    now = utc_now()
    cur = conn.execute(
        "INSERT INTO sessions (date, minutes, activity, topic, attendees, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [day.isoformat(), minutes, activity, topic.strip(), len(ids), recorded_by, now],
    )
    session_id = int(cur.lastrowid or 0)
    session = {
        "id": session_id,
        "date": day.isoformat(),
        "minutes": minutes,
        "activity": activity,
        "topic": topic.strip(),
        "attendees": len(ids),
        "recorded_by": recorded_by,
        "recorded_at": now,
    }
    events.append(conn, events.SESSION, str(session_id), None, session, recorded_by)
    entry_ids = [
        insert_entry(
            conn,
            _fields(
                officer_id,
                day.isoformat(),
                minutes,
                activity,
                topic,
                GROUP,
                session_id=session_id,
                recorded_by=recorded_by,
                recorded_at=now,
            ),
        )
        for officer_id in ids
    ]
    return session_id, entry_ids


def correct(
    conn: sqlite3.Connection,
    entry_id: int,
    *,
    minutes: int | None = None,
    reverse: bool = False,
    reason: str,
    recorded_by: str = "",
) -> int:
    """Adjust an entry to `minutes` (or to zero with reverse) by appending a correction."""
    if (minutes is None) == (not reverse):
        raise InvalidInput("minutes", _("更正后的分钟数和冲销只能给出其一"))
    if not (reason or "").strip():
        raise InvalidInput("reason", _("更正需要原因"))
    original = get_entry(conn, entry_id)
    if original.corrects is not None:
        raise InvalidInput(
            "entry",
            _("记录 {entry_id} 本身是对记录 {corrects} 的更正；请更正记录 {corrects}").format(
                entry_id=entry_id, corrects=original.corrects
            ),
        )
    effective = original.minutes + sum(c.minutes for c in corrections_of(conn, entry_id))
    wanted = 0 if reverse else _check_minutes(minutes, "minutes")  # type: ignore[arg-type]
    delta = wanted - effective
    if delta == 0:
        raise InvalidInput(
            "minutes",
            _("记录 {entry_id} 已是 {effective} 分钟；无需更正").format(
                entry_id=entry_id, effective=effective
            ),
        )
    if delta > 0:
        _check_day_limit(conn, original.officer_id, original.date, delta)
    return insert_entry(
        conn,
        _fields(
            original.officer_id,
            original.date,
            delta,
            original.activity,
            original.topic,
            CORRECTION,
            automatic=original.automatic,
            ref=original.ref,
            session_id=original.session_id,
            corrects=original.id,
            reason=reason.strip(),
            recorded_by=recorded_by,
        ),
    )


def _fields(
    officer_id: str,
    iso_date: str,
    minutes: int,
    activity: str,
    topic: str,
    source: str,
    *,
    automatic: bool = False,
    ref: str = "",
    session_id: int | None = None,
    corrects: int | None = None,
    reason: str = "",
    recorded_by: str = "",
    recorded_at: str = "",
) -> dict[str, Any]:
    return {
        "officer_id": officer_id,
        "date": iso_date,
        "minutes": minutes,
        "activity": activity,
        "topic": (topic or "").strip(),
        "source": source,
        "automatic": automatic,
        "ref": ref,
        "session_id": session_id,
        "corrects": corrects,
        "reason": reason,
        "recorded_by": (recorded_by or "").strip(),
        "recorded_at": recorded_at,
    }


# -- reading ------------------------------------------------------------------------------
def _entry(row: tuple) -> Entry:
    return Entry(**dict(zip(_FIELDS, row, strict=True)))


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    row = conn.execute(_SELECT + " WHERE id = ?", [entry_id]).fetchone()
    if row is None:
        raise NotFound(_("记录 {entry_id} 不存在").format(entry_id=entry_id))
    return _entry(row)


def corrections_of(conn: sqlite3.Connection, entry_id: int) -> list[Entry]:
    return [
        _entry(r) for r in conn.execute(_SELECT + " WHERE corrects = ? ORDER BY id", [entry_id])
    ]


def list_entries(
    conn: sqlite3.Connection,
    officer_id: str | None = None,
    year: int | None = None,
    unit: str | None = None,
) -> list[Entry]:
    sql, args = _SELECT + " WHERE 1", []
    if officer_id:
        sql += " AND officer_id = ?"
        args.append(officer_id)
    if year:
        sql += " AND date BETWEEN ? AND ?"
        args += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    if unit is not None:
        sql += " AND officer_id IN (SELECT id FROM officers WHERE unit = ?)"
        args.append(unit)
    return [_entry(r) for r in conn.execute(sql + " ORDER BY id", args)]


def audited(entries: Iterable[Entry]) -> list[AuditedEntry]:
    """Group a list of entries into originals with their corrections, in ledger order."""
    items = list(entries)
    by_id = {
        e.id: AuditedEntry(entry=e, effective_minutes=e.minutes)
        for e in items
        if e.corrects is None
    }
    for e in items:
        if e.corrects is not None and e.corrects in by_id:
            item = by_id[e.corrects]
            item.corrections.append(e)
            item.effective_minutes += e.minutes
    return list(by_id.values())


def _refuse_repeat(
    conn: sqlite3.Connection, iso: str, activity: str, topic: str, ids: list[str]
) -> None:
    rows = conn.execute(
        "SELECT id FROM sessions WHERE date = ? AND activity = ? AND topic = ? ORDER BY id",
        [iso, activity, topic],
    ).fetchall()
    same = [r[0] for r in rows if set(session_attendees(conn, r[0])) == set(ids)]
    if same:
        raise InvalidInput(
            "again",
            _(
                "会话 {same_last} 已记录同一天、同一活动、同一主题、同样的参加人员（{iso} "
                "{activity} {topic}）；确要再记一次，请加 --again"
            ).format(same_last=same[-1], iso=iso, activity=activity, topic=topic),
        )


def session_attendees(conn: sqlite3.Connection, session_id: int) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT officer_id FROM entries WHERE session_id = ? AND corrects IS NULL ORDER BY id",
            [session_id],
        )
    ]


def answered_minutes(seconds_per_answer: Iterable[float], cap_seconds: float = 180.0) -> int:
    """Study time of a practice round or mock exam from its answered questions.

    Each answered question counts for the time spent on it, capped (so an idle screen left
    open does not count), and the total is rounded down to whole minutes.
    """
    total = sum(min(max(float(s), 0.0), cap_seconds) for s in seconds_per_answer)
    return math.floor(total / 60)
