"""Records: the one object that reads and writes home/records.db.

Every write runs in one BEGIN IMMEDIATE transaction (all of its checks and inserts, or
nothing). Other features get the same guarantees through `transaction()`, read through
`db` (a sqlite_utils.Database over the same connection) and add their own tables with
`ensure_schema(their_migrations)`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lawkb.records.bookmarks as _bookmarks
import lawkb.records.checkpoint as ckpt
import lawkb.records.entries as entries
import lawkb.records.events as events
import lawkb.records.keyfile as keyfile
import lawkb.records.officers as officers
import lawkb.records.requirements as requirements
from lawkb.errors import InvalidInput, LawkbError
from lawkb.i18n import _
from lawkb.records.audit import changes_of_kind, entry_audit, officer_audit
from lawkb.records.backup import backup
from lawkb.records.checkpoint import current
from lawkb.records.db import ImmediateConnection, Transactions, connect, snapshot
from lawkb.records.exports import export
from lawkb.records.models import (
    AuditedEntry,
    BackupResult,
    Bookmark,
    Change,
    Entry,
    EntryAudit,
    Officer,
    OfficerAudit,
    Report,
    RosterResult,
    Settings,
    VerifyResult,
)
from lawkb.records.reports import report
from lawkb.records.roster import import_roster
from lawkb.records.schema import LATEST_MIGRATION, MANUAL, MIGRATION_SET, QUIZ
from lawkb.records.verify import verify

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


class Records:
    def __init__(self, path: Path | str, *, today: Callable[[], dt.date] | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._today = today or dt.date.today
        self.conn: ImmediateConnection = connect(self.path)
        self._tx = Transactions(self.conn, atomic=lambda: self.db.atomic())
        if not self._has_latest_schema():
            from lawkb.records.migrations import migrations  # why: sqlite-migrate, +170 ms

            self.ensure_schema(migrations)

    # -- plumbing for every feature ------------------------------------------------------
    def _has_latest_schema(self) -> bool:
        try:
            row = self.conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? AND name = ?",
                [MIGRATION_SET, LATEST_MIGRATION],
            ).fetchone()
        except Exception:  # no migrations table yet
            return False
        return row is not None

    @cached_property
    def db(self) -> Database:
        """sqlite_utils.Database over the records connection (for other features' reads)."""
        from sqlite_utils import Database  # why: +110 ms on `lawkb --help`

        return Database(self.conn, execute_plugins=False)

    def ensure_schema(self, migrations: Migrations) -> None:
        """Apply a feature's pending sqlite-migrate migrations.

        Runs under one BEGIN IMMEDIATE, so two processes opening a new database at once do
        not both apply the same migration. A set with a non-transactional migration (VACUUM)
        is applied migration by migration instead.
        """
        pending = migrations.pending(self.db)
        if not pending:
            return
        if any(not m.transactional for m in pending):
            migrations.apply(self.db)  # each BEGIN here is made IMMEDIATE by the connection
            return
        with self.transaction():
            migrations.apply(self.db)

    def transaction(self) -> Any:
        """Context manager: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        return self._tx()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._tx() as conn:
                yield conn
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:  # a damaged or tampered file: say so, no traceback
            raise LawkbError(
                _(
                    "{path}：无法写入记录数据库（{exc}）；请运行 `lawkb hours verify` 查看问题"
                ).format(path=self.path, exc=exc)
            ) from exc

    def today(self) -> dt.date:
        return self._today()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- officers --------------------------------------------------------------------------
    def add_officer(
        self,
        officer_id: str,
        name: str,
        unit: str = "",
        role: str = "officer",
        joined: str | dt.date | None = None,
        *,
        actor: str = "",
    ) -> Officer:
        with self._write() as conn:
            return officers.add_officer(
                conn, officer_id, name, unit, role, joined, actor=actor, today=self.today()
            )

    def officer(self, officer_id: str) -> Officer:
        return officers.get_officer(self.conn, officer_id)

    def officers(self, active_only: bool = False, unit: str | None = None) -> list[Officer]:
        return officers.list_officers(self.conn, active_only=active_only, unit=unit)

    def leave(
        self, officer_id: str, on: str | dt.date | None = None, *, actor: str = ""
    ) -> Officer:
        with self._write() as conn:
            return officers.leave(conn, officer_id, on, actor=actor, today=self.today())

    def import_roster(self, path: Path | str, *, actor: str = "") -> RosterResult:
        with self._write() as conn:
            return import_roster(conn, Path(path), actor=actor, today=self.today())

    # -- the ledger ------------------------------------------------------------------------
    def log(
        self,
        officer_id: str,
        minutes: int,
        date: str | dt.date,
        activity: str,
        topic: str = "",
        source: str = MANUAL,
        recorded_by: str = "",
    ) -> int:
        """Log study minutes for one officer; returns the entry id. Raises InvalidInput."""
        with self._write() as conn:
            return entries.log(
                conn,
                requirements.load_settings(conn),
                officer_id,
                minutes,
                date,
                activity,
                topic=topic,
                source=source,
                recorded_by=recorded_by,
                today=self.today(),
            )

    def log_auto(
        self,
        officer_id: str,
        minutes: int,
        activity: str,
        topic: str,
        *,
        ref: str,
        source: str = QUIZ,
        date: str | dt.date | None = None,
    ) -> int:
        """An automatic entry (answered questions of a practice round or mock exam), flagged
        automatic. Idempotent per (officer, ref)."""
        with self._write() as conn:
            return entries.log_auto(
                conn,
                requirements.load_settings(conn),
                officer_id,
                minutes,
                activity,
                topic,
                ref=ref,
                source=source,
                date=date,
                today=self.today(),
            )

    def group(
        self,
        officer_ids: Sequence[str],
        minutes: int,
        date: str | dt.date,
        activity: str,
        topic: str,
        recorded_by: str = "",
        again: bool = False,
    ) -> tuple[int, list[int]]:
        """One session for many attendees, all or none: (session id, entry ids). The same
        session (date, activity, topic, attendees) twice needs `again`."""
        with self._write() as conn:
            return entries.group(
                conn,
                requirements.load_settings(conn),
                officer_ids,
                minutes,
                date,
                activity,
                topic,
                recorded_by=recorded_by,
                today=self.today(),
                again=again,
            )

    def correct(
        self,
        entry_id: int,
        *,
        minutes: int | None = None,
        reverse: bool = False,
        reason: str,
        recorded_by: str = "",
    ) -> int:
        with self._write() as conn:
            return entries.correct(
                conn,
                entry_id,
                minutes=minutes,
                reverse=reverse,
                reason=reason,
                recorded_by=recorded_by,
            )

    def entry(self, entry_id: int) -> Entry:
        return entries.get_entry(self.conn, entry_id)

    def entries(
        self, officer_id: str | None = None, year: int | None = None, unit: str | None = None
    ) -> list[Entry]:
        return entries.list_entries(self.conn, officer_id=officer_id, year=year, unit=unit)

    def verify(self, checkpoint: str | None = None) -> VerifyResult:
        """Check everything a report depends on (see lawkb/records/verify.py); with the key
        file when there is one, and against a checkpoint (a token, hash or file) if given."""
        point = ckpt.from_argument(checkpoint) if checkpoint else None
        with self._tx.lock, snapshot(self.conn):
            return verify(self.conn, ledger_key=keyfile.load(), ledger=self.path, checkpoint=point)

    def checkpoint(self) -> str:
        with self._tx.lock, snapshot(self.conn):
            return str(current(self.conn))

    def seal(self, *, actor: str = "") -> str:
        """Create the ledger key (if there is none) and seal this ledger with it: from now on
        every new row carries the key's HMAC. Returns the key file's path."""
        ledger_key = keyfile.create_or_load()
        with self._write() as conn:
            events.seal_ledger(conn, ledger_key, actor)
        keyfile.register(ledger_key, self.path)
        return str(ledger_key.path)

    # -- audit -----------------------------------------------------------------------------
    def audit_officer(self, officer_id: str) -> OfficerAudit:
        return officer_audit(self.conn, officer_id)

    def audit_entry(self, entry_id: int) -> EntryAudit:
        return entry_audit(self.conn, entry_id)

    def audited_entries(self, officer_id: str, year: int | None = None) -> list[AuditedEntry]:
        return entries.audited(self.entries(officer_id=officer_id, year=year))

    # -- requirement and settings ----------------------------------------------------------
    def setting_changes(self) -> list[Change]:
        return changes_of_kind(self.conn, "setting")

    def settings(self) -> Settings:
        return requirements.load_settings(self.conn)

    def set_setting(self, key: str, value: Any, *, actor: str = "") -> Settings:
        with self._write() as conn:
            requirements.set_setting(conn, key, value, actor)
            return requirements.load_settings(conn)

    def set_target(
        self,
        minutes: int | None,
        *,
        year: int | None = None,
        role: str | None = None,
        actor: str = "",
    ) -> Settings:
        """Annual target in minutes for a year and/or role; None removes an override."""
        return self.set_setting(requirements.target_key(year, role), minutes, actor=actor)

    def add_activity(self, name: str, *, actor: str = "") -> Settings:
        name = (name or "").strip()
        current = self.settings().activities
        if name in current:
            raise InvalidInput("activity", _("'{name}' 已是活动类型").format(name=name))
        return self.set_setting("activities", [*current, name], actor=actor)

    def remove_activity(self, name: str, *, actor: str = "") -> Settings:
        """Existing entries keep their activity; new entries can no longer use it."""
        current = self.settings().activities
        if name not in current:
            raise InvalidInput("activity", _("'{name}' 不是活动类型").format(name=name))
        return self.set_setting("activities", [a for a in current if a != name], actor=actor)

    # -- reports and exports ---------------------------------------------------------------
    def report(
        self,
        year: int | None = None,
        *,
        unit: str | None = None,
        below_target: bool = False,
        behind_only: bool = False,
        officer_id: str | None = None,
    ) -> Report:
        today = self.today()
        with self._tx.lock, snapshot(self.conn):  # the figures and their checkpoint agree
            rep = report(
                self.conn,
                self.settings(),
                year or today.year,
                today=today,
                unit=unit,
                below_target=below_target,
                behind_only=behind_only,
                officer_id=officer_id,
            )
            rep.checkpoint = str(current(self.conn))
        return rep

    def export(
        self,
        path: Path | str,
        fmt: str,
        *,
        year: int | None = None,
        unit: str | None = None,
        detail: bool = False,
    ) -> list[Path]:
        # the summary and the detail come from the same snapshot
        with self._tx.lock, snapshot(self.conn):
            rep = self.report(year, unit=unit)
            point = rep.checkpoint
            return export(self.conn, rep, fmt, Path(path), detail=detail, checkpoint=point)

    def backup(self, dest: Path | str | None = None) -> BackupResult:
        target = Path(dest) if dest else self.path.parent / "backups"
        if dest is None:
            target.mkdir(exist_ok=True)
        with self._tx.lock:
            return backup(self.conn, target)

    # -- bookmarks -------------------------------------------------------------------------
    def add_bookmark(self, ref: str, note: str = "") -> Bookmark:
        with self._write() as conn:
            return _bookmarks.add(conn, ref, note)

    def remove_bookmark(self, ref: str) -> bool:
        with self._write() as conn:
            return _bookmarks.remove(conn, ref)

    def bookmarks(self) -> list[Bookmark]:
        return _bookmarks.all_bookmarks(self.conn)
