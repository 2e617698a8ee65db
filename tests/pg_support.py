"""A real PostgreSQL for the records tests: a fresh database per test, dropped after it.

LAWKB_TEST_PG_URL names a server and a role that may create databases and roles (.ci/run
starts a throwaway one with .ci/pg-start). Without it every server test is skipped with one
line at the end of the run. A test module loads this file as a plugin with
`pytest_plugins = ["pg_support"]` (helpers it imports come from tests/pg_tools.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from pg_tools import admin_connect, with_database

SKIP_LINE = (
    "PostgreSQL tests skipped: set LAWKB_TEST_PG_URL (.ci/run starts a server with .ci/pg-start)"
)
_skipped: list[str] = []


def server_url() -> str | None:
    return os.environ.get("LAWKB_TEST_PG_URL", "").strip() or None


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = server_url()
    if url is None:
        _skipped.append(SKIP_LINE)
        pytest.skip(SKIP_LINE)
    return url


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A new, empty database on the test server (its owner is the admin role)."""
    name = f"lawkb_t_{uuid.uuid4().hex[:12]}"
    with admin_connect(pg_admin_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(pg_admin_url, name)
    finally:
        with admin_connect(pg_admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _skipped:
        terminalreporter.write_line(SKIP_LINE)
