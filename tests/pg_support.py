"""A real PostgreSQL for the records tests: a fresh database per test, dropped after it.

LAWKB_TEST_PG_URL names a server and a role that may create databases and roles (.ci/run
starts a throwaway one with .ci/pg-start). Without it every server test is skipped with one
line at the end of the run. A test module takes the fixtures with
`from pg_support import pg_admin_url, pg_url  # noqa: F401` and marks itself `pytestmark`.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SKIP_LINE = (
    "PostgreSQL tests skipped: set LAWKB_TEST_PG_URL (.ci/run starts a server with .ci/pg-start)"
)
REPO = Path(__file__).resolve().parent.parent
_skipped: list[str] = []


def server_url() -> str | None:
    return os.environ.get("LAWKB_TEST_PG_URL", "").strip() or None


def with_database(url: str, name: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    return make_conninfo(**dict(conninfo_to_dict(url), dbname=name))


def with_user(url: str, user: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    params.pop("password", None)
    return make_conninfo(**dict(params, user=user))


def admin_connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


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


def make_login(admin_url: str, db_url: str, prefix: str) -> str:
    """A new login role for one test (roles belong to the whole server: unique names)."""
    login = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin_connect(db_url) as conn:
        conn.execute(f'CREATE ROLE "{login}" LOGIN')
    return login


def drop_logins(admin_url: str, db_url: str, logins: list[str]) -> None:
    with admin_connect(db_url) as conn:
        for login in logins:
            conn.execute(f'DROP OWNED BY "{login}"')
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def pg_start_script() -> Path:
    return REPO / ".ci" / "pg-start"


def start_private_server(folder: Path, port: int) -> str | None:
    """A second server of its own (to stop and restart in a test); None without PostgreSQL."""
    env = dict(os.environ, LAWKB_PG_DIR=str(folder), LAWKB_PG_PORT=str(port))
    done = subprocess.run(
        [str(pg_start_script())], env=env, capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        return None
    return done.stdout.strip().splitlines()[-1]


def stop_private_server(folder: Path, port: int, *, clean: bool = False) -> None:
    env = dict(os.environ, LAWKB_PG_DIR=str(folder), LAWKB_PG_PORT=str(port))
    flag = "--clean" if clean else "--stop"
    subprocess.run([str(pg_start_script()), flag], env=env, capture_output=True, timeout=120)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _skipped:
        terminalreporter.write_line(SKIP_LINE)
