"""What a 判断 may alter: a statement made false must be false about the sentence's main point,
and not by a change a trainee rejects without knowing the law."""

from __future__ import annotations

import re

from lawkb.quiz.facts import Fact
from lawkb.quiz.models import FactKind

# a body named by its function may be the very department the article names (审批部门 is the
# EIA approver, i.e. the 生态环境 department): putting it in makes no false statement
FUNCTIONAL_BODIES = ("审批部门", "有关部门", "主管部门", "行政机关", "监督管理部门")

# words that make the body the subject of the sentence's own predicate, not of a 的-phrase
MAIN_VERBS = ("应当", "可以", "负责", "责令", "不得", "必须", "有权", "会同", "按照", "依照")


def side_clause(text: str, fact: Fact) -> bool:
    """An authority inside a 的-phrase (公安机关接收或者有关部门没收的危险化学品，…): it is not
    what the sentence says, so a statement that changes it is not false about the main point."""
    if fact.kind is not FactKind.AUTHORITY:
        return False
    rest = re.split(r"[，；。：\n]", text[fact.end :], maxsplit=1)[0]
    if "的" not in rest or text[: fact.start].endswith(("由", "经", "报")):
        return False
    return not any(w in rest[: rest.index("的")] for w in MAIN_VERBS)


# verbs that only a duty takes: 可以符合 / 可以遵守 / 可以及时 read as nonsense, not as a rule
DUTY_ONLY = ("符合", "遵守", "达到", "具备", "具有", "保证", "确保", "遵循", "及时", "严格")


def _not_really_false(fact: Fact, altered: str, after: str) -> bool:
    """An alteration a 判断 must not use: a functional name for a body, or a condition put
    before 视为 (情节严重的，视为准予延续 is nonsense, answerable without the law)."""
    if fact.kind is FactKind.MODAL and altered == "可以" and after.startswith(DUTY_ONLY):
        return True  # 含量可以符合标准: a permission to comply is nonsense, not a rule
    if fact.kind is FactKind.AUTHORITY and altered.endswith(FUNCTIONAL_BODIES):
        return not any(w in altered for w in ("生态环境", "公安", "自然资源", "住房", "水行政"))
    return fact.kind is FactKind.CONDITION and "视为" in after
