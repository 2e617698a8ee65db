"""What the search screen shows until it can search: loading, rebuilding, empty, error."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, LoadingIndicator, ProgressBar, Static

from lawkb.i18n import _
from lawkb.tui.css import widget_css

STAGE_NAMES = {
    "index": _("正在重建索引"),
    "import": _("正在导入法规"),
    "parse": _("正在读取法规"),
    "store": _("正在写入资料库"),
    "commit": _("正在写入索引"),
}

EMPTY_HELP = _(
    "资料库还是空的。\n\n按 Ctrl+O（或下面的按钮）导入内置的国家法律法规库，"
    "或者在命令行运行\n\n    lawkb import 法规文件或文件夹…\n\n（在命令行导入的，"
    "导入后重新打开 lawkb 即可搜索。）"
)


class StatusPanel(Vertical):
    """States: loading, progress, empty, error, hidden (ready)."""

    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []  # every message shown, oldest first

    def compose(self) -> ComposeResult:
        yield Static(_("正在加载分词词典和索引…"), id="status-message", markup=False)
        yield LoadingIndicator(id="status-spinner")
        yield ProgressBar(total=None, show_eta=False, id="status-progress")
        yield Button(_("导入内置法规库"), id="status-import", variant="primary")

    def _set(self, message: str, *, spinner: bool, progress: bool, button: bool) -> None:
        self.display = True
        if not self.history or self.history[-1] != message:
            self.history.append(message)
        self.query_one("#status-message", Static).update(message)
        self.query_one("#status-spinner").display = spinner
        self.query_one("#status-progress").display = progress
        self.query_one("#status-import").display = button
        self.set_class(button, "-empty")

    def loading(self, message: str = _("正在加载分词词典和索引…")) -> None:
        self._set(message, spinner=True, progress=False, button=False)

    def progress(self, stage: str, done: int, total: int) -> None:
        name = STAGE_NAMES.get(stage, stage)
        self._set(f"{name}…（{done}/{total}）", spinner=False, progress=True, button=False)
        bar = self.query_one("#status-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)

    def empty(self) -> None:
        self._set(EMPTY_HELP, spinner=False, progress=False, button=True)

    def error(self, message: str) -> None:
        self._set(message, spinner=False, progress=False, button=False)
        self.add_class("-error")

    def hide(self) -> None:
        self.display = False

    @property
    def message(self) -> str:
        return str(self.query_one("#status-message", Static).render())
