""" "Search this question": after an answer, the search opens on the stem and the options; not
during a mock exam."""

from __future__ import annotations

from test_tui_quiz import SMALL, home_with_trainee, open_quiz
from tui_support import SIZE, make_app, wait_for, wait_ready

from lawkb.quiz.models import QuestionType
from lawkb.quiz.render import search_command, search_text
from lawkb.tui.screens.quiz import QuestionSearchScreen, QuizScreen


async def start(pilot, field: str, value: str, button: str) -> QuizScreen:
    await wait_ready(pilot)
    screen = await open_quiz(pilot)
    screen.query_one(field).value = value
    await pilot.click(button)
    await wait_for(pilot, lambda: screen.pane == "run", "the questions", timeout=30)
    return screen


async def test_search_this_question_after_an_answer(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, "#law", "行政处罚法", "#start-practice")
        q = screen.session.question(0)
        await pilot.press("s")  # not answered yet: nothing opens
        await pilot.pause()
        assert app.screen is screen
        if q.type is QuestionType.CLOZE:
            screen.query_one("#qc-cloze").value = q.answer[0]
            await pilot.press("enter")
        else:
            await pilot.press(*[a.lower() for a in q.answer], "enter")
        await wait_for(pilot, lambda: 0 in screen.session._graded, "the answer")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionSearchScreen), "search")
        search = app.screen
        text = search_text(q)
        assert search.query_one("#query").value == text
        for option in q.options if q.type is not QuestionType.JUDGE else []:
            assert option in text
        await wait_for(pilot, lambda: search.hits, "results", timeout=60)
        assert any(h.law == q.source.law for h in search.hits)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to the quiz")
        # the palette offers it too
        assert any("搜索本题" in title for title, _, _ in screen.palette_commands())


async def test_no_search_during_a_mock_exam(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    assert "small" in SMALL
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, "#template", "small", "#start-exam")
        q = screen.session.question(0)
        await pilot.press(*[a.lower() for a in q.answer], "enter")
        await pilot.press("p", "s")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)


def test_cli_practice_prints_the_search_command(corpus_kb):

    catalog = corpus_kb.question_catalog(bank_dirs=[])
    law = corpus_kb.resolve_law("行政许可法")
    q = next(q for q in catalog.generated(law) if q.type is QuestionType.SINGLE)
    command = search_command(q)
    assert command.startswith("lawkb search '") and q.options[0] in command
    assert "（　　）" not in command
