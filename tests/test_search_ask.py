"""A consultation tells a case and then asks about the procedure (查封, 移送, 管辖 …): the
violation the story names is background, so its articles are not lifted over the procedure's."""

from __future__ import annotations

import pytest

import lawkb.search as search
from lawkb.kb import KnowledgeBase
from lawkb.search_intent import ask_of, asks_about_procedure

STORY = "检查时发现一家印染厂私设暗管偷排废水，执法人员问：现场能不能查封它的排污设备？"
PENALTY = "某厂私设暗管偷排废水，应当怎么处罚？"


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        (STORY, "现场能不能查封它的排污设备？"),
        ("企业超标排放被罚款。逾期一直不交罚款怎么办？", "逾期一直不交罚款怎么办"),
        ("分局查封了设备。依据是什么？", "分局查封了设备依据是什么"),
        ("未批先建怎么处罚", "未批先建怎么处罚"),
    ],
)
def test_the_ask_is_what_follows_the_story(question: str, ask: str):
    assert ask_of(question) == ask


def test_only_a_story_with_a_procedural_ask_counts():
    assert asks_about_procedure(STORY)
    assert not asks_about_procedure(PENALTY)
    assert not asks_about_procedure("私设暗管能查封吗")  # no story: the whole text asks


def _refs(kb: KnowledgeBase, question: str) -> list[str]:
    return [f"{h.law}#{h.number}{h.suffix}" for h in kb.search(question, limit=5)]


def test_a_procedural_ask_is_not_led_by_the_violation(shared_kb: KnowledgeBase, monkeypatch):
    """The seizure rule (环境保护主管部门实施查封、扣押办法) is a departmental rule: only the shared
    corpus has it."""
    named = shared_kb.linker.named_violations(STORY)
    assert named  # 私设暗管 is in the catalogue
    penalty = named[0].penalty_refs[0]
    got = _refs(shared_kb, STORY)
    assert got[0] != penalty
    assert any("查封" in shared_kb.collection.article_by_ref(r).text for r in got)
    # with the story's violation lifted first, as before, its penalty article leads
    monkeypatch.setattr(search, "asks_about_procedure", lambda _q: False)
    assert _refs(shared_kb, STORY)[0] == penalty


def test_a_penalty_question_still_gets_the_violation_first(corpus_kb: KnowledgeBase):
    named = corpus_kb.linker.named_violations(PENALTY)
    got = _refs(corpus_kb, PENALTY)
    # the penalty and the duty article lead (暗管 is also a grave circumstance of 刑法 338)
    assert got[0] in {named[0].penalty_refs[0], named[0].duty_refs[0]}
    assert {named[0].penalty_refs[0], named[0].duty_refs[0]} <= set(got[:3])
