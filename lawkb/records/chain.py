"""The hash chain over the ledger: each entry's hash covers its fields and the previous hash.

An entry changed outside lawkb no longer matches its hash; an entry removed or slipped in
breaks the link of the entry after it; removing the newest entries leaves `ledger_head`
pointing at an entry that is not there.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from lawkb.records.models import VerifyResult
from lawkb.records.schema import GENESIS_HASH

# The hashed fields, in this order. Changing the list breaks every existing chain.
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
_SELECT = f"SELECT {', '.join(HASHED)}, prev_hash, hash FROM entries"


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    values = [fields[name] for name in HASHED]
    values[HASHED.index("automatic")] = int(bool(values[HASHED.index("automatic")]))
    canonical = json.dumps(
        ["lawkb-entry-v1", prev_hash, *values], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(last id, last hash) of the chain, read inside the writing transaction."""
    row = conn.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def verify(conn: sqlite3.Connection, integrity: bool = True) -> VerifyResult:
    """Walk the chain from the first entry; report the first entry that does not fit."""
    status = "ok"
    if integrity:
        status = "; ".join(r[0] for r in conn.execute("PRAGMA quick_check"))
    prev_id, prev_hash, checked = 0, GENESIS_HASH, 0
    names = (*HASHED, "prev_hash", "hash")
    for row in conn.execute(_SELECT + " ORDER BY id"):
        fields = dict(zip(names, row, strict=True))
        entry_id = fields["id"]
        problem = ""
        if entry_id != prev_id + 1:
            gap = (
                f"entry {prev_id + 1}"
                if entry_id == prev_id + 2
                else (f"entries {prev_id + 1}-{entry_id - 1}")
            )
            problem = f"{gap} missing: removed outside lawkb"
        elif fields["prev_hash"] != prev_hash:
            problem = (
                f"does not follow entry {prev_id}: entry {prev_id} or this entry was "
                "altered outside lawkb"
            )
        elif entry_hash(prev_hash, fields) != fields["hash"]:
            problem = "its fields do not match its hash: altered outside lawkb"
        if problem:
            return VerifyResult(
                ok=False,
                checked=checked,
                first_bad_entry=entry_id,
                problem=problem,
                head_hash=prev_hash,
                integrity=status,
            )
        prev_id, prev_hash, checked = entry_id, fields["hash"], checked + 1
    recorded = conn.execute("SELECT last_id, count, hash FROM ledger_head").fetchone()
    if recorded and (recorded[0], recorded[1], recorded[2]) != (prev_id, checked, prev_hash):
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_entry=recorded[0] if recorded[0] > prev_id else prev_id or None,
            problem=(
                f"the ledger ended at entry {recorded[0]} ({recorded[1]} entries) but now ends "
                f"at entry {prev_id} ({checked}): entries removed or the head altered"
            ),
            head_hash=prev_hash,
            integrity=status,
        )
    return VerifyResult(
        ok=status == "ok",
        checked=checked,
        head_hash=prev_hash,
        integrity=status,
        problem="" if status == "ok" else status,
    )
