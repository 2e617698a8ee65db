"""Plain text: the first non-empty line is the title, then 第X章/第X节 headings and 第X条 lines.

Lines before the first heading or article that carry dates (（2020年1月1日 … 通过）) give the
promulgation and effective dates; other lines there are the preface.
"""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.corpus.clean import clean_inline, norm_heading
from lawkb.corpus.dates import scan_events
from lawkb.corpus.meta import Meta, Parsed
from lawkb.corpus.structure import ARTICLE_LINE, HEADING, TEXT, TRAILING, Line, marker_level
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.numerals import CN_NUM, CN_SMALL

_HEADING = re.compile(rf"^第[{CN_NUM}]+(?:分编|编|章|节)(?:[ \u3000\t]+\S.*)?$")
_NOTE = re.compile(r"^[（(].*\d{4}\s*年.*[)）]$")
_SENTENCE_END = ("。", "；", "：", "，", ";", ":", ",")
_ANNEX = re.compile(rf"^附(?:件|录|表)[{CN_SMALL}\d]*[：:]?$")


def parse(text: str, path: Path) -> Parsed:
    lines = text.split("\n")
    title_at = next((i for i, s in enumerate(lines) if s.strip()), None)
    if title_at is None:
        raise ParseError(path, 1, _("空文件：应有标题行和“第X条”条文"))
    meta = Meta(title=clean_inline(lines[title_at]))
    out: list[Line] = []
    notes: list[str] = []
    started = trailing = False
    # without articles, a short numbered line (一、总体要求) is a section heading
    sections = not any(ARTICLE_LINE.match(s.strip()) for s in lines)
    for i in range(title_at + 1, len(lines)):
        s = clean_inline(lines[i])
        if not s:
            continue
        no = i + 1
        if not started and _NOTE.match(s) and not ARTICLE_LINE.match(s):
            notes.append(s)
            continue
        if not trailing and started and _ANNEX.match(s):
            trailing = True
            out.append(Line(no, "", TRAILING))
        if not trailing and len(s) <= 40 and _HEADING.match(s):
            out.append(Line(no, norm_heading(s), HEADING))
            started = True
            continue
        if sections and len(s) <= 30 and marker_level(s) and not s.endswith(_SENTENCE_END):
            out.append(Line(no, s, HEADING))
            started = True
            continue
        started = started or bool(ARTICLE_LINE.match(s))
        out.append(Line(no, s, TEXT))
    meta.promulgated, meta.effective = scan_events("\n".join(notes))
    return Parsed(meta, out)
