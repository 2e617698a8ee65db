"""The retrieval dev set (bench/devset.tsv) is well-formed against the real shared corpus.

Every label must name an existing article of a current law, and no question may be lifted
from the article that answers it: the set measures search on plain-word questions.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from lawkb.models import Law, Status

REPO = Path(__file__).resolve().parents[1]
MIN_QUESTIONS = 80
# Longest run of characters a question may share with its answer: room for a legal term
# (危险废物转移联单 is 8), not for a copied clause.
MAX_SHARED_RUN = 12
# The ten laws the Code repealed (its art. 1242): never a valid answer.
REPEALED_BY_CODE = {
    f"中华人民共和国{name}"
    for name in [
        "环境保护法",
        "大气污染防治法",
        "水污染防治法",
        "土壤污染防治法",
        "固体废物污染环境防治法",
        "噪声污染防治法",
        "放射性污染防治法",
        "环境影响评价法",
        "海洋环境保护法",
        "清洁生产促进法",
    ]
}


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_search_quality", REPO / "bench" / "bench_search_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def devset():
    return bench.load_devset(REPO / "bench" / "devset.tsv")


@pytest.fixture(scope="module")
def laws(shared_corpus: Path) -> dict[str, Law]:
    """Every law of the corpus as lawkb's parser reads it, with the catalogue's status."""
    return {law.title: law for law in bench.parse_corpus(shared_corpus)}


@pytest.fixture(scope="module")
def articles(laws: dict[str, Law]) -> dict[str, str]:
    return {a.ref: a.text for law in laws.values() for a in law.articles}


def test_size_and_mix(devset):
    assert len(devset) >= MIN_QUESTIONS
    assert len({q.id for q in devset}) == len(devset), "ids repeat"
    assert len({q.question for q in devset}) == len(devset), "questions repeat"
    mix = Counter(q.group for q in devset)
    assert set(mix) == {"法典", "行政程序法", "法规规章"}, mix
    # about half on the Code, about a third on administrative-procedure law
    assert 0.4 <= mix["法典"] / len(devset) <= 0.6, mix
    assert 0.25 <= mix["行政程序法"] / len(devset) <= 0.45, mix


def test_code_questions_are_answered_by_the_code(devset):
    for q in devset:
        if q.group == "法典":
            assert any(a.startswith("中华人民共和国生态环境法典#") for a in q.answers), q.id


def test_every_label_is_an_article_of_a_current_law(devset, laws, articles):
    assert set(laws) >= REPEALED_BY_CODE, "the corpus should hold the ten repealed laws"
    for q in devset:
        for ref in q.answers:
            title = ref.split("#", 1)[0]
            assert title in laws, f"{q.id}: {title} is not in the corpus"
            assert title not in REPEALED_BY_CODE, f"{q.id}: {title} was repealed by the Code"
            assert laws[title].status == Status.CURRENT, f"{q.id}: {title} is not current law"
            assert ref in articles, f"{q.id}: no article {ref}"


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _longest_shared_run(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def test_questions_are_not_copied_from_their_answers(devset, articles):
    for q in devset:
        question = _plain(q.question)
        for ref in q.answers:
            text = _plain(articles[ref])
            assert question not in text, f"{q.id} is a verbatim piece of {ref}"
            run = _longest_shared_run(question, text)
            assert run <= MAX_SHARED_RUN, f"{q.id} shares {run} characters in a row with {ref}"


def test_load_devset_rejects_a_bad_label(tmp_path):
    bad = tmp_path / "devset.tsv"
    bad.write_text(
        "id\tquestion\tanswers\tnotes\nq1\t示例问题\t示例条例第三条\t法典；示例\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"devset\.tsv:2: answer"):
        bench.load_devset(bad)
