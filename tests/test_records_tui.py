"""The 学时 screens in the real app, driven by Pilot, on a real records database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from tui_support import SIZE, find_cell, make_app, row_text, svg_cells, wait_for

from lawkb.records import Records
from lawkb.tui.screens.hours import HoursScreen
from lawkb.tui.screens.officer_hours import OfficerHoursScreen

TODAY = dt.date.today()
YEAR = TODAY.year
DAY = dt.date(YEAR, 1, 1)  # today or earlier, whatever day the tests run


def _palette_first(app) -> str:
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    r = Records(home / "records.db")
    r.add_officer("H001", "欧阳娜娜", "执法一大队")
    r.add_officer("H002", "Li Lei", "执法一大队")
    r.add_officer("H003", "张三", "法规科")
    r.add_officer("H004", "司马相如", "法规科", role="trainee")
    r.set_target(20 * 60, actor="coord")  # reachable on 1 January too (at most 24 h a day)
    r.log("H001", 12 * 60, DAY, "集中培训", topic="法典培训")
    r.log("H001", 8 * 60, DAY, "集中培训", topic="法典培训")
    first = r.log("H003", 90, DAY, "自学", topic="总则")
    r.correct(first, minutes=60, reason="签到表为1小时")
    r.close()
    return home


async def test_coordinator_view_filters_exports_and_opens_an_officer(tmp_path: Path) -> None:
    home = _home(tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        # an officer opens it from the command palette, as the registry offers it
        await pilot.press("ctrl+p")
        await pilot.press(*"学时全员")
        await wait_for(pilot, lambda: "学时：全员进度" in _palette_first(app), "the palette entry")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursScreen), "the hours screen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.report is not None, "the report")
        assert [p.id for p in screen.rows] == ["H001", "H002", "H003", "H004"]  # by unit, id
        status = {p.id: p.status for p in screen.rows}
        assert status["H001"] == "complete" and status["H003"] in ("behind", "on_track")
        table = screen.query_one("#hours-table")
        assert table.row_count == 4
        totals = screen.query_one("#hours-totals").render().plain
        assert totals.startswith("4 人") and "完成 21.00 / 目标 80.00" in totals

        # CJK names are two cells wide: the progress bars still start in one column
        cells = svg_cells(app.export_screenshot())
        bar_rows = [c for c in cells if "%" in row_text(c) and "H00" in row_text(c)]
        assert len(bar_rows) == 4
        starts = {find_cell(c, "█") if "█" in row_text(c) else find_cell(c, "░") for c in bar_rows}
        assert len(starts) == 1

        await pilot.press("b")  # only the officers behind
        assert all(p.status == "behind" for p in screen.rows)
        assert "H001" not in {p.id for p in screen.rows}
        await pilot.press("b")
        await pilot.press("u")  # first unit
        assert {p.unit for p in screen.rows} == {"执法一大队"}
        await pilot.press("u")
        assert {p.unit for p in screen.rows} == {"法规科"}
        await pilot.press("u")  # back to every unit
        assert len(screen.rows) == 4

        await pilot.press("e")
        await wait_for(pilot, lambda: screen.exported is not None, "the export", 30)
        wb = load_workbook(screen.exported, read_only=True)
        summary = list(wb[f"{YEAR}汇总"].iter_rows(values_only=True))
        col = summary[0].index("完成分钟")
        assert {r[0]: r[col] for r in summary[1:]} == {
            "H001": 1200,
            "H002": 0,
            "H003": 60,
            "H004": 0,
        }
        wb.close()

        # Enter: the officer's own view, with the correction under its entry
        table.move_cursor(row=2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OfficerHoursScreen), "officer")
        officer = app.screen
        await wait_for(pilot, lambda: officer.data is not None, "the officer's entries")
        assert officer.data.officer.id == "H003"
        assert officer.data.entries[0].effective_minutes == 60
        entries = officer.query_one("#officer-entries")
        assert entries.row_count == 2
        assert "签到表为1小时" in str(entries.get_row_at(1))
        summary_text = officer.query_one("#officer-summary").render().plain
        assert "完成 1.00 / 目标 20.00 学时" in summary_text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to the list")


async def test_officer_view_asks_for_the_id(tmp_path: Path) -> None:
    home = _home(tmp_path)
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(OfficerHoursScreen(app.services))
        await wait_for(pilot, lambda: isinstance(app.screen, OfficerHoursScreen), "the screen")
        screen = app.screen
        await pilot.press(*"H404", "enter")
        await wait_for(
            pilot, lambda: "H404" in screen.query_one("#officer-title").render().plain, "the error"
        )
        box = screen.query_one("#officer-id")
        box.value = ""
        await pilot.click("#officer-id")
        await pilot.press(*"H001", "enter")
        await wait_for(pilot, lambda: screen.data is not None, "the officer")
        assert screen.data.progress.status == "complete"
        bar = screen.query_one("#officer-progress")
        assert bar.percentage == 1.0
