"""A PostgreSQL connection that the records code can use as it uses its SQLite connection.

The ledger's functions (entries, events, officers, reports, exports, verify) are written
against the DB-API calls `conn.execute(sql, args)`, `cursor.fetchone()`, `lastrowid` and
`in_transaction`, with `?` placeholders and portable SQL. This adapter gives psycopg 3 the
same surface, so both backends run the very same functions and chain the same way:

- `?` becomes `%s`; `WHERE 1` becomes `WHERE true`;
- `BEGIN IMMEDIATE` (a writer) becomes BEGIN plus a transaction-scoped advisory lock, so
  writers queue one at a time as they do on SQLite and each appends to the chain's tail;
- `BEGIN DEFERRED` (a reader's snapshot) becomes a REPEATABLE READ transaction;
- `PRAGMA quick_check` (verify's file check) has no meaning on a server: it answers `ok`;
- an INSERT into a table with a generated id returns that id as `lastrowid`;
- psycopg errors become the sqlite3 exception classes the callers already catch, and a
  refusal by the server's privileges or row-level security becomes a clear LawkbError.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from lawkb.errors import LawkbError
from lawkb.i18n import _

# pg_advisory_xact_lock key of the ledger's writers ("lawkb" in ASCII)
WRITER_LOCK = 0x6C61776B62
CONNECT_TIMEOUT_S = 10
_RETURNING_ID = ("sessions", "quiz_attempts")
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_WHERE_1 = re.compile(r"\bWHERE 1\b(?!\d)")


class PermissionRefused(LawkbError):
    """The server refused a write this database user may not make."""


def connect(url: str, *, timeout: int = CONNECT_TIMEOUT_S) -> PgConnection:
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=timeout)
    except psycopg.OperationalError as exc:
        raise LawkbError(
            _("无法连接记录服务器 {redact}：{first_line}").format(
                redact=redact(url), first_line=first_line(exc)
            )
        ) from exc
    return PgConnection(raw, url)


def redact(url: str) -> str:
    """The URL without its password, for messages and `records status`."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def translate(sql: str) -> str:
    """SQLite-flavoured SQL of the records code as PostgreSQL reads it."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    return _WHERE_1.sub("WHERE true", sql)


class PgCursor:
    def __init__(self, cur: psycopg.Cursor, lastrowid: int | None = None) -> None:
        self._cur = cur
        self.lastrowid = lastrowid

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur.description else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount


class PgConnection:
    """The DB-API surface of sqlite3.Connection that lawkb.records uses, over psycopg."""

    backend = "postgresql"

    def __init__(self, raw: psycopg.Connection, url: str) -> None:
        self.raw = raw
        self.url = url

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, args: Sequence[Any] | None = None) -> PgCursor:
        head = sql.lstrip()[:24].upper()
        if head.startswith("PRAGMA"):
            return self._run("SELECT 'ok'", None)
        if head.startswith("BEGIN IMMEDIATE"):
            self._run("BEGIN", None)
            return self._run(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})", None)
        if head.startswith("BEGIN DEFERRED"):
            return self._run("BEGIN ISOLATION LEVEL REPEATABLE READ", None)
        match = _INSERT_INTO.match(sql)
        if match and match[1] in _RETURNING_ID and "RETURNING" not in sql.upper():
            cur = self._run(sql + " RETURNING id", args)
            row = cur.fetchone()
            return PgCursor(cur._cur, int(row[0]) if row else None)
        return self._run(sql, args)

    def _run(self, sql: str, args: Sequence[Any] | None) -> PgCursor:
        # without arguments psycopg reads the text as it is: no placeholders to turn
        query = translate(sql) if args else _WHERE_1.sub("WHERE true", sql)
        try:
            return PgCursor(self.raw.execute(query, list(args) if args else None))
        except pg_errors.InsufficientPrivilege as exc:
            message = f"服务器拒绝了这次写入（数据库用户权限）：{first_line(exc)}"
            raise PermissionRefused(message) from exc
        except pg_errors.UndefinedTable as exc:
            raise sqlite3.OperationalError(f"no such table: {_table_of(exc)}") from exc
        except pg_errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(first_line(exc)) from exc
        except pg_errors.RaiseException as exc:  # the append-only triggers
            raise sqlite3.IntegrityError(first_line(exc)) from exc
        except psycopg.OperationalError as exc:
            raise sqlite3.OperationalError(first_line(exc)) from exc
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(first_line(exc)) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.cursor() as cur:
            cur.executemany(translate(sql), [list(r) for r in rows])

    def close(self) -> None:
        self.raw.close()


def _table_of(exc: BaseException) -> str:
    match = re.search(r'relation "([^"]+)"', str(exc))
    return match[1] if match else "?"
