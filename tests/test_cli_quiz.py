"""`lawkb quiz …` and `lawkb exam …` on a copy of the real collection."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from quiz_support import kb_with_officer, writable_home

from lawkb.cli.main import main
from lawkb.quiz.bank import COLUMNS


@pytest.fixture(scope="module")
def home(corpus_home, tmp_path_factory):
    h = writable_home(corpus_home, tmp_path_factory.mktemp("quiz-cli") / "home")
    kb_with_officer(h).records.close()
    return h


def run(home, *args, input=None):
    return CliRunner().invoke(main, ["--home", str(home), *args], input=input)


def test_generate_json(home):
    r = run(
        home, "quiz", "generate", "--law", "行政处罚法", "--count", "5", "--seed", "1", "--json"
    )
    assert r.exit_code == 0, r.output
    qs = json.loads(r.stdout)
    assert len(qs) == 5
    for q in qs:
        assert q["source"]["law"] == "中华人民共和国行政处罚法"
        assert set(q) >= {"id", "type", "stem", "options", "answer", "explanation", "source"}


def test_generate_usage_and_lookup_errors(home):
    assert run(home, "quiz", "generate", "--law", "行政处罚法", "--type", "essay").exit_code == 2
    r = run(home, "quiz", "generate", "--law", "不存在的示例条例")
    assert r.exit_code == 1 and "不存在的示例条例" in r.stderr


def test_exam_paper_same_seed_same_json_and_a_separate_key(home):
    a = run(home, "exam", "paper", "--seed", "7", "--json")
    b = run(home, "exam", "paper", "--seed", "7", "--json")
    assert a.exit_code == 0, a.output
    assert a.stdout == b.stdout
    paper = json.loads(a.stdout)
    assert len(paper["questions"]) == 80 and paper["total_points"] == 100
    md = run(home, "exam", "paper", "--seed", "7", "--part", "paper").stdout
    key = run(home, "exam", "paper", "--seed", "7", "--part", "key").stdout
    assert "**1.**" in md and "参考答案" not in md
    assert "参考答案" in key and paper["questions"][0]["source"]["article"] in key


def test_import_reports_rows_and_keeps_the_good_ones(home, tmp_path):
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerow(
            ["判断", "示例：首违可以不罚", "", "", "", "", "", "正确", "", "行政处罚法第33条"]
        )
        w.writerow(["单选", "示例：没有答案", "甲", "乙", "", "", "", "", "", "行政处罚法第33条"])
    r = run(home, "quiz", "import", str(path))
    assert r.exit_code == 1
    assert "row 3" in r.stderr and "答案" in r.stderr
    assert "导入 1 道" in r.stdout
    banks = json.loads(run(home, "quiz", "banks", "--json").stdout)
    mine = next(b for b in banks if b["path"].endswith("rows.yaml"))
    assert mine["questions"] == 1 and mine["errors"] == []


def test_practice_loop_then_wrong_book_and_due(home):
    qs = json.loads(
        run(
            home,
            "quiz",
            "practice",
            "T001",
            "--law",
            "行政处罚法",
            "--count",
            "2",
            "--seed",
            "5",
            "--type",
            "single",
            "--json",
        ).stdout
    )
    wrong = next(c for c in "ABCD" if c not in qs[0]["answer"])
    r = run(
        home,
        "quiz",
        "practice",
        "T001",
        "--law",
        "行政处罚法",
        "--count",
        "2",
        "--seed",
        "5",
        "--type",
        "single",
        input=f"{wrong}\n{''.join(qs[1]['answer'])}\n",
    )
    assert r.exit_code == 0, r.output
    assert "✗" in r.stdout and "✓" in r.stdout
    book = json.loads(run(home, "quiz", "wrong-book", "T001", "--json").stdout)
    assert qs[0]["id"] in {e["question"]["id"] for e in book}
    due = json.loads(run(home, "quiz", "due", "T001", "--json").stdout)
    assert qs[0]["id"] in {d["question"]["id"] for d in due}
    assert run(home, "quiz", "wrong-book", "NOBODY").exit_code == 1
