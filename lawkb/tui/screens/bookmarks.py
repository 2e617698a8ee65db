"""Starred articles (press s in the reader). Kept in the records database in the data folder."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle
from lawkb.tui.services import Services
from lawkb.tui.widgets.result_table import clean, fit, path_text
from lawkb.tui.widgets.status_badge import badge_text
from lawkb.views import Bookmark


class BookmarksScreen(Jobs, Screen[None]):
    CSS_PATH = "bookmarks.tcss"
    AUTO_FOCUS = "#bookmarks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="bookmarks.back"),
        Binding("d,delete", "remove", _("取消收藏"), id="bookmarks.remove"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.rows: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Static(_("书签"), id="bookmarks-title")
        yield DataTable(id="bookmarks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="bookmarks-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()  # a star may have changed in a reader opened from here

    def reload(self) -> None:
        self.load_bookmarks()

    def load_bookmarks(self, remove: str | None = None) -> None:
        def work() -> list[Bookmark]:
            if remove and self.services.is_bookmarked(remove):
                self.services.toggle_bookmark(remove)
            return self.services.bookmarks()

        self.run_job("bookmarks", work, self.show, self._unreadable)

    def _unreadable(self, error: BaseException) -> None:
        self.show([], _("无法读取书签：{error}").format(error=error))

    def show(self, rows: list[Bookmark], problem: str = "") -> None:
        self.rows = rows
        table = self.query_one("#bookmarks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column(_("法规"), key="law")
        table.add_column(_("条"), key="article")
        table.add_column(_("状态"), key="status")
        table.add_column(_("章节"), key="path")
        for b in self.rows:
            table.add_row(
                fit(clean(b.short_title), 24),
                Text(b.label, style="bold", end=""),
                badge_text(b.status) if b.status else Text(_("（已不在资料库中）"), style="dim"),
                fit(path_text(b.path), 50),
                key=b.ref,
            )
        table.display = bool(self.rows)
        empty = self.query_one("#bookmarks-empty", Static)
        empty.display = not self.rows
        if problem:
            empty.update(problem)
        elif not self.rows:
            empty.update(_("还没有书签。在条文页按 s 收藏，收藏的条文会列在这里。"))
        elif 0 <= cursor < len(self.rows):
            table.move_cursor(row=cursor)

    @on(DataTable.RowSelected, "#bookmarks")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(OpenArticle(event.row_key.value))

    def action_remove(self) -> None:
        table = self.query_one("#bookmarks", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return
        self.load_bookmarks(remove=self.rows[table.cursor_row].ref)
        self.notify(_("已取消收藏"), timeout=2)

    def action_back(self) -> None:
        self.dismiss()
