"""The law browser: the collection by category and law, then a law's table of contents.

Left, a tree of categories and laws; right, the chosen law as a tree of 编/分编/章/节 with
its articles as leaves. Enter on an article opens the reader. Opened from the reader with
`u`, it starts on that law with the cursor on the article, inside its chapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Tree

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle
from lawkb.tui.services import Services
from lawkb.tui.widgets.result_table import clean, fit
from lawkb.tui.widgets.status_badge import badge_label
from lawkb.views import OutlineNode, short_title

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

    from lawkb.models import Article

PREVIEW_CELLS = 12  # at least this much of an article's first words beside its label


class TocTree(Tree[str]):
    """A table of contents whose entries fill the pane's width, cut with an ellipsis when
    drawn (so that a wider pane shows more of each article's first words)."""

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        depth, up = 0, node.parent
        while up is not None:
            depth, up = depth + 1, up.parent
        levels = depth - (0 if self.show_root else 1)
        room = self.scrollable_content_region.width - self.guide_depth * levels - 1
        return fit(text, max(room, PREVIEW_CELLS))


class BrowserScreen(Jobs, Screen[None]):
    CSS_PATH = "browser.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="browser.back"),
        Binding("left", "focus_laws", _("法规列表"), show=False, id="browser.laws"),
        Binding("right", "focus_toc", _("目录"), show=False, id="browser.toc"),
    ]

    def __init__(self, services: Services, law: str | None = None, ref: str | None = None):
        super().__init__()
        self.services = services
        self.law_title = law
        self.ref = ref
        self.toc_law: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            laws: Tree[str] = Tree(_("法规"), id="laws")
            laws.show_root = False
            laws.border_title = _("法规")
            yield laws
            toc: Tree[str] = TocTree(_("目录"), id="toc")
            toc.show_root = False
            toc.border_title = _("目录")
            yield toc
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#laws", Tree).loading = True
        self.run_job("laws", self._read_laws, self._laws_read, self._laws_unreadable)
        if self.law_title:
            self.open_law(self.law_title)
        else:
            self.query_one("#laws", Tree).focus()

    def _read_laws(self) -> tuple[list, list[str]]:
        return self.services.laws(include_all=True), self.services.categories()

    def _laws_read(self, laws_and_categories: tuple[list, list[str]]) -> None:
        self.query_one("#laws", Tree).loading = False
        self._fill_laws(*laws_and_categories)

    def _laws_unreadable(self, error: BaseException) -> None:
        self.query_one("#laws", Tree).loading = False
        self.notify(_("无法读取法规列表：{error}").format(error=error), severity="error")

    def _fill_laws(self, laws: list, categories: list[str]) -> None:
        tree = self.query_one("#laws", Tree)
        tree.clear()
        by_category: dict[str, list] = {}
        for s in laws:
            by_category.setdefault(str(s.category), []).append(s)
        for category in categories:
            rows = by_category.get(category, [])
            branch = tree.root.add(
                Text.assemble((category, "bold"), (f"  {len(rows)}", "dim")),
                expand=self.law_title is None or any(s.title == self.law_title for s in rows),
            )
            for s in rows:
                status = str(s.status)
                label = Text.assemble(
                    s.short_title,
                    (_("  {article_count} 条").format(article_count=s.article_count), "dim"),
                    (f"  {badge_label(status).strip()}", "bold red")
                    if status in ("已废止", "已修改")
                    else "",
                )
                node = branch.add_leaf(label, data=s.title)
                if s.title == self.law_title:
                    tree.move_cursor(node)

    # -- a law's table of contents ------------------------------------------------------
    def open_law(self, title: str) -> None:
        toc = self.query_one("#toc", Tree)
        toc.loading = True
        self.run_job(
            "outline", lambda: self.services.outline(title), self._outline_read, self._no_outline
        )

    def _no_outline(self, error: BaseException) -> None:
        self.query_one("#toc", Tree).loading = False
        self.notify(_("无法打开这部法规：{error}").format(error=error), severity="error")

    def _outline_read(self, outline: OutlineNode) -> None:
        self._fill_toc(outline)
        self.query_one("#toc", Tree).loading = False

    def _fill_toc(self, outline: OutlineNode) -> None:
        toc = self.query_one("#toc", Tree)
        toc.clear()
        self.toc_law = outline.title
        toc.border_title = short_title(outline.title)
        target: TreeNode | None = None

        def add(parent: TreeNode, node: OutlineNode, depth: int) -> bool:
            nonlocal target
            holds_target = False
            for article in node.articles:
                leaf = parent.add_leaf(self._article_label(article), data=article.ref)
                if article.ref == self.ref:
                    target, holds_target = leaf, True
            for child in node.children:
                branch = parent.add(Text(clean(child.title), style="bold"))
                if add(branch, child, depth + 1):
                    holds_target = True
                    branch.expand()
            return holds_target

        add(toc.root, outline, 0)
        if target is None and toc.root.children:
            toc.root.children[0].expand()  # a first look at the law
        toc.focus()
        first = toc.root.children[0] if toc.root.children else None
        self.call_after_refresh(toc.move_cursor, target or first)

    def _article_label(self, article: Article) -> Text:
        """The label and the whole first paragraph: TocTree cuts it to the pane's width."""
        first = clean(article.paragraphs[0].text) if article.paragraphs else ""
        preview = _("（删去）") if article.deleted else first
        return Text.assemble((article.label, "bold"), "  ", (preview, "dim"))

    # -- choosing -----------------------------------------------------------------------
    @on(Tree.NodeSelected, "#laws")
    def _law_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.ref = None
            self.open_law(event.node.data)

    @on(Tree.NodeSelected, "#toc")
    def _toc_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.post_message(OpenArticle(event.node.data))

    def action_back(self) -> None:
        self.dismiss()

    def action_focus_laws(self) -> None:
        self.query_one("#laws", Tree).focus()

    def action_focus_toc(self) -> None:
        if self.toc_law:
            self.query_one("#toc", Tree).focus()
