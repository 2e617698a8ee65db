"""Article references as standards and bureau tables write them, resolved against the collection.

《中华人民共和国生态环境法典》第一千零九十五条第一款, 法典第1095条, 生态环境法典 第一百零七条之一 …
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel

from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _
from lawkb.numerals import CN_NUM, NumeralError, cn_to_int, int_to_cn, parse_article_key

if TYPE_CHECKING:
    from lawkb.models import Article


class ArticleResolver(Protocol):
    """What resolving a reference needs (an `ArticleSource` has it)."""

    def resolve_law(self, name: str) -> str: ...

    def article(self, law: str, article: str | int) -> Article: ...


_N = rf"[{CN_NUM}]+|\d+"
_REF_RE = re.compile(
    rf"^\s*(?:《(?P<law1>[^《》]+)》|(?P<law2>[^《》第\s]*?))\s*"
    rf"(?P<art>第\s*(?:{_N})\s*条(?:\s*之\s*(?:[{CN_NUM}]+))?)"
    rf"(?:\s*第\s*(?P<para>{_N})\s*款)?"
    rf"(?:\s*第\s*[（(]?\s*(?P<item>{_N})\s*[）)]?\s*项)?\s*$"
)


class ArticleRef(BaseModel):
    """One article (optionally one 款 and 项) as written, and what it resolved to."""

    text: str
    law: str = ""  # full title once resolved
    key: str = ""  # "1095", "120之一"
    label: str = ""  # 第一千零九十五条
    paragraph: int | None = None
    item: int | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.law and self.key)

    @property
    def ref(self) -> str:
        return f"{self.law}#{self.key}"

    def citation(self) -> str:
        if not self.resolved:
            return self.text
        out = f"《{self.law}》{self.label}"
        if self.paragraph:
            out += f"第{int_to_cn(self.paragraph)}款"
        if self.item:
            out += f"第（{int_to_cn(self.item)}）项"
        return out


def split_refs(text: str) -> list[str]:
    """A cell may cite several articles: '《法典》第一百零七条、第一百五十一条' -> two refs."""
    text = str(text or "").strip()
    if not text:
        return []
    parts = [p for p in re.split(r"[；;\n]|、(?=第)|，(?=第|《)|和(?=第|《)", text) if p.strip()]
    out: list[str] = []
    last_law = ""
    for part in parts:
        part = part.strip()
        m = re.match(r"^\s*(《[^《》]+》|[^《》第\s]+?)\s*第", part)
        if m and m.group(1).strip():
            last_law = m.group(1)
        elif last_law and part.startswith("第"):
            part = last_law + part
        out.append(part)
    return out


def parse_ref(text: str) -> ArticleRef:
    """Read one reference; raises InvalidInput when it is not '法名第N条[第N款][第N项]'."""
    m = _REF_RE.match(str(text or ""))
    if not m:
        raise InvalidInput(
            _("条文"),
            _("{text!r}：应写明法律和条文，例如《生态环境法典》第一千一百零七条").format(text=text),
        )
    law = (m.group("law1") or m.group("law2") or "").strip()
    if not law:
        example = f"《生态环境法典》{m.group('art')}"
        raise InvalidInput(
            _("条文"),
            _("{text!r}：请写明法律名称，例如{example}").format(text=text, example=example),
        )
    try:
        number, suffix = parse_article_key(m.group("art"))
        para = _n(m.group("para"))
        item = _n(m.group("item"))
    except NumeralError as exc:
        raise InvalidInput(_("条文"), f"{text!r}：{exc}") from None
    return ArticleRef(
        text=str(text).strip(), law=law, key=f"{number}{suffix}", paragraph=para, item=item
    )


def _n(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else cn_to_int(text)


def resolve_ref(articles: ArticleResolver, text: str) -> tuple[ArticleRef, Article]:
    """Parse and resolve; raises InvalidInput / NotFound naming what is missing."""
    ref = parse_ref(text)
    title = articles.resolve_law(ref.law)
    article = articles.article(title, ref.key)
    if ref.paragraph and ref.paragraph > len(article.paragraphs):
        raise NotFound(
            _("{text!r}：《{title}》{label}只有{n_paragraphs}款，没有第{paragraph}款").format(
                text=text,
                title=title,
                label=article.label,
                n_paragraphs=len(article.paragraphs),
                paragraph=ref.paragraph,
            )
        )
    if ref.item:
        para = article.paragraphs[(ref.paragraph or 1) - 1]
        if ref.item > len(para.items):
            raise NotFound(
                _("{text!r}：该款只有{n_items}项，没有第{item}项").format(
                    text=text, n_items=len(para.items), item=ref.item
                )
            )
    resolved = ref.model_copy(update={"law": title, "key": article.key, "label": article.label})
    return resolved, article
