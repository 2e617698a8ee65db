"""KnowledgeBase: the composition root that the CLI, the TUI and the benchmarks hold.

It builds the parts and hands each only what it needs: the `Collection`, the `IndexManager`,
the linker (`LawLinks`), `Searcher(collection, index, linker)`, the records, the quiz service
and its question catalog, the discretion calculator. No library module imports this one;
screens and commands never reach into the store or the index directly.

Parts are opened on first use. The parts that `lawkb search` and `lawkb show` never touch
(records, quizzes, discretion) are imported there too, for start-up time: each such import
says what it would add to `lawkb search` (`python -X importtime`, the module's own subtree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lawkb import links, views
from lawkb.compare import Comparison, compare_articles, compare_link
from lawkb.errors import NotFound
from lawkb.i18n import _
from lawkb.importer import ImportReport, import_builtin, import_paths
from lawkb.index.build import IndexManager
from lawkb.links import Citation, CrosswalkItem, LinkReport, Reference
from lawkb.models import Article, Hit, Law
from lawkb.numerals import NumeralError, parse_article_key
from lawkb.paths import corpus_dir, default_home, quizzes_dir
from lawkb.recovery import Recovery, open_or_recover
from lawkb.search import Searcher
from lawkb.search_links import LawLinks
from lawkb.store import Collection, LawSummary

if TYPE_CHECKING:
    from lawkb.discretion.models import StatutoryRow
    from lawkb.discretion.service import Discretion
    from lawkb.quiz.catalog import QuestionCatalog
    from lawkb.quiz.service import QuizService
    from lawkb.records import Records
    from lawkb.records.outbox import SyncResult

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class KnowledgeBase:
    def __init__(self, home: Path | None = None, *, corpus: Path | None = None) -> None:
        self.home = Path(home) if home else default_home()
        self.home.mkdir(parents=True, exist_ok=True)
        self.corpus = corpus or corpus_dir()
        self.recovery: Recovery | None = None

    # -- parts, opened lazily so that start-up stays fast ------------------------------
    @cached_property
    def collection(self) -> Collection:
        """Opened on first use; a damaged file is kept aside and rebuilt from its sources
        (what happened is in `self.recovery`, for the CLI and the TUI to say)."""
        collection, self.recovery = open_or_recover(self.home / "collection.db", self.corpus)
        return collection

    @cached_property
    def index(self) -> IndexManager:
        return IndexManager(self.home / "index", self.collection, corpus=self.corpus)

    @cached_property
    def linker(self) -> LawLinks:
        """What the law links (crimes, violations, successors) for the searcher."""
        return LawLinks(self.collection, self.corpus)

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.collection, self.index, self.linker)

    @cached_property
    def records(self) -> Records:
        """The ledger: home/records.db, or the server in LAWKB_RECORDS_URL / config.toml."""
        from lawkb.records.backend import open_records  # why: +70 ms on `lawkb search`

        return open_records(self.home)

    @cached_property
    def local_records(self) -> Records:
        """This machine's records.db (practice, reviews, bookmarks, minutes waiting to send)."""
        from lawkb.records import backend  # why: +70 ms on `lawkb search`

        if backend.records_url(self.home) is None:
            return self.records
        return backend.open_local(self.home)

    def sync_records(self, timeout: int = 3, roster: bool = False) -> SyncResult | None:
        """Send the quiz attempts and minutes waiting in records.db to the records server
        (None when no server is configured). Never raises for an unreachable server."""
        from lawkb.records import backend, outbox  # why: +210 ms on `lawkb search`

        url = backend.records_url(self.home)
        if url is None:
            return None
        return outbox.sync(self.local_records, url, timeout=timeout, roster=roster)

    def question_catalog(self, bank_dirs: Iterable[Path] | None = None) -> QuestionCatalog:
        """The questions on offer: generated, from the banks (the shipped ones and
        home/quizzes unless `bank_dirs` says otherwise) and case questions."""
        from lawkb.quiz.catalog import QuestionCatalog  # why: +310 ms on `lawkb search`

        dirs = list(bank_dirs) if bank_dirs is not None else [quizzes_dir(), self.home / "quizzes"]
        return QuestionCatalog(self.collection, dirs, statutory_rows=self._statutory_rows)

    def quiz_service(self, now: Callable[[], dt.datetime] | None = None) -> QuizService:
        """Quizzes, exams, the wrong-answer book and review over this knowledge base."""
        from lawkb.quiz.service import QuizService  # why: +500 ms on `lawkb search`

        return QuizService(
            self.question_catalog(),
            home=self.home,
            records=lambda: self.local_records,
            search=self.search,
            sync=self.sync_records,
            **({"now": now} if now else {}),
        )

    @cached_property
    def discretion(self) -> Discretion:
        """The statutory table, the bureau's standards and the calculator, over this
        collection, the shipped corpus and the home's imported standards."""
        from lawkb.discretion.service import Discretion  # why: +55 ms on `lawkb search`

        return Discretion.open(self.collection, self.corpus, self.home)

    def _statutory_rows(self) -> list[StatutoryRow]:
        """The statutory table (corpus/statutory.tsv) checked against the collection."""
        return self.discretion.table.rows

    def close(self) -> None:
        """Close whatever was opened (index, collection, records)."""
        parts = self.__dict__  # cached_property: only what was opened
        if "index" in parts:
            self.index.close()
        if "collection" in parts:
            self.collection.db.close()
        if "records" in parts:
            self.records.close()
        if "local_records" in parts and parts["local_records"] is not parts.get("records"):
            self.local_records.close()

    # -- import ------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path], progress: Progress | None = None) -> ImportReport:
        return import_paths(self.collection, [Path(p) for p in paths], progress=progress)

    def import_builtin(
        self,
        progress: Progress | None = None,
        titles: list[str] | None = None,
        *,
        all_laws: bool = False,
    ) -> ImportReport:
        """The catalogue's laws (or these titles, or every law) from the built-in source."""
        return import_builtin(self.collection, progress, titles, all_laws=all_laws)

    def is_empty(self) -> bool:
        return self.collection.count_laws() == 0

    # -- reading -------------------------------------------------------------------------
    def laws(self, include_all: bool = False) -> list[LawSummary]:
        return self.collection.laws(include_all=include_all)

    def resolve_law(self, name: str) -> str:
        """A title, short title or alias -> the full title. Raises NotFound."""
        return self.collection.resolve_law(name)

    def law(self, name: str) -> Law:
        return self.collection.law(self.resolve_law(name))

    def article(self, law: str, article: str | int) -> Article:
        """article: 59, "第五十九条", "338之一". Raises NotFound."""
        return self.collection.article(self.resolve_law(law), article)

    def article_by_ref(self, ref: str) -> Article:
        return self.collection.article_by_ref(ref)

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        return self.collection.neighbours(article)

    def aliases(self) -> dict[str, str]:
        """alias or short title -> full title, for every law in the collection."""
        return self.collection.aliases()

    def article_page(self, article: Article, *, tolerant: bool = False) -> views.ArticlePage:
        """The article with its law and every link: what `show --json` and the reader render."""
        return views.article_page(self.collection, self, article, tolerant=tolerant)

    def superseded_by(self, successor: str) -> list[str]:
        """The laws in the collection that the catalogue says `successor` replaced."""
        present = {law.title for law in self.laws(include_all=True)}
        entries = self.collection.catalogue.entries.values()
        return [e.title for e in entries if e.superseded_by == successor and e.title in present]

    # -- search --------------------------------------------------------------------------
    def index_status(self) -> str:
        """ "ok", or why the index must be rebuilt (missing, stale, damaged)."""
        return self.index.status()

    def ensure_index(self, progress: Progress | None = None) -> bool:
        """Build the index if it is missing, corrupt or stale. True when it was rebuilt."""
        return self.index.ensure(progress=progress)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        include_all: bool = False,
        category: str | None = None,
        law: str | None = None,
    ) -> list[Hit]:
        opts = {"limit": limit, "include_all": include_all, "category": category, "law": law}
        try:
            return self.searcher.search(query, **opts)
        except Exception as exc:
            if not self.index.repair(exc):  # damage found while reading: rebuilt, say why
                raise
        return self.searcher.search(query, **opts)

    # -- links: references and the old-law/Code crosswalk (lawkb/links.py) ---------------
    def _link_ref(self, ref: str) -> str:
        """Accept 中华人民共和国环境保护法#59 and also 环保法#第五十九条: -> the stored ref."""
        law, sep, key = ref.partition("#")
        if not sep or not key:
            raise NotFound(_("条文 {ref!r}：应为 法规#条文，例如 环境保护法#59").format(ref=ref))
        try:
            number, suffix = parse_article_key(key)
        except NumeralError:
            return f"{self.resolve_law(law)}#{key}"  # a section of a 规范性文件: "s3"
        return f"{self.resolve_law(law)}#{number}{suffix}"

    def references(self, ref: str) -> list[Reference]:
        """References inside an article's text (offsets into `Article.text`)."""
        self._fresh_links()
        return links.references(self.collection, self._link_ref(ref))

    def cited_by(self, ref: str) -> list[Citation]:
        """Other articles whose text refers to this one."""
        self._fresh_links()
        return links.cited_by(self.collection, self._link_ref(ref))

    def successors(self, ref: str) -> list[CrosswalkItem]:
        """Code articles that carry the rule of a repealed article (crosswalk.tsv)."""
        self._fresh_links()
        return links.successors(self.collection, self._link_ref(ref))

    def predecessors(self, ref: str) -> list[CrosswalkItem]:
        """Articles of the repealed laws whose rule a Code article carries."""
        self._fresh_links()
        return links.predecessors(self.collection, self._link_ref(ref))

    def _fresh_links(self) -> None:
        """Once per KnowledgeBase: rebuild the link tables if they are missing or outdated."""
        if not getattr(self, "_links_checked", False):
            links.ensure_links(self.collection, self.corpus)
            self._links_checked = True

    def rebuild_links(self) -> LinkReport:
        return links.rebuild_links(self.collection, self.corpus)

    def compare(self, old_ref: str, new_ref: str | None = None) -> Comparison:
        """What changed between a repealed article and a successor (the first when not named)."""
        old = self.article_by_ref(self._link_ref(old_ref))
        if new_ref is None:
            found = self.successors(old.ref) or self.predecessors(old.ref)
            if not found:
                raise NotFound(_("{ref}：新旧对照表中没有承继或前身条文").format(ref=old.ref))
            new_ref = found[0].ref
        new = self.article_by_ref(self._link_ref(new_ref))
        link = next((s for s in self.successors(old.ref) if s.ref == new.ref), None)
        if link is None:  # compared the other way round, or not linked: the whole articles
            return compare_articles(old, new)
        return compare_link(old, new, link.part, link.new_part)  # the part the link carries
