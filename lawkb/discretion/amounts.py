"""Money amounts and fine expressions as Chinese law texts and bureau tables write them.

十万元以上一百万元以下, 5千元, 1.5万元, 违法所得一倍以上三倍以下, 建设工程合同价款百分之二以上
百分之四以下, 每辆（艘）五千元, 10万元-20万元 … -> numbers. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.numerals import CN_NUM

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}

# one number as written in a law or a table: 十万, 一千万, 5千, 1.5万, 20, ２０
NUM = rf"(?:[0-9０-９][0-9０-９.,，]*[0-9０-９]|[0-9０-９])?[{CN_NUM}亿]*"
_NUM_RE = re.compile(rf"[0-9][0-9.]*[{CN_NUM}亿]*|[{CN_NUM}亿]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# bases that a multiple or a percentage is taken of, shortest name last-match wins
KNOWN_BASES = (
    "货值金额",
    "违法所得",
    "倾倒费数额",
    "应缴税款",
    "合同价款",
    "罚款数额",
    "平均成交价格",
    "取得收入",
    "价款",
)


def cn_number(text: str) -> float:
    """十万 -> 100000, 一千万 -> 10000000, 5千 -> 5000, 1.5万 -> 15000, 二十 -> 20.

    Raises InvalidInput when the text is not a number.
    """
    s = re.sub(r"[\s,，\u2009]", "", text).translate(_FULLWIDTH)
    if not s:
        raise InvalidInput(_("金额"), _("不是数字：{text!r}").format(text=text))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    total = 0.0  # 亿 level
    section = 0.0  # 万 level
    current = 0.0  # below 万
    number: float | None = None
    i = 0
    while i < len(s):
        m = re.match(r"\d+(?:\.\d+)?", s[i:])
        if m:
            number = float(m.group())
            i += len(m.group())
            continue
        ch = s[i]
        i += 1
        if ch in _DIGITS:
            number = float(_DIGITS[ch])
        elif ch in _SMALL_UNITS:
            current += (1.0 if number is None else number) * _SMALL_UNITS[ch]
            number = None
        elif ch == "万":
            section += (current + (number or 0.0)) * 10_000
            current, number = 0.0, None
        elif ch == "亿":
            total += (section + current + (number or 0.0)) * 100_000_000
            section, current, number = 0.0, 0.0, None
        else:
            raise InvalidInput(_("金额"), _("不是数字：{text!r}").format(text=text))
    return total + section + current + (number or 0.0)


def numbers_in(text: str) -> set[float]:
    """Every number written in a text (Chinese or Arabic), for checking that nothing is invented."""
    out: set[float] = set()
    for m in _NUM_RE.finditer(text.translate(_FULLWIDTH)):
        token = m.group().rstrip(".")
        try:
            out.add(cn_number(token))
        except InvalidInput:
            continue
    return out


def yuan(text: str) -> float:
    """'十万元' / '10万元' / '5000元' / '5千' -> yuan."""
    return cn_number(text.strip().removesuffix("元").removesuffix("人民币"))


def format_yuan(value: float | None) -> str:
    """100000 -> '10万元', 5000 -> '5000元', 15000 -> '1.5万元' (the style of case documents)."""
    if value is None:
        return "—"
    if value >= 10_000 and value % 100 == 0:
        wan = value / 10_000
        return f"{wan:g}万元"
    return f"{value:g}元"


def format_number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Amount:
    """One fine expression: bounds (None = not stated) and what they are counted in."""

    low: float | None
    high: float | None
    unit: str = "元"  # 元, 倍 (multiple of base), % (percentage of base)
    base: str = ""  # 货值金额, 违法所得 … for 倍 and %
    per: str = ""  # 每辆（艘）, 每次, 每平方米, 按次 …


_MONEY = rf"({NUM})元"
_RANGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^(?P<base>.*?)(?P<lo>{NUM})倍以上(?P<hi>{NUM})倍以下$"), "倍"),
    (re.compile(rf"^(?P<base>.*?)(?P<hi>{NUM})倍以下$"), "倍"),
    (re.compile(rf"^(?P<base>.*?[^0-9{CN_NUM}])(?P<fixed>{NUM})倍$"), "倍"),
    (re.compile(rf"^(?P<base>.*?)百分之(?P<lo>{NUM})以上百分之(?P<hi>{NUM})以下$"), "%"),
    (re.compile(rf"^(?P<base>.*?)百分之(?P<hi>{NUM})以下$"), "%"),
    (re.compile(rf"^(?P<base>.*?)(?P<lo>{NUM})%以上(?P<hi>{NUM})%以下$"), "%"),
    (re.compile(rf"^(?P<lo>{NUM})元以上(?P<hi>{NUM})元以下$"), "元"),
    (re.compile(rf"^(?P<hi>{NUM})元以下$"), "元"),
    (re.compile(rf"^(?P<lo>{NUM})元以上$"), "元"),
    (re.compile(rf"^(?P<lo>{NUM})元$"), "元"),
]
_PER_RE = re.compile(rf"^(?P<per>每[^0-9０-９{CN_NUM}]{{1,6}})")


def short_base(phrase: str) -> str:
    """'违法生产、进口、销售的设施、设备货值金额' -> '货值金额'; other phrases stay (trimmed)."""
    phrase = phrase.strip("，、 ")
    for name in KNOWN_BASES:
        if phrase.endswith(name) or name in phrase:
            return name
    return phrase[-20:]


def parse_fine_expression(expr: str) -> Amount | None:
    """The words between 处 and 的罚款: '十万元以上一百万元以下', '货值金额一倍以上五倍以下' …

    Returns None when the expression holds no amount (处以罚款).
    """
    s = re.sub(r"\s", "", expr).strip("，")
    s = s.removeprefix("以").removeprefix("人民币")
    per = ""
    if s.startswith("按次"):
        per, s = "按次", s[2:]
    m = _PER_RE.match(s)
    if m and not s.startswith("每日"):
        per, s = m.group("per"), s[m.end() :]
    for pattern, unit in _RANGE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        groups = m.groupdict()
        lo = _num(groups.get("lo"))
        hi = _num(groups.get("hi"))
        if groups.get("fixed"):  # 处违法划拨款项二倍的罚款
            lo = hi = _num(groups["fixed"])
        if unit == "元" and groups.get("lo") and not groups.get("hi") and s.endswith("元以上"):
            hi = None
        elif unit == "元" and "hi" not in groups:
            hi = lo  # a fixed amount: 处每辆五千元的罚款
        base = short_base(groups.get("base") or "") if unit != "元" else ""
        if unit != "元" and not base:
            return None
        return Amount(low=lo, high=hi, unit=unit, base=base, per=per)
    return None


def _num(text: str | None) -> float | None:
    if not text:
        return None
    return cn_number(text)


# -- free-text ranges as bureau tables write them -------------------------------------
_TABLE_RANGE = re.compile(
    rf"(?P<lo>{NUM})元?\s*(?:以上|至|到|[-~～—－]+)\s*(?P<hi>{NUM})元(?:以下)?"
)
_TABLE_MAX = re.compile(rf"(?P<hi>{NUM})元以下")
_TABLE_FIXED = re.compile(rf"(?P<x>{NUM})元")


def parse_table_range(text: str) -> tuple[float, float] | None:
    """'处10万元以上20万元以下罚款', '10-20万元', '罚款10万元至20万元', '5万元以下' -> (lo, hi)."""
    s = re.sub(r"\s", "", text).translate(_FULLWIDTH)
    m = _TABLE_RANGE.search(s)
    if m and m.group("lo") and m.group("hi"):
        lo, hi = cn_number(m.group("lo")), cn_number(m.group("hi"))
        # '10-20万元': the unit written once applies to both numbers
        wan_once = "万" in m.group("hi") and not re.search("[十百千万亿]", m.group("lo"))
        if wan_once and lo * 10_000 <= hi:
            lo *= 10_000
        return lo, hi
    m = _TABLE_MAX.search(s)
    if m and m.group("hi"):
        return 0.0, cn_number(m.group("hi"))
    m = _TABLE_FIXED.search(s)
    if m and m.group("x"):
        x = cn_number(m.group("x"))
        return x, x
    return None
