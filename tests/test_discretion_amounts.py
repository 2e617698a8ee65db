"""Money amounts and fine expressions (pure functions, made-up inputs)."""

from __future__ import annotations

import pytest

from lawkb.discretion.amounts import (
    cn_number,
    format_yuan,
    numbers_in,
    parse_fine_expression,
    parse_table_range,
)
from lawkb.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十万", 100_000),
        ("一百万", 1_000_000),
        ("一千万", 10_000_000),
        ("二千", 2_000),
        ("两万", 20_000),
        ("五千", 5_000),
        ("十五", 15),
        ("一亿二千万", 120_000_000),
        ("5千", 5_000),
        ("1.5万", 15_000),
        ("20", 20),
        ("２０万", 200_000),
    ],
)
def test_cn_number(text: str, value: float) -> None:
    assert cn_number(text) == value


def test_cn_number_rejects_words() -> None:
    with pytest.raises(InvalidInput):
        cn_number("若干")


@pytest.mark.parametrize(
    ("expr", "low", "high", "unit", "base", "per"),
    [
        ("十万元以上一百万元以下", 100_000, 1_000_000, "元", "", ""),
        ("20万元以上100万元以下", 200_000, 1_000_000, "元", "", ""),
        ("五万元以下", None, 50_000, "元", "", ""),
        ("每辆（艘）五千元", 5_000, 5_000, "元", "", "每辆（艘）"),
        ("每次5千元以上2万元以下", 5_000, 20_000, "元", "", "每次"),
        ("按次一百元以上一千元以下", 100, 1_000, "元", "", "按次"),
        ("货值金额一倍以上五倍以下", 1, 5, "倍", "货值金额", ""),
        ("违法所得一倍以上三倍以下", 1, 3, "倍", "违法所得", ""),
        ("货值金额三倍以下", None, 3, "倍", "货值金额", ""),
        ("建设工程合同价款百分之二以上百分之四以下", 2, 4, "%", "合同价款", ""),
    ],
)
def test_fine_expression(
    expr: str, low: float | None, high: float, unit: str, base: str, per: str
) -> None:
    a = parse_fine_expression(expr)
    assert a is not None
    assert (a.low, a.high, a.unit, a.base, a.per) == (low, high, unit, base, per)


def test_unstated_fine_is_none() -> None:
    assert parse_fine_expression("以") is None  # 处以罚款


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("处10万元以上20万元以下罚款", (100_000, 200_000)),
        ("10-20万元", (100_000, 200_000)),
        ("罚款10万元至20万元", (100_000, 200_000)),
        ("二十万元～四十万元", (200_000, 400_000)),
        ("5000-2万元", (5_000, 20_000)),
        ("5万元以下", (0, 50_000)),
        ("处5000元罚款", (5_000, 5_000)),
    ],
)
def test_table_range(text: str, expected: tuple[float, float]) -> None:
    assert parse_table_range(text) == expected


def test_table_range_without_money() -> None:
    assert parse_table_range("责令改正") is None


def test_numbers_in_reads_both_scripts() -> None:
    found = numbers_in("处十万元以上一百万元以下的罚款；处5万元以上20万元以下；百分之五十")
    assert {100_000, 1_000_000, 50_000, 200_000, 50} <= found


def test_format_yuan() -> None:
    assert format_yuan(400_000) == "40万元"
    assert format_yuan(15_000) == "1.5万元"
    assert format_yuan(5_000) == "5000元"
