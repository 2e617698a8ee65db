"""Checkpoints: the ledger's size and head hash, written into every export and backup.

A checkpoint reads `LK1-<entries>-<events>-<hash>`, where the hash covers the hash of the
last entry and of the last event. A coordinator files it outside the database (the printed
export, a mail); `lawkb hours verify --checkpoint` later proves the ledger still extends it,
so removing the newest rows or re-hashing the history is detected. A bare 64-digit hash (the
head hash older versions printed) is accepted too: it must be the hash of some row.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lawkb.records.chain as chain
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.events import last_link

TOKEN = re.compile(r"\bLK1-(\d+)-(\d+)-([0-9a-f]{64})\b")
BARE = re.compile(r"^[0-9a-f]{64}$")
LABEL = "校验点"  # what exports call it, beside the token


@dataclass(frozen=True)
class Checkpoint:
    entries: int
    events: int
    hash: str  # checkpoint_hash of the two heads; for a bare hash, that hash itself
    bare: bool = False

    def __str__(self) -> str:
        return self.hash if self.bare else f"LK1-{self.entries}-{self.events}-{self.hash}"


def make(entries: int, entries_hash: str, events: int, events_hash: str) -> Checkpoint:
    return Checkpoint(
        entries, events, chain.checkpoint_hash(entries, entries_hash, events, events_hash)
    )


def current(conn: sqlite3.Connection) -> Checkpoint:
    """The checkpoint of the ledger as it stands (read in the caller's snapshot)."""
    _ignored, entries, entries_hash = last_link(conn, "entries")
    _ignored, events, events_hash = last_link(conn, "events")
    return make(entries, entries_hash, events, events_hash)


def parse(text: str) -> Checkpoint | None:
    text = text.strip()
    if BARE.match(text.lower()):
        return Checkpoint(0, 0, text.lower(), bare=True)
    m = TOKEN.search(text)
    return Checkpoint(int(m[1]), int(m[2]), m[3]) if m else None


def from_argument(value: str) -> Checkpoint:
    """--checkpoint FILE|HASH: a token or bare hash, or a file holding one (an export, a
    backup database, a text file)."""
    found = parse(value)
    if found:
        return found
    path = Path(value)
    if not path.is_file():
        raise InvalidInput(
            "checkpoint",
            _("'{value}' 既不是校验点（LK1-…），也不是 64 位哈希，也不是文件").format(value=value),
        )
    found = _from_file(path)
    if found is None:
        raise InvalidInput("checkpoint", _("{path}：没有校验点（LK1-…）").format(path=path))
    return found


def _from_file(path: Path) -> Checkpoint | None:
    head = path.read_bytes()[:16]
    if head.startswith(b"SQLite format 3"):
        return _from_database(path)
    if zipfile.is_zipfile(path):  # an XLSX export: the token sits in its shared strings
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith(".xml"):
                    found = parse(zf.read(name).decode("utf-8", "replace"))
                    if found:
                        return found
        return None
    return parse(path.read_bytes().decode("utf-8", "replace"))


def _from_database(path: Path) -> Checkpoint | None:
    """A backup: its own checkpoint, read-only (the backup is not changed)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return current(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise InvalidInput(
            "checkpoint", _("{path}：无法读取备份（{exc}）").format(path=path, exc=exc)
        ) from exc
