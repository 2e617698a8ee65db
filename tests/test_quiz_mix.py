"""Papers shaped like the exam, on the real collection: the template's mix of parts, laws and
topics within 5 points, case questions at least 20 %, 判断 balanced, the core administrative
laws covered, and the exam's points extracted (every amount, no default actor)."""

from __future__ import annotations

from collections import Counter

import pytest

from lawkb.paths import quizzes_dir
from lawkb.quiz.catalog import CITES_REPEALED
from lawkb.quiz.lint import lint_question
from lawkb.quiz.mix import mix_report, topic_of
from lawkb.quiz.models import FactKind, QuestionType
from lawkb.quiz.paper import draw_paper, load_template
from lawkb.quiz.text import authorities_overlap, norm_authority

CORE = ("行政处罚法", "行政许可法", "行政强制法", "行政复议法", "行政诉讼法")


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[quizzes_dir()])


@pytest.mark.parametrize("seed", [1, 7])
def test_the_default_paper_follows_the_template_mix(catalog, corpus_kb, seed):
    template = load_template("default")
    assert template.mix is not None and template.mix.source  # cited, or said to be assumed
    qs = [i.question for i in draw_paper(catalog, template, seed).items]
    topic = {
        q.id: topic_of(
            q, None if q.is_case or q.origin != "generated" else catalog.article(q.source.ref)
        )
        for q in qs
    }
    report = mix_report(qs, template.mix, corpus_kb.resolve_law, topic)
    for dimension in ("parts", "laws", "topics"):
        for name, (have, want) in report[dimension].items():
            assert abs(have - want) <= 5, (dimension, name, have, want)
    assert report["cases"][0] >= 20
    assert all(lint_question(q) == [] for q in qs)
    judged = [q for q in qs if q.type is QuestionType.JUDGE]
    # keyed 正确 and 错误 in turn: answering 正确 to all scores half, within one statement
    assert abs(2 * sum(q.answer == ["A"] for q in judged) - len(judged)) <= 2
    cases = [q for q in qs if q.is_case]
    articles = [q for q in cases if q.kind is FactKind.CASE_ARTICLE]
    assert len(articles) <= len(cases) // 3 + 1  # the article's number is rarely what is asked
    assert articles == []  # the fine, the deadline or the body; never the article's number
    assert all(
        len(q.options) == 4 for q in qs if q.type in (QuestionType.SINGLE, QuestionType.MULTI)
    )


def test_the_core_administrative_laws_are_covered(catalog, corpus_kb):
    for name in CORE:
        law = catalog.law(corpus_kb.resolve_law(name))
        articles = [a for a in law.articles if not a.deleted and a.text]
        covered = [a for a in articles if catalog.for_article(a)]
        assert len(covered) >= 0.7 * len(articles), (name, len(covered), len(articles))


def test_every_amount_of_an_article_is_asked(catalog, corpus_kb):
    # 行政处罚法: on-the-spot decisions, one limit for citizens and another for organisations
    article = next(
        a
        for a in catalog.law(corpus_kb.resolve_law("行政处罚法")).articles
        if "当场作出行政处罚决定" in a.text and a.text.count("元以下") >= 2
    )
    tested = {q.tested for q in catalog.for_article(article) if q.kind is FactKind.AMOUNT}
    assert len(tested) >= 2


def test_the_default_actor_is_not_the_key(catalog, corpus_kb):
    title = corpus_kb.resolve_law("行政诉讼法")
    keys = Counter(
        norm_authority(q.keyed_options[0] if q.options else q.answer[0])
        for q in catalog.generated(title)
        if q.kind is FactKind.AUTHORITY and q.type is not QuestionType.JUDGE
    )
    assert keys and keys["人民法院"] == 0
    assert len(keys) >= 3  # 中级 / 高级 / 上一级人民法院 … and other bodies


def test_judge_statements_are_balanced_and_altered_ones_really_false(catalog):
    judged = [
        q for t in catalog.law_titles()[:20] for q in catalog.generated(t, [QuestionType.JUDGE])
    ]
    share = sum(q.answer == ["A"] for q in judged) / len(judged)
    assert 0.45 <= share <= 0.55
    for q in judged:
        if q.answer == ["B"] and q.kind is FactKind.AUTHORITY:
            assert not authorities_overlap(norm_authority(q.shown), norm_authority(q.tested))
    # a level is inside the level above it; an alias is the same body
    assert authorities_overlap("县级人民政府", "县级以上人民政府")
    assert authorities_overlap(norm_authority("上一级行政机关"), norm_authority("上级行政机关"))


def test_an_article_citing_a_repealed_law_gives_no_paper_question(catalog, corpus_kb):
    repealed = [s.title for s in corpus_kb.laws(include_all=True) if s.status.value != "现行有效"]
    assert repealed
    citing = next(
        a
        for t in catalog.law_titles()
        for a in catalog.law(t).articles
        if any(f"《{r}》" in a.text for r in repealed) and catalog.for_article(a, safe=False)
    )
    assert all(CITES_REPEALED in q.flags for q in catalog.for_article(citing, safe=False))
    assert catalog.for_article(citing) == []
