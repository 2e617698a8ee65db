"""`lawkb hours …`: log study time, group sessions, corrections, the year's report, the audit.

Settings (`hours settings`), export, verify and seal live in their own modules and are
attached to the group here."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from lawkb.cli.common import common_options, echo_json, one_of
from lawkb.cli.export import export_cmd
from lawkb.cli.hours_settings import settings
from lawkb.cli.ledger import (
    DATE,
    DURATION,
    SignedArgsCommand,
    by_option,
    compact,
    console,
    h,
    records,
    when,
    who,
)
from lawkb.cli.verify import seal_cmd, verify_cmd
from lawkb.i18n import _
from lawkb.records.models import AuditedEntry, Report
from lawkb.records.reports import STATUS_ZH


@click.group("hours", help=_("学时：登记、集中学习、更正、年度报表、导出、校验、审计。"))
def hours() -> None:
    pass


hours.add_command(settings)
hours.add_command(export_cmd)
hours.add_command(verify_cmd)
hours.add_command(seal_cmd)


@hours.command(
    "log",
    cls=SignedArgsCommand,
    help=_("为 OFFICER 登记 DURATION 的学习时间（90m、1.5h、2h30m 或 1:30，须带单位）。"),
)
@click.argument("officer")
@click.argument("duration", type=DURATION)
@click.option("--date", "date", type=DATE, help=_("学习日期（默认：今天）。"))
@click.option("--activity", "-a", required=True, help=_("活动类型，如 自学、法制讲座。"))
@click.option("--topic", "-t", default="", help=_("主题或题目。"))
@by_option
@common_options()
def log_cmd(
    officer: str,
    duration: int,
    date: str | None,
    activity: str,
    topic: str,
    by: str | None,
    as_json: bool,
) -> None:
    ledger = records()
    day = date or ledger.today().isoformat()
    entry = ledger.entry(
        ledger.log(officer, duration, day, activity, topic=topic, recorded_by=who(by))
    )
    if as_json:
        echo_json(entry)
        return
    click.echo(
        _("记录 {id}：{officer_id} {date} {h} 小时（{minutes} 分钟） {activity} {topic}")
        .format(
            id=entry.id,
            officer_id=entry.officer_id,
            date=entry.date,
            h=h(entry.minutes),
            minutes=entry.minutes,
            activity=entry.activity,
            topic=entry.topic,
        )
        .rstrip()
    )


def _read_officers_file(path: Path) -> list[str]:
    ids: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].replace(",", " ").replace("，", " ")
        ids.extend(line.split())
    return ids


@hours.command(
    "group",
    cls=SignedArgsCommand,
    help=_("为每位参加者登记一次集中学习（讲座）的 DURATION：全部登记或全不登记。"),
)
@click.argument("duration", type=DURATION)
@click.argument("officers", nargs=-1)
@click.option("--date", "date", type=DATE, help=_("学习日期（默认：今天）。"))
@click.option("--activity", "-a", required=True, help=_("活动类型，如 法制讲座。"))
@click.option("--topic", "-t", required=True, help=_("主题或题目。"))
@click.option(
    "--officers-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=_("列有执法人员编号的文件（每行一个，或以空格、逗号分隔）。"),
)
@click.option(
    "--again", is_flag=True, help=_("同日期、活动、主题、人员的集中学习已存在时仍然登记。")
)
@by_option
@common_options()
def group_cmd(
    duration: int,
    officers: tuple[str, ...],
    date: str | None,
    activity: str,
    topic: str,
    officers_file: Path | None,
    again: bool,
    by: str | None,
    as_json: bool,
) -> None:
    ids = list(officers) + (_read_officers_file(officers_file) if officers_file else [])
    if not ids:
        raise click.UsageError(_("请列出参加者（OFFICER …）或给出 --officers-file"))
    ledger = records()
    day = date or ledger.today().isoformat()
    session, entry_ids = ledger.group(
        ids, duration, day, activity, topic, recorded_by=who(by), again=again
    )
    if as_json:
        echo_json({"session": session, "entries": entry_ids, "officers": ids, "minutes": duration})
        return
    click.echo(
        _(
            "集中学习 {session}：{n_entry_ids} 人 × {h} 小时（记录 {entry_ids_first}–{e"
            "ntry_ids_last}）。"
        ).format(
            session=session,
            n_entry_ids=len(entry_ids),
            h=h(duration),
            entry_ids_first=entry_ids[0],
            entry_ids_last=entry_ids[-1],
        )
    )


@hours.command("correct", help=_("以一条新记录调整（或撤销）ENTRY；原记录不被修改。"))
@click.argument("entry", type=int)
@click.option(
    "--minutes",
    "--duration",
    "duration",
    type=DURATION,
    help=_("该记录本应是多少（90m、1.5h …）。"),
)
@click.option("--reverse", is_flag=True, help=_("整条撤销该记录。"))
@click.option("--reason", "-r", required=True, help=_("更正原因（记入审计）。"))
@by_option
@common_options()
@click.pass_context
def correct_cmd(
    ctx: click.Context,
    entry: int,
    duration: int | None,
    reverse: bool,
    reason: str,
    by: str | None,
    as_json: bool,
) -> None:
    one_of(ctx, "duration", "reverse")
    ledger = records()
    new_id = ledger.correct(
        entry, minutes=duration, reverse=reverse, reason=reason, recorded_by=who(by)
    )
    audit, fix = ledger.audit_entry(new_id), ledger.entry(new_id)
    if as_json:
        echo_json({"correction": fix, "entry": audit.entry})
        return
    click.echo(
        _(
            "记录 {new_id} 更正记录 {entry}，调整 {minutes:+d} 分钟；记录 {entry} "
            "现为 {effective_minutes} 分钟。"
        ).format(
            new_id=new_id,
            entry=entry,
            minutes=fix.minutes,
            effective_minutes=audit.entry.effective_minutes,
        )
    )


@hours.command("report", help=_("某年每位人员的学时与年度要求对比，并按单位汇总。"))
@click.option("--year", "-y", type=int, help=_("年份（默认：今年）。"))
@click.option("--unit", "-u", help=_("只看该单位（科室 / 大队）。"))
@click.option("--below-target", is_flag=True, help=_("只列未达到年度要求的人员。"))
@click.option("--behind", is_flag=True, help=_("只列进度落后（按时间均摊）的人员。"))
@common_options()
def report_cmd(
    year: int | None, unit: str | None, below_target: bool, behind: bool, as_json: bool
) -> None:
    rep = records().report(year, unit=unit, below_target=below_target, behind_only=behind)
    if as_json:
        echo_json(rep)
    else:
        _print_report(rep)


def _print_report(rep: Report) -> None:
    styles = {"complete": "green", "on_track": "cyan", "behind": "bold red"}
    table = Table(
        title=_("{year} 年学时（截至 {as_of}）").format(year=rep.year, as_of=rep.as_of),
        show_footer=True,
    )
    table.add_column(_("编号"), footer=_("合计"), no_wrap=True)
    table.add_column(_("姓名"), no_wrap=True)
    table.add_column(_("单位"), no_wrap=True)
    table.add_column(_("已完成(时)"), justify="right", footer=h(rep.total.counted_minutes))
    table.add_column(_("要求(时)"), justify="right", footer=h(rep.total.target_minutes))
    table.add_column(_("剩余(时)"), justify="right")
    table.add_column(
        _("状态"),
        footer=_("{complete}/{officers} 已完成").format(
            complete=rep.total.complete, officers=rep.total.officers
        ),
    )
    for p in rep.officers:
        status = f"[{styles[p.status]}]{STATUS_ZH[p.status]}[/]"
        table.add_row(
            p.id,
            p.name,
            p.unit,
            h(p.counted_minutes),
            h(p.target_minutes),
            h(p.remaining_minutes),
            status,
        )
    out = console()
    out.print(table)
    units = Table(title=_("按单位"))
    for name in (
        _("单位"),
        _("人数"),
        _("已完成(时)"),
        _("要求(时)"),
        _("已完成人数"),
        _("落后人数"),
    ):
        units.add_column(name, justify="left" if name == "单位" else "right")
    for u in rep.units:
        units.add_row(
            u.unit or "-",
            str(u.officers),
            h(u.counted_minutes),
            h(u.target_minutes),
            str(u.complete),
            str(u.behind),
        )
    out.print(units)
    if not rep.auto_counts:
        out.print(_("自动学时（练习、模拟考试）不计入年度要求。"))
    out.print(_("校验点：{checkpoint}").format(checkpoint=rep.checkpoint))


@hours.command("audit", help=_("OFFICER 的每条记录及其更正和名册变动，或用 --entry 查看一条记录。"))
@click.argument("officer", required=False)
@click.option("--entry", "entry_id", type=int, help=_("审计一条记录及其更正。"))
@common_options()
@click.pass_context
def audit_cmd(ctx: click.Context, officer: str | None, entry_id: int | None, as_json: bool) -> None:
    one_of(ctx, "officer", "entry_id")
    ledger = records()
    if entry_id is not None:
        audit = ledger.audit_entry(entry_id)
        if as_json:
            echo_json(audit)
            return
        _print_audited([audit.entry], _("记录 {id}").format(id=audit.entry.entry.id))
        if audit.session_attendees:
            click.echo(
                _("集中学习 {session_id}：{n_session_attendees} 人：").format(
                    session_id=audit.entry.entry.session_id,
                    n_session_attendees=len(audit.session_attendees),
                )
                + "、".join(audit.session_attendees)
            )
        return
    audit_o = ledger.audit_officer(officer or "")
    if as_json:
        echo_json(audit_o)
        return
    o = audit_o.officer
    _print_audited(audit_o.entries, f"{o.id} {o.name} {o.unit}")
    years = "；".join(
        _("{y} 年 {h} 小时").format(y=y, h=h(m)) for y, m in sorted(audit_o.totals_by_year.items())
    )
    click.echo(_("合计：{value}").format(value=years or _("无")))
    for c in audit_o.changes:
        click.echo(f"{when(c.at)} {c.actor or '-'} {c.kind} {compact(c.new_value)}")


_AUDIT_COLUMNS = (
    _("记录"),
    _("日期"),
    _("分钟"),
    _("活动"),
    _("主题"),
    _("来源"),
    _("登记人"),
    _("登记时间"),
)


def _print_audited(items: list[AuditedEntry], title: str) -> None:
    table = Table(title=title)
    for name in _AUDIT_COLUMNS:
        table.add_column(
            name,
            justify="right" if name in ("记录", "分钟") else "left",
            no_wrap=name in ("记录", "日期", "分钟", "活动", "来源"),
        )
    for item in items:
        e = item.entry
        source = e.source + (_("（自动）") if e.automatic else "")
        if e.session_id:
            source += f" #{e.session_id}"
        table.add_row(
            str(e.id),
            e.date,
            str(e.minutes),
            e.activity,
            e.topic,
            source,
            e.recorded_by,
            when(e.recorded_at),
        )
        for c in item.corrections:
            table.add_row(
                f"↳{c.id}",
                c.date,
                f"{c.minutes:+d}",
                _("更正"),
                c.reason,
                _("更正 {corrects}").format(corrects=c.corrects),
                c.recorded_by,
                when(c.recorded_at),
                style="yellow",
            )
        if item.corrections:
            table.add_row("", "", f"={item.effective_minutes}", "", "", "", "", "", style="bold")
    console().print(table)
