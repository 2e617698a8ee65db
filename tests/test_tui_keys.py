"""Bindings with ids, a user keymap that overrides them, the help screen and the palette."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static
from tui_support import SIZE, make_app, wait_for, wait_ready

from lawkb.tui import registry
from lawkb.tui.app import LawkbApp, create_app
from lawkb.tui.keymap import binding_ids, load_keymap
from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.help import HelpScreen
from lawkb.tui.screens.reader import ReaderScreen

REF = "中华人民共和国大气污染防治法#19"


def all_binding_ids() -> set[str]:
    return binding_ids((LawkbApp, *LawkbApp.BINDING_CLASSES))


def test_every_binding_of_the_app_has_an_id():
    from textual.binding import Binding

    for cls in (LawkbApp, *LawkbApp.BINDING_CLASSES):
        own = [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
        assert own and all(b.id for b in own), cls.__name__
    ids = all_binding_ids()
    assert {"reader.next", "search.versions", "app.bookmarks", "app.help"} <= ids


def test_keymap_file_problems_name_the_file_and_entry(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text(
        '"reader.next" = "j"\n"reader.nxet" = "k"\n"quiz.answer" = "a"\n"reader.prev" = 3\n',
        encoding="utf-8",
    )
    result = load_keymap(path, all_binding_ids())
    # good entries kept; a feature screen's id (quiz.) is kept for when it loads
    assert result.keymap == {"reader.next": "j", "quiz.answer": "a"}
    assert len(result.problems) == 2
    assert all(str(path) in p for p in result.problems)
    assert any('"reader.nxet"' in p for p in result.problems)
    assert any('"reader.prev"' in p for p in result.problems)


async def test_a_user_keymap_rebinds_the_reader_keys(corpus_kb, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\n"reader.next" = "j"\n', encoding="utf-8")
    app = create_app(corpus_kb.home, keymap_path=keymap)
    article = corpus_kb.article_by_ref(REF)
    after = corpus_kb.neighbours(article)[1]
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        app.post_message(OpenArticle(REF))
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.page, "reader"
        )
        reader = app.screen
        await pilot.press("right")  # the default key is gone
        await pilot.pause(0.2)
        assert reader.ref == REF
        await pilot.press("j")
        await wait_for(pilot, lambda: reader.ref == after.ref, "j to move on")
        # F1 lists the bindings with their ids, showing the user's key
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        rows = {row.binding_id: row for _, row in app.screen.rows}
        assert rows["reader.next"].keys == "j"
        assert {"reader.prev", "reader.follow", "app.bookmarks", "app.help"} <= set(rows)
        await pilot.press("escape")
        assert app.screen is reader


class ExampleFeatureScreen(Screen[None]):
    """A made-up feature screen, registered the way the quiz or hours screens are."""

    def __init__(self, services, ref: str | None = None) -> None:
        super().__init__()
        self.services, self.ref = services, ref

    def compose(self):
        yield Static(f"示例功能 {self.ref or ''}")


async def test_palette_offers_the_main_actions_and_registered_features(
    corpus_kb, tmp_path, monkeypatch
):
    monkeypatch.setattr(registry, "FEATURES", [])
    registry.register("示例：练习", "a made-up feature", f"{__name__}:ExampleFeatureScreen")
    registry.register(
        "示例：对照", "needs an article", f"{__name__}:ExampleFeatureScreen", needs_article=True
    )
    registry.register("示例：未安装", "module missing", "lawkb.tui.screens.no_such_screen:X")
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"搜索法条", "书签", "法规目录", "帮助：按键一览", "示例：练习"} <= set(titles)
        assert "示例：对照" not in titles and "示例：未安装" not in titles
        # run an entry the way the palette does
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "示例：练习")
        command.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, ExampleFeatureScreen), "feature")
        app.pop_screen()
        # with an article open, the article feature is offered and gets its ref
        app.post_message(OpenArticle(REF))
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.page, "reader"
        )
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "条文：收藏 / 取消收藏" in commands
        commands["示例：对照"].callback()
        await wait_for(pilot, lambda: isinstance(app.screen, ExampleFeatureScreen), "feature")
        assert app.screen.ref == REF


async def test_the_command_palette_opens_bookmarks(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen.query("CommandInput"), "the palette")
        await pilot.press(*"书签")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: type(app.screen).__name__ == "BookmarksScreen", "bookmarks screen"
        )
