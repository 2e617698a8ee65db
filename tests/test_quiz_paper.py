"""Papers drawn from templates on the real collection."""

from __future__ import annotations

from collections import Counter

import pytest

from lawkb.errors import InvalidInput, NotFound
from lawkb.paths import quizzes_dir
from lawkb.quiz.models import QuestionType, Section
from lawkb.quiz.paper import draw_paper, load_template, read_template
from lawkb.quiz.render import key_markdown, paper_dict, paper_markdown
from lawkb.quiz.validate import validate_question


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[quizzes_dir()])


@pytest.fixture(scope="module")
def default_paper(catalog):
    return draw_paper(catalog, load_template("default"), seed=42)


def test_the_default_template_is_the_exam_format():
    t = load_template("default")
    assert [(s.type, s.count, s.points) for s in t.sections] == [
        (QuestionType.SINGLE, 40, 1),
        (QuestionType.MULTI, 20, 2),
        (QuestionType.JUDGE, 20, 1),
    ]
    assert (t.minutes, t.pass_mark, t.total_points) == (90, 60, 100)


def test_a_paper_follows_its_template(default_paper, catalog):
    items = default_paper.items
    assert [i.number for i in items] == list(range(1, 81))
    assert Counter(i.question.type for i in items) == {
        QuestionType.SINGLE: 40,
        QuestionType.MULTI: 20,
        QuestionType.JUDGE: 20,
    }
    assert default_paper.total_points == 100
    refs = [i.question.source.ref for i in items]
    assert len(set(refs)) == len(refs)  # one question per article
    assert all(i.question.source.status.value == "现行有效" for i in items)
    assert not any("刑法" in r for r in refs)  # the default scope leaves it out
    for i in items:
        if i.question.origin == "generated":
            assert validate_question(i.question, catalog.article(i.question.source.ref)) == []
    # no kind of fact takes over a section
    singles = Counter(i.question.kind for i in items if i.question.type is QuestionType.SINGLE)
    assert max(singles.values()) <= 20


def test_the_same_seed_gives_the_same_paper_and_another_seed_another(catalog, corpus_kb):
    t = load_template("default")
    again = draw_paper(corpus_kb.question_catalog(bank_dirs=[quizzes_dir()]), t, seed=42)
    first = draw_paper(catalog, t, seed=42)
    assert paper_dict(first) == paper_dict(again)
    other = draw_paper(catalog, t, seed=43)
    assert [i.question.id for i in other.items] != [i.question.id for i in first.items]


def test_option_order_is_shuffled_and_the_key_follows(catalog):
    t = load_template("default").model_copy(
        update={"sections": [Section(type=QuestionType.SINGLE, count=30, points=1)]}
    )
    p1, p2 = draw_paper(catalog, t, seed=1), draw_paper(catalog, t, seed=2)
    positions = Counter(i.question.answer[0] for i in p1.items)
    assert len(positions) >= 3  # keys are not always in the same place
    for item in p1.items + p2.items:
        q = item.question
        assert q.keyed_options == [q.options["ABCDE".index(a)] for a in q.answer]


def test_markdown_paper_and_key_are_separate(default_paper):
    paper, key = paper_markdown(default_paper), key_markdown(default_paper)
    assert "**80.**" in paper and "参考答案" not in paper
    first = default_paper.items[0].question
    assert first.explanation.split("“")[0] in key
    assert f"| 1 | {''.join(first.answer)} |" in key


def test_paper_json_has_the_documented_fields(default_paper):
    q = paper_dict(default_paper)["questions"][0]
    for field in ("id", "type", "stem", "options", "answer", "explanation", "source"):
        assert field in q
    assert set(q["source"]) >= {"law", "article", "number", "suffix", "status"}


def test_bad_templates_name_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "minutes: 30\npass_mark: 10\nsections:\n  - {type: 问答, count: 3, points: 1}\n", "utf-8"
    )
    with pytest.raises(InvalidInput) as exc:
        read_template(bad)
    assert "sections.type" in str(exc.value)
    too_high = tmp_path / "high.yaml"
    too_high.write_text(
        "pass_mark: 90\nsections:\n  - {type: 判断, count: 10, points: 1}\n", "utf-8"
    )
    with pytest.raises(InvalidInput) as exc:
        read_template(too_high)
    assert "pass_mark" in str(exc.value)
    with pytest.raises(NotFound):
        load_template("no-such-template")
