"""One quiz question on screen: stem, options to pick with the letter keys, feedback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from lawkb.i18n import _
from lawkb.quiz.models import LETTERS, Graded, PaperItem, QuestionType
from lawkb.tui.css import widget_css


def explanation_text(explanation: str, highlights: list[tuple[int, int]]) -> Text:
    """The explanation with the tested words highlighted (the article's own words)."""
    text = Text(explanation)
    for start, end in highlights:
        text.stylize("bold reverse", start, end)
    return text


class QuestionCard(VerticalScroll, can_focus=True):
    """Shows a PaperItem. The screen owns the keys: it calls toggle() and response()."""

    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: PaperItem | None = None
        self.selected: set[str] = set()
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Static("", id="qc-head", markup=False)
        yield Static("", id="qc-stem", markup=False)
        yield Static("", id="qc-options", markup=False)
        yield Input(placeholder=_("在此填写答案，回车提交"), id="qc-cloze")
        yield Static("", id="qc-feedback", markup=False)

    def show(
        self,
        item: PaperItem,
        index: int,
        total: int,
        response: list[str] | None = None,
        graded: Graded | None = None,
    ) -> None:
        self.item = item
        q = item.question
        self.selected = set(response or []) if q.type is not QuestionType.CLOZE else set()
        self.locked = graded is not None
        head = _("第 {value} / {total} 题 · {label} · {points:g} 分").format(
            value=index + 1, total=total, label=q.type.label, points=item.points
        )
        if q.is_old_law:
            head += _(" · 旧法（已废止）")
        self.query_one("#qc-head", Static).update(head)
        self.query_one("#qc-stem", Static).update(q.stem)
        cloze = self.query_one("#qc-cloze", Input)
        cloze.display = q.type is QuestionType.CLOZE
        cloze.value = "；".join(response or []) if q.type is QuestionType.CLOZE else ""
        cloze.disabled = self.locked
        self._render_options()
        if graded is not None:
            self.show_feedback(graded)
        else:
            self.query_one("#qc-feedback", Static).update("")
        self.scroll_home(animate=False)

    def _render_options(self) -> None:
        q = self.item.question if self.item else None
        options = self.query_one("#qc-options", Static)
        if q is None or q.type is QuestionType.CLOZE:
            options.update("")
            return
        multi = q.type is QuestionType.MULTI
        text = Text()
        for i, option in enumerate(q.options):
            letter = LETTERS[i]
            on = letter in self.selected
            box = ("[✓]" if on else "[ ]") if multi else ("(●)" if on else "( )")
            line = Text(f"{box} {letter}. {option}\n", style="bold" if on else "")
            text.append_text(line)
        text.append(
            _("按字母选择（多选可选多个），回车提交") if not self.locked else "", style="dim"
        )
        options.update(text)

    def toggle(self, letter: str) -> None:
        if self.item is None or self.locked:
            return
        q = self.item.question
        if q.type is QuestionType.CLOZE or letter not in LETTERS[: len(q.options)]:
            return
        if q.type is QuestionType.MULTI:
            self.selected ^= {letter}
        else:
            self.selected = {letter}
        self._render_options()

    def response(self) -> list[str]:
        if self.item is None:
            return []
        if self.item.question.type is QuestionType.CLOZE:
            value = self.query_one("#qc-cloze", Input).value.strip()
            return [v.strip() for v in value.replace(";", "；").split("；") if v.strip()]
        return sorted(self.selected)

    def show_feedback(self, graded: Graded) -> None:
        q = graded.question
        self.locked = True
        self._render_options()
        verdict = (
            Text(_("✓ 回答正确\n"), style="bold green")
            if graded.correct
            else Text(
                _("✗ 回答错误，正确答案：{answer_text}\n").format(answer_text=q.answer_text),
                style="bold red",
            )
        )
        verdict.append_text(explanation_text(q.explanation, q.highlights))
        verdict.append(
            _("\n依据：{citation}（按 o 打开条文）").format(citation=q.source.citation), style="dim"
        )
        self.query_one("#qc-feedback", Static).update(verdict)
