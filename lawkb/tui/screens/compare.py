"""Side by side: a repealed article and its successor in the 生态环境法典, with what changed
marked (numbers, 应当 against 可以, words added or removed, items added or removed).

Opened from the command palette while an article is on screen. For an old article it pairs
it with each successor; for a Code article, each predecessor with it. `[` and `]` step
through the pairs. The diff itself is `lawkb.compare` (no textual there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from lawkb.i18n import _
from lawkb.numerals import CN_NUM
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle
from lawkb.tui.services import Services
from lawkb.views import KIND_NAMES, describe_ref

if TYPE_CHECKING:
    from lawkb.compare import Comparison
    from lawkb.kb import KnowledgeBase

_NUMERALS = set(CN_NUM + "0123456789.")
OLD_STYLE = "bold red"
NEW_STYLE = "bold green"
NUMBER_STYLE = "bold black on yellow"


class CompareScreen(Jobs, Screen[None]):
    CSS_PATH = "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="compare.back"),
        Binding("right_square_bracket", "next_pair", _("下一对"), id="compare.next"),
        Binding("left_square_bracket", "previous_pair", _("上一对"), id="compare.previous"),
        Binding("ctrl+o", "open_new", _("阅读法典条文"), id="compare.open_new"),
    ]

    def __init__(self, services: Services, ref: str) -> None:
        super().__init__()
        self.services = services
        self.ref = ref
        self.pairs: list[tuple[str, str, str]] = []  # (old ref, new ref, kind)
        self.index = 0
        self.comparison: Comparison | None = None
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="compare-title", markup=False)
        with Horizontal(id="compare-body"):
            with VerticalScroll(id="compare-old-pane"):
                yield Static("", id="compare-old")
            with VerticalScroll(id="compare-new-pane"):
                yield Static("", id="compare-new")
        yield Static("", id="compare-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compare-old-pane").border_title = _("旧法条文")
        self.query_one("#compare-new-pane").border_title = _("法典条文")
        self.load_pairs()

    # -- loading (on the knowledge-base thread) --------------------------------------------
    def load_pairs(self) -> None:
        ref = self.ref

        def job(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
            succ = kb.successors(ref)
            if succ:
                return [(ref, s.ref, s.kind) for s in succ]
            return [(p.ref, ref, p.kind) for p in kb.predecessors(ref)]

        self.run_job("compare", lambda: self.services.run(job), self._pairs_loaded)

    def _pairs_loaded(self, pairs: list[tuple[str, str, str]]) -> None:
        self.pairs = pairs
        if not pairs:
            self.message = _(
                "此条文在对照表中没有对应条文（法典未承接，或不是十部旧法与法典的条文）。"
            )
            self.query_one("#compare-title", Static).update(describe_ref(self.ref))
            self.query_one("#compare-summary", Static).update(self.message)
            return
        self.index = 0
        self.show_pair()

    def show_pair(self) -> None:
        old, new, _kind = self.pairs[self.index]
        self.run_job(
            "compare-pair",
            lambda: self.services.run(lambda kb: kb.compare(old, new)),
            self._show_comparison,
        )

    # -- rendering ---------------------------------------------------------------------------
    def _show_comparison(self, cmp: Comparison) -> None:
        self.comparison = cmp
        _old, _new, kind = self.pairs[self.index]
        where = f"（{self.index + 1}/{len(self.pairs)}）" if len(self.pairs) > 1 else ""
        title = _(
            "{describe_ref}  →  {describe_ref2}  {kind_labels}  相同文字 {similarity:.0%}{where}"
        ).format(
            describe_ref=describe_ref(cmp.old_ref),
            describe_ref2=describe_ref(cmp.new_ref),
            kind_labels=KIND_NAMES.get(kind, kind),
            similarity=cmp.similarity,
            where=where,
        )
        self.query_one("#compare-title", Static).update(title)
        old_text, new_text = render_sides(cmp)
        self.query_one("#compare-old", Static).update(old_text)
        self.query_one("#compare-new", Static).update(new_text)
        self.query_one("#compare-summary", Static).update(render_summary(cmp))

    # -- actions -----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_next_pair(self) -> None:
        if len(self.pairs) > 1:
            self.index = (self.index + 1) % len(self.pairs)
            self.show_pair()

    def action_previous_pair(self) -> None:
        if len(self.pairs) > 1:
            self.index = (self.index - 1) % len(self.pairs)
            self.show_pair()

    def action_open_new(self) -> None:
        if self.comparison is not None:
            self.dismiss()
            self.app.post_message(OpenArticle(self.comparison.new_ref))


def _style(piece: str, base: str) -> str:
    """A changed piece with digits in it is a changed number: mark it louder."""
    return NUMBER_STYLE if any(c in _NUMERALS for c in piece) else base


def render_sides(cmp: Comparison) -> tuple[Text, Text]:
    """The old text with what went marked, the new text with what came marked."""
    old, new = Text(), Text()
    for seg in cmp.segments:
        if seg.op == "equal":
            old.append(seg.old)
            new.append(seg.new)
            continue
        if seg.old:
            old.append(seg.old, style=_style(seg.old, OLD_STYLE + " strike"))
        if seg.new:
            new.append(seg.new, style=_style(seg.new, NEW_STYLE + " underline"))
    return old, new


def render_summary(cmp: Comparison) -> Text:
    out = Text()
    rows = [
        (_("仅旧法有的数额、期限"), "、".join(cmp.numbers_removed)),
        (_("仅法典有的数额、期限"), "、".join(cmp.numbers_added)),
        (_("用语变化"), "；".join(f"{a} → {b}" for a, b in cmp.modal_changes)),
        (_("删去的项"), "、".join(cmp.items_removed)),
        (_("新增的项"), "、".join(cmp.items_added)),
    ]
    for label, value in rows:
        if value:
            out.append(f"{label}：", style="bold")
            out.append(value + "\n")
    if not out.plain:
        out.append(_("数额、期限和“应当／可以”等用语没有变化。"))
    return out
