"""Recorded events: every change to officers, settings and group sessions, hash-chained.

The officers, settings and sessions tables hold the current state for fast reads; the
events are the record. `replay` derives the state from the events (a plain function, for
any backend) and `hours verify` checks the tables against it. The first event after the
upgrade is a `baseline` holding the officers, settings and sessions as they stood.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import lawkb.records.chain as chain
import lawkb.records.keyfile as keyfile
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.db import utc_now
from lawkb.records.schema import GENESIS_HASH

BASELINE, SESSION, KEY_START = "baseline", "session", "key.start"
OFFICER_ADD, OFFICER_LEAVE, SETTING = "officer.add", "officer.leave", "setting"
OFFICER_FIELDS = ("id", "name", "unit", "role", "joined", "left_on", "created_at")
SESSION_FIELDS = (
    "id",
    "date",
    "minutes",
    "activity",
    "topic",
    "attendees",
    "recorded_by",
    "recorded_at",
)
EVENT_COLUMNS = (*chain.EVENT_HASHED, "prev_hash", "hash")


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# -- state derived from the events (plain functions) --------------------------------------
@dataclass
class State:
    officers: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    baseline: int | None = None  # id of the last baseline event


def replay(events: Iterable[dict[str, Any]]) -> State:
    """The officers, settings and sessions the events add up to (values decoded)."""
    state = State()
    for e in events:
        kind, subject, new = e["kind"], e["subject"], from_json(e["new_value"])
        if kind == BASELINE:
            state = State(
                officers={o["id"]: o for o in new["officers"]},
                settings=dict(new["settings"]),
                sessions={int(s["id"]): s for s in new["sessions"]},
                baseline=e["id"],
            )
        elif state.baseline is None:
            continue  # changes recorded before the baseline are history, not state
        elif kind == OFFICER_ADD:
            state.officers[subject] = dict(new)
        elif kind == OFFICER_LEAVE and subject in state.officers:
            state.officers[subject]["left_on"] = new
        elif kind == SETTING:
            if new is None:
                state.settings.pop(subject, None)
            else:
                state.settings[subject] = new
        elif kind == SESSION:
            state.sessions[int(subject)] = dict(new)
    return state


# -- storage ------------------------------------------------------------------------------
def last_link(conn: sqlite3.Connection, table: str) -> tuple[int, int, str]:
    """(last id, count, last hash) of a chain table, read inside the writing transaction."""
    row = conn.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1").fetchone()
    if not row:
        return 0, 0, GENESIS_HASH
    return row[0], row[0], row[1]  # ids run 1, 2, 3 … so the last id is the count


def sealing_key(conn: sqlite3.Connection) -> bytes | None:
    """The key new rows are sealed with: None for a ledger that was never sealed."""
    row = conn.execute(
        "SELECT new_value FROM events WHERE kind = ? ORDER BY id LIMIT 1", [KEY_START]
    ).fetchone()
    if row is None:
        return None
    wanted = from_json(row[0])["fingerprint"]
    found = keyfile.load()
    if found is None:
        raise InvalidInput(
            "key",
            _(
                "此账本已用密钥（{wanted}）封存，但密钥文件 {keyfile} 不见了；请把它复制回来"
                "（或设置 LAWKB_KEY_FILE）"
            ).format(wanted=wanted, keyfile=keyfile.key_path()),
        )
    if found.fingerprint != wanted:
        raise InvalidInput(
            "key",
            _("{path} 中的密钥是 {fingerprint}，不是此账本的密钥 {wanted}").format(
                path=found.path, fingerprint=found.fingerprint, wanted=wanted
            ),
        )
    return found.key


def seal_head(conn: sqlite3.Connection, table: str, chain_name: str, key: bytes | None) -> None:
    if not key:
        return
    last_id, count, hash_ = conn.execute(
        f"SELECT last_id, count, hash FROM {table} WHERE id = 1"
    ).fetchone()
    conn.execute(
        f"UPDATE {table} SET seal = ? WHERE id = 1",
        [chain.head_seal(chain_name, last_id, count, hash_, key)],
    )


def append(
    conn: sqlite3.Connection,
    kind: str,
    subject: str,
    old: Any,
    new: Any,
    actor: str = "",
    *,
    key: bytes | bool | None = True,
) -> int:
    """Append one event at the end of the chain (the caller holds the write lock).

    key=True looks the sealing key up; pass bytes or None to say it."""
    if key is True:
        key = sealing_key(conn)
    fields = {
        "at": utc_now(),
        "actor": actor or "",
        "kind": kind,
        "subject": str(subject),
        "old_value": to_json(old),
        "new_value": to_json(new),
    }
    return insert(conn, fields, key or None)


def insert(conn: sqlite3.Connection, fields: dict[str, Any], key: bytes | None) -> int:
    """Chain and store an event whose values are already text (at, actor, kind, subject,
    old_value, new_value)."""
    last_id, _ignored, prev_hash = last_link(conn, "events")
    row = dict(fields, id=last_id + 1, prev_hash=prev_hash)
    row["hash"] = chain.event_hash(prev_hash, row, key)
    conn.execute(
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
        [row[c] for c in EVENT_COLUMNS],
    )
    seal_head(conn, "events_head", "events", key)
    return row["id"]


def current_tables(conn: sqlite3.Connection) -> dict[str, Any]:
    """Officers, settings and sessions as the tables hold them now (the baseline's payload)."""
    officers = [
        dict(zip(OFFICER_FIELDS, r, strict=True))
        for r in conn.execute(f"SELECT {', '.join(OFFICER_FIELDS)} FROM officers ORDER BY id")
    ]
    settings = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    sessions = [
        dict(zip(SESSION_FIELDS, r, strict=True))
        for r in conn.execute(f"SELECT {', '.join(SESSION_FIELDS)} FROM sessions ORDER BY id")
    ]
    return {"officers": officers, "settings": settings, "sessions": sessions}


def read_events(conn: sqlite3.Connection, where: str = "1", args: Iterable[Any] = ()) -> list:
    return [
        dict(zip(EVENT_COLUMNS, r, strict=True))
        for r in conn.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where} ORDER BY id", list(args)
        )
    ]


def seal_ledger(conn: sqlite3.Connection, ledger_key: keyfile.LedgerKey, actor: str) -> int:
    """Start sealing: a key.start event (itself sealed) pinning the entries chain so far."""
    if conn.execute("SELECT 1 FROM events WHERE kind = ?", [KEY_START]).fetchone():
        raise InvalidInput("key", _("此账本已用密钥封存"))
    last_id, count, hash_ = last_link(conn, "entries")
    payload = {
        "fingerprint": ledger_key.fingerprint,
        "entries": {"count": count, "last_id": last_id, "hash": hash_},
    }
    event_id = append(conn, KEY_START, "", None, payload, actor, key=ledger_key.key)
    seal_head(conn, "ledger_head", "entries", ledger_key.key)
    return event_id
