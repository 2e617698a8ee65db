"""The command line as the README writes it (issue 11): several words, --home, durations,
repeated group sessions, factor ranges, -o and exclusive options, the crosswalk's two measures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from homes import copy_home

from lawkb.cli.main import main
from lawkb.kb import KnowledgeBase


def entries(home: Path, officer: str) -> list[dict]:
    import json

    out = invoke("--home", str(home), "hours", "audit", officer, "--json").output
    return [e["entry"] for e in json.loads(out)["entries"]]


def invoke(*args: str, env: dict[str, str] | None = None, code: int | None = 0):
    result = CliRunner().invoke(main, list(args), env={"LAWKB_USER": "t", **(env or {})})
    if code is not None:
        assert result.exit_code == code, (args, result.output, result.exception)
    return result


@pytest.fixture
def two_homes(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "A", tmp_path / "B"
    invoke("--home", str(a), "officers", "add", "A0001", "--name", "甲")
    invoke("--home", str(b), "officers", "add", "B0001", "--name", "乙")
    return a, b


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_explicit_home_beats_lawkb_home_wherever_it_is_placed(two_homes, where: str) -> None:
    a, b = two_homes
    args = ["officers", "list", "--json"]
    args = ["--home", str(b), *args] if where == "before" else [*args, "--home", str(b)]
    out = invoke(*args, env={"LAWKB_HOME": str(a)}).output
    assert "B0001" in out and "A0001" not in out
    # without --home the environment still chooses
    assert "A0001" in invoke("officers", "list", "--json", env={"LAWKB_HOME": str(a)}).output


@pytest.mark.parametrize("bare", ["2", "1.5"])
def test_a_bare_number_is_refused_showing_both_units(home: Path, bare: str) -> None:
    invoke("--home", str(home), "officers", "add", "X1", "--name", "丙")
    out = invoke("--home", str(home), "hours", "log", "X1", bare, "-a", "自学", code=2).output
    assert f"{bare}h" in out and f"{bare}m" in out
    assert entries(home, "X1") == []  # nothing was written
    invoke("--home", str(home), "hours", "log", "X1", f"{bare}h", "-a", "自学")
    assert [e["minutes"] for e in entries(home, "X1")] == [round(float(bare) * 60)]


def test_a_negative_duration_is_called_negative(home: Path) -> None:
    invoke("--home", str(home), "officers", "add", "X1", "--name", "丙")
    out = invoke("--home", str(home), "hours", "log", "X1", "-1h", "-a", "自学", code=2).output
    assert "没有选项" not in out and "负数" in out
    group = ["hours", "group", "-30m", "X1", "-a", "自学", "-t", "x"]
    assert "负数" in invoke("--home", str(home), *group, code=2).output
    assert entries(home, "X1") == []


def test_the_same_group_session_twice_needs_again(home: Path) -> None:
    h = ["--home", str(home)]
    for officer in ("X1", "X2"):
        invoke(*h, "officers", "add", officer, "--name", "丁")
    session = [*h, "hours", "group", "2h", "X1", "X2", "-a", "法制讲座", "-t", "法典解读"]
    invoke(*session, "--date", "2026-11-20")
    refused = invoke(*session, "--date", "2026-11-20", code=1).output
    assert "--again" in refused
    assert len(entries(home, "X1")) == len(entries(home, "X2")) == 1
    invoke(*session, "--date", "2026-11-20", "--again")
    assert len(entries(home, "X1")) == 2
    # another day, or other attendees, is another session
    invoke(*session, "--date", "2026-11-21")
    alone = ["hours", "group", "2h", "X1", "-a", "法制讲座", "-t", "法典解读"]
    invoke(*h, *alone, "--date", "2026-11-20")
    assert len(entries(home, "X1")) == 4


def test_backup_takes_o_like_export_and_refuses_two_destinations(home: Path, tmp_path) -> None:
    invoke("--home", str(home), "officers", "add", "X1", "--name", "丙")
    dest = tmp_path / "copy.db"
    invoke("--home", str(home), "backup", "-o", str(dest))
    assert dest.is_file()
    out = invoke("--home", str(home), "backup", str(tmp_path / "a.db"), "-o", str(dest), code=2)
    assert "DEST" in out.output and "--output" in out.output


def test_exam_paper_refuses_markdown_and_json_together(corpus_home: Path) -> None:
    out = invoke("--home", str(corpus_home), "exam", "paper", "--markdown", "--json", code=2)
    assert "--markdown" in out.output and "--json" in out.output
    out = invoke("--home", str(corpus_home), "exam", "paper", "--json", "--part", "key", code=2)
    assert "--part" in out.output


def test_search_takes_several_words(corpus_kb: KnowledgeBase) -> None:
    import json

    out = invoke("--home", str(corpus_kb.home), "search", "超标排放", "按日连续处罚", "--json")
    hits = json.loads(out.output)
    expected = corpus_kb.search("超标排放 按日连续处罚", limit=10)
    assert hits and [h["article"] for h in hits] == [h.article for h in expected]


def test_discretion_calc_takes_several_words_and_checks_factor_ranges(corpus_kb) -> None:
    import json

    h = ["--home", str(corpus_kb.home)]
    out = invoke(*h, "discretion", "calc", "未批先建", "报告表", "--no-input", "--json")
    assert json.loads(out.output)["query"] == "未批先建 报告表"
    calc = ["discretion", "calc", "超标排放", "--factor", "超标倍数=-1", "--no-input"]
    bad = invoke(*h, *calc, code=1)
    assert "超标倍数" in bad.output and "不能小于" in bad.output and "裁量说明" not in bad.output


@pytest.fixture
def crosswalk_home(corpus_home: Path, tmp_path: Path) -> Path:
    return copy_home(corpus_home, tmp_path / "home")


def test_crosswalk_show_and_compare_name_their_two_measures(crosswalk_home: Path) -> None:
    h = ["--home", str(crosswalk_home)]
    shown = invoke(*h, "crosswalk", "show", "大气法", "99").output
    assert "对应可信度" in shown and "in common" not in shown
    compared = invoke(*h, "crosswalk", "compare", "大气法", "99").output
    kb = KnowledgeBase(crosswalk_home)
    cmp = kb.compare(kb.article("大气法", "99").ref)
    kb.close()
    assert f"文字相同{cmp.similarity:.0%}" in re.sub(r"\s", "", compared)


def test_piped_compare_marks_deletions_and_insertions(crosswalk_home: Path) -> None:
    out = invoke("--home", str(crosswalk_home), "crosswalk", "compare", "大气法", "99").output
    out = out[out.index("%)") + 2 :]  # after the header
    body = "".join(out.splitlines())  # rich wraps at 80 columns: join the lines again
    body = re.split("仅原文有的数字|仅新文有的数字|删去的项|新增的项|变化：", body)[0]
    assert "[-" in body and "{+" in body
    kb = KnowledgeBase(crosswalk_home)
    cmp = kb.compare(kb.article("大气法", "99").ref)
    kb.close()
    old = "".join(s.old for s in cmp.segments)
    new = "".join(s.new for s in cmp.segments)
    # read back: without the insertions it is the old text, without the deletions the new one
    without_new = re.sub(r"\{\+.*?\+\}", "", body).replace("[-", "").replace("-]", "")
    without_old = re.sub(r"\[-.*?-\]", "", body).replace("{+", "").replace("+}", "")
    assert re.sub(r"\s", "", without_new) == re.sub(r"\s", "", old)
    assert re.sub(r"\s", "", without_old) == re.sub(r"\s", "", new)
