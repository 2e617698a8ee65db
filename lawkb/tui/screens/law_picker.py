"""Pick one law to search in (F4 on the search screen); type to narrow the list."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.services import Services
from lawkb.tui.widgets.status_badge import badge_label

ALL_LAWS = "__all__"  # id of the option that clears the filter


class LawPickerScreen(Jobs, ModalScreen[str | None]):
    """Dismisses with a title, "" for all laws, or None when cancelled."""

    CSS_PATH = "law_picker.tcss"
    AUTO_FOCUS = "#law-filter"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("取消"), id="picker.cancel"),
        Binding("down", "focus_list", _("列表"), show=False, id="picker.list"),
    ]

    def __init__(self, services: Services, current: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.current = current
        self.laws: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            box = Input(placeholder=_("输入法规名称的一部分筛选"), id="law-filter")
            box.border_title = _("限定在一部法规内搜索")
            yield box
            yield OptionList(id="law-list")

    def on_mount(self) -> None:
        self.query_one("#law-list", OptionList).loading = True
        self.run_job(
            "laws", lambda: self.services.laws(include_all=True), self._laws_loaded, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.query_one("#law-list", OptionList).loading = False
        self.notify(_("无法读取法规列表：{error}").format(error=error), severity="error")

    def _laws_loaded(self, laws: list) -> None:
        self.query_one("#law-list", OptionList).loading = False
        self.laws = laws
        self._fill(self.query_one("#law-filter", Input).value.strip())

    def _fill(self, text: str) -> None:
        options = self.query_one("#law-list", OptionList)
        options.clear_options()
        options.add_option(Option(_("（全部法规）"), id=ALL_LAWS))
        for s in self.laws:
            if text and text not in s.title and text not in s.short_title:
                continue
            status = str(s.status)
            label = Content.assemble(
                (s.short_title, "bold" if s.title == self.current else ""),
                ("  " + str(s.category), "dim"),
                ("  " + badge_label(status).strip(), "bold $error") if status != "现行有效" else "",
            )
            options.add_option(Option(label, id=s.title))
        options.highlighted = 0

    @on(Input.Changed, "#law-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    @on(Input.Submitted, "#law-filter")
    def _submit(self) -> None:
        options = self.query_one("#law-list", OptionList)
        # with one law left after filtering, Enter takes it
        if options.option_count == 2:
            options.highlighted = 1
        self._choose(options)

    @on(OptionList.OptionSelected, "#law-list")
    def _selected(self) -> None:
        self._choose(self.query_one("#law-list", OptionList))

    def _choose(self, options: OptionList) -> None:
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        self.dismiss("" if option.id == ALL_LAWS else option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_focus_list(self) -> None:
        self.query_one("#law-list", OptionList).focus()
