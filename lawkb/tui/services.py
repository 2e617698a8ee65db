"""What the app asks of the knowledge base, in the shape the screens need.

The App and the screens hold no business logic: they call these methods (mostly from
`@work(thread=True)` workers) and show what comes back. Everything here is plain Python
over `lawkb.kb.KnowledgeBase`; nothing imports textual, so it can be tested on its own.

Heavy parts (jieba, Whoosh, SQLite) are opened lazily on first use, never at import time:
the first screen must appear before any of them has loaded.

Threads: SQLite objects may only be used by the thread that made them, and the app calls
from many workers. So every call into the knowledge base runs on ONE thread that Services
owns (`KbThread`); public methods hop onto it and wait. Call them from `@work(thread=True)`
workers, not from the UI thread, so that a long job (an index rebuild) never freezes keys.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from lawkb.errors import LawkbError, NotFound
from lawkb.models import Category, Status

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.models import Article, Hit, Law
    from lawkb.tui.records_queue import RecordsQueue

Progress = Callable[[str, int, int], None]  # (stage, done, total)
P = ParamSpec("P")
R = TypeVar("R")

#: The query run once at start-up, so that jieba and the index are loaded before the
#: officer's first keystroke rather than during it.
WARM_UP_QUERY = "环境"

CATEGORY_ORDER: list[str] = [c.value for c in Category]


@dataclass(frozen=True)
class Filters:
    """Search filters the officer toggles from the keyboard."""

    include_all: bool = False  # False: current law only; True: repealed versions too
    category: str | None = None
    law: str | None = None  # full title

    def describe(self) -> str:
        parts = ["全部版本" if self.include_all else "现行有效"]
        parts.append(self.category or "全部类别")
        parts.append(self.law or "全部法规")
        return " · ".join(parts)


@dataclass(frozen=True)
class Startup:
    """What the start-up worker found."""

    empty: bool
    rebuilt: bool = False
    law_count: int = 0
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A reference inside an article's text: `line` indexes `article_lines(article)`."""

    line: int
    start: int
    end: int
    text: str
    target: str | None  # article ref, or None when it names nothing in the collection
    paragraph: int | None = None  # 1-based 款 of the target, when the text names one
    internal: bool = False  # 前款, 本条 …: a place in the same article


@dataclass(frozen=True)
class Related:
    """An article linked to the one shown: a successor, predecessor or citing article."""

    ref: str
    title: str  # "生态环境法典 第一千零三条"
    note: str = ""  # kind and confidence of a crosswalk link; the citing words
    status: str = ""  # the linked law's status


@dataclass
class OutlineNode:
    """A 编/章/节 of a law's table of contents, with its articles in order."""

    title: str
    children: list[OutlineNode] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    """Everything the reader shows for one article, fetched in one go."""

    article: Article
    status: str
    prev: Article | None
    next: Article | None
    links: list[Link]
    successors: list[Related]
    predecessors: list[Related]
    cited_by: list[Related]
    starred: bool
    problems: list[str] = field(default_factory=list)  # parts that could not be read


@dataclass(frozen=True)
class Bookmark:
    ref: str
    law: str
    short_title: str
    label: str
    path: list[str]
    status: str
    missing: bool = False  # the law is no longer in the collection


def article_lines(article: Article) -> list[tuple[str, bool]]:
    """The lines of an article as the reader lays them out: (text, is_item).

    The order is the one of `Article.text` (paragraph, then its items), so that offsets
    into `Article.text` map onto these lines.
    """
    lines: list[tuple[str, bool]] = []
    for paragraph in article.paragraphs:
        if paragraph.text:
            lines.append((paragraph.text, False))
        lines.extend((item, True) for item in paragraph.items if item)
    return lines


def short_title(title: str) -> str:
    return title.removeprefix("中华人民共和国") or title


def silence_jieba() -> None:
    """jieba logs "Building prefix dict …" to the stderr it saw at import time.

    If it was imported before the app took the terminal, that stream is the real
    terminal and the lines would tear the screen: send them nowhere instead.
    """
    jieba = sys.modules.get("jieba")
    if jieba is None:
        return
    logger = logging.getLogger("jieba")
    logger.setLevel(logging.ERROR)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


class KbThread:
    """One daemon thread that runs every knowledge-base call, in order."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future, Callable[[], Any]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="lawkb-kb", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            future, job = self._jobs.get()
            if job is _STOP:
                future.set_result(None)
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as exc:  # handed to the caller, raised there
                future.set_exception(exc)

    def call(self, job: Callable[[], R]) -> R:
        if threading.current_thread() is self._thread:
            return job()
        if not self._thread.is_alive():
            raise LawkbError("the knowledge base is closed")
        return self.submit(job).result()

    def submit(self, job: Callable[[], R]) -> Future[R]:
        future: Future[R] = Future()
        self._jobs.put((future, job))
        return future

    def stop(self, timeout: float | None = None) -> None:
        """End the thread once the queued jobs are done (wait at most `timeout` seconds)."""
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            with contextlib.suppress(TimeoutError):
                self.submit(_STOP).result(timeout)


def _STOP() -> None:  # marker job: ends KbThread._run
    return None


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

    def close(self, timeout: float = 3.0) -> None:
        """Close the index, the collection and the records, on the thread that opened them.

        Waits at most `timeout` seconds: quitting during an index rebuild must not hang
        (the rebuild is atomic, so abandoning it loses nothing).
        """

        if threading.current_thread() is self.kb_thread._thread:
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
        if progress and self.kb.index.status() != "ok":
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
        from lawkb.query import parse_query

        def job() -> str | None:
            for ref in parse_query(query, self.kb.collection.aliases()).refs:
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
        """The law's 编/章/节 tree; articles hang under the deepest heading above them."""
        law = self.law(title)
        root = OutlineNode(title=law.title)
        index: dict[tuple[str, ...], OutlineNode] = {(): root}
        for article in law.articles:
            parent = root
            for depth in range(1, len(article.path) + 1):
                key = tuple(article.path[:depth])
                node = index.get(key)
                if node is None:
                    node = OutlineNode(title=article.path[depth - 1])
                    index[key] = node
                    parent.children.append(node)
                parent = node
            parent.articles.append(article)
        return root

    @on_kb_thread
    def page(self, ref: str) -> Page:
        """The reader's page for an article. Raises NotFound."""
        article = self.article(ref)
        prev, nxt = self.neighbours(article)
        problems: list[str] = []

        def extra(what: str, fn: Callable[[], list[R]]) -> list[R]:
            # links are derived data: if they cannot be read, the article still shows
            try:
                return fn()
            except Exception as exc:
                problems.append(f"{what}暂不可用（{type(exc).__name__}: {exc}）")
                return []

        return Page(
            article=article,
            status=self.law_status(article.law),
            prev=prev,
            next=nxt,
            links=extra("引用", lambda: self.links(article)),
            successors=extra("法典对应条文", lambda: self.successors(article.ref)),
            predecessors=extra("旧法条文", lambda: self.predecessors(article.ref)),
            cited_by=extra("引用本条的条文", lambda: self.cited_by(article.ref)),
            starred=self.is_bookmarked(article.ref),
            problems=problems,
        )

    # -- links between articles --------------------------------------------------------
    @on_kb_thread
    def links(self, article: Article) -> list[Link]:
        """References inside the article's text, as resolved at import (lawkb.links)."""
        return links_on_lines(article, self.kb.references(article.ref))

    @on_kb_thread
    def successors(self, ref: str) -> list[Related]:
        return [_crosswalk_related(c) for c in self._quiet(self.kb.successors, ref)]

    @on_kb_thread
    def predecessors(self, ref: str) -> list[Related]:
        return [_crosswalk_related(c) for c in self._quiet(self.kb.predecessors, ref)]

    @on_kb_thread
    def cited_by(self, ref: str) -> list[Related]:
        out: list[Related] = []
        seen: set[str] = set()
        for c in self._quiet(self.kb.cited_by, ref):
            if c.ref in seen:  # one line per citing article, not per 款
                continue
            seen.add(c.ref)
            note = " ".join(c.text.split())
            out.append(Related(c.ref, f"{c.short_title} {c.article}", note, c.status))
        return out

    @staticmethod
    def _quiet(fn: Callable[[str], list[R]], ref: str) -> list[R]:
        try:
            return list(fn(ref))
        except NotFound:  # e.g. a bookmark whose law is no longer in the collection
            return []

    # -- the records server (lawkb.tui.records_queue) -----------------------------------
    @on_kb_thread
    def records_queue(self) -> RecordsQueue:
        from lawkb.tui.records_queue import records_queue

        return records_queue(self.kb)

    @on_kb_thread
    def sync_records(self) -> RecordsQueue:
        from lawkb.tui.records_queue import sync_records

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


# -- helpers ---------------------------------------------------------------------------
KIND_NAMES = {"same": "规则相同", "changed": "规则有变化", "merged": "合并规定"}


def describe_ref(ref: str) -> str:
    """ "中华人民共和国刑法#338之一" -> "刑法 第三百三十八条之一"."""
    from lawkb.numerals import article_label, parse_article_key

    law, _, key = ref.partition("#")
    try:
        label = article_label(*parse_article_key(key))
    except ValueError:
        label = key
    return f"{short_title(law)} {label}"


def _crosswalk_related(item: Any) -> Related:
    note = f"{KIND_NAMES.get(item.kind, item.kind)} · 置信度 {item.confidence:.0%}"
    if item.stale:
        note += " · 原文已变，待复核"
    return Related(item.ref, f"{item.short_title} {item.article}", note, item.status)


def links_on_lines(article: Article, references: Any) -> list[Link]:
    """Map references (offsets into `Article.text`) onto the reader's lines.

    "本法第八十六条、第八十七条" comes as one span with two targets: each link is narrowed
    to its own label inside the span where the label is written out, so that Tab steps
    through them visibly. A range (第六十七条至第六十九条) keeps the whole span.
    """
    lines = article_lines(article)
    starts: list[int] = []  # where each line starts inside Article.text
    pos = 0
    for text, _ in lines:
        starts.append(pos)
        pos += len(text) + 1
    links: list[Link] = []
    for r in references:
        line = max((i for i, s in enumerate(starts) if s <= r.start), default=0)
        start, end = r.start - starts[line], min(r.end - starts[line], len(lines[line][0]))
        if start < 0 or end <= start:
            continue
        shared = [o for o in references if (o.start, o.end) == (r.start, r.end)]
        if len(shared) > 1 and r.article:
            span = lines[line][0][start:end]
            if span.count(r.article) == 1:
                start += span.index(r.article)
                end = start + len(r.article)
        target = r.target if r.resolved else None
        text = lines[line][0][start:end]
        links.append(Link(line, start, end, text, target, r.paragraph, r.internal))
    return links
