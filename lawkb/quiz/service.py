"""QuizService: what the CLI and the TUI hold for quizzes, exams, the wrong-answer book and
review. Thin over the catalog (questions), papers, sessions and the records database.
`KnowledgeBase.quiz_service` builds it from the parts it uses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _
from lawkb.models import Article, Hit
from lawkb.quiz import paper as papers
from lawkb.quiz.bank import ImportReport, import_file
from lawkb.quiz.catalog import QuestionCatalog
from lawkb.quiz.generate import ALL_TYPES
from lawkb.quiz.history import QuizRecords, WrongEntry, utc_now
from lawkb.quiz.models import (
    AttemptResult,
    Paper,
    PaperItem,
    PaperTemplate,
    Question,
    QuestionType,
)
from lawkb.quiz.review import ARTICLE, QUESTION, DueCard
from lawkb.quiz.session import QuizSession
from lawkb.quiz.validate import ValidationReport, validate_all

if TYPE_CHECKING:
    from lawkb.records import Records

PRACTICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.JUDGE, QuestionType.CLOZE)


@dataclass(frozen=True)
class DueItem:
    card: DueCard
    question: Question


@dataclass(frozen=True)
class PracticeScope:
    """What to practise: a law (and a chapter of it), a topic searched for, or weak spots."""

    law: str | None = None
    chapter: str | None = None  # 第三章, or words of a 编/章/节 title
    topic: str | None = None
    weak: bool = False

    def label(self) -> str:
        parts = [p for p in (self.law, self.chapter, self.topic) if p]
        if self.weak:
            parts.append("薄弱条文")
        return " / ".join(parts) or "全部现行法律"


class Search(Protocol):
    def __call__(self, query: str, *, limit: int, law: str | None) -> list[Hit]: ...


class QuizService:
    def __init__(
        self,
        catalog: QuestionCatalog,
        *,
        home: Path,
        records: Callable[[], Records],
        search: Search,
        sync: Callable[[], object] = lambda: None,
        now: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        """home: templates and imported banks (home/quizzes); records: opens this machine's
        records database on first use; search: a topic -> hits; sync: sends attempts waiting
        to a records server, if one is configured."""
        self.catalog = catalog
        self.home = home
        self._open_records = records
        self._search = search
        self._sync = sync
        self.now = now

    @cached_property
    def history(self) -> QuizRecords:
        return QuizRecords(self._open_records(), now=self.now)

    # -- generating ------------------------------------------------------------------------
    def generate(
        self,
        law: str,
        *,
        count: int | None = None,
        types: Sequence[QuestionType] = ALL_TYPES,
        seed: int | None = None,
    ) -> list[Question]:
        """Safe generated questions for one law (a repealed one too, if named), validated."""
        title = self.catalog.resolve_law(law)
        law_obj = self.catalog.law(title)
        qs = self.catalog.for_articles(law_obj.articles, types)
        if seed is not None:
            rng = random.Random(seed)
            qs = rng.sample(qs, min(len(qs), count or len(qs)))
        return qs[:count] if count else qs

    def validate(self, questions: Sequence[Question]) -> ValidationReport:
        return validate_all(questions, self.catalog.fresh_article)

    # -- papers and exams ---------------------------------------------------------------------
    def templates(self) -> dict[str, Path]:
        return papers.list_templates(self.home)

    def template(self, name: str | Path | None = None) -> PaperTemplate:
        return papers.load_template(name, self.home)

    def paper(
        self, template: str | Path | PaperTemplate | None = None, seed: int | None = None
    ) -> Paper:
        tpl = template if isinstance(template, PaperTemplate) else self.template(template)
        return papers.draw_paper(self.catalog, tpl, papers.new_seed() if seed is None else seed)

    def start_exam(
        self,
        officer_id: str,
        template: str | Path | PaperTemplate | None = None,
        seed: int | None = None,
        **session_kw,
    ) -> QuizSession:
        """A mock exam: a fresh draw (new seed) unless a seed is given."""
        self.history.check_officer(officer_id)
        p = self.paper(template, seed)
        return QuizSession(
            officer_id, "exam", p.items, template=p.template, seed=p.seed, **session_kw
        )

    # -- practice -----------------------------------------------------------------------------
    def practice_questions(
        self,
        scope: PracticeScope,
        *,
        officer_id: str | None = None,
        count: int = 10,
        types: Sequence[QuestionType] = PRACTICE_TYPES,
        seed: int | None = None,
    ) -> list[Question]:
        rng = random.Random(seed)
        articles = self._scope_articles(scope, officer_id)
        if not articles:
            raise NotFound(_("{scope} 中没有可练习的内容").format(scope=scope.label()))
        rng.shuffle(articles)
        out: list[Question] = []
        if scope.weak and officer_id:
            out.extend(e.question for e in self.history.wrong_book(officer_id)[:count])
        seen = {q.id for q in out}
        for a in articles:
            if len(out) >= count:
                break
            qs = [q for q in self.catalog.for_article(a, types) if q.id not in seen]
            if qs:
                q = rng.choice(qs)
                out.append(q)
                seen.add(q.id)
        return out[:count]

    def start_practice(
        self,
        officer_id: str,
        scope: PracticeScope,
        *,
        count: int = 10,
        types: Sequence[QuestionType] = PRACTICE_TYPES,
        seed: int | None = None,
        **session_kw,
    ) -> QuizSession:
        self.history.check_officer(officer_id)
        qs = self.practice_questions(
            scope, officer_id=officer_id, count=count, types=types, seed=seed
        )
        items = [PaperItem(number=i, points=1, question=q) for i, q in enumerate(qs, start=1)]
        return QuizSession(
            officer_id, "practice", items, scope=scope.label(), seed=seed, **session_kw
        )

    def _scope_articles(self, scope: PracticeScope, officer_id: str | None) -> list[Article]:
        if scope.weak:
            if not officer_id:
                raise InvalidInput("scope", _("薄弱环节属于某位执法人员：请指明是谁"))
            refs = [ref for ref, _ignored in self.history.weak_articles(officer_id)]
            refs += [c.key for c in self.history.due(officer_id) if c.kind == ARTICLE]
            return [self.catalog.article(r) for r in dict.fromkeys(refs)]
        if scope.topic:
            hits = self._search(scope.topic, limit=40, law=scope.law)
            refs = [f"{h.law}#{h.number}{h.suffix}" for h in hits if h.kind == "article"]
            out = []
            for r in dict.fromkeys(refs):
                try:
                    out.append(self.catalog.article(r))
                except NotFound:
                    continue
            return out
        titles = [self.catalog.resolve_law(scope.law)] if scope.law else self.catalog.law_titles()
        articles = [a for t in titles for a in self.catalog.law(t).articles if not a.deleted]
        if scope.chapter:
            articles = [a for a in articles if any(scope.chapter in p for p in a.path)]
            if not articles:
                raise NotFound(
                    _("{value} 中没有与 {chapter!r} 相符的章节").format(
                        value=scope.law or "法规库", chapter=scope.chapter
                    )
                )
        return articles

    # -- review ---------------------------------------------------------------------------------
    def due(self, officer_id: str, until: dt.datetime | None = None) -> list[DueItem]:
        """Today's review set: the missed questions due, and a question on each weak article
        due (a fresh one where the article has one the officer has not missed)."""
        out: list[DueItem] = []
        seen: set[str] = set()
        for card in self.history.due(officer_id, until):
            if card.kind == QUESTION:
                q = self.history.question(card.key)
                if q is not None and q.id not in seen:
                    out.append(DueItem(card, q))
                    seen.add(q.id)
        for card in self.history.due(officer_id, until):
            if card.kind != ARTICLE:
                continue
            try:
                article = self.catalog.article(card.key)
            except NotFound:
                continue
            fresh = [
                q for q in self.catalog.for_article(article, PRACTICE_TYPES) if q.id not in seen
            ]
            if fresh:
                q = random.Random(f"{officer_id}|{card.key}|{card.reps}").choice(fresh)
                out.append(DueItem(card, q))
                seen.add(q.id)
        return out

    def start_review(self, officer_id: str, limit: int = 30, **session_kw) -> QuizSession:
        items = [
            PaperItem(number=i, points=1, question=d.question)
            for i, d in enumerate(self.due(officer_id)[:limit], start=1)
        ]
        if not items:
            raise NotFound(
                _("执法人员 {officer_id!r} 今天没有到期待复习的题目").format(officer_id=officer_id)
            )
        return QuizSession(officer_id, "review", items, scope="到期复习", **session_kw)

    # -- results -------------------------------------------------------------------------------
    def submit(self, session: QuizSession) -> AttemptResult:
        """Finish and store the attempt (answers, wrong book, review cards, study minutes)."""
        result = session.finish()
        saved = self.history.save_attempt(result, scope=session.scope)
        self._sync()  # configured for a records server: send it now, or it waits
        return saved

    def wrong_book(self, officer_id: str, include_mastered: bool = False) -> list[WrongEntry]:
        return self.history.wrong_book(officer_id, include_mastered)

    # -- banks -----------------------------------------------------------------------------------
    def import_bank(self, path: Path) -> ImportReport:
        return import_file(Path(path), self.catalog, self.home / "quizzes")
