"""The CLI reference and the README's command table name every command of the click tree, the
reference is what the code's --help says, and every command and option has Chinese help."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest

from lawkb.cli.docs import commands, render

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
# the help option click adds to every command; its text comes from click's own catalogue
CLICK_OWN = {"_click_default_help"}


def _table_spans() -> list[list[str]]:
    """The words of each `lawkb …` code span in README.md's command table."""
    rows = [
        line for line in (ROOT / "README.md").read_text("utf-8").splitlines() if line[:1] == "|"
    ]
    spans = [s for row in rows for s in re.findall(r"`(lawkb(?: [^`]*)?)`", row)]
    return [s.split() for s in spans]


def _covered(path: tuple[str, ...], spans: list[list[str]]) -> bool:
    """`lawkb hours settings target/pro-rata` covers hours, hours settings and each of the two."""
    if not path:
        return any(words == ["lawkb"] for words in spans)
    n = len(path)
    return any(
        len(words) > n and tuple(words[1:n]) == path[:-1] and path[-1] in words[n].split("/")
        for words in spans
    )


def test_the_walk_finds_the_lazy_groups_and_their_nested_commands() -> None:
    names = {e.name for e in commands()}
    assert {"lawkb", "lawkb search", "lawkb hours log", "lawkb hours settings target"} <= names
    assert {"lawkb officers leave", "lawkb exam paper", "lawkb records sync"} <= names
    assert len(names) == len(commands())  # each once


def test_docs_cli_md_is_up_to_date_with_the_code() -> None:
    current = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert current == render(), "docs/cli.md is stale: run `python -m lawkb.cli.docs`"


def test_docs_cli_md_lists_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for e in commands():
        assert f"`{e.name}`" in text, e.name
        assert f"用法： {e.name} " in text, e.name


def test_the_readme_command_table_lists_every_command() -> None:
    spans = _table_spans()
    missing = [e.name for e in commands() if not _covered(e.path, spans)]
    assert missing == [], f"not in README.md's command table: {missing}"


def test_the_table_check_can_fail() -> None:
    spans = [["lawkb", "hours", "log/group"], ["lawkb", "search", "x"]]
    assert _covered(("hours", "group"), spans) and _covered(("search",), spans)
    assert not _covered(("hours", "audit"), spans) and not _covered((), spans)


@pytest.mark.parametrize("entry", commands(), ids=lambda e: e.name)
def test_every_command_and_option_has_chinese_help(entry) -> None:
    cmd: click.Command = entry.command
    assert cmd.help and CJK.search(cmd.help), f"{entry.name}: help text not in Chinese"
    for p in cmd.get_params(entry.context):
        if isinstance(p, click.Option) and p.name not in CLICK_OWN:
            assert p.help and CJK.search(p.help), f"{entry.name} {p.opts}: help not in Chinese"


@pytest.mark.parametrize("entry", [e for e in commands() if e.path], ids=lambda e: e.name)
def test_every_command_takes_home_and_never_receives_it(entry) -> None:
    """--home on every command (either place works), never as an unused parameter."""
    cmd: click.Command = entry.command
    if isinstance(cmd, click.Group) and not cmd.invoke_without_command:
        return  # a group that only dispatches: its commands take --home
    opts = {o for p in cmd.params for o in p.opts}
    assert "--home" in opts, entry.name
    assert "home" not in inspect.signature(cmd.callback).parameters, entry.name
