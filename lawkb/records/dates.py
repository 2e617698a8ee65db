"""Dates as coordinators type them (2026-11-25, 2026/11/25, 20261125, 2026年11月25日)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from lawkb.errors import InvalidInput
from lawkb.i18n import _

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: str | dt.date | dt.datetime, field: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE.match(s) or _COMPACT.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise InvalidInput(
                field, _("'{value}' 不是真实的日期（{exc}）").format(value=value, exc=exc)
            ) from None
    raise InvalidInput(
        field, _("'{value}' 不是日期；应为 YYYY-MM-DD，例如 2026-03-12").format(value=value)
    )


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
