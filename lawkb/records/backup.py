"""`lawkb backup`: a consistent copy of the records database with VACUUM INTO.

VACUUM INTO reads one snapshot, so the copy is consistent even while others write. It is
written under a temporary name and renamed, then opened and checked, so a backup file that
exists is a complete, verified one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import lawkb.records.keyfile as keyfile
from lawkb.atomic import replace_into, temp_beside
from lawkb.errors import InvalidInput, LawkbError
from lawkb.records.models import BackupResult
from lawkb.records.verify import verify


def default_name(now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"records-{stamp}.db"


def backup(conn: sqlite3.Connection, dest: Path) -> BackupResult:
    """Copy to `dest` (a file that must not exist yet, or a folder). Outside a transaction."""
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / default_name()
    if dest.exists():
        raise InvalidInput("dest", f"{dest} already exists; choose a new file name")
    if not dest.parent.is_dir():
        raise InvalidInput("dest", f"folder {dest.parent} does not exist")
    tmp = temp_beside(dest)
    tmp.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", [str(tmp)])
        result = check(tmp, dest)
        replace_into(tmp, dest)
    except sqlite3.Error as exc:
        raise LawkbError(f"backup to {dest} failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return result.model_copy(update={"path": str(dest), "bytes": dest.stat().st_size})


def check(path: Path, name: Path | None = None) -> BackupResult:
    """Open a backup read-only and verify it (with the ledger key when there is one)."""
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LawkbError(f"{path}: cannot open the backup ({exc})") from exc
    try:
        verified = verify(copy, integrity=True, ledger_key=keyfile.load())
        if not verified.ok:
            raise LawkbError(f"{name or path}: the backup does not verify: {verified.problem}")
        officers = copy.execute("SELECT count(*) FROM officers").fetchone()[0]
        return BackupResult(
            path=str(path),
            bytes=path.stat().st_size,
            officers=officers,
            entries=verified.checked,
            verified=True,
            checkpoint=verified.checkpoint,
        )
    finally:
        copy.close()
