"""Versioned schema of the records database (sqlite-migrate set "lawkb.records").

Never edit a migration that has shipped: add a new one, and update LATEST in
lawkb/records/schema.py (a test checks that they agree).
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_migrate import Migrations
from sqlite_utils import Database

import lawkb.records.events as events
from lawkb.records.db import utc_now
from lawkb.records.schema import DEFAULT_SETTINGS

migrations = Migrations("lawkb.records")


def _append_only(table: str) -> str:
    return f"""
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a correction instead'); END;
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a correction instead'); END;
    """


@migrations()
def m001_ledger(db: Database) -> None:
    statements = f"""
    CREATE TABLE officers (
        id TEXT PRIMARY KEY CHECK (length(trim(id)) > 0),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        unit TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT 'officer'
            CHECK (role IN ('officer', 'trainee', 'coordinator')),
        joined TEXT,            -- ISO date, NULL when not known
        left_on TEXT,           -- ISO date, NULL while the officer is active
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (     -- one group session (a lecture) logged for many attendees
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (typeof(minutes) = 'integer' AND minutes > 0),
        activity TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        attendees INTEGER NOT NULL,
        recorded_by TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        officer_id TEXT NOT NULL REFERENCES officers(id),
        date TEXT NOT NULL
            CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        minutes INTEGER NOT NULL CHECK (typeof(minutes) = 'integer' AND minutes <> 0),
        activity TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL
            CHECK (source IN ('manual', 'group', 'quiz', 'exam', 'import', 'correction')),
        automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
        ref TEXT NOT NULL DEFAULT '',
        session_id INTEGER REFERENCES sessions(id),
        corrects INTEGER REFERENCES entries(id),
        reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        CHECK (corrects IS NOT NULL OR minutes > 0),
        CHECK (corrects IS NULL OR length(trim(reason)) > 0),
        CHECK ((corrects IS NULL) = (source <> 'correction'))
    );
    CREATE INDEX entries_officer_date ON entries(officer_id, date);
    CREATE INDEX entries_date ON entries(date);
    CREATE INDEX entries_corrects ON entries(corrects) WHERE corrects IS NOT NULL;
    CREATE INDEX entries_session ON entries(session_id) WHERE session_id IS NOT NULL;
    -- an automatic entry (a quiz attempt) is logged once, however often it is reported
    CREATE UNIQUE INDEX entries_auto_ref ON entries(officer_id, ref)
        WHERE automatic = 1 AND ref <> '' AND corrects IS NULL;

    -- the end of the hash chain, so that removing the last entries is noticed too
    CREATE TABLE ledger_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        count INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    INSERT INTO ledger_head (id, last_id, count, hash) VALUES (1, 0, 0, '{"0" * 64}');
    CREATE TRIGGER entries_head AFTER INSERT ON entries
    BEGIN
        UPDATE ledger_head SET last_id = NEW.id, count = count + 1, hash = NEW.hash WHERE id = 1;
    END;

    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,      -- JSON
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    );
    -- who changed an officer or a setting, when, from what to what
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        old_value TEXT,           -- JSON or NULL
        new_value TEXT            -- JSON or NULL
    );
    CREATE INDEX changes_subject ON changes(kind, subject);

    CREATE TABLE bookmarks (
        ref TEXT PRIMARY KEY CHECK (length(trim(ref)) > 0),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    {_append_only("entries")}
    {_append_only("sessions")}
    {_append_only("changes")}
    """
    for statement in split_sql(statements):
        db.execute(statement)  # not executescript: it would COMMIT the migration's transaction
    now = utc_now()
    for key, value in DEFAULT_SETTINGS.items():
        db.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, '')",
            [key, json.dumps(value, ensure_ascii=False), now],
        )


@migrations()
def m002_events(db: Database) -> None:
    """Officers, settings and sessions join the chain: an events table, hash-chained, with
    its own head; the ledger's changes so far are copied into it, then a baseline event
    records the officers, settings and sessions as they stand. Entries are not touched."""
    statements = f"""
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        old_value TEXT,           -- JSON or NULL
        new_value TEXT,           -- JSON or NULL
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE INDEX events_subject ON events(kind, subject);
    CREATE TABLE events_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        count INTEGER NOT NULL,
        hash TEXT NOT NULL,
        seal TEXT NOT NULL DEFAULT ''   -- HMAC of the head when the ledger is sealed
    );
    INSERT INTO events_head (id, last_id, count, hash) VALUES (1, 0, 0, '{"0" * 64}');
    CREATE TRIGGER events_head AFTER INSERT ON events
    BEGIN
        UPDATE events_head SET last_id = NEW.id, count = count + 1, hash = NEW.hash, seal = ''
        WHERE id = 1;
    END;
    ALTER TABLE ledger_head ADD COLUMN seal TEXT NOT NULL DEFAULT '';
    DROP TRIGGER entries_head;
    CREATE TRIGGER entries_head AFTER INSERT ON entries
    BEGIN
        UPDATE ledger_head SET last_id = NEW.id, count = count + 1, hash = NEW.hash, seal = ''
        WHERE id = 1;
    END;
    CREATE TRIGGER officers_no_delete BEFORE DELETE ON officers
    BEGIN SELECT RAISE(ABORT, 'officers stay on the roster: mark them as left instead'); END;
    {_append_only("events")}
    """
    for statement in split_sql(statements):
        db.execute(statement)
    conn = db.conn
    for at, actor, kind, subject, old, new in conn.execute(
        "SELECT at, actor, kind, subject, old_value, new_value FROM changes ORDER BY id"
    ).fetchall():
        fields = {"at": at, "actor": actor, "kind": kind, "subject": subject}
        events.insert(conn, dict(fields, old_value=old, new_value=new), None)  # JSON as written
    last_id, count, hash_ = events.last_link(conn, "entries")
    baseline = events.current_tables(conn)
    baseline["entries"] = {"count": count, "last_id": last_id, "hash": hash_}
    events.append(conn, events.BASELINE, "", None, baseline, "lawkb", key=None)


def split_sql(script: str) -> list[str]:
    """Complete SQL statements of a script (trigger bodies keep their inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
