"""The SQLite connection both databases use (collection.db and records.db): every BEGIN is a
BEGIN IMMEDIATE, so writers queue on the busy timeout instead of failing. Transactions on
both are sqlite-utils' `Database.atomic()` over it (the ledger's `records.db.Transactions`
adds its write lock, and gives its PostgreSQL twin the same semantics)."""

from __future__ import annotations

import sqlite3
from typing import Any


class ImmediateConnection(sqlite3.Connection):
    """A connection on which every BEGIN is a BEGIN IMMEDIATE.

    sqlite-utils (and so sqlite-migrate and other features' writes through `Records.db`)
    opens its transactions with a bare BEGIN. A deferred transaction that reads and then
    writes must upgrade its lock, and in WAL mode that upgrade fails at once with
    SQLITE_BUSY when another process committed meanwhile; the busy timeout cannot help.
    Taking the write lock up front makes writers queue on the busy timeout instead.
    """

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        if sql[:5].upper() == "BEGIN" and _is_plain_begin(sql):
            sql = "BEGIN IMMEDIATE"
        return super().execute(sql, *args)


def _is_plain_begin(sql: str) -> bool:
    # an explicit BEGIN DEFERRED is left alone: that is how a reader asks for a snapshot
    return sql.replace(";", " ").upper().split() in (["BEGIN"], ["BEGIN", "TRANSACTION"])
