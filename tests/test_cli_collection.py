"""The collection commands, through click and through real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from homes import copy_home

from lawkb.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"LAWKB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "lawkb", *args], capture_output=True, text=True, env=env, timeout=120
    )


def walk(group: click.Group, prefix: str = ""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from walk(cmd, f"{prefix}{name} ")


def test_every_command_has_help_text():
    commands = list(walk(main))
    assert {"import", "index", "search", "show", "laws"} <= {n for n, _ in commands}
    runner = CliRunner()
    for name, cmd in commands:
        assert (cmd.help or cmd.short_help or "").strip(), f"`lawkb {name}` has no help text"
        result = runner.invoke(main, [*name.split(), "--help"])
        assert result.exit_code == 0, name


def test_search_json_has_the_hit_fields(corpus_home: Path):
    out = run(corpus_home, "search", "环保法第五十九条", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    first = hits[0]
    for field in ("law", "article", "number", "suffix", "status", "score", "text", "snippet"):
        assert field in first
    assert first["law"] == "中华人民共和国环境保护法" and first["number"] == 59
    assert first["status"] == "已废止"


def test_search_reads_queries_from_stdin_and_answers_each_line_at_once(corpus_home: Path):
    env = os.environ | {"LAWKB_HOME": str(corpus_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lawkb", "search", "--limit", "3"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for query, law in (
            ("法典第1003条", "中华人民共和国生态环境法典"),
            ("刑法第120条之一", "中华人民共和国刑法"),
        ):
            proc.stdin.write(query + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()  # answered before the next query is written
            hits = json.loads(line)
            assert hits[0]["law"] == law
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_show_one_article_and_a_whole_law(corpus_home: Path):
    out = run(corpus_home, "show", "刑法", "120之一", "--json")
    art = json.loads(out.stdout)
    assert art["label"] == "第一百二十条之一" and art["suffix"] == "之一" and art["number"] == 120
    out = run(corpus_home, "show", "环境保护法", "--json")
    law = json.loads(out.stdout)
    assert law["title"] == "中华人民共和国环境保护法" and law["status"] == "已废止"
    assert len(law["articles"]) == 70
    assert all(
        {"successors", "predecessors", "references", "cited_by"} <= a.keys()
        for a in law["articles"]
    )


def test_show_unknown_article_says_what_exists(corpus_home: Path):
    out = run(corpus_home, "show", "环保法", "999")
    assert out.returncode == 1
    assert "共 70 条" in out.stderr


def test_laws_json(corpus_home: Path, corpus_source: str):
    from conftest import SHARED_CORPUS
    from corpus_support import builtin_article_rows, source_law_count

    from lawkb.corpus.splits import read_splits
    from lawkb.paths import corpus_dir

    out = run(corpus_home, "laws", "--all", "--json")
    laws = json.loads(out.stdout)
    assert len(laws) == source_law_count(corpus_source, SHARED_CORPUS)
    code = "中华人民共和国生态环境法典"
    row = next(r for r in laws if r["title"] == code)
    # the Wikisource copy has all 1242 articles; laws.db one row per article it kept, plus the
    # articles it glued onto their neighbours, cut out again (corpus/builtin_splits.tsv)
    splits = len(read_splits(corpus_dir()))
    articles = 1242 if corpus_source == "shared" else builtin_article_rows(code) + splits
    assert row["article_count"] == articles == 1242
    assert row["status"] == "现行有效" and row["category"] == "法律"


def test_usage_errors_exit_2(tmp_path: Path):
    result = CliRunner().invoke(
        main, ["search", "--limit", "zero"], env={"LAWKB_HOME": str(tmp_path)}
    )
    assert result.exit_code == 2
    assert "limit" in result.output


def test_import_reports_a_bad_file_and_exits_nonzero(tmp_path: Path):
    home = tmp_path / "home"
    out = run(home, "import", str(FIXTURES / "spine"), str(FIXTURES / "spine_bad"))
    assert out.returncode == 1
    assert "跳号条例.txt:5" in out.stderr and "应为 第二条" in out.stderr
    assert "导入 1 部法规" in out.stdout
    show = run(home, "show", "示例市河道清洁条例", "3之一", "--json")
    assert json.loads(show.stdout)["paragraphs"][0]["items"] == [
        "（一）巡查时间；",
        "（二）发现的问题。",
    ]


def test_search_rebuilds_a_corrupt_index_and_says_so(corpus_home: Path, tmp_path: Path):
    home = copy_home(corpus_home, tmp_path / "home")
    live = home / "index" / (home / "index" / "CURRENT").read_text(encoding="utf-8").strip()
    for f in live.iterdir():
        if f.suffix == ".toc":
            f.write_bytes(b"not an index")
    out = run(home, "search", "按日连续处罚", "--limit", "1")
    assert out.returncode == 0, out.stderr
    assert "损坏" in out.stderr and str(live) in out.stderr
    assert "按日连续处罚" in out.stdout


def test_show_names_the_crosswalk_kind_in_chinese(corpus_home: Path):
    """A Code article lists the old articles it came from with what changed, in words."""
    out = run(corpus_home, "show", "生态环境法典", "52")
    assert out.returncode == 0
    assert "原法条文" in out.stdout and "（规则有变化）" in out.stdout
    assert "changed" not in out.stdout and "same" not in out.stdout
