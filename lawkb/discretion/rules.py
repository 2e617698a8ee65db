"""General rules of 行政处罚法 and the Code that may apply to any case: 不予处罚, 从轻/减轻,
从重, 按日连续处罚, 法制审核 and 集体讨论 for 重大行政处罚.

The article numbers are facts about the real texts; tests check each against the collection
(that the article exists and contains the words in `marker`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from lawkb.discretion.factors import Factor
from lawkb.discretion.models import StatutoryRow
from lawkb.discretion.results import AppliedRule
from lawkb.numerals import int_to_cn, parse_article_key

PUNISHMENT_LAW = "中华人民共和国行政处罚法"
CODE = "中华人民共和国生态环境法典"
MAJOR_FINE = 200_000  # above this, the bureau treats the decision as 重大: 法制审核 + 集体讨论


class RuleSource(BaseModel):
    law: str
    key: str  # "33"
    paragraph: int | None = None
    marker: str  # words the article must contain (checked by tests)


class GeneralRule(BaseModel):
    key: str
    title: str  # 不予处罚, 从轻或者减轻处罚 …
    summary: str  # in our words, not the article's
    sources: list[RuleSource]
    triggers: list[list[str]] = Field(default_factory=list)  # any-of all-of general factors


GENERAL_FACTORS: dict[str, Factor] = {
    f.name: f
    for f in [
        Factor(name="违法行为轻微", kind="是否", question="违法行为是否轻微"),
        Factor(name="及时改正", kind="是否", question="当事人是否及时改正"),
        Factor(name="没有造成危害后果", kind="是否", question="是否没有造成危害后果"),
        Factor(name="初次违法", kind="是否", question="是否初次违法"),
        Factor(name="危害后果轻微", kind="是否", question="危害后果是否轻微"),
        Factor(name="没有主观过错", kind="是否", question="当事人是否有证据足以证明没有主观过错"),
        Factor(
            name="主动消除或者减轻危害后果", kind="是否", question="是否主动消除或者减轻危害后果"
        ),
        Factor(
            name="受他人胁迫或者诱骗", kind="是否", question="是否受他人胁迫或者诱骗实施违法行为"
        ),
        Factor(name="主动供述", kind="是否", question="是否主动供述行政机关尚未掌握的违法行为"),
        Factor(name="有立功表现", kind="是否", question="配合查处是否有立功表现"),
        Factor(
            name="有效采取生态环境修复措施", kind="是否", question="是否有效采取生态环境修复措施"
        ),
        Factor(name="及时缴纳赔偿金", kind="是否", question="是否及时缴纳生态环境损害赔偿金"),
        Factor(name="恶意损害生态环境", kind="是否", question="是否恶意损害生态环境"),
        Factor(name="拒不改正", kind="是否", question="是否拒不改正违法行为"),
        Factor(name="造成严重危害后果", kind="是否", question="是否造成严重危害后果"),
        Factor(name="多次违法被处罚", kind="是否", question="是否多次实施违法行为被处罚"),
    ]
}

GENERAL_RULES: list[GeneralRule] = [
    GeneralRule(
        key="不予处罚",
        title="不予处罚",
        summary="轻微并及时改正且无危害后果的不予处罚；初次违法、危害后果轻微并及时改正的可以不予处罚",
        sources=[
            RuleSource(law=PUNISHMENT_LAW, key="33", paragraph=1, marker="不予行政处罚"),
            RuleSource(law=CODE, key="1056", paragraph=2, marker="不予处罚"),
        ],
        triggers=[
            ["违法行为轻微", "及时改正", "没有造成危害后果"],
            ["初次违法", "危害后果轻微", "及时改正"],
        ],
    ),
    GeneralRule(
        key="无过错不予处罚",
        title="无主观过错不予处罚",
        summary="当事人有证据足以证明没有主观过错的，不予处罚（法律、行政法规另有规定的除外）",
        sources=[
            RuleSource(law=PUNISHMENT_LAW, key="33", paragraph=2, marker="没有主观过错"),
            RuleSource(law=CODE, key="1053", paragraph=1, marker="没有过错"),
        ],
        triggers=[["没有主观过错"]],
    ),
    GeneralRule(
        key="从轻减轻",
        title="从轻或者减轻处罚",
        summary="主动消除或者减轻危害后果、受胁迫或者诱骗、主动供述、有立功表现的，应当从轻或者减轻；"
        "法典另列有效采取修复措施、及时缴纳赔偿金等情形",
        sources=[
            RuleSource(law=PUNISHMENT_LAW, key="32", marker="从轻或者减轻行政处罚"),
            RuleSource(law=CODE, key="1056", paragraph=2, marker="从轻或者减轻处罚"),
        ],
        triggers=[
            ["主动消除或者减轻危害后果"],
            ["受他人胁迫或者诱骗"],
            ["主动供述"],
            ["有立功表现"],
            ["有效采取生态环境修复措施"],
            ["及时缴纳赔偿金"],
        ],
    ),
    GeneralRule(
        key="从重",
        title="从重处罚",
        summary="恶意损害生态环境、拒不改正、造成严重危害后果、多次违法被处罚等法定情形，依法从重处罚",
        sources=[RuleSource(law=CODE, key="1056", paragraph=1, marker="从重处罚")],
        triggers=[["恶意损害生态环境"], ["拒不改正"], ["造成严重危害后果"], ["多次违法被处罚"]],
    ),
    GeneralRule(
        key="按日连续处罚",
        title="按日连续处罚",
        summary="违法排放、倾倒、处置污染物受到罚款处罚、被责令改正后拒不改正的，可以按原罚款数额按日连续处罚",
        sources=[RuleSource(law=CODE, key="1060", paragraph=1, marker="按日连续处罚")],
    ),
    GeneralRule(
        key="罚款数额高",
        title="同一违法行为只罚一次，按罚款数额高的规定处罚",
        summary="同一个违法行为违反多个法律规范应当给予罚款的，按照罚款数额高的规定处罚",
        sources=[
            RuleSource(law=PUNISHMENT_LAW, key="29", marker="罚款数额高"),
            RuleSource(law=CODE, key="1055", marker="罚款数额高"),
        ],
    ),
    GeneralRule(
        key="法制审核",
        title="法制审核",
        summary="重大行政处罚决定作出前应当由法制审核人员进行法制审核",
        sources=[RuleSource(law=PUNISHMENT_LAW, key="58", marker="法制审核")],
    ),
    GeneralRule(
        key="集体讨论",
        title="负责人集体讨论",
        summary="对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定",
        sources=[RuleSource(law=PUNISHMENT_LAW, key="57", paragraph=2, marker="集体讨论")],
    ),
    GeneralRule(
        key="听证",
        title="告知听证权利",
        summary="拟作出较大数额罚款等决定的，应当告知当事人有要求听证的权利",
        sources=[RuleSource(law=PUNISHMENT_LAW, key="63", marker="听证")],
    ),
]


def rule(key: str) -> GeneralRule:
    for r in GENERAL_RULES:
        if r.key == key:
            return r
    raise KeyError(key)


# -- applied to a case -----------------------------------------------------------------------
def applied_rules(
    facts: dict[str, Any], row: StatutoryRow | None, major: bool, major_note: str
) -> list[AppliedRule]:
    """Every general rule that may concern the case, marked when the facts point at it.
    按日连续处罚 only for discharges (or a row that says so); 法制审核 and 集体讨论 when 重大."""
    out: list[AppliedRule] = []
    discharge = bool(row and re.search(r"排放|倾倒|处置", row.violation))
    for r in GENERAL_RULES:
        if r.key == "按日连续处罚" and not (discharge or (row and row.daily)):
            continue
        triggered, because = triggered_by(r, facts)
        if r.key in ("法制审核", "集体讨论"):
            triggered, because = major, ([major_note] if major else [])
        out.append(
            AppliedRule(
                key=r.key,
                title=r.title,
                summary=r.summary,
                citations=[cite(s.law, s.key, s.paragraph) for s in r.sources],
                triggered=triggered,
                because=because,
            )
        )
    return out


def triggered_by(r: GeneralRule, facts: dict[str, Any]) -> tuple[bool, list[str]]:
    for group in r.triggers:
        if all(facts.get(name) is True for name in group):
            return True, list(group)
    return False, []


def cite(law: str, key: str, paragraph: int | None) -> str:
    number, suffix = parse_article_key(key)
    para = f"第{int_to_cn(paragraph)}款" if paragraph else ""
    return f"《{law}》第{int_to_cn(number)}条{suffix}{para}"
