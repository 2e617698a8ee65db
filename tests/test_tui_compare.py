"""The side-by-side comparison of an old article and its Code successor, through Pilot."""

from __future__ import annotations

from tui_support import SIZE, find_cell, make_app, row_text, svg_cells, wait_for, wait_ready

from lawkb.tui import registry
from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.compare import NUMBER_STYLE, CompareScreen, render_sides
from lawkb.tui.screens.reader import ReaderScreen

AIR = "中华人民共和国大气污染防治法"
EPL = "中华人民共和国环境保护法"
CODE = "中华人民共和国生态环境法典"


async def open_compare(pilot, ref: str) -> CompareScreen:
    pilot.app.post_message(OpenArticle(ref))
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen.page is not None,
        f"the reader on {ref}",
    )
    (feature,) = [
        f for f in registry.available(article_open=True) if f.target.endswith(":CompareScreen")
    ]
    assert feature.needs_article
    pilot.app.open_feature(feature, ref)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen), "the screen")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.comparison is not None or screen.message, "the pair")
    return screen


async def test_changed_amount_side_by_side(corpus_kb, tmp_path):
    """大气污染防治法第一百零五条: 一倍以上三倍以下 became 一倍以上五倍以下 (法典第1117条)."""
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_compare(pilot, f"{AIR}#105")
        cmp = screen.comparison
        assert (cmp.old_ref, cmp.new_ref) == (f"{AIR}#105", f"{CODE}#1117")
        assert cmp.numbers_removed == ["一倍以上三倍以下"]
        assert cmp.numbers_added == ["一倍以上五倍以下"]
        await pilot.pause(0.1)
        rows = svg_cells(app.export_screenshot())
        text = [row_text(r) for r in rows]
        assert any("大气污染防治法 第一百零五条" in t and "第一千一百一十七条" in t for t in text)
        # side by side: the old text in the left pane, the Code's in the right one
        old_row = next(r for r in rows if "单位燃用不符合质量标准的煤炭" in row_text(r))
        assert find_cell(old_row, "单位燃用") < SIZE[0] // 2
        new_rows = [r for r in rows if find_cell(r, "石油焦", SIZE[0] // 2) >= SIZE[0] // 2]
        assert new_rows, "the Code's text is not in the right pane"
        # the summary names both amounts
        assert any("仅旧法有的数额、期限：一倍以上三倍以下" in t for t in text)
        assert any("仅法典有的数额、期限：一倍以上五倍以下" in t for t in text)
        # the changed numeral is marked louder than other changed words
        old_text, new_text = render_sides(cmp)
        marked = {new_text.plain[s.start : s.end]: str(s.style) for s in new_text.spans}
        assert marked.get("五") == NUMBER_STYLE
        assert {old_text.plain[s.start : s.end] for s in old_text.spans} >= {"三"}


async def test_several_successors_and_open_the_code_article(corpus_kb, tmp_path):
    """环境保护法第六条: its four paragraphs went to four articles of the Code's 基本规定."""
    successors = [s.ref for s in corpus_kb.successors(f"{EPL}#6")]
    assert len(successors) >= 2
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_compare(pilot, f"{EPL}#6")
        assert [p[1] for p in screen.pairs] == successors
        first = screen.comparison.new_ref
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.comparison.new_ref != first, "the next pair")
        assert screen.comparison.new_ref == successors[1]
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.comparison.new_ref == first, "back to the first")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await wait_for(pilot, lambda: app.screen.ref == first, "the Code article")


async def test_a_code_article_compares_with_its_predecessors(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_compare(pilot, f"{CODE}#1060")
        olds = [p[0] for p in screen.pairs]
        assert f"{EPL}#59" in olds and all(p[1] == f"{CODE}#1060" for p in screen.pairs)
        # an article outside the crosswalk says so instead of failing
        await pilot.press("escape")
        other = await open_compare(pilot, "中华人民共和国行政处罚法#1")
        assert other.pairs == [] and "没有对应条文" in other.message
