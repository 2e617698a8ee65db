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
from lawkb.i18n import _
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
        raise InvalidInput("dest", _("{dest} 已存在；请换一个文件名").format(dest=dest))
    if not dest.parent.is_dir():
        raise InvalidInput("dest", _("文件夹 {parent} 不存在").format(parent=dest.parent))
    tmp = temp_beside(dest)
    tmp.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", [str(tmp)])
        result = check(tmp, dest)
        replace_into(tmp, dest)
    except sqlite3.Error as exc:
        raise LawkbError(_("备份到 {dest} 失败：{exc}").format(dest=dest, exc=exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return result.model_copy(update={"path": str(dest), "bytes": dest.stat().st_size})


def check(path: Path, name: Path | None = None) -> BackupResult:
    """Open a backup read-only and verify it (with the ledger key when there is one)."""
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LawkbError(_("{path}：无法打开备份（{exc}）").format(path=path, exc=exc)) from exc
    try:
        verified = verify(copy, integrity=True, ledger_key=keyfile.load())
        if not verified.ok:
            raise LawkbError(
                _("{value}：备份未通过校验：{problem}").format(
                    value=name or path, problem=verified.problem
                )
            )
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
