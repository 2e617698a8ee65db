"""Issue 14, items 1-4: edits made with the sqlite3 module on a real records.db (guard
triggers dropped where they block) change the report; `hours verify` (text and --json) must
name each one, and never crash. The re-hash forgery is caught by a checkpoint taken before
it, or by the ledger key without one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from records_tamper_support import DAY, YEAR, Ledger, messages

from lawkb.records import chain


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(tmp_path / "home", tmp_path / "config" / "ledger.key")
    led.build()
    return led


def by_id(report: dict) -> dict[str, int]:
    return {p["id"]: p["counted_minutes"] for p in report["officers"]}


def assert_named(ledger: Ledger, *words: str, area: str) -> dict:
    data, text = ledger.verify()
    assert not data["ok"], data
    assert area in {f["area"] for f in data["findings"]}, data["findings"]
    for word in words:
        assert word in messages(data), (word, data["findings"])
        assert word in text, (word, text)
    assert "未通过" in text and "Traceback" not in text
    return data


def test_the_untouched_ledger_verifies(ledger: Ledger) -> None:
    data, text = ledger.verify()
    assert data["ok"] and data["checked"] == 8 and data["findings"] == []
    assert data["checkpoint"].startswith("LK1-8-")
    assert "通过：8 条记录" in text and data["checkpoint"] in text
    assert by_id(ledger.report()) == {"T001": 255, "T002": 195, "T003": 210}


# -- item 1: the head, the session attendance ------------------------------------------------
def test_removing_the_newest_entries_and_the_head_row(ledger: Ledger) -> None:
    ledger.edit("DELETE FROM entries WHERE id >= 7", "DELETE FROM ledger_head")
    assert by_id(ledger.report())["T003"] == 90  # the report changed
    data = assert_named(ledger, "head row of ledger_head is missing", area="head")
    assert "session 1" in messages(data) and "2 of its 3 attendees" in messages(data)


def test_a_head_rewritten_from_the_remaining_rows_still_shows_the_cut_session(
    ledger: Ledger,
) -> None:
    ledger.edit(
        "DELETE FROM entries WHERE id >= 7",
        "UPDATE ledger_head SET last_id = 6, count = 6, "
        "hash = (SELECT hash FROM entries WHERE id = 6)",
    )
    assert_named(ledger, "session 1", "2 of its 3 attendees", area="attendance")


def test_a_dropped_head_table_is_a_finding_not_a_crash(ledger: Ledger) -> None:
    ledger.edit("DROP TABLE ledger_head")
    assert_named(ledger, "ledger_head table is missing", area="head")
    # and a write says what is wrong instead of a traceback
    out = ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}20", "-a", "自学", code=1)
    assert "记录数据库" in out and "hours verify" in out


def test_a_removed_tail_with_a_rewritten_head_fails_the_checkpoint(
    ledger: Ledger, tmp_path: Path
) -> None:
    filed = tmp_path / "filed.json"
    ledger.run("hours", "export", "--year", YEAR, "--format", "json", "-o", str(filed))
    assert json.loads(filed.read_text(encoding="utf-8"))["checkpoint"].startswith("LK1-8-")
    ledger.edit(
        "DELETE FROM entries WHERE id = 8",  # the correction: T001 gains 30 minutes
        "UPDATE ledger_head SET last_id = 7, count = 7, "
        "hash = (SELECT hash FROM entries WHERE id = 7)",
    )
    assert by_id(ledger.report())["T001"] == 285
    data, text = ledger.verify("--checkpoint", str(filed))
    assert not data["ok"] and data["extends_checkpoint"] is False
    assert "rows removed since the checkpoint" in messages(data) and "checkpoint" in text


# -- item 2: officers ----------------------------------------------------------------------
def test_deleting_an_officer_is_named_with_the_orphaned_entries(ledger: Ledger) -> None:
    ledger.edit("DELETE FROM officers WHERE id = 'T002'")
    assert "T002" not in by_id(ledger.report())
    data = assert_named(ledger, "officer T002 (李四)", "missing from the officers", area="officers")
    assert any(f["area"] == "orphans" and f["subject"] == "T002" for f in data["findings"])


def test_renaming_an_officer_id_is_named(ledger: Ledger) -> None:
    ledger.edit("UPDATE officers SET id = 'X002' WHERE id = 'T002'")
    data = assert_named(ledger, "officer X002", "no event records it", area="officers")
    assert "officer T002" in messages(data)


def test_moving_an_officer_to_another_unit_is_named(ledger: Ledger) -> None:
    ledger.edit("UPDATE officers SET unit = '法规科' WHERE id = 'T002'")
    assert_named(ledger, "T002", "unit is '法规科'", "'执法一大队'", area="officers")


def test_changing_a_joined_date_is_named(ledger: Ledger) -> None:
    before = {p["id"]: p["target_minutes"] for p in ledger.report()["officers"]}
    ledger.edit(f"UPDATE officers SET joined = '{YEAR}-12-01' WHERE id = 'T003'")
    after = {p["id"]: p["target_minutes"] for p in ledger.report()["officers"]}
    assert after["T003"] < before["T003"] // 5  # the target was cut
    assert_named(ledger, "T003", "joined", f"{YEAR}-12-01", area="officers")


# -- item 3: settings ----------------------------------------------------------------------
def test_a_target_edited_in_the_table_is_named(ledger: Ledger) -> None:
    ledger.edit("UPDATE settings SET value = '60' WHERE key = 'target'")
    assert {p["status"] for p in ledger.report()["officers"]} == {"complete"}
    assert_named(ledger, "setting target is 60", "2400", area="settings")


def test_auto_counts_turned_off_in_the_table_is_named(ledger: Ledger) -> None:
    ledger.edit("UPDATE settings SET value = 'false' WHERE key = 'auto_counts'")
    assert_named(ledger, "setting auto_counts", area="settings")


def test_settings_changed_through_lawkb_are_recorded_and_verify(ledger: Ledger) -> None:
    ledger.run("hours", "settings", "target", "30h")
    ledger.run("hours", "settings", "auto-counts", "off")
    history = json.loads(ledger.run("hours", "settings", "history", "--json"))
    assert [(c["subject"], c["new_value"]) for c in history] == [
        ("target", 1800),
        ("auto_counts", False),
    ]
    assert ledger.verify()[0]["ok"]


def test_a_session_edited_in_the_table_is_named(ledger: Ledger) -> None:
    ledger.edit("UPDATE sessions SET attendees = 2, minutes = 240 WHERE id = 1")
    assert_named(ledger, "session 1", "minutes is 240", area="sessions")


# -- item 4: re-hashing ----------------------------------------------------------------------
def _edit_and_rehash(ledger: Ledger, key: bytes | None = None) -> None:
    ledger.edit("UPDATE entries SET minutes = 600 WHERE id = 2")
    ledger.rehash(key)


def test_a_rehashed_history_passes_alone_but_fails_a_checkpoint_taken_before(
    ledger: Ledger, tmp_path: Path
) -> None:
    untouched = json.loads(ledger.run("hours", "verify", "--json"))
    before, old_head = untouched["checkpoint"], untouched["head_hash"]
    backup = tmp_path / "before.db"
    ledger.run("backup", str(backup))
    xlsx = tmp_path / "filed.xlsx"
    ledger.run("hours", "export", "--year", YEAR, "-o", str(xlsx))
    _edit_and_rehash(ledger)
    assert by_id(ledger.report())["T002"] == 720
    # without outside evidence a full re-hash cannot be told from the real thing …
    assert ledger.verify()[0]["ok"]
    # … but every checkpoint filed before it can: the token, a backup, an XLSX export
    for point in (before, str(backup), str(xlsx)):
        data, text = ledger.verify("--checkpoint", point)
        assert not data["ok"] and data["extends_checkpoint"] is False, point
        assert "does not extend checkpoint" in text
    # and the old head hash printed by verify (a bare hash) is no longer in the chain,
    data, _ = ledger.verify("--checkpoint", old_head)
    assert not data["ok"] and "is not the hash of any entry" in messages(data)
    # while entry 1, not changed, still starts it
    data, _ = ledger.verify("--checkpoint", chain.entry_hash("0" * 64, _first_entry(ledger)))
    assert data["ok"]


def _first_entry(ledger: Ledger) -> dict:
    import sqlite3

    conn = sqlite3.connect(ledger.db)
    row = conn.execute(f"SELECT {', '.join(chain.HASHED)} FROM entries WHERE id = 1").fetchone()
    conn.close()
    return dict(zip(chain.HASHED, row, strict=True))


def test_a_checkpoint_is_extended_by_later_entries(ledger: Ledger, tmp_path: Path) -> None:
    filed = tmp_path / "h.csv"
    ledger.run("hours", "export", "--year", YEAR, "--format", "csv", "-o", str(filed))
    ledger.run("hours", "log", "T002", "1h", "--date", f"{DAY}20", "-a", "自学")
    data, text = ledger.verify("--checkpoint", str(filed))
    assert data["ok"] and data["extends_checkpoint"] is True
    assert "账本是校验点" in text


def test_with_the_key_a_forged_entry_is_named_without_a_checkpoint(ledger: Ledger) -> None:
    ledger.run("hours", "seal")
    ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}21", "-a", "自学")
    data, text = ledger.verify()
    assert data["ok"] and data["keyed"] and data["sealed"] and "已用账本密钥校验" in text
    # a forged entry, hashed with lawkb's own function (not the key), appended at the end
    import sqlite3

    conn = sqlite3.connect(ledger.db)
    prev = conn.execute("SELECT hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()[0]
    fields = dict(_first_entry(ledger), id=10, minutes=2400, recorded_at="2026-10-22T00:00:00Z")
    fields["prev_hash"], fields["hash"] = prev, chain.entry_hash(prev, fields)
    cols = [*chain.HASHED, "prev_hash", "hash"]
    conn.execute(
        f"INSERT INTO entries ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [fields[c] for c in cols],
    )
    conn.commit()
    conn.close()
    assert_named(ledger, "entry 10", "not sealed with the key", area="entries")


def test_with_the_key_a_rehashed_history_is_named(ledger: Ledger) -> None:
    ledger.run("hours", "seal")
    ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}21", "-a", "自学")
    _edit_and_rehash(ledger)  # the forger has lawkb's code but not the key
    data = assert_named(ledger, "not sealed with the key", area="events")
    assert "re-hashed" in messages(data) or "rewritten" in messages(data)


def test_with_the_key_removing_the_seal_is_named(ledger: Ledger) -> None:
    ledger.run("hours", "seal")
    ledger.edit("DELETE FROM events WHERE kind = 'key.start'")
    ledger.rehash()
    assert_named(ledger, "seal (the key.start event) is gone", area="key")


def test_verify_says_when_it_ran_without_the_key(ledger: Ledger, tmp_path: Path) -> None:
    ledger.run("hours", "seal")
    ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}21", "-a", "自学")
    ledger.env["LAWKB_KEY_FILE"] = str(tmp_path / "elsewhere.key")
    data, text = ledger.verify()
    assert not data["ok"] and not data["keyed"] and data["sealed"]
    assert "没有使用其密钥" in text
    # and lawkb refuses to write unsealed rows into a sealed ledger
    out = ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}22", "-a", "自学", code=1)
    assert "密钥文件" in out


# -- damaged databases never crash verify ------------------------------------------------------
@pytest.mark.parametrize(
    "statements",
    [
        ["DROP TABLE events"],
        ["DROP TABLE events_head", "DROP TABLE sessions"],
        ["DROP TABLE officers"],
        ["UPDATE events SET new_value = 'not json' WHERE kind = 'baseline'"],
    ],
)
def test_a_damaged_database_is_described(ledger: Ledger, statements: list[str]) -> None:
    ledger.edit(*statements)
    data, text = ledger.verify()
    assert not data["ok"] and data["findings"] and "Traceback" not in text
