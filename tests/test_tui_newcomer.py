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
        assert f"{count} articles" in shown and "没有找到" not in shown
