"""tests/test_records_exports.py run again on the records server: its 10,000-entry ledger is
moved onto PostgreSQL with `records migrate`, and the same tests read the exports back; then
the two backends' files are compared byte for byte."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_tools import admin_connect, with_database
from test_records_exports import big as sqlite_big  # noqa: F401  (the SQLite ledger)
from test_records_exports import (  # noqa: F401  (the same tests, on the server's `big`)
    test_a_missing_folder_is_named_and_nothing_is_written,
    test_csv_summary_and_detail_match_the_stored_minutes,
    test_json_export,
    test_unknown_format_is_refused,
    test_xlsx_matches_the_stored_minutes,
)

from lawkb.records import Records

pytest_plugins = ["pg_support"]
pytest.importorskip("psycopg")
from lawkb.records.migrate_pg import migrate  # noqa: E402
from lawkb.records.pgrecords import PgRecords  # noqa: E402


@pytest.fixture(scope="module")
def big(sqlite_big: Records, pg_admin_url: str) -> Iterator[PgRecords]:  # noqa: F811
    """The same ledger as test_records_exports' `big`, on the server."""
    name = f"lawkb_t_{uuid.uuid4().hex[:12]}"
    with admin_connect(pg_admin_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = with_database(pg_admin_url, name)
    try:
        migrate(sqlite_big.path, url)
        records = PgRecords(url, today=sqlite_big.today)
        yield records
        records.close()
    finally:
        with admin_connect(pg_admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_both_backends_write_the_same_csv(
    sqlite_big: Records,  # noqa: F811
    big: PgRecords,
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    here = sqlite_big.export(tmp_path / "a" / "h.csv", "csv", year=2026, detail=True)
    there = big.export(tmp_path / "b" / "h.csv", "csv", year=2026, detail=True)
    assert [p.read_bytes() for p in here] == [p.read_bytes() for p in there]
    assert len(there[1].read_bytes().splitlines()) > 10_000
