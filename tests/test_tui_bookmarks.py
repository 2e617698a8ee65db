"""Bookmarks: star an article, quit, start the app again on the same home: it is listed."""

from __future__ import annotations

from tui_support import SIZE, copy_home, make_app, wait_for, wait_ready

from lawkb.kb import KnowledgeBase
from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.bookmarks import BookmarksScreen
from lawkb.tui.screens.reader import ReaderScreen

REF = "中华人民共和国环境保护法#59"


async def test_a_starred_article_survives_a_restart(corpus_kb, tmp_path):
    home = copy_home(corpus_kb.home, tmp_path / "home")

    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        app.post_message(OpenArticle(REF))
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.page is not None,
            "the reader",
        )
        assert app.screen.query_one("#star").render().plain == ""
        await pilot.press("s")
        await wait_for(
            pilot, lambda: "已收藏" in app.screen.query_one("#star").render().plain, "star"
        )
    # the app is gone; the records database in the home folder keeps the star
    assert [b.ref for b in KnowledgeBase(home).records.bookmarks()] == [REF]

    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        screen = app.screen
        await wait_for(pilot, lambda: screen.rows, "the bookmark list")
        table = screen.query_one("#bookmarks")
        law, label, status, _ = (c.plain for c in table.get_row_at(0))
        assert (law, label, status.strip()) == ("环境保护法", "第五十九条", "已废止")
        # Enter opens it; d removes it, and the list says there is nothing left
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert app.screen.ref == REF
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to bookmarks")
        await pilot.press("d")
        await wait_for(pilot, lambda: not screen.rows, "the bookmark removed")
        assert screen.query_one("#bookmarks-empty").display
    assert KnowledgeBase(home).records.bookmarks() == []
