"""Durations as people write them -> integer minutes; everything else is refused by name."""

from __future__ import annotations

import pytest

from lawkb.errors import InvalidInput
from lawkb.records.dates import parse_date
from lawkb.records.durations import hm, hours_str, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("90min", 90),
        ("90 分钟", 90),
        ("1.5h", 90),
        ("1.5 小时", 90),
        ("2h30m", 150),
        ("2小时30分", 150),
        ("2H30M", 150),
        ("1:30", 90),
        ("1.5", 90),  # a bare decimal is hours
        ("1.05", 63),
        ("0.25h", 15),
        ("90", 90),  # a bare whole number is minutes
        ("１.５ｈ", 90),  # full-width, as typed with a Chinese IME
        (45, 45),
    ],
)
def test_accepted(text: str | int, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0", "为零"),
        ("0h", "为零"),
        ("-30m", "负数"),
        ("1.333h", "最多两位小数"),
        ("1.33h", "79.8 分钟"),
        ("1.5h30m", "混用了小数小时和分钟"),
        ("abc", "不是时长"),
        ("", "为空"),
        ("2d", "不是时长"),
    ],
)
def test_refused_with_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_duration(text, field="duration")
    assert err.value.field == "duration"
    assert says in err.value.message


def test_hours_are_rounded_once_from_minutes() -> None:
    assert hours_str(100) == "1.67"
    assert hours_str(2400) == "40.00"
    assert hm(150) == "2h30m" and hm(-45) == "-45m" and hm(60) == "1h"


def test_dates() -> None:
    assert parse_date("2026/3/12").isoformat() == "2026-03-12"
    assert parse_date("2026年8月15日").isoformat() == "2026-08-15"
    assert parse_date("20261125").isoformat() == "2026-11-25"
    with pytest.raises(InvalidInput, match="不是真实的日期"):
        parse_date("2026-02-30")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_date("yesterday")
