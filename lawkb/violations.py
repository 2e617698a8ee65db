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

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from lawkb.crosswalk import CrosswalkLink
from lawkb.crosswalk import _rows as table_rows  # the same TSV layout: header, # comments
from lawkb.discretion.refs import ArticleRef, parse_ref, split_refs
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError
from lawkb.models import Article, Law, Status
from lawkb.paths import corpus_dir

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
        return list(dict.fromkeys([*_variants(self.name), *_expand(self.aliases)]))

    @property
    def duty_refs(self) -> list[str]:
        return list(dict.fromkeys(r.ref for r in self.duty))

    @property
    def penalty_refs(self) -> list[str]:
        return list(dict.fromkeys(r.ref for r in self.penalty))

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
    """法典 / 大气污染防治法 -> the full title the collection uses (offline, from aliases.tsv)."""
    name = name.strip().strip("《》")
    aliases = _law_aliases()
    if name in aliases:
        return aliases[name]
    if name.endswith("法") and not name.startswith(_PRC):
        return _PRC + name
    return name


_ALIASES: dict[str, str] | None = None


def _law_aliases() -> dict[str, str]:
    global _ALIASES
    if _ALIASES is None:
        path = corpus_dir() / "aliases.tsv"
        amap: dict[str, str] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 2 and not line.startswith("#"):
                    amap[parts[0].strip()] = parts[1].strip()
        _ALIASES = amap
    return _ALIASES


def _refs(path: Path, n: int, field: str, cell: str, law: str | None) -> list[ArticleRef]:
    out: list[ArticleRef] = []
    for part in split_refs(cell):
        text = part if (law is None or "《" in part or not part.startswith("第")) else law + part
        try:
            ref = parse_ref(text)
        except InvalidInput as exc:
            raise ParseError(path, n, f"{field}: {exc.message}") from None
        out.append(ref.model_copy(update={"law": _full_title(ref.law)}))
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
            raise ParseError(path, n, "expected an id and a title")
        if row["id"] in out:
            raise ParseError(path, n, f"id={row['id']!r}: duplicate source id")
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
            raise ParseError(path, n, f"id={v.id!r}: duplicate of line {seen[v.id]}")
        seen[v.id] = n
        missing = [s for s in v.source if s not in known]
        if missing:
            raise ParseError(
                path, n, f"source={'|'.join(missing)!r}: expected ids of {SOURCES_FILE}"
            )
        out.append(v)
    return out


# -- checking against a collection ----------------------------------------------------------


class _Collection(Protocol):
    def resolve_law(self, name: str) -> str: ...
    def article(self, law: str, article: str | int) -> Article: ...


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


def _law_meta(collection: _Collection, title: str) -> Law:
    store = getattr(collection, "collection", collection)  # a KnowledgeBase or a Collection
    return store.law_meta(title)


def _check_ref(collection: _Collection, ref: ArticleRef, current: bool) -> str:
    """An error message, or '' when the reference holds."""
    try:
        title = collection.resolve_law(ref.law)
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
        status = _law_meta(collection, title).status
        if status in (Status.REPEALED, Status.PENDING):
            return f"{ref.text}: {title} is {status.value}, expected a current law"
    return ""


def validate_violations(violations: Iterable[Violation], collection: _Collection) -> None:
    """Every duty and penalty article exists and is current; every old-law article exists.

    Raises ViolationInvalid naming the first row that fails, with the reference and why.
    """
    for v in violations:
        for field, refs, current in (
            ("duty", v.duty, True),
            ("penalty", v.penalty, True),
            ("old_basis", v.old_basis, False),
        ):
            for ref in refs:
                problem = _check_ref(collection, ref, current)
                if problem:
                    raise ViolationInvalid(v, field, problem)


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


# -- matching free text ---------------------------------------------------------------------

_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]")


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, no spaces or punctuation: 拒绝、阻挠 -> 拒绝阻挠."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def _variants(name: str) -> list[str]:
    """篡改/伪造监测数据 -> both; 未批先建（报告书） -> also 未批先建."""
    out = [name]
    bare = _PAREN_RE.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    expanded: list[str] = []
    for term in out:
        m = re.search(r"([^/、]+(?:/[^/、]+)+)", term)
        if m and "/" in term:
            head, tail = term[: m.start()], term[m.end() :]
            words = m.group(1).split("/")
            # the shared tail is in the last word: 篡改/伪造监测数据 -> 篡改 + 监测数据
            last = words[-1]
            stem = max((w for w in words[:-1]), key=len)
            shared = last[len(stem) :] if len(last) > len(stem) else ""
            for w in words[:-1]:
                expanded.append(head + w + shared + tail)
            expanded.append(head + last + tail)
        else:
            expanded.append(term)
    return [t for t in dict.fromkeys(expanded) if len(normalize(t)) >= 2]


def _expand(aliases: Sequence[str]) -> list[str]:
    return [v for a in aliases for v in _variants(a)]


class ViolationMatcher:
    """All names of a catalogue, indexed by first character for a fast scan of a query."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        by_term: dict[str, list[Violation]] = {}
        for v in violations:
            for term in v.names:
                key = normalize(term)
                bucket = by_term.setdefault(key, [])
                if v not in bucket:
                    bucket.append(v)
        self._terms = by_term
        self._first: dict[str, list[str]] = {}
        for term in sorted(by_term, key=len, reverse=True):
            self._first.setdefault(term[0], []).append(term)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Maximal matches: (start, end, term), a match inside a longer one dropped."""
        q = normalize(text)
        found: list[tuple[int, int, str]] = []
        for i, ch in enumerate(q):
            for term in self._first.get(ch, ()):
                if q.startswith(term, i):
                    found.append((i, i + len(term), term))
                    break  # terms are longest first: the rest are contained in this one
        return [
            s
            for s in found
            if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in found)
        ]

    def match(self, text: str) -> list[tuple[Violation, str]]:
        out: list[tuple[Violation, str]] = []
        seen: set[str] = set()
        for _, _, term in self.spans(text):
            for v in self._terms[term]:
                if v.id not in seen:
                    seen.add(v.id)
                    out.append((v, term))
        return out


_MATCHERS: dict[int, tuple[Sequence[Violation], ViolationMatcher]] = {}


def matcher_for(violations: Sequence[Violation]) -> ViolationMatcher:
    """One compiled matcher per catalogue list (kept while the list lives)."""
    cached = _MATCHERS.get(id(violations))
    if cached is None or cached[0] is not violations:
        cached = (violations, ViolationMatcher(violations))
        _MATCHERS[id(violations)] = cached
    return cached[1]


def match_violations(text: str, violations: Sequence[Violation]) -> list[tuple[Violation, str]]:
    """The violations a query names, in the order they appear, with the name that matched.

    `企业未批先建怎么处罚` -> [(未批先建 …, '未批先建')]. A longer name wins over the names it
    contains. The matcher is built once per catalogue list and reused.
    """
    return matcher_for(violations).match(text)
