"""The quiz screen driven through Pilot: a whole mock exam to its score, and practice."""

from __future__ import annotations

import sqlite3

from tui_support import SIZE, copy_home, make_app, wait_for, wait_ready

from lawkb.kb import KnowledgeBase
from lawkb.quiz.models import QuestionType
from lawkb.tui import registry
from lawkb.tui.screens.quiz import QuizScreen
from lawkb.tui.screens.reader import ReaderScreen

SMALL = """\
name: small
title: 测试小卷
minutes: 10
pass_mark: 6
sections:
  - {type: 单选, count: 4, points: 1}
  - {type: 多选, count: 2, points: 2}
  - {type: 判断, count: 2, points: 1}
"""


def home_with_trainee(corpus_kb, tmp_path):
    home = copy_home(corpus_kb.home, tmp_path / "home")
    kb = KnowledgeBase(home)
    kb.records.add_officer("T001", "测试学员", role="trainee")
    kb.records.close()
    (home / "quizzes" / "templates").mkdir(parents=True)
    (home / "quizzes" / "templates" / "small.yaml").write_text(SMALL, encoding="utf-8")
    return home


async def open_quiz(pilot) -> QuizScreen:
    (feature,) = [f for f in registry.available(article_open=False) if "模拟考试" in f.title]
    pilot.app.open_feature(feature)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuizScreen), "the quiz screen")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query("#officer"), "the quiz form")
    await pilot.click("#officer")
    await pilot.press(*"T001")
    return screen


def text_of(screen, selector: str) -> str:
    return screen.query_one(selector).render().plain


async def test_a_mock_exam_runs_to_its_score(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        screen.query_one("#template").value = "small"
        await pilot.click("#start-exam")
        await wait_for(pilot, lambda: screen.pane == "run", "the paper", timeout=30)
        session = screen.session
        assert len(session) == 8
        assert "剩余 10:00" in text_of(screen, "#run-bar") or "剩余 09:5" in text_of(
            screen, "#run-bar"
        )
        svg = app.export_screenshot()
        assert "模拟考试" in svg
        expected = 0.0
        for i in range(len(session)):
            await wait_for(pilot, lambda i=i: screen.index == i, f"question {i + 1}")
            q = session.question(i)
            assert q.type is not QuestionType.CLOZE
            if i < 2:  # the first two (单选) answered wrong on purpose
                letters = [next(c for c in "ABCD" if [c] != q.answer)]
            else:
                letters = q.answer
                expected += session.items[i].points
            for letter in letters:
                await pilot.press(letter.lower())
            await pilot.press("enter")
        await wait_for(pilot, lambda: session.answered_count == 8, "all answered")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)
        result = screen.result
        assert (result.score, result.max_score, result.passed) == (expected, 10, True)
        score = text_of(screen, "#result-score")
        assert f"得分 {expected:g} / 10" in score and "及格" in score
        wrong_table = screen.query_one("#result-wrong")
        assert wrong_table.row_count == 2
        # the wrong answer's article opens in the reader
        first_wrong = result.wrong[0].question.source.ref
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert app.screen.ref == first_wrong
    db = sqlite3.connect(home / "records.db")
    row = db.execute("SELECT mode, template, score, passed, correct FROM quiz_attempts").fetchone()
    assert row == ("exam", "small", expected, 1, 6)
    book = db.execute("SELECT COUNT(*) FROM quiz_wrong_book WHERE officer_id = 'T001'").fetchone()
    assert book == (2,)


async def test_practice_gives_feedback_at_once(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        screen.query_one("#law").value = "行政处罚法"
        await pilot.click("#start-practice")
        await wait_for(pilot, lambda: screen.pane == "run", "the practice round", timeout=30)
        session = screen.session
        q = session.question(0)
        if q.type is QuestionType.CLOZE:  # the answer box has the focus: type into it
            screen.query_one("#qc-cloze").value = "不是这个"
            await pilot.press("enter")
        else:
            wrong = next(c for c in "ABCDE"[: len(q.options)] if [c] != q.answer)
            await pilot.press(wrong.lower(), "enter")
        feedback = text_of(screen, "#qc-feedback")
        assert "回答错误" in feedback and q.answer_text in feedback
        assert q.source.citation in feedback
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)
        assert f"已答 1 / {len(session)} 题，答对 0 题" in text_of(screen, "#result-score")
        # the wrong-answer book lists it
        await pilot.press("escape")
        await pilot.click("#show-book")
        await wait_for(pilot, lambda: screen.pane == "book", "the wrong-answer book")
        assert screen.query_one("#book-table").row_count == 1
        assert screen.book[0].question.id == q.id
