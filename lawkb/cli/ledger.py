"""What the study-hour commands (`hours`, `hours settings`, `officers`, `backup`) share:
parameter types for durations and dates, negative numbers as arguments, who recorded it.

These commands open only the records database (never the law collection), so they start
fast. Durations are written 90m, 1.5h, 2h30m or 1:30; a bare number is refused (2h or 2m?).
A duration may start with "-" on the command line (-1h is a negative duration, refused as
such, not an unknown option).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from lawkb.cli.common import open_kb
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.dates import parse_date
from lawkb.records.durations import hours_str, parse_duration

if TYPE_CHECKING:
    from lawkb.records import Records


# -- parameter types: a malformed value is a usage error (exit 2) naming the parameter ------
class DurationType(click.ParamType):
    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
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


ON_OFF = click.Choice(["on", "off", "yes", "no", "true", "false"], case_sensitive=False)

by_option = click.option(
    "--by", "by", metavar="WHO", help=_("由谁登记（默认：$LAWKB_USER 或登录名）。")
)


def records() -> Records:
    """The ledger of the chosen home (closed with the knowledge base when the command ends)."""
    return open_kb().records


def who(by: str | None) -> str:
    """Who recorded it: --by, else $LAWKB_USER, else the login name."""
    if by:
        return by.strip()
    try:
        return os.environ.get("LAWKB_USER") or getpass.getuser()
    except Exception:  # no login name (some containers)
        return ""


def on_off(value: str) -> bool:
    return value.lower() in ("on", "yes", "true", "1")


def console() -> Console:
    return Console(highlight=False)


def h(minutes: int) -> str:
    return hours_str(minutes)


def when(utc: str) -> str:
    """2026-11-25T03:04:05Z -> 2026-11-25 11:04 in local time (what the coordinator saw)."""
    try:
        moment = dt.datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return utc
    return moment.strftime("%Y-%m-%d %H:%M")


def compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
