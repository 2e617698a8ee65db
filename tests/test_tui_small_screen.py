"""Every screen at 80×24 (issue 11), read off real screen captures: the labels, columns and
keys an officer needs are on screen, not cut off or scrolled away."""

from __future__ import annotations

from test_tui_quiz import home_with_trainee, open_quiz
from test_tui_reader import open_reader
from tui_support import make_app, row_text, search, svg_cells, wait_for, wait_ready

from lawkb.tui import registry
from lawkb.tui.models import DEFAULT_VIEW_LABEL
from lawkb.tui.screens.bookmarks import BookmarksScreen
from lawkb.tui.screens.compare import CompareScreen
from lawkb.tui.screens.help import HelpScreen
from lawkb.views import short_title

SMALL = (80, 24)


def screen_rows(app) -> list[str]:
    """The screen as 24 rows of text, one character per cell (wide ones once)."""
    rows = [row_text(r) for r in svg_cells(app.export_screenshot())]
    assert len(rows) <= SMALL[1]
    return rows


def fits(rows: list[str], *needles: str) -> None:
    text = "\n".join(rows)
    for needle in needles:
        assert needle in text, f"{needle!r} not on screen:\n{text}"


async def test_at_80x24_search_reader_compare_and_bookmarks_show_what_is_needed(
    corpus_kb, tmp_path
):
    old = next(a for a in corpus_kb.law("大气污染防治法").articles if corpus_kb.successors(a.ref))
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        # the default view holds 已修改 laws too, and says so (not 现行有效)
        await search(pilot, "超标排放")
        rows = screen_rows(app)
        fits(rows, f"版本 {DEFAULT_VIEW_LABEL}", "法规", "条", "状态", "摘要")
        assert "现行有效" not in rows[3]
        # the reader: the article's number once, its text, and the way back in the footer
        reader = await open_reader(pilot, old.ref)
        await pilot.pause()
        rows = screen_rows(app)
        text = "\n".join(rows)
        above = text.split("法典中的对应条文")[0]  # the successors list names its own articles
        assert above.count(old.label) == 1, text
        fits(rows, short_title(old.law), old.paragraphs[0].text[:10], "esc 返回")
        assert "g 法典对应条文" in text or "法典中的对应条文" in text
        # side by side: both panes, their titles and what changed
        (feature,) = [f for f in registry.available(article_open=True) if "对比" in f.title]
        app.open_feature(feature, reader.ref)
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        compare = app.screen
        await wait_for(pilot, lambda: compare.comparison is not None, "the comparison", 30)
        await pilot.pause()
        rows = screen_rows(app)
        fits(rows, "旧法条文", "法典条文", "相同文字", "esc 返回")
        old_pane, new_pane = (
            compare.query_one("#compare-old-pane"),
            compare.query_one("#compare-new-pane"),
        )
        assert old_pane.region.right <= new_pane.region.x and new_pane.region.right <= SMALL[0]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader, "back in the reader")
        await pilot.press("s")
        await wait_for(pilot, lambda: "已收藏" in reader.query_one("#star").render().plain, "star")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        await wait_for(pilot, lambda: app.screen.rows, "the bookmark")
        await pilot.pause()
        rows = screen_rows(app)
        fits(rows, "法规", "条", "状态", "章节", short_title(old.law), old.label, "已废止")
        # the key list: its title and the keys of the screen beneath it
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the key list")
        await pilot.pause()
        fits(screen_rows(app), "按键一览", "编号（用于自定义）", "取消收藏")


async def test_at_80x24_the_quiz_result_and_book_show_the_article_and_the_stem(corpus_kb, tmp_path):
    home = home_with_trainee(corpus_kb, tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        screen.query_one("#template").value = "small"
        await pilot.click("#start-exam")
        await wait_for(pilot, lambda: screen.pane == "run", "the paper", timeout=30)
        session = screen.session
        q = session.question(0)
        await pilot.press(next(c for c in "ABCD" if [c] != q.answer).lower(), "enter")
        await wait_for(pilot, lambda: session.answered_count == 1, "one answer")
        rows = screen_rows(app)
        fits(rows, "模拟考试", "已答 1/", "剩余")
        await pilot.press("ctrl+s", "ctrl+s")
        await wait_for(pilot, lambda: screen.pane == "result", "the result", timeout=30)
        await pilot.pause()
        rows = screen_rows(app)
        # every column of the wrong answers, the article (依据) whole
        # the article (依据): a long law name gives way, the article number stays
        name, _, article = q.source.citation.rpartition("》")
        fits(rows, "题号", "题型", "你的答案", "依据", "正确答案", name[:5], "》" + article)
        table = screen.query_one("#result-wrong")
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.content_region.width
        await pilot.press("escape")
        await pilot.click("#show-book")
        await wait_for(pilot, lambda: screen.pane == "book", "the wrong-answer book", 30)
        await pilot.pause()
        rows = screen_rows(app)
        fits(rows, "依据", "题型", "错次", "题干", name[:5], "》" + article, q.stem[:6])
        table = screen.query_one("#book-table")
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.content_region.width


async def test_at_80x24_the_crosswalk_keeps_all_four_columns(corpus_kb, tmp_path):
    from lawkb.tui.screens.crosswalk import CrosswalkScreen

    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        (feature,) = [f for f in registry.available(article_open=False) if "对照表" in f.title]
        app.open_feature(feature)
        await wait_for(pilot, lambda: isinstance(app.screen, CrosswalkScreen), "the crosswalk")
        screen = app.screen
        await wait_for(pilot, lambda: screen.rows, "the first law's rows", timeout=30)
        await pilot.pause()
        rows = screen_rows(app)
        fits(rows, "已废止的旧法", "旧法条文", "法典条文", "关系", "可信度", "未复核")
        table = screen.query_one("#crosswalk-table")
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.content_region.width
        assert table.region.right <= SMALL[0]
        # every law the list holds is on screen whole (a long name wraps, it is not cut)
        laws = screen.query_one("#crosswalk-laws")
        names = [str(laws.get_option_at_index(i).prompt) for i in range(laws.option_count)]
        text = "".join(r.replace("│", "").replace(" ", "") for r in rows)
        assert all(name[:4] in text for name in names[:8])
