"""What `show` returns: an article or a law with its links, as plain data (CLI --json, TUI)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lawkb.errors import NotFound
from lawkb.models import Article, Law

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase

LINK_METHODS = ("successors", "predecessors", "references", "cited_by")


def links(kb: KnowledgeBase, ref: str) -> dict[str, list[Any]]:
    """successors, predecessors, references and cited_by of one article."""
    out: dict[str, list[Any]] = {}
    for name in LINK_METHODS:
        try:
            out[name] = [item.model_dump(mode="json") for item in getattr(kb, name)(ref)]
        except NotFound:
            out[name] = []
    return out


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


def article_view(kb: KnowledgeBase, article: Article) -> dict[str, Any]:
    law = kb.collection.law_meta(article.law)
    d = article_dict(article)
    d["law"] = law.title
    d["status"] = law.status.value
    d["status_meaning"] = law.status.meaning
    d["category"] = law.category.value
    d["law_info"] = law_fields(law)
    # law_meta carries no articles: the count stored with the law is the one `laws` shows
    row = kb.collection.law_row(law.title)
    if row:
        d["law_info"]["article_count"] = row["article_count"]
    d.update(links(kb, article.ref))
    return d


def law_view(kb: KnowledgeBase, law: Law) -> dict[str, Any]:
    d = law_fields(law)
    d["status_meaning"] = law.status.meaning
    d["articles"] = [article_dict(a) | links(kb, a.ref) for a in law.articles]
    return d
