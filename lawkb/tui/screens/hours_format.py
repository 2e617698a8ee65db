"""How both 学时 screens write hours, percentages and status (one rounding rule)."""

from __future__ import annotations

from rich.text import Text

from lawkb.i18n import _
from lawkb.records.durations import hours_str

STATUS = {
    "complete": (_("已完成"), "green"),
    "on_track": (_("进度正常"), "cyan"),
    "behind": (_("落后"), "red"),
}
BAR_CELLS = 20


def hours(minutes: int) -> str:
    return hours_str(minutes)


def percent(done: int, target: int) -> int:
    """The one rounding rule of every hours screen: down, so 100 % means done."""
    return 100 if target <= 0 else int(done * 100 // target)


def unit_label(unit: str | None) -> str:
    """A unit filter as shown: None is every unit, "" the officers with no unit."""
    return _("全部") if unit is None else (unit or _("（未填单位）"))


def progress_bar(done: int, target: int, status: str, cells: int = BAR_CELLS) -> Text:
    """A bar of `cells` terminal cells and the percentage, coloured by status."""
    share = 1.0 if target <= 0 else min(max(done / target, 0.0), 1.0)
    filled = round(share * cells)
    pct = percent(done, target)
    colour = STATUS[status][1]
    bar = Text("█" * filled, style=colour, end="")
    bar.append("░" * (cells - filled), style="dim")
    bar.append(f" {pct:>3d}%")
    return bar
