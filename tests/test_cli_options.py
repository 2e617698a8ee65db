"""What every command shares (issue 13) and the flags that must agree across commands (issue
11): the knowledge base is closed when a command ends, errors are said in Chinese, mutually
exclusive options are refused with a Chinese message, -o/--output wherever a file is written,
several words wherever a name is taken."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from quiz_support import writable_home

from lawkb.cli.docs import commands
from lawkb.cli.main import main
from lawkb.kb import KnowledgeBase

# the commands that write a file the user names
WRITERS = {"lawkb hours export", "lawkb backup", "lawkb exam paper", "lawkb records init-server"}


def invoke(home: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(main, ["--home", str(home), *args], env={"LAWKB_USER": "t"})
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


@pytest.fixture
def closes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The homes of the KnowledgeBases closed during the test, in order."""
    closed: list[Path] = []
    real = KnowledgeBase.close

    def close(self: KnowledgeBase) -> None:
        closed.append(self.home)
        real(self)

    monkeypatch.setattr(KnowledgeBase, "close", close)
    return closed


def test_the_knowledge_base_is_closed_when_a_command_ends(home: Path, closes) -> None:
    invoke(home, "officers", "add", "X1", "--name", "丙")
    invoke(home, "hours", "log", "X1", "1h", "-a", "自学")
    assert closes == [home, home]
    # a command that fails in the library closes it too, and says why in Chinese
    failed = invoke(home, "hours", "log", "NOBODY", "1h", "-a", "自学", code=1)
    assert closes == [home] * 3
    assert failed.stderr.startswith("错误：") and "NOBODY" in failed.stderr
    # a command that needs no knowledge base opens none
    invoke(home, "records", "login", "coord_wang", "--coordinator")
    assert closes == [home] * 3


def _officer(home: Path) -> int:
    invoke(home, "officers", "add", "X1", "--name", "丙")
    out = invoke(home, "hours", "log", "X1", "2h", "-a", "自学", "--json").output
    return json.loads(out)["id"]


def _entries(home: Path) -> list[dict]:
    out = invoke(home, "hours", "audit", "X1", "--json").output
    return json.loads(out)["entries"]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (
            ["hours", "correct", "{entry}", "--minutes", "1h", "--reverse", "-r", "x"],
            ["--minutes", "--reverse"],
        ),
        (["hours", "audit", "X1", "--entry", "{entry}"], ["OFFICER", "--entry"]),
        (["hours", "settings", "target", "40h", "--clear"], ["DURATION", "--clear"]),
        (["hours", "export", "-o", "-", "--json"], ["--output", "--json"]),
        (["backup", "{tmp}/a.db", "-o", "{tmp}/b.db"], ["DEST", "--output"]),
        (["records", "init-server", "--apply", "-o", "{tmp}/s.sql"], ["--apply", "--output"]),
    ],
)
def test_options_that_cannot_go_together_are_refused_in_chinese(
    home: Path, tmp_path: Path, args: list[str], names: list[str]
) -> None:
    entry = _officer(home)
    before = _entries(home)
    filled = [a.format(entry=entry, tmp=tmp_path) for a in args]
    out = invoke(home, *filled, code=2).output
    assert "不能同时使用" in out and all(n in out for n in names), out
    assert _entries(home) == before  # nothing was written
    assert not list(tmp_path.glob("*.*"))


@pytest.mark.parametrize(
    "args",
    [
        ["hours", "correct", "{entry}", "-r", "x"],
        ["hours", "audit"],
        ["hours", "settings", "target"],
    ],
)
def test_one_of_two_options_is_asked_for_in_chinese(home: Path, args: list[str]) -> None:
    entry = _officer(home)
    out = invoke(home, *[a.format(entry=entry) for a in args], code=2).output
    assert "请给出" in out


def test_an_activity_name_takes_several_words(home: Path) -> None:
    out = invoke(home, "hours", "settings", "activity-add", "案卷", "评查", "--json").output
    assert "案卷 评查" in json.loads(out)["activities"]
    out = invoke(home, "hours", "settings", "activity-remove", "案卷", "评查", "--json").output
    assert "案卷 评查" not in json.loads(out)["activities"]


def test_every_command_that_writes_a_file_takes_o_output() -> None:
    found = {}
    for e in commands():
        for p in e.command.params:
            if isinstance(p, click.Option) and "--output" in p.opts:
                found[e.name] = p.opts
    assert set(found) == WRITERS
    assert all("-o" in opts for opts in found.values())
    # no other spelling of an output file anywhere
    spelled = {o for e in commands() for p in e.command.params for o in p.opts}
    assert not spelled & {"--out", "--output-file", "--outfile", "--to-file"}


def test_records_init_server_writes_o(home: Path, tmp_path: Path) -> None:
    printed = invoke(home, "records", "init-server").stdout
    result = invoke(home, "records", "init-server", "-o", str(tmp_path / "s.sql"))
    assert result.stdout == "" and str(tmp_path / "s.sql") in result.stderr
    assert (tmp_path / "s.sql").read_text("utf-8") == printed


@pytest.fixture(scope="module")
def exam_home(corpus_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return writable_home(corpus_home, tmp_path_factory.mktemp("cli-options") / "home")


@pytest.mark.parametrize("form", [[], ["--json"], ["--part", "key"]])
def test_exam_paper_writes_o_what_it_prints(exam_home: Path, tmp_path: Path, form) -> None:
    printed = invoke(exam_home, "exam", "paper", "--seed", "3", *form).stdout
    target = tmp_path / "paper.out"
    result = invoke(exam_home, "exam", "paper", "--seed", "3", *form, "-o", str(target))
    assert result.stdout == "" and target.read_text("utf-8") == printed
    assert len(printed) > 1000


def test_exam_paper_key_out_and_o_are_two_files(exam_home: Path, tmp_path: Path) -> None:
    paper, key = tmp_path / "paper.md", tmp_path / "key.md"
    invoke(exam_home, "exam", "paper", "--seed", "3", "--key-out", str(key), "-o", str(paper))
    assert "参考答案" in key.read_text("utf-8") and "参考答案" not in paper.read_text("utf-8")
    expected = invoke(exam_home, "exam", "paper", "--seed", "3", "--part", "paper").stdout
    assert paper.read_text("utf-8") == expected
