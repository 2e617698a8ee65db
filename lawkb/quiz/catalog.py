"""QuestionCatalog: the questions a collection can offer, law by law, and bank questions.

It holds what the generator needs from the collection (laws with their articles, one
distractor pool per law), loaded lazily and kept for the life of the catalog, so that a
paper or a practice round reads each law once. `KnowledgeBase.question_catalog` builds it
from the collection, the bank folders and the statutory table's loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lawkb.discretion.models import StatutoryRow
from lawkb.errors import NotFound
from lawkb.i18n import _
from lawkb.models import Article, Law, Status, short_title
from lawkb.numerals import ARTICLE_RE, NumeralError, parse_article_key
from lawkb.quiz.bank import Bank, load_banks
from lawkb.quiz.cases import article_cases, deadline_cases, penalty_cases
from lawkb.quiz.distractors import DistractorPool
from lawkb.quiz.generate import ALL_TYPES, generate_for_law, questions_for_article
from lawkb.quiz.lint import keeps
from lawkb.quiz.models import Question, QuestionType, Scope
from lawkb.quiz.validate import validate_question
from lawkb.store import Collection
from lawkb.violations import Violation, default_violations

CITES_REPEALED = "cites-repealed"
BASIS_RE = re.compile(rf"^\s*《?(?P<law>[^《》\s]+?)》?\s*(?P<art>{ARTICLE_RE.pattern})")


StatutoryRows = Callable[[], Sequence[StatutoryRow]]


class QuestionCatalog:
    def __init__(
        self,
        collection: Collection,
        bank_dirs: Sequence[Path],
        statutory_rows: StatutoryRows | None = None,
        violations: Callable[[], Sequence[Violation]] = default_violations,
    ) -> None:
        """statutory_rows: the statutory table's rows (fine ranges of the case questions),
        read on the first call to `cases`; None: no penalty cases."""
        self.collection = collection
        self.bank_dirs = list(bank_dirs)
        self._statutory_rows = statutory_rows
        self._violations = violations
        self._laws: dict[str, Law] = {}
        self._pools: dict[str, DistractorPool] = {}
        self._banks: list[Bank] | None = None
        self._cases: list[Question] | None = None
        self._repealed_names: list[str] | None = None

    # -- laws in scope -----------------------------------------------------------------------
    def law_titles(self, scope: Scope | None = None) -> list[str]:
        """Titles of the laws a scope covers (current law only unless it says otherwise)."""
        scope = scope or Scope()
        summaries = self.collection.laws(include_all=True)
        wanted = {self.collection.resolve_law(name) for name in scope.laws}
        unwanted = {self.collection.resolve_law(name) for name in scope.exclude_laws}
        out = []
        for s in summaries:
            if (wanted and s.title not in wanted) or s.title in unwanted:
                continue
            if scope.categories and s.category.value not in scope.categories:
                continue
            if s.status != Status.CURRENT and not (scope.include_repealed or s.title in wanted):
                continue
            if s.article_count == 0:
                continue
            out.append(s.title)
        return out

    def resolve_law(self, name: str) -> str:
        """A title, short title or alias -> the full title. Raises NotFound."""
        return self.collection.resolve_law(name)

    def law(self, title: str) -> Law:
        if title not in self._laws:
            self._laws[title] = self.collection.law(title)
        return self._laws[title]

    def pool(self, title: str) -> DistractorPool:
        if title not in self._pools:
            self._pools[title] = DistractorPool.from_articles(self.law(title).articles)
        return self._pools[title]

    def article(self, ref: str) -> Article:
        title, _ignored, key = ref.partition("#")
        if title in self._laws:
            for a in self._laws[title].articles:
                if a.key == key:
                    return a
        return self.collection.article_by_ref(ref)

    def fresh_article(self, ref: str) -> Article:
        """The article as the store has it now (what the validator checks against)."""
        return self.collection.article_by_ref(ref)

    # -- generated questions -------------------------------------------------------------------
    def generated(self, title: str, types: Sequence[QuestionType] = ALL_TYPES) -> list[Question]:
        law = self.law(title)
        return generate_for_law(law, types=types, pool=self.pool(title))

    def for_article(
        self, article: Article, types: Sequence[QuestionType] = ALL_TYPES, safe: bool = True
    ) -> list[Question]:
        law = self.law(article.law)
        qs = questions_for_article(article, law, self.pool(article.law), types)
        if self.cites_repealed(article):
            qs = [q.model_copy(update={"flags": [*q.flags, CITES_REPEALED]}) for q in qs]
        if not safe:
            return qs
        return [q for q in qs if validate_question(q, article) == [] and not q.flags]

    def cites_repealed(self, article: Article) -> bool:
        """The article names a law the collection marks repealed (《大气污染防治法》 after the
        Code): a question on it would teach a rule that now reads differently."""
        if self._repealed_names is None:
            names = []
            for s in self.collection.laws(include_all=True):
                if s.status != Status.CURRENT:
                    names += [s.title, short_title(s.title)]
            self._repealed_names = [f"《{n}》" for n in dict.fromkeys(names) if n]
        if self.law(article.law).status != Status.CURRENT:
            return False  # old law is marked as old law already
        return any(n in article.text for n in self._repealed_names)

    # -- case questions ------------------------------------------------------------------------
    def cases(self, scope: Scope | None = None) -> list[Question]:
        """Case questions (fine ranges from the statutory table, deadlines from cases.tsv) on
        the current laws of `scope`."""
        if self._cases is None:
            laws = {t: self.law(t) for t in self.law_titles(Scope())}
            rows = list(self._statutory_rows()) if self._statutory_rows else []
            made = (
                penalty_cases(rows, laws)
                + deadline_cases({law.short_title: law for law in laws.values()})
                + article_cases(self._violations(), laws)
            )
            self._cases = [q for q in made if keeps(q)]
        titles = set(self.law_titles(scope))
        return [q for q in self._cases if q.source.law in titles]

    def for_articles(
        self, articles: Iterable[Article], types: Sequence[QuestionType] = ALL_TYPES
    ) -> list[Question]:
        out: list[Question] = []
        for a in articles:
            out.extend(self.for_article(a, types))
        return out

    # -- banks ---------------------------------------------------------------------------------
    def banks(self) -> list[Bank]:
        if self._banks is None:
            self._banks = load_banks(self.bank_dirs, self)
        return self._banks

    def bank_questions(self, scope: Scope | None = None) -> list[Question]:
        titles = set(self.law_titles(scope))
        return [q for b in self.banks() for q in b.questions if q.source.law in titles]

    def reload_banks(self) -> None:
        self._banks = None

    # -- 依据 --------------------------------------------------------------------------------------
    def resolve_basis(self, basis: str) -> tuple[Article, Law]:
        """《行政处罚法》第三十六条 / 行政处罚法第36条 -> (article, law). Raises NotFound."""
        m = BASIS_RE.match(basis or "")
        if not m:
            raise NotFound(
                _("依据 {basis!r}：应有法规和条文，例如 《行政处罚法》第三十六条").format(
                    basis=basis
                )
            )
        try:
            number, suffix = parse_article_key(m.group("art"))
            title = self.collection.resolve_law(m.group("law"))
        except NumeralError as exc:
            raise NotFound(_("依据 {basis!r}: {exc}").format(basis=basis, exc=exc)) from exc
        except NotFound as exc:
            raise NotFound(_("依据 {basis!r}: {exc}").format(basis=basis, exc=exc)) from exc
        try:
            article = self.collection.article_by_ref(f"{title}#{number}{suffix}")
        except NotFound:
            raise NotFound(
                _("依据 {basis!r}：法规库中的 {title} 没有{m}").format(
                    basis=basis, title=title, m=m.group("art")
                )
            ) from None
        return article, self.collection.law_meta(title)
