"""cee-vuepress-md: YAML front matter, VuePress containers, and articles as HTML paragraphs.

    <p id="t5">&emsp;&emsp;<b>第五条</b>&emsp;排污者有下列行为之一…：<br>
    &emsp;&emsp;（一）超过国家或者地方规定的污染物排放标准…；<br>

`<br>` and line ends separate 款 and 项; an article ends at `</p>`. Containers: `::: tip 修订信息`
gives dates and the decree number; `::: details 目录` (with its `::: tabs`) and
`::: warning 原文链接` are dropped; `::: info 附件/附录/附：` and `::: right` (signature) are
trailing matter. Normative documents have no articles but `## 一、` / `<b>（一）…</b>` headings.
"""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.corpus.clean import clean_inline, norm_heading
from lawkb.corpus.dates import CN_DATE, cn_date, iso_date, scan_events
from lawkb.corpus.markdown import front_matter_end
from lawkb.corpus.meta import Meta, Parsed, load_front_matter
from lawkb.corpus.structure import HEADING, TEXT, TRAILING, Line
from lawkb.numerals import ARTICLE_HEADING

_ARTICLE_START = re.compile(rf"<b>\s*({ARTICLE_HEADING})\s*</b>")
_LEAD = re.compile(r"^(?:\s|&emsp;|&nbsp;|<p(?:\s[^>]*)?>)*")
_BOLD_ONLY = re.compile(r"^<b>(.*?)</b>\s*(?:</p>)?\s*$")
_BR = re.compile(r"<br\s*/?>")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_DECREE = re.compile(r"([\u4e00-\u9fff、]{1,30}令第\s*\d+\s*号)")
_BULLET = re.compile(r"^[-*+]\s+")
_DROP = {"details", "warning", "tabs"}  # tables of contents, 原文链接
_CATEGORY = {"规章": "部门规章", "部门规章": "部门规章", "法律解释": "规范性文件"}


def _last_article_end(lines: list[str], start: int) -> int | None:
    """Index of the line holding the `</p>` of the last article, or None without articles."""
    last = None
    for i in range(len(lines) - 1, start - 1, -1):
        if _ARTICLE_START.search(lines[i]):
            last = i
            break
    if last is None:
        return None
    for j in range(last, len(lines)):
        if "</p>" in lines[j]:
            return j
    return len(lines) - 1


def _pieces(raw: str) -> list[str]:
    return _BR.split(raw) if "<br" in raw else [raw]


def _content(no: int, piece: str) -> Line | None:
    """One logical line: an article start, a bold-only heading, or plain text."""
    lead = _LEAD.match(piece)
    body = piece[lead.end() :] if lead else piece
    m = _ARTICLE_START.match(body)
    if m:
        rest = clean_inline(body[m.end() :])
        return Line(no, f"{m.group(1)} {rest}".rstrip())
    b = _BOLD_ONLY.match(body)
    if b:
        text = norm_heading(b.group(1))
        return Line(no, text, HEADING) if text else None
    text = clean_inline(body)
    return Line(no, text) if text else None


def _category(fm: dict) -> str:
    values = fm.get("tag") or []
    values = [values] if isinstance(values, str) else list(values)
    cats = fm.get("category") or []
    values += [cats] if isinstance(cats, str) else list(cats)
    return next((_CATEGORY[v] for v in values if v in _CATEGORY), "")


def parse(text: str, path: Path) -> Parsed:
    lines = text.split("\n")
    start = front_matter_end(lines)
    fm = load_front_matter(lines, start, path)
    meta = Meta(
        title=clean_inline(str(fm.get("title") or "")),
        issuer=str(fm.get("author") or ""),
        category=_category(fm),
    )
    trailing_from = _last_article_end(lines, start)
    out: list[Line] = []
    containers: list[str] = []
    notes: list[str] = []  # 修订信息
    signature: list[str] = []
    trailing = False

    def to_trailing(no: int) -> None:
        nonlocal trailing
        if not trailing:
            trailing = True
            out.append(Line(no, "", TRAILING))

    for i in range(start, len(lines)):
        raw = lines[i]
        s = raw.strip()
        no = i + 1
        if s.startswith(":::"):
            kind = s[3:].strip().split(" ")[0] if s != ":::" else ""
            if not kind:
                if containers:
                    containers.pop()
            elif kind != "tabs":  # `::: tabs` sits inside `::: details` and shares its `:::`
                containers.append(kind)
            continue
        if not s or s == "---" or s.startswith("@tab") or s == "[[toc]]":
            continue
        box = containers[-1] if containers else ""
        if box in _DROP:
            continue
        if box == "tip":
            notes.append(clean_inline(raw))
            continue
        if box:  # info (附件, 附录, 附：), right (signature), anything else: after the law
            to_trailing(no)
            h = _HEADING.match(s)
            for piece in _pieces(h.group(1) if h else raw):
                text = clean_inline(_BULLET.sub("", piece.strip()))
                if text:
                    out.append(Line(no, text))
                    if box == "right":
                        signature.append(text)
            continue
        h = _HEADING.match(s)
        if h:
            text = norm_heading(h.group(1))
            if text:
                out.append(Line(no, text, TEXT if trailing else HEADING))
            continue
        for piece in _pieces(raw):
            line = _content(no, piece)
            if line is not None:
                out.append(line)
        if trailing_from is not None and i == trailing_from:
            to_trailing(no + 1)

    note = "\n".join(notes)
    if note:
        meta.promulgated, meta.effective = scan_events(note)
        decree = _DECREE.search(CN_DATE.sub(" ", note))
        meta.doc_number = decree.group(1) if decree else ""
    if meta.promulgated is None:
        signed = cn_date("\n".join(signature)) if signature else None
        meta.promulgated = signed or iso_date(fm.get("date"))
    return Parsed(meta, out)
