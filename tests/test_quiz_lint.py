"""The stem linter: each rule on made-up questions, then every generated question of the real
collection (and every case question) passes all of them."""

from __future__ import annotations

import pytest

from lawkb.quiz.lint import lint_question
from lawkb.quiz.models import BLANK, FactKind, Question, QuestionSource, QuestionType

SOURCE = QuestionSource(law="示例条例", article="第十二条", number=12)


def _q(stem: str, qtype=QuestionType.SINGLE, kind=FactKind.AMOUNT, options=None, answer=None):
    if options is None:
        options = ["甲", "乙", "丙", "丁"] if qtype is not QuestionType.CLOZE else []
    if qtype is QuestionType.JUDGE:
        options = ["正确", "错误"]
    return Question(
        id="q1",
        type=qtype,
        stem=stem,
        options=options,
        answer=answer or (["A"] if options else ["甲"]),
        explanation="",
        source=SOURCE,
        kind=kind,
    )


GOOD = f"根据《示例条例》，排污单位应当自收到通知之日起{BLANK}内缴纳排污费。"


def test_a_self_contained_stem_passes():
    assert lint_question(_q(GOOD)) == []


@pytest.mark.parametrize(
    ("stem", "rule"),
    [
        (f"根据《示例条例》，……之日起{BLANK}内缴纳。", "cut_start"),
        (f"根据《示例条例》，但是排污单位应当在{BLANK}内缴纳。", "cut_start"),
        (f"根据《示例条例》，违反前款规定的，处{BLANK}罚款。", "dangling_reference"),
        (f"根据《示例条例》第十二条，排污单位应当在{BLANK}内缴纳。", "dangling_reference"),
        (f"根据《示例条例》，依照本条规定，排污单位应当在{BLANK}内缴纳。", "dangling_reference"),
        (f"根据《示例条例》，有上述情形的，处{BLANK}罚款。", "unresolved_above"),
        (f"根据《示例条例》，排污单位有下列行为之一的：。{BLANK}", "glued_stops"),
        (f"根据《示例条例》，有下列行为之一的，处{BLANK}罚款。", "list_without_items"),
        (f"根据《示例条例》，排污单位应当在{BLANK}内缴纳，{BLANK}。", "blank"),
        (f"根据《示例条例》，排污单位应当在“{BLANK}内缴纳。", "balanced"),
        (f"根据《示例条例》，排污单位应当在{BLANK}内缴纳", "ending"),
        (
            f"根据《示例条例》，没有违法所得或者违法所得不足5000元的，并处{BLANK}的罚款。",
            "condition_only",
        ),
        (f"根据《示例条例》，主管部门应当在{BLANK}内核查，并分别作出如下决定。", "announced_items"),
        (f"根据《示例条例》，{BLANK}应当对处置情况进行监督检查。", "state_of_unshown"),
    ],
)
def test_each_rule_catches_its_defect(stem, rule):
    problems = lint_question(_q(stem))
    assert any(p.startswith(rule + ":") for p in problems), problems


def test_four_options_and_a_statement_without_a_blank():
    five = _q(GOOD, options=["甲", "乙", "丙", "丁", "戊"])
    assert any(p.startswith("options:") for p in lint_question(five))
    judge = _q(GOOD, qtype=QuestionType.JUDGE)
    assert any(p.startswith("blank:") for p in lint_question(judge))


def test_a_list_question_keeps_its_subject_or_consequence():
    bare = f"根据《示例条例》，有下列情形之一的。下列选项中，属于此处所列情形的有{BLANK}。"
    q = _q(bare, qtype=QuestionType.MULTI, kind=FactKind.ITEMS, answer=["A", "B"])
    assert any(p.startswith("list_lead:") for p in lint_question(q))
    full = (
        "根据《示例条例》，排污单位有下列情形之一的，由生态环境主管部门责令改正。"
        f"下列选项中，属于此处所列情形的有{BLANK}。"
    )
    assert lint_question(q.model_copy(update={"stem": full})) == []


def test_the_answer_is_not_in_the_stem():
    q = _q(f"根据《示例条例》，甲方应当在{BLANK}内缴纳。", options=["甲方", "乙", "丙", "丁"])
    assert any(p.startswith("answer_shown:") for p in lint_question(q))


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


def test_every_generated_question_and_every_case_passes_the_linter(catalog):
    generated = [q for t in catalog.law_titles() for q in catalog.generated(t)]
    cases = catalog.cases()
    assert len(generated) > 5000 and len(cases) > 100
    failing = {q.id: (q.stem, lint_question(q)) for q in generated + cases if lint_question(q)}
    assert failing == {}
    # stems name the law, never the article (the explanation keeps the number)
    assert all(q.source.article in q.explanation for q in generated[::11])


def test_a_shown_disposal_and_a_violation_before_its_condition_pass():
    fine = f"根据《示例条例》，排污单位擅自转移危险废物，没有违法所得的，处{BLANK}的罚款。"
    checked = f"根据《示例条例》，排污单位应当处置危险废物，{BLANK}对处置情况进行监督检查。"
    assert lint_question(_q(fine)) == []
    assert lint_question(_q(checked)) == []
