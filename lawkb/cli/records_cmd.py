"""`lawkb records …`: which ledger is in use, the records server, moving onto it, sync."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, exclusive, open_kb, write_or_echo
from lawkb.errors import LawkbError
from lawkb.i18n import _


@click.group("records", help=_("学时账本的存储位置：本机 SQLite 文件或 PostgreSQL 记录服务器。"))
def records() -> None:
    pass


@records.command(
    "status", help=_("显示正在使用的账本（后端与位置）以及等待发送到服务器的练习记录数。")
)
@common_options()
def status_cmd(as_json: bool) -> None:
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
        click.echo(_("账本：PostgreSQL 记录服务器 {where}").format(where=info["where"]))
        if info["reachable"]:
            click.echo(_("数据库用户：{db_user}").format(db_user=info["db_user"]))
        else:
            click.echo(_("服务器当前无法连接：{error}").format(error=info["error"]))
        click.echo(_("本机记录：{local}").format(local=info["local"]))
        click.echo(
            _("等待发送：{pending} 次练习（`lawkb records sync` 立即发送）").format(
                pending=info["pending"]
            )
        )
    else:
        click.echo(_("账本：本机 SQLite 文件 {where}").format(where=info["where"]))
        click.echo(_("未配置记录服务器（LAWKB_RECORDS_URL 或 config.toml 的 [records] url）"))


@records.command(
    "init-server",
    help=_("打印建立记录服务器（表、迁移、角色、权限、行级安全）的 SQL；--apply 直接执行。"),
)
@click.option(
    "--apply", "apply", is_flag=True, help=_("以所有者身份在 LAWKB_RECORDS_URL 的数据库上执行。")
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help=_("把 SQL 写入该文件而不是标准输出（- 表示标准输出）。"),
)
@common_options(json=False)
@click.pass_context
def init_server_cmd(ctx: click.Context, apply: bool, output: Path | None) -> None:
    exclusive(ctx, "apply", "output")
    from lawkb.records.server_sql import init_sql

    if not apply:
        write_or_echo(init_sql(), output)
        return
    from lawkb.records.backend import records_url
    from lawkb.records.pgrecords import apply_server

    url = records_url(open_kb().home)
    if not url:
        raise LawkbError(_("未配置记录服务器：请设置 LAWKB_RECORDS_URL=postgresql://…"))
    done = apply_server(url)
    applied = ", ".join(done) if done else _("无")
    click.echo(
        _("记录服务器已就绪：新执行的迁移 {applied}；角色、权限与行级安全已设置。").format(
            applied=applied
        )
    )


@records.command(
    "login", help=_("打印为一个人建立数据库登录的 SQL（由数据库管理员执行并设置密码）。")
)
@click.argument("login")
@click.option("--officer", "officer_id", metavar="ID", help=_("此登录代表的执法人员编号。"))
@click.option("--coordinator", is_flag=True, help=_("培训管理员（可为任何人登记、更正、导出）。"))
@common_options(json=False)
def login_cmd(login: str, officer_id: str | None, coordinator: bool) -> None:
    from lawkb.records.server_sql import login_sql

    if not coordinator and not officer_id:
        raise LawkbError(_("执法人员的登录需要 --officer 编号（培训管理员用 --coordinator）"))
    click.echo(login_sql(login, officer_id, coordinator), nl=False)


@records.command(
    "migrate", help=_("把本机 SQLite 账本（含哈希链）原样复制到记录服务器，并在提交前校验。")
)
@click.option("--to", "url", required=True, metavar="URL", help=_("目标服务器 postgresql://…"))
@common_options()
def migrate_cmd(url: str, as_json: bool) -> None:
    from lawkb.records.backend import SCHEMES
    from lawkb.records.migrate_pg import migrate

    if not url.startswith(SCHEMES):
        raise LawkbError(_("--to：应为 postgresql://… 形式的地址，实际为 {url!r}").format(url=url))
    source = Path(open_kb().home) / "records.db"
    if not source.is_file():
        raise LawkbError(_("{source}：本机没有账本文件，无可迁移").format(source=source))
    result = migrate(source, url)
    if as_json:
        echo_json(result.__dict__)
        return
    if result.already_there:
        click.echo(
            _("{target} 已有同一账本（校验点一致），无需复制。").format(target=result.target)
        )
    else:
        counts = "，".join(f"{k} {v}" for k, v in result.copied.items())
        click.echo(
            _("已复制到 {target}：{counts}；校验通过。").format(target=result.target, counts=counts)
        )
    click.echo(_("校验点：{checkpoint}").format(checkpoint=result.checkpoint))


@records.command(
    "sync", help=_("立即把本机等待发送的练习记录和自动学时发送到记录服务器（每次练习只计一次）。")
)
@common_options()
def sync_cmd(as_json: bool) -> None:
    kb = open_kb()
    result = kb.sync_records(timeout=10, roster=True)
    if result is None:
        raise LawkbError(_("未配置记录服务器（LAWKB_RECORDS_URL 或 config.toml 的 [records] url）"))
    if as_json:
        echo_json(result.__dict__)
    else:
        if result.officers_added:
            click.echo(
                _("已从服务器取得人员名单：新增 {n_officers_added} 人").format(
                    n_officers_added=len(result.officers_added)
                )
            )
        click.echo(
            _("已发送 {sent} 次练习；仍在等待 {pending} 次。").format(
                sent=result.sent, pending=result.pending
            )
        )
        for line in result.refused:
            click.echo(_("  服务器未计入学时：{line}").format(line=line))
        if result.error:
            click.echo(_("未能全部发送：{error}").format(error=result.error), err=True)
    if result.error:
        sys.exit(1)
