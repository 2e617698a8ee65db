"""`lawkb hours settings …`: the annual requirement, pro-rata, automatic minutes, activities."""

from __future__ import annotations

import click

from lawkb.cli.common import common_options, echo_json, one_of
from lawkb.cli.ledger import (
    DURATION,
    ON_OFF,
    SignedArgsCommand,
    by_option,
    compact,
    h,
    on_off,
    records,
    when,
    who,
)
from lawkb.i18n import _
from lawkb.records import Records


@click.group(
    "settings",
    invoke_without_command=True,
    help=_("查看或修改年度要求：学时目标、按比例折算、自动学时、活动类型。"),
)
@common_options()
@click.pass_context
def settings(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is None:
        _show_settings(records(), as_json)


def _show_settings(ledger: Records, as_json: bool) -> None:
    s = ledger.settings()
    if as_json:
        echo_json(s)
        return
    for key, minutes in s.targets.items():
        click.echo(
            _("{key}：{h} 小时（{minutes} 分钟）").format(key=key, h=h(minutes), minutes=minutes)
        )
    click.echo(
        _("pro_rata：{value}（年中入职、离职者按比例折算要求）").format(
            value=_("开") if s.pro_rata else _("关")
        )
    )
    click.echo(
        _("auto_counts：{value}（练习、模拟考试的自动学时）").format(
            value=_("开") if s.auto_counts else _("关")
        )
    )
    click.echo(_("活动类型：") + "、".join(s.activities))


@settings.command(
    "target",
    cls=SignedArgsCommand,
    help=_("设置年度学时要求（40h、30h …）：对所有人，或某一 --year 和/或 --role。"),
)
@click.argument("duration", type=DURATION, required=False)
@click.option("--year", "-y", type=int, help=_("只对该年份。"))
@click.option(
    "--role", type=click.Choice(["officer", "trainee", "coordinator"]), help=_("只对该角色。")
)
@click.option("--clear", is_flag=True, help=_("删除该年份/角色的单独设置。"))
@by_option
@common_options()
@click.pass_context
def target_cmd(
    ctx: click.Context,
    duration: int | None,
    year: int | None,
    role: str | None,
    clear: bool,
    by: str | None,
    as_json: bool,
) -> None:
    one_of(ctx, "duration", "clear")
    ledger = records()
    ledger.set_target(None if clear else duration, year=year, role=role, actor=who(by))
    _show_settings(ledger, as_json)


@settings.command("pro-rata", help=_("年中入职或离职的人员是否按比例折算年度要求（on/off）。"))
@click.argument("value", type=ON_OFF)
@by_option
@common_options()
def pro_rata_cmd(value: str, by: str | None, as_json: bool) -> None:
    ledger = records()
    ledger.set_setting("pro_rata", on_off(value), actor=who(by))
    _show_settings(ledger, as_json)


@settings.command("auto-counts", help=_("自动学时（练习、模拟考试）是否计入年度要求（on/off）。"))
@click.argument("value", type=ON_OFF)
@by_option
@common_options()
def auto_counts_cmd(value: str, by: str | None, as_json: bool) -> None:
    ledger = records()
    ledger.set_setting("auto_counts", on_off(value), actor=who(by))
    _show_settings(ledger, as_json)


@settings.command("activity-add", help=_("增加一种活动类型（NAME 可以是几个词）。"))
@click.argument("name", nargs=-1, required=True)
@by_option
@common_options()
def activity_add_cmd(name: tuple[str, ...], by: str | None, as_json: bool) -> None:
    ledger = records()
    ledger.add_activity(" ".join(name), actor=who(by))
    _show_settings(ledger, as_json)


@settings.command("activity-remove", help=_("删除一种活动类型（已有的记录保留它）。"))
@click.argument("name", nargs=-1, required=True)
@by_option
@common_options()
def activity_remove_cmd(name: tuple[str, ...], by: str | None, as_json: bool) -> None:
    ledger = records()
    ledger.remove_activity(" ".join(name), actor=who(by))
    _show_settings(ledger, as_json)


@settings.command("history", help=_("每一次设置变更：时间、变更人、从什么改为什么。"))
@common_options()
def history_cmd(as_json: bool) -> None:
    changes = records().setting_changes()
    if as_json:
        echo_json(changes)
        return
    for c in changes:
        click.echo(
            f"{when(c.at)} {c.actor or '-'} {c.subject}：{compact(c.old_value)} -> "
            f"{compact(c.new_value)}"
        )
