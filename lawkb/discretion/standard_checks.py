"""What a standard must satisfy: every article resolves, the penalty article is in the
statutory table, each tier's sub-range lies inside the statutory range of its article, tiers
follow the scale without overlapping, and every combination of factor values fits one tier.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.factors import Factor, g, show_value
from lawkb.discretion.models import Fine
from lawkb.discretion.refs import ArticleRef, ArticleResolver, resolve_ref
from lawkb.discretion.standard import FineRange, Standard, Tier, Violation
from lawkb.discretion.table import StatutoryTable
from lawkb.errors import LawkbError, NotFound

MAX_COMBINATIONS = 50_000


class Problem(BaseModel):
    where: str  # 行为 HP-01 阶次 一般, or 第 7 行
    message: str
    severity: str = "error"  # error / warning
    row: int | None = None
    violation: str = ""
    tier: str = ""
    also: list[str] = Field(default_factory=list)  # other tiers involved (an overlap's pair)


Report = Callable[..., None]  # report(message, tier=None, severity="error", also=None)


def statutory_intervals(fines: list[Fine], unit: str, case: str = "") -> list[tuple[float, float]]:
    """Merged [low, high] intervals of the statutory fines in one unit (cases filtered)."""
    fines = [f for f in fines if f.unit == unit and not f.per]
    if case == "*":  # any case of the article
        pass
    elif case:
        fines = [f for f in fines if case in f.when]
    elif any(not f.scoped for f in fines):
        # no case named: the article's general case, not its special ones (工业噪声, 报告表 …)
        fines = [f for f in fines if not f.scoped]
    spans = sorted(
        (f.low if f.low is not None else 0.0, f.high if f.high is not None else math.inf)
        for f in fines
    )
    merged: list[tuple[float, float]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def inside(fine: FineRange, spans: list[tuple[float, float]]) -> bool:
    return any(lo <= fine.low and fine.high <= hi for lo, hi in spans)


def describe_spans(spans: list[tuple[float, float]], unit: str) -> str:
    def one(lo: float, hi: float) -> str:
        if unit == "倍":
            return f"{g(lo)}～{g(hi)}倍"
        return f"{format_yuan(lo)}～{format_yuan(hi) if hi != math.inf else '不限'}"

    return "、".join(one(lo, hi) for lo, hi in spans) or "无"


def validate_standard(
    std: Standard, articles: ArticleResolver, table: StatutoryTable
) -> list[Problem]:
    problems: list[Problem] = []
    for v in std.violations:
        problems.extend(validate_violation(std, v, articles, table))
    return problems


def validate_violation(
    std: Standard, v: Violation, articles: ArticleResolver, table: StatutoryTable
) -> list[Problem]:
    out: list[Problem] = []

    def report(
        message: str, tier: Tier | None = None, severity: str = "error", also: Tier | None = None
    ) -> None:
        out.append(
            Problem(
                where=f"行为 {v.id}" + (f" 阶次 {tier.name}" if tier else ""),
                message=message,
                severity=severity,
                row=tier.row if tier and tier.row else v.row,
                violation=v.id,
                tier=tier.name if tier else "",
                also=[also.name] if also else [],
            )
        )

    basis = _check_references(v, articles, report)
    if basis is not None:
        _check_statutory_ranges(v, basis, table, report)
    for t in v.tiers:
        if t.fine.low > t.fine.high:
            report(f"幅度 {t.fine.describe()} 下限高于上限", t)
        if t.name not in std.scale:
            report(f"阶次 {t.name!r} 不在阶次表 {'/'.join(std.scale)} 中", t)
    names = [t.name for t in v.tiers]
    for name in {n for n in names if names.count(n) > 1}:
        report(f"阶次 {name!r} 出现不止一次")
    _check_tier_ranges(v, std, report)
    _check_tier_coverage(std, v, report)
    return out


def _check_references(v: Violation, articles: ArticleResolver, report: Report) -> ArticleRef | None:
    for text in v.violated:
        try:
            resolve_ref(articles, text)
        except LawkbError as exc:
            report(f"违法依据无法对应到条文：{exc}")
    try:
        return resolve_ref(articles, v.basis)[0]
    except LawkbError as exc:
        report(f"处罚依据无法对应到条文：{exc}")
        return None


def _check_statutory_ranges(
    v: Violation, basis: ArticleRef, table: StatutoryTable, report: Report
) -> None:
    fines = table.statutory_fines(
        basis.law, basis.key, basis.paragraph, [basis.item] if basis.item else None
    )
    if not table.for_article(basis.law, basis.key):
        report(f"处罚依据 {basis.citation()} 不是法定幅度表中的法律责任条文")
    for t in v.tiers:
        case = t.statutory_case or v.statutory_case
        spans = statutory_intervals(fines, t.fine.unit, case)
        if not spans:
            scope = f"（法定情形 {case!r}）" if case else ""
            report(f"{basis.citation()}{scope}没有以{t.fine.unit}计的罚款", t)
        elif not inside(t.fine, spans):
            report(
                f"幅度 {t.fine.describe()} 超出 {basis.citation()} 的法定幅度"
                f"（{describe_spans(spans, t.fine.unit)}）",
                t,
            )


def _check_tier_ranges(v: Violation, std: Standard, report: Report) -> None:
    """Sub-ranges of different tiers may touch but not overlap; a tier left out of the scale
    between two present ones is missing."""
    tiers = [t for t in v.tiers if t.name in std.scale]
    order = sorted(tiers, key=lambda t: std.scale.index(t.name))
    for a, b in itertools.pairwise(order):
        same_unit = a.fine.unit == b.fine.unit
        if same_unit and b.fine.low < a.fine.high and a.fine.low < b.fine.high:
            report(
                f"阶次重叠：{a.name} {a.fine.describe()} 与 {b.name} {b.fine.describe()}",
                b,
                also=a,
            )
        elif same_unit and b.fine.high < a.fine.low:
            report(f"阶次 {b.name}（{b.fine.describe()}）低于 {a.name}（{a.fine.describe()}）", b)
    present = [std.scale.index(t.name) for t in order]
    if present:
        low, high = min(present), max(present)
        for idx in range(low, high + 1):
            if idx not in present:
                report(
                    f"缺少阶次 {std.scale[idx]!r}（在 {std.scale[low]!r} 与 "
                    f"{std.scale[high]!r} 之间）",
                    severity="warning",
                )


def _check_tier_coverage(std: Standard, v: Violation, report: Report) -> None:
    """Every combination of factor values fits exactly one tier (enumerated at the breakpoints)."""
    try:
        factors = std.factors_of(v)
    except NotFound as exc:
        report(str(exc))
        return
    if not factors or not v.tiers:
        return
    domains = [_domain(f, v) for f in factors]
    total = math.prod(len(d) for d in domains)
    if total > MAX_COMBINATIONS:
        report(f"因素组合过多（{total} 种），无法检查阶次的遗漏与重叠", severity="warning")
        return
    gaps: list[str] = []
    overlaps: dict[tuple[str, str], str] = {}  # (tier, tier) -> an example of facts
    for combo in itertools.product(*domains):
        facts = {f.name: val for f, val in zip(factors, combo, strict=True)}
        fitting = [t for t in v.tiers if t.fits(facts)[0]]
        desc = "、".join(f"{k}={show_value(val)}" for k, val in facts.items())
        if not fitting:
            gaps.append(desc)
        for a, b in itertools.combinations(fitting, 2):
            overlaps.setdefault((a.name, b.name), desc)
    for (a, b), example in sorted(overlaps.items()):
        tier_a = next(t for t in v.tiers if t.name == a)
        tier_b = next(t for t in v.tiers if t.name == b)
        report(f"阶次重叠：{a} 与 {b} 都适用于 {example}", tier_b, also=tier_a)
    if gaps:
        more = f"（另有 {len(gaps) - 1} 种）" if len(gaps) > 1 else ""
        report(f"缺少阶次：没有阶次适用于 {gaps[0]}{more}", severity="warning")


def _domain(f: Factor, v: Violation) -> list[Any]:
    if f.kind == "是否":
        return [True, False]
    if f.kind == "选项":
        return list(f.options)
    points = sorted(
        {
            p
            for t in v.tiers
            for a in t.alternatives
            for c in a
            if c.factor == f.name
            for p in c.breakpoints()
        }
    )
    values: set[float] = set(points)
    if points:
        values.add(points[0] - 1)
        values.add(points[-1] + 1)
        for lo, hi in itertools.pairwise(points):
            values.add((lo + hi) / 2)
    else:
        values.add(0.0)
    if f.minimum is not None:
        values = {x for x in values if x >= f.minimum} or {f.minimum}
    return sorted(values)
