"""Mock exam rules (issue 11): no source article during the exam, Ctrl+S asks first when
questions are unanswered, and unanswered questions are counted but not put in the 错题本."""

from __future__ import annotations

import sqlite3

from test_tui_quiz import home_with_trainee, open_quiz, text_of
from tui_support import SIZE, make_app, wait_for, wait_ready

from lawkb.tui.screens.quiz import QuizScreen
from lawkb.tui.screens.reader import ReaderScreen


async def test_exam_hides_the_article_and_confirms_an_early_hand_in(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        screen.query_one("#template").value = "small"
        await pilot.click("#start-exam")
        await wait_for(pilot, lambda: screen.pane == "run", "the paper", timeout=30)
        session = screen.session
        # `o` would show the article, and with it the answer: nothing opens during the exam
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and screen.pane == "run"
        # answer the first question wrongly, leave the other seven
        q = session.question(0)
        await pilot.press(next(c for c in "ABCD" if [c] != q.answer).lower(), "enter")
        await wait_for(pilot, lambda: session.answered_count == 1, "one answer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.pane == "run"  # not handed in: it asked first
        assert any("7 题未答" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)
        score = text_of(screen, "#result-score")
        assert "未答 7 题" in score and "已答 1 / 8" in score
        assert screen.result.unanswered_count == 7 and len(screen.result.wrong) == 1
        await pilot.press("o")  # after handing in, the article opens
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
    db = sqlite3.connect(home / "records.db")
    book = db.execute("SELECT COUNT(*) FROM quiz_wrong_book WHERE officer_id = 'T001'").fetchone()
    assert book == (1,)  # the one wrong answer, not the seven unanswered


async def test_practice_ended_early_says_how_many_were_answered(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        screen.query_one("#law").value = "行政处罚法"
        await pilot.click("#start-practice")
        await wait_for(pilot, lambda: screen.pane == "run", "the practice round", timeout=30)
        session = screen.session
        total = len(session)
        for i in range(2):  # answer two rightly
            await wait_for(pilot, lambda i=i: screen.index == i, f"question {i + 1}")
            q = session.question(i)
            if q.type.name == "CLOZE":
                screen.query_one("#qc-cloze").value = q.answer[0]
                await pilot.press("enter")
            else:
                await pilot.press(*[c.lower() for c in q.answer], "enter")
            await wait_for(pilot, lambda i=i: i in session._graded, f"answer {i + 1}")
            await pilot.press("n")
        await pilot.press("ctrl+s")  # practice ends at once
        await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)
        score = text_of(screen, "#result-score")
        assert f"已答 2 / {total}" in score and f"未答 {total - 2} 题" in score
        assert "全部答对" not in text_of(screen, "#result-detail")
