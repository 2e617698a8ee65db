"""Helpers for the PostgreSQL tests: URLs, admin connections, logins, a private server.

Kept apart from tests/pg_support.py (the fixtures and the skip line, loaded as a plugin by
`pytest_plugins = ["pg_support"]`), so test modules import these without importing it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
