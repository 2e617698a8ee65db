"""Context smoothing (lawkb/search_context.py) on real law texts and a real index: the groups
follow the collection's headings, their word tables are the index's postings summed per group,
an article under a heading that matches the question rises, and the steps after it (article
references, named violations) keep their answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from lawkb.index.analysis import get_segmenter
from lawkb.kb import KnowledgeBase
from lawkb.search_context import WEIGHT, ContextSmoother, group_key
from lawkb.search_terms import QueryWords

CODE = "中华人民共和国生态环境法典"


def headings(kb: KnowledgeBase) -> dict[str, tuple[str, list[str]]]:
    rows = kb.collection.db.execute("SELECT ref, law, path FROM articles")
    return {ref: (law, json.loads(path or "[]")) for ref, law, path in rows}


@contextmanager
def context_weight(kb: KnowledgeBase, weight: float) -> Iterator[None]:
    smoother = kb.searcher.context
    before = smoother.weight
    smoother.weight = weight
    try:
        yield
    finally:
        smoother.weight = before


def test_group_keys_follow_the_heading_levels():
    path = ["第二编 污染防治", "第七分编 噪声污染防治", "第二十六章 一般规定"]
    assert group_key(CODE, path, "section") == (CODE, *path)
    assert group_key(CODE, path, "chapter") == (CODE, *path)
    deeper = [*path[:2], "第二十八章 社会生活噪声污染防治", "第一节 一般规定"]
    assert group_key(CODE, deeper, "chapter") == (CODE, *deeper[:3])
    assert group_key(CODE, deeper, "law") == (CODE,)
    assert group_key(CODE, [], "section") == (CODE,)  # no heading: the law as a whole


def test_groups_are_the_articles_under_one_heading(corpus_kb: KnowledgeBase):
    corpus_kb.ensure_index()
    scorer = corpus_kb.index.term_scorer()
    groups = ContextSmoother(corpus_kb.collection).groups(scorer)
    where = headings(corpus_kb)
    members: dict[int, set[tuple[str, ...]]] = {}
    body = scorer.lengths("body")
    length = [0.0] * groups.count
    for doc, (ref, _category) in enumerate(scorer.docs):
        g = groups.of_doc[doc]
        if ref in where:
            members.setdefault(g, set()).add(group_key(*where[ref]))
            length[g] += body[doc]
    assert len(members) == groups.count > 50
    assert all(len(keys) == 1 for keys in members.values())  # one heading per group
    assert len({next(iter(k)) for k in members.values()}) == groups.count  # one group per heading
    for g in range(groups.count):  # its articles' body words and its heading's words
        assert groups.lengths[g] == length[g] + sum(groups.heads[g].values())


def test_a_words_groups_are_those_of_the_articles_and_headings_that_hold_it(
    corpus_kb: KnowledgeBase,
):
    corpus_kb.ensure_index()
    scorer = corpus_kb.index.term_scorer()
    smoother = ContextSmoother(corpus_kb.collection)
    groups = smoother.groups(scorer)
    for word in ("听证", "管辖", "噪声", "罚款", "法律责任"):
        from_articles = {groups.of_doc[d] for d in scorer.table("body", word)}
        from_headings = {g for g, head in enumerate(groups.heads) if word in head}
        table = smoother.word(scorer, word)
        assert set(table) == (from_articles | from_headings) - {-1}, word
        assert table and all(v > 0 for v in table.values())
    assert smoother.word(scorer, "听证") is smoother.word(scorer, "听证")  # cached


def test_an_article_under_a_matching_heading_rises(corpus_kb: KnowledgeBase):
    corpus_kb.ensure_index()
    scorer = corpus_kb.index.term_scorer()
    smoother = ContextSmoother(corpus_kb.collection)
    words = QueryWords(get_segmenter(corpus_kb.index.dictionary), scorer, corpus_kb.corpus)
    slots = [s for s in (words.slot(t) for t in words.terms("听证程序怎么走")) if s]
    where = headings(corpus_kb)
    hearing = next(r for r, (_l, p) in where.items() if p and "听证" in p[-1])
    table = smoother.word(scorer, "听证")
    groups = smoother.groups(scorer)
    elsewhere = next(
        r
        for r, (_l, p) in where.items()
        if (d := scorer.docnum(r)) is not None and groups.of_doc[d] not in table
    )
    found = [(elsewhere, 10.0), (hearing, 9.0)]
    lifted = smoother.rerank(found, scorer, slots)
    assert [r for r, _s in lifted] == [hearing, elsewhere]
    scores = dict(lifted)
    assert scores[elsewhere] == 10.0  # a group that matches nothing keeps the score
    assert 9.0 < scores[hearing] <= 9.0 * (1 + WEIGHT)  # the lift is bounded


def test_references_and_named_violations_keep_their_answers(corpus_kb: KnowledgeBase):
    first: dict[float, list[list[str]]] = {}
    queries = ("环保法第59条", "企业未批先建怎么处罚", "私设暗管偷排污水怎么处罚", "污染环境罪")
    for weight in (0.0, WEIGHT):
        with context_weight(corpus_kb, weight):
            first[weight] = [
                [f"{h.law}#{h.number}{h.suffix}" for h in corpus_kb.search(q, limit=3)]
                for q in queries
            ]
    assert first[WEIGHT] == first[0.0]
    assert first[WEIGHT][1][0] == f"{CODE}#1095"  # the article that punishes 未批先建


def test_the_smoothing_step_reorders_some_lay_questions(corpus_kb: KnowledgeBase):
    """The step is live in `Searcher`: on a few questions of ordinary words it changes the
    order of the best ten, and never the set of articles found to fewer than before."""
    questions = (
        "行政复议申请期限",
        "噪声扰民找谁",
        "养殖场的粪便随便排放怎么办",
        "查封的设备要保管好吗",
    )
    changed = 0
    for q in questions:
        ranked = {}
        for weight in (0.0, WEIGHT):
            with context_weight(corpus_kb, weight):
                ranked[weight] = [h.law + h.article for h in corpus_kb.search(q, limit=10)]
        assert len(ranked[WEIGHT]) == len(ranked[0.0])
        changed += ranked[WEIGHT] != ranked[0.0]
    assert changed >= 1
