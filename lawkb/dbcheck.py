"""Is a derived SQLite file (collection.db) sound? `PRAGMA quick_check`, run once per change.

quick_check reads every page (about 35 ms for an 8 MB collection, see bench/README.md), so
its result is remembered in a small stamp file beside the database, keyed by the file's size
and modification time: a collection that has not changed since it was last found sound is
not checked again. Truncation or pages overwritten by another program change both.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from lawkb.atomic import atomic_write
from lawkb.errors import LawkbError

_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_CORRUPT_WORDS = ("malformed", "not a database", "file is encrypted")


class DatabaseDamaged(LawkbError):
    """A database file that SQLite reports as damaged; `path` names it."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: the database is damaged ({detail})")


def is_corruption(exc: BaseException) -> bool:
    """An sqlite3 error that means the file is damaged (not a busy lock or a bad query)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if getattr(exc, "sqlite_errorcode", None) in _CORRUPT_CODES:
        return True
    return any(w in str(exc) for w in _CORRUPT_WORDS)


def stamp_path(db: Path) -> Path:
    return db.with_name(db.name + ".checked")


def _signature(db: Path) -> list[int] | None:
    try:
        st = db.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def check_once(conn: sqlite3.Connection, db: Path) -> None:
    """Raise DatabaseDamaged unless `db` passes quick_check (skipped when unchanged)."""
    signature = _signature(db)
    stamp = stamp_path(db)
    try:
        if signature and json.loads(stamp.read_text(encoding="utf-8")) == signature:
            return
    except (OSError, ValueError):
        pass
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(db, str(exc)) from None
    problems = [
        line
        for r in rows
        if r[0] != "ok"
        for line in str(r[0]).splitlines()
        if not line.startswith("***")  # "*** in database main ***" names no problem
    ]
    if problems:
        more = f" and {len(problems) - 2} more" if len(problems) > 2 else ""
        raise DatabaseDamaged(db, "; ".join(problems[:2]) + more)
    if signature:
        with contextlib.suppress(OSError):  # a read-only home: checked again next time
            atomic_write(stamp, json.dumps(signature))


def forget_check(db: Path) -> None:
    """Make the next open check `db` again (after an error that looked like damage)."""
    stamp_path(db).unlink(missing_ok=True)
