"""`lawkb records …`: which ledger is in use, the records server, moving onto it, sync."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, exclusive, open_kb, write_or_echo
from lawkb.errors import LawkbError


@click.group("records")
def records() -> None:
    """学时账本的存储位置：本机 SQLite 文件或 PostgreSQL 记录服务器。"""


@records.command("status")
@common_options()
def status_cmd(as_json: bool) -> None:
    """显示正在使用的账本（后端与位置）以及等待发送到服务器的练习记录数。"""
    # why (here and below): the server modules add 0.6 s to start-up (measured)
    from lawkb.records.backend import describe, records_url
    from lawkb.records.outbox import pending_count

    kb = open_kb()
    url = records_url(kb.home)
    info: dict[str, object] = {"backend": "postgresql" if url else "sqlite"}
    if url:
        from lawkb.records.pgconn import redact

        info["where"] = redact(url)
        info["local"] = str(kb.home / "records.db")
        info["pending"] = pending_count(kb.local_records)
        try:
            describe(kb.records)  # opens the server ledger
            info["reachable"] = True
            info["db_user"] = kb.records.db_user()  # type: ignore[attr-defined]
        except LawkbError as exc:
            info["reachable"] = False
            info["error"] = str(exc)
    else:
        info["where"] = str(kb.home / "records.db")
        info["pending"] = 0
    if as_json:
        echo_json(info)
        return
    if url:
        click.echo(f"账本：PostgreSQL 记录服务器 {info['where']}")
        if info["reachable"]:
            click.echo(f"数据库用户：{info['db_user']}")
        else:
            click.echo(f"服务器当前无法连接：{info['error']}")
        click.echo(f"本机记录：{info['local']}")
        click.echo(f"等待发送：{info['pending']} 次练习（`lawkb records sync` 立即发送）")
    else:
        click.echo(f"账本：本机 SQLite 文件 {info['where']}")
        click.echo("未配置记录服务器（LAWKB_RECORDS_URL 或 config.toml 的 [records] url）")


@records.command("init-server")
@click.option(
    "--apply", "apply", is_flag=True, help="以所有者身份在 LAWKB_RECORDS_URL 的数据库上执行。"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help="把 SQL 写入该文件而不是标准输出（- 表示标准输出）。",
)
@common_options(json=False)
@click.pass_context
def init_server_cmd(ctx: click.Context, apply: bool, output: Path | None) -> None:
    """打印建立记录服务器（表、迁移、角色、权限、行级安全）的 SQL；--apply 直接执行。"""
    exclusive(ctx, "apply", "output")
    from lawkb.records.server_sql import init_sql

    if not apply:
        write_or_echo(init_sql(), output)
        return
    from lawkb.records.backend import records_url
    from lawkb.records.pgrecords import apply_server

    url = records_url(open_kb().home)
    if not url:
        raise LawkbError("未配置记录服务器：请设置 LAWKB_RECORDS_URL=postgresql://…")
    done = apply_server(url)
    applied = ", ".join(done) if done else "无"
    click.echo(f"记录服务器已就绪：新执行的迁移 {applied}；角色、权限与行级安全已设置。")


@records.command("login")
@click.argument("login")
@click.option("--officer", "officer_id", metavar="ID", help="此登录代表的执法人员编号。")
@click.option("--coordinator", is_flag=True, help="培训管理员（可为任何人登记、更正、导出）。")
@common_options(json=False)
def login_cmd(login: str, officer_id: str | None, coordinator: bool) -> None:
    """打印为一个人建立数据库登录的 SQL（由数据库管理员执行并设置密码）。"""
    from lawkb.records.server_sql import login_sql

    if not coordinator and not officer_id:
        raise LawkbError("执法人员的登录需要 --officer 编号（培训管理员用 --coordinator）")
    click.echo(login_sql(login, officer_id, coordinator), nl=False)


@records.command("migrate")
@click.option("--to", "url", required=True, metavar="URL", help="目标服务器 postgresql://…")
@common_options()
def migrate_cmd(url: str, as_json: bool) -> None:
    """把本机 SQLite 账本（含哈希链）原样复制到记录服务器，并在提交前校验。"""
    from lawkb.records.backend import SCHEMES
    from lawkb.records.migrate_pg import migrate

    if not url.startswith(SCHEMES):
        raise LawkbError(f"--to：应为 postgresql://… 形式的地址，实际为 {url!r}")
    source = Path(open_kb().home) / "records.db"
    if not source.is_file():
        raise LawkbError(f"{source}：本机没有账本文件，无可迁移")
    result = migrate(source, url)
    if as_json:
        echo_json(result.__dict__)
        return
    if result.already_there:
        click.echo(f"{result.target} 已有同一账本（校验点一致），无需复制。")
    else:
        counts = "，".join(f"{k} {v}" for k, v in result.copied.items())
        click.echo(f"已复制到 {result.target}：{counts}；校验通过。")
    click.echo(f"校验点：{result.checkpoint}")


@records.command("sync")
@common_options()
def sync_cmd(as_json: bool) -> None:
    """立即把本机等待发送的练习记录和自动学时发送到记录服务器（每次练习只计一次）。"""
    kb = open_kb()
    result = kb.sync_records(timeout=10, roster=True)
    if result is None:
        raise LawkbError("未配置记录服务器（LAWKB_RECORDS_URL 或 config.toml 的 [records] url）")
    if as_json:
        echo_json(result.__dict__)
    else:
        if result.officers_added:
            click.echo(f"已从服务器取得人员名单：新增 {len(result.officers_added)} 人")
        click.echo(f"已发送 {result.sent} 次练习；仍在等待 {result.pending} 次。")
        for line in result.refused:
            click.echo(f"  服务器未计入学时：{line}")
        if result.error:
            click.echo(f"未能全部发送：{result.error}", err=True)
    if result.error:
        sys.exit(1)
