"""The hash chains of the ledger, as plain functions over row values (no database code).

Two chains: `entries` (study minutes) and `events` (officers, settings, group sessions, the
baseline and the key). Each row's hash covers its fields and the previous row's hash, so a
row changed outside lawkb no longer matches its hash and a row removed or slipped in breaks
the link of the row after it. With a ledger key (see lawkb/records/keyfile.py) the hash is an
HMAC-SHA256 of the same canonical text, which nobody without the key can recompute.
Any backend (SQLite today, PostgreSQL later) stores these values and calls these functions.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lawkb.records.schema import GENESIS_HASH

# The hashed fields, in this order. Changing a list breaks every existing chain.
HASHED = (
    "id",
    "officer_id",
    "date",
    "minutes",
    "activity",
    "topic",
    "source",
    "automatic",
    "ref",
    "session_id",
    "corrects",
    "reason",
    "recorded_by",
    "recorded_at",
)
EVENT_HASHED = ("id", "at", "actor", "kind", "subject", "old_value", "new_value")

ENTRY_TAG, EVENT_TAG, HEAD_TAG, CHECKPOINT_TAG = (
    "lawkb-entry-v1",
    "lawkb-event-v1",
    "lawkb-head-v1",
    "lawkb-checkpoint-v1",
)
PLAIN, KEYED = "plain", "keyed"


def canonical(tag: str, prev_hash: str, values: Sequence[Any]) -> bytes:
    text = json.dumps([tag, prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def digest(data: bytes, key: bytes | None = None) -> str:
    """SHA-256 of data, or HMAC-SHA256 with the ledger key."""
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def entry_values(fields: dict[str, Any]) -> list[Any]:
    values = [fields[name] for name in HASHED]
    values[HASHED.index("automatic")] = int(bool(values[HASHED.index("automatic")]))
    return values


def entry_hash(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    return digest(canonical(ENTRY_TAG, prev_hash, entry_values(fields)), key)


def event_hash(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    return digest(canonical(EVENT_TAG, prev_hash, [fields[n] for n in EVENT_HASHED]), key)


def head_seal(chain: str, last_id: int, count: int, hash_: str, key: bytes) -> str:
    """An HMAC over a chain's head row, so that a rewritten head needs the key too."""
    return digest(canonical(HEAD_TAG, "", [chain, last_id, count, hash_]), key)


def checkpoint_hash(entries: int, entries_hash: str, events: int, events_hash: str) -> str:
    return digest(canonical(CHECKPOINT_TAG, "", [entries, entries_hash, events, events_hash]))


@dataclass
class Link:
    """One row of a chain as the walk saw it."""

    id: int
    position: int  # 1 for the first row
    hash: str
    sealed: str  # PLAIN or KEYED, "" when the row does not fit
    problem: str = ""


def walk(
    rows: Iterable[dict[str, Any]], tag: str, key: bytes | None, noun: str = "entry"
) -> Iterator[Link]:
    """Follow a chain from its first row; every row is yielded with what is wrong with it.

    After the first row that does not fit, the rest are still yielded (so a checkpoint can
    be looked up), each checked against its own stored prev_hash.
    """
    hash_of = entry_hash if tag == ENTRY_TAG else event_hash
    prev_id, prev_hash = 0, GENESIS_HASH
    for position, fields in enumerate(rows, start=1):
        row_id = fields["id"]
        problem = ""
        if row_id != prev_id + 1:
            gap = f"{noun} {prev_id + 1}"
            if row_id != prev_id + 2:
                gap = f"{noun} {prev_id + 1}-{row_id - 1}"
            problem = f"{gap} missing: removed outside lawkb"
        elif fields["prev_hash"] != prev_hash:
            problem = (
                f"does not follow {noun} {prev_id}: {noun} {prev_id} or this {noun} was "
                "altered outside lawkb"
            )
        sealed = ""
        if hash_of(fields["prev_hash"], fields) == fields["hash"]:
            sealed = PLAIN
        elif key and hash_of(fields["prev_hash"], fields, key) == fields["hash"]:
            sealed = KEYED
        elif not problem:
            problem = "its fields do not match its hash: altered outside lawkb"
        yield Link(row_id, position, fields["hash"], sealed, problem)
        prev_id, prev_hash = row_id, fields["hash"]
