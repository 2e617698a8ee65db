"""`lawkb restore BACKUP`: put a verified backup back in place of records.db.

The backup is verified first (read-only); the ledger it replaces is kept beside it as
records.replaced-<time>.db (a consistent copy, or the raw files when it is too damaged to
read); then the backup's pages are copied into records.db with SQLite's backup API, which
takes the write lock, so a reader never sees half of each.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from lawkb.errors import InvalidInput, LawkbError
from lawkb.i18n import _
from lawkb.records.backup import check
from lawkb.records.db import connect
from lawkb.records.models import RestoreResult


def restore(backup: Path, target: Path, now: dt.datetime | None = None) -> RestoreResult:
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise InvalidInput("backup", _("{backup} 不是文件").format(backup=backup))
    if backup.resolve() == target.resolve():
        raise InvalidInput("backup", _("{backup} 就是账本本身").format(backup=backup))
    checked = check(backup)  # raises LawkbError naming what does not verify
    kept = None
    if target.exists():
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}")
        _keep(target, kept)
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dst = _open_target(target, kept)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        raise LawkbError(
            _("把 {backup} 恢复到 {target} 失败：{exc}").format(
                backup=backup, target=target, exc=exc
            )
        ) from exc
    return RestoreResult(
        backup=str(backup),
        path=str(target),
        replaced=str(kept) if kept else "",
        officers=checked.officers,
        entries=checked.entries,
        checkpoint=checked.checkpoint,
    )


def _open_target(target: Path, kept: Path | None) -> sqlite3.Connection:
    try:
        return connect(target)
    except LawkbError:
        if kept is None:
            raise
        for suffix in ("", "-wal", "-shm"):  # unreadable, and kept already: start afresh
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return connect(target)


def _keep(target: Path, kept: Path) -> None:
    """A copy of the ledger being replaced; never lose it, even when it is damaged."""
    if kept.exists():
        raise InvalidInput("backup", _("{kept} 已存在；请稍后再试").format(kept=kept))
    try:
        conn = sqlite3.connect(str(target))
        try:
            conn.execute("VACUUM INTO ?", [str(kept)])
        finally:
            conn.close()
        return
    except sqlite3.Error:
        kept.unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):  # too damaged to read: keep the raw files
        part = Path(f"{target}{suffix}")
        if part.exists():
            shutil.copy2(part, f"{kept}{suffix}")
