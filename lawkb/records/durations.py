"""Durations as people write them -> integer minutes, and minutes back to hours for display.

Accepted: 90m, 90min, 90分钟, 1.5h, 1.5小时, 2h30m, 2小时30分, 1:30, a bare decimal (1.5, hours)
or a bare whole number (90, minutes). Hours may carry at most two decimals and must come
to a whole number of minutes (1.05 h = 63 min is fine, 1.33 h = 79.8 min is not).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from lawkb.errors import InvalidInput
from lawkb.i18n import _

_HOURS = r"(?:h|hr|hrs|hour|hours|小时|个小时|时)"
_MINUTES = r"(?:m|min|mins|minute|minutes|分钟|分)"
_UNITS = re.compile(rf"^(?:(?P<h>\d+(?:\.\d+)?){_HOURS})?(?:(?P<m>\d+){_MINUTES})?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(?P<h>\d+):(?P<m>[0-5]\d)$")
_BARE_INT = re.compile(r"^\d+$")
_BARE_DEC = re.compile(r"^\d*\.\d+$")


def _examples(require_unit: bool = False) -> str:
    """The accepted forms, for messages; with `require_unit` a bare number is refused."""
    if require_unit:
        return _("90m、1.5h、2h30m 或 1:30")
    return _("90m、1.5h、2h30m、1:30、1.5（小时）或 90（分钟）")


def parse_duration(text: str | int, field: str = "duration", *, require_unit: bool = False) -> int:
    """Parse a duration into whole minutes (> 0). Raises InvalidInput naming `field`.

    With `require_unit` (what people type: the CLI, the app) a bare number is refused: "2"
    is two hours to one reader and two minutes to another."""
    if isinstance(text, bool):
        raise InvalidInput(field, _("应为 {examples} 这样的时长").format(examples=_examples()))
    if isinstance(text, int):
        return _positive(text, field, str(text))
    raw = str(text)
    s = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").lower()
    if not s:
        raise InvalidInput(
            field, _("为空；应为 {examples} 这样的时长").format(examples=_examples())
        )
    if s.startswith("-"):
        raise InvalidInput(field, _("'{raw}' 是负数；时长必须大于零").format(raw=raw))
    if require_unit and (_BARE_INT.match(s) or _BARE_DEC.match(s)):
        raise InvalidInput(
            field, _("'{raw}' 没有单位：{s} 小时请写 {s}h，{s} 分钟请写 {s}m").format(raw=raw, s=s)
        )
    if _BARE_INT.match(s):
        return _positive(int(s), field, raw)
    if _BARE_DEC.match(s):
        return _positive(_hours_to_minutes(s, field, raw), field, raw)
    clock = _CLOCK.match(s)
    if clock:
        return _positive(int(clock["h"]) * 60 + int(clock["m"]), field, raw)
    units = _UNITS.match(s)
    if units and (units["h"] or units["m"]):
        minutes = 0
        if units["h"]:
            if "." in units["h"] and units["m"]:
                raise InvalidInput(
                    field, _("'{raw}' 混用了小数小时和分钟；请写 1.5h 或 1h30m").format(raw=raw)
                )
            minutes += _hours_to_minutes(units["h"], field, raw)
        if units["m"]:
            minutes += int(units["m"])
        return _positive(minutes, field, raw)
    examples = _examples(require_unit)
    raise InvalidInput(
        field, _("'{raw}' 不是时长；应为 {examples} 这样的时长").format(raw=raw, examples=examples)
    )


def _hours_to_minutes(hours: str, field: str, raw: str) -> int:
    value = Decimal(hours)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput(field, _("'{raw}'：小时最多两位小数").format(raw=raw))
    minutes = value * 60
    if minutes != minutes.to_integral_value():
        raise InvalidInput(
            field,
            _("'{raw}' 是 {minutes} 分钟；请给出整分钟（例如 {minutes2}m）").format(
                raw=raw,
                minutes=minutes.normalize(),
                minutes2=int(minutes.to_integral_value(ROUND_HALF_UP)),
            ),
        )
    return int(minutes)


def _positive(minutes: int, field: str, raw: str) -> int:
    if minutes <= 0:
        raise InvalidInput(field, _("'{raw}' 为零；时长必须大于零").format(raw=raw))
    return minutes


def hours(minutes: int) -> Decimal:
    """Minutes as hours rounded once, half up, to two decimals (for display and exports)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours_str(minutes: int) -> str:
    return str(hours(minutes))


def hm(minutes: int) -> str:
    """90 -> '1h30m', -45 -> '-45m' (corrections can be negative)."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    if h and m:
        return f"{sign}{h}h{m:02d}m"
    return f"{sign}{h}h" if h else f"{sign}{m}m"
