"""Practice, mock exams, the wrong-answer book and due review (行政执法人员资格考试).

Practice shows each answer's feedback and explanation at once. A mock exam draws a fresh
paper from a template, runs a visible countdown and hands in by itself when time is up; the
result shows the score, pass or fail and every wrong answer with its article. All library
calls run in workers on the knowledge-base thread (see lawkb.tui.services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from lawkb.quiz.models import AttemptResult, Question, QuestionType
from lawkb.tui.messages import OpenArticle, RecordsQueueChanged
from lawkb.tui.records_queue import RecordsQueue
from lawkb.tui.screens.hours import ScreenCommands
from lawkb.tui.screens.search import SearchScreen
from lawkb.tui.services import Services
from lawkb.tui.widgets.question_card import QuestionCard, explanation_text

if TYPE_CHECKING:
    from lawkb.quiz.service import QuizService
    from lawkb.quiz.session import QuizSession

PRACTICE_COUNT = 10


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 60:02d}:{s % 60:02d}"


class QuestionSearchScreen(SearchScreen):
    """The search screen opened on a quiz question; Esc goes back to the quiz."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回测验", id="quiz_search.back"),
    ]

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.initial_text = text

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#query", Input).value = self.initial_text

    def action_back(self) -> None:
        self.dismiss()


class QuizScreen(Screen[None]):
    CSS_PATH = "quiz.tcss"
    AUTO_FOCUS = "#officer"
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="quiz.back"),
        Binding("enter", "answer", "提交本题", id="quiz.answer"),
        Binding("n,right,pagedown", "next", "下一题", id="quiz.next"),
        Binding("p,left,pageup", "prev", "上一题", id="quiz.prev"),
        Binding("ctrl+s", "finish", "交卷 / 结束", id="quiz.finish"),
        Binding("o", "open_article", "查看条文", id="quiz.article"),
        Binding("s", "search_question", "搜索本题", id="quiz.search"),
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
                yield Static("练习与模拟考试", id="setup-title")
                with Horizontal(classes="field"):
                    yield Label("执法证号")
                    yield Input(placeholder="登记过的执法证号或工号", id="officer")
                with Horizontal(classes="field"):
                    yield Label("练习范围")
                    yield Input(placeholder="法规名称（空：全部现行法规）", id="law")
                    yield Input(placeholder="或检索主题，如 按日连续处罚", id="topic")
                with Horizontal(classes="field"):
                    yield Label("试卷模板")
                    yield Input(value="default", id="template")
                with Horizontal(id="setup-buttons"):
                    yield Button("练习", id="start-practice", variant="primary")
                    yield Button("薄弱条文", id="start-weak")
                    yield Button("到期复习", id="start-review")
                    yield Button("模拟考试", id="start-exam", variant="warning")
                    yield Button("错题本", id="show-book")
                yield Static("", id="setup-msg", markup=False)
            with Vertical(id="run"):
                yield Static("", id="run-bar", markup=False)
                yield QuestionCard(id="card")
            with Vertical(id="result"):
                yield Static("", id="result-score", markup=False)
                yield DataTable(id="result-wrong", cursor_type="row", zebra_stripes=True)
                yield Static("", id="result-detail", markup=False)
            with Vertical(id="book"):
                yield Static("错题本", id="book-title", markup=False)
                yield DataTable(id="book-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="book-detail", markup=False)
        yield Static("", id="records-pending", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#records-pending").display = False
        self.refresh_queue()

    # -- attempts waiting for the records server ---------------------------------------------
    @work(thread=True, exclusive=True, group="records-queue", exit_on_error=False)
    def refresh_queue(self) -> None:
        queue = self.services.records_queue()
        self.app.call_from_thread(self.show_queue, queue)

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
            kb = self.services.kb
            self._quiz = self.services.kb_thread.call(kb.quiz_service)
        return self._quiz

    def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self.services.kb_thread.call(lambda: fn(*args, **kwargs))

    def message(self, text: str) -> None:
        self.query_one("#setup-msg", Static).update(text)

    # -- starting ---------------------------------------------------------------------------
    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        officer = self.query_one("#officer", Input).value.strip()
        if not officer:
            self.message("请先填写执法证号（在“学时”中登记的学员）。")
            self.query_one("#officer", Input).focus()
            return
        if self.busy:
            return
        self.busy = True
        self.message("请稍候……")
        law = self.query_one("#law", Input).value.strip() or None
        topic = self.query_one("#topic", Input).value.strip() or None
        template = self.query_one("#template", Input).value.strip() or "default"
        kind = event.button.id or ""
        if kind == "show-book":
            self.load_book(officer)
        else:
            self.start(kind, officer, law, topic, template)

    @work(thread=True, exclusive=True, group="quiz-start", exit_on_error=False)
    def start(self, kind: str, officer: str, law: str | None, topic: str | None, template: str):
        from lawkb.quiz.service import PracticeScope

        quiz = self.quiz()
        if kind == "start-exam":
            return self.call(quiz.start_exam, officer, template)
        if kind == "start-review":
            return self.call(quiz.start_review, officer)
        scope = PracticeScope(law=law, topic=topic, weak=kind == "start-weak")
        return self.call(quiz.start_practice, officer, scope, count=PRACTICE_COUNT)

    @work(thread=True, exclusive=True, group="quiz-book", exit_on_error=False)
    def load_book(self, officer: str) -> list[Any]:
        return self.call(self.quiz().wrong_book, officer)

    @work(thread=True, exclusive=True, group="quiz-submit", exit_on_error=False)
    def submit(self) -> AttemptResult:
        return self.call(self.quiz().submit, self.session)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        group, state = event.worker.group, event.worker.state
        if not group.startswith("quiz-") or state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.busy = False
        if state == WorkerState.ERROR:
            error = event.worker.error
            if group == "quiz-submit":
                self.notify(f"无法保存：{error}", severity="error", timeout=10)
                self.switch("setup")
            self.message(str(error))
            return
        result = event.worker.result
        if group == "quiz-start":
            self.begin(result)
        elif group == "quiz-book":
            self.show_book(result)
        elif group == "quiz-submit":
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
        mode = {"exam": "模拟考试", "practice": "练习", "review": "到期复习"}[s.mode]
        bar = Text(f"{mode} · 已答 {s.answered_count}/{len(s)}")
        remaining = s.remaining()
        if remaining is not None:
            bar.append("  ·  剩余 ")
            bar.append(clock_text(remaining), style="bold red" if remaining < 300 else "bold")
            if remaining <= 0:
                self.notify("考试时间到，已自动交卷。", timeout=5)
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
            self.notify("请先选择或填写答案", timeout=2)
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
            self.notify("已是最后一题；按 Ctrl+S 交卷", timeout=3)

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
            self.notify(f"还有 {unanswered} 题未答。再按 Ctrl+S 确认交卷。", timeout=5)
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
        score = Text()
        if result.mode == "exam":
            verdict = "及格" if result.passed else "不及格"
            score.append(f"得分 {result.score:g} / {result.max_score:g}  ", style="bold")
            score.append(verdict, style="bold green" if result.passed else "bold red")
            score.append(f"（{result.pass_mark:g} 分及格）")
        answered, total = result.answered_count, max(result.questions, len(result.graded))
        lead = "\n" if score.plain else ""
        score.append(
            f"{lead}已答 {answered} / {total} 题，答对 {result.correct_count} 题", style="bold"
        )
        if result.unanswered_count:
            score.append(f"，未答 {result.unanswered_count} 题（不计入错题本）")
        score.append(
            f"\n错题 {len(result.wrong)} 道已记入错题本并安排复习；计入学习时间 "
            f"{result.study_minutes} 分钟。选中一行看解析，按 o 打开条文。"
        )
        self.query_one("#result-score", Static).update(score)
        table = self.query_one("#result-wrong", DataTable)
        table.clear(columns=True)
        for col in ("题号", "题型", "你的答案", "正确答案", "依据"):
            table.add_column(col)
        for n, g in enumerate(result.graded, start=1):
            if g.correct:
                continue
            given = "、".join(g.response) or "（未答）"
            table.add_row(
                str(n),
                g.question.type.label,
                given,
                g.question.answer_text[:30],
                g.question.source.citation,
                key=f"{n}",
            )
        all_right = not result.wrong and not result.unanswered_count
        self.query_one("#result-detail", Static).update("全部答对！" if all_right else "")
        self.switch("result")
        table.focus()

    @on(DataTable.RowHighlighted, "#result-wrong")
    def _wrong_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.result is None or event.row_key.value is None:
            return
        g = self.result.graded[int(event.row_key.value) - 1]
        q = g.question
        detail = Text(q.stem + "\n", style="bold")
        detail.append_text(explanation_text(q.explanation, q.highlights))
        self.query_one("#result-detail", Static).update(detail)

    def show_book(self, entries: list[Any]) -> None:
        self.book = entries
        self.message("")
        table = self.query_one("#book-table", DataTable)
        table.clear(columns=True)
        for col in ("依据", "题型", "错次", "题干"):
            table.add_column(col)
        for i, e in enumerate(entries):
            q = e.question
            table.add_row(q.source.citation, q.type.label, str(e.misses), q.stem[:40], key=str(i))
        title = f"错题本：{len(entries)} 道未掌握的错题" if entries else "错题本是空的。"
        self.query_one("#book-title", Static).update(title)
        self.switch("book")
        table.focus()

    @on(DataTable.RowHighlighted, "#book-table")
    def _book_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None or not self.book:
            return
        q = self.book[int(event.row_key.value)].question
        detail = Text(q.stem + "\n", style="bold")
        detail.append(f"答案：{q.answer_text}\n")
        detail.append_text(explanation_text(q.explanation, q.highlights))
        self.query_one("#book-detail", Static).update(detail)

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
            self.notify("作答后可以搜索本题（模拟考试中不可用）", timeout=3)
            return
        from lawkb.quiz.render import search_text

        self.app.push_screen(QuestionSearchScreen(self.services, search_text(q)))

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("测验：搜索本题", "用题干和选项搜索法条，作答后可用 (s)", self.action_search_question)
        ]

    def action_back(self) -> None:
        if self.pane == "run" and self.session is not None:
            self.notify("按 Ctrl+S 交卷或结束练习", timeout=3)
            return
        if self.pane != "setup":
            self.switch("setup")
            return
        self.dismiss()
