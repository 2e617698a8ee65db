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
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from pydantic import BaseModel, Field

from lawkb.catalogue import Catalogue
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
    if title != ref.law:  # search and quizzes use the refs as written: they must be exact
        return f"{ref.text}: name the law by its title 《{title}》"
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

_SLASH_RE = re.compile(r"([^/、]+(?:/[^/、]+)+)")
_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]")


# Words officers and the texts write two ways; both sides of a match use the short form.
_CANON = (
    ("没有排污许可证", "无排污许可证"),
    ("没有许可证", "无许可证"),
    ("没有资质", "无资质"),
    ("没有", "未"),
    ("医疗废物", "医废"),
    ("危险废物", "危废"),
    ("固体废物", "固废"),
    ("噪音", "噪声"),
    ("防治污染设施", "治污设施"),
    ("污染防治设施", "治污设施"),
    ("环保设施", "治污设施"),
    ("在线监测", "自动监测"),
    ("在线监控", "自动监测"),
    ("环境影响评价", "环评"),
    ("排放污染物", "排污"),
)


_DROP_RE = re.compile(r"[\W_]+")  # spaces, punctuation, symbols (CJK characters are \w)
_CANON_RE = re.compile("|".join(re.escape(long) for long, _ in _CANON))
_CANON_MAP = dict(_CANON)


def normalize(text: str) -> str:
    """The form names and queries are compared in: half-width, lower case, no spaces or
    punctuation (拒绝、阻挠 -> 拒绝阻挠), one spelling of common pairs (危险废物 -> 危废)."""
    text = _DROP_RE.sub("", unicodedata.normalize("NFKC", text).lower())
    return _CANON_RE.sub(lambda m: _CANON_MAP[m.group()], text)


def _variants(name: str) -> list[str]:
    """篡改/伪造监测数据 -> both; 未批先建（报告书） -> also 未批先建."""
    out = [name]
    bare = _PAREN_RE.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    expanded: list[str] = []
    for term in out:
        m = _SLASH_RE.search(term) if "/" in term else None
        if m:
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
        self._shown: dict[str, str] = {}  # normalized term -> the name as the catalogue writes it
        for v in violations:
            for term in v.names:
                key = normalize(term)
                self._shown.setdefault(key, term)
                bucket = by_term.setdefault(key, [])
                if not any(b is v for b in bucket):  # identity: model equality is deep
                    bucket.append(v)
        self._terms = by_term
        self._first: dict[str, list[str]] = {}
        for term in sorted(by_term, key=len, reverse=True):
            self._first.setdefault(term[0], []).append(term)
        self._gapped = _gapped_names(violations, self._shown)
        self._by_key: dict[str, list[_Gapped]] = {}  # each entry under its longest word
        self._word_first: dict[str, list[str]] = {}  # every word, by first character
        for g in self._gapped:
            self._by_key.setdefault(max(g.words, key=len), []).append(g)
        for word in sorted({w for g in self._gapped for w in g.words}, key=len, reverse=True):
            self._word_first.setdefault(word[0], []).append(word)

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
        """Names found whole first; then, when words of a name stand apart or in another order
        (油烟净化器没装 for 未安装油烟净化设施 …), up to GAPPED_MAX of those, most words first."""
        out: list[tuple[Violation, str]] = []
        seen: set[str] = set()
        for _, _, term in self.spans(text):
            for v in self._terms[term]:
                if v.id not in seen:
                    seen.add(v.id)
                    out.append((v, self._shown[term]))
        q = normalize(text)
        negated = any(ch in q for ch in _NEGATION_CHARS)
        present = {
            w for i, ch in enumerate(q) for w in self._word_first.get(ch, ()) if q.startswith(w, i)
        }
        found = [
            g
            for key in present
            for g in self._by_key.get(key, ())
            if (negated or not g.negated)
            and all(w in present for w in g.words)
            and _near(q, g.words, _WINDOW)
        ]
        found.sort(key=lambda g: (-g.weight, g.violation.id, g.name))  # stable across runs
        apart = 0
        for g in found:
            if apart >= GAPPED_MAX:
                break
            if g.violation.id not in seen:
                seen.add(g.violation.id)
                out.append((g.violation, g.name))
                apart += 1
        return out


# -- names whose words stand apart in a query -------------------------------------------------

GAPPED_MAX = 3  # words found apart are weaker evidence than a whole name: offer a few at most
_WINDOW = 24  # the words of one name must all lie within this many characters
_NEGATION_CHARS = "未无不没拒"
_NEGATIONS = frozenset({"未", "无", "不", "没", "没有", "未经", "不按", "拒不"})
_FILLER = frozenset(
    {"按照", "规定", "依法", "进行", "有关", "或者", "以及", "违反", "国家", "其他"}
)


class _Gapped(NamedTuple):
    violation: Violation
    name: str
    words: tuple[str, ...]  # normalized content words of the name
    negated: bool  # the name says 未/无/不…: the query must say so too
    weight: int


def _gapped_names(violations: Sequence[Violation], shown: dict[str, str]) -> list[_Gapped]:
    """Each name of two or more content words (the legal-term dictionary's segmentation)."""
    from lawkb.index.analysis import get_segmenter  # loaded once per process, shared with search

    seg = get_segmenter(corpus_dir() / "dictionary.txt")
    out: list[_Gapped] = []
    for v in violations:
        for name in v.names:
            words = [w for w, _, _ in seg.tokenize(name, search=False)]
            kept = {normalize(w) for w in words if len(w) >= 2 and w not in _NEGATIONS | _FILLER}
            # a word inside another (排污 in 排污许可证) would always be found with it
            content = tuple(w for w in kept if w and not any(w != o and w in o for o in kept))
            if len(content) >= 2:
                negated = any(w in _NEGATIONS for w in words)
                weight = sum(len(w) for w in content)
                out.append(_Gapped(v, shown.get(normalize(name), name), content, negated, weight))
    return out


def _near(q: str, words: tuple[str, ...], window: int) -> bool:
    """Every word occurs in q, all within one stretch of `window` characters."""
    first = q.find(words[0])
    if first < 0 or any(w not in q for w in words[1:]):
        return False
    while first >= 0:
        lo, hi = first - window, first + window
        if all(_occurs_between(q, w, lo, hi) for w in words[1:]):
            return True
        first = q.find(words[0], first + 1)
    return False


def _occurs_between(q: str, word: str, lo: int, hi: int) -> bool:
    i = q.find(word, max(lo, 0))
    return i >= 0 and i <= hi


_MATCHERS: dict[int, tuple[Sequence[Violation], ViolationMatcher]] = {}


def matcher_for(violations: Sequence[Violation]) -> ViolationMatcher:
    """One compiled matcher per catalogue list (kept while the list lives)."""
    cached = _MATCHERS.get(id(violations))
    if cached is None or cached[0] is not violations:
        if len(_MATCHERS) >= 8:  # callers keep one catalogue; do not hoard stale ones
            _MATCHERS.clear()
        cached = (violations, ViolationMatcher(violations))
        _MATCHERS[id(violations)] = cached
    return cached[1]


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
