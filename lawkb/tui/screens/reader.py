"""The article reader: breadcrumb, the article as printed, its references and related articles.

Following a reference pushes another reader on top, so `back` (Esc) returns exactly to
where the officer was, scroll position and selected link included. Previous / next
article replace the article in place.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import BrowseLaw, OpenArticle
from lawkb.tui.models import Page
from lawkb.tui.services import Services
from lawkb.tui.widgets.article_view import ArticleView
from lawkb.tui.widgets.breadcrumb import Breadcrumb
from lawkb.tui.widgets.status_badge import StatusBadge, badge_label
from lawkb.views import Link, Related, describe_ref, short_title


class ReaderScreen(Jobs, Screen[None]):
    CSS_PATH = "reader.tcss"
    AUTO_FOCUS = "ArticleView"
    BINDINGS: ClassVar[list[BindingType]] = [
        # 返回 first: at 80 columns the footer cannot show every key (F1 lists them all)
        Binding("escape,backspace", "back", _("返回"), id="reader.back"),
        Binding("left,p", "prev", _("上一条"), id="reader.prev"),
        Binding("right,n", "next", _("下一条"), id="reader.next"),
        Binding("u", "up", _("本章目录"), id="reader.up"),
        Binding("tab", "next_link", _("下一处引用"), id="reader.next_link"),
        Binding("shift+tab", "prev_link", _("上一处引用"), show=False, id="reader.prev_link"),
        Binding("enter", "follow", _("打开引用"), id="reader.follow"),
        Binding("s", "bookmark", _("收藏"), id="reader.bookmark"),
        Binding("g", "successor", _("法典对应条文"), id="reader.successor"),
        Binding("r", "related", _("相关条文"), id="reader.related"),
        Binding("y", "copy", _("复制条文"), show=False, id="reader.copy"),
    ]

    def __init__(self, services: Services, ref: str, paragraph: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.ref = ref
        self.paragraph = paragraph  # 1-based 款 to bring into view, from a followed link
        self.page: Page | None = None
        self.related: list[Related] = []

    @property
    def current_ref(self) -> str:
        """The article on screen (feature screens with needs_article use it)."""
        return self.ref

    def compose(self) -> ComposeResult:
        yield Breadcrumb(id="crumbs")
        with Horizontal(id="title-row"):
            yield Static(id="title", markup=False)
            yield StatusBadge(id="status")
            yield Static(id="star", markup=False)
        yield ArticleView(id="article")
        yield Static(id="link-target", markup=False)
        yield OptionList(id="related")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#related", OptionList).display = False
        self.load(self.ref)

    # -- loading an article (on a worker: the knowledge base may be busy) ------------------
    def load(self, ref: str) -> None:
        self.query_one(ArticleView).loading = True
        self.run_job("page", lambda: self.services.page(ref), self._page_loaded, self._not_found)

    def _page_loaded(self, page: Page) -> None:
        self.query_one(ArticleView).loading = False
        self.show(page)

    def _not_found(self, error: BaseException) -> None:
        self.query_one(ArticleView).loading = False
        self.query_one("#title", Static).update(
            _("找不到条文 {ref}：{error}").format(ref=self.ref, error=error)
        )

    def _starred(self, starred: bool) -> None:
        self._show_star(starred)
        self.notify(_("已收藏") if starred else _("已取消收藏"), timeout=2)

    def _star_failed(self, error: BaseException) -> None:
        self.notify(_("收藏失败：{error}").format(error=error), severity="error")

    def show(self, page: Page) -> None:
        article = page.article
        self.page, self.ref = page, article.ref
        # the article's number is printed once, where the law prints it: leading its text
        self.query_one(Breadcrumb).set_parts([article.law, *article.path])
        title = Content.styled(short_title(article.law), "bold")
        self.query_one("#title", Static).update(title)
        self.query_one(StatusBadge).status = page.status
        self._show_star(page.starred)
        view = self.query_one(ArticleView)
        view.show(article, page.links)
        self._show_link(None)
        if self.paragraph:
            self.call_after_refresh(view.flash_paragraph, self.paragraph)
            self.paragraph = None
        self._show_related(page)
        for problem in page.problems:
            self.notify(problem, severity="warning", timeout=6)
        self.refresh_bindings()
        self.sub_title = f"{short_title(article.law)} {article.label}"

    def _show_star(self, starred: bool) -> None:
        self.query_one("#star", Static).update(_("＊已收藏") if starred else "")

    def _show_related(self, page: Page) -> None:
        groups = [
            (_("法典中的对应条文（g）"), page.successors),
            (_("本条承接的旧法条文"), page.predecessors),
            (_("引用本条的条文"), page.cited_by),
        ]
        self.related = []
        options = self.query_one("#related", OptionList)
        options.clear_options()
        for heading, rows in groups:
            if not rows:
                continue
            options.add_option(Option(Content.styled(heading, "bold dim"), disabled=True))
            for row in rows:
                self.related.append(row)
                badge = badge_label(row.status).strip() if row.status != "现行有效" else ""
                label = Content.assemble(
                    "  ",
                    (row.title, "underline"),
                    (f"  {badge}", "bold $error") if badge else "",
                    (f"  {row.note}", "dim") if row.note else "",
                )
                options.add_option(Option(label, id=row.ref))
        options.display = bool(self.related)

    # -- keys -----------------------------------------------------------------------------
    def action_prev(self) -> None:
        if self.page is None or self.page.prev is None:
            self.notify(_("已经是第一条"), timeout=2)
            return
        self.load(self.page.prev.ref)

    def action_next(self) -> None:
        if self.page is None or self.page.next is None:
            self.notify(_("已经是最后一条"), timeout=2)
            return
        self.load(self.page.next.ref)

    def action_up(self) -> None:
        if self.page is not None:
            self.post_message(BrowseLaw(self.page.article.law, self.ref))

    def action_next_link(self) -> None:
        link = self.query_one(ArticleView).select_next(1)
        if link is None:
            self.notify(_("本条没有引用其他条文"), timeout=2)
        self._show_link(link)

    def action_prev_link(self) -> None:
        self._show_link(self.query_one(ArticleView).select_next(-1))

    def _show_link(self, link: Link | None) -> None:
        """Say where the selected reference leads, before the officer follows it."""
        line = self.query_one("#link-target", Static)
        line.display = link is not None
        if link is None:
            return
        if link.internal or link.target == self.ref:
            where = (
                _("本条第{paragraph}款").format(paragraph=link.paragraph)
                if link.paragraph
                else _("本条")
            )
        elif link.target:
            where = describe_ref(link.target)
            if link.paragraph:
                where += _(" 第{paragraph}款").format(paragraph=link.paragraph)
        else:
            where = _("（不在资料库中）")
        line.update(Content.assemble(("▸ ", "dim"), (where, "bold"), (_("   Enter 打开"), "dim")))

    def action_follow(self) -> None:
        link = self.query_one(ArticleView).selected_link
        if link is None:
            self.action_next_link()
            return
        self.follow(link)

    def action_follow_link(self, n: int) -> None:
        """A mouse click on link n (see ArticleView)."""
        link = self.query_one(ArticleView).select(n)
        self._show_link(link)
        if link is not None:
            self.follow(link)

    def follow(self, link: Link) -> None:
        if link.internal or link.target == self.ref:
            if link.paragraph:
                self.query_one(ArticleView).flash_paragraph(link.paragraph)
            else:
                self.notify(_("“{text}”指本条").format(text=link.text), timeout=2)
            return
        if not link.target:
            self.notify(
                _("“{text}”所指的法规不在资料库中").format(text=link.text), severity="warning"
            )
            return
        self.post_message(OpenArticle(link.target, link.paragraph))

    def action_back(self) -> None:
        self.dismiss()

    def action_bookmark(self) -> None:
        ref = self.ref
        self.run_job(
            "star", lambda: self.services.toggle_bookmark(ref), self._starred, self._star_failed
        )

    def action_successor(self) -> None:
        if self.page is None or not self.page.successors:
            self.notify(_("这一条没有记录法典中的对应条文"), timeout=2)
            return
        successors = self.page.successors
        if len(successors) == 1:
            self.post_message(OpenArticle(successors[0].ref))
            return
        # several: say so, and let the officer choose in the list below the article
        options = self.query_one("#related", OptionList)
        options.focus()
        options.highlighted = options.get_option_index(successors[0].ref)
        names = "、".join(s.title for s in successors)
        self.notify(
            _("法典中有 {n_successors} 条对应条文：{names}。选一条按回车打开。").format(
                n_successors=len(successors), names=names
            ),
            timeout=6,
        )

    def action_related(self) -> None:
        if self.related:
            self.query_one("#related", OptionList).focus()

    def action_copy(self) -> None:
        if self.page is not None:
            article = self.page.article
            self.app.copy_to_clipboard(f"{article.label}　{article.text}")
            self.notify(_("条文已复制"), timeout=2)

    @on(OptionList.OptionSelected, "#related")
    def _related_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenArticle(event.option.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # in the related list, Enter and Tab do what they do in a list
        if action in {"follow", "next_link", "prev_link"} and isinstance(self.focused, OptionList):
            return False
        # keys with nothing to act on stay out of the footer
        if action == "successor":
            return bool(self.page and self.page.successors)
        if action == "related":
            return bool(self.related)
        return True
