"""The audit trail: an officer's entries with their corrections and changes, or one entry."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from lawkb.records.entries import (
    audited,
    corrections_of,
    get_entry,
    list_entries,
    session_attendees,
)
from lawkb.records.models import AuditedEntry, Change, EntryAudit, OfficerAudit
from lawkb.records.officers import get_officer


def changes_for(conn: sqlite3.Connection, subject: str) -> list[Change]:
    return _changes(conn, "subject = ?", subject)


def changes_of_kind(conn: sqlite3.Connection, kind: str) -> list[Change]:
    return _changes(conn, "kind = ?", kind)


def _changes(conn: sqlite3.Connection, where: str, arg: str) -> list[Change]:
    rows = conn.execute(
        "SELECT id, at, actor, kind, subject, old_value, new_value FROM changes "
        f"WHERE {where} ORDER BY id",
        [arg],
    )
    return [
        Change(
            id=r[0],
            at=r[1],
            actor=r[2],
            kind=r[3],
            subject=r[4],
            old_value=json.loads(r[5]) if r[5] else None,
            new_value=json.loads(r[6]) if r[6] else None,
        )
        for r in rows
    ]


def officer_audit(conn: sqlite3.Connection, officer_id: str) -> OfficerAudit:
    officer = get_officer(conn, officer_id)
    items = list_entries(conn, officer_id=officer.id)
    totals: dict[str, int] = defaultdict(int)
    for e in items:
        totals[e.date[:4]] += e.minutes
    return OfficerAudit(
        officer=officer,
        entries=audited(items),
        totals_by_year=dict(totals),
        changes=changes_for(conn, officer.id),
    )


def entry_audit(conn: sqlite3.Connection, entry_id: int) -> EntryAudit:
    entry = get_entry(conn, entry_id)
    corrected = None
    if entry.corrects is not None:
        corrected = entry
        entry = get_entry(conn, entry.corrects)
    fixes = corrections_of(conn, entry.id)
    item = AuditedEntry(
        entry=entry,
        corrections=fixes,
        effective_minutes=entry.minutes + sum(c.minutes for c in fixes),
    )
    attendees = session_attendees(conn, entry.session_id) if entry.session_id else []
    return EntryAudit(entry=item, corrected_entry=corrected, session_attendees=attendees)
