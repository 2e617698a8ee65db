"""Chinese numerals and article labels (lawkb/numerals.py)."""

from __future__ import annotations

import pytest

from lawkb.numerals import (
    NumeralError,
    article_label,
    cn_to_int,
    int_to_cn,
    parse_article_key,
    suffix_index,
    suffix_label,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一百二十", 120),
        ("三百三十八", 338),
        ("一千", 1000),
        ("一千零三", 1003),
        ("一千零一十", 1010),
        ("一千一百二十", 1120),
        ("一千二百四十二", 1242),
        ("两百", 200),
        ("〇", 0),
        ("59", 59),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1003, "一千零三"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (1242, "一千二百四十二"),
    ],
)
def test_int_to_cn(value: int, text: str) -> None:
    assert int_to_cn(value) == text


def test_round_trip_over_every_article_number_in_use() -> None:
    for n in range(1, 3001):
        assert cn_to_int(int_to_cn(n)) == n


@pytest.mark.parametrize("bad", ["", "五十九a", "第五条", "abc"])
def test_cn_to_int_rejects_non_numerals(bad: str) -> None:
    with pytest.raises(NumeralError):
        cn_to_int(bad)


def test_int_to_cn_rejects_negative() -> None:
    with pytest.raises(NumeralError):
        int_to_cn(-1)


def test_suffixes_and_labels() -> None:
    assert suffix_label(0) == ""
    assert suffix_label(1) == "之一"
    assert suffix_index("之二") == 2
    assert suffix_index("") == 0
    assert article_label(120, "之一") == "第一百二十条之一"
    assert article_label(1242) == "第一千二百四十二条"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("59", (59, "")),
        ("第五十九条", (59, "")),
        ("五十九", (59, "")),
        ("59条", (59, "")),
        ("338之一", (338, "之一")),
        ("第338条之一", (338, "之一")),
        ("第三百三十八条之一", (338, "之一")),
        ("第 120 条 之 2", (120, "之二")),
    ],
)
def test_parse_article_key(text: str, key: tuple[int, str]) -> None:
    assert parse_article_key(text) == key


@pytest.mark.parametrize("bad", ["", "条", "第条", "abc", "59-1"])
def test_parse_article_key_rejects_junk(bad: str) -> None:
    with pytest.raises(NumeralError, match="expected 59"):
        parse_article_key(bad)
