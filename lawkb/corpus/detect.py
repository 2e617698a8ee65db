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
                why = f"expected only dated lines (2014年4月24日 …) above {_INFO_END}"
                raise ParseError(path or "<text>", i + 1, _("不是法规文本：{why}").format(why=why))
        return CLM if _CLM_MARK.search(text) else LAWREFBOOK
    if _FENCE.search(text):
        raise _not_a_law(path, "Markdown with code blocks")
    if _ARTICLE.search(text):
        return LAWREFBOOK
    raise _not_a_law(path, "a Markdown file without 第X条 articles")


def detect_format(text: str, path: Path | str | None = None) -> str:
    """lawrefbook-md | qisehong-yaml-md | cee-vuepress-md | clm-rendered-md | text.

    Raises ParseError when the text is none of them, i.e. not a law text.
    """
    head = text.lstrip("\ufeff")
    if not head.strip():
        raise _not_a_law(path, "the file is empty")
    if head.startswith("---\n") or head.startswith("---\r\n"):
        if _CEE_MARKS.search(head):
            return CEE
        if _ARTICLE.search(head):
            return QISEHONG
        raise _not_a_law(path, "front matter but no 第X条 articles and no cee `<p>` paragraphs")
    lines = head.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    if lines[start].startswith("# "):
        return _markdown_format(lines, start, path)
    if _MARKUP.search(head):
        raise _not_a_law(
            path, "Markdown of an unknown layout (expected `# 标题` on the first line)"
        )
    if _ARTICLE.search(head) or len(_SECTION.findall(head)) >= 2:
        return TEXT
    raise _not_a_law(
        path, "expected a title line, then 第X条 articles or numbered sections (一、 / （一）)"
    )
