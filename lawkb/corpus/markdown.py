"""The Markdown body shared by lawrefbook-md, qisehong-yaml-md and clm-rendered-md.

One non-empty line is one paragraph or item; `#` lines and wiki `=====第一节 …=====` lines are
headings; a footnote (①…) or an 附件 heading starts the trailing matter after the last article.
"""

from __future__ import annotations

import re

from lawkb.corpus.clean import clean_inline, norm_heading
from lawkb.corpus.structure import HEADING, TEXT, TRAILING, Line
from lawkb.numerals import CN_SMALL

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_WIKI_HEADING = re.compile(r"^={2,6}\s*(.*?)\s*={2,6}\s*$")
_FOOTNOTE = re.compile(r"^[\u2460-\u2473]")  # ① … ⑳
_ANNEX = re.compile(r"^附(?:件|录|表)")
_ANNEX_LINE = re.compile(rf"^附件[{CN_SMALL}\d]*[：:]?$")  # 附件一 on a line of its own


def front_matter_end(lines: list[str]) -> int:
    """Index of the line after a leading `---` … `---` block, or 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def body_lines(lines: list[str], start: int) -> list[Line]:
    out: list[Line] = []
    trailing = False
    for i in range(start, len(lines)):
        raw = lines[i]
        if not raw.strip():
            continue
        m = _MD_HEADING.match(raw) or _WIKI_HEADING.match(raw)
        if m:
            text = norm_heading(m.group(1))
            if not text:
                continue
            if not trailing and _ANNEX.match(text):
                trailing = True
                out.append(Line(i + 1, "", TRAILING))
            out.append(Line(i + 1, text, TEXT if trailing else HEADING))
            continue
        text = clean_inline(raw)
        if not text:
            continue  # a comment such as <!-- FORCE BREAK -->, or a lone U+200B
        if not trailing and (_FOOTNOTE.match(text) or _ANNEX_LINE.match(text)):
            trailing = True
            out.append(Line(i + 1, "", TRAILING))
        out.append(Line(i + 1, text))
    return out
