"""The Whoosh index: analysis, positions, build and swap, rebuild when missing, stale or corrupt."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import jieba
import pytest

from lawkb.index.analysis import JiebaTokenizer, chinese_analyzer, get_segmenter
from lawkb.kb import KnowledgeBase
from lawkb.paths import corpus_dir

FIXTURES = Path(__file__).parent / "fixtures"
DICTIONARY = corpus_dir() / "dictionary.txt"
TERMS = [
    "按日连续处罚",
    "查封扣押",
    "限制生产",
    "停产整治",
    "排污许可证",
    "自由裁量权",
    "责令改正",
    "未批先建",
]


@pytest.fixture
def small_kb(home: Path) -> KnowledgeBase:
    kb = KnowledgeBase(home)
    kb.import_paths([FIXTURES / "spine"])
    return kb


def test_user_dictionary_keeps_legal_terms_whole():
    seg = get_segmenter(DICTIONARY)
    for term in TERMS:
        assert [w for w, _s, _e in seg.tokenize(term, False)] == [term]
    split_by_default = [t for t in TERMS if len(jieba.lcut(t)) > 1]
    assert len(split_by_default) >= 6  # the default dictionary splits them


def test_positions_count_words_and_subwords_share_them():
    ana = chinese_analyzer(DICTIONARY)
    toks = [
        (t.text, t.pos)
        for t in ana("生态环境保护工作，超标排放污染物", positions=True, mode="index")
    ]
    pos = dict(toks)
    assert pos["生态环境保护"] == pos["环境保护"] == pos["生态"] == 0
    assert pos["超标排放"] + 1 == pos["污染物"]
    query = [(t.text, t.pos) for t in ana("超标排放污染物", positions=True, mode="query")]
    assert query == [("超标排放", 0), ("污染物", 1)]  # accurate mode, no junk sub-words


def test_tokenizer_pickles_with_the_schema():
    tok = JiebaTokenizer(str(DICTIONARY))
    again = pickle.loads(pickle.dumps(tok))
    assert again == tok
    assert [t.text for t in again("按日连续处罚")] == ["按日连续处罚"]


def test_rjieba_segments_exactly_like_jieba_on_the_whole_corpus(corpus_kb: KnowledgeBase):
    rj = get_segmenter(DICTIONARY, backend="rjieba")
    jb = get_segmenter(DICTIONARY, backend="jieba")
    texts = [a.text for a in corpus_kb.collection.iter_articles()]
    assert len(texts) > 4000  # the built-in collection has about 4500, the shared one 5400
    for text in texts:
        assert rj.tokenize(text, False) == jb.tokenize(text, False)
    words = {w for text in texts[:800] for w, _s, _e in jb.tokenize(text, False) if len(w) > 2}
    for w in words:
        for i in range(len(w) - 1):
            assert rj.has_word(w[i : i + 2]) == jb.has_word(w[i : i + 2]), w


def test_jieba_prints_nothing(capfd: pytest.CaptureFixture[str]):
    get_segmenter(DICTIONARY, backend="jieba").tokenize("排污许可证", False)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_index_is_built_when_missing_and_reused_when_fresh(small_kb: KnowledgeBase):
    assert small_kb.index.status() == "missing"
    assert small_kb.ensure_index() is True
    assert small_kb.index.status() == "ok"
    assert small_kb.ensure_index() is False
    assert small_kb.search("倾倒垃圾")[0].article == "第三条"


def test_index_is_rebuilt_when_the_collection_changes(small_kb: KnowledgeBase, tmp_path: Path):
    small_kb.ensure_index()
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "公园条例.txt").write_text(
        "示例市公园条例\n\n第一条 公园内禁止焚烧落叶。\n", encoding="utf-8"
    )
    small_kb.import_paths([folder])
    assert small_kb.index.status() == "stale"
    hits = small_kb.search("焚烧落叶")  # search rebuilds on its own
    assert hits and hits[0].law == "示例市公园条例"
    assert small_kb.index.status() == "ok"


def test_a_corrupt_index_is_reported_and_rebuilt(small_kb: KnowledgeBase):
    live = small_kb.index.rebuild()
    small_kb.index.close()
    for f in live.iterdir():
        if f.suffix in (".seg", ".toc"):
            f.write_bytes(b"garbage")
    assert small_kb.index.status().startswith("corrupt")
    assert small_kb.ensure_index() is True
    assert small_kb.search("倾倒垃圾")


def test_a_changed_dictionary_makes_the_index_stale(home: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir(), corpus)
    kb = KnowledgeBase(home, corpus=corpus)
    kb.import_paths([FIXTURES / "spine"])
    kb.ensure_index()
    with (corpus / "dictionary.txt").open("a", encoding="utf-8") as fh:
        fh.write("河道巡查 20000\n")
    kb2 = KnowledgeBase(home, corpus=corpus)
    assert kb2.index.status() == "stale"


def test_a_failed_build_leaves_the_live_index_in_place(small_kb: KnowledgeBase, monkeypatch):
    live = small_kb.index.rebuild()

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(small_kb.index, "_write", boom)
    with pytest.raises(RuntimeError):
        small_kb.index.rebuild()
    assert small_kb.index.live_dir() == live
    assert [p.name for p in small_kb.index.root.iterdir() if p.is_dir()] == [live.name]
    assert small_kb.index.status() == "ok"


def test_term_scorer_gives_whoosh_bm25f_scores(corpus_kb: KnowledgeBase):
    from whoosh import query as Q

    searcher = corpus_kb.index.searcher()
    scorer = corpus_kb.index.term_scorer()
    for word in ("按日连续处罚", "排污许可证", "听证"):
        results = searcher.search(Q.Term("body", word), limit=None)
        ours = scorer.table("body", word)
        assert len(results) == len(ours) > 0
        for hit in results:
            assert ours[hit.docnum] == pytest.approx(hit.score, rel=1e-6)
