"""The terminal app as a newcomer meets it (issue 11): typing on an empty collection, a
reference to an article the law does not have."""

from __future__ import annotations

from pathlib import Path

from tui_support import SIZE, make_app, search, wait_for, wait_ready

from lawkb.tui.widgets.hit_preview import HitPreview
from lawkb.tui.widgets.status_panel import StatusPanel


async def test_typing_on_an_empty_collection_keeps_every_character(home: Path, tmp_path):
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(StatusPanel)
        await wait_for(pilot, lambda: panel.has_class("-empty"), "the empty state")
        await pilot.press(*"排污许可")  # no click first: the box must still have the focus
        assert app.screen.query_one("#query").value == "排污许可"


async def test_a_reference_to_a_missing_article_says_what_the_law_has(corpus_kb, tmp_path):
    law = corpus_kb.law("环保法")
    count = sum(1 for a in law.articles if a.kind == "article")
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await search(pilot, "环保法第999条")
        preview = app.screen.query_one(HitPreview)
        await wait_for(pilot, lambda: "999" in preview.render().plain, "the message")
        shown = preview.render().plain
        assert f"共 {count} 条" in shown and "没有找到" not in shown


async def test_hours_header_follows_u_and_both_screens_round_alike(tmp_path: Path):
    import datetime as dt

    from lawkb.records import Records
    from lawkb.tui.screens.hours import HoursScreen
    from lawkb.tui.screens.officer_hours import OfficerHoursScreen

    home = tmp_path / "home"
    r = Records(home / "records.db")
    r.add_officer("N001", "欧阳娜娜", "执法一大队")
    r.add_officer("N002", "张三", "")  # no unit
    r.set_target(20 * 60, actor="coord")
    r.log("N001", 140, dt.date(dt.date.today().year, 1, 1), "自学")  # 11.67 %: 11 or 12?
    r.close()
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(HoursScreen(app.services))
        await wait_for(pilot, lambda: isinstance(app.screen, HoursScreen), "the hours screen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.report is not None, "the report")
        seen = []
        for _ in range(3):
            await pilot.press("u")
            header = screen.query_one("#hours-filters").render().plain
            seen.append((screen.unit, header))
        for unit, header in seen:
            if unit is not None:
                assert "单位：全部" not in header, (unit, header)
        assert any(unit == "" and "未填单位" in header for unit, header in seen)
        while screen.unit is not None:  # every unit again
            await pilot.press("u")
        table = screen.query_one("#hours-table")
        overview = str(table.get_row("N001")[3])
        assert overview.endswith(" 11%")
        table.move_cursor(row=[p.id for p in screen.rows].index("N001"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OfficerHoursScreen), "officer")
        officer = app.screen
        await wait_for(pilot, lambda: officer.data is not None, "the officer's entries")
        summary = officer.query_one("#officer-summary").render().plain
        assert "（11%）" in summary and "12%" not in summary


async def test_g_on_an_article_with_several_successors_lets_the_officer_choose(corpus_kb, tmp_path):
    from test_tui_reader import open_reader
    from textual.widgets import OptionList

    from lawkb.tui.screens.reader import ReaderScreen

    old = next(
        a.ref
        for title in ("大气法", "水污染防治法", "环保法")
        for a in corpus_kb.law(title).articles
        if len(corpus_kb.successors(a.ref)) > 2
    )
    successors = corpus_kb.successors(old)
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = await open_reader(pilot, old)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.ref == old  # not the first
        notes = [str(n.message) for n in app._notifications]
        assert any(f"{len(successors)} 条对应条文" in n for n in notes), notes
        options = reader.query_one("#related", OptionList)
        assert reader.focused is options
        assert options.get_option_at_index(options.highlighted).id == successors[0].ref
        await pilot.press("down", "enter")  # the second one
        await wait_for(pilot, lambda: app.screen.ref == successors[1].ref, "the second successor")


async def test_the_crosswalk_screen_from_the_palette(corpus_kb, tmp_path):
    from lawkb.tui.screens.compare import CompareScreen
    from lawkb.tui.screens.crosswalk import CrosswalkScreen

    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"对照表")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CrosswalkScreen), "the screen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.rows, "the first law's rows", timeout=30)
        laws = screen.query_one("#crosswalk-laws")
        first = laws.get_option_at_index(0).id
        articles = corpus_kb.law(first).articles
        expected = sum(max(1, len(corpus_kb.successors(a.ref))) for a in articles)
        assert screen.query_one("#crosswalk-table").row_count == len(screen.rows) == expected
        await pilot.press("tab")  # into the table
        await wait_for(pilot, lambda: screen.focused is screen.query_one("#crosswalk-table"), "t")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        assert app.screen.ref == screen.rows[0][0]


async def test_at_80x24_the_result_columns_drop_by_priority(corpus_kb, tmp_path):
    from rich.cells import cell_len

    from lawkb.tui.widgets.result_table import ResultTable

    for size in ((80, 24), SIZE):
        app = make_app(corpus_kb.home, tmp_path)
        async with app.run_test(size=size) as pilot:
            await wait_ready(pilot)
            await search(pilot, "超标排放")
            table = app.screen.query_one(ResultTable)
            header = table.render_line(0).text
            path, snippet = table.widths[3:]
            if size[0] == 80:  # the 章节 column goes first; the snippet keeps a useful width
                assert path == 0 and "章节" not in header and snippet >= 24
            else:  # the whole path when it fits, else its most specific part (not 第五编…)
                assert path > 0 and "章节" in header
                for row, hit in enumerate(table.hits):
                    shown = table.row_cells(row)[3].plain.rstrip("…").rstrip()
                    whole = " › ".join(" ".join(p.split()) for p in hit.path)
                    last = " ".join(hit.path[-1].split()) if hit.path else ""
                    assert (whole if cell_len(whole) <= path else last).startswith(shown)
            assert sum(w + 2 for w in table.widths if w) <= size[0]


async def test_at_80x24_the_quiz_and_hours_screens_keep_their_labels_and_columns(
    corpus_kb, tmp_path
):
    import datetime as dt

    from rich.cells import cell_len
    from test_tui_quiz import home_with_trainee, open_quiz
    from textual.widgets import Button

    from lawkb.records import Records
    from lawkb.tui.screens.hours import HoursScreen

    home = home_with_trainee(corpus_kb, tmp_path)
    r = Records(home / "records.db")
    r.log("T001", 140, dt.date(dt.date.today().year, 1, 1), "自学")
    r.close()
    app = make_app(home, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        screen = await open_quiz(pilot)
        await pilot.pause()
        for button in screen.query("#setup-buttons Button").results(Button):
            label = str(button.label)
            assert button.region.right <= 80, label
            assert button.content_region.width >= cell_len(label), label
        await pilot.press("escape")
        app.push_screen(HoursScreen(app.services))
        await wait_for(pilot, lambda: isinstance(app.screen, HoursScreen), "the hours screen")
        hours = app.screen
        await wait_for(pilot, lambda: hours.report is not None, "the report")
        await pilot.pause()
        table = hours.query_one("#hours-table")
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.content_region.width  # 剩余 and 状态 on screen, no scrolling
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[-2:] == ["剩余", "状态"]
