"""The ranking steps added for issue 10 on real data: block-wise postings equal Whoosh's own,
grave case facts that name no crime reach the crime's 刑法 article, and the answer-type lift."""

from __future__ import annotations

from itertools import islice

from lawkb.index.scorer import _postings
from lawkb.kb import KnowledgeBase
from lawkb.search_intent import INTENTS, Intent
from lawkb.search_links import is_grave_case

CRIMINAL = "中华人民共和国刑法"


def test_block_wise_postings_equal_whoosh_items(corpus_kb: KnowledgeBase):
    corpus_kb.ensure_index()
    reader = corpus_kb.index.term_scorer().reader
    checked = 0
    for field in ("body", "path", "title"):
        for term in islice(reader.lexicon(field), 0, None, 23):
            text = term.decode() if isinstance(term, bytes) else term
            whoosh = list(reader.postings(field, text).items_as("weight"))
            assert list(_postings(reader.postings(field, text))) == whoosh, (field, text)
            checked += 1
    assert checked > 200


def test_grave_case_facts_reach_the_crime_article(shared_kb: KnowledgeBase):
    grave = "张某在河滩空地上倾倒了三十多吨电镀污泥，周边土壤严重污染"
    light = "某公司在厂区空地上堆放了电镀污泥"
    assert is_grave_case(grave) and not is_grave_case(light)
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
