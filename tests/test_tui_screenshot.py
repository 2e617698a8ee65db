"""Screen tests on `app.export_screenshot()`: Chinese result rows line up in columns.

The SVG places every run of text at its terminal column, so reading it back gives the
screen as cells: a CJK character or full-width punctuation mark (，、（）《》) fills two.
"""

from __future__ import annotations

from rich.cells import cell_len
from tui_support import SIZE, find_cell, make_app, row_text, search, svg_cells, wait_for, wait_ready

from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.reader import ReaderScreen
from lawkb.tui.widgets.result_table import EXACT_MARK, ResultTable
from lawkb.tui.widgets.status_badge import badge_label

WIDE_PUNCTUATION = set("，。、；：（）《》「」【】")


async def test_result_columns_line_up_with_chinese_text(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("f2")  # all versions: repealed laws and their badges too
        await search(pilot, "查封 扣押")
        hits = screen.hits
        assert len(hits) >= 10
        assert {h.status.value for h in hits} >= {"已废止", "现行有效"}
        shown = min(len(hits), screen.query_one(ResultTable).size.height - 1)  # minus header
        assert shown >= 10
        rows = svg_cells(app.export_screenshot())

    assert all(len(r) <= SIZE[0] for r in rows)  # nothing drawn past the right edge
    header_at = next(
        i for i, r in enumerate(rows) if "摘要" in row_text(r) and "章节" in row_text(r)
    )
    header = rows[header_at]
    cols = {name: find_cell(header, name) for name in ("法规", "条", "状态", "章节", "摘要")}
    assert list(cols.values()) == sorted(cols.values()) and min(cols.values()) >= 0

    visible = rows[header_at + 1 : header_at + 1 + shown]
    wide_rows = 0
    for hit, row in zip(hits, visible, strict=False):
        text = row_text(row)
        label = (EXACT_MARK if hit.exact else "") + hit.article
        assert find_cell(row, label, cols["条"]) == cols["条"], text
        badge = badge_label(hit.status.value)
        assert find_cell(row, badge.strip(), cols["状态"]) == cols["状态"] + 1, text
        # each cell is padded by one blank on either side, so columns cannot run together
        for name in ("条", "状态", "章节", "摘要"):
            assert row[cols[name] - 1] == " ", (name, text)
        assert row[cols["摘要"]] not in (" ", ""), text
        # the title column: the law's short title, or its start cut with an ellipsis
        title = text[: text.index(hit.article)].strip()
        assert hit.short_title.startswith(title.rstrip("…").rstrip()), text
        if WIDE_PUNCTUATION & set(text[: cols["摘要"]]):
            wide_rows += 1
        assert cell_len(text) == len(row)
    # the case that goes wrong when widths are counted in characters: full-width punctuation
    # in the title or chapter columns, before the snippet
    assert wide_rows >= 1


async def test_reader_lines_fit_and_wrap_between_characters(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_ready(pilot)
        app.post_message(OpenArticle("中华人民共和国环境保护法#59"))
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.page is not None,
            "the reader",
        )
        await pilot.pause()
        article = app.screen.page.article
        rows = svg_cells(app.export_screenshot())
    lines = [row_text(r) for r in rows]
    first = next(i for i, t in enumerate(lines) if "\u3000\u3000" + article.label in t)
    # the first 款 continues right after the label (not pushed to the next line) and its
    # wrapped lines fill the width: Chinese wraps between any two characters
    assert article.paragraphs[0].text[:4] in lines[first]
    width = 80
    assert all(len(r) <= width for r in rows)
    body = [r for r in rows[first : first + 3] if row_text(r).strip()]
    assert len(body) >= 2
    used = [max(i for i, c in enumerate(r) if c.strip() or c == "") + 1 for r in body]
    assert all(u >= width - 12 for u in used[:-1]), used
    # no line starts with closing punctuation
    for t in lines[first + 1 : first + 6]:
        assert not t.strip() or t.strip()[0] not in "，。、；：）》", t
