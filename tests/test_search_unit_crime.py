"""A unit's environmental crime brings 刑法 346 (the unit is fined, its managers punished as
338–345 say) right below the crime's own article; other questions are left as they were."""

from __future__ import annotations

import pytest

import lawkb.search as search
from lawkb.kb import KnowledgeBase

CRIMINAL = "中华人民共和国刑法"
UNIT = f"{CRIMINAL}#346"


def _refs(kb: KnowledgeBase, question: str) -> list[str]:
    hits = kb.search(question, limit=10, include_all=True)
    return [f"{h.law}#{h.number}{h.suffix}" for h in hits]


@pytest.mark.parametrize(
    "question",
    [
        "某电镀公司把含镍废水排进河里，法院认定该公司构成污染环境罪，公司本身要受什么刑罚",
        "单位犯破坏环境资源保护罪的，对单位怎样处罚",
    ],
)
def test_a_units_crime_brings_the_unit_article(corpus_kb: KnowledgeBase, question: str):
    got = _refs(corpus_kb, question)
    assert UNIT in got[:3]
    crimes = [i for i, r in enumerate(got) if search.ENV_CRIME.match(r)]
    assert not crimes or got.index(UNIT) <= crimes[0] + 1


def test_the_rule_is_what_brings_it(corpus_kb: KnowledgeBase, monkeypatch):
    question = "某电镀公司把含镍废水排进河里，法院认定该公司构成污染环境罪，公司本身要受什么刑罚"
    monkeypatch.setattr(search, "UNIT_CRIME", search.re.compile(r"(?!)"))
    assert UNIT not in _refs(corpus_kb, question)[:3]


def test_a_persons_crime_does_not(corpus_kb: KnowledgeBase):
    assert UNIT not in _refs(corpus_kb, "张某在禁渔期用电鱼的方法捕捞，构成非法捕捞水产品罪吗")[:3]
