"""The discretion calculator (裁量基准计算): find the violation, answer the factor questions,
read the tier, the fine range, the legal basis and the 裁量说明.

The screen only collects input and shows results: `lawkb.discretion.calculator.Calculator`
does the work, on the knowledge-base thread, in workers (see lawkb.tui.services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lawkb.tui.messages import OpenArticle
from lawkb.tui.services import Services

if TYPE_CHECKING:
    from lawkb.discretion.calculator import Calculation, Calculator, Candidate
    from lawkb.discretion.standard import Factor


class DiscretionScreen(Screen[None]):
    CSS_PATH = "discretion.tcss"
    AUTO_FOCUS = "#disc-query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="discretion.back"),
        Binding("ctrl+y", "copy", "复制裁量说明", id="discretion.copy"),
        Binding("ctrl+o", "open_basis", "查看处罚依据", id="discretion.article"),
        Binding("ctrl+f", "focus_query", "重新查找", id="discretion.find"),
    ]

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_query = query
        self._calc: Calculator | None = None
        self.candidates: list[Candidate] = []
        self.candidate: Candidate | None = None
        self.factors: list[Factor] = []
        self.general: list[Factor] = []
        self.result: Calculation | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        box = Input(
            placeholder="违法行为关键词：超标排放、未批先建、暗管、第1107条 …", id="disc-query"
        )
        box.border_title = "裁量基准计算"
        yield box
        with Horizontal(id="disc-body"):
            with Vertical(id="disc-left"):
                yield Label("候选违法行为", classes="disc-heading")
                yield OptionList(id="disc-candidates")
            with Vertical(id="disc-right"):
                yield Static("", id="disc-warning", markup=False)
                with VerticalScroll(id="disc-inputs"):
                    yield Label("裁量因素", classes="disc-heading")
                    yield Vertical(id="disc-form")
                    yield Label(
                        "从轻、减轻、从重、不予处罚情节（空格勾选）", classes="disc-heading"
                    )
                    yield SelectionList[str](id="disc-general")
                with VerticalScroll(id="disc-output"):
                    yield Static("", id="disc-result")
                    yield Static("", id="disc-explanation", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.initial_query:
            self.query_one("#disc-query", Input).value = self.initial_query
            self.find(self.initial_query)

    # -- the calculator, on the knowledge-base thread ----------------------------------------
    def calc(self) -> Calculator:
        if self._calc is None:
            from lawkb.discretion.calculator import Calculator

            kb = self.services.kb
            self._calc = self.services.kb_thread.call(lambda: Calculator(kb))
        return self._calc

    def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self.services.kb_thread.call(lambda: fn(*args, **kwargs))

    # -- finding ---------------------------------------------------------------------------
    @on(Input.Submitted, "#disc-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.find(event.value.strip())

    def find(self, query: str) -> None:
        self.busy = True
        self.query_one("#disc-candidates", OptionList).loading = True
        self.find_worker(query)

    @work(thread=True, exclusive=True, group="disc-find", exit_on_error=False)
    def find_worker(self, query: str) -> list[Candidate]:
        calc = self.calc()
        return self.call(calc.find, query, 12)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        if event.worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        group = event.worker.group
        error = event.worker.error if event.worker.state == WorkerState.ERROR else None
        if group == "disc-find":
            self.query_one("#disc-candidates", OptionList).loading = False
            self.show_candidates([] if error else event.worker.result, error)  # type: ignore[arg-type]
        elif group == "disc-factors":
            self.show_form(*(([], [], error) if error else (*event.worker.result, None)))  # type: ignore[misc]
        elif group == "disc-calc":
            self.show_result(None if error else event.worker.result, error)  # type: ignore[arg-type]
        else:
            return
        self.busy = False

    def show_candidates(self, candidates: list[Candidate], error: BaseException | None) -> None:
        self.candidates = candidates
        options = self.query_one("#disc-candidates", OptionList)
        options.clear_options()
        if error is not None:
            self.query_one("#disc-result", Static).update(
                Text(f"无法查找：{error}", style="bold red")
            )
            return
        if not candidates:
            self.query_one("#disc-result", Static).update(
                Text("没有匹配的违法行为，换个说法试试。")
            )
            return
        for i, c in enumerate(candidates):
            source = "裁量基准" if c.source == "standard" else "法定幅度"
            label = Text.assemble((c.title, "bold"), "\n", (f"{source} · {c.basis}", "dim"))
            options.add_option(Option(label, id=str(i)))
        options.highlighted = 0
        options.focus()
        self.choose(candidates[0])

    @on(OptionList.OptionSelected, "#disc-candidates")
    @on(OptionList.OptionHighlighted, "#disc-candidates")
    def _candidate(self, event: OptionList.OptionSelected | OptionList.OptionHighlighted) -> None:
        index = int(event.option.id or 0)
        if index < len(self.candidates) and self.candidates[index] is not self.candidate:
            self.choose(self.candidates[index])

    def choose(self, candidate: Candidate) -> None:
        self.candidate = candidate
        self.result = None
        self.busy = True
        self.factors_worker(candidate)

    @work(thread=True, exclusive=True, group="disc-factors", exit_on_error=False)
    def factors_worker(self, candidate: Candidate) -> tuple[list[Factor], list[Factor]]:
        calc = self.calc()
        return self.call(calc.factors, candidate), self.call(calc.general_factors)

    # -- the form ----------------------------------------------------------------------------
    def show_form(
        self, factors: list[Factor], general: list[Factor], error: BaseException | None
    ) -> None:
        form = self.query_one("#disc-form", Vertical)
        general_box = self.query_one("#disc-general", SelectionList)
        form.remove_children()
        general_box.clear_options()
        self.factors, self.general = factors, general
        c = self.candidate
        warning = ""
        if c is not None and c.sample:
            warning = "所用裁量基准为示例：示例，非官方标准，不得用于实际案件"
        self.query_one("#disc-warning", Static).update(warning)
        if error is not None:
            self.query_one("#disc-result", Static).update(
                Text(f"无法读取因素：{error}", style="bold red")
            )
            return
        if not factors:
            form.mount(Static("（该行没有裁量因素：按法定幅度）", classes="disc-none"))
        for i, f in enumerate(factors):
            row = Horizontal(classes="disc-field")
            form.mount(row)
            row.mount(Label(f.question or f.name, classes="disc-label"))
            if f.kind == "是否":
                row.mount(Select([("是", "是"), ("否", "否")], prompt="请选择", id=f"factor-{i}"))
            elif f.kind == "选项":
                row.mount(Select([(o, o) for o in f.options], prompt="请选择", id=f"factor-{i}"))
            else:
                placeholder = f"数值（{f.unit}）" if f.unit else "数值"
                row.mount(Input(placeholder=placeholder, type="number", id=f"factor-{i}"))
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
        if self.candidate is None:
            return
        self.busy = True
        self.calc_worker(self.candidate, self.facts())

    @work(thread=True, exclusive=True, group="disc-calc", exit_on_error=False)
    def calc_worker(self, candidate: Candidate, facts: dict[str, str]) -> Calculation:
        calc = self.calc()
        return self.call(calc.calculate, candidate, facts, "")

    # -- the answer --------------------------------------------------------------------------
    def show_result(self, result: Calculation | None, error: BaseException | None) -> None:
        self.result = result
        out = self.query_one("#disc-result", Static)
        explanation = self.query_one("#disc-explanation", Static)
        if error is not None or result is None:
            message = getattr(error, "message", None) or str(error)
            out.update(Text(f"无法计算：{message}", style="bold yellow"))
            explanation.update("")
            return
        out.update(result_text(result))
        explanation.update(result.explanation)

    # -- actions -----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_query(self) -> None:
        self.query_one("#disc-query", Input).focus()

    def action_copy(self) -> None:
        if self.result is not None:
            self.app.copy_to_clipboard(self.result.explanation)
            self.notify("裁量说明已复制")

    def action_open_basis(self) -> None:
        if self.result is None:
            return
        refs = [a.ref for a in self.result.articles if a.role == "处罚依据"]
        if refs:
            self.post_message(OpenArticle(refs[0]))


def result_text(r: Calculation) -> Text:
    """The answer as the officer reads it: tier and why, range, flags, bases, rules."""
    t = Text()
    if r.tier:
        t.append("阶次：", style="bold")
        t.append(r.tier, style="bold reverse")
        t.append("  因为：" + "；".join(r.why) + "\n")
    else:
        t.append("阶次：无  ", style="bold")
        t.append(r.fallback_reason + "\n", style="yellow")
    for q in r.missing:
        t.append(f"  待回答：{q}\n", style="yellow")
    if r.fine:
        t.append("罚款幅度：", style="bold")
        t.append(r.fine.text + "\n", style="bold green")
    if r.major:
        t.append(f"重大行政处罚：{r.major_note}\n", style="bold red")
    for w in r.warnings:
        if "示例" not in w:
            t.append(f"注意：{w}\n", style="yellow")
    t.append("法定处罚：" + "；".join(r.statutory) + "\n")
    t.append("处罚种类：" + "、".join(r.kinds) + "\n")
    for a in r.articles:
        t.append(f"{a.role}：{a.citation}\n", style="bold")
        t.append(a.text + "\n", style="dim")
    rules = [x for x in r.rules if x.triggered]
    for x in rules:
        t.append(f"可能适用：{x.title}（{'、'.join(x.citations)}）\n", style="cyan")
    return t
