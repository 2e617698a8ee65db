"""The violation catalogue (违法行为目录): what officers call a violation -> its legal basis.

`corpus/violations.tsv` holds one violation a row, references only (never article text):

    id  name  aliases  law  duty  penalty  old_basis  source  note

- aliases: the colloquial names officers type, separated by `|`; `篡改/伪造监测数据` stands for
  both 篡改监测数据 and 伪造监测数据.
- duty / penalty / old_basis: article references separated by `；`, written as the discretion
  standards write them (`第1095条第1款`, `《排污许可管理条例》第33条第1项`). A reference without a
  law belongs to the row's `law`; old_basis references always name their (repealed) law.
- source: ids of `corpus/violations.sources.tsv` (the published 裁量基准 the facts came from),
  separated by `|`.

`load_violations` checks the form of every cell; `validate_violations` checks every reference
against a collection (the article exists, the 款/项 exists, the law is current).
`match_violations` finds the violations a free-text query names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from lawkb.catalogue import Catalogue
from lawkb.crosswalk import (
    CrosswalkLink,
    table_rows,  # the same TSV layout: header, # comments
)
from lawkb.discretion.refs import ArticleRef, parse_ref, split_refs
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError
from lawkb.i18n import _
from lawkb.models import Article, Law, Status
from lawkb.paths import corpus_dir
from lawkb.violation_match import expand, matcher_for, variants

VIOLATIONS_FILE = "violations.tsv"
SOURCES_FILE = "violations.sources.tsv"
COLUMNS = ("id", "name", "aliases", "law", "duty", "penalty", "old_basis", "source", "note")
SOURCE_COLUMNS = ("id", "title", "issuer", "url")
CODE = "中华人民共和国生态环境法典"
_ID_RE = re.compile(r"^[A-Z]{2,4}-\d{2,3}$")
_PRC = "中华人民共和国"
MAX_NOTE = 80  # a note names a reason, it never quotes the law


class Violation(BaseModel):
    """One kind of violation and the articles that decide it."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    law: str = CODE
    duty: list[ArticleRef] = Field(default_factory=list)
    penalty: list[ArticleRef] = Field(default_factory=list)
    old_basis: list[ArticleRef] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    note: str = ""
    line: int = 0  # where it stands in its file, for messages

    @property
    def names(self) -> list[str]:
        """The official name and every alias, variants expanded, without repeats."""
        return list(dict.fromkeys([*variants(self.name), *expand(self.aliases)]))

    @property
    def duty_refs(self) -> list[str]:
        return list(dict.fromkeys(r.ref for r in self.duty))

    @property
    def penalty_refs(self) -> list[str]:
        return list(dict.fromkeys(r.ref for r in self.penalty))

    @property
    def basis_refs(self) -> list[str]:
        """What search shows first for a query naming this violation: penalty, then duty."""
        return list(dict.fromkeys([*self.penalty_refs, *self.duty_refs]))

    @property
    def old_refs(self) -> list[str]:
        return list(dict.fromkeys(r.ref for r in self.old_basis))


class Source(BaseModel):
    id: str
    title: str
    issuer: str = ""
    url: str = ""


# -- reading --------------------------------------------------------------------------------


def _full_title(name: str) -> str:
    """法典 / 大气污染防治法 -> the title the collection uses, from the shipped catalogue and
    aliases (offline). A name it does not know is kept; validation then asks for the title."""
    name = name.strip().strip("《》")
    titles, aliases = _law_names()
    if name in titles:
        return name
    if name in aliases:
        return aliases[name]
    return _PRC + name if _PRC + name in titles else name


@functools.cache
def _law_names() -> tuple[frozenset[str], dict[str, str]]:
    catalogue = Catalogue.load(corpus_dir())
    return frozenset(catalogue.entries), dict(catalogue.aliases)


def _refs(path: Path, n: int, field: str, cell: str, law: str | None) -> list[ArticleRef]:
    out: list[ArticleRef] = []
    for part in split_refs(cell):
        text = part if (law is None or "《" in part or not part.startswith("第")) else law + part
        try:
            ref = parse_ref(text)
        except InvalidInput as exc:
            raise ParseError(path, n, f"{field}: {exc.message}") from None
        ref.law = _full_title(ref.law)  # a fresh object: set in place, no copy
        out.append(ref)
    return out


def _violation(path: Path, n: int, row: dict[str, str]) -> Violation:
    def bad(field: str, expected: str) -> ParseError:
        return ParseError(path, n, f"{field}={row.get(field, '')!r}: expected {expected}")

    if not _ID_RE.match(row["id"]):
        raise bad("id", "an id such as HP-01 (2-4 capitals, a dash, 2-3 digits)")
    if not row["name"]:
        raise bad("name", "the official name of the violation")
    if not row["law"]:
        raise bad("law", "the title of the law that decides it")
    law = _full_title(row["law"])
    penalty = _refs(path, n, "penalty", row["penalty"], law)
    if not penalty:
        raise bad("penalty", "at least one article reference, e.g. 第1102条")
    source = [s.strip() for s in row["source"].split("|") if s.strip()]
    if not source:
        raise bad("source", "the id of at least one source in violations.sources.tsv")
    if len(row["note"]) > MAX_NOTE:
        raise bad("note", f"at most {MAX_NOTE} characters (a note never quotes the law)")
    return Violation(
        id=row["id"],
        name=row["name"],
        aliases=[a.strip() for a in row["aliases"].split("|") if a.strip()],
        law=law,
        duty=_refs(path, n, "duty", row["duty"], law),
        penalty=penalty,
        old_basis=_refs(path, n, "old_basis", row["old_basis"], None),
        source=source,
        note=row["note"],
        line=n,
    )


def load_sources(path: Path | None = None) -> dict[str, Source]:
    path = path or corpus_dir() / SOURCES_FILE
    out: dict[str, Source] = {}
    for n, row in table_rows(path, SOURCE_COLUMNS):
        if not row["id"] or not row["title"]:
            raise ParseError(path, n, _("应有编号和名称"))
        if row["id"] in out:
            raise ParseError(path, n, _("id={id!r}：来源编号重复").format(id=row["id"]))
        out[row["id"]] = Source(**row)
    return out


def load_violations(path: Path | None = None, *, sources: Path | None = None) -> list[Violation]:
    """Read and check the catalogue. Raises ParseError naming the file, line and field."""
    path = path or corpus_dir() / VIOLATIONS_FILE
    known = load_sources(sources or path.with_name(SOURCES_FILE))
    out: list[Violation] = []
    seen: dict[str, int] = {}
    for n, row in table_rows(path, COLUMNS):
        v = _violation(path, n, row)
        if v.id in seen:
            raise ParseError(
                path, n, _("id={id!r}：与第 {seen} 行重复").format(id=v.id, seen=seen[v.id])
            )
        seen[v.id] = n
        missing = [s for s in v.source if s not in known]
        if missing:
            raise ParseError(
                path,
                n,
                _("source={missing!r}：应为 {sources_file} 中的编号").format(
                    missing="|".join(missing), sources_file=SOURCES_FILE
                ),
            )
        out.append(v)
    return out


# -- checking against a collection ----------------------------------------------------------


class _Collection(Protocol):  # lawkb.store.Collection
    def resolve_law(self, name: str) -> str: ...
    def article(self, title: str, article: str | int) -> Article: ...
    def law_meta(self, title: str) -> Law: ...


class ViolationInvalid(LawkbError):
    """A catalogue row whose references do not hold in the collection."""

    def __init__(self, violation: Violation, field: str, message: str) -> None:
        self.violation = violation
        self.field = field
        self.message = message
        super().__init__(
            f"{VIOLATIONS_FILE}:{violation.line}: {violation.id} {violation.name}: "
            f"{field}: {message}"
        )


_ABSENT = "absent"  # _check_ref's answer when the whole law is not in the collection


def _check_ref(collection: _Collection, ref: ArticleRef, current: bool) -> str:
    """An error message, _ABSENT, or '' when the reference holds."""
    try:
        title = collection.resolve_law(ref.law)
    except NotFound:
        return _ABSENT
    if title != ref.law:  # search and quizzes use the refs as written: they must be exact
        return f"{ref.text}: name the law by its title 《{title}》"
    try:
        article = collection.article(title, ref.key)
    except NotFound as exc:
        return f"{ref.text}: {exc}"
    if article.deleted:
        return f"{ref.text}: that article is deleted (删去)"
    if ref.paragraph and ref.paragraph > len(article.paragraphs):
        return f"{ref.text}: {article.label} has {len(article.paragraphs)} 款"
    if ref.item:
        para = article.paragraphs[(ref.paragraph or 1) - 1]
        if ref.item > len(para.items):
            return f"{ref.text}: that 款 has {len(para.items)} 项"
    if current:
        status = collection.law_meta(title).status
        if status in (Status.REPEALED, Status.PENDING):
            return f"{ref.text}: {title} is {status.value}, expected a current law"
    return ""


def validate_violations(
    violations: Iterable[Violation], collection: _Collection, *, absent_laws: str = "error"
) -> list[tuple[Violation, ArticleRef]]:
    """Every duty and penalty article exists and is current; every old-law article exists.

    Raises ViolationInvalid naming the first row that fails, with the reference and why. A law
    missing from the collection altogether (a fresh install holds no 行政法规) is an error too,
    unless absent_laws="skip": then those references are returned, to be left out or reported.
    """
    if absent_laws not in ("error", "skip"):
        raise ValueError(f"absent_laws={absent_laws!r}: expected 'error' or 'skip'")
    skipped: list[tuple[Violation, ArticleRef]] = []
    for v in violations:
        for field, refs, current in (
            ("duty", v.duty, True),
            ("penalty", v.penalty, True),
            ("old_basis", v.old_basis, False),
        ):
            for ref in refs:
                problem = _check_ref(collection, ref, current)
                if problem == _ABSENT and absent_laws == "skip":
                    skipped.append((v, ref))
                elif problem == _ABSENT:
                    missing = f"{ref.text}: {ref.law} is not in the collection"
                    raise ViolationInvalid(v, field, missing)
                elif problem:
                    raise ViolationInvalid(v, field, problem)
    return skipped


def crosswalk_gaps(
    violations: Iterable[Violation], links: Iterable[CrosswalkLink]
) -> list[tuple[Violation, list[str]]]:
    """Rows none of whose repealed-law articles the crosswalk links to one of their articles."""
    links = list(links)
    old_laws = {link.old_law for link in links}
    successors: dict[str, set[str]] = {}
    for link in links:
        if link.new_ref:
            successors.setdefault(link.old_ref, set()).add(link.new_ref)
    out: list[tuple[Violation, list[str]]] = []
    for v in violations:
        repealed = [r.ref for r in v.old_basis if r.law in old_laws]
        code = set(v.duty_refs) | set(v.penalty_refs)
        if repealed and not any(successors.get(r, set()) & code for r in repealed):
            out.append((v, repealed))
    return out


@functools.cache
def default_violations() -> tuple[Violation, ...]:
    """The shipped catalogue, read once per process (search calls the matcher per query)."""
    return tuple(load_violations())


def match_violations(text: str, violations: Sequence[Violation]) -> list[tuple[Violation, str]]:
    """The violations a query names, in the order they appear, with the name that matched.

    `企业未批先建怎么处罚` -> [(未批先建 …, '未批先建')]. A longer name wins over the names it
    contains. The matcher is built once per catalogue list and reused.
    """
    return matcher_for(violations).match(text)
