"""Helpers for the quiz tests: a writable home with the real collection, and a clock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from lawkb.kb import KnowledgeBase

# one fixed "now" per test run: the ledger refuses study entries dated in the future, so it
# must be today's date wherever and whenever the tests run
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def writable_home(corpus_home: Path, dest: Path) -> Path:
    """A home with a copy of the real-corpus collection (no index, no records): tests that
    write records never touch the shared session home."""
    dest.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(corpus_home / "collection.db")
    dst = sqlite3.connect(dest / "collection.db")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return dest


class Clock:
    """A monotonic clock the test moves by hand: study time is what the test says it is."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def kb_with_officer(home: Path, officer_id: str = "T001", name: str = "测试学员") -> KnowledgeBase:
    kb = KnowledgeBase(home)
    kb.records.add_officer(officer_id, name, role="trainee")
    return kb
