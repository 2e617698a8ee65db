"""Copying a lawkb home in tests."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path


def copy_home(src: Path, dest: Path, *, records: bool = False) -> Path:
    """A writable copy of a lawkb home. The SQLite files are copied with the backup API, never
    as plain files: opening and closing a database file outside SQLite drops the POSIX locks
    that this process's open connections hold on it, and the shared home gets corrupted."""
    dest.mkdir(parents=True)
    if (src / "index").is_dir():
        shutil.copytree(src / "index", dest / "index")
    names = ["collection.db", *(["records.db"] if records else [])]
    for name in names:
        if (src / name).is_file():
            with sqlite3.connect(src / name) as a, sqlite3.connect(dest / name) as b:
                a.backup(b)
            a.close()
            b.close()
    return dest
