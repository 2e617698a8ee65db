"""The discretion calculator screen on the real corpus, driven through Pilot."""

from __future__ import annotations

import pytest
from tui_support import SIZE, make_app, row_text, svg_cells, wait_for, wait_ready

from lawkb.tui import registry
from lawkb.tui.screens.discretion import DiscretionScreen
from lawkb.tui.screens.reader import ReaderScreen


async def open_discretion(pilot) -> DiscretionScreen:
    (feature,) = [f for f in registry.available(article_open=False) if f.title.startswith("裁量")]
    pilot.app.open_feature(feature)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DiscretionScreen), "the screen")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query("#disc-query"), "the screen's widgets")
    return screen


async def test_find_answer_and_read_the_explanation(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_discretion(pilot)
        await pilot.click("#disc-query")
        await pilot.press(*"超标排放", "enter")
        await wait_for(pilot, lambda: screen.candidates and screen.factors, "candidates and form")
        assert screen.candidate.violation == "SL-03"
        assert [f.name for f in screen.factors] == ["超标倍数", "敏感区域"]
        # before any answer: no tier, the statutory range, and it says what is missing
        await wait_for(pilot, lambda: screen.result is not None and not screen.busy, "first result")
        assert screen.result.tier is None and screen.result.fine.high == 1_000_000
        assert "示例" in str(screen.query_one("#disc-warning").render())

        multiple = screen.query_one("#factor-0")
        multiple.value = "2.5"
        screen.query_one("#factor-1").value = "否"
        await wait_for(
            pilot,
            lambda: screen.result is not None and screen.result.tier == "较重" and not screen.busy,
            "the tier",
        )
        assert (screen.result.fine.low, screen.result.fine.high) == (400_000, 700_000)
        assert screen.result.major
        await pilot.pause(0.1)
        cells = svg_cells(app.export_screenshot())
        lines = [row_text(r) for r in cells]
        assert any("阶次：较重" in line for line in lines)
        assert any("40万元～70万元" in line for line in lines)
        assert any("重大行政处罚" in line for line in lines)
        # CJK is two cells wide: the label and its value line up on screen columns
        row = next(r for r in cells if "阶次：较重" in row_text(r))
        start = row.index("阶")
        assert row[start : start + 8] == ["阶", "", "次", "", "：", "", "较", ""]

        # ctrl+o opens the penalty article in the reader
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert app.screen.ref.endswith("#1107")


async def test_a_statutory_row_with_general_circumstances(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_discretion(pilot)
        await pilot.click("#disc-query")
        await pilot.press(*"向水体排放油类", "enter")
        await wait_for(pilot, lambda: screen.result is not None and not screen.busy, "a result")
        assert screen.candidate.row == "生态环境法典#1136.1"
        assert screen.factors == [] and screen.result.fallback
        assert (screen.result.fine.low, screen.result.fine.high) == (100_000, 1_000_000)
        general = screen.query_one("#disc-general")
        for name in ("初次违法", "危害后果轻微", "及时改正"):
            general.select(name)
        await wait_for(
            pilot,
            lambda: (
                screen.result is not None
                and any(r.key == "不予处罚" and r.triggered for r in screen.result.rules)
                and not screen.busy
            ),
            "不予处罚 to apply",
        )
        assert "第三十三条" in screen.result.explanation
        await pilot.press("escape")
        assert not isinstance(app.screen, DiscretionScreen)


async def test_close_candidates_wait_for_the_officer_to_choose(corpus_kb, tmp_path):
    """未批先建 fits the 报告书 and the 报告表 rows alike: the screen takes neither, says so,
    and calculates the one the officer chooses (the library's rule, as in the CLI)."""
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_discretion(pilot)
        await pilot.click("#disc-query")
        await pilot.press(*"未批先建", "enter")
        await wait_for(pilot, lambda: screen.match is not None and not screen.busy, "the match")
        assert screen.match.ambiguous
        assert {c.violation for c in screen.match.choices[:2]} == {"SL-01", "SL-02"}
        await pilot.pause(0.1)
        assert screen.candidate is None and screen.result is None and screen.factors == []
        lines = [row_text(r) for r in svg_cells(app.export_screenshot())]
        assert any("请在左侧选择一个" in line for line in lines)

        second = screen.match.candidates[1]
        await pilot.press("down", "enter")
        await wait_for(
            pilot,
            lambda: screen.result is not None and screen.factors and not screen.busy,
            "the chosen row's form and result",
        )
        assert screen.candidate == second
        assert screen.result.candidate.violation == second.violation


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_factor_question_reads_in_full(corpus_kb, tmp_path, size):
    """Each factor's question is on screen in full beside its input (wrapped, not cut), read
    back from a screenshot of the terminal at 80×24 and at 120×40."""
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        screen = await open_discretion(pilot)
        await pilot.click("#disc-query")
        await pilot.press(*"超标排放", "enter")
        await wait_for(
            pilot, lambda: screen.factors and screen.result and not screen.busy, "the form"
        )
        await pilot.pause(0.2)
        cells = svg_cells(app.export_screenshot())
        labels = list(screen.query(".disc-label"))
        assert [str(lb.render()) for lb in labels] == [f.question for f in screen.factors]
        for label in labels:
            r = label.region
            shown = "".join(
                row_text((cells[y] + [" "] * r.right)[r.x : r.right]).strip()
                for y in range(r.y, r.bottom)
                if y < len(cells)
            )
            assert shown.replace(" ", "") == str(label.render()), (size, shown)
