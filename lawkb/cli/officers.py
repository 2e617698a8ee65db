"""`lawkb officers …`: the roster (add, import a roster file, list, mark as left)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from lawkb.cli.common import common_options, echo_json
from lawkb.cli.ledger import DATE, by_option, console, records, who
from lawkb.i18n import _
from lawkb.records.exports import ROLE_ZH


@click.group("officers", help=_("人员名册：添加人员、导入名册文件、列出、标记离职。"))
def officers() -> None:
    pass


@officers.command("add", help=_("把编号为 ID（执法证号或工号）的人员加入名册。"))
@click.argument("officer_id", metavar="ID")
@click.option("--name", "-n", required=True, help=_("姓名。"))
@click.option("--unit", "-u", default="", help=_("单位 / 科室 / 大队。"))
@click.option(
    "--role",
    "-r",
    default="officer",
    show_default=True,
    help=_("officer、trainee 或 coordinator（执法人员 / 学员 / 培训管理员）。"),
)
@click.option("--joined", type=DATE, help=_("入职日期（用于按比例折算要求）。"))
@by_option
@common_options()
def officers_add(
    officer_id: str,
    name: str,
    unit: str,
    role: str,
    joined: str | None,
    by: str | None,
    as_json: bool,
) -> None:
    officer = records().add_officer(officer_id, name, unit, role, joined, actor=who(by))
    if as_json:
        echo_json(officer)
        return
    role = ROLE_ZH.get(officer.role, officer.role)
    click.echo(
        _("已添加 {id} {name}（{value}，{role}）。").format(
            id=officer.id, name=officer.name, value=officer.unit or "-", role=role
        )
    )


@officers.command(
    "import",
    help=_(
        "导入名册（CSV 或 XLSX；表头 执法证号/工号/id、姓名/name、单位/科室/unit、"
        "角色/role、\n入职日期/joined）。正确的行导入；有误的行逐行列出（退出码 "
        "1）。"
    ),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@by_option
@common_options()
def officers_import(file: Path, by: str | None, as_json: bool) -> None:
    result = records().import_roster(file, actor=who(by))
    if as_json:
        echo_json(result)
    else:
        click.echo(
            _("从 {file} 导入 {n_imported} 人，{n_errors} 行未导入。").format(
                file=file, n_imported=len(result.imported), n_errors=len(result.errors)
            )
        )
        for e in result.errors:
            click.echo(
                _("  {file}：第 {row} 行：{field}：{message}").format(
                    file=file, row=e.row, field=e.field, message=e.message
                ),
                err=True,
            )
    if result.errors:
        sys.exit(1)


@officers.command("list", help=_("列出名册。"))
@click.option("--active", is_flag=True, help=_("只列未离职的人员。"))
@click.option("--unit", "-u", help=_("只列该单位。"))
@common_options()
def officers_list(active: bool, unit: str | None, as_json: bool) -> None:
    people = records().officers(active_only=active, unit=unit)
    if as_json:
        echo_json(people)
        return
    table = Table(title=_("{n_people} 人").format(n_people=len(people)))
    for name in (_("编号"), _("姓名"), _("单位"), _("角色"), _("入职"), _("离职")):
        table.add_column(name, no_wrap=True)
    for o in people:
        table.add_row(
            o.id, o.name, o.unit, ROLE_ZH.get(o.role, o.role), o.joined or "", o.left_on or ""
        )
    console().print(table)


@officers.command("leave", help=_("标记编号为 ID 的人员已离职；其学时记录保留。"))
@click.argument("officer_id", metavar="ID")
@click.option("--date", "date", type=DATE, help=_("离职日期（默认：今天）。"))
@by_option
@common_options()
def officers_leave(officer_id: str, date: str | None, by: str | None, as_json: bool) -> None:
    officer = records().leave(officer_id, date, actor=who(by))
    if as_json:
        echo_json(officer)
        return
    click.echo(
        _("{id} {name} 于 {left_on} 离职。").format(
            id=officer.id, name=officer.name, left_on=officer.left_on
        )
    )
