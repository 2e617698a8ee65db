"""`lawkb records …` and the hours commands on the backend that one setting chooses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawkb.cli.main import main
from lawkb.records import Records

pytest_plugins = ["pg_support"]


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = CliRunner().invoke(main, [*args, "--home", str(home)], env=env or {})
    return done.exit_code, done.output


def test_status_without_a_server_names_the_sqlite_file(tmp_path: Path) -> None:
    code, out = run(tmp_path, "records", "status", env={"LAWKB_RECORDS_URL": ""})
    assert code == 0 and "本机 SQLite 文件" in out and str(tmp_path / "records.db") in out
    code, out = run(tmp_path, "records", "status", "--json", env={"LAWKB_RECORDS_URL": ""})
    assert json.loads(out) == {
        "backend": "sqlite",
        "where": str(tmp_path / "records.db"),
        "pending": 0,
    }


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[records]\nurl = "mysql://x"\n', "应为 postgresql://"),
        ("[records\nurl=", "不是有效的 TOML"),
        ("[records]\nurl = 5\n", "应为字符串"),
    ],
)
def test_a_bad_setting_is_named(tmp_path: Path, config: str, message: str) -> None:
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    code, out = run(tmp_path, "records", "status", env={"LAWKB_RECORDS_URL": ""})
    assert code == 1 and message in out and "config.toml" in out and "Traceback" not in out


def test_an_unreachable_server_is_a_clear_message(tmp_path: Path) -> None:
    env = {"LAWKB_RECORDS_URL": "postgresql://nobody@127.0.0.1:1/lawkb"}
    code, out = run(tmp_path, "hours", "report", env=env)
    assert code == 1 and "无法连接记录服务器" in out and "Traceback" not in out
    code, out = run(tmp_path, "records", "status", "--json", env=env)
    info = json.loads(out)
    assert (info["backend"], info["reachable"], info["pending"]) == ("postgresql", False, 0)


def test_init_server_prints_the_sql(tmp_path: Path) -> None:
    code, out = run(tmp_path, "records", "init-server")
    assert code == 0
    for needle in ("CREATE TABLE entries", "ENABLE ROW LEVEL SECURITY", "lawkb_officer"):
        assert needle in out
    code, out = run(tmp_path, "records", "login", "officer_1001", "--officer", "1001")
    assert code == 0 and 'CREATE ROLE "officer_1001" LOGIN IN ROLE lawkb_officer' in out
    code, out = run(tmp_path, "records", "login", "Bad Name", "--officer", "1001")
    assert code == 1 and "不是可用的数据库用户名" in out


def test_migrate_then_the_hours_commands_use_the_server(tmp_path: Path, pg_url: str) -> None:
    """A bureau moves: the same report before and after, then new entries go to the server."""
    from lawkb.records.pgconn import redact

    pytest.importorskip("psycopg")
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(pg_url)
    url = f"postgresql://{params['user']}@{params['host']}:{params['port']}/{params['dbname']}"
    with Records(tmp_path / "records.db") as records:
        records.add_officer("1001", "张三", "法规科")
        records.log("1001", 90, records.today(), "自学")
    no_server = {"LAWKB_RECORDS_URL": ""}
    _, before = run(tmp_path, "hours", "report", "--json", env=no_server)
    code, out = run(tmp_path, "records", "migrate", "--to", url, env=no_server)
    assert code == 0 and "校验通过" in out, out
    code, out = run(tmp_path, "records", "migrate", "--to", url, env=no_server)
    assert code == 0 and "无需复制" in out
    on_server = {"LAWKB_RECORDS_URL": url}
    _, after = run(tmp_path, "hours", "report", "--json", env=on_server)
    assert json.loads(after)["officers"] == json.loads(before)["officers"]
    code, out = run(tmp_path, "hours", "log", "1001", "30m", "--activity", "自学", env=on_server)
    assert code == 0, out
    code, out = run(tmp_path, "hours", "verify", env=on_server)
    assert code == 0 and "通过：2 条记录" in out, out
    code, out = run(tmp_path, "records", "status", "--json", env=on_server)
    info = json.loads(out)
    assert info["backend"] == "postgresql" and info["where"] == redact(url) and info["reachable"]
    with Records(tmp_path / "records.db") as local:  # the file was left as it was
        assert len(local.entries()) == 1
