"""The search screen on the real corpus, driven through Pilot."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tui_support import SIZE, make_app, search, wait_for, wait_ready

from lawkb.kb import KnowledgeBase
from lawkb.tui.screens.reader import ReaderScreen
from lawkb.tui.screens.search import SearchScreen
from lawkb.tui.widgets.result_table import ResultTable

CODE = "中华人民共和国生态环境法典"
EPL = "中华人民共和国环境保护法"


def table_rows(screen: SearchScreen) -> list[tuple[str, str, str]]:
    """(short title, article label, status) as the table shows them."""
    table = screen.query_one(ResultTable)
    rows = []
    for i in range(table.row_count):
        law, label, status, _path, _snippet = (c.plain for c in table.row_cells(i))
        rows.append((law.strip(), label.strip().removeprefix("▸ "), status.strip()))
    return rows


async def test_typing_shows_ranked_rows_with_highlighted_snippets(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await search(pilot, "排污许可")
        rows = table_rows(screen)
        expected = corpus_kb.search("排污许可", limit=50)
        assert len(rows) == len(expected) > 3
        # same order as the library, and the law and article each row names
        for (law, label, status), hit in zip(rows, expected, strict=True):
            assert hit.short_title.startswith(law.rstrip("…").strip())
            assert label == hit.article
            assert status in hit.status.value
        # the Code's articles on 排污许可 are among them, as a current law
        assert any(h.law == CODE for h in screen.hits)
        # highlights are styled spans on the snippet cell
        snippet = screen.query_one(ResultTable).row_cells(0)[4]
        assert any("on" in str(span.style) for span in snippet.spans)
        assert "排污许可" in screen.query_one("#preview").text.plain


async def test_a_typed_reference_jumps_to_the_article_on_enter(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.click("#query")
        await pilot.press(*"环保法59条", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        reader = app.screen
        await wait_for(pilot, lambda: reader.page is not None, "the article")
        assert reader.ref == f"{EPL}#59"
        assert reader.query_one("#status").status == "已废止"  # repealed, and shown as such


async def test_the_code_reference_form_also_jumps(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await search(pilot, "法典第1003条")
        first = app.screen.hits[0]
        assert first.exact and first.law == CODE and first.number == 1003
        assert table_rows(app.screen)[0][1] == "第一千零三条"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert app.screen.ref == f"{CODE}#1003"


async def test_version_filter_brings_repealed_laws_in_and_badges_them(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await search(pilot, "排污许可 罚款")
        assert screen.hits and all(h.status.value != "已废止" for h in screen.hits)
        await pilot.press("f2")
        await wait_for(pilot, lambda: screen.filters.include_all and not screen.searching, "F2")
        statuses = {s for _, _, s in table_rows(screen)}
        assert "已废止" in statuses
        assert "全部版本" in screen.query_one("#filters").render().plain


async def test_category_and_law_filters_from_the_keyboard(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await search(pilot, "罚款")
        await pilot.press("f3")  # the first category in the collection
        await wait_for(pilot, lambda: screen.filters.category and not screen.searching, "F3")
        category = screen.filters.category
        assert screen.hits and {h.category.value for h in screen.hits} == {category}

        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen.query("#law-filter"), "the law picker")
        picker = app.screen
        await wait_for(pilot, lambda: picker.laws, "the list of laws")
        await pilot.press(*"水污染防治")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and not screen.searching, "law set")
        assert screen.filters.law == "中华人民共和国水污染防治法"
        assert (
            screen.filters.category is None
            or screen.hits == []
            or all(h.law == screen.filters.law for h in screen.hits)
        )
        await pilot.press("escape", "escape")  # clear the text, then the filters
        assert screen.filters.law is None and screen.filters.category is None


async def test_startup_shows_the_screen_before_the_knowledge_base_is_loaded(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        # the first frame: search box and loading state, while jieba/the index load
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#status").display and not screen.ready
        assert "加载" in screen.query_one("#status").message
        # typing during start-up is kept and searched once ready
        await pilot.press(*"排污许可")
        await wait_ready(pilot)
        await wait_for(pilot, lambda: screen.last_query == "排污许可", "the early query")
        assert screen.hits


def test_nothing_jieba_prints_reaches_the_terminal(corpus_kb: KnowledgeBase, tmp_path: Path):
    """jieba logs "Building prefix dict …" to the stderr it saw when imported. Imported before
    the app takes the terminal (as here, in a fresh process), that is the real terminal: the
    app must keep it quiet while it loads the dictionary."""
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        import jieba  # binds jieba's log handler to the real stderr, at DEBUG level
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from tui_support import make_app, search, wait_ready
        from pathlib import Path

        async def main():
            app = make_app(Path({str(corpus_kb.home)!r}), Path({str(tmp_path)!r}))
            async with app.run_test() as pilot:
                await wait_ready(pilot)
                await search(pilot, "排污")
                assert app.screen.hits
            print("done")

        asyncio.run(main())
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    for noise in ("Building prefix dict", "Loading model", "Prefix dict has been built"):
        assert noise not in out.stderr and noise not in out.stdout


async def test_a_repealed_articles_successor_is_one_keystroke_away(corpus_kb, tmp_path):
    successors = [s.ref for s in corpus_kb.successors(f"{EPL}#59")]
    assert successors, "corpus/crosswalk.tsv links 环保法第五十九条 to the Code"
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await search(pilot, "环保法第五十九条")
        assert screen.hits[0].successors == successors
        assert "法典对应条文" in screen.query_one("#preview").text.plain
        await pilot.press("ctrl+g")  # from the search box itself
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.page is not None,
            "the Code's article",
        )
        assert app.screen.ref == successors[0]
        # the Code's article names its predecessor among the related articles
        assert f"{EPL}#59" in [r.ref for r in app.screen.related]


async def test_keys_move_between_box_and_rows_and_typing_goes_back_to_the_box(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await search(pilot, "排污许可")
        table = screen.query_one(ResultTable)
        await pilot.press("down")  # from the box to the rows
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        assert screen.query_one("#preview").text.plain.startswith(screen.hits[2].short_title)
        await pilot.press("end")
        assert table.cursor_row == len(screen.hits) - 1
        await pilot.press(*"证")  # typing goes on with the query
        assert app.focused is screen.query_one("#query")
        await wait_for(pilot, lambda: screen.last_query == "排污许可证", "the longer query")
