"""What `show` returns: an article or a law with its links, as plain data.

One view layer: the CLI's `--json` (`article_view`, `law_view`) and the terminal app's reader
(`article_page`, then `related`, `links_on_lines`) are built here from the same calls. The
functions take the parts they need (anything with `law_meta`/`law_row`, like the collection;
anything with the four link methods), never the KnowledgeBase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from lawkb.errors import NotFound
from lawkb.i18n import _
from lawkb.models import Article, Law, short_title
from lawkb.numerals import article_label, parse_article_key

if TYPE_CHECKING:
    from lawkb.links import Citation, CrosswalkItem, Reference

T = TypeVar("T")

LINK_METHODS = ("successors", "predecessors", "references", "cited_by")
# what each crosswalk kind means, as every screen and command shows it
KIND_NAMES = {
    "same": _("规则相同"),
    "changed": _("规则有变化"),
    "merged": _("合并规定"),
    "none": _("无对应"),
}


class LawCatalogue(Protocol):
    """What a view needs to know about a law (the collection has it)."""

    def law_meta(self, title: str) -> Law: ...

    def law_row(self, title: str) -> Mapping[str, Any] | None: ...


class ArticleLinks(Protocol):
    """Where an article's links come from (references, citations, the crosswalk)."""

    def references(self, ref: str) -> Sequence[Reference]: ...

    def cited_by(self, ref: str) -> Sequence[Citation]: ...

    def successors(self, ref: str) -> Sequence[CrosswalkItem]: ...

    def predecessors(self, ref: str) -> Sequence[CrosswalkItem]: ...


# -- the article page, shared by show --json and the reader ----------------------------------
@dataclass(frozen=True)
class ArticlePage:
    """One article with its law and every link, read in one go."""

    article: Article
    law: Law  # without its articles
    article_count: int | None  # as stored with the law (what `laws` shows)
    references: list[Reference]
    cited_by: list[Citation]
    successors: list[CrosswalkItem]
    predecessors: list[CrosswalkItem]
    problems: list[str] = field(default_factory=list)  # link kinds that could not be read

    @property
    def status(self) -> str:
        return self.law.status.value


def article_page(
    laws: LawCatalogue, links: ArticleLinks, article: Article, *, tolerant: bool = False
) -> ArticlePage:
    """The article's page. A link kind whose article is gone reads as empty; with
    `tolerant`, a link kind that fails otherwise does too and is named in `problems`
    (links are derived data: the reader still shows the article)."""
    law = laws.law_meta(article.law)
    row = laws.law_row(law.title)
    problems: list[str] = []

    def read(what: str, fn: Callable[[str], Iterable[T]]) -> list[T]:
        try:
            return list(fn(article.ref))
        except NotFound:  # e.g. a bookmark whose law is no longer in the collection
            return []
        except Exception as exc:
            if not tolerant:
                raise
            problems.append(f"{what}暂不可用（{type(exc).__name__}: {exc}）")
            return []

    return ArticlePage(
        article=article,
        law=law,
        article_count=row["article_count"] if row else None,
        successors=read("法典对应条文", links.successors),
        predecessors=read("旧法条文", links.predecessors),
        references=read("引用", links.references),
        cited_by=read("引用本条的条文", links.cited_by),
        problems=problems,
    )


def article_dict(article: Article) -> dict[str, Any]:
    d = article.model_dump(mode="json")
    d["ref"] = article.ref
    d["key"] = article.key
    d["text"] = article.text
    return d


def law_fields(law: Law) -> dict[str, Any]:
    d = law.model_dump(mode="json", exclude={"articles"})
    d["short_title"] = law.short_title
    d["article_count"] = sum(1 for a in law.articles if a.kind == "article")
    return d


def page_dict(page: ArticlePage) -> dict[str, Any]:
    """The page as `show --json` prints it."""
    law = page.law
    d = article_dict(page.article)
    d["law"] = law.title
    d["status"] = law.status.value
    d["status_meaning"] = law.status.meaning
    d["category"] = law.category.value
    d["law_info"] = law_fields(law)
    # law_meta carries no articles: the count stored with the law is the one `laws` shows
    if page.article_count is not None:
        d["law_info"]["article_count"] = page.article_count
    for name in LINK_METHODS:
        d[name] = [item.model_dump(mode="json") for item in getattr(page, name)]
    return d


def links(source: ArticleLinks, ref: str) -> dict[str, list[Any]]:
    """successors, predecessors, references and cited_by of one article."""
    out: dict[str, list[Any]] = {}
    for name in LINK_METHODS:
        try:
            out[name] = [item.model_dump(mode="json") for item in getattr(source, name)(ref)]
        except NotFound:
            out[name] = []
    return out


def article_view(laws: LawCatalogue, source: ArticleLinks, article: Article) -> dict[str, Any]:
    """`show LAW ARTICLE --json`."""
    return page_dict(article_page(laws, source, article))


def law_view(source: ArticleLinks, law: Law) -> dict[str, Any]:
    """`show LAW --json`: the law and every article with its links."""
    d = law_fields(law)
    d["status_meaning"] = law.status.meaning
    d["articles"] = [article_dict(a) | links(source, a.ref) for a in law.articles]
    return d


# -- the reader's shapes ----------------------------------------------------------------------
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
class Bookmark:
    ref: str
    law: str
    short_title: str
    label: str
    path: list[str]
    status: str
    missing: bool = False  # the law is no longer in the collection


def describe_ref(ref: str) -> str:
    """ "中华人民共和国刑法#338之一" -> "刑法 第三百三十八条之一"."""
    law, _ignored, key = ref.partition("#")
    try:
        label = article_label(*parse_article_key(key))
    except ValueError:
        label = key
    return f"{short_title(law)} {label}"


def crosswalk_related(items: Iterable[CrosswalkItem]) -> list[Related]:
    """Successors or predecessors as the reader lists them (kind, confidence, staleness)."""
    out: list[Related] = []
    for item in items:
        note = f"{KIND_NAMES.get(item.kind, item.kind)} · 置信度 {item.confidence:.0%}"
        if item.stale:
            note += " · 原文已变，待复核"
        out.append(Related(item.ref, f"{item.short_title} {item.article}", note, item.status))
    return out


def citing_related(citations: Iterable[Citation]) -> list[Related]:
    """One line per citing article, not per 款."""
    out: list[Related] = []
    seen: set[str] = set()
    for c in citations:
        if c.ref in seen:
            continue
        seen.add(c.ref)
        note = " ".join(c.text.split())
        out.append(Related(c.ref, f"{c.short_title} {c.article}", note, c.status))
    return out


def outline(law: Law) -> OutlineNode:
    """The law's 编/章/节 tree; articles hang under the deepest heading above them."""
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


def links_on_lines(article: Article, references: Sequence[Reference]) -> list[Link]:
    """Map references (offsets into `Article.text`) onto the reader's lines.

    "本法第八十六条、第八十七条" comes as one span with two targets: each link is narrowed
    to its own label inside the span where the label is written out, so that Tab steps
    through them visibly. A range (第六十七条至第六十九条) keeps the whole span.
    """
    lines = article_lines(article)
    starts: list[int] = []  # where each line starts inside Article.text
    pos = 0
    for text, _ignored in lines:
        starts.append(pos)
        pos += len(text) + 1
    out: list[Link] = []
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
        out.append(Link(line, start, end, text, target, r.paragraph, r.internal))
    return out
