"""The discretion calculator (裁量基准计算): find the violation, answer the factor questions,
read the tier, the fine range, the legal basis and the 裁量说明.

The screen only collects input and shows results: `lawkb.discretion` does the work (the same
`Discretion.match` rule as the CLI: one candidate that stands out is taken; several close ones
wait for the officer to choose), on the knowledge-base thread, in workers.

At 80 columns the candidate list narrows and the inputs shrink to one line, so that every
factor question is shown in full beside its input (the labels wrap).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from lawkb.i18n import _
from lawkb.tui.messages import OpenArticle
from lawkb.tui.services import Services

if TYPE_CHECKING:
    from lawkb.discretion.factors import Factor
    from lawkb.discretion.results import Calculation, Candidate, Match
    from lawkb.discretion.service import Discretion

R = TypeVar("R")
NARROW = 100  # below this many columns: the compact layout (.-narrow)
LONG_OPTION = 16  # cells: a factor with a longer option puts its input under the question


class DiscretionScreen(Screen[None]):
    CSS_PATH = "discretion.tcss"
    AUTO_FOCUS = "#disc-query"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="discretion.back"),
        Binding("ctrl+y", "copy", _("复制裁量说明"), id="discretion.copy"),
        Binding("ctrl+o", "open_basis", _("查看处罚依据"), id="discretion.article"),
        Binding("ctrl+f", "focus_query", _("重新查找"), id="discretion.find"),
    ]

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_query = query
        self._discretion: Discretion | None = None
        self.match: Match | None = None
        self.candidates: list[Candidate] = []
        self.candidate: Candidate | None = None
        self.factors: list[Factor] = []
        self.general: list[Factor] = []
        self.result: Calculation | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        box = Input(
            placeholder=_("违法行为关键词：超标排放、未批先建、暗管、第1107条 …"), id="disc-query"
        )
        box.border_title = _("裁量基准计算")
        yield box
        with Horizontal(id="disc-body"):
            with Vertical(id="disc-left"):
                yield Label(_("候选违法行为"), classes="disc-heading")
                yield OptionList(id="disc-candidates")
            with Vertical(id="disc-right"):
                yield Static("", id="disc-warning", markup=False)
                with VerticalScroll(id="disc-inputs"):
                    yield Label(_("裁量因素"), classes="disc-heading")
                    yield Vertical(id="disc-form")
                    yield Label(
                        _("从轻、减轻、从重、不予处罚情节（空格勾选）"), classes="disc-heading"
                    )
                    yield SelectionList[str](id="disc-general")
                with VerticalScroll(id="disc-output"):
                    yield Static("", id="disc-result")
                    yield Static("", id="disc-explanation", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.explain("")
        if self.initial_query:
            self.query_one("#disc-query", Input).value = self.initial_query
            self.find(self.initial_query)

    # -- the library, on the knowledge-base thread -------------------------------------------
    async def _on_kb(self, job: Callable[[], R]) -> R:
        return await self.services.run_async(lambda _kb: job())

    def discretion(self) -> Discretion:
        """Built once, on the knowledge-base thread (called from jobs only)."""
        if self._discretion is None:
            self._discretion = self.services.run(lambda kb: kb.discretion)
        return self._discretion

    # -- finding ---------------------------------------------------------------------------
    @on(Input.Submitted, "#disc-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.find(event.value.strip())

    @work(exclusive=True, group="disc-find")
    async def find(self, query: str) -> None:
        self.busy = True
        options = self.query_one("#disc-candidates", OptionList)
        options.loading = True
        try:
            match = await self._on_kb(lambda: self.discretion().match(query, limit=12))
        except Exception as exc:  # shown, not raised: the officer can try other words
            self.say(
                _("无法查找：{value}").format(value=getattr(exc, "message", None) or exc),
                "bold red",
            )
            self.busy = False
            return
        finally:
            options.loading = False
        await self.show_match(match)

    async def show_match(self, match: Match) -> None:
        """List the candidates; take the one that stands out, or ask which one is meant."""
        self.match, self.candidates = match, match.candidates
        self.candidate, self.result = None, None
        options = self.query_one("#disc-candidates", OptionList)
        options.clear_options()
        await self.clear_form()
        self.query_one("#disc-inputs").display = match.chosen is not None
        if not match.found:
            self.say(_("没有匹配的违法行为，换个说法试试。"))
            self.busy = False
            return
        for i, c in enumerate(match.candidates):
            label = Text.assemble((c.title, "bold"), "\n", (f"{c.source_label} · {c.basis}", "dim"))
            options.add_option(Option(label, id=str(i)))
        options.focus()
        if match.chosen is not None:
            options.highlighted = match.candidates.index(match.chosen)
            self.choose(match.chosen)
            return
        options.highlighted = 0  # the cursor only: nothing is taken until Enter or a click
        self.say(
            _("有 {n_choices} 个相近的违法行为，请在左侧选择一个（↑↓ 移动，回车确认）。").format(
                n_choices=len(match.choices)
            ),
            "bold yellow",
        )
        self.busy = False

    @on(OptionList.OptionSelected, "#disc-candidates")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._take(int(event.option.id or 0))

    @on(OptionList.OptionHighlighted, "#disc-candidates")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.candidate is not None:  # once one is taken, moving the cursor takes another
            self._take(int(event.option.id or 0))

    def _take(self, index: int) -> None:
        if index < len(self.candidates) and self.candidates[index] is not self.candidate:
            self.choose(self.candidates[index])

    def choose(self, candidate: Candidate) -> None:
        self.candidate = candidate
        self.result = None
        self.load_form(candidate)

    @work(exclusive=True, group="disc-factors")
    async def load_form(self, candidate: Candidate) -> None:
        self.busy = True
        try:
            factors, general = await self._on_kb(
                lambda: (
                    self.discretion().calculator.factors(candidate),
                    self.discretion().calculator.general_factors(),
                )
            )
        except Exception as exc:  # shown, not raised
            self.say(
                _("无法读取因素：{value}").format(value=getattr(exc, "message", None) or exc),
                "bold red",
            )
            self.busy = False
            return
        await self.show_form(candidate, factors, general)

    # -- the form ----------------------------------------------------------------------------
    @property
    def narrow(self) -> bool:
        return (self.size.width or self.app.size.width) < NARROW

    def on_resize(self) -> None:
        """One-line inputs in the narrow layout, so that the questions keep their room."""
        for widget in self.query("#disc-form Input, #disc-form Select"):
            widget.compact = self.narrow  # type: ignore[attr-defined]

    async def clear_form(self) -> None:
        await self.query_one("#disc-form", Vertical).remove_children()
        self.query_one("#disc-general", SelectionList).clear_options()
        self.query_one("#disc-warning", Static).update("")
        self.explain("")
        self.factors, self.general = [], []

    async def show_form(
        self, candidate: Candidate, factors: list[Factor], general: list[Factor]
    ) -> None:
        await self.clear_form()
        self.query_one("#disc-inputs").display = True
        self.factors, self.general = factors, general
        if candidate.sample:
            self.query_one("#disc-warning", Static).update(
                _("所用裁量基准为示例：示例，非官方标准，不得用于实际案件")
            )
        form = self.query_one("#disc-form", Vertical)
        if not factors:
            await form.mount(Static(_("（该行没有裁量因素：按法定幅度）"), classes="disc-none"))
        for i, f in enumerate(factors):
            label = Label(f.question or f.name, classes="disc-label")
            field = _input(f, f"factor-{i}", self.narrow)
            long = any(cell_len(o) > LONG_OPTION for o in f.options)
            classes = "disc-field -long" if long else "disc-field"
            await form.mount(Horizontal(label, field, classes=classes))
        general_box = self.query_one("#disc-general", SelectionList)
        general_box.add_options([(f.question or f.name, f.name) for f in general])
        self.recalculate()

    def facts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for i, f in enumerate(self.factors):
            widget = self.query_one(f"#factor-{i}")
            if isinstance(widget, Select):
                if widget.value is not Select.NULL:
                    out[f.name] = str(widget.value)
            elif isinstance(widget, Input) and widget.value.strip():
                out[f.name] = widget.value.strip()
        for name in self.query_one("#disc-general", SelectionList).selected:
            out[name] = "是"
        return out

    @on(Select.Changed)
    @on(Input.Changed, "#disc-form Input")
    @on(SelectionList.SelectedChanged)
    def _fact_changed(self) -> None:
        self.recalculate()

    def recalculate(self) -> None:
        if self.candidate is not None:
            self.busy = True
            self.calculate(self.candidate, self.facts())

    @work(exclusive=True, group="disc-calc")
    async def calculate(self, candidate: Candidate, facts: dict[str, str]) -> None:
        try:
            result = await self._on_kb(
                lambda: self.discretion().calculator.calculate(candidate, facts, "")
            )
        except Exception as exc:  # a bad fact: said beside the form, not raised
            self.result = None
            self.say(
                _("无法计算：{value}").format(value=getattr(exc, "message", None) or exc),
                "bold yellow",
            )
            self.explain("")
        else:
            self.result = result
            self.query_one("#disc-result", Static).update(result_text(result))
            self.explain(result.explanation)
        self.busy = False

    def explain(self, text: str) -> None:
        """The 裁量说明 box, shown only when there is one."""
        box = self.query_one("#disc-explanation", Static)
        box.update(text)
        box.display = bool(text)

    def say(self, text: str, style: str = "") -> None:
        self.query_one("#disc-result", Static).update(Text(text, style=style))

    # -- actions -----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_query(self) -> None:
        self.query_one("#disc-query", Input).focus()

    def action_copy(self) -> None:
        if self.result is not None:
            self.app.copy_to_clipboard(self.result.explanation)
            self.notify(_("裁量说明已复制"))

    def action_open_basis(self) -> None:
        if self.result is None:
            return
        refs = [a.ref for a in self.result.articles if a.role == "处罚依据"]
        if refs:
            self.post_message(OpenArticle(refs[0]))


def _input(f: Factor, widget_id: str, compact: bool) -> Select[str] | Input:
    """The input for a factor's kind; `compact` (one line, no border) in the narrow layout."""
    if f.kind in ("是否", "选项"):
        options = ["是", "否"] if f.kind == "是否" else f.options
        return Select([(o, o) for o in options], prompt=_("请选择"), id=widget_id, compact=compact)
    placeholder = _("数值（{unit}）").format(unit=f.unit) if f.unit else _("数值")
    return Input(placeholder=placeholder, type="number", id=widget_id, compact=compact)


def result_text(r: Calculation) -> Text:
    """The answer as the officer reads it: tier and why, range, flags, bases, rules."""
    t = Text()
    if r.tier:
        t.append(_("阶次："), style="bold")
        t.append(r.tier, style="bold reverse")
        t.append(_("  因为：") + "；".join(r.why) + "\n")
    else:
        t.append(_("阶次：无  "), style="bold")
        t.append(r.fallback_reason + "\n", style="yellow")
    for q in r.missing:
        t.append(_("  待回答：{q}\n").format(q=q), style="yellow")
    if r.fine:
        t.append(_("罚款幅度："), style="bold")
        t.append(r.fine.text + "\n", style="bold green")
    if r.major:
        t.append(
            _("重大行政处罚：{major_note}\n").format(major_note=r.major_note), style="bold red"
        )
    for w in r.warnings:
        if "示例" not in w:
            t.append(_("注意：{w}\n").format(w=w), style="yellow")
    t.append(_("法定处罚：") + "；".join(r.statutory) + "\n")
    t.append(_("处罚种类：") + "、".join(r.kinds) + "\n")
    for a in r.articles:
        t.append(f"{a.role}：{a.citation}\n", style="bold")
        t.append(a.text + "\n", style="dim")
    for x in r.rules:
        if x.triggered:
            t.append(
                _("可能适用：{title}（{citations}）\n").format(
                    title=x.title, citations="、".join(x.citations)
                ),
                style="cyan",
            )
    return t
