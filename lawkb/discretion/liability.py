"""Which articles are legal-liability articles, which laws are in scope, and in what order
the statutory table lists them."""

from __future__ import annotations

import hashlib
import re

from lawkb.discretion.fine_clauses import FINE_RE
from lawkb.models import Article, Category, Law, Status, short_title

CODE_TITLE = "中华人民共和国生态环境法典"
PUNISHMENT_LAW = "中华人民共和国行政处罚法"
_HEADING_NOISE = re.compile(r"[\s　]|&emsp;")


def text_sha(text: str) -> str:
    """Hash of an article's text, blind to whitespace and wiki marks (the sources differ there)."""
    norm = re.sub(r"\s|\[\[|\]\]|\u200b", "", text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


law_short = short_title  # the name the discretion modules use


# -- which articles are legal-liability articles ------------------------------------------
def liability_chapter(article: Article) -> bool | None:
    """True/False when the article's 编/章/节 decide it; None when no heading says.

    The innermost heading that names 法律责任/罚则 or 附则 decides: the Code's 第五编
    法律责任和附则 holds both its liability chapters and its 附则 chapter.
    """
    verdict: bool | None = None
    for heading in article.path:
        h = _HEADING_NOISE.sub("", heading)
        if "法律责任" in h or "罚则" in h:
            verdict = True
        elif "附则" in h:
            verdict = False
    return verdict


def law_has_liability_chapter(law: Law) -> bool:
    return any(liability_chapter(a) for a in law.articles)


def is_liability_article(article: Article, law_has_chapter: bool) -> bool:
    if article.deleted or article.kind != "article":
        return False
    verdict = liability_chapter(article)
    if law_has_chapter:
        return bool(verdict)
    # laws without a 法律责任 chapter: any article that imposes a penalty itself
    return bool(re.search(r"由[^。；]{1,60}?(?:处|给予警告|责令|没收)", article.text)) and bool(
        FINE_RE.search(article.text) or re.search(r"给予警告|责令停产|责令停业|吊销", article.text)
    )


def fine_bearing(article: Article) -> bool:
    """An article that imposes a fine (处…罚款 in one clause, or 按日连续处罚).

    Independent of the extractor on purpose: the bench measures coverage against it.
    """
    text = article.text
    return bool(re.search(r"处(?!罚|理|置|分)[^，；。]{0,60}?罚款(?!处罚)|按日连续处罚", text))


def law_order(law: Law) -> tuple[int, str]:
    if law.title == CODE_TITLE:
        return (0, "")
    if law.title == PUNISHMENT_LAW:
        return (1, "")
    rank = {Category.LAW: 2, Category.REGULATION: 3, Category.RULE: 4}.get(law.category, 5)
    return (rank, law.title)


def in_scope(law: Law) -> bool:
    """Current laws, regulations and rules; not repealed texts, not normative documents."""
    if law.status in (Status.REPEALED,):
        return False
    return law.category in (Category.LAW, Category.REGULATION, Category.RULE)
