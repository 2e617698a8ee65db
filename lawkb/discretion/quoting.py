"""The legal bases of a calculation, quoted in full from the collection: the article violated
(违法依据) and the article that sets the penalty (处罚依据)."""

from __future__ import annotations

from lawkb.discretion.articles import ArticleSource
from lawkb.discretion.models import StatutoryRow
from lawkb.discretion.refs import ArticleRef, resolve_ref
from lawkb.discretion.results import QuotedArticle
from lawkb.discretion.standard import Violation
from lawkb.errors import LawkbError, NotFound
from lawkb.models import Article


def quote_standard(
    articles: ArticleSource, v: Violation, basis: ArticleRef | None
) -> list[QuotedArticle]:
    """A standard's row: the articles it names as violated, then its penalty article."""
    out: list[QuotedArticle] = []
    for text in v.violated:
        try:
            ref, art = resolve_ref(articles, text)
        except LawkbError:
            continue
        out.append(_quoted("违法依据", ref.citation(), art, ref.paragraph))
    if basis is not None:
        art = articles.article(basis.law, basis.key)
        out.append(_quoted("处罚依据", basis.citation(), art, basis.paragraph))
    return out


def quote_row(articles: ArticleSource, row: StatutoryRow) -> list[QuotedArticle]:
    """A statutory row: the articles its violation refers to, then the row's own article."""
    out = [
        _quoted("违法依据", f"《{target.law}》{target.label}", target, None)
        for target in violated_by_row(articles, row)
    ]
    art = articles.article(row.law, row.key)
    out.append(_quoted("处罚依据", row.citation, art, row.paragraph))
    return out


def _quoted(role: str, citation: str, art: Article, paragraph: int | None) -> QuotedArticle:
    return QuotedArticle(
        role=role, citation=citation, ref=art.ref, text=art.text, paragraph=paragraph
    )


def violated_by_row(articles: ArticleSource, row: StatutoryRow) -> list[Article]:
    """Articles a statutory row's violation names (违反本条例第十条规定的 …), via the links."""
    try:
        refs = articles.references(row.ref)
    except LawkbError:
        return []
    art = articles.article(row.law, row.key)
    start = sum(
        len(p.text) + 1 + sum(len(i) + 1 for i in p.items)
        for p in art.paragraphs[: row.paragraph - 1]
    )
    para = art.paragraphs[row.paragraph - 1].text
    end = start + (para.find("，由") if "，由" in para else len(para))
    out = []
    for r in refs:
        if r.resolved and r.target and not r.internal and start <= r.start < end:
            try:
                out.append(articles.article_by_ref(r.target))
            except NotFound:
                continue
    return out
