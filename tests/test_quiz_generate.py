"""Generated questions on the real collection: every one is sound by its article."""

from __future__ import annotations

from collections import Counter

import pytest

from lawkb.models import Status
from lawkb.quiz.generate import generate_for_law
from lawkb.quiz.models import BLANK, FactKind, QuestionType
from lawkb.quiz.text import item_text, squash
from lawkb.quiz.validate import validate_all, validate_question

VALUE_KINDS = {
    FactKind.AMOUNT,
    FactKind.MULTIPLE,
    FactKind.TIME_LIMIT,
    FactKind.AUTHORITY,
    FactKind.CONDITION,
}


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


@pytest.fixture(scope="module")
def generated(catalog):
    """The raw generator output over every current law (nothing filtered by the validator)."""
    return [q for title in catalog.law_titles() for q in catalog.generated(title)]


def test_thousands_of_questions_all_pass_the_independent_validator(generated, corpus_kb):
    assert len(generated) >= 2000
    report = validate_all(generated, corpus_kb.article_by_ref)  # articles read afresh
    assert report.checked == len(generated)
    assert report.failures == {}
    assert report.share == 1.0
    types = Counter(q.type for q in generated)
    assert all(types[t] > 100 for t in QuestionType)
    kinds = Counter(q.kind for q in generated)
    made_elsewhere = {FactKind.CURATED, FactKind.CASE_PENALTY, FactKind.CASE_DEADLINE}
    made_elsewhere |= {FactKind.CASE_ARTICLE, FactKind.CASE_AUTHORITY}
    assert all(kinds[k] > 20 for k in FactKind if k not in made_elsewhere)


def test_keys_are_the_articles_words_and_distractors_are_not(generated, catalog):
    checked = Counter()
    for q in generated:
        text = catalog.article(q.source.ref).text
        if q.kind in VALUE_KINDS and q.type in (QuestionType.SINGLE, QuestionType.CLOZE):
            before, after = q.context
            key = q.answer[0] if q.type is QuestionType.CLOZE else q.keyed_options[0]
            assert f"{before}{BLANK}{after}" in q.stem
            assert before + key + after in text
            for option in q.options:
                if option != key:
                    assert squash(option) not in squash(text), (q.id, option)
            checked[q.kind] += 1
        elif q.kind is FactKind.ITEMS:
            items = {squash(item_text(line)) for line in text.splitlines()}
            for letter, option in zip("ABCDE", q.options, strict=False):
                listed = squash(option) in items
                keyed = letter in q.answer
                assert listed == (keyed if q.polarity == "positive" else not keyed), q.id
            checked[q.kind] += 1
    assert checked[FactKind.AMOUNT] > 100 and checked[FactKind.ITEMS] > 100


def test_explanations_quote_the_article_with_the_tested_words_marked(generated, catalog):
    for q in generated[::7]:
        text = squash(catalog.article(q.source.ref).text)
        assert q.source.article in q.explanation
        assert q.highlights, q.id
        for s, e in q.highlights:
            assert squash(q.explanation[s:e]) in text
        if q.kind in VALUE_KINDS:
            assert q.explanation[q.highlights[0][0] : q.highlights[0][1]] == q.tested


def test_only_current_law_by_default_and_old_law_says_so(catalog, corpus_kb):
    titles = catalog.law_titles()
    statuses = {s.title: s.status for s in corpus_kb.laws(include_all=True)}
    assert titles and all(statuses[t] == Status.CURRENT for t in titles)
    assert "中华人民共和国环境保护法" not in titles
    old = catalog.generated("中华人民共和国环境保护法")
    assert old
    for q in old:
        assert q.source.status == Status.REPEALED
        assert "已废止" in q.stem


def test_the_same_inputs_give_the_same_questions_and_ids(corpus_kb):
    law = corpus_kb.law("行政处罚法")
    first = generate_for_law(law)
    second = generate_for_law(corpus_kb.law("行政处罚法"))
    assert [q.model_dump() for q in first] == [q.model_dump() for q in second]
    assert len({q.id for q in first}) == len(first)


def _first(generated, qtype, kind, pred=lambda q: True):
    return next(q for q in generated if q.type is qtype and q.kind is kind and pred(q))


def test_the_validator_refuses_a_wrong_key(generated, catalog):
    q = _first(generated, QuestionType.SINGLE, FactKind.AMOUNT)
    article = catalog.article(q.source.ref)
    assert validate_question(q, article) == []
    other = next(letter for letter in "ABCD" if letter not in q.answer)
    bad = q.model_copy(update={"answer": [other]})
    assert validate_question(bad, article)


def test_the_validator_refuses_a_distractor_the_article_also_says(generated, catalog):
    # an amount question whose article has a second amount: put that one in as a distractor
    def has_second_amount(q):
        text = catalog.article(q.source.ref).text
        return any(
            o.kind is FactKind.AMOUNT and o.tested != q.tested and o.tested in text
            for o in generated
            if o.source.ref == q.source.ref
        )

    q = _first(generated, QuestionType.SINGLE, FactKind.AMOUNT, has_second_amount)
    article = catalog.article(q.source.ref)
    second = next(
        o.tested
        for o in generated
        if o.source.ref == q.source.ref and o.kind is FactKind.AMOUNT and o.tested != q.tested
    )
    options = list(q.options)
    wrong_index = next(i for i, o in enumerate(options) if o != q.tested)
    options[wrong_index] = second
    problems = validate_question(q.model_copy(update={"options": options}), article)
    assert any("the article says it" in p or "has this amount" in p for p in problems)


def test_the_validator_refuses_a_flipped_judgement_and_a_listed_distractor(generated, catalog):
    j = _first(generated, QuestionType.JUDGE, FactKind.TIME_LIMIT)
    article = catalog.article(j.source.ref)
    flipped = j.model_copy(update={"answer": ["B" if j.answer == ["A"] else "A"]})
    assert validate_question(flipped, article)

    m = _first(generated, QuestionType.MULTI, FactKind.ITEMS)
    article = catalog.article(m.source.ref)
    unkeyed = next(i for i, letter in enumerate("ABCDE") if letter not in m.answer)
    listed = [item_text(line) for line in article.text.splitlines() if item_text(line)]
    spare = next(i for i in listed if i not in m.options)
    options = list(m.options)
    options[unkeyed] = spare  # an item the article does list, offered as wrong
    assert validate_question(m.model_copy(update={"options": options}), article)


def test_a_judge_never_alters_to_an_alias_or_to_nonsense():
    from lawkb.quiz.facts import Fact
    from lawkb.quiz.judging import _not_really_false

    body = Fact(FactKind.AUTHORITY, "生态环境主管部门", "生态环境主管部门", 0, 8)
    assert _not_really_false(body, "审批部门", "")  # may be the same department
    assert not _not_really_false(body, "自然资源主管部门", "")  # really another body
    cond = Fact(FactKind.CONDITION, "逾期未作决定的", "逾期未作决定的", 0, 7)
    assert _not_really_false(cond, "情节严重的", "，视为准予延续")
    assert not _not_really_false(cond, "情节严重的", "，处五万元以下的罚款")
