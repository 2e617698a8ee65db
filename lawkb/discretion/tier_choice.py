"""Which tier of a standard the facts fit, and why; or why none does (the calculator then
falls back to the statutory range: it never makes a tier up)."""

from __future__ import annotations

from typing import Any

from lawkb.discretion.factors import Condition, show_value
from lawkb.discretion.results import Calculation, FineResult
from lawkb.discretion.standard import Standard, Tier, Violation


def because(c: Condition, value: Any, unit: str = "") -> str:
    if c.flag is not None or c.values:
        return f"{c.factor}为{show_value(value)}"
    return f"{c.factor}为{show_value(value)}{unit}（{c.bounds()}）"


def decided(v: Violation, facts: dict[str, Any]) -> bool:
    """A tier fits, and no other tier could still fit whatever the unanswered factors are."""
    fits = [t for t in v.tiers if t.fits(facts)[0]]
    if len(fits) != 1:
        return False
    for t in v.tiers:
        if t is fits[0]:
            continue
        for conds in t.alternatives:
            if all(c.factor not in facts or c.test(facts[c.factor]) for c in conds):
                return False  # still possible
    return True


def open_conditions(v: Violation, facts: dict[str, Any]) -> list[Condition]:
    """Conditions on unanswered factors, in alternatives not yet ruled out (ask these)."""
    out: list[Condition] = []
    for t in v.tiers:
        for conds in t.alternatives:
            if all(c.factor not in facts or c.test(facts[c.factor]) for c in conds):
                out.extend(c for c in conds if c.factor not in facts)
    return out


def apply_tier(calc: Calculation, std: Standard, v: Violation, facts: dict[str, Any]) -> None:
    """Set the tier, why and its fine on `calc`; or mark the fallback and say why."""
    fitting: list[tuple[Tier, list[Condition]]] = []
    missing: list[str] = []
    for t in v.tiers:
        ok, conds, lacking = t.fits(facts)
        if ok:
            fitting.append((t, conds))
        missing.extend(lacking)
    if len(fitting) == 1 and decided(v, facts):
        tier, conds = fitting[0]
        calc.tier = tier.name
        calc.why = [because(c, facts[c.factor], std.factor(v, c.factor).unit) for c in conds]
        calc.fine = FineResult(
            low=tier.fine.low, high=tier.fine.high, unit=tier.fine.unit, text=tier.fine.describe()
        )
        calc.kinds = list(dict.fromkeys([*calc.kinds, *tier.kinds]))
        return
    calc.fallback = True
    if len(fitting) > 1:
        names = "、".join(t.name for t, _ in fitting)
        calc.fallback_reason = (
            f"所录事实同时符合多个阶次（{names}），该基准存在重叠，按法定幅度处理"
        )
    elif missing:
        names = list(dict.fromkeys(missing))
        calc.missing = [std.factor(v, n).ask() for n in names]
        calc.fallback_reason = f"缺少裁量因素（{'、'.join(names)}），未能确定阶次，按法定幅度处理"
    else:
        calc.fallback_reason = "所录事实不符合该基准任何阶次的适用情形，按法定幅度处理"
