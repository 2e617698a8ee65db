"""Which of the known formats a law file is written in, from its content."""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.numerals import ARTICLE_HEADING, CN_SMALL

LAWREFBOOK = "lawrefbook-md"
QISEHONG = "qisehong-yaml-md"
CEE = "cee-vuepress-md"
CLM = "clm-rendered-md"
TEXT = "text"
FORMATS = (LAWREFBOOK, QISEHONG, CEE, CLM, TEXT)

_ARTICLE = re.compile(rf"^[ \t\u3000]*{ARTICLE_HEADING}(?:[ \t\u3000]|$)", re.M)
_SECTION = re.compile(rf"^[ \t\u3000]*(?:[{CN_SMALL}]+、|[（(][{CN_SMALL}]+[）)])", re.M)
_CEE_MARKS = re.compile(r"^(?::::|<p[ >])", re.M)
_CLM_MARK = re.compile(r"^law_id:\s*\S", re.M)
_INFO_END = "<!-- INFO END -->"
_INFO_LINE = re.compile(r"^(?:\d{4}\s*年|[a-z_]+:\s|<!--.*-->$)")
_FENCE = re.compile(r"^\s*(?:```|~~~)", re.M)
_MARKUP = re.compile(r"^(?:#{1,6} |<!--|:::)", re.M)


def _not_a_law(path: Path | str | None, why: str) -> ParseError:
    return ParseError(path or "<text>", None, _("不是法规文本：{why}").format(why=why))


def _markdown_format(lines: list[str], start: int, path: Path | str | None) -> str:
    """A file opening with `# 标题`: lawrefbook-md or clm-rendered-md, told by the INFO block."""
    text = "\n".join(lines)
    end = next((i for i in range(start, len(lines)) if lines[i].strip() == _INFO_END), None)
    if end is not None:
        for i in range(start + 1, end):
            s = lines[i].strip().strip("\u200b\ufeff")
            if s and not _INFO_LINE.match(s):
                why = _("{info_end} 之上应只有日期行（2014年4月24日 …）").format(info_end=_INFO_END)
                raise ParseError(path or "<text>", i + 1, _("不是法规文本：{why}").format(why=why))
        return CLM if _CLM_MARK.search(text) else LAWREFBOOK
    if _FENCE.search(text):
        raise _not_a_law(path, _("含代码块的 Markdown"))
    if _ARTICLE.search(text):
        return LAWREFBOOK
    raise _not_a_law(path, _("没有“第X条”条文的 Markdown 文件"))


def detect_format(text: str, path: Path | str | None = None) -> str:
    """lawrefbook-md | qisehong-yaml-md | cee-vuepress-md | clm-rendered-md | text.

    Raises ParseError when the text is none of them, i.e. not a law text.
    """
    head = text.lstrip("\ufeff")
    if not head.strip():
        raise _not_a_law(path, _("文件为空"))
    if head.startswith("---\n") or head.startswith("---\r\n"):
        if _CEE_MARKS.search(head):
            return CEE
        if _ARTICLE.search(head):
            return QISEHONG
        raise _not_a_law(path, _("有开头的元数据，但没有“第X条”条文，也没有 cee 的 `<p>` 段落"))
    lines = head.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    if lines[start].startswith("# "):
        return _markdown_format(lines, start, path)
    if _MARKUP.search(head):
        raise _not_a_law(path, _("版式未知的 Markdown（第一行应为 `# 标题`）"))
    if _ARTICLE.search(head) or len(_SECTION.findall(head)) >= 2:
        return TEXT
    raise _not_a_law(path, _("应有标题行，然后是“第X条”条文或编号的段落（一、 / （一））"))
