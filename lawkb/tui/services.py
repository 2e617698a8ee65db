"""The app's one door into the library, in the shape the screens need.

The App and the screens hold no business logic: they call these methods (from jobs, see
`lawkb.tui.jobs`) and show what comes back. Nothing here imports textual, so it can be
tested on its own. Feature screens reach the knowledge base through `run(fn)`, which calls
`fn(kb)` on the knowledge-base thread; the app never imports the store, the index or the
searcher (an import contract checks it).

Heavy parts (jieba, Whoosh, SQLite) are opened lazily on first use, never at import time:
the first screen must appear before any of them has loaded.

Threads: every call into the knowledge base runs on ONE thread that Services owns
(`lawkb.tui.kb_thread.KbThread`); public methods hop onto it and wait. Call them from jobs,
not from the UI thread, so that a long job (an index rebuild) never freezes keys.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from lawkb import views
from lawkb.errors import LawkbError, NotFound
from lawkb.models import Category, Status
from lawkb.query import parse_query
from lawkb.tui.kb_thread import KbThread, silence_jieba
from lawkb.tui.models import Filters, Page, Startup
from lawkb.tui.records_queue import RecordsQueue, records_queue, sync_records
from lawkb.views import Bookmark, Link, OutlineNode, Related, short_title

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.models import Article, Hit, Law

Progress = Callable[[str, int, int], None]  # (stage, done, total)
P = ParamSpec("P")
R = TypeVar("R")

#: The query run once at start-up, so that jieba and the index are loaded before the
#: officer's first keystroke rather than during it.
WARM_UP_QUERY = "环境"

CATEGORY_ORDER: list[str] = [c.value for c in Category]


def on_kb_thread(method: Callable[P, R]) -> Callable[P, R]:
    """Run a Services method on its KbThread (directly when already there)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        services: Services = args[0]  # type: ignore[assignment]
        return services.kb_thread.call(lambda: method(*args, **kwargs))

    return wrapper


class Superseded(Exception):
    """A search dropped because a newer one was asked for while it waited."""


class Services:
    """The app's one door into the library."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.kb_thread = KbThread()
        self._laws_cache: list[Any] | None = None
        self._law_cache: dict[str, Law] = {}
        self._search_counter = itertools.count(1)
        self._search_seq = 0

    @property
    def home(self) -> Path:
        return Path(self.kb.home)

    def run(self, fn: Callable[[KnowledgeBase], R]) -> R:
        """`fn(kb)` on the knowledge-base thread: the one way feature screens reach the
        library (call it from a job, never from the UI thread)."""
        return self.kb_thread.call(lambda: fn(self.kb))

    async def run_async(self, fn: Callable[[KnowledgeBase], R]) -> R:
        """`fn(kb)` on the knowledge-base thread, awaited: for async handlers."""
        return await asyncio.wrap_future(self.kb_thread.submit(lambda: fn(self.kb)))

    def close(self, timeout: float = 3.0) -> None:
        """Close the index, the collection and the records, on the thread that opened them.

        Waits at most `timeout` seconds: quitting during an index rebuild must not hang
        (the rebuild is atomic, so abandoning it loses nothing).
        """

        if self.kb_thread.is_current:
            self.kb.close()
            return
        self.kb_thread.submit(self.kb.close)
        self.kb_thread.stop(timeout)

    # -- start-up ----------------------------------------------------------------------
    @on_kb_thread
    def start(self, progress: Progress | None = None) -> Startup:
        """Open the collection, rebuild a missing or stale index, load jieba.

        Slow (about a second with jieba): run it in a worker.
        """
        if self.kb.is_empty():
            return Startup(empty=True)
        silence_jieba()
        if progress and self.kb.index_status() != "ok":
            # say so at once: the library's first progress call comes 200 articles in
            progress("index", 0, sum(s.article_count for s in self.laws()))
        rebuilt = bool(self.kb.ensure_index(progress=progress))
        self.warm_up()
        laws = self.laws(include_all=True)
        return Startup(False, rebuilt, len(laws), tuple(self.categories()))

    @on_kb_thread
    def warm_up(self) -> None:
        silence_jieba()
        self.kb.search(WARM_UP_QUERY, limit=1)
        silence_jieba()  # jieba may have been imported just now

    @on_kb_thread
    def import_builtin(self, progress: Progress | None = None) -> Any:
        report = self.kb.import_builtin(progress=progress)
        self._laws_cache = None
        self._law_cache.clear()
        return report

    # -- search ------------------------------------------------------------------------
    def search(self, query: str, filters: Filters, limit: int = 50) -> list[Hit]:
        """Search; raises Superseded if a newer search was asked for before this one ran."""
        seq = self._search_seq = next(self._search_counter)  # atomic under the GIL
        query = query.strip()
        if not query:
            return []

        def job() -> list[Hit]:
            if seq != self._search_seq:
                raise Superseded(query)
            return self.kb.search(
                query,
                limit=limit,
                include_all=filters.include_all,
                category=filters.category,
                law=filters.law,
            )

        return self.kb_thread.call(job)

    def missing_reference(self, query: str) -> str | None:
        """What the CLI says when a typed reference names no article (环保法第999条: the law
        has no article 999, it has 70), or None when every reference in it exists."""

        def job() -> str | None:
            for ref in parse_query(query, self.kb.aliases()).refs:
                try:
                    self.kb.article(ref.law, f"{ref.number}{ref.suffix}")
                except NotFound as exc:
                    return str(exc)
            return None

        return self.kb_thread.call(job)

    # -- the collection ----------------------------------------------------------------
    @on_kb_thread
    def laws(self, include_all: bool = True) -> list[Any]:
        """LawSummary rows (title, short_title, category, status, article_count)."""
        if self._laws_cache is None:
            self._laws_cache = list(self.kb.laws(include_all=True))
        if include_all:
            return list(self._laws_cache)
        return [s for s in self._laws_cache if str(s.status) != Status.REPEALED.value]

    @on_kb_thread
    def categories(self) -> list[str]:
        present = {str(s.category) for s in self.laws()}
        return [c for c in CATEGORY_ORDER if c in present]

    @on_kb_thread
    def law(self, title: str) -> Law:
        if title not in self._law_cache:
            law = self.kb.law(title)
            self._law_cache[title] = law
            self._law_cache[law.title] = law
        return self._law_cache[title]

    @on_kb_thread
    def article(self, ref: str) -> Article:
        return self.kb.article_by_ref(ref)

    @on_kb_thread
    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        return self.kb.neighbours(article)

    @on_kb_thread
    def law_status(self, title: str) -> str:
        for s in self.laws():
            if s.title == title:
                return str(s.status)
        return ""

    @on_kb_thread
    def outline(self, title: str) -> OutlineNode:
        """The law's 编/章/节 tree (lawkb.views.outline)."""
        return views.outline(self.law(title))

    @on_kb_thread
    def page(self, ref: str) -> Page:
        """The reader's page for an article (lawkb.views.article_page). Raises NotFound."""
        article = self.article(ref)
        prev, nxt = self.neighbours(article)
        page = self.kb.article_page(article, tolerant=True)
        return Page(
            article=article,
            status=page.status,
            prev=prev,
            next=nxt,
            links=views.links_on_lines(article, page.references),
            successors=views.crosswalk_related(page.successors),
            predecessors=views.crosswalk_related(page.predecessors),
            cited_by=views.citing_related(page.cited_by),
            starred=self.is_bookmarked(article.ref),
            problems=page.problems,
        )

    # -- links between articles --------------------------------------------------------
    @on_kb_thread
    def links(self, article: Article) -> list[Link]:
        """References inside the article's text, as resolved at import (lawkb.links)."""
        return views.links_on_lines(article, self.kb.references(article.ref))

    @on_kb_thread
    def successors(self, ref: str) -> list[Related]:
        return views.crosswalk_related(self._quiet(self.kb.successors, ref))

    @on_kb_thread
    def predecessors(self, ref: str) -> list[Related]:
        return views.crosswalk_related(self._quiet(self.kb.predecessors, ref))

    @on_kb_thread
    def cited_by(self, ref: str) -> list[Related]:
        return views.citing_related(self._quiet(self.kb.cited_by, ref))

    @staticmethod
    def _quiet(fn: Callable[[str], list[R]], ref: str) -> list[R]:
        try:
            return list(fn(ref))
        except NotFound:  # e.g. a bookmark whose law is no longer in the collection
            return []

    # -- the records server (lawkb.tui.records_queue) -----------------------------------
    @on_kb_thread
    def records_queue(self) -> RecordsQueue:
        return records_queue(self.kb)

    @on_kb_thread
    def sync_records(self) -> RecordsQueue:
        return sync_records(self.kb)

    # -- bookmarks ---------------------------------------------------------------------
    @on_kb_thread
    def bookmark_refs(self) -> list[str]:
        return [b.ref for b in self.kb.local_records.bookmarks()]

    @on_kb_thread
    def is_bookmarked(self, ref: str) -> bool:
        return ref in self.bookmark_refs()

    @on_kb_thread
    def toggle_bookmark(self, ref: str) -> bool:
        """Star or unstar; True when the article is starred afterwards."""
        if self.is_bookmarked(ref):
            self.kb.local_records.remove_bookmark(ref)
            return False
        self.kb.local_records.add_bookmark(ref)
        return True

    @on_kb_thread
    def bookmarks(self) -> list[Bookmark]:
        out: list[Bookmark] = []
        for ref in self.bookmark_refs():
            law, _, key = ref.partition("#")
            try:
                a = self.article(ref)
            except LawkbError:
                out.append(Bookmark(ref, law, short_title(law), key, [], "", missing=True))
                continue
            status = self.law_status(a.law)
            out.append(Bookmark(ref, a.law, short_title(a.law), a.label, a.path, status))
        return out
