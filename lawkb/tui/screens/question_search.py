"""The search screen opened on a quiz question (its stem and options); Esc goes back."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from lawkb.i18n import _
from lawkb.tui.screens.search import SearchScreen
from lawkb.tui.services import Services


class QuestionSearchScreen(SearchScreen):
    """The search screen opened on a quiz question; Esc goes back to the quiz."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回测验"), id="quiz_search.back"),
    ]

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.initial_text = text

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#query", Input).value = self.initial_text

    def action_back(self) -> None:
        self.dismiss()
