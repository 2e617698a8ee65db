"""An article laid out as in the official text, with its references as links.

Each 款 starts on a new line indented by two full-width spaces, the label leads the first
one (第五十九条　…), and each 项 (（一）…) has its own line. References found in the text
are underlined; Tab / Shift+Tab select one and Enter follows it (see ReaderScreen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style

from lawkb.i18n import _
from lawkb.tui.css import widget_css
from lawkb.tui.widgets.cjk_text import CjkText
from lawkb.views import Link, article_lines

if TYPE_CHECKING:
    from lawkb.models import Article

INDENT = "\u3000\u3000"  # two full-width spaces, as printed
LINK_STYLE = Style(underline=True, bold=True)
UNRESOLVED_STYLE = Style(italic=True, dim=True)
SELECTED_STYLE = Style(reverse=True, bold=True, underline=True)


class ArticleLine(CjkText):
    """One 款 or 项 of the article."""


class ArticleView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.links: list[Link] = []
        self.selected: int | None = None
        self.line_widgets: list[ArticleLine] = []  # index = line of article_lines()

    def show(self, article: Article, links: list[Link]) -> None:
        self.article = article
        self.links = sorted(links, key=lambda k: (k.line, k.start))
        self.selected = None
        self.remove_children()
        self.line_widgets = []
        self.mount_all(self._lines())
        self.scroll_home(animate=False)

    def _lines(self) -> list[CjkText]:
        article = self.article
        assert article is not None
        widgets: list[CjkText] = []
        if article.caption:
            widgets.append(CjkText(Content(article.caption), classes="caption"))
        lines = article_lines(article)
        if article.deleted or not lines:
            head = Content.assemble(INDENT, (article.label, "bold"), _("\u3000（删去）"))
            widgets.append(ArticleLine(head, classes="paragraph -deleted"))
            return widgets
        for i, (_text, is_item) in enumerate(lines):
            classes = "item" if is_item else "paragraph"
            line = ArticleLine(self._render_line(i), classes=classes)
            self.line_widgets.append(line)
            widgets.append(line)
        return widgets

    def paragraph_line(self, paragraph: int) -> int | None:
        """The line where 款 `paragraph` (1-based) starts."""
        starts = [i for i, w in enumerate(self.line_widgets) if w.has_class("paragraph")]
        return starts[paragraph - 1] if 0 < paragraph <= len(starts) else None

    def flash_paragraph(self, paragraph: int) -> None:
        """Bring 款 `paragraph` into view and mark it for a moment (前款, 第二款 …)."""
        index = self.paragraph_line(paragraph)
        if index is None:
            return
        widget = self.line_widgets[index]
        self.scroll_to_widget(widget, animate=False)
        widget.add_class("-flash")
        self.set_timer(2.0, lambda: widget.remove_class("-flash"))

    def _render_line(self, index: int) -> Content:
        assert self.article is not None
        text, _ignored = article_lines(self.article)[index]
        body = Content(text)
        for n, link in enumerate(self.links):
            if link.line != index:
                continue
            style = LINK_STYLE if link.target else UNRESOLVED_STYLE
            if n == self.selected:
                style = SELECTED_STYLE
            if link.target:
                style = style + Style.from_meta({"@click": f"screen.follow_link({n})"})
            body = body.stylize(style, link.start, link.end)
        if index == 0:
            return Content.assemble(INDENT, (self.article.label, "bold"), "\u3000", body)
        return Content.assemble(INDENT, body)

    def _refresh_line(self, index: int) -> None:
        if index < len(self.line_widgets):
            self.line_widgets[index].update(self._render_line(index))

    def select(self, n: int | None) -> Link | None:
        """Select link n (None: no selection); re-render the lines concerned."""
        old = self.selected
        self.selected = n if n is None or 0 <= n < len(self.links) else None
        for k in {old, self.selected} - {None}:
            self._refresh_line(self.links[k].line)  # type: ignore[index]
        if self.selected is None:
            return None
        link = self.links[self.selected]
        if link.line < len(self.line_widgets):
            self.scroll_to_widget(self.line_widgets[link.line], animate=False)
        return link

    def select_next(self, step: int = 1) -> Link | None:
        if not self.links:
            return None
        if self.selected is None:
            n = 0 if step > 0 else len(self.links) - 1
        else:
            n = (self.selected + step) % len(self.links)
        return self.select(n)

    @property
    def selected_link(self) -> Link | None:
        return None if self.selected is None else self.links[self.selected]

    @property
    def plain_lines(self) -> list[str]:
        """The text as shown, for tests and copying."""
        return [w.text.plain for w in self.line_widgets]
