"""The shared state machine: cleaned lines -> articles (第X条) or numbered sections (一、).

Every format parser turns its file into a list of `Line`s (headings, text lines and a marker
where trailing matter such as 附件 begins); this module does the rest the same way for all of
them: the 编/分编/章/节 path, paragraphs (款) and items (项), 之一 suffixes, （删去）, number
validation, and the fallback to numbered sections for normative documents without articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Article, Paragraph
from lawkb.numerals import (
    ARTICLE_HEADING,
    CN_NUM,
    CN_SMALL,
    article_label,
    cn_to_int,
    suffix_index,
    suffix_label,
)

TEXT, HEADING, TRAILING = "text", "heading", "trailing"

ARTICLE_LINE = re.compile(rf"^{ARTICLE_HEADING}(?:[ \u3000\t]+|(?=【)|$)(.*)$", re.S)
ITEM = re.compile(rf"^[（(][{CN_SMALL}]+[）)]")
CAPTION = re.compile(r"^【([^】]{1,30})】\s*")
_DELETED = {"（删去）", "(删去)", "删去"}
_STRUCT_LEVEL = {"编": 1, "分编": 2, "章": 3, "节": 4}
_STRUCT = re.compile(rf"^第[{CN_NUM}]+(分编|编|章|节)(?:\s|$)")
_MARKERS = (
    (re.compile(rf"^[{CN_SMALL}]+、"), 11),
    (re.compile(rf"^[（(][{CN_SMALL}]+[）)]"), 12),
    (re.compile(r"^\d+[.．、](?!\d)"), 13),
    (re.compile(r"^[（(]\d+[）)]"), 14),
)
TOP_MARKER = _MARKERS[0][0]
_CLAUSE_END = re.compile(r"[，。：；,;:]")


@dataclass(slots=True)
class Line:
    no: int  # 1-based line in the source file
    text: str
    kind: str = TEXT


@dataclass
class Body:
    articles: list[Article]
    preface: str = ""
    trailing: str = ""
    mode: str = "articles"  # or "sections"


@dataclass(slots=True)
class Heading:
    text: str
    level: int  # 0 = unnumbered (序言, 附则 …), which resets the path


@dataclass
class Unit:
    """An article or section being collected."""

    number: int
    suffix: str
    label: str
    path: list[str]
    line: int
    caption: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)

    def add(self, text: str) -> None:
        if ITEM.match(text) and self.paragraphs:
            self.paragraphs[-1].items.append(text)
        elif ITEM.match(text):
            self.paragraphs.append(Paragraph(text="", items=[text]))
        else:
            self.paragraphs.append(Paragraph(text=text))


def heading_level(text: str) -> int:
    m = _STRUCT.match(text)
    if m:
        return _STRUCT_LEVEL[m.group(1)]
    return marker_level(text) or 0


def marker_level(text: str) -> int | None:
    for pattern, level in _MARKERS:
        if pattern.match(text):
            return level
    return None


def push_heading(stack: list[Heading], text: str) -> None:
    level = heading_level(text)
    if level == 0:
        stack.clear()
    else:
        while stack and (stack[-1].level >= level or stack[-1].level == 0):
            stack.pop()
    stack.append(Heading(text, level))


def has_articles(lines: list[Line]) -> bool:
    for line in lines:
        if line.kind == TRAILING:
            return False
        if line.kind == TEXT and ARTICLE_LINE.match(line.text):
            return True
    return False


def build(lines: list[Line], title: str, path: Path | str) -> Body:
    if has_articles(lines):
        return _build_articles(lines, title, path)
    return _build_sections(lines, title, path)


def _check_number(
    prev: tuple[int, int, int] | None, number: int, sub: int, line: int, path: Path | str
) -> None:
    """Articles run 1, 2, 2之一, 2之二, 3 …; anything else is an error naming what was expected."""
    if prev is None:
        if (number, sub) != (1, 0):
            found = article_label(number, suffix_label(sub))
            raise ParseError(path, line, _("首条应为 第一条，实际为 {found}").format(found=found))
        return
    p_num, p_sub, p_line = prev
    if (number, sub) in ((p_num + 1, 0), (p_num, p_sub + 1)):
        return
    found = article_label(number, suffix_label(sub))
    expected = _("{article_label} 或 {article_label2}").format(
        article_label=article_label(p_num + 1),
        article_label2=article_label(p_num, suffix_label(p_sub + 1)),
    )
    if (number, sub) <= (p_num, p_sub):
        what = _("重复") if (number, sub) == (p_num, p_sub) else _("倒退")
        before = article_label(p_num, suffix_label(p_sub))
        message = _("条文序号{what}：第 {p_line} 行的{before}之后是{found}").format(
            what=what, p_line=p_line, before=before, found=found
        )
        raise ParseError(
            path, line, _("{message}；应为 {expected}").format(message=message, expected=expected)
        )
    raise ParseError(
        path,
        line,
        _("条文序号跳号：应为 {expected}，实际为 {found}").format(expected=expected, found=found),
    )


def finish_unit(unit: Unit, title: str, kind: str, seq: int) -> Article:
    deleted = (
        kind == "article"
        and len(unit.paragraphs) == 1
        and (unit.paragraphs[0].text.strip() in _DELETED and not unit.paragraphs[0].items)
    )
    return Article(
        law=title,
        number=unit.number,
        suffix=unit.suffix,
        label=unit.label,
        kind=kind,
        deleted=deleted,
        path=unit.path,
        caption=unit.caption,
        paragraphs=unit.paragraphs,
        seq=seq,
        line=unit.line,
    )


def _build_articles(lines: list[Line], title: str, path: Path | str) -> Body:
    articles: list[Article] = []
    preface: list[str] = []
    trailing: list[str] = []
    stack: list[Heading] = []
    unit: Unit | None = None
    prev: tuple[int, int, int] | None = None
    in_trailing = False
    for line in lines:
        if line.kind == TRAILING:
            in_trailing = True
        if in_trailing:
            if line.text:
                trailing.append(line.text)
            continue
        if line.kind == HEADING:
            push_heading(stack, line.text)
            continue
        m = ARTICLE_LINE.match(line.text)
        if m:
            number, sub = cn_to_int(m.group(1)), suffix_index(m.group(2) or "")
            _check_number(prev, number, sub, line.no, path)
            prev = (number, sub, line.no)
            if unit is not None:
                articles.append(finish_unit(unit, title, "article", len(articles)))
            suffix = suffix_label(sub)
            unit = Unit(
                number, suffix, article_label(number, suffix), [h.text for h in stack], line.no
            )
            rest = m.group(3).strip()
            c = CAPTION.match(rest)
            if c:
                unit.caption, rest = c.group(1), rest[c.end() :].strip()
            if rest:
                unit.add(rest)
        elif unit is not None:
            unit.add(line.text)
        else:
            preface.append(line.text)
    if unit is not None:
        articles.append(finish_unit(unit, title, "article", len(articles)))
    return Body(articles, "\n".join(preface), "\n".join(trailing), "articles")


def _clause(text: str, limit: int = 60) -> str:
    """Heading of a section opened by a numbered paragraph: 一、会议指出，… -> 一、会议指出."""
    m = TOP_MARKER.match(text)
    start = m.end() if m else 0
    cut = _CLAUSE_END.search(text, start)
    end = cut.start() if cut else len(text)
    return text[: min(end, limit)]


def _introduces_list(unit: Unit | None) -> bool:
    """A paragraph ending in ： with no items yet: 一、二、 lines that follow are its list."""
    if unit is None or not unit.paragraphs:
        return False
    last = unit.paragraphs[-1]
    return not last.items and last.text.endswith(("：", ":"))


def _build_sections(lines: list[Line], title: str, path: Path | str) -> Body:
    sections: list[Article] = []
    preface: list[str] = []
    trailing: list[str] = []
    stack: list[Heading] = []
    unit: Unit | None = None
    numbered = False
    in_trailing = False

    def close() -> None:
        if unit is not None and unit.paragraphs:
            unit.number = len(sections) + 1
            sections.append(finish_unit(unit, title, "section", len(sections)))

    for line in lines:
        if line.kind == TRAILING:
            in_trailing = True
        if in_trailing:
            if line.text:
                trailing.append(line.text)
            continue
        text = line.text
        if line.kind == HEADING:
            label = text.rstrip("：:")
        elif TOP_MARKER.match(text) and not _introduces_list(unit):
            label = _clause(text)
        else:
            numbered = numbered or marker_level(text) is not None
            if unit is not None:
                unit.add(text)
            else:
                preface.append(text)
            continue
        numbered = numbered or marker_level(label) is not None
        close()
        push_heading(stack, label)
        unit = Unit(0, "", label, [h.text for h in stack[:-1]], line.no)
        if line.kind == TEXT:
            unit.add(text)
    close()
    if not sections or not numbered:
        raise ParseError(
            path,
            None,
            _("不是法规文本：应有条文（第一条 …）或编号的段落（一、 / （一））"),
        )
    return Body(sections, "\n".join(preface), "\n".join(trailing), "sections")
