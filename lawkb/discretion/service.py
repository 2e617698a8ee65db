"""The discretion parts, built once from the collection, the corpus folder and the home: the
statutory table, the standards and the calculator; and what the CLI and the TUI ask of them
(the statutory rows, the standards with their checks, an XLSX import, a match for words).
Both print or render what these return; `--json` dumps it as it is.

`KnowledgeBase.discretion` holds the one the CLI and the TUI use.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from lawkb.discretion.articles import ArticleSource, CollectionArticles
from lawkb.discretion.calculator import Calculator
from lawkb.discretion.models import StatutoryRow
from lawkb.discretion.results import Match
from lawkb.discretion.standard import STANDARD_DIR, Standard, load_standards, standard_dirs
from lawkb.discretion.standard_checks import Problem, validate_standard
from lawkb.discretion.table import StatutoryTable, open_table
from lawkb.discretion.xlsx_import import ImportResult, import_xlsx, save_import
from lawkb.errors import InvalidInput, LawkbError, NotFound
from lawkb.i18n import _
from lawkb.numerals import NumeralError, parse_article_key


class ViolationSummary(BaseModel):
    id: str
    name: str
    basis: str
    tiers: list[str]


class StandardReport(BaseModel):
    """One standard as `discretion standards` lists it, with the problems its check found."""

    name: str
    path: str
    sample: bool
    description: str
    violations: list[ViolationSummary]
    checked: bool  # False when the collection is empty (nothing to check against)
    problems: list[Problem] = Field(default_factory=list)


def row_view(row: StatutoryRow) -> dict[str, Any]:
    """A statutory row for `--json`: the row, its article key and its fines in words."""
    return row.model_dump(mode="json") | {
        "article": row.key,
        "fines_text": [f.label() for f in row.fines],
    }


class Discretion:
    def __init__(
        self,
        articles: ArticleSource,
        corpus: Path,
        home: Path,
        *,
        table: StatutoryTable | None = None,
        standards: list[Standard] | None = None,
    ) -> None:
        self.articles = articles
        self.corpus = Path(corpus)
        self.home = Path(home)
        if table is not None:
            self.__dict__["table"] = table
        if standards is not None:
            self.__dict__["standards"] = standards

    @classmethod
    def open(cls, collection: Any, corpus: Path, home: Path) -> Discretion:
        """From a `Collection`, the corpus folder (statutory.tsv, shipped standards) and the
        home (imported standards)."""
        return cls(CollectionArticles(collection, corpus), corpus, home)

    # -- the parts, read on first use ---------------------------------------------------------
    @cached_property
    def table(self) -> StatutoryTable:
        return open_table(self.corpus, self.articles)

    @cached_property
    def standards(self) -> list[Standard]:
        return load_standards(standard_dirs(self.corpus, self.home))

    @cached_property
    def calculator(self) -> Calculator:
        return Calculator(self.articles, self.table, self.standards)

    @property
    def user_dir(self) -> Path:
        """Where imported standards are saved."""
        return self.home / STANDARD_DIR

    # -- what the commands and screens ask ----------------------------------------------------
    def statutory_rows(
        self, law: str | None = None, article: str | None = None, stale: bool = False
    ) -> list[StatutoryRow]:
        rows = self.table.rows
        if law:
            title = self.law_title(law)
            rows = [r for r in rows if r.law == title]
        if article:
            try:
                number, suffix = parse_article_key(article)
            except NumeralError:
                message = f"{article!r} 不是条号（应写成 59、第五十九条 或 338之一）"
                raise InvalidInput("--article", message) from None
            rows = [r for r in rows if r.number == number and r.suffix == suffix]
        if stale:
            rows = [r for r in rows if r.stale]
        return rows

    def law_title(self, name: str) -> str:
        """A law's full title: from the collection, or the one table law whose title has it."""
        if not self.articles.is_empty():
            try:
                return self.articles.resolve_law(name)
            except NotFound:
                pass
        matches = [t for t in self.table.laws() if name in t]
        if len(matches) == 1:
            return matches[0]
        raise NotFound(_("法律 {name!r}：法定幅度表中没有它的条文").format(name=name))

    def standard_reports(self) -> list[StandardReport]:
        """Every standard (shipped and imported), checked when the collection has articles."""
        checked = not self.articles.is_empty()
        return [
            StandardReport(
                name=std.name,
                path=std.path,
                sample=std.sample,
                description=std.description,
                violations=[
                    ViolationSummary(
                        id=v.id, name=v.name, basis=v.basis, tiers=[t.name for t in v.tiers]
                    )
                    for v in std.violations
                ],
                checked=checked,
                problems=validate_standard(std, self.articles, self.table) if checked else [],
            )
            for std in self.standards
        ]

    def import_xlsx(
        self, path: Path, name: str | None = None, replace: bool = False, dry_run: bool = False
    ) -> ImportResult:
        """Check an XLSX standard and, unless `dry_run`, save its valid rows to `user_dir`."""
        if self.articles.is_empty():
            raise LawkbError(_("条文库为空：请先运行 `lawkb import`（导入时要核对条文）"))
        result = import_xlsx(self.articles, self.table, path, name=name)
        result.dry_run = dry_run
        if result.standard is not None and not dry_run:
            save_import(result, self.user_dir, replace=replace)
            self.__dict__.pop("standards", None)
            self.__dict__.pop("calculator", None)
        return result

    def match(
        self,
        query: str | None,
        *,
        pick: str | None = None,
        standard: str | None = None,
        limit: int = 8,
    ) -> Match:
        """The violation the words name, or the close candidates to choose from."""
        if self.articles.is_empty():
            raise LawkbError(_("条文库为空：请先运行 `lawkb import`"))
        return self.calculator.match(query, pick=pick, standard=standard, limit=limit)
