"""Question words that everyday Chinese uses everywhere (能, 多, 才, 现在) weigh little in a
question: corpus/common_words.tsv comes from jieba's dictionary counts, and a question whose
only topical word is 废气 finds an article about waste gas, not one that writes 多能 or 才能."""

from __future__ import annotations

import subprocess
import sys

import pytest

import lawkb.search_terms as terms
from lawkb.devtools import REPO
from lawkb.index.analysis import get_segmenter
from lawkb.kb import KnowledgeBase
from lawkb.search_terms import QueryWords, common_weight, common_words

QUESTION = "才知道隔壁厂现在能多排一点废气吗"


def test_the_table_is_what_the_tool_writes_from_jieba():
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_common_words.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_function_words_weigh_less_than_topic_words(corpus_kb: KnowledgeBase):
    corpus_kb.ensure_index()
    table = common_words(corpus_kb.searcher.corpus)
    assert table["能"] < table["现在"] < terms.COMMON_TO  # jieba's counts order them
    assert "废气" not in table and "排污" not in table  # topic words: full weight
    words = QueryWords(
        get_segmenter(corpus_kb.index.dictionary),
        corpus_kb.index.term_scorer(),
        corpus_kb.searcher.corpus,
    )
    weights = {w: s.weight for w in words.terms(QUESTION) if (s := words.slot(w))}
    assert weights["废气"] == 1.0
    assert weights["能"] == pytest.approx(common_weight(table["能"]))
    assert weights["能"] < 0.3
    assert common_weight(None) == 1.0 and common_weight(0.0) == terms.COMMON_FLOOR


def test_a_question_ranks_by_its_topic_word(corpus_kb: KnowledgeBase, monkeypatch):
    top = corpus_kb.search(QUESTION, limit=1, include_all=True)[0]
    assert "废气" in corpus_kb.collection.article_by_ref(f"{top.law}#{top.number}{top.suffix}").text
    # the same question with every word at full weight: an article on 多能/才能 or 知道 wins
    monkeypatch.setattr(terms, "COMMON_TO", 0.0)
    flat = corpus_kb.search(QUESTION, limit=1, include_all=True)[0]
    assert (
        "废气"
        not in corpus_kb.collection.article_by_ref(f"{flat.law}#{flat.number}{flat.suffix}").text
    )
