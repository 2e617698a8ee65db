"""Dates in law texts: 2014年4月24日 … 修订, 自2015年1月1日起施行, 2026-03-12."""

from __future__ import annotations

import datetime as dt
import re

CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ENACTED = ("通过", "修订", "修正", "公布", "发布", "修改")


def make_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def iso_date(value: object) -> dt.date | None:
    """2026-03-12, a YAML date, or None."""
    if isinstance(value, dt.date):
        return value
    m = ISO_DATE.search(str(value or ""))
    return make_date(*m.groups()) if m else None


def cn_date(text: str) -> dt.date | None:
    m = CN_DATE.search(text)
    return make_date(*m.groups()) if m else None


def scan_events(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(latest enactment or amendment date, effective date) found in a 题注 or INFO block.

    Each date is read with the words that follow it up to the next date: 通过/修订/修正/公布
    make it a promulgation date, 施行 (or 自…起施行) an effective date.
    """
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    matches = list(CN_DATE.finditer(text))
    for i, m in enumerate(matches):
        date = make_date(*m.groups())
        if date is None:
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        event = text[m.end() : end]
        starts_in_force = text[max(0, m.start() - 1) : m.start()] == "自"
        if "施行" in event and (starts_in_force or not event.lstrip().startswith("起")):
            effective = date if effective is None else max(effective, date)
        if not starts_in_force and any(word in event for word in _ENACTED):
            promulgated = date if promulgated is None else max(promulgated, date)
    return promulgated, effective


def in_force_date(text: str) -> dt.date | None:
    """本法自2015年1月1日起施行 -> 2015-01-01 (the 附则 article of a law)."""
    m = re.search(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*施行", text)
    return make_date(*m.groups()) if m else None
