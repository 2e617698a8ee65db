"""Study-hour records: `lawkb hours …`, `lawkb officers …` and `lawkb backup`.

These commands open only the records database (never the law collection), so they start
fast. Durations are written 90m, 1.5h, 2h30m or 1:30; a bare number is refused (2h or 2m?).
A duration may start with "-" on the command line (-1h is a negative duration, refused as
such, not an unknown option).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lawkb.cli.common import (
    echo_json,
    exclusive,
    handle_errors,
    home_option,
    json_option,
    open_kb,
)
from lawkb.errors import InvalidInput

if TYPE_CHECKING:
    from lawkb.records import Records
    from lawkb.records.models import AuditedEntry, Report


# -- parameter types: a malformed value is a usage error (exit 2) naming the parameter ------
class DurationType(click.ParamType):
    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from lawkb.records.durations import parse_duration

        if isinstance(value, int):
            return value
        value = "-" + value[1:] if value.startswith(_MINUS) else value
        try:
            field = param.human_readable_name if param else "duration"
            return parse_duration(value, field=field, require_unit=True)
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


class DateType(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from lawkb.records.dates import parse_date

        try:
            return parse_date(value).isoformat()
        except InvalidInput as exc:
            self.fail(exc.message, param, ctx)


DURATION, DATE = DurationType(), DateType()
_MINUS = "\u2212"  # stands in for the "-" of a negative number, which click takes for an option


class SignedArgsCommand(click.Command):
    """A command whose arguments may be negative numbers (-1h): they reach DurationType, which
    says that a duration must be positive, instead of click saying "No such option '-1'"."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = [_MINUS + a[1:] if a[:1] == "-" and a[1:2].isdigit() else a for a in args]
        return super().parse_args(ctx, args)


def _records() -> Records:
    return open_kb().records


def _who(by: str | None) -> str:
    """Who recorded it: --by, else $LAWKB_USER, else the login name."""
    if by:
        return by.strip()
    try:
        return os.environ.get("LAWKB_USER") or getpass.getuser()
    except Exception:  # no login name (some containers)
        return ""


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _h(minutes: int) -> str:
    from lawkb.records.durations import hours_str

    return hours_str(minutes)


by_option = click.option(
    "--by", "by", metavar="WHO", help="Who is recording this (default: $LAWKB_USER or login)."
)


# == lawkb hours ===========================================================================
@click.group("hours")
def hours() -> None:
    """Study hours: log, group sessions, corrections, reports, exports, verify, audit."""


@hours.command("log", cls=SignedArgsCommand)
@click.argument("officer")
@click.argument("duration", type=DURATION)
@click.option("--date", "date", type=DATE, help="Day of the study (default: today).")
@click.option("--activity", "-a", required=True, help="Activity type, e.g. 自学, 法制讲座.")
@click.option("--topic", "-t", default="", help="Topic or title.")
@by_option
@json_option
@home_option
@handle_errors
def log_cmd(
    officer: str,
    duration: int,
    date: str | None,
    activity: str,
    topic: str,
    by: str | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Log DURATION of study for OFFICER (90m, 1.5h, 2h30m or 1:30, with its unit)."""
    records = _records()
    entry_id = records.log(
        officer,
        duration,
        date or records.today().isoformat(),
        activity,
        topic=topic,
        recorded_by=_who(by),
    )
    entry = records.entry(entry_id)
    if as_json:
        echo_json(entry)
    else:
        click.echo(
            f"Entry {entry.id}: {entry.officer_id} {entry.date} {_h(entry.minutes)} h "
            f"({entry.minutes} min) {entry.activity} {entry.topic}".rstrip()
        )


def _read_officers_file(path: Path) -> list[str]:
    ids: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].replace(",", " ").replace("，", " ")
        ids.extend(line.split())
    return ids


@hours.command("group", cls=SignedArgsCommand)
@click.argument("duration", type=DURATION)
@click.argument("officers", nargs=-1)
@click.option("--date", "date", type=DATE, help="Day of the session (default: today).")
@click.option("--activity", "-a", required=True, help="Activity type, e.g. 法制讲座.")
@click.option("--topic", "-t", required=True, help="Topic or title of the session.")
@click.option(
    "--officers-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File with officer ids (one per line, or separated by spaces or commas).",
)
@click.option(
    "--again",
    is_flag=True,
    help="Record it although the same session (date, activity, topic, attendees) exists.",
)
@by_option
@json_option
@home_option
@handle_errors
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
    home: str | None,
) -> None:
    """Log one session (a lecture) of DURATION for every attendee: all of them or none."""
    ids = list(officers) + (_read_officers_file(officers_file) if officers_file else [])
    if not ids:
        raise click.UsageError("name the attendees (OFFICER …) or give --officers-file")
    records = _records()
    session, entry_ids = records.group(
        ids,
        duration,
        date or records.today().isoformat(),
        activity,
        topic,
        recorded_by=_who(by),
        again=again,
    )
    if as_json:
        echo_json({"session": session, "entries": entry_ids, "officers": ids, "minutes": duration})
    else:
        click.echo(
            f"Session {session}: {len(entry_ids)} attendees × {_h(duration)} h "
            f"(entries {entry_ids[0]}–{entry_ids[-1]})."
        )


@hours.command("correct")
@click.argument("entry", type=int)
@click.option(
    "--minutes",
    "--duration",
    "duration",
    type=DURATION,
    help="What the entry should have been (90m, 1.5h …).",
)
@click.option("--reverse", is_flag=True, help="Cancel the entry altogether.")
@click.option("--reason", "-r", required=True, help="Why (kept in the audit).")
@by_option
@json_option
@home_option
@handle_errors
def correct_cmd(
    entry: int,
    duration: int | None,
    reverse: bool,
    reason: str,
    by: str | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Correct ENTRY with a new entry that adjusts (or reverses) it. Nothing is edited."""
    if (duration is None) == (not reverse):
        raise click.UsageError("give either --minutes/--duration or --reverse")
    records = _records()
    new_id = records.correct(
        entry, minutes=duration, reverse=reverse, reason=reason, recorded_by=_who(by)
    )
    audit = records.audit_entry(new_id)
    if as_json:
        echo_json({"correction": records.entry(new_id), "entry": audit.entry})
    else:
        fix = records.entry(new_id)
        click.echo(
            f"Entry {new_id} corrects entry {entry} by {fix.minutes:+d} min; "
            f"entry {entry} now stands at {audit.entry.effective_minutes} min."
        )


@hours.command("report")
@click.option("--year", "-y", type=int, help="Year (default: this year).")
@click.option("--unit", "-u", help="Only this unit (科室 / 大队).")
@click.option("--below-target", is_flag=True, help="Only officers below their target.")
@click.option("--behind", is_flag=True, help="Only officers behind an even pace to date.")
@json_option
@home_option
@handle_errors
def report_cmd(
    year: int | None,
    unit: str | None,
    below_target: bool,
    behind: bool,
    as_json: bool,
    home: str | None,
) -> None:
    """Each officer's hours against the target for a year, with totals by unit."""
    rep = _records().report(year, unit=unit, below_target=below_target, behind_only=behind)
    if as_json:
        echo_json(rep)
    else:
        _print_report(rep)


def _print_report(rep: Report) -> None:
    from rich.table import Table

    from lawkb.records.reports import STATUS_ZH

    styles = {"complete": "green", "on_track": "cyan", "behind": "bold red"}
    table = Table(title=f"{rep.year} study hours (as of {rep.as_of})", show_footer=True)
    table.add_column("ID", footer="Total", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("Unit", no_wrap=True)
    table.add_column("Done h", justify="right", footer=_h(rep.total.counted_minutes))
    table.add_column("Target h", justify="right", footer=_h(rep.total.target_minutes))
    table.add_column("Left h", justify="right")
    table.add_column("Status", footer=f"{rep.total.complete}/{rep.total.officers} complete")
    for p in rep.officers:
        status = f"[{styles[p.status]}]{STATUS_ZH[p.status]}[/]"
        table.add_row(
            p.id,
            p.name,
            p.unit,
            _h(p.counted_minutes),
            _h(p.target_minutes),
            _h(p.remaining_minutes),
            status,
        )
    console = _console()
    console.print(table)
    units = Table(title="By unit")
    for name in ("Unit", "Officers", "Done h", "Target h", "Complete", "Behind"):
        units.add_column(name, justify="left" if name == "Unit" else "right")
    for u in rep.units:
        units.add_row(
            u.unit or "-",
            str(u.officers),
            _h(u.counted_minutes),
            _h(u.target_minutes),
            str(u.complete),
            str(u.behind),
        )
    console.print(units)
    if not rep.auto_counts:
        console.print("Automatic minutes (quizzes, mock exams) do not count towards the target.")
    console.print(f"校验点 Checkpoint: {rep.checkpoint}")


@hours.command("audit")
@click.argument("officer", required=False)
@click.option("--entry", "entry_id", type=int, help="Audit one entry and its corrections.")
@json_option
@home_option
@handle_errors
def audit_cmd(officer: str | None, entry_id: int | None, as_json: bool, home: str | None) -> None:
    """Every entry of OFFICER with its corrections and roster changes, or one --entry."""
    if (officer is None) == (entry_id is None):
        raise click.UsageError("give either OFFICER or --entry ID")
    records = _records()
    if entry_id is not None:
        audit = records.audit_entry(entry_id)
        if as_json:
            echo_json(audit)
            return
        _print_audited([audit.entry], f"Entry {audit.entry.entry.id}")
        if audit.session_attendees:
            click.echo(
                f"Group session {audit.entry.entry.session_id}: "
                f"{len(audit.session_attendees)} attendees: " + ", ".join(audit.session_attendees)
            )
        return
    assert officer is not None
    audit_o = records.audit_officer(officer)
    if as_json:
        echo_json(audit_o)
        return
    o = audit_o.officer
    _print_audited(audit_o.entries, f"{o.id} {o.name} {o.unit}")
    years = ", ".join(f"{y}: {_h(m)} h" for y, m in sorted(audit_o.totals_by_year.items()))
    click.echo(f"Totals: {years or 'none'}")
    for c in audit_o.changes:
        click.echo(f"{_when(c.at)} {c.actor or '-'} {c.kind} {_compact(c.new_value)}")


def _when(utc: str) -> str:
    """2026-11-25T03:04:05Z -> 2026-11-25 11:04 in local time (what the coordinator saw)."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return utc
    return moment.strftime("%Y-%m-%d %H:%M")


def _print_audited(items: list[AuditedEntry], title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for name in ("Entry", "Date", "Min", "Activity", "Topic", "Source", "By", "Recorded"):
        table.add_column(
            name,
            justify="right" if name in ("Entry", "Min") else "left",
            no_wrap=name in ("Entry", "Date", "Min", "Activity", "Source"),
        )
    for item in items:
        e = item.entry
        source = e.source + (" (auto)" if e.automatic else "")
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
            _when(e.recorded_at),
        )
        for c in item.corrections:
            table.add_row(
                f"↳{c.id}",
                c.date,
                f"{c.minutes:+d}",
                "更正",
                c.reason,
                f"of {c.corrects}",
                c.recorded_by,
                _when(c.recorded_at),
                style="yellow",
            )
        if item.corrections:
            table.add_row("", "", f"={item.effective_minutes}", "", "", "", "", "", style="bold")
    _console().print(table)


def _compact(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# -- lawkb hours settings ------------------------------------------------------------------
@hours.group("settings", invoke_without_command=True)
@json_option
@home_option
@click.pass_context
@handle_errors
def settings(ctx: click.Context, as_json: bool, home: str | None) -> None:
    """Show or change the requirement: targets, pro-rata, automatic minutes, activity types."""
    if ctx.invoked_subcommand is None:
        _show_settings(_records(), as_json)


def _show_settings(records: Records, as_json: bool) -> None:
    s = records.settings()
    if as_json:
        echo_json(s)
        return
    for key, minutes in s.targets.items():
        click.echo(f"{key}: {_h(minutes)} h ({minutes} min)")
    click.echo(f"pro_rata: {'on' if s.pro_rata else 'off'} (joiners/leavers get a share)")
    click.echo(f"auto_counts: {'on' if s.auto_counts else 'off'} (quiz / mock-exam minutes)")
    click.echo("activities: " + ", ".join(s.activities))


@settings.command("target", cls=SignedArgsCommand)
@click.argument("duration", type=DURATION, required=False)
@click.option("--year", "-y", type=int, help="Only for this year.")
@click.option(
    "--role", type=click.Choice(["officer", "trainee", "coordinator"]), help="Only for this role."
)
@click.option("--clear", is_flag=True, help="Remove this year/role override.")
@by_option
@json_option
@home_option
@handle_errors
def target_cmd(
    duration: int | None,
    year: int | None,
    role: str | None,
    clear: bool,
    by: str | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Set the annual target (40h, 30h …) for everyone, a --year and/or a --role."""
    if clear == (duration is not None):
        raise click.UsageError("give a DURATION such as 40h, or --clear")
    records = _records()
    records.set_target(None if clear else duration, year=year, role=role, actor=_who(by))
    _show_settings(records, as_json)


def _on_off(value: str) -> bool:
    return value.lower() in ("on", "yes", "true", "1")


ON_OFF = click.Choice(["on", "off", "yes", "no", "true", "false"], case_sensitive=False)


@settings.command("pro-rata")
@click.argument("value", type=ON_OFF)
@by_option
@json_option
@home_option
@handle_errors
def pro_rata_cmd(value: str, by: str | None, as_json: bool, home: str | None) -> None:
    """Whether officers who join or leave mid-year get a pro-rata target."""
    records = _records()
    records.set_setting("pro_rata", _on_off(value), actor=_who(by))
    _show_settings(records, as_json)


@settings.command("auto-counts")
@click.argument("value", type=ON_OFF)
@by_option
@json_option
@home_option
@handle_errors
def auto_counts_cmd(value: str, by: str | None, as_json: bool, home: str | None) -> None:
    """Whether automatic minutes (practice, mock exams) count towards the target."""
    records = _records()
    records.set_setting("auto_counts", _on_off(value), actor=_who(by))
    _show_settings(records, as_json)


@settings.command("activity-add")
@click.argument("name")
@by_option
@json_option
@home_option
@handle_errors
def activity_add_cmd(name: str, by: str | None, as_json: bool, home: str | None) -> None:
    """Add an activity type."""
    records = _records()
    records.add_activity(name, actor=_who(by))
    _show_settings(records, as_json)


@settings.command("activity-remove")
@click.argument("name")
@by_option
@json_option
@home_option
@handle_errors
def activity_remove_cmd(name: str, by: str | None, as_json: bool, home: str | None) -> None:
    """Remove an activity type (existing entries keep it)."""
    records = _records()
    records.remove_activity(name, actor=_who(by))
    _show_settings(records, as_json)


@settings.command("history")
@json_option
@home_option
@handle_errors
def history_cmd(as_json: bool, home: str | None) -> None:
    """Every change of a setting: when, by whom, from what to what."""
    changes = _records().setting_changes()
    if as_json:
        echo_json(changes)
        return
    for c in changes:
        click.echo(
            f"{_when(c.at)} {c.actor or '-'} {c.subject}: "
            f"{_compact(c.old_value)} -> {_compact(c.new_value)}"
        )


# == lawkb officers ========================================================================
@click.group("officers")
def officers() -> None:
    """The roster: add officers, import a roster file, list, mark as left."""


@officers.command("add")
@click.argument("officer_id", metavar="ID")
@click.option("--name", "-n", required=True, help="姓名.")
@click.option("--unit", "-u", default="", help="单位 / 科室 / 大队.")
@click.option(
    "--role",
    "-r",
    default="officer",
    show_default=True,
    help="officer, trainee or coordinator (执法人员 / 学员 / 培训管理员).",
)
@click.option("--joined", type=DATE, help="Date joined (for a pro-rata target).")
@by_option
@json_option
@home_option
@handle_errors
def officers_add(
    officer_id: str,
    name: str,
    unit: str,
    role: str,
    joined: str | None,
    by: str | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Add officer ID (执法证号 or staff number) to the roster."""
    officer = _records().add_officer(officer_id, name, unit, role, joined, actor=_who(by))
    if as_json:
        echo_json(officer)
    else:
        click.echo(f"Added {officer.id} {officer.name} ({officer.unit or '-'}, {officer.role}).")


@officers.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@by_option
@json_option
@home_option
@handle_errors
def officers_import(file: Path, by: str | None, as_json: bool, home: str | None) -> None:
    """Import a roster (CSV or XLSX; headers 执法证号/工号/id, 姓名/name, 单位/科室/unit,
    角色/role, 入职日期/joined). Good rows are imported; bad rows are listed (exit 1)."""
    result = _records().import_roster(file, actor=_who(by))
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"{len(result.imported)} officers imported from {file}, "
            f"{len(result.errors)} rows not imported."
        )
        for e in result.errors:
            click.echo(f"  {file}: row {e.row}: {e.field}: {e.message}", err=True)
    if result.errors:
        sys.exit(1)


@officers.command("list")
@click.option("--active", is_flag=True, help="Only officers who have not left.")
@click.option("--unit", "-u", help="Only this unit.")
@json_option
@home_option
@handle_errors
def officers_list(active: bool, unit: str | None, as_json: bool, home: str | None) -> None:
    """List the roster."""
    people = _records().officers(active_only=active, unit=unit)
    if as_json:
        echo_json(people)
        return
    from rich.table import Table

    table = Table(title=f"{len(people)} officers")
    for name in ("ID", "Name", "Unit", "Role", "Joined", "Left"):
        table.add_column(name, no_wrap=True)
    for o in people:
        table.add_row(o.id, o.name, o.unit, o.role, o.joined or "", o.left_on or "")
    _console().print(table)


@officers.command("leave")
@click.argument("officer_id", metavar="ID")
@click.option("--date", "date", type=DATE, help="Date left (default: today).")
@by_option
@json_option
@home_option
@handle_errors
def officers_leave(
    officer_id: str, date: str | None, by: str | None, as_json: bool, home: str | None
) -> None:
    """Mark officer ID as having left. Their entries stay on the record."""
    officer = _records().leave(officer_id, date, actor=_who(by))
    if as_json:
        echo_json(officer)
    else:
        click.echo(f"{officer.id} {officer.name} left on {officer.left_on}.")


# == lawkb backup ==========================================================================
@click.command("backup")
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write it, as with `hours export -o` (the same as DEST).",
)
@json_option
@home_option
@handle_errors
@click.pass_context
def backup(
    ctx: click.Context, dest: Path | None, output: Path | None, as_json: bool, home: str | None
) -> None:
    """Write a consistent, verified copy of the records database (officers, hours, quiz
    attempts, reviews, bookmarks) to DEST or -o (a new file or a folder; default:
    HOME/backups)."""
    exclusive(ctx, "dest", "output")
    result = _records().backup(output or dest)
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"Backed up {result.officers} officers and {result.entries} entries to "
            f"{result.path} ({result.bytes:,} bytes, verified)."
        )
        click.echo(f"Checkpoint: {result.checkpoint}")


def _register() -> None:
    """Commands kept in their own modules, attached to the hours group."""
    from lawkb.cli.export import export_cmd
    from lawkb.cli.verify import seal_cmd, verify_cmd

    hours.add_command(export_cmd)
    hours.add_command(verify_cmd)
    hours.add_command(seal_cmd)


_register()
