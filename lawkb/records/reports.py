"""Each officer's year against the target, with totals by unit: one grouped query."""

from __future__ import annotations

import datetime as dt
import sqlite3

from lawkb.records.models import Progress, Report, Settings, UnitTotal
from lawkb.records.requirements import expected_by, officer_target

COMPLETE, ON_TRACK, BEHIND = "complete", "on_track", "behind"
STATUS_ZH = {COMPLETE: "已完成", ON_TRACK: "进度正常", BEHIND: "落后"}


def report(
    conn: sqlite3.Connection,
    settings: Settings,
    year: int,
    *,
    today: dt.date,
    unit: str | None = None,
    below_target: bool = False,
    behind_only: bool = False,
    officer_id: str | None = None,
) -> Report:
    """Officers on the roster during `year` (or with entries in it), sorted by unit and id."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    sums = {
        r[0]: (int(r[1]), int(r[2]), int(r[3]))
        for r in conn.execute(
            "SELECT officer_id, sum(minutes), "
            "coalesce(sum(CASE WHEN automatic = 1 THEN minutes END), 0), count(*) "
            "FROM entries WHERE date BETWEEN ? AND ? GROUP BY officer_id",
            [first, last],
        )
    }
    sql = (
        "SELECT id, name, unit, role, joined, left_on FROM officers "
        "WHERE ((joined IS NULL OR joined <= ?) AND (left_on IS NULL OR left_on >= ?))"
    )
    args: list[str] = [last, first]
    if sums:
        sql += " OR id IN (SELECT DISTINCT officer_id FROM entries WHERE date BETWEEN ? AND ?)"
        args += [first, last]
    rows = conn.execute(f"SELECT * FROM ({sql}) AS roster ORDER BY unit, id", args).fetchall()
    people: list[Progress] = []
    for oid, name, off_unit, role, joined, left_on in rows:
        if unit is not None and off_unit != unit:
            continue
        if officer_id is not None and oid != officer_id:
            continue
        p = _progress(
            (oid, name, off_unit, role, joined, left_on),
            sums.get(oid, (0, 0, 0)),
            settings,
            year,
            today,
        )
        if below_target and p.counted_minutes >= p.target_minutes:
            continue
        if behind_only and p.status != BEHIND:
            continue
        people.append(p)
    units, total = _totals(people)
    return Report(
        year=year,
        as_of=today.isoformat(),
        auto_counts=settings.auto_counts,
        officers=people,
        units=list(units.values()),
        total=total,
    )


def _progress(
    officer: tuple, sums: tuple[int, int, int], settings: Settings, year: int, today: dt.date
) -> Progress:
    """One officer's year: (id, name, unit, role, joined, left_on) and (done, auto, count)."""
    oid, name, off_unit, role, joined, left_on = officer
    done, auto, count = sums
    counted = done if settings.auto_counts else done - auto
    target = officer_target(settings, year, role, joined, left_on)
    expected = expected_by(target, year, joined, left_on, today)
    if counted >= target:
        status = COMPLETE
    elif counted < expected:
        status = BEHIND
    else:
        status = ON_TRACK
    return Progress(
        id=oid,
        name=name,
        unit=off_unit,
        role=role,
        joined=joined,
        left_on=left_on,
        done_minutes=done,
        auto_minutes=auto,
        counted_minutes=counted,
        target_minutes=target,
        expected_minutes=expected,
        remaining_minutes=max(target - counted, 0),
        status=status,
        entries=count,
    )


def _empty_total(unit: str) -> UnitTotal:
    return UnitTotal(
        unit=unit, officers=0, counted_minutes=0, target_minutes=0, complete=0, behind=0
    )


def _totals(people: list[Progress]) -> tuple[dict[str, UnitTotal], UnitTotal]:
    """Totals per unit (in the officers' order) and over everyone."""
    units: dict[str, UnitTotal] = {}
    total = _empty_total("")
    for p in people:
        u = units.setdefault(p.unit, _empty_total(p.unit))
        for t in (u, total):
            t.officers += 1
            t.counted_minutes += p.counted_minutes
            t.target_minutes += p.target_minutes
            t.complete += p.status == COMPLETE
            t.behind += p.status == BEHIND
    return units, total
