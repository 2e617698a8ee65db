"""`lawkb quiz practice` in the terminal (issue 11): a typing slip is asked again, not marked
wrong, and the summary says how many of the questions were answered."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from quiz_support import kb_with_officer, writable_home

from lawkb.cli.main import main


@pytest.fixture(scope="module")
def home(corpus_home, tmp_path_factory):
    h = writable_home(corpus_home, tmp_path_factory.mktemp("quiz-answers") / "home")
    kb_with_officer(h).records.close()
    return h


def test_an_invalid_letter_is_asked_again_and_the_summary_counts_answers(home) -> None:
    args = ["--home", str(home), "quiz", "practice", "T001", "--law", "行政处罚法"]
    args += ["--count", "3", "--seed", "7", "--type", "single"]
    qs = json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)
    # z is no option: asked again; then the right letter; then skip the other two
    answer = "".join(qs[0]["answer"])
    r = CliRunner().invoke(main, args, input=f"z\n{answer}\n\n\n")
    assert r.exit_code == 0, r.output
    assert "无效的答案 'z'" in r.output
    assert r.output.count("✓") == 1 and "✗" not in r.output
    assert "已答 1 / 3 题，答对 1 题" in r.output
    book = json.loads(
        CliRunner()
        .invoke(main, ["--home", str(home), "quiz", "wrong-book", "T001", "--json"])
        .stdout
    )
    assert book == []
