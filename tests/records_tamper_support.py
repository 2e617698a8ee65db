"""A real ledger to tamper with, and the edits an attacker makes with the sqlite3 module."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from lawkb.cli.main import main
from lawkb.records import chain

# last year: always in the past, and within the ledger's first year (the year before it began)
YEAR = str(dt.date.today().year - 1)
DAY = f"{YEAR}-10-"
GUARDS = (
    "entries_no_update",
    "entries_no_delete",
    "sessions_no_update",
    "sessions_no_delete",
    "events_no_update",
    "events_no_delete",
    "officers_no_delete",
)


class Ledger:
    """A coordinator's home driven through the real CLI; edits go straight to records.db."""

    def __init__(self, home: Path, key_file: Path) -> None:
        self.home = home
        self.db = home / "records.db"
        self.env = {"LAWKB_USER": "coord", "LAWKB_KEY_FILE": str(key_file)}
        self.runner = CliRunner()

    def run(self, *args: str, code: int | None = 0) -> str:
        result = self.runner.invoke(main, ["--home", str(self.home), *args], env=self.env)
        if code is not None:
            assert result.exit_code == code, (args, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        return result.output

    def build(self) -> None:
        """Logs, a 3-person group session and a correction (entries 1-8)."""
        self.run("officers", "add", "T001", "--name", "张三", "--unit", "法规科")
        self.run("officers", "add", "T002", "--name", "李四", "--unit", "执法一大队")
        self.run(
            "officers", "add", "T003", "--name", "王五", "--unit", "执法一大队",
            "--joined", f"{YEAR}-01-05",
        )  # fmt: skip
        for i, who in enumerate(("T001", "T002", "T003", "T001")):
            self.run(
                "hours", "log", who, f"{60 + 15 * i}m", "--date", f"{DAY}0{i + 1}", "-a", "自学"
            )
        self.run(
            "hours", "group", "2h", "T001", "T002", "T003", "--date", f"{DAY}15",
            "-a", "法制讲座", "-t", "新法解读",
        )  # fmt: skip
        self.run("hours", "correct", "1", "--minutes", "30m", "-r", "多记")

    def verify(self, *extra: str) -> tuple[dict, str]:
        """(verify --json, the text verify prints); both must say the same thing."""
        data = json.loads(self.run("hours", "verify", "--json", *extra, code=None))
        text = self.run("hours", "verify", *extra, code=None)
        return data, text

    def report(self) -> dict:
        return json.loads(self.run("hours", "report", "--year", YEAR, "--json"))

    def edit(self, *statements: str) -> None:
        conn = sqlite3.connect(self.db)
        for name in GUARDS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        conn.close()

    def rehash(self, key: bytes | None = None) -> None:
        """Recompute every entry's and event's hash with lawkb's own functions, and the heads."""
        conn = sqlite3.connect(self.db)
        for name in GUARDS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for table, columns, hash_of in (
            ("entries", chain.HASHED, chain.entry_hash),
            ("events", chain.EVENT_HASHED, chain.event_hash),
        ):
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
            prev = "0" * 64
            for row in rows:
                fields = dict(zip(columns, row, strict=True))
                new = hash_of(prev, fields, key)
                conn.execute(
                    f"UPDATE {table} SET prev_hash = ?, hash = ? WHERE id = ?",
                    [prev, "tmp-" + new, fields["id"]],
                )
                prev = new
            conn.execute(f"UPDATE {table} SET hash = substr(hash, 5)")
            head = "ledger_head" if table == "entries" else "events_head"
            conn.execute(f"DELETE FROM {head}")
            conn.execute(
                f"INSERT INTO {head} (id, last_id, count, hash) VALUES (1, ?, ?, ?)",
                [rows[-1][0] if rows else 0, len(rows), prev],
            )
        conn.commit()
        conn.close()


def messages(data: dict) -> str:
    return "\n".join(f["message"] for f in data["findings"])
