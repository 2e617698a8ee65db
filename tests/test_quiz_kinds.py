"""Wrong options of the key's kind and statements false about the main point (issue 12, the
judge's second round): each test runs over the real generator's output."""

from __future__ import annotations

from collections import Counter

import pytest

from lawkb.quiz.facts import Fact
from lawkb.quiz.generate import generate_for_law
from lawkb.quiz.judging import side_clause
from lawkb.quiz.lint import keeps, lint_question
from lawkb.quiz.models import FactKind, QuestionType
from lawkb.quiz.sentences import list_head, opposite_lists
from lawkb.quiz.text import squash


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


@pytest.fixture(scope="module")
def generated(catalog):
    return [q for title in catalog.law_titles() for q in catalog.generated(title)]


def test_every_linter_rule_drops_a_question_at_generation(generated):
    q = next(q for q in generated if q.type is QuestionType.SINGLE and q.kind is FactKind.AMOUNT)
    assert keeps(q)
    prefix, body = q.stem.split("，", 1)
    broken = {
        "cut_start": q.model_copy(update={"stem": f"{prefix}，但是{body}"}),
        "options": q.model_copy(update={"options": q.options[:3]}),
        "ending": q.model_copy(update={"stem": q.stem.rstrip("。") + "并"}),
    }
    dropped: Counter[str] = Counter()
    for rule, bad in broken.items():
        assert lint_question(bad), rule
        assert not keeps(bad, dropped), rule
    assert set(dropped) == set(broken)


def test_the_generator_counts_its_drops_by_rule(catalog):
    dropped: Counter[str] = Counter()
    made = []
    for title in catalog.law_titles():
        made += generate_for_law(catalog.law(title), pool=catalog.pool(title), dropped=dropped)
    assert sum(dropped.values()) > 0
    assert all(lint_question(q) == [] for q in made)


def test_list_distractors_hold_the_same_kind_of_thing(generated, catalog):
    """A foreign option comes from a list of the same head noun (情形 for 情形, 证据 for 证据)
    or from the list that denies the key's (受理 / 不受理)."""
    checked = 0
    for q in generated:
        if q.kind is not FactKind.ITEMS:
            continue
        article = catalog.article(q.source.ref)
        own = squash(article.text)
        lead = max(
            catalog.pool(article.law).lists_of(article),
            key=lambda lst: sum(o in lst.items for o in q.options),
        ).lead
        for option in q.options:
            if squash(option) in own:
                continue
            homes = [
                lst.lead
                for _, _, lst in catalog.pool(article.law).lists
                if option in lst.usable_items()
            ]
            assert homes, (q.id, option)
            same = [h for h in homes if list_head(h) == list_head(lead) or opposite_lists(h, lead)]
            assert same, (q.id, option, lead, homes)
            # 处以罚款 with no amount (or the same body fining): a fined violation of another
            # list would be a second right answer
            assert not all(_fined_alike(h, lead) for h in same), (q.id, option, lead, homes)
            checked += 1
    assert checked > 200


def _fined_alike(a: str, b: str) -> bool:
    """Both lead-ins end in a fine, and one names no amount: any fined violation fits it."""
    x, y = (t.split("的，", 1)[-1] if "的，" in t else "" for t in (a, b))
    return "罚款" in x and "罚款" in y and ("元" not in x or "元" not in y)


def test_a_state_council_body_has_state_council_bodies_for_wrong_options(generated):
    checked = 0
    for q in generated:
        if q.kind is FactKind.AUTHORITY and q.type is QuestionType.SINGLE:
            key = q.keyed_options[0]
            if key.startswith("国务院") and key != "国务院":
                assert all(o.startswith("国务院") for o in q.options), (q.id, q.options)
                checked += 1
    assert checked > 20


def test_a_statement_is_never_altered_in_a_side_clause(generated, catalog):
    """公安机关接收或者有关部门没收的危险化学品，…: the body of a 的-phrase is not what the
    sentence says; a statement made false there is not false about the main point."""
    altered = 0
    for q in generated:
        if q.type is not QuestionType.JUDGE or q.kind is not FactKind.AUTHORITY:
            continue
        if q.answer != ["B"]:
            continue
        text = catalog.article(q.source.ref).text
        before, after = q.context
        start = text.find(before + q.tested + after) + len(before)
        fact = Fact(FactKind.AUTHORITY, q.tested, (q.tested,), start, start + len(q.tested))
        assert not side_clause(text, fact), (q.id, q.stem)
        altered += 1
    assert altered > 100


def test_no_statement_permits_what_only_a_duty_says(generated):
    """含量可以符合质量标准 is nonsense a trainee rejects without the law, not a false rule."""
    from lawkb.quiz.judging import DUTY_ONLY

    altered = [
        q
        for q in generated
        if q.type is QuestionType.JUDGE and q.kind is FactKind.MODAL and q.answer == ["B"]
    ]
    assert len(altered) > 200
    for q in altered:
        if q.shown == "可以":
            assert not q.context[1].startswith(DUTY_ONLY), (q.id, q.stem)


def test_a_list_offers_no_item_the_source_cut_off(generated, catalog):
    """In a list whose items end on 。 or ；, an item without its ending was cut in the source
    (运输工 for 运输工具): it is never an option."""
    from lawkb.quiz.facts import ITEM_ENDS
    from lawkb.quiz.text import item_text

    checked = 0
    for q in generated:
        if q.kind is not FactKind.ITEMS:
            continue
        article = catalog.article(q.source.ref)
        for p in article.paragraphs:
            ended = [x.rstrip().endswith(ITEM_ENDS) for x in p.items]
            if sum(ended) * 2 <= len(ended):
                continue
            cut = {item_text(x) for x, done in zip(p.items, ended, strict=True) if not done}
            assert not cut & set(q.options), (q.id, cut)
            checked += 1
    assert checked > 100


def test_areas_are_offered_among_areas(shared_kb):
    """When every item of a list is a thing of one kind (…的区域), so is every wrong option the
    pool offers for it (before: emergency water-taking situations among areas). The shared
    corpus's regulations hold enough such lists; the built-in laws only two."""
    import random

    from lawkb.quiz.distractors import THING_ENDS

    catalog = shared_kb.question_catalog(bank_dirs=[])

    lists = offered = 0
    for title in catalog.law_titles():
        pool = catalog.pool(title)
        by_seq = {a.seq: a for a in catalog.law(title).articles}
        for seq, _label, lst in pool.lists:
            ends = {i[-2:] for i in lst.items if len(i) >= 4}
            if len(ends) != 1 or (end := ends.pop()) not in THING_ENDS:
                continue
            lead = lst.lead.rstrip("：:")
            got = pool.items_for(by_seq[seq], 3, random.Random(seq), "", lead)
            assert all(item.endswith(end) for item, _ in got), (title, lst.lead, got)
            lists += 1
            offered += len(got)
    assert lists >= 5


def test_no_stem_opens_on_the_details_of_what_it_does_not_show(generated):
    """具体办法由国务院…制定: the 办法 of the rule in the sentence before, which the stem
    leaves out."""
    from lawkb.quiz.lint import stem_body

    assert generated
    assert not [q.id for q in generated if stem_body(q.stem).startswith("具体")]


def test_rules_are_offered_among_rules(catalog):
    """A list of rules (所申请信息可以公开的，向申请人提供) gets no bare condition for a wrong
    option, and a list of conditions no rule."""
    import random

    from lawkb.quiz.distractors import is_rule

    lists = 0
    for title in catalog.law_titles():
        pool = catalog.pool(title)
        by_seq = {a.seq: a for a in catalog.law(title).articles}
        for seq, _label, lst in pool.lists:
            forms = {is_rule(i) for i in lst.items}
            if len(forms) != 1:
                continue
            form = forms.pop()
            got = pool.items_for(by_seq[seq], 3, random.Random(seq), "", lst.lead.rstrip("：:"))
            assert all(is_rule(item) == form for item, _ in got), (title, lst.lead, got)
            lists += form
    assert lists >= 5  # lists of rules were checked, not only lists of conditions
