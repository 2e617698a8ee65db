"""Numbers, time limits, authorities and conditions read from made-up article text."""

from __future__ import annotations

import re

import pytest

from lawkb.models import Article, Paragraph
from lawkb.quiz.facts import extract_facts, extract_lists
from lawkb.quiz.models import FactKind
from lawkb.quiz.text import (
    authorities_overlap,
    fills_between,
    money_values,
    norm_authority,
    number_value,
    time_values,
)

# a made-up regulation (示例条例): never text of a real law
SAMPLE = Article(
    law="示例条例",
    number=12,
    paragraphs=[
        Paragraph(
            text="违反本条例规定，排污单位有下列行为之一的，由县级以上地方人民政府生态环境主管部门"
            "责令改正，处二万元以上二十万元以下的罚款；拒不改正的，责令停产整治：",
            items=["（一）未按照规定设置排放口的；", "（二）未按照规定公开监测数据的。"],
        ),
        Paragraph(
            text="当事人应当自收到决定书之日起十五日内缴纳罚款。本条例自2026年1月1日起施行。"
        ),
    ],
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十万", 200000), ("5万", 50000), ("1.5万", 15000), ("五千", 5000), ("两", 2), ("x", None)],
)
def test_number_values(text, value):
    assert number_value(text) == value


def test_money_ranges_are_read_by_value():
    found = money_values("处5万元以上50万元以下的罚款；或者处五万元以下的罚款")
    assert [v for _, v in found] == [("range", 50000, 500000), ("max", 0, 50000)]


def test_time_limits_skip_dates_and_prison_terms():
    text = "自2026年1月1日起施行。应当在十五日内答复，处三年以下有期徒刑，延长不得超过三十日。"
    assert [m.group() for m, _ in time_values(text)] == ["十五日", "三十日"]


def test_authority_wordings_of_the_same_body_are_one():
    assert norm_authority("县级以上地方人民政府环境保护主管部门") == norm_authority(
        "县级以上人民政府生态环境主管部门"
    )
    # a joint authority overlaps each of its departments
    assert authorities_overlap(
        norm_authority("国务院自然资源、生态环境主管部门"), norm_authority("国务院生态环境主管部门")
    )
    assert not authorities_overlap("国务院生态环境主管部门", "公安机关")


def test_fills_between_finds_what_a_lazy_regex_finds():
    text = (
        "处二万元以上二十万元以下的罚款；情节严重的，处二十万元以上一百万元以下的罚款。"
        "\n处一万元的罚款"
    )
    for before, after in [("处", "的罚款"), ("严重的，处", "的罚款"), ("处二万元", "")]:
        pattern = re.escape(before) + r"(.{1,60}?)" + re.escape(after)
        assert fills_between(text, before, after) == re.findall(pattern, text)


def test_facts_of_a_sample_article():
    facts = {(f.kind, f.text) for f in extract_facts(SAMPLE)}
    assert (FactKind.AMOUNT, "二万元以上二十万元以下") in facts
    assert (FactKind.AUTHORITY, "县级以上地方人民政府生态环境主管部门") in facts
    assert (FactKind.CONDITION, "拒不改正的") in facts
    assert (FactKind.TIME_LIMIT, "十五日") in facts
    assert not any(f.text.startswith("2026") or f.text == "1日" for f in extract_facts(SAMPLE))
    (lst,) = extract_lists(SAMPLE)
    assert lst.items == ("未按照规定设置排放口的", "未按照规定公开监测数据的")
    # offsets point into the article text
    for f in extract_facts(SAMPLE):
        assert SAMPLE.text[f.start : f.end] == f.text


def test_fill_in_marking_accepts_the_keyed_words_not_a_shorter_authority() -> None:
    """Issue 11: 县级以上人民政府 is not 县级以上地方人民政府; punctuation and width aside,
    the keyed words, or the authority's new name, are."""
    from lawkb.quiz.models import FactKind
    from lawkb.quiz.scoring import cloze_matches

    keyed = "县级以上地方人民政府"
    assert not cloze_matches(FactKind.AUTHORITY, "县级以上人民政府", keyed)
    assert cloze_matches(FactKind.AUTHORITY, "县级以上地方人民政府。", keyed)
    assert cloze_matches(FactKind.AUTHORITY, " 县级以上 地方人民政府 ", keyed)
    renamed = "县级以上人民政府生态环境主管部门"
    assert cloze_matches(FactKind.AUTHORITY, "县级以上人民政府环境保护主管部门", renamed)
