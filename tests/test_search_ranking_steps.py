"""The ranking steps added for issue 10 on real data: block-wise postings equal Whoosh's own,
criminal case facts that name no crime reach the crime's 刑法 article, the answer-type lift, and
a statute before the regulation that nearly repeats it."""

from __future__ import annotations

from itertools import islice

from lawkb.index.scorer import postings_of
from lawkb.kb import KnowledgeBase
from lawkb.search import CATEGORY_PRIOR
from lawkb.search_dedup import DEDUP_FROM, DEDUP_OVERLAP, _bigrams, higher_source_first
from lawkb.search_intent import INTENTS, Intent

CRIMINAL = "中华人民共和国刑法"
CODE = "中华人民共和国生态环境法典"


def test_block_wise_postings_equal_whoosh_items(corpus_kb: KnowledgeBase):
    corpus_kb.ensure_index()
    reader = corpus_kb.index.term_scorer().reader
    checked = 0
    for field in ("body", "path", "title"):
        for term in islice(reader.lexicon(field), 0, None, 23):
            text = term.decode() if isinstance(term, bytes) else term
            whoosh = list(reader.postings(field, text).items_as("weight"))
            assert list(postings_of(reader.postings(field, text))) == whoosh, (field, text)
            checked += 1
    assert checked > 200


def test_grave_case_facts_reach_the_crime_article(shared_kb: KnowledgeBase):
    grave = "张某在河滩空地上倾倒了三十多吨电镀污泥，周边土壤严重污染"
    light = "某公司在厂区空地上堆放了电镀污泥"
    reads = shared_kb.linker.crime_reading  # a party, a crime's facts and gravity
    assert reads(grave).criminal and not reads(light).criminal
    hits = shared_kb.search(grave, limit=10)
    assert f"{CRIMINAL}#338" in [f"{h.law}#{h.number}{h.suffix}" for h in hits[:3]]
    assert all(h.law != CRIMINAL for h in shared_kb.search(light, limit=3))


def test_a_question_about_a_time_limit_lifts_articles_that_state_one(corpus_kb: KnowledgeBase):
    intent = Intent(corpus_kb.collection)
    texts = {a.ref: a.text for a in islice(corpus_kb.collection.iter_articles(), 400)}
    timed = [r for r, t in texts.items() if INTENTS[0][1].search(t)]
    untimed = [r for r, t in texts.items() if not INTENTS[0][1].search(t)]
    assert timed and untimed
    found = [(untimed[0], 10.0), (timed[0], 9.0), (untimed[1], 1.0)]
    assert [r for r, _s in intent.rerank(found, "申请复议的期限是多久")][:2] == [
        timed[0],
        untimed[0],
    ]
    assert intent.rerank(found, "排污许可证的内容") == found  # no answer type asked


def test_a_question_that_states_a_duration_asks_about_a_time_limit():
    asks = INTENTS[0][0]
    for question in (
        "设备被查封了一个多月还没结果",
        "工厂五年前偷排，现在还能罚吗",
        "过了三天还没通知",
    ):
        assert asks.search(question), question
    assert not asks.search("设备被查封了怎么办")


def _overlap(a: str, b: str) -> float:
    ga, gb = _bigrams(a), _bigrams(b)
    return len(ga & gb) / max(1, min(len(ga), len(gb)))


def test_a_statute_comes_before_the_regulation_that_nearly_repeats_it(shared_kb: KnowledgeBase):
    hits = shared_kb.search("项目环评批准以后生产工艺变了，要不要重新报批", limit=10)
    prior = [CATEGORY_PRIOR.get(h.category.value, 1.0) for h in hits]
    pairs = [
        (i, j)
        for i in range(len(hits))
        for j in range(len(hits))
        if DEDUP_FROM <= prior[i] < prior[j]
        and _overlap(hits[i].text, hits[j].text) >= DEDUP_OVERLAP
    ]
    assert pairs  # the regulation and the Code both answer it
    assert all(j < i for i, j in pairs), [(hits[i].law, hits[j].law) for i, j in pairs]


def test_higher_source_first_moves_only_near_repeats(corpus_kb: KnowledgeBase):
    arts = list(islice(corpus_kb.collection.iter_articles(), 200))
    a, b = next(
        (x, y) for x in arts for y in arts if x.ref != y.ref and _overlap(x.text, y.text) < 0.2
    )
    texts = {"low": a.text, "high": a.text + "。", "other": b.text}
    rank = {"low": 0.92, "high": 1.0, "other": 1.0}
    found = [("low", 5.0), ("other", 4.0), ("high", 3.0)]
    moved = higher_source_first(found, lambda refs: {r: texts[r] for r in refs}, rank.get)
    assert [r for r, _s in moved] == ["high", "low", "other"]
    rank["low"] = 0.8  # a rule keeps its place: officers cite its implementing detail
    assert higher_source_first(found, lambda refs: {r: texts[r] for r in refs}, rank.get) == found
    unrelated = [("low", 5.0), ("other", 4.0)]
    assert higher_source_first(unrelated, lambda refs: {r: texts[r] for r in refs}, rank.get) == (
        unrelated
    )


def test_colloquial_violation_wording_finds_the_catalogue_row(corpus_kb: KnowledgeBase):
    links = corpus_kb.linker
    cases = {
        "水泥厂擅自拆除了脱硫装置": "1104",
        "检测机构没去现场采样就编造了监测数据": "1091",
        "废水处理设施还没建成就投入生产了": "1100",
        "还没办排污许可证就开始排污": "1102",
    }
    for text, number in cases.items():
        named = links.named_violations(text)
        assert named, text
        assert f"{CODE}#{number}" in named[0].penalty_refs, (text, named[0].penalty_refs)
        hits = corpus_kb.search(text, limit=3)
        assert f"{CODE}#{number}" in [f"{h.law}#{h.number}{h.suffix}" for h in hits], text


def test_a_time_limit_question_about_a_named_violation_finds_the_limitation_article(
    corpus_kb: KnowledgeBase,
):
    question = "三年前私设暗管排污的违法行为现在才被发现，能不能给予行政处罚"
    assert corpus_kb.linker.named_violations(question)  # 私设暗管: background, not the question
    hits = corpus_kb.search(question, limit=3)
    assert f"{CODE}#1054" in [f"{h.law}#{h.number}{h.suffix}" for h in hits]
