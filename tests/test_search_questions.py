"""Issue 10's "tried as a new user would" examples, on real law texts and a real index: the
built-in collection (what a fresh install searches) and, where the same Code text is there,
../shared/corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lawkb.importer import import_builtin
from lawkb.kb import KnowledgeBase
from lawkb.models import Status
from lawkb.search_links import LawLinks
from lawkb.views import article_view

CODE = "中华人民共和国生态环境法典"
PENALTIES = "中华人民共和国行政处罚法"
CRIMINAL = "中华人民共和国刑法"
MEETING = "关于办理环境污染刑事案件有关问题座谈会纪要"


@pytest.fixture(scope="module")
def builtin_kb(tmp_path_factory: pytest.TempPathFactory):
    """A fresh install: the catalogue's laws from the built-in laws.db, imported and indexed."""
    kb = KnowledgeBase(tmp_path_factory.mktemp("builtin-home"))
    report = kb.import_builtin()
    assert report.ok, report.failed
    kb.ensure_index()
    yield kb
    kb.close()


@pytest.fixture(params=["builtin_kb", "corpus_kb"])
def any_kb(request: pytest.FixtureRequest) -> KnowledgeBase:
    return request.getfixturevalue(request.param)


def refs(hits, n: int) -> list[str]:
    return [f"{h.law}#{h.number}{h.suffix}" for h in hits[:n]]


def test_unapproved_construction_puts_its_articles_first(any_kb: KnowledgeBase):
    hits = any_kb.search("未批先建", limit=10)
    assert refs(hits, 1)[0] in {f"{CODE}#107", f"{CODE}#1095"}
    asked = any_kb.search("企业未批先建怎么处罚", limit=10)
    assert refs(asked, 1) == [f"{CODE}#1095"]  # the article that punishes it
    assert f"{CODE}#107" in refs(asked, 3)  # and the duty it breaks


def test_discharge_over_the_standard_finds_the_discharge_articles(any_kb: KnowledgeBase):
    hits = any_kb.search("超标排放", limit=10)
    assert refs(hits, 1)[0] in {f"{CODE}#1107", f"{CODE}#151"}
    assert all("排放" in h.text for h in hits[:3])


def test_hearing_conditions_find_the_penalty_law_hearing_article(any_kb: KnowledgeBase):
    hits = any_kb.search("听证的条件", limit=10)
    assert {f"{PENALTIES}#63", f"{PENALTIES}#64"} & set(refs(hits, 3))


def test_seizure_by_the_bureau_finds_the_code(builtin_kb: KnowledgeBase):
    hits = builtin_kb.search("生态环境部门查封扣押", limit=10)
    assert hits[0].law == CODE and "查封" in hits[0].text and "扣押" in hits[0].text
    assert f"{CODE}#52" in refs(hits, 5)


@pytest.mark.parametrize("quote", ["“{}”", '"{}"', "「{}」"])
def test_a_quoted_term_never_empties_a_question(any_kb: KnowledgeBase, quote: str):
    question = "当事人对" + quote.format("参照") + "的规章有异议时法院怎么处理"
    hits = any_kb.search(question, limit=10)
    assert len(hits) == 10
    # a bare phrase the text never holds stays strict
    assert all("整治停产" in h.text for h in any_kb.search('"整治停产"', limit=10))


def test_an_unsegmented_phrase_finds_what_the_spaced_one_finds(any_kb: KnowledgeBase):
    joined = any_kb.search("危险废物转移联单", limit=10)
    spaced = any_kb.search("危险废物 转移联单", limit=10)
    if "危险废物转移管理办法" in {h.law for h in joined}:
        # the shared corpus also holds the 办法, whose articles write the compound itself: the
        # joined phrase finds the same best five as the spaced one, the Code among them
        assert set(refs(joined, 5)) == set(refs(spaced, 5))
        assert f"{CODE}#536" in refs(joined, 5)
        return
    assert len(joined) == len(spaced) == 10
    assert f"{CODE}#536" in refs(joined, 3) and f"{CODE}#536" in refs(spaced, 3)
    assert len(set(refs(joined, 5)) & set(refs(spaced, 5))) >= 2


@pytest.mark.parametrize(
    "question", ["听证的条件", "申请行政复议的期限", "行政处罚的追诉时效是多久", "查封扣押的期限"]
)
def test_the_meeting_minutes_stay_out_of_administrative_questions(
    corpus_kb: KnowledgeBase, question: str
):
    assert all(h.law != MEETING for h in corpus_kb.search(question, limit=5))


def test_an_amended_only_copy_stays_in_the_default_view(builtin_kb: KnowledgeBase):
    summary = next(s for s in builtin_kb.laws() if s.title == CRIMINAL)
    assert summary.status == Status.AMENDED  # laws.db labels its copy 已被修改
    assert all(s.status.in_default_view for s in builtin_kb.laws())
    assert any(not s.status.in_default_view for s in builtin_kb.laws(include_all=True))
    hits = builtin_kb.search("污染环境罪", limit=10)
    assert f"{CRIMINAL}#338" in refs(hits, 3)
    assert next(h for h in hits if h.law == CRIMINAL).status == Status.AMENDED
    view = article_view(builtin_kb.collection, builtin_kb, builtin_kb.article("刑法", 338))
    assert view["status"] == "已修改" and "不是最新版本" in view["status_meaning"]


def test_a_crime_name_finds_its_criminal_law_article(any_kb: KnowledgeBase):
    assert refs(any_kb.search("污染环境罪", limit=10), 1) == [f"{CRIMINAL}#338"]
    named = any_kb.search("涉嫌危害珍贵、濒危野生动物罪怎么移送", limit=10)
    assert f"{CRIMINAL}#341" in refs(named, 3)


def test_liability_articles_are_linked_to_the_duty_they_punish(corpus_kb: KnowledgeBase):
    links = LawLinks(corpus_kb.collection, corpus_kb.corpus)
    # through the catalogue: the Code's liability articles cite no article number
    assert f"{CODE}#1095" in links.punishers(f"{CODE}#107")
    # through resolved references: a liability article citing 本法第X条
    cited = corpus_kb.collection.db.execute(
        "SELECT r.target_ref, r.src_ref FROM refs r JOIN articles a ON a.ref = r.src_ref "
        "JOIN articles b ON b.ref = r.target_ref WHERE r.resolved AND a.path LIKE '%法律责任%' "
        "AND b.path NOT LIKE '%法律责任%' AND r.text LIKE '本法第%条%' LIMIT 1"
    ).fetchone()
    assert cited is not None
    assert cited[1] in links.punishers(cited[0])


def test_a_penalty_question_surfaces_the_punishing_article(any_kb: KnowledgeBase):
    hits = any_kb.search("私设暗管偷排污水怎么处罚", limit=10)
    assert f"{CODE}#1108" in refs(hits, 3)


# -- laws.db as a path ----------------------------------------------------------------------
def small_laws_db(target: Path, titles: tuple[str, ...]) -> Path:
    """A laws.db holding a few laws, copied row by row from the package's file at run time."""
    from lawkb.corpus.builtin import default_db

    src = sqlite3.connect(default_db())
    out = sqlite3.connect(target)
    for table in ("laws", "articles"):
        (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        out.execute(sql)
    marks = ",".join("?" * len(titles))
    ids = [
        r[0] for r in src.execute(f"SELECT law_id FROM laws WHERE law_name IN ({marks})", titles)
    ]
    for table in ("laws", "articles"):
        rows = src.execute(
            f"SELECT * FROM {table} WHERE law_id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        if rows:
            out.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    out.commit()
    out.close()
    src.close()
    return target


def test_a_laws_db_given_as_a_path_imports_every_law_in_it(tmp_path: Path):
    titles = (PENALTIES, "中华人民共和国行政强制法")
    db = small_laws_db(tmp_path / "some.db", titles)
    kb = KnowledgeBase(tmp_path / "home")
    report = kb.import_paths([db])
    assert report.ok, report.failed
    assert sorted(report.imported) == sorted(titles)
    assert kb.article("行政处罚法", 63).text
    other = KnowledgeBase(tmp_path / "home2")
    everything = import_builtin(other.collection, all_laws=True, db_path=db)
    assert sorted(everything.imported) == sorted(titles)


def test_another_sqlite_file_is_refused_by_name(tmp_path: Path):
    other = tmp_path / "notes.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    report = KnowledgeBase(tmp_path / "home").import_paths([other])
    assert not report.imported
    assert report.failed[0].path == str(other)
    assert "laws.db" in report.failed[0].message
