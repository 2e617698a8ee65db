"""The article reader and the law browser on the real corpus, driven through Pilot."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from tui_support import SIZE, make_app, wait_for, wait_ready

from lawkb.tui.messages import OpenArticle
from lawkb.tui.screens.browser import BrowserScreen
from lawkb.tui.screens.reader import ReaderScreen
from lawkb.tui.widgets.article_view import ArticleView
from lawkb.views import article_lines

AIR = "中华人民共和国大气污染防治法"
EPL = "中华人民共和国环境保护法"


async def open_reader(pilot, ref: str) -> ReaderScreen:
    pilot.app.post_message(OpenArticle(ref))
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen.page is not None,
        f"the reader on {ref}",
    )
    return pilot.app.screen


def find_article_with_reference(kb, law: str):
    """(article, reference) for the first article of `law` citing another article of it."""
    for article in kb.law(law).articles:
        for r in kb.references(article.ref):
            if r.resolved and not r.internal and r.target != article.ref:
                return article, r
    raise AssertionError(f"no article of {law} refers to another")


async def test_the_article_is_laid_out_under_its_breadcrumb(corpus_kb, tmp_path):
    # an article with 项: the Code's first article listing (一)(二)… under a 款
    article = next(
        a for a in corpus_kb.law("生态环境法典").articles if any(p.items for p in a.paragraphs)
    )
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = await open_reader(pilot, article.ref)
        crumbs = reader.query_one("#crumbs")
        assert crumbs.parts == [" ".join(p.split()) for p in [article.law, *article.path]]
        # the article's number once on screen, where the text begins (issue 11)
        assert article.label not in crumbs.plain
        assert article.label not in reader.query_one("#title").render().plain
        view = reader.query_one(ArticleView)
        lines = view.line_widgets
        expected = article_lines(article)
        assert len(lines) == len(expected)
        # each 款 on its own line, label first; each 项 on its own line after its 款
        assert lines[0].text.plain.startswith("\u3000\u3000" + article.label + "\u3000")
        for line, (text, is_item) in zip(lines, expected, strict=True):
            assert line.has_class("item") == is_item
            assert line.text.plain.endswith(text)
        # the rendered lines fit the screen: nothing cut off at the right
        for line in lines:
            assert line.size.width <= SIZE[0]


async def test_prev_next_and_up_to_the_chapter(corpus_kb, tmp_path):
    article = corpus_kb.article("大气污染防治法", 19)
    before, after = corpus_kb.neighbours(article)
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = await open_reader(pilot, article.ref)
        await pilot.press("right")
        await wait_for(pilot, lambda: reader.ref == after.ref, "the next article")
        await pilot.press("left", "left")
        await wait_for(pilot, lambda: reader.ref == before.ref, "the previous article")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, BrowserScreen), "the browser")
        browser = app.screen
        toc = browser.query_one("#toc")
        await wait_for(pilot, lambda: toc.cursor_node and toc.cursor_node.data, "the cursor")
        assert toc.cursor_node.data == before.ref
        # the cursor sits inside the article's own chapter, opened up for it
        chapter = toc.cursor_node.parent
        assert chapter.is_expanded and str(chapter.label) == " ".join(before.path[-1].split())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader again")
        assert app.screen.ref == before.ref


async def test_follow_a_reference_and_come_back(corpus_kb, tmp_path):
    article, reference = find_article_with_reference(corpus_kb, AIR)
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = await open_reader(pilot, article.ref)
        view = reader.query_one(ArticleView)
        # Tab until the reference is selected
        for _ in range(len(view.links)):
            await pilot.press("tab")
            if view.selected_link and view.selected_link.target == reference.target:
                break
        link = view.selected_link
        assert link is not None and link.target == reference.target
        assert link.text in reference.text
        # the line under the article says where it leads before it is followed
        target = corpus_kb.article_by_ref(reference.target)
        assert target.label in reader.query_one("#link-target").render().plain
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: app.screen is not reader and getattr(app.screen, "page", None),
            "the cited article",
        )
        assert app.screen.ref == reference.target
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reader, "back")
        # back where the officer was: same article, same reference selected
        assert reader.ref == article.ref and view.selected_link == link


async def test_an_internal_reference_brings_its_paragraph_into_view(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        reader = await open_reader(pilot, f"{EPL}#59")
        view = reader.query_one(ArticleView)
        internal = [k for k in view.links if k.internal and k.paragraph]
        assert internal, "环保法第五十九条 refers to its own first 款 (前款, 第一款)"
        await pilot.press("tab", "enter")
        assert app.screen is reader  # no new screen: the place is in this article
        first = view.line_widgets[view.paragraph_line(internal[0].paragraph)]
        assert first.has_class("-flash")


async def test_browse_the_collection_by_category_law_and_chapter(corpus_kb, tmp_path):
    app = make_app(corpus_kb.home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, BrowserScreen), "the browser")
        laws = app.screen.query_one("#laws")
        await wait_for(pilot, lambda: laws.root.children, "the list of laws")
        categories = [str(n.label).split()[0] for n in laws.root.children]
        present = {law.category.value for law in corpus_kb.laws()}
        assert categories[0] == "法律" and set(categories) == present
        # walk down the tree with the keyboard to 环境保护法 and open it
        for _ in range(200):
            if laws.cursor_node is not None and laws.cursor_node.data == EPL:
                break
            await pilot.press("down")
        assert laws.cursor_node.data == EPL
        await pilot.press("enter")
        toc = app.screen.query_one("#toc")
        await wait_for(pilot, lambda: app.screen.toc_law == EPL, "the table of contents")
        chapters = [str(n.label) for n in toc.root.children]
        law = corpus_kb.law(EPL)
        assert chapters == list(dict.fromkeys(" ".join(a.path[0].split()) for a in law.articles))
        # an entry uses the pane's width, not about 20 characters (issue 11)
        leaf = toc.root.children[0].children[0]
        first = law.articles[0].label + "  " + law.articles[0].paragraphs[0].text
        width = toc.scrollable_content_region.width
        drawn = toc.render_label(leaf, Style(), Style())
        assert min(cell_len(first), width - 10) <= drawn.cell_len <= width
        # first chapter is open: down onto its first article, Enter opens it
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await wait_for(pilot, lambda: app.screen.page is not None, "the article")
        assert app.screen.ref == law.articles[0].ref
