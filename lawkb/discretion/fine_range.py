"""The statutory fine range of a case: the envelope of the party's basic fines, in 元 when the
article states 元, or as a multiple (倍, %) of a base that the officer gives in 元."""

from __future__ import annotations

import math

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.models import Fine
from lawkb.discretion.results import FineResult
from lawkb.discretion.standard_checks import statutory_intervals

BASE_FACTOR = "罚款基数"  # 货值金额, 违法所得 … in 元, for fines stated as multiples


def statutory_range(
    fines: list[Fine], items: list[int], base: float | None, case: str
) -> FineResult | None:
    """The party's basic statutory range (the envelope of its basic fines), in 元 if possible."""
    if items:
        fines = [f for f in fines if not f.items or set(items) & set(f.items)]
    basic = [f for f in fines if not f.aggravated] or fines
    for unit in ("元", "倍", "%"):
        spans = statutory_intervals(basic, unit, case)
        if not spans:
            continue
        low, high = spans[0][0], spans[-1][1]
        if unit == "元":
            return _in_yuan(low, None if high == math.inf else high)
        src = next(f for f in basic if f.unit == unit)
        return _as_multiple(src, unit, low, high, base)
    return None


def _in_yuan(low: float, high: float | None) -> FineResult:
    if low == 0 and high:
        text = f"{format_yuan(high)}以下"
    elif high:
        text = f"{format_yuan(low)}～{format_yuan(high)}"
    else:
        text = f"{format_yuan(low)}以上"
    return FineResult(low=low, high=high, text=text)


def _as_multiple(src: Fine, unit: str, low: float, high: float, base: float | None) -> FineResult:
    mark = "倍" if unit == "倍" else "%"
    multiple = f"{src.base}的{low:g}{mark}～{high:g}{mark}"
    if base is None:
        return FineResult(low=None, high=None, unit=unit, base=src.base, text=multiple)
    factor = 1 if unit == "倍" else 0.01
    counted = max(base, src.floor or 0)
    lo_y, hi_y = counted * low * factor, counted * high * factor
    return FineResult(
        low=lo_y,
        high=hi_y,
        base=src.base,
        text=f"{format_yuan(lo_y)}～{format_yuan(hi_y)}（{multiple}）",
    )
