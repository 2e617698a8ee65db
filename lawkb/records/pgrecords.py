"""PgRecords: the ledger on a PostgreSQL server, with the behaviour of Records on SQLite.

It is Records with another connection: every method (officers, log, group sessions,
corrections, settings, reports, exports, verify) runs the same functions of
lawkb.records.* through lawkb.records.pgconn, so the hash chains, the checks and the
figures are the same code on both backends. What differs is opening (migrations in
lawkb/records/pgschema.py) and what a server has no use for (file backups, the key file).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lawkb.records.events as events
import lawkb.records.pgschema as schema
from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.records.core import Records
from lawkb.records.db import Transactions, utc_now
from lawkb.records.models import BackupResult
from lawkb.records.pgconn import PgConnection, connect, redact
from lawkb.records.schema import DEFAULT_SETTINGS, MIGRATION_SET
from lawkb.records.server_sql import ROLES_SQL

NOT_INITIALISED = (
    "记录服务器上的账本尚未建立：请以数据库所有者身份运行 "
    "`lawkb records init-server --apply`（LAWKB_RECORDS_URL 指向该数据库）"
)


class PgRecords(Records):
    backend = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        today: Callable[[], dt.date] | None = None,
        create: bool = False,
        schema_only: bool = False,
        connect_timeout: int = 10,
    ) -> None:
        """Open the ledger at url. create: apply pending migrations (needs the owner);
        schema_only: do not start a new ledger in an empty database (records migrate)."""
        self.url = url
        self.path = None  # type: ignore[assignment]  # no file: the key registry is per file
        self._today = today or dt.date.today
        self.conn: PgConnection = connect(url, timeout=connect_timeout)  # type: ignore[assignment]
        self._tx = Transactions(self.conn)  # type: ignore[arg-type]
        try:
            if create or schema_only:
                self.migrate_schema()
            elif self.pending_migrations():
                raise LawkbError(NOT_INITIALISED)
            if not schema_only and self._may_start():
                self.start_ledger()
        except BaseException:
            self.conn.close()
            raise

    def _may_start(self) -> bool:
        """An empty ledger is started by the first user who may write events (a coordinator
        or the owner), never by an officer's connection."""
        row = self.conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM events) AND has_table_privilege('events', 'INSERT')"
        ).fetchone()
        return bool(row and row[0])

    @property
    def where(self) -> str:
        return redact(self.url)

    @contextmanager
    def _write(self) -> Iterator[PgConnection]:  # type: ignore[override]
        try:
            with self._tx() as conn:
                yield conn  # type: ignore[misc]
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:  # the adapter's form of a server error
            raise LawkbError(
                _("{where}：无法写入记录服务器（{exc}）").format(where=self.where, exc=exc)
            ) from exc

    # -- schema ---------------------------------------------------------------------------
    def pending_migrations(self) -> list[str]:
        exists = self.conn.execute("SELECT to_regclass('lawkb_migrations')").fetchone()
        if not exists or exists[0] is None:
            return [name for name, _ignored in schema.MIGRATIONS]
        applied = {r[0] for r in self.conn.execute(schema.applied_sql())}
        return [name for name, _ignored in schema.pending(applied)]

    def migrate_schema(self) -> list[str]:
        """Apply the pending migrations, each in its own transaction (as the owner)."""
        done: list[str] = []
        with self.transaction() as conn:  # the writers' lock: two installers do not race
            conn.execute(schema.MIGRATIONS_TABLE)
            applied = {r[0] for r in conn.execute(schema.applied_sql())}
            for name, sql in schema.pending(applied):
                conn.raw.execute(sql)  # type: ignore[attr-defined]
                conn.execute(
                    "INSERT INTO lawkb_migrations (migration_set, name, applied_at) "
                    "VALUES (?, ?, ?)",
                    [MIGRATION_SET, name, utc_now()],
                )
                done.append(name)
        return done

    def is_empty(self) -> bool:
        """No officers, entries or events yet (a ledger can be copied in: records migrate)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM officers) + (SELECT count(*) FROM entries) "
            "+ (SELECT count(*) FROM events)"
        ).fetchone()
        return int(row[0]) == 0

    def start_ledger(self) -> bool:
        """A new ledger: the default settings and the baseline event, as SQLite's first two
        migrations write them. Does nothing on a ledger that has begun (or was copied in)."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM events LIMIT 1").fetchone():
                return False
            if conn.execute("SELECT 1 FROM officers LIMIT 1").fetchone():
                return False
            now = utc_now()
            for key, value in DEFAULT_SETTINGS.items():
                conn.execute(
                    "INSERT INTO settings (key, value, updated_at, updated_by) "
                    "VALUES (?, ?, ?, '') ON CONFLICT (key) DO NOTHING",
                    [key, json.dumps(value, ensure_ascii=False), now],
                )
            last_id, count, hash_ = events.last_link(conn, "entries")  # type: ignore[arg-type]
            baseline: dict[str, Any] = events.current_tables(conn)  # type: ignore[arg-type]
            baseline["entries"] = {"count": count, "last_id": last_id, "hash": hash_}
            events.append(conn, events.BASELINE, "", None, baseline, "lawkb", key=None)  # type: ignore[arg-type]
        return True

    def ensure_schema(self, migrations: Any) -> None:
        raise LawkbError(
            _("记录服务器只保存学时账本；练习记录、错题本和书签保存在本机 records.db 中")
        )

    # -- what a server does not do ---------------------------------------------------------
    def backup(self, dest: Path | str | None = None) -> BackupResult:
        raise LawkbError(_("记录服务器的备份请用 pg_dump（见 README：记录服务器）"))

    def seal(self, *, actor: str = "") -> str:
        raise LawkbError(
            _(
                "服务器上的账本由数据库角色和行级安全保护，不使用密钥文件封存；请在 "
                "SQLite 账本上使用 `lawkb hours seal`"
            )
        )

    # -- server facts ----------------------------------------------------------------------
    def db_user(self) -> str:
        return str(self.conn.execute("SELECT session_user").fetchone()[0])  # type: ignore[index]

    def writers(self, table: str = "entries") -> dict[str, int]:
        """How many rows of a table each database user wrote."""
        rows = self.conn.execute(
            f"SELECT db_user, count(*) FROM {table} GROUP BY db_user ORDER BY db_user"
        )
        return {str(u): int(n) for u, n in rows}


def apply_server(url: str) -> list[str]:
    """`init-server --apply`: the migrations, then roles, privileges and row-level security,
    run as the database's owner. Safe to run again (it applies what is missing)."""
    records = PgRecords(url, schema_only=True)
    try:
        done = records.pending_migrations()
        records.migrate_schema()
        with records.transaction() as conn:
            conn.raw.execute(ROLES_SQL)  # type: ignore[attr-defined]
        return done
    finally:
        records.close()
