"""Bookmarked articles (refs such as "中华人民共和国环境保护法#59"), kept across restarts."""

from __future__ import annotations

import sqlite3

from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.db import utc_now
from lawkb.records.models import Bookmark


def add(conn: sqlite3.Connection, ref: str, note: str = "") -> Bookmark:
    ref = (ref or "").strip()
    if "#" not in ref or ref.startswith("#") or ref.endswith("#"):
        raise InvalidInput(
            "ref", _("'{ref}' 不是条文引用，例如 中华人民共和国刑法#338之一").format(ref=ref)
        )
    conn.execute(
        "INSERT INTO bookmarks (ref, note, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(ref) DO UPDATE SET note = excluded.note",
        [ref, note or "", utc_now()],
    )
    row = conn.execute(
        "SELECT ref, note, created_at FROM bookmarks WHERE ref = ?", [ref]
    ).fetchone()
    return Bookmark(ref=row[0], note=row[1], created_at=row[2])


def remove(conn: sqlite3.Connection, ref: str) -> bool:
    return conn.execute("DELETE FROM bookmarks WHERE ref = ?", [ref]).rowcount > 0


def all_bookmarks(conn: sqlite3.Connection) -> list[Bookmark]:
    return [
        Bookmark(ref=r[0], note=r[1], created_at=r[2])
        for r in conn.execute(
            "SELECT ref, note, created_at FROM bookmarks ORDER BY created_at, rowid"
        )
    ]
