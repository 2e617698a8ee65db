"""`lawkb hours`, `lawkb officers` and `lawkb backup` through click, and one real process."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawkb.cli.main import main

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date.today()
DAY = (TODAY - dt.timedelta(days=1)).isoformat() if TODAY.timetuple().tm_yday > 1 else str(TODAY)
YEAR = str(dt.date.fromisoformat(DAY).year)


@pytest.fixture
def run(home: Path):
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, ["--home", str(home), *args], env={"LAWKB_USER": "coord"})
        assert result.exit_code == code, (args, result.output, result.exception)
        return result.output

    invoke("officers", "add", "L001", "--name", "张三", "--unit", "法规科")
    invoke("officers", "add", "L002", "--name", "李四", "--unit", "执法一大队", "--role", "学员")
    invoke("officers", "add", "L003", "--name", "王五", "--unit", "执法一大队")
    return invoke


def test_log_report_json(run) -> None:
    out = run(
        "hours",
        "log",
        "L001",
        "1.5h",
        "--date",
        DAY,
        "--activity",
        "自学",
        "--topic",
        "法典",
        "--json",
    )
    entry = json.loads(out)
    assert entry["minutes"] == 90 and entry["recorded_by"] == "coord"
    run("hours", "log", "L001", "2h30m", "--date", DAY, "-a", "网络培训", "--by", "王科长")
    report = json.loads(run("hours", "report", "--year", YEAR, "--json"))
    people = {p["id"]: p for p in report["officers"]}
    assert people["L001"]["done_minutes"] == people["L001"]["minutes"] == 240
    assert people["L001"]["target_minutes"] == 2400
    assert people["L001"]["remaining_minutes"] == 2160
    assert people["L002"]["status"] in ("behind", "on_track")
    table = run("hours", "report", "--year", YEAR)
    assert "张三" in table and "4.00" in table and "执法一大队" in table
    below = json.loads(run("hours", "report", "--year", YEAR, "--unit", "法规科", "--json"))
    assert [p["id"] for p in below["officers"]] == ["L001"]


def test_bad_input_is_refused_and_nothing_written(run, home: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()  # not TODAY: midnight may pass
    out = run("hours", "log", "L001", "1.33h", "--date", DAY, "-a", "自学", code=2)
    assert "DURATION" in out and "79.8 分钟" in out
    out = run("hours", "log", "L001", "1h", "--date", future, "-a", "自学", code=1)
    assert "日期：" in out and "将来" in out
    out = run("hours", "log", "L404", "1h", "--date", DAY, "-a", "自学", code=1)
    assert "执法人员：" in out and "L404" in out
    out = run("hours", "log", "L001", "1h", "--date", DAY, "-a", "喝茶", code=1)
    assert "活动类型：" in out
    out = run("hours", "log", "L001", "25h", "--date", DAY, "-a", "自学", code=1)
    assert "24 小时" in out
    assert "--date" in run("hours", "log", "L001", "1h", "--date", "昨天", "-a", "自学", code=2)
    conn = sqlite3.connect(home / "records.db")
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    conn.close()


def test_group_correct_audit_verify(run, tmp_path: Path) -> None:
    attendees = tmp_path / "attendees.txt"
    attendees.write_text("L002\nL003  # 迟到\n", encoding="utf-8")
    out = json.loads(
        run(
            "hours",
            "group",
            "2h",
            "L001",
            "--officers-file",
            str(attendees),
            "--date",
            DAY,
            "-a",
            "法制讲座",
            "-t",
            "法典解读",
            "--json",
        )
    )
    assert out["officers"] == ["L001", "L002", "L003"] and len(out["entries"]) == 3
    # one unknown attendee: nobody is logged
    run("hours", "group", "1h", "L001", "L999", "--date", DAY, "-a", "法制讲座", "-t", "x", code=1)
    first = out["entries"][0]
    fix = json.loads(
        run("hours", "correct", str(first), "--minutes", "90m", "--reason", "提前离场", "--json")
    )
    assert fix["correction"]["minutes"] == -30 and fix["entry"]["effective_minutes"] == 90
    run("hours", "correct", str(first), "--reason", "x", code=2)  # neither --minutes nor --reverse
    audit = json.loads(run("hours", "audit", "L001", "--json"))
    assert audit["entries"][0]["effective_minutes"] == 90
    assert audit["entries"][0]["corrections"][0]["reason"] == "提前离场"
    assert "提前离场" in run("hours", "audit", "--entry", str(first))
    verify = json.loads(run("hours", "verify", "--json"))
    assert verify["ok"] and verify["checked"] == 4
    assert "通过：4 条记录" in run("hours", "verify")


def test_verify_exit_code_names_the_altered_entry(run, home: Path) -> None:
    for i in range(3):
        run("hours", "log", "L001", f"{i + 1}h", "--date", DAY, "-a", "自学")
    conn = sqlite3.connect(home / "records.db")
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET topic = '改过' WHERE id = 2")
    conn.commit()
    conn.close()
    out = run("hours", "verify", code=1)
    assert "entry 2" in out and "altered outside lawkb" in out


def test_settings_export_officers_backup(run, home: Path, tmp_path: Path) -> None:
    run("hours", "settings", "target", "30h", "--role", "trainee")
    settings = json.loads(run("hours", "settings", "--json"))
    assert settings["targets"] == {"target": 2400, "target.trainee": 1800}
    run("hours", "settings", "auto-counts", "off")
    run("hours", "settings", "activity-add", "警示教育")
    assert "警示教育" in run("hours", "settings")
    history = json.loads(run("hours", "settings", "history", "--json"))
    assert [c["subject"] for c in history] == ["target.trainee", "auto_counts", "activities"]
    assert history[0]["actor"] == "coord"
    run("hours", "settings", "target", code=2)

    run("hours", "log", "L002", "45m", "--date", DAY, "-a", "警示教育", "-t", "=危险")
    out = tmp_path / "h.xlsx"
    run("hours", "export", "--year", YEAR, "--format", "xlsx", "--detail", "-o", str(out))
    assert out.stat().st_size > 0
    csv_out = tmp_path / "h.csv"
    files = json.loads(
        run("hours", "export", "--year", YEAR, "--format", "csv", "-o", str(csv_out), "--json")
    )
    assert files["files"] == [str(csv_out)]
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "李四" in text and ",45," in text

    roster = tmp_path / "roster.csv"
    roster.write_text("工号,姓名,单位\nS1,甲,监测站\nS1,乙,监测站\n", encoding="utf-8")
    out = run("officers", "import", str(roster), code=1)
    assert "第 3 行" in out and "重复" in out
    listed = json.loads(run("officers", "list", "--json"))
    assert {o["id"] for o in listed} == {"L001", "L002", "L003", "S1"}
    run("officers", "leave", "L003", "--date", DAY)
    active = json.loads(run("officers", "list", "--active", "--json"))
    assert "L003" not in {o["id"] for o in active}

    dest = tmp_path / "backup.db"
    result = json.loads(run("backup", str(dest), "--json"))
    assert result["verified"] and result["officers"] == 4 and dest.is_file()
    run("backup", str(dest), code=1)  # never overwrites


def test_every_command_has_help(run) -> None:
    for args in (["hours"], ["officers"], ["backup"], ["hours", "settings"]):
        assert "用法" in run(*args, "--help")
    for group, names in {
        "hours": ["log", "group", "correct", "report", "export", "verify", "audit", "settings"],
        "officers": ["add", "import", "list", "leave"],
    }.items():
        for name in names:
            out = run(group, name, "--help")
            assert "--json" in out and len(out.splitlines()) > 4


def test_a_real_process_logs_one_entry(home: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), LAWKB_HOME=str(home), LAWKB_USER="tester")
    base = [sys.executable, "-m", "lawkb"]

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], env=env, capture_output=True, text=True, timeout=60)

    assert call("officers", "add", "P1", "--name", "进程").returncode == 0
    done = call("hours", "log", "P1", "90m", "--date", DAY, "-a", "自学", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["minutes"] == 90
    bad = call("hours", "log", "P1", "0m", "--date", DAY, "-a", "自学")
    assert bad.returncode == 2 and "为零" in bad.stderr
    report = json.loads(call("hours", "report", "--year", YEAR, "--json").stdout)
    assert report["officers"][0]["done_minutes"] == 90
    assert not (home / "collection.db").exists()
