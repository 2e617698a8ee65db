"""Search on the real corpus: references, filters, phrases, AND with fallback, snippets."""

from __future__ import annotations

import pytest

from lawkb.kb import KnowledgeBase
from lawkb.models import Status

CODE = "中华人民共和国生态环境法典"
EPL = "中华人民共和国环境保护法"


@pytest.mark.parametrize(
    ("query", "law", "label"),
    [
        ("《中华人民共和国环境保护法》第五十九条", EPL, "第五十九条"),
        ("环保法59条", EPL, "第五十九条"),
        ("法典第1003条", CODE, "第一千零三条"),
        ("刑法第一百二十条之一", "中华人民共和国刑法", "第一百二十条之一"),
        ("刑法120条之一", "中华人民共和国刑法", "第一百二十条之一"),
        ("行政处罚法第三十二条 从轻", "中华人民共和国行政处罚法", "第三十二条"),
    ],
)
def test_article_references_come_first(corpus_kb: KnowledgeBase, query: str, law: str, label: str):
    hits = corpus_kb.search(query)
    assert hits[0].law == law and hits[0].article == label and hits[0].exact


def test_a_repealed_article_named_by_reference_is_shown_and_marked(corpus_kb: KnowledgeBase):
    hit = corpus_kb.search("环保法第五十九条")[0]
    assert hit.status == Status.REPEALED
    assert "按日连续处罚" in hit.text


def test_bare_article_number_applies_inside_a_law_filter(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search("第59条", law="环保法")
    assert hits[0].law == EPL and hits[0].number == 59


def test_current_law_only_by_default(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search("按日连续处罚", limit=50)
    assert hits and all(h.status == Status.CURRENT for h in hits)
    assert any(h.law == CODE for h in hits)
    everything = corpus_kb.search("按日连续处罚", limit=50, include_all=True)
    assert any(h.law == EPL and h.number == 59 for h in everything)


def test_filters_by_category_and_law(corpus_kb: KnowledgeBase):
    present = {law.category.value for law in corpus_kb.laws()}
    for category in present:
        hits = corpus_kb.search("罚款", category=category, limit=30)
        assert hits and all(h.category.value == category for h in hits)
    for category in {"法律", "行政法规", "部门规章"} - present:
        assert corpus_kb.search("罚款", category=category, limit=30) == []
    hits = corpus_kb.search("罚款", law="行政处罚法", limit=30)
    assert hits and all(h.law == "中华人民共和国行政处罚法" for h in hits)


def test_quoted_phrases_match_as_phrases(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search('"停产整治"', limit=30)
    assert hits and all("停产整治" in h.text for h in hits)
    # the words of a phrase apart from each other do not match the phrase
    apart = corpus_kb.search('"整治停产"', limit=30)
    assert all("整治停产" in h.text for h in apart)


def test_all_words_must_match_first(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search("查封 扣押 期限", limit=5)
    assert len(hits) == 5
    for h in hits:
        assert "查封" in h.text and "扣押" in h.text and "期限" in h.text


def test_falls_back_gracefully_when_all_words_find_too_little(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search("企业超标排放被罚款后一直拒不改正怎么办", limit=10)
    assert len(hits) == 10
    assert any("按日连续处罚" in h.text for h in hits[:5])


def test_snippets_are_highlighted_without_segmentation_spaces(shared_kb: KnowledgeBase):
    # an article that holds only a part of a query word (许可 of 排污许可证) shows that part
    hits = shared_kb.search("排污许可证 有效期", limit=10)
    assert hits
    for h in hits:
        body = h.snippet.strip("…")
        assert body in h.text.replace("\n", "")
        assert h.highlights
        for s, e in h.highlights:
            part = h.snippet[s:e]  # a query word or a word inside one, never a lone character
            assert len(part) >= 2 and any(part in w for w in ("排污许可证", "有效期"))


def test_the_code_article_on_daily_penalties_is_found_in_plain_words(corpus_kb: KnowledgeBase):
    hits = corpus_kb.search("按日连续处罚 拒不改正 原处罚数额", law="法典", limit=3)
    assert hits[0].law == CODE and "按日连续处罚" in hits[0].text


def test_current_mode_offers_the_successor_when_an_old_article_matches_best(
    corpus_kb: KnowledgeBase,
):
    # the old 环境保护法 wording of the daily-penalty rule; the Code says it differently
    hits = corpus_kb.search("企业事业单位和其他生产经营者违法排放污染物 按照原处罚数额按日连续处罚")
    assert hits[0].law == CODE and hits[0].number == 1060  # on its own merits now
    # current-law mode: no repealed text (a 已修改 law, the built-in 刑法, is in force)
    assert all(h.status.in_default_view and h.status != Status.REPEALED for h in hits)
    # the old article's own words (read from the corpus) match it best of all
    old = corpus_kb.article(EPL, 59).text.replace("\n", "")
    first = corpus_kb.search(old, limit=5)[0]
    assert first.law == CODE and first.number == 1060
    assert first.successor_of == f"{EPL}#59"


def test_an_old_reference_carries_its_successor(corpus_kb: KnowledgeBase):
    hit = corpus_kb.search("环保法第五十九条")[0]
    assert hit.successors == [f"{CODE}#1060"]


def test_penalty_questions_prefer_legal_liability_chapters(shared_kb: KnowledgeBase):
    # on the built-in collection alone the top hit is 环境保护税法's 征收管理 (search's business)
    corpus_kb = shared_kb
    hits = corpus_kb.search("偷排污水会受什么处罚", limit=3)
    assert "法律责任" in " ".join(hits[0].path)
    assert any(w in hits[0].text for w in ("罚款", "拘留", "处罚"))
