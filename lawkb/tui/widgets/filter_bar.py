"""One line under the search box: active filters, result count and the keys that change them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from lawkb.i18n import _
from lawkb.tui.css import widget_css
from lawkb.tui.models import Filters


class FilterBar(Static):
    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.filters = Filters()
        self.note = ""

    def on_mount(self) -> None:
        self.set_state(self.filters, self.note)

    def set_state(self, filters: Filters, note: str = "") -> None:
        self.filters, self.note = filters, note
        # the default view holds 已修改 laws too (with their badge): say so
        version = (filters.versions, "bold $warning" if filters.include_all else "")
        category = (filters.category, "bold $accent") if filters.category else (_("全部类别"), "")
        law = (filters.law, "bold $accent") if filters.law else (_("全部法规"), "")
        parts: list[str | tuple[str, str]] = [
            (_("版本 "), "dim"),
            version,
            (_("   类别 "), "dim"),
            category,
            (_("   法规 "), "dim"),
            law,
        ]
        if note:
            parts += ["   ", (note, "dim")]
        self.update(Content.assemble(*parts), layout=False)  # one line, always
