"""`lawkb records migrate --to postgresql://…`: a SQLite ledger moved onto the server.

Every row is copied as it is (ids, timestamps, prev_hash and hash), so both chains continue
unchanged and the checkpoint on the server is the checkpoint of the file. The source must
verify first; the copy is verified inside the same transaction before it commits, so a
server ends up with the whole verified ledger or with nothing. A target that already holds
a ledger is refused, unless it is this very ledger (same checkpoint): then nothing is done.
A ledger sealed with a key file is refused: every writer would need the key, and officers'
machines must not hold it (the server's protection is its roles and row-level security).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import lawkb.records.events as events
from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.records.core import Records
from lawkb.records.pgrecords import PgRecords
from lawkb.records.verify import ENTRY_COLUMNS

OFFICER_COLUMNS = events.OFFICER_FIELDS
SESSION_COLUMNS = events.SESSION_FIELDS
TABLES: list[tuple[str, tuple[str, ...]]] = [
    ("officers", OFFICER_COLUMNS),
    ("sessions", SESSION_COLUMNS),
    ("entries", ENTRY_COLUMNS),
    ("events", events.EVENT_COLUMNS),
    ("settings", ("key", "value", "updated_at", "updated_by")),
    ("changes", ("id", "at", "actor", "kind", "subject", "old_value", "new_value")),
]
BATCH = 2000


@dataclass
class MigrateResult:
    source: str
    target: str
    copied: dict[str, int]
    checkpoint: str
    already_there: bool = False


def migrate(source: Path, url: str) -> MigrateResult:
    src = Records(source)
    try:
        checked = src.verify()
        if not checked.ok:
            raise LawkbError(
                _(
                    "{source}：源账本校验未通过，未复制任何内容（{problem}）；请先运行 "
                    "`lawkb hours verify` 查明原因"
                ).format(source=source, problem=checked.problem)
            )
        if src.conn.execute("SELECT 1 FROM events WHERE kind = ?", [events.KEY_START]).fetchone():
            raise LawkbError(
                _(
                    "{source}：此账本已用密钥封存（lawkb hours seal）。服务器上的账本由数据库角"
                    "色和行级安全保护，每个执法人员的电脑都没有该密钥，封存后的账本无法在服务器"
                    "上续写；未复制任何内容"
                ).format(source=source)
            )
        target = PgRecords(url, schema_only=True)
        try:
            return _copy(src, target, checked.checkpoint)
        finally:
            target.close()
    finally:
        src.close()


def _copy(src: Records, target: PgRecords, checkpoint: str) -> MigrateResult:
    result = MigrateResult(str(src.path), target.where, {}, checkpoint)
    with target.transaction() as conn:
        if not target.is_empty():
            there = target.verify()
            if there.checkpoint == checkpoint and there.ok:
                result.already_there = True
                return result
            raise LawkbError(
                _(
                    "{where}：目标数据库已有另一个账本（校验点 {checkpoint}…，本账本为 "
                    "{checkpoint2}…），拒绝覆盖；请换一个空数据库"
                ).format(
                    where=target.where,
                    checkpoint=there.checkpoint[:28],
                    checkpoint2=checkpoint[:28],
                )
            )
        conn.execute("DELETE FROM settings")  # a schema-only target has no settings yet
        for table, columns in TABLES:
            result.copied[table] = _copy_table(src, conn, table, columns)
        for head in ("ledger_head", "events_head"):
            (seal,) = src.conn.execute(f"SELECT seal FROM {head} WHERE id = 1").fetchone()
            conn.execute(f"UPDATE {head} SET seal = ? WHERE id = 1", [seal])
        copied = target.verify()
        if not copied.ok or copied.checkpoint != checkpoint:
            raise LawkbError(
                _("{where}：复制后的账本校验未通过（{value}），已全部撤销").format(
                    where=target.where, value=copied.problem or copied.checkpoint
                )
            )
    return result


def _copy_table(src: Records, conn, table: str, columns: tuple[str, ...]) -> int:
    names = ", ".join(columns)
    order = "key" if table == "settings" else "id"
    rows = src.conn.execute(f"SELECT {names} FROM {table} ORDER BY {order}")
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    count = 0
    while batch := rows.fetchmany(BATCH):
        conn.executemany(sql, batch)
        count += len(batch)
    return count
