"""The crosswalk on a screen of its own: pick one of the laws the 生态环境法典 repealed, see
each of its articles beside the Code articles that took its rules over (relation and 对应可信度),
and open a pair side by side (the comparison screen) or either article in the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.compare import CompareScreen
from lawkb.tui.services import Services
from lawkb.views import KIND_NAMES, short_title

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.links import CrosswalkItem

CODE = "中华人民共和国生态环境法典"
UNREVIEWED = "*"  # a link the builder made that no one has reviewed yet


class CrosswalkScreen(Jobs, Screen[None]):
    CSS_PATH = "crosswalk.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="crosswalk.back"),
        Binding("enter", "compare", _("对比"), id="crosswalk.compare", priority=True),
        Binding("o", "open_old", _("阅读旧法条文"), id="crosswalk.open_old"),
        Binding("g", "open_new", _("阅读法典条文"), id="crosswalk.open_new"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.rows: list[tuple[str, str, CrosswalkItem | None]] = []

    def compose(self) -> ComposeResult:
        yield Static(_("旧法与法典条文对照：选一部旧法"), id="crosswalk-title")
        with Horizontal():
            yield OptionList(id="crosswalk-laws")
            yield DataTable(id="crosswalk-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#crosswalk-laws").border_title = _("已废止的旧法")
        table = self.query_one("#crosswalk-table", DataTable)
        for label in (_("旧法条文"), _("法典条文"), _("关系"), _("可信度")):
            table.add_column(label)
        self.load_laws()

    def load_laws(self) -> None:
        def job(kb: KnowledgeBase) -> list[str]:
            return kb.superseded_by(CODE)

        self.run_job("crosswalk-laws", lambda: self.services.run(job), self._laws_loaded)

    def _laws_loaded(self, titles: list[str]) -> None:
        laws = self.query_one("#crosswalk-laws", OptionList)
        laws.add_options([Option(short_title(t), id=t) for t in titles])
        if titles:
            laws.highlighted = 0
            laws.focus()
        else:
            self.query_one("#crosswalk-title", Static).update(_("资料库中没有法典废止的旧法。"))

    @on(OptionList.OptionHighlighted, "#crosswalk-laws")
    def _law_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.load_law(event.option.id)

    def load_law(self, title: str) -> None:
        def job(kb: KnowledgeBase) -> list[tuple[str, str, CrosswalkItem | None]]:
            rows: list[tuple[str, str, CrosswalkItem | None]] = []
            for article in kb.law(title).articles:
                successors = kb.successors(article.ref) or [None]
                rows += [(article.ref, article.label, s) for s in successors]
            return rows

        self.run_job(
            "crosswalk-law",
            lambda: self.services.run(job),
            lambda rows: self._law_loaded(title, rows),
        )

    def _law_loaded(self, title: str, rows: list[tuple[str, str, CrosswalkItem | None]]) -> None:
        self.rows = rows
        table = self.query_one("#crosswalk-table", DataTable)
        table.clear()
        for i, (_ref, label, s) in enumerate(rows):
            if s is None:
                table.add_row(label, Text("—", style="dim"), _("无对应"), "", key=str(i))
                continue
            # a mark, not a word: at 80 columns every column stays on screen
            confidence = f"{s.confidence:.0%}" + ("" if s.reviewed else UNREVIEWED)
            kind = KIND_NAMES.get(s.kind, s.kind)
            table.add_row(label, s.article, kind, confidence, key=str(i))
        linked = sum(1 for r in rows if r[2] is not None)
        self.query_one("#crosswalk-title", Static).update(
            _(
                "{short_title} → 生态环境法典：{linked} 条对应（{unreviewed}未复核）。"
                "回车并排对比，o 读旧法条文，g 读法典条文"
            ).format(short_title=short_title(title), linked=linked, unreviewed=UNREVIEWED)
        )

    # -- actions ---------------------------------------------------------------------------
    def _current(self) -> tuple[str, str, CrosswalkItem | None] | None:
        table = self.query_one("#crosswalk-table", DataTable)
        if not self.rows or not table.row_count:
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare", "open_old", "open_new"):
            return self.focused is self.query_one("#crosswalk-table") and bool(self.rows)
        return True

    def action_compare(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(CompareScreen(self.services, row[0]))

    def action_open_old(self) -> None:
        row = self._current()
        if row is not None:
            self.post_message(OpenArticle(row[0]))

    def action_open_new(self) -> None:
        row = self._current()
        if row is not None and row[2] is not None:
            self.post_message(OpenArticle(row[2].ref))

    def action_back(self) -> None:
        self.dismiss()
