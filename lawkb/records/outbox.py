"""Officers' machines: quiz attempts and their automatic minutes reach the records server.

Every attempt is saved first in the local records.db (lawkb/quiz/history.py), with its
automatic study entry, in one transaction; that row is the queue. `sync` sends the attempts
the server does not have yet, oldest first, each in one server transaction: the entry by
log_auto (idempotent per officer and ref `quiz:<uid>`) and the attempt (its uid is the
primary key on the server, ON CONFLICT DO NOTHING). Only then is the uid noted in the local
`sync_sent` table. A send cut off between the server's commit and that note is sent again
and changes nothing, so each attempt counts exactly once, however often sync runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlite_migrate import Migrations

from lawkb.errors import InvalidInput, LawkbError
from lawkb.records.db import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

    from lawkb.records.core import Records
    from lawkb.records.pgrecords import PgRecords

migrations = Migrations("lawkb.sync")
ATTEMPT_COLUMNS = (
    "uid",
    "officer_id",
    "mode",
    "template",
    "started_at",
    "finished_at",
    "score",
    "max_score",
    "passed",
    "questions",
    "correct",
    "study_minutes",
)


@migrations()
def s001_sent(db: Database) -> None:
    db.execute(
        """CREATE TABLE sync_sent (
            uid TEXT PRIMARY KEY,          -- quiz_attempts.uid, the attempt's idempotent key
            sent_at TEXT NOT NULL,
            server_entry_id INTEGER,       -- NULL: the server refused the minutes (note says why)
            note TEXT NOT NULL DEFAULT ''
        )"""
    )


@dataclass
class SyncResult:
    sent: int = 0
    pending: int = 0
    officers_added: list[str] = field(default_factory=list)  # taken from the server's roster
    refused: list[str] = field(default_factory=list)  # attempts sent without their minutes
    error: str = ""  # why the server could not be reached


def _has_attempts(local: Records) -> bool:
    row = local.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'quiz_attempts'"
    ).fetchone()
    return row is not None


def pending(local: Records) -> list[dict[str, Any]]:
    """Attempts (with their local entry's fields) the server has not confirmed, oldest first."""
    if not _has_attempts(local):
        return []
    local.ensure_schema(migrations)
    cols = ", ".join(f"a.{c}" for c in ATTEMPT_COLUMNS)
    rows = local.conn.execute(
        f"SELECT {cols}, e.date, e.minutes, e.activity, e.topic, e.source, e.ref "
        "FROM quiz_attempts a LEFT JOIN entries e ON e.id = a.entry_id "
        "WHERE a.uid NOT IN (SELECT uid FROM sync_sent) ORDER BY a.id"
    ).fetchall()
    keys = (*ATTEMPT_COLUMNS, "date", "minutes", "activity", "topic", "source", "ref")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def pending_count(local: Records) -> int:
    return len(pending(local))


def pull_roster(local: Records, server: PgRecords) -> list[str]:
    """Officers on the server but not in records.db, added locally (practice needs the
    officer on this machine; an officer's login may not add officers on the server)."""
    here = {o.id for o in local.officers()}
    added = []
    for o in server.officers():
        if o.id not in here:
            local.add_officer(o.id, o.name, o.unit, o.role, o.joined, actor="lawkb sync")
            added.append(o.id)
    return added


def send_one(server: PgRecords, item: dict[str, Any]) -> tuple[int | None, str]:
    """One attempt onto the server in one transaction: (server entry id or None, note)."""
    entry_id, note = None, ""
    with server.transaction() as conn:
        if item["minutes"]:
            try:
                entry_id = server.log_auto(
                    item["officer_id"],
                    int(item["minutes"]),
                    item["activity"],
                    item["topic"],
                    ref=item["ref"],
                    source=item["source"],
                    date=item["date"],
                )
            except InvalidInput as exc:  # the server's ledger refuses the minutes: say so
                note = str(exc)
        values = [item[c] for c in ATTEMPT_COLUMNS]
        conn.execute(
            f"INSERT INTO attempts ({', '.join(ATTEMPT_COLUMNS)}, entry_id, received_at) "
            f"VALUES ({', '.join('?' * (len(ATTEMPT_COLUMNS) + 2))}) ON CONFLICT (uid) DO NOTHING",
            [*values, entry_id, utc_now()],
        )
    return entry_id, note


def sync(
    local: Records,
    url: str,
    *,
    today: dt.date | None = None,
    timeout: int = 5,
    roster: bool = False,
) -> SyncResult:
    """Send what waits; an unreachable server leaves it waiting (result.error says why).
    roster: first copy the server's officers missing from records.db (a new machine)."""
    from lawkb.records.pgrecords import PgRecords  # why: psycopg, +200 ms, server only

    items = pending(local)
    result = SyncResult(pending=len(items))
    if not items and not roster:
        return result
    try:
        server = PgRecords(url, connect_timeout=timeout, today=(lambda: today) if today else None)
    except LawkbError as exc:
        result.error = str(exc)
        return result
    try:
        if roster:
            result.officers_added = pull_roster(local, server)
        for item in items:
            try:
                entry_id, note = send_one(server, item)
            except LawkbError as exc:
                result.error = str(exc)
                break
            except Exception as exc:  # the connection dropped mid-way: the rest wait
                result.error = f"发送中断：{exc}"
                break
            with local.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO sync_sent (uid, sent_at, server_entry_id, note) "
                    "VALUES (?, ?, ?, ?)",
                    [item["uid"], utc_now(), entry_id, note],
                )
            result.sent += 1
            result.pending -= 1
            if note:
                result.refused.append(f"{item['uid']}: {note}")
    finally:
        server.close()
    return result
