"""The audit trail: an officer's entries with their corrections and changes, or one entry."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from lawkb.records.entries import (
    audited,
    corrections_of,
    get_entry,
    list_entries,
    session_attendees,
)
from lawkb.records.events import from_json, read_events
from lawkb.records.models import AuditedEntry, Change, EntryAudit, OfficerAudit
from lawkb.records.officers import get_officer


def changes_for(conn: sqlite3.Connection, subject: str) -> list[Change]:
    return _changes(conn, "kind LIKE 'officer.%' AND subject = ?", [subject])


def changes_of_kind(conn: sqlite3.Connection, kind: str) -> list[Change]:
    return _changes(conn, "kind = ?", [kind])


def _changes(conn: sqlite3.Connection, where: str, args: list[str]) -> list[Change]:
    return [
        Change(
            id=e["id"],
            at=e["at"],
            actor=e["actor"],
            kind=e["kind"],
            subject=e["subject"],
            old_value=from_json(e["old_value"]),
            new_value=from_json(e["new_value"]),
        )
        for e in read_events(conn, where, args)
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
