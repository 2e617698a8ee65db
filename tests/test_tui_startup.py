"""Start-up states: an empty collection, a missing index, a broken keymap. Never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_support import SIZE, make_app, search, wait_for, wait_ready

from lawkb.kb import KnowledgeBase
from lawkb.tui.app import create_app
from lawkb.tui.screens.reader import ReaderScreen
from lawkb.tui.widgets.status_panel import StatusPanel

FIXTURE = Path(__file__).parent / "fixtures" / "tui" / "示例湖泊保护条例.txt"


def panel(app) -> StatusPanel:
    return app.screen_stack[0].query_one(StatusPanel)


async def test_an_empty_collection_says_how_to_import_and_imports_the_builtin_one(home, tmp_path):
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: panel(app).has_class("-empty"), "the empty state")
        assert "lawkb import" in panel(app).message
        assert panel(app).query_one("#status-import").display
        # typing and the global keys do no harm while there is nothing to search
        await pilot.click("#query")
        await pilot.press(*"排污", "enter", "f2", "f3")
        assert not app.screen.ready and app.screen.hits == []
        # Ctrl+O imports the built-in collection, then builds the index, with progress
        await pilot.press("ctrl+o")
        await wait_ready(pilot, timeout=120)  # a failsafe: the whole built-in set is indexed
        seen = " ".join(panel(app).history)
        assert "正在导入" in seen and "正在重建索引" in seen
        assert "索引已重建" in app.screen.query_one("#filters").render().plain
        assert not panel(app).display
        await search(pilot, "排污许可")
        assert app.screen.hits
    assert not KnowledgeBase(home).is_empty()


async def test_a_missing_index_is_rebuilt_behind_a_progress_bar(home, tmp_path):
    kb = KnowledgeBase(home)
    kb.import_paths([FIXTURE])
    kb.ensure_index()
    kb.index.close()
    shutil.rmtree(home / "index")  # lost, e.g. deleted by the officer

    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert any("正在重建索引" in m for m in panel(app).history)
        assert "索引已重建" in app.screen.query_one("#filters").render().plain
        await search(pilot, "围湖造地")
        assert [(h.short_title, h.article) for h in app.screen.hits] == [
            ("示例市湖泊保护条例", "第三条")
        ]
        # and the made-up law's own reference (本条例第三条) is a link in the reader
        await search(pilot, "示例市湖泊保护条例第四条")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.page is not None,
            "the reader",
        )
        links = app.screen.page.links
        assert any(k.target == "示例市湖泊保护条例#3" for k in links)


async def test_a_broken_keymap_is_reported_and_the_app_still_starts(home, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"reader.next" = "j"\n"reader.prev" = \n', encoding="utf-8")
    app = create_app(home, keymap_path=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: panel(app).has_class("-empty"), "the empty state")
        notes = [n.message for n in app._notifications]
        assert any(str(keymap) in n and "line 2" in n for n in notes), notes
