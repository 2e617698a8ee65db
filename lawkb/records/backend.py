"""Which records backend: the SQLite file in the home folder, or a PostgreSQL server.

One setting chooses: LAWKB_RECORDS_URL=postgresql://… in the environment, or in the home
folder's config.toml

    [records]
    url = "postgresql://officer_1001@records.bureau.lan/lawkb"

Without either, the ledger is home/records.db (the embedded default). The local records.db
is always there too: practice attempts, the wrong-answer book, reviews and bookmarks live on
the officer's own machine, and automatic minutes wait in it until the server has them.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.records.core import Records

ENV = "LAWKB_RECORDS_URL"
CONFIG = "config.toml"
SCHEMES = ("postgresql://", "postgres://")


def records_url(home: Path) -> str | None:
    """The server URL if one is configured (environment first), else None."""
    url = os.environ.get(ENV, "").strip() or _from_config(home / CONFIG)
    if not url:
        return None
    if not url.startswith(SCHEMES):
        where = ENV if os.environ.get(ENV, "").strip() else f"{home / CONFIG} [records] url"
        raise LawkbError(
            _("{where}：应为 postgresql://… 形式的地址，实际为 {url!r}").format(
                where=where, url=url
            )
        )
    return url


def _from_config(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LawkbError(
            _("{path}：不是有效的 TOML 配置文件（{exc}）").format(path=path, exc=exc)
        ) from exc
    section = data.get("records", {})
    url = section.get("url") if isinstance(section, dict) else None
    if url is not None and not isinstance(url, str):
        raise LawkbError(_("{path}：[records] url 应为字符串").format(path=path))
    return (url or "").strip() or None


def open_records(home: Path, *, today: Callable[[], dt.date] | None = None) -> Records:
    """The ledger this home is configured for."""
    url = records_url(home)
    if url:
        from lawkb.records.pgrecords import PgRecords  # why: psycopg, +200 ms, server only

        return PgRecords(url, today=today)
    return Records(home / "records.db", today=today)


def open_local(home: Path) -> Records:
    """This machine's records.db (beside a server ledger: practice, reviews, the outbox)."""
    return Records(home / "records.db")


def describe(records: Records) -> tuple[str, str]:
    """(backend name, where) of an open ledger."""
    if getattr(records, "backend", "sqlite") == "postgresql":
        return "postgresql", records.where  # type: ignore[attr-defined]
    return "sqlite", str(records.path)
