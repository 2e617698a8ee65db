"""Practice, mock exams, the wrong-answer book and due review (行政执法人员资格考试).

Practice shows each answer's feedback and explanation at once. A mock exam draws a fresh
paper from a template, runs a visible countdown and hands in by itself when time is up; the
result shows the score, pass or fail and every wrong answer with its article. All library
calls run in workers on the knowledge-base thread (see lawkb.tui.services).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Input, Label, Static

from lawkb.i18n import _
from lawkb.quiz.models import AttemptResult, Question, QuestionType
from lawkb.quiz.render import search_text
from lawkb.quiz.service import PracticeScope, QuizService
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle, RecordsQueueChanged
from lawkb.tui.palette import ScreenCommands
from lawkb.tui.records_queue import RecordsQueue
from lawkb.tui.screens.question_search import QuestionSearchScreen
from lawkb.tui.screens.quiz_results import (
    book_detail,
    fill_book_table,
    fill_wrong_table,
    score_text,
    wrong_detail,
)
from lawkb.tui.services import Services
from lawkb.tui.widgets.question_card import QuestionCard

if TYPE_CHECKING:
    from lawkb.quiz.session import QuizSession

PRACTICE_COUNT = 10
R = TypeVar("R")


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 60:02d}:{s % 60:02d}"


def _ignore(_error: BaseException) -> None:
    """The waiting count is a courtesy: a records server that cannot be asked is not news."""


class QuizScreen(Jobs, Screen[None]):
    CSS_PATH = "quiz.tcss"
    AUTO_FOCUS = "#officer"
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("返回"), id="quiz.back"),
        Binding("enter", "answer", _("提交本题"), id="quiz.answer"),
        Binding("n,right,pagedown", "next", _("下一题"), id="quiz.next"),
        Binding("p,left,pageup", "prev", _("上一题"), id="quiz.prev"),
        Binding("ctrl+s", "finish", _("交卷 / 结束"), id="quiz.finish"),
        Binding("o", "open_article", _("查看条文"), id="quiz.article"),
        Binding("s", "search_question", _("搜索本题"), id="quiz.search"),
        *[
            Binding(k, f"choose('{k.upper()}')", k.upper(), id=f"quiz.choose_{k}", show=False)
            for k in "abcde"
        ],
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._quiz: QuizService | None = None
        self.session: QuizSession | None = None
        self.index = 0
        self.result: AttemptResult | None = None
        self.timer: Timer | None = None
        self.busy = False
        self.book: list[Any] = []
        self._confirming = False  # Ctrl+S pressed once with questions unanswered

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="setup", id="panes"):
            with Vertical(id="setup"):
                yield Static(_("练习与模拟考试"), id="setup-title")
                with Horizontal(classes="field"):
                    yield Label(_("执法证号"))
                    yield Input(placeholder=_("登记过的执法证号或工号"), id="officer")
                with Horizontal(classes="field"):
                    yield Label(_("练习范围"))
                    yield Input(placeholder=_("法规名称（空：全部现行法规）"), id="law")
                    yield Input(placeholder=_("或检索主题，如 按日连续处罚"), id="topic")
                with Horizontal(classes="field"):
                    yield Label(_("试卷模板"))
                    yield Input(value="default", id="template")
                with Horizontal(id="setup-buttons"):
                    yield Button(_("练习"), id="start-practice", variant="primary")
                    yield Button(_("薄弱条文"), id="start-weak")
                    yield Button(_("到期复习"), id="start-review")
                    yield Button(_("模拟考试"), id="start-exam", variant="warning")
                    yield Button(_("错题本"), id="show-book")
                yield Static("", id="setup-msg", markup=False)
            with Vertical(id="run"):
                yield Static("", id="run-bar", markup=False)
                yield QuestionCard(id="card")
            with Vertical(id="result"):
                yield Static("", id="result-score", markup=False)
                yield DataTable(id="result-wrong", cursor_type="row", zebra_stripes=True)
                yield Static("", id="result-detail", markup=False)
            with Vertical(id="book"):
                yield Static(_("错题本"), id="book-title", markup=False)
                yield DataTable(id="book-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="book-detail", markup=False)
        yield Static("", id="records-pending", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#records-pending").display = False
        self.refresh_queue()

    # -- attempts waiting for the records server ---------------------------------------------
    def refresh_queue(self) -> None:
        self.run_job("records-queue", self.services.records_queue, self.show_queue, _ignore)

    def on_records_queue_changed(self, message: RecordsQueueChanged) -> None:
        if isinstance(message.queue, RecordsQueue):
            self.show_queue(message.queue)

    def show_queue(self, queue: RecordsQueue) -> None:
        line = self.query_one("#records-pending", Static)
        line.update(queue.line)
        line.display = bool(queue.line)

    @property
    def pane(self) -> str:
        return self.query_one("#panes", ContentSwitcher).current or "setup"

    def switch(self, pane: str) -> None:
        self.query_one("#panes", ContentSwitcher).current = pane
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer", "next", "prev", "choose"):
            return self.pane == "run" and self.session is not None
        if action == "finish":
            return self.pane == "run" and self.session is not None
        if action == "open_article":  # during a timed exam the article would give the answer
            if self.pane == "run" and self.session is not None and self.session.mode == "exam":
                return False
            return self.pane in ("run", "result", "book")
        if action == "search_question":
            return self.pane in ("run", "result", "book")
        return True

    # -- the service, on the knowledge-base thread ------------------------------------------
    def quiz(self) -> QuizService:
        if self._quiz is None:
            self._quiz = self.services.run(lambda kb: kb.quiz_service())
        return self._quiz

    def call(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        return self.services.run(lambda _kb: fn(*args, **kwargs))

    def message(self, text: str) -> None:
        self.query_one("#setup-msg", Static).update(text)

    # -- starting ---------------------------------------------------------------------------
    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        officer = self.query_one("#officer", Input).value.strip()
        if not officer:
            self.message(_("请先填写执法证号（在“学时”中登记的学员）。"))
            self.query_one("#officer", Input).focus()
            return
        if self.busy:
            return
        self.busy = True
        self.message(_("请稍候……"))
        law = self.query_one("#law", Input).value.strip() or None
        topic = self.query_one("#topic", Input).value.strip() or None
        template = self.query_one("#template", Input).value.strip() or "default"
        kind = event.button.id or ""
        if kind == "show-book":
            book = lambda: self.call(self.quiz().wrong_book, officer)  # noqa: E731
            self.run_job("quiz-book", book, self._quiz_done(self.show_book), self._quiz_failed)
        else:
            start = lambda: self.start(kind, officer, law, topic, template)  # noqa: E731
            self.run_job("quiz-start", start, self._quiz_done(self.begin), self._quiz_failed)

    def start(
        self, kind: str, officer: str, law: str | None, topic: str | None, template: str
    ) -> QuizSession:
        """A practice, review or exam session (on a job)."""
        quiz = self.quiz()
        if kind == "start-exam":
            return self.call(quiz.start_exam, officer, template)
        if kind == "start-review":
            return self.call(quiz.start_review, officer)
        scope = PracticeScope(law=law, topic=topic, weak=kind == "start-weak")
        return self.call(quiz.start_practice, officer, scope, count=PRACTICE_COUNT)

    def submit(self) -> None:
        session = self.session
        self.run_job(
            "quiz-submit",
            lambda: self.call(self.quiz().submit, session),
            self._quiz_done(self._submitted),
            self._submit_failed,
        )

    def _quiz_done(self, then: Callable[[R], None]) -> Callable[[R], None]:
        def done(result: R) -> None:
            self.busy = False
            then(result)

        return done

    def _quiz_failed(self, error: BaseException) -> None:
        self.busy = False
        self.message(str(error))

    def _submit_failed(self, error: BaseException) -> None:
        self.notify(_("无法保存：{error}").format(error=error), severity="error", timeout=10)
        self.switch("setup")
        self._quiz_failed(error)

    def _submitted(self, result: AttemptResult) -> None:
        self.show_result(result)
        self.refresh_queue()  # the attempt went to the server, or waits for it

    # -- running ----------------------------------------------------------------------------
    def begin(self, session: QuizSession) -> None:
        self.session = session
        self.result = None
        self.index = 0
        self.message("")
        self.switch("run")
        if session.time_limit is not None:
            self.timer = self.set_interval(1.0, self.tick)
        self.show_question()

    def show_question(self) -> None:
        s = self.session
        if s is None:
            return
        s.show(self.index)
        graded = s._graded.get(self.index) if s.mode != "exam" else None
        response = s._responses.get(self.index)
        if isinstance(response, str):
            response = [response]
        card = self.query_one(QuestionCard)
        card.show(s.items[self.index], self.index, len(s), response, graded)
        if s.question(self.index).type is QuestionType.CLOZE and graded is None:
            self.query_one("#qc-cloze", Input).focus()
        else:
            card.focus()
        self.tick()

    def tick(self) -> None:
        s = self.session
        if s is None or self.pane != "run":
            return
        mode = {"exam": _("模拟考试"), "practice": _("练习"), "review": _("到期复习")}[s.mode]
        bar = Text(
            _("{mode} · 已答 {answered_count}/{n_s}").format(
                mode=mode, answered_count=s.answered_count, n_s=len(s)
            )
        )
        remaining = s.remaining()
        if remaining is not None:
            bar.append(_("  ·  剩余 "))
            bar.append(clock_text(remaining), style="bold red" if remaining < 300 else "bold")
            if remaining <= 0:
                self.notify(_("考试时间到，已自动交卷。"), timeout=5)
                self.finish(confirmed=True)
                return
        self.query_one("#run-bar", Static).update(bar)

    def action_choose(self, letter: str) -> None:
        self.query_one(QuestionCard).toggle(letter)

    @on(Input.Submitted, "#qc-cloze")
    def _cloze_submitted(self) -> None:
        self.action_answer()

    def action_answer(self) -> None:
        self._confirming = False
        s = self.session
        if s is None:
            return
        card = self.query_one(QuestionCard)
        response = card.response()
        if not response:
            self.notify(_("请先选择或填写答案"), timeout=2)
            return
        if s.mode != "exam" and self.index in s._graded:
            self.action_next()
            return
        try:
            graded = s.answer(self.index, response)
        except Exception as exc:  # time is up, or already handed in
            self.notify(str(exc), severity="warning")
            return
        if s.mode == "exam":
            self.action_next()  # no feedback during an exam
        else:
            card.show_feedback(graded)
            card.focus()
        self.tick()

    def action_next(self) -> None:
        if self.session is None:
            return
        if self.index + 1 < len(self.session):
            self.index += 1
            self.show_question()
        elif self.session.mode != "exam" and self.session.answered_count == len(self.session):
            self.action_finish()
        else:
            self.notify(_("已是最后一题；按 Ctrl+S 交卷"), timeout=3)

    def action_prev(self) -> None:
        if self.session is not None and self.index > 0:
            self.index -= 1
            self.show_question()

    def action_finish(self) -> None:
        """Ctrl+S: in a mock exam with questions unanswered, the first press says how many
        and asks for a second; the paper is handed in on the second. Practice just ends."""
        self.finish(confirmed=self._confirming)

    def finish(self, confirmed: bool = False) -> None:
        s = self.session
        if s is None or self.busy:
            return
        unanswered = len(s) - s.answered_count
        if unanswered and not confirmed and s.mode == "exam":
            self._confirming = True
            self.notify(
                _("还有 {unanswered} 题未答。再按 Ctrl+S 确认交卷。").format(unanswered=unanswered),
                timeout=5,
            )
            return
        self._confirming = False
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.session.answered_count == 0 and self.session.mode != "exam":
            self.session = None
            self.switch("setup")
            return
        self.busy = True
        self.submit()

    # -- results ----------------------------------------------------------------------------
    def show_result(self, result: AttemptResult) -> None:
        self.result = result
        self.session = None
        self.query_one("#result-score", Static).update(score_text(result))
        table = self.query_one("#result-wrong", DataTable)
        fill_wrong_table(table, result, self.size.width or self.app.size.width)
        all_right = not result.wrong and not result.unanswered_count
        self.query_one("#result-detail", Static).update(_("全部答对！") if all_right else "")
        self.switch("result")
        table.focus()

    @on(DataTable.RowHighlighted, "#result-wrong")
    def _wrong_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.result is None or event.row_key.value is None:
            return
        g = self.result.graded[int(event.row_key.value) - 1]
        self.query_one("#result-detail", Static).update(wrong_detail(g.question))

    def show_book(self, entries: list[Any]) -> None:
        self.book = entries
        self.message("")
        table = self.query_one("#book-table", DataTable)
        fill_book_table(table, entries, self.size.width or self.app.size.width)
        title = (
            _("错题本：{n_entries} 道未掌握的错题").format(n_entries=len(entries))
            if entries
            else _("错题本是空的。")
        )
        self.query_one("#book-title", Static).update(title)
        self.switch("book")
        table.focus()

    @on(DataTable.RowHighlighted, "#book-table")
    def _book_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None or not self.book:
            return
        q = self.book[int(event.row_key.value)].question
        self.query_one("#book-detail", Static).update(book_detail(q))

    # -- navigation ---------------------------------------------------------------------------
    def current_ref(self) -> str | None:
        if self.pane == "run" and self.session is not None:
            return self.session.question(self.index).source.ref
        if self.pane == "result" and self.result is not None:
            table = self.query_one("#result-wrong", DataTable)
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                return self.result.graded[int(key) - 1].question.source.ref
        if self.pane == "book" and self.book:
            table = self.query_one("#book-table", DataTable)
            if table.row_count:
                return self.book[table.cursor_row].question.source.ref
        return None

    def action_open_article(self) -> None:
        ref = self.current_ref()
        if ref:
            self.post_message(OpenArticle(ref))

    def answered_question(self) -> Question | None:
        """The question whose answer is known: answered in practice, or picked in the result
        or the wrong-answer book. None during an exam (no help while it runs)."""
        s = self.session
        if self.pane == "run" and s is not None:
            return s.question(self.index) if s.mode != "exam" and self.index in s._graded else None
        ref = self.current_ref()
        if self.pane == "result" and self.result is not None:
            return next(
                (g.question for g in self.result.graded if g.question.source.ref == ref), None
            )
        if self.pane == "book" and self.book:
            table = self.query_one("#book-table", DataTable)
            return self.book[table.cursor_row].question if table.row_count else None
        return None

    def action_search_question(self) -> None:
        """Search with the stem and the options: it finds the deciding article far more often
        than the stem alone."""
        q = self.answered_question()
        if q is None:
            self.notify(_("作答后可以搜索本题（模拟考试中不可用）"), timeout=3)
            return
        self.app.push_screen(QuestionSearchScreen(self.services, search_text(q)))

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (
                _("测验：搜索本题"),
                _("用题干和选项搜索法条，作答后可用 (s)"),
                self.action_search_question,
            )
        ]

    def action_back(self) -> None:
        if self.pane == "run" and self.session is not None:
            self.notify(_("按 Ctrl+S 交卷或结束练习"), timeout=3)
            return
        if self.pane != "setup":
            self.switch("setup")
            return
        self.dismiss()
