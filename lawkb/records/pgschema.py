"""Versioned schema of the records database on PostgreSQL.

Each migration of lawkb/records/migrations.py (SQLite) has a twin here with the same name
and the same tables, columns and checks, so one ledger fits both: dates and timestamps are
TEXT (ISO 8601, compared as text), minutes INTEGER, `automatic` 0/1, ids INTEGER; every text
column sorts with COLLATE "C" (code-point order, as SQLite's BINARY) so reports list people in
the same order. What only a server has comes after them: the database user who wrote each row,
officers' logins, attempts sent from officers' machines (m101_server); roles and row-level
security are in lawkb/records/server_sql.py. Never edit a shipped migration: add one.
"""

from __future__ import annotations

from lawkb.records.schema import GENESIS_HASH, MIGRATION_SET

T = 'TEXT COLLATE "C"'


def _append_only(table: str, what: str = "record a correction instead") -> str:
    return f"""
    CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{table} are append-only: {what}'; END $$;
    CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();
    """


M001_LEDGER = f"""
CREATE TABLE officers (
    id {T} PRIMARY KEY CHECK (length(trim(id)) > 0),
    name {T} NOT NULL CHECK (length(trim(name)) > 0),
    unit {T} NOT NULL DEFAULT '',
    role {T} NOT NULL DEFAULT 'officer' CHECK (role IN ('officer', 'trainee', 'coordinator')),
    joined {T},
    left_on {T},
    created_at {T} NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    date {T} NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    activity {T} NOT NULL,
    topic {T} NOT NULL DEFAULT '',
    attendees INTEGER NOT NULL,
    recorded_by {T} NOT NULL DEFAULT '',
    recorded_at {T} NOT NULL
);
-- a new session takes max(id) + 1, as SQLite's INTEGER PRIMARY KEY does (writers hold the
-- ledger's lock), so the same ledger has the same session ids on both backends
CREATE FUNCTION next_session_id() RETURNS integer LANGUAGE sql AS
    'SELECT coalesce(max(id), 0) + 1 FROM sessions';
ALTER TABLE sessions ALTER COLUMN id SET DEFAULT next_session_id();
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    officer_id {T} NOT NULL REFERENCES officers(id),
    date {T} NOT NULL CHECK (date ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'),
    minutes INTEGER NOT NULL CHECK (minutes <> 0),
    activity {T} NOT NULL,
    topic {T} NOT NULL DEFAULT '',
    source {T} NOT NULL
        CHECK (source IN ('manual', 'group', 'quiz', 'exam', 'import', 'correction')),
    automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    ref {T} NOT NULL DEFAULT '',
    session_id INTEGER REFERENCES sessions(id),
    corrects INTEGER REFERENCES entries(id),
    reason {T} NOT NULL DEFAULT '',
    recorded_by {T} NOT NULL DEFAULT '',
    recorded_at {T} NOT NULL,
    prev_hash {T} NOT NULL,
    hash {T} NOT NULL UNIQUE,
    CHECK (corrects IS NOT NULL OR minutes > 0),
    CHECK (corrects IS NULL OR length(trim(reason)) > 0),
    CHECK ((corrects IS NULL) = (source <> 'correction'))
);
CREATE INDEX entries_officer_date ON entries(officer_id, date);
CREATE INDEX entries_date ON entries(date);
CREATE INDEX entries_corrects ON entries(corrects) WHERE corrects IS NOT NULL;
CREATE INDEX entries_session ON entries(session_id) WHERE session_id IS NOT NULL;
CREATE UNIQUE INDEX entries_auto_ref ON entries(officer_id, ref)
    WHERE automatic = 1 AND ref <> '' AND corrects IS NULL;
CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    hash {T} NOT NULL
);
INSERT INTO ledger_head (id, last_id, count, hash) VALUES (1, 0, 0, '{GENESIS_HASH}');
CREATE TABLE settings (
    key {T} PRIMARY KEY,
    value {T} NOT NULL,
    updated_at {T} NOT NULL,
    updated_by {T} NOT NULL DEFAULT ''
);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at {T} NOT NULL,
    actor {T} NOT NULL DEFAULT '',
    kind {T} NOT NULL,
    subject {T} NOT NULL,
    old_value {T},
    new_value {T}
);
CREATE INDEX changes_subject ON changes(kind, subject);
CREATE TABLE bookmarks (
    ref {T} PRIMARY KEY CHECK (length(trim(ref)) > 0),
    note {T} NOT NULL DEFAULT '',
    created_at {T} NOT NULL
);
{_append_only("entries")}
{_append_only("sessions")}
{_append_only("changes")}
"""

M002_EVENTS = f"""
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at {T} NOT NULL,
    actor {T} NOT NULL DEFAULT '',
    kind {T} NOT NULL,
    subject {T} NOT NULL DEFAULT '',
    old_value {T},
    new_value {T},
    prev_hash {T} NOT NULL,
    hash {T} NOT NULL UNIQUE
);
CREATE INDEX events_subject ON events(kind, subject);
CREATE TABLE events_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    count INTEGER NOT NULL,
    hash {T} NOT NULL,
    seal {T} NOT NULL DEFAULT ''
);
INSERT INTO events_head (id, last_id, count, hash) VALUES (1, 0, 0, '{GENESIS_HASH}');
ALTER TABLE ledger_head ADD COLUMN seal {T} NOT NULL DEFAULT '';
-- the heads move with every insert; SECURITY DEFINER so that writers need no UPDATE on them
CREATE FUNCTION move_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public AS $$
BEGIN
    EXECUTE format('UPDATE %I SET last_id = $1, count = count + 1, hash = $2, seal = '''' '
                   'WHERE id = 1', TG_ARGV[0]) USING NEW.id, NEW.hash;
    RETURN NULL;
END $$;
CREATE TRIGGER entries_head AFTER INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION move_head('ledger_head');
CREATE TRIGGER events_head AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION move_head('events_head');
CREATE FUNCTION officers_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'officers stay on the roster: mark them as left instead'; END $$;
CREATE TRIGGER officers_no_delete BEFORE DELETE OR TRUNCATE ON officers
    FOR EACH STATEMENT EXECUTE FUNCTION officers_stay();
{_append_only("events")}
"""

M101_SERVER = f"""
-- which database user wrote each row: set by the server, whatever the client sends
CREATE FUNCTION stamp_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.db_user := session_user; RETURN NEW; END $$;
ALTER TABLE entries ADD COLUMN db_user {T} NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN db_user {T} NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN db_user {T} NOT NULL DEFAULT '';
ALTER TABLE officers ADD COLUMN db_user {T} NOT NULL DEFAULT '';
CREATE TRIGGER entries_db_user BEFORE INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION stamp_db_user();
CREATE TRIGGER sessions_db_user BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION stamp_db_user();
CREATE TRIGGER events_db_user BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION stamp_db_user();
CREATE TRIGGER officers_db_user BEFORE INSERT ON officers
    FOR EACH ROW EXECUTE FUNCTION stamp_db_user();
-- an officer's login (a database role) and the officer it speaks for
CREATE TABLE logins (
    login {T} PRIMARY KEY,
    officer_id {T} NOT NULL REFERENCES officers(id)
);
-- quiz attempts sent from officers' machines, once each (uid is the attempt's own key)
CREATE TABLE attempts (
    uid {T} PRIMARY KEY,
    officer_id {T} NOT NULL REFERENCES officers(id),
    mode {T} NOT NULL,
    template {T} NOT NULL DEFAULT '',
    started_at {T} NOT NULL,
    finished_at {T} NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    max_score DOUBLE PRECISION NOT NULL,
    passed INTEGER,
    questions INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    study_minutes INTEGER NOT NULL,
    entry_id INTEGER REFERENCES entries(id),
    received_at {T} NOT NULL,
    db_user {T} NOT NULL DEFAULT ''
);
CREATE TRIGGER attempts_db_user BEFORE INSERT ON attempts
    FOR EACH ROW EXECUTE FUNCTION stamp_db_user();
{_append_only("attempts", "an attempt is sent once and kept")}
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("m001_ledger", M001_LEDGER),
    ("m002_events", M002_EVENTS),
    ("m101_server", M101_SERVER),
]
LATEST = MIGRATIONS[-1][0]

MIGRATIONS_TABLE = f"""
CREATE TABLE IF NOT EXISTS lawkb_migrations (
    migration_set {T} NOT NULL,
    name {T} NOT NULL,
    applied_at {T} NOT NULL,
    PRIMARY KEY (migration_set, name)
)"""


def pending(applied: set[str]) -> list[tuple[str, str]]:
    return [(name, sql) for name, sql in MIGRATIONS if name not in applied]


def applied_sql() -> str:
    return f"SELECT name FROM lawkb_migrations WHERE migration_set = '{MIGRATION_SET}'"
