"""Characters and character pairs beside the words (lawkb.index.grams, lawkb.search_fusion),
on the real index of the real collection."""

from __future__ import annotations

import re

import pytest
from whoosh import index as windex
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.scoring import BM25F

import lawkb.search_fusion as fusion
from lawkb.index.analysis import get_segmenter
from lawkb.index.grams import GRAMS_FIELD, NgramField, ngrams
from lawkb.index.scorer import K1, B, TermScorer
from lawkb.kb import KnowledgeBase
from lawkb.search_terms import QueryWords

CODE = "中华人民共和国生态环境法典"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def test_ngrams_are_the_pairs_and_characters_of_each_han_run():
    pairs, chars = ["排污", "污许", "许可"], ["排", "污", "许", "可"]
    assert ngrams("排污许可，GB3095 罚") == [*pairs, *chars, "gb3095", "罚"]
    assert ngrams("。，  ") == []


def test_the_field_indexes_what_the_tokenizer_yields():
    """NgramField counts n-grams itself; Whoosh's own path through the analyzer agrees."""
    field = NgramField()
    text = "排污单位应当按照排污许可证的规定排放污染物，排污单位不得私设暗管。"
    ours = sorted(field.index(text))
    theirs = sorted(super(NgramField, field).index(text))
    assert ours == theirs
    counts = {t.decode(): f for t, f, _w, _v in ours}
    assert counts["排污"] == 3 and counts["排"] == 4 and counts["管"] == 1


def test_question_words_and_punctuation_break_the_question_into_runs(corpus_kb: KnowledgeBase):
    scorer = corpus_kb.index.term_scorer()
    words = QueryWords(get_segmenter(corpus_kb.index.dictionary), scorer, corpus_kb.corpus)
    grams = words.grams(["工厂偷排废水怎么处罚？", "暗管"])
    assert "暗管" in grams and "偷排" in grams and "废水" in grams
    assert "罚" in grams and "偷" in grams
    assert not {"怎么", "么处", "水怎", "怎", "么"} & set(grams)  # the question word is dropped
    assert len(grams) == len(set(grams))


def test_ngram_scores_are_whoosh_bm25_over_the_grams_field(corpus_kb: KnowledgeBase):
    """The cached tables give exactly Whoosh's BM25F over the grams field."""
    scorer = corpus_kb.index.term_scorer()
    ix = windex.open_dir(str(corpus_kb.index.live_dir()))
    weighting = BM25F(B=B, K1=K1)
    with ix.searcher(weighting=weighting) as searcher:
        for gram in ("暗管", "排污", "听证", "罚"):
            results = searcher.search(Q.Term(GRAMS_FIELD, gram), limit=None)
            ours = scorer.table(GRAMS_FIELD, gram)
            assert len(results) == len(ours) > 0
            for hit in results:
                assert ours[hit.docnum] == pytest.approx(hit.score, rel=1e-6)
    ix.close()
    summed = scorer.gram_scores(["暗管", "排污"])
    pipes, discharge = scorer.table(GRAMS_FIELD, "暗管"), scorer.table(GRAMS_FIELD, "排污")
    assert {d for d, v in enumerate(summed) if v} == pipes.keys() | discharge.keys()
    for d in pipes:
        assert summed[d] == pytest.approx(pipes[d] + discharge.get(d, 0.0))


def _fragment(text: str) -> str:
    """Ten characters from the middle of the article's longest Han run: cut across words."""
    run = max(_HAN_RUN.findall(text), key=len)
    middle = len(run) // 2
    return run[middle - 5 : middle + 5]


def _found_in_top3(kb: KnowledgeBase, articles: list) -> int:
    found = 0
    for article in articles:
        hits = kb.search(_fragment(article.text), limit=3)
        found += any(f"{h.law}#{h.number}{h.suffix}" == article.ref for h in hits)
    return found


def test_text_cut_across_words_finds_its_article_more_often(
    corpus_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
):
    """A piece of an article cut in the middle of words segments into other words than the
    article's; the characters it shares still find the article, more often than words alone."""
    code = [a for a in corpus_kb.collection.iter_articles() if a.law == CODE and len(a.text) > 60]
    sample = code[::25]
    assert len(sample) >= 30
    fused = _found_in_top3(corpus_kb, sample)
    monkeypatch.setattr(fusion, "GRAM_WEIGHT", 0.0)
    words_only = _found_in_top3(corpus_kb, sample)
    assert fused > words_only
    assert fused >= 0.6 * len(sample)


def test_an_unsegmented_phrase_finds_what_the_spaced_one_finds(corpus_kb: KnowledgeBase):
    """Two words of an article typed without the space between them: the article is in the
    top 3 either way."""
    code = [a for a in corpus_kb.collection.iter_articles() if a.law == CODE and len(a.text) > 60]
    seg = get_segmenter(corpus_kb.index.dictionary)
    reader = corpus_kb.index.term_scorer().reader
    checked = 0
    for article in code[::60]:
        words = [w for w, _s, _e in seg.tokenize(article.text, False) if len(w) >= 2]
        words = [w for w in dict.fromkeys(words) if _HAN_RUN.fullmatch(w)]
        # two words that few articles hold, in the order the article says them
        rare = [w for w in words if reader.doc_frequency("body", w) <= 30][:2]
        if len(rare) < 2:
            continue
        spaced = corpus_kb.search(" ".join(rare), limit=3)
        if article.ref not in {f"{h.law}#{h.number}{h.suffix}" for h in spaced}:
            continue
        joined = corpus_kb.search("".join(rare), limit=3)
        assert article.ref in {f"{h.law}#{h.number}{h.suffix}" for h in joined}, rare
        checked += 1
    assert checked >= 5


def test_an_index_without_the_field_scores_no_ngrams(tmp_path):
    """A stale index from before the n-gram field can still serve a search while the new one
    builds: it gives the words' ranking alone."""
    ix = windex.create_in(
        str(tmp_path), Schema(ref=ID(stored=True), category=ID(stored=True), body=TEXT())
    )
    with ix.writer() as w:
        w.add_document(ref="a#1", category="法律", body="排污 许可")
    with ix.searcher(weighting=BM25F()) as searcher:
        scorer = TermScorer(searcher, {"body": 1.0})
        assert scorer.gram_scores(["排污", "排"]) == [0.0]
        assert scorer.table("body", "排污")
    ix.close()
