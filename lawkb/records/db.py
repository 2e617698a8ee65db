"""The records connection: pragmas on every connection, BEGIN IMMEDIATE for every write.

The records database is the user's own data and cannot be rebuilt, so every connection runs
in WAL mode with synchronous=FULL (a committed entry survives a power cut) and foreign keys
on, and waits on a busy writer instead of failing at once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from lawkb.dbconn import ImmediateConnection
from lawkb.errors import LawkbError
from lawkb.i18n import _

BUSY_TIMEOUT_S = 30.0


def connect(path: Path | str, timeout: float = BUSY_TIMEOUT_S) -> ImmediateConnection:
    """Open the records file with the pragmas that make it durable."""
    conn = sqlite3.connect(
        str(path),
        timeout=timeout,
        isolation_level=None,  # no implicit transactions: we BEGIN IMMEDIATE ourselves
        factory=ImmediateConnection,
        check_same_thread=False,  # the TUI reads from worker threads; writes hold a lock
    )
    try:
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        mode = _switch_to_wal(conn, timeout)
        if str(mode).lower() != "wal":
            raise LawkbError(
                _("{path}：无法把记录数据库切换到 WAL 模式（{mode}）").format(path=path, mode=mode)
            )
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LawkbError(
            _("{path}：无法打开记录数据库（{exc}）").format(path=path, exc=exc)
        ) from exc
    return conn  # type: ignore[return-value]


def _switch_to_wal(conn: sqlite3.Connection, timeout: float) -> str:
    """PRAGMA journal_mode=WAL, retried: on a new file that another process is switching at
    the same moment it fails with "database is locked" at once, without the busy handler."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees the same state of the database."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN DEFERRED")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


class Transactions:
    """One write transaction at a time on one connection; nested blocks use savepoints.

    On SQLite it is sqlite-utils' `Database.atomic()` (`atomic`), whose BEGIN the
    connection class makes a BEGIN IMMEDIATE. The PostgreSQL ledger (pgrecords) has no
    sqlite-utils Database, so it gets the same BEGIN … COMMIT / ROLLBACK and savepoints here.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        atomic: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        self.conn = conn
        self.lock = threading.RLock()
        self._depth = 0
        self._atomic = atomic

    @contextmanager
    def __call__(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            if self._atomic is not None:
                with self._atomic():
                    yield self.conn
                return
            if self.conn.in_transaction:
                yield from self._savepoint()
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        self._depth += 1
        name = f"lawkb_sp{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1


def utc_now() -> str:
    """A timestamp for recorded_at / created_at: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
