"""A records.db written by the code before the events chain (commit 0b8279d, see
tests/fixtures/records_m001/make.py) upgrades in place: nothing lost, the old entries keep
their hashes, the report is the same, and the officers and settings as they stood become the
baseline event; restore puts a verified backup back and keeps the replaced file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from lawkb.errors import LawkbError
from lawkb.records import Records
from lawkb.records.restore import restore

FIXTURE = Path(__file__).parent / "fixtures" / "records_m001"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    shutil.copy(FIXTURE / "records.db", path)
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_an_old_ledger_upgrades_without_losing_anything(old_db: Path) -> None:
    entries_before = _rows(old_db, "SELECT * FROM entries ORDER BY id")
    officers_before = _rows(old_db, "SELECT * FROM officers ORDER BY id")
    changes_before = _rows(old_db, "SELECT at, actor, kind, subject FROM changes ORDER BY id")
    assert not _rows(old_db, "SELECT name FROM sqlite_master WHERE name = 'events'")

    r = Records(old_db, today=lambda: TODAY)
    result = r.verify()
    assert result.ok, result.findings
    assert result.head_hash == (FIXTURE / "head.txt").read_text().strip()  # same chain
    assert _rows(old_db, "SELECT * FROM entries ORDER BY id") == entries_before
    assert _rows(old_db, "SELECT * FROM officers ORDER BY id") == officers_before
    expected = json.loads((FIXTURE / "report.json").read_text(encoding="utf-8"))
    got = r.report(2026).model_dump(mode="json")
    got.pop("checkpoint")
    assert got == expected

    # the old changes are kept (table and events), then the baseline holds the state
    events = r.conn.execute("SELECT at, actor, kind, subject, new_value FROM events ORDER BY id")
    events = events.fetchall()
    assert [e[:4] for e in events[: len(changes_before)]] == changes_before
    kind, payload = events[-1][2], json.loads(events[-1][4])
    assert kind == "baseline"
    assert [o["id"] for o in payload["officers"]] == ["M001", "M002", "M003"]
    assert payload["settings"]["target.trainee"] == 1800
    assert payload["sessions"][0]["attendees"] == 3
    assert payload["entries"]["count"] == len(entries_before)
    assert [c.kind for c in r.audit_officer("M003").changes] == ["officer.add", "officer.leave"]

    # new writes extend both chains and keep verifying
    r.add_officer("M004", "李四", "法规科")
    r.set_target(2000, year=2026)
    r.log("M004", 30, "2026-11-20", "自学")
    assert r.verify().ok
    r.close()


def test_restore_verifies_the_backup_and_keeps_the_replaced_file(
    old_db: Path, tmp_path: Path
) -> None:
    r = Records(old_db, today=lambda: TODAY)
    backup = Path(r.backup(tmp_path / "backup.db").path)
    r.log("M001", 60, "2026-11-20", "自学")  # after the backup: lost by a restore …
    r.close()
    result = restore(backup, old_db)
    kept = Path(result.replaced)
    assert kept.parent == old_db.parent and kept.is_file()
    # … but kept in the replaced file, which verifies on its own
    assert Records(kept, today=lambda: TODAY).verify().checked == 9
    again = Records(old_db, today=lambda: TODAY)
    assert again.verify().ok and len(again.entries()) == 8
    assert again.verify().checkpoint == result.checkpoint


def test_restore_refuses_a_backup_that_does_not_verify(old_db: Path, tmp_path: Path) -> None:
    r = Records(old_db, today=lambda: TODAY)
    backup = Path(r.backup(tmp_path / "backup.db").path)
    r.close()
    conn = sqlite3.connect(backup)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET minutes = 999 WHERE id = 3")
    conn.commit()
    conn.close()
    before = old_db.read_bytes()
    with pytest.raises(LawkbError, match="备份未通过校验"):
        restore(backup, old_db)
    assert old_db.read_bytes() == before
    assert not list(old_db.parent.glob("*.replaced-*"))
