"""The status badge: 已废止 and 已修改 must stand out in a list of results."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from lawkb.i18n import _
from lawkb.tui.css import widget_css

# label, Rich style (for DataTable cells), CSS class (for the widget)
_BADGES: dict[str, tuple[str, str, str]] = {
    "已废止": (_(" 已废止 "), "bold #ffffff on #b3261e", "-repealed"),
    "已修改": (_(" 已修改 "), "bold #000000 on #f2b705", "-amended"),
    "尚未生效": (_(" 尚未生效 "), "bold #ffffff on #1f5fa8", "-pending"),
    "现行有效": (_(" 现行 "), "#4caf50", "-current"),
}


def badge_label(status: str) -> str:
    return _BADGES.get(str(status), (f" {status} ", "", ""))[0]


def badge_text(status: str) -> Text:
    """The badge as a Rich Text (DataTable cells are Rich renderables)."""
    label, style, _ignored = _BADGES.get(str(status), (f" {status} ", "", ""))
    return Text(label, style=style, end="")


class StatusBadge(Static):
    """A status badge widget, coloured by its CSS class (see status_badge.tcss)."""

    DEFAULT_CSS = widget_css(__file__)
    status: reactive[str] = reactive("", layout=True)

    def __init__(self, status: str = "", **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.set_reactive(StatusBadge.status, str(status))

    def on_mount(self) -> None:
        self._refresh_badge()

    def watch_status(self) -> None:
        self._refresh_badge()

    def _refresh_badge(self) -> None:
        for _ignored, _ignored, css in _BADGES.values():
            self.remove_class(css)
        if self.status in _BADGES:
            self.add_class(_BADGES[self.status][2])
        self.update(badge_label(self.status) if self.status else "")
        self.display = bool(self.status)
