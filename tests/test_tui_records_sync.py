"""An officer's machine configured for the records server, in the terminal app: the attempts
waiting for the server show on the quiz screen, and 同步练习记录 (palette, F8) sends them."""

from __future__ import annotations

import json
import socket
import sqlite3
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from pg_tools import admin_connect
from test_tui_quiz import home_with_trainee, open_quiz, text_of
from tui_support import SIZE, make_app, wait_for, wait_ready

from lawkb.cli.main import main
from lawkb.quiz.models import QuestionType
from lawkb.tui.records_queue import NO_SERVER

pytest_plugins = ["pg_support"]


def closed_port_url() -> str:
    """A records server that is down: nothing listens on the port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql://officer_t001@127.0.0.1:{port}/lawkb"


def cli_pending(home: Path) -> int:
    done = CliRunner().invoke(main, ["records", "status", "--json", "--home", str(home)])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)["pending"]


def login_url(conninfo: str, login: str) -> str:
    """The URL an officer's machine is configured with: their login on the test database."""
    from psycopg.conninfo import conninfo_to_dict

    p = conninfo_to_dict(conninfo)
    return f"postgresql://{login}@{p.get('host', '127.0.0.1')}:{p.get('port', 5432)}/{p['dbname']}"


async def practise_one(pilot, screen) -> None:
    """A practice round on 行政处罚法: one question answered, then ended (Ctrl+S)."""
    screen.query_one("#law").value = "行政处罚法"
    await pilot.click("#start-practice")
    await wait_for(pilot, lambda: screen.pane == "run", "the practice round", timeout=30)
    q = screen.session.question(0)
    if q.type is QuestionType.CLOZE:
        screen.query_one("#qc-cloze").value = "；".join(q.answer)
        await pilot.press("enter")
    else:
        await pilot.press(*[c.lower() for c in q.answer], "enter")
    await wait_for(pilot, lambda: screen.session.answered_count == 1, "the answer")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)


async def sync_from_palette(pilot) -> None:
    app = pilot.app
    app.last_sync = None
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: app.screen.query("CommandInput"), "the palette")
    await pilot.press(*"同步练习记录")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.last_sync is not None, "the sync", timeout=30)


def pending_line(screen) -> str:
    line = screen.query_one("#records-pending")
    return text_of(screen, "#records-pending") if line.display else ""


async def test_attempts_waiting_for_a_server_that_is_down_are_counted_on_screen(
    corpus_kb, tmp_path, monkeypatch
):
    home = home_with_trainee(corpus_kb, tmp_path)
    monkeypatch.setenv("LAWKB_RECORDS_URL", closed_port_url())
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        await pilot.pause(0.3)
        assert pending_line(screen) == ""  # nothing waits yet: no line
        for n in (1, 2):
            await practise_one(pilot, screen)
            await wait_for(
                pilot, lambda n=n: f"待上传 {n} 条练习记录" in pending_line(screen), f"{n} waiting"
            )
            await pilot.press("escape")  # back to the form for the next round
        assert "待上传 2 条练习记录" in app.export_screenshot().replace("&#160;", " ")
        # the sync key while the server is still down: reported, and both still wait
        app.last_sync = None
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.last_sync is not None, "the sync", timeout=30)
        assert not app.last_sync.ok and "未能全部发送" in app.last_sync.message
        assert "仍待上传 2 条" in app.last_sync.message
        assert "待上传 2 条练习记录" in pending_line(screen)
    assert cli_pending(home) == 2  # the CLI counts the same attempts


async def test_no_server_configured_shows_no_count_and_sync_says_why(
    corpus_kb, tmp_path, monkeypatch
):
    monkeypatch.delenv("LAWKB_RECORDS_URL", raising=False)
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        await practise_one(pilot, screen)
        await pilot.pause(0.5)
        assert pending_line(screen) == ""  # records.db is the ledger: nothing waits
        await sync_from_palette(pilot)
        assert app.last_sync.message == NO_SERVER and not app.last_sync.server
    assert sqlite3.connect(home / "records.db").execute(
        "SELECT COUNT(*) FROM quiz_attempts"
    ).fetchone() == (1,)


async def test_a_sync_from_the_palette_brings_the_count_to_zero(
    pg_url, corpus_kb, tmp_path, monkeypatch
):
    pytest.importorskip("psycopg")
    from lawkb.records.pgrecords import PgRecords, apply_server
    from lawkb.records.server_sql import login_sql

    home = home_with_trainee(corpus_kb, tmp_path)
    monkeypatch.setenv("LAWKB_RECORDS_URL", closed_port_url())
    apply_server(pg_url)
    owner = PgRecords(pg_url)
    owner.add_officer("T001", "测试学员", role="trainee")
    owner.close()
    login = f"o_t001_{uuid.uuid4().hex[:8]}"  # roles belong to the whole server
    with admin_connect(pg_url) as conn:
        conn.execute(login_sql(login, "T001"))
    app = make_app(home, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot)
            screen = await open_quiz(pilot)
            await practise_one(pilot, screen)
            await wait_for(pilot, lambda: "待上传 1 条" in pending_line(screen), "1 waiting")
            # the bureau's server is reachable again (here: the officer's login on it)
            monkeypatch.setenv("LAWKB_RECORDS_URL", login_url(pg_url, login))
            await sync_from_palette(pilot)
            assert app.last_sync.ok, app.last_sync.message
            assert "已发送 1 条练习记录，仍待上传 0 条" in app.last_sync.message
            await wait_for(pilot, lambda: pending_line(screen) == "", "the line gone")
        assert cli_pending(home) == 0
        local = sqlite3.connect(home / "records.db")
        (uid,) = local.execute("SELECT uid FROM quiz_attempts").fetchone()
        local.close()
        server = PgRecords(pg_url)
        rows = server.conn.execute("SELECT uid, officer_id, db_user FROM attempts").fetchall()
        server.close()
        assert rows == [(uid, "T001", login)]
    finally:
        with admin_connect(pg_url) as conn:
            conn.execute(f'DROP OWNED BY "{login}"')
            conn.execute(f'DROP ROLE "{login}"')
