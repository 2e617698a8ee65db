"""Bureau discretion standards (裁量基准) as data: YAML files in `corpus/discretion/` (shipped)
and in `<home>/discretion/` (imported by the user). The format is documented in
`corpus/discretion/README.md`.

A standard lists violations; each names the article violated and the article that sets the
penalty (both resolved to the collection), and tiers (阶次) with conditions over named
factors and a fine sub-range that must lie inside the statutory range of its article.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, Field

from lawkb.atomic import atomic_path
from lawkb.discretion.amounts import format_yuan, parse_table_range
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError

if TYPE_CHECKING:
    from lawkb.discretion.models import Fine
    from lawkb.discretion.table import StatutoryTable
    from lawkb.kb import KnowledgeBase

DEFAULT_SCALE = ["轻微", "一般", "较重", "严重"]
FACTOR_KINDS = ("数值", "是否", "选项")
SAMPLE_WARNING = "示例，非官方标准，不得用于实际案件"
STANDARD_DIR = "discretion"
YES = {"是", "有", "true", "yes", "y", "1", "√"}
NO = {"否", "无", "false", "no", "n", "0", "×"}


# -- factors and conditions ------------------------------------------------------------------
class Factor(BaseModel):
    name: str
    kind: str = "数值"  # 数值 / 是否 / 选项
    unit: str = ""
    options: list[str] = Field(default_factory=list)
    question: str = ""
    minimum: float | None = 0.0  # 数值: smallest sensible value (counts, multiples ≥ 0)
    maximum: float | None = None  # 数值: largest sensible value (a share in % ≤ 100)

    def ask(self) -> str:
        q = self.question or self.name
        if self.kind == "是否":
            return f"{q}（是/否）"
        if self.kind == "选项":
            return f"{q}（{'/'.join(self.options)}）"
        return f"{q}（{self.unit}）" if self.unit else q

    def parse(self, raw: Any) -> float | bool | str:
        """A fact as typed by the officer -> a value of this factor's kind."""
        text = str(raw).strip()
        if self.kind == "是否":
            if isinstance(raw, bool):
                return raw
            if text.lower() in YES:
                return True
            if text.lower() in NO:
                return False
            raise InvalidInput(self.name, f"expected 是 or 否, got {text!r}")
        if self.kind == "选项":
            if text in self.options or not self.options:
                return text
            raise InvalidInput(self.name, f"expected one of {'/'.join(self.options)}, got {text!r}")
        try:
            value = float(text.removesuffix(self.unit) if self.unit else text)
        except ValueError:
            raise InvalidInput(
                self.name,
                f"expected a number{f' in {self.unit}' if self.unit else ''}, got {text!r}",
            ) from None
        if math.isnan(value) or math.isinf(value):
            raise InvalidInput(self.name, f"expected a finite number, got {text!r}")
        low, high = self.minimum, self.maximum
        if low is not None and value < low:
            raise InvalidInput(self.name, f"{text} 不能小于 {low:g}{self.unit}")
        if high is not None and value > high:
            raise InvalidInput(self.name, f"{text} 不能大于 {high:g}{self.unit}")
        return value


_OP_RE = re.compile(r"(>=|<=|≥|≤|>|<|=|＝)?\s*(-?\d+(?:\.\d+)?)")


class Condition(BaseModel):
    """One factor's test: a numeric interval, a yes/no, or a set of options."""

    factor: str
    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = False
    flag: bool | None = None
    values: list[str] = Field(default_factory=list)

    @classmethod
    def parse(cls, factor: Factor, spec: Any) -> Condition:
        if factor.kind == "是否":
            return cls(factor=factor.name, flag=bool(factor.parse(spec)))
        if factor.kind == "选项":
            values = spec if isinstance(spec, list) else re.split(r"[/／、,，]", str(spec))
            values = [str(v).strip() for v in values if str(v).strip()]
            for v in values:
                factor.parse(v)
            return cls(factor=factor.name, values=values)
        text = str(spec).strip().replace("＜", "<").replace("＞", ">")
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*[~～\-－至]\s*(-?\d+(?:\.\d+)?)", text)
        if m:  # 0.5~1 means [0.5, 1)
            return cls(factor=factor.name, low=float(m.group(1)), high=float(m.group(2)))
        cond = cls(factor=factor.name)
        tokens = _OP_RE.findall(text)
        rest = _OP_RE.sub("", text).replace("且", "").replace(" ", "")
        if not tokens or rest:
            raise InvalidInput(
                factor.name, f"expected a condition like '<0.5', '>=1 <3' or '2', got {text!r}"
            )
        for op, num in tokens:
            v = float(num)
            if op in ("", "=", "＝"):
                cond.low, cond.high, cond.low_inclusive, cond.high_inclusive = v, v, True, True
            elif op in (">=", "≥"):
                cond.low, cond.low_inclusive = v, True
            elif op == ">":
                cond.low, cond.low_inclusive = v, False
            elif op in ("<=", "≤"):
                cond.high, cond.high_inclusive = v, True
            elif op == "<":
                cond.high, cond.high_inclusive = v, False
        return cond

    def test(self, value: float | bool | str) -> bool:
        if self.flag is not None:
            return bool(value) == self.flag
        if self.values:
            return str(value) in self.values
        v = float(value)
        if self.low is not None and (v < self.low or (v == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None
            and (v > self.high or (v == self.high and not self.high_inclusive))
        )

    def breakpoints(self) -> list[float]:
        return [v for v in (self.low, self.high) if v is not None]

    def bounds(self) -> str:
        """The test alone: '≥1且<3', '是', '已建成或已投产'."""
        return self.describe().removeprefix(self.factor).lstrip("：为")

    def describe(self) -> str:
        if self.flag is not None:
            return f"{self.factor}：{'是' if self.flag else '否'}"
        if self.values:
            return f"{self.factor}：{'或'.join(self.values)}"
        if self.low is not None and self.low == self.high:
            return f"{self.factor}为{_g(self.low)}"
        parts = []
        if self.low is not None:
            parts.append(f"{'≥' if self.low_inclusive else '>'}{_g(self.low)}")
        if self.high is not None:
            parts.append(f"{'≤' if self.high_inclusive else '<'}{_g(self.high)}")
        return f"{self.factor}{'且'.join(parts)}"

    def to_spec(self) -> Any:
        if self.flag is not None:
            return "是" if self.flag else "否"
        if self.values:
            return self.values[0] if len(self.values) == 1 else list(self.values)
        if self.low is not None and self.low == self.high:
            return _g(self.low)
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.low_inclusive else '>'}{_g(self.low)}")
        if self.high is not None:
            parts.append(f"{'<=' if self.high_inclusive else '<'}{_g(self.high)}")
        return " ".join(parts)


def _g(v: float) -> str:
    return f"{v:g}"


# -- tiers, violations, standards ------------------------------------------------------------
class FineRange(BaseModel):
    low: float
    high: float
    unit: str = "元"  # 元 or 倍 (of the statutory base)

    def describe(self) -> str:
        if self.unit == "倍":
            return f"{_g(self.low)}倍～{_g(self.high)}倍"
        if self.low == self.high:
            return format_yuan(self.low)
        return f"{format_yuan(self.low)}～{format_yuan(self.high)}"

    @classmethod
    def parse(cls, spec: Any, where: str) -> FineRange:
        text = str(spec or "").strip()
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*倍?\s*[~～\-－至]\s*(\d+(?:\.\d+)?)\s*倍", text)
        if m:
            return cls(low=float(m.group(1)), high=float(m.group(2)), unit="倍")
        found = parse_table_range(text)
        if not found:
            raise InvalidInput(where, f"expected a fine range like '10万元～20万元', got {text!r}")
        lo, hi = found
        if lo > hi:
            raise InvalidInput(where, f"the range {text!r} runs backwards")
        return cls(low=lo, high=hi)


class Tier(BaseModel):
    name: str
    alternatives: list[list[Condition]] = Field(default_factory=list)  # any-of of all-of
    fine: FineRange
    kinds: list[str] = Field(default_factory=list)  # other measures this tier adds
    statutory_case: str = ""  # 法定情形 for this tier only (overrides the violation's)
    note: str = ""
    row: int | None = None  # XLSX row it came from

    def fits(self, facts: dict[str, Any]) -> tuple[bool, list[Condition], list[str]]:
        """(fits, the conditions that made it fit, factors still missing)."""
        missing: list[str] = []
        for conds in self.alternatives:
            lacking = [c.factor for c in conds if c.factor not in facts]
            if lacking:
                missing.extend(lacking)
                continue
            if all(c.test(facts[c.factor]) for c in conds):
                return True, conds, []
        return False, [], list(dict.fromkeys(missing))

    def describe_conditions(self) -> str:
        return "；或".join("、".join(c.describe() for c in conds) for conds in self.alternatives)


class Violation(BaseModel):
    id: str
    name: str
    keywords: list[str] = Field(default_factory=list)
    violated: list[str] = Field(default_factory=list)  # references as written
    basis: str  # the penalty article, as written
    statutory_case: str = ""  # 法定情形: narrows the article's fines (报告表, 工业噪声 …)
    factors: dict[str, Factor] = Field(default_factory=dict)  # violation-level factors
    tiers: list[Tier] = Field(default_factory=list)
    note: str = ""
    row: int | None = None


class Standard(BaseModel):
    name: str
    description: str = ""
    sample: bool = False
    issuer: str = ""
    version: str = ""
    scale: list[str] = Field(default_factory=lambda: list(DEFAULT_SCALE))
    factors: dict[str, Factor] = Field(default_factory=dict)
    violations: list[Violation] = Field(default_factory=list)
    path: str = ""

    def factor(self, violation: Violation, name: str) -> Factor:
        if name in violation.factors:
            return violation.factors[name]
        if name in self.factors:
            return self.factors[name]
        raise NotFound(f"factor {name!r}: not defined in standard {self.name!r}")

    def factors_of(self, violation: Violation) -> list[Factor]:
        names = dict.fromkeys(c.factor for t in violation.tiers for a in t.alternatives for c in a)
        return [self.factor(violation, n) for n in names]

    def violation(self, vid: str) -> Violation:
        for v in self.violations:
            if v.id == vid:
                return v
        raise NotFound(f"violation {vid!r}: not in standard {self.name!r}")


# -- YAML --------------------------------------------------------------------------------
def load_standard(path: Path) -> Standard:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ParseError(
            path, (line + 1) if line is not None else None, f"not valid YAML: {exc}"
        ) from None
    except OSError as exc:
        raise NotFound(f"{path}: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise ParseError(path, None, "expected a mapping with 名称, 因素 and 行为")
    try:
        std = standard_from_data(data)
    except LawkbError as exc:
        raise ParseError(path, None, str(exc)) from None
    std.path = str(path)
    return std


def _require(data: dict, key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise InvalidInput(where, f"missing {key}")
    return data[key]


def _factor(name: str, spec: Any, where: str) -> Factor:
    if not isinstance(spec, dict):
        raise InvalidInput(where, f"factor {name}: expected a mapping with 类型")
    kind = str(spec.get("类型", "数值"))
    if kind not in FACTOR_KINDS:
        raise InvalidInput(
            where, f"factor {name}: 类型 must be one of {'/'.join(FACTOR_KINDS)}, got {kind!r}"
        )
    options = [str(o) for o in spec.get("选项") or []]
    if kind == "选项" and not options:
        raise InvalidInput(where, f"factor {name}: 类型 选项 needs 选项: [...]")
    minimum = spec.get("最小值", 0 if kind == "数值" else None)
    maximum = spec.get("最大值", 100 if kind == "数值" and spec.get("单位") == "%" else None)
    return Factor(
        name=name,
        kind=kind,
        unit=str(spec.get("单位", "")),
        options=options,
        question=str(spec.get("问题", "")),
        minimum=None if minimum is None else float(minimum),
        maximum=None if maximum is None else float(maximum),
    )


def standard_from_data(data: dict) -> Standard:
    name = str(_require(data, "名称", "standard"))
    factors = {str(k): _factor(str(k), v, "因素") for k, v in (data.get("因素") or {}).items()}
    std = Standard(
        name=name,
        description=str(data.get("说明", "")),
        sample=bool(data.get("示例", False)),
        issuer=str(data.get("制定机关", "")),
        version=str(data.get("版本", "")),
        scale=[str(s) for s in data.get("阶次") or DEFAULT_SCALE],
        factors=factors,
    )
    if std.sample and SAMPLE_WARNING not in std.description:
        raise InvalidInput("说明", f"a sample standard must say {SAMPLE_WARNING!r}")
    seen: set[str] = set()
    for i, vdata in enumerate(data.get("行为") or [], start=1):
        where = f"行为 {i}"
        if not isinstance(vdata, dict):
            raise InvalidInput(where, "expected a mapping with 编号, 违法行为, 处罚依据, 阶次")
        vid = str(_require(vdata, "编号", where))
        if vid in seen:
            raise InvalidInput(where, f"编号 {vid!r} is used twice")
        seen.add(vid)
        where = f"行为 {vid}"
        vfactors = {str(k): _factor(str(k), v, where) for k, v in (vdata.get("因素") or {}).items()}
        violated = vdata.get("违法依据") or []
        v = Violation(
            id=vid,
            name=str(_require(vdata, "违法行为", where)),
            keywords=[str(k) for k in vdata.get("关键词") or []],
            violated=[str(x) for x in (violated if isinstance(violated, list) else [violated])],
            basis=str(_require(vdata, "处罚依据", where)),
            statutory_case=str(vdata.get("法定情形", "") or ""),
            factors=vfactors,
            note=str(vdata.get("说明", "") or ""),
        )
        for j, tdata in enumerate(_require(vdata, "阶次", where), start=1):
            v.tiers.append(_tier(std, v, tdata, f"{where} 阶次 {j}"))
        std.violations.append(v)
    return std


def _tier(std: Standard, v: Violation, tdata: Any, where: str) -> Tier:
    if not isinstance(tdata, dict):
        raise InvalidInput(where, "expected a mapping with 阶次, 条件, 罚款")
    name = str(_require(tdata, "阶次", where))
    spec = tdata.get("条件") or {}
    groups = spec if isinstance(spec, list) else [spec]
    alternatives: list[list[Condition]] = []
    for group in groups:
        if not isinstance(group, dict):
            raise InvalidInput(where, "条件: expected factor: value pairs (or a list of them)")
        conds = []
        for fname, fspec in group.items():
            try:
                factor = std.factor(v, str(fname))
            except NotFound:
                raise InvalidInput(
                    where, f"条件 uses factor {fname!r}, which 因素 does not define"
                ) from None
            conds.append(Condition.parse(factor, fspec))
        alternatives.append(conds)
    return Tier(
        name=name,
        alternatives=alternatives,
        fine=FineRange.parse(_require(tdata, "罚款", where), where),
        kinds=[str(k) for k in tdata.get("处罚种类") or []],
        statutory_case=str(tdata.get("法定情形", "") or ""),
        note=str(tdata.get("说明", "") or ""),
    )


def standard_to_data(std: Standard) -> dict:
    def factor_data(f: Factor) -> dict:
        out: dict[str, Any] = {"类型": f.kind}
        if f.unit:
            out["单位"] = f.unit
        if f.options:
            out["选项"] = list(f.options)
        if f.question:
            out["问题"] = f.question
        return out

    data: dict[str, Any] = {"名称": std.name, "说明": std.description}
    if std.sample:
        data["示例"] = True
    if std.issuer:
        data["制定机关"] = std.issuer
    if std.version:
        data["版本"] = std.version
    data["阶次"] = list(std.scale)
    data["因素"] = {n: factor_data(f) for n, f in std.factors.items()}
    rows = []
    for v in std.violations:
        vd: dict[str, Any] = {"编号": v.id, "违法行为": v.name}
        if v.keywords:
            vd["关键词"] = list(v.keywords)
        vd["违法依据"] = list(v.violated)
        vd["处罚依据"] = v.basis
        if v.statutory_case:
            vd["法定情形"] = v.statutory_case
        if v.factors:
            vd["因素"] = {n: factor_data(f) for n, f in v.factors.items()}
        tiers = []
        for t in v.tiers:
            groups = [{c.factor: c.to_spec() for c in conds} for conds in t.alternatives]
            td: dict[str, Any] = {"阶次": t.name, "条件": groups[0] if len(groups) == 1 else groups}
            td["罚款"] = t.fine.describe()
            if t.kinds:
                td["处罚种类"] = list(t.kinds)
            if t.statutory_case:
                td["法定情形"] = t.statutory_case
            if t.note:
                td["说明"] = t.note
            tiers.append(td)
        vd["阶次"] = tiers
        if v.note:
            vd["说明"] = v.note
        rows.append(vd)
    data["行为"] = rows
    return data


def dump_standard(std: Standard) -> str:
    header = f"# {std.name}\n"
    if std.sample:
        header += f"# {SAMPLE_WARNING}\n"
    body = yaml.safe_dump(standard_to_data(std), allow_unicode=True, sort_keys=False, width=100)
    return header + body


def save_standard(std: Standard, path: Path, replace: bool = False) -> Path:
    """Write atomically; an existing file is kept unless replace=True."""
    path = Path(path)
    if path.exists() and not replace:
        raise InvalidInput("name", f"{path} already exists (choose another --name, or --replace)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_text(dump_standard(std), encoding="utf-8")
        load_standard(tmp)  # what we wrote must read back
    return path


def standard_dirs(kb: KnowledgeBase) -> list[Path]:
    return [Path(kb.corpus) / STANDARD_DIR, Path(kb.home) / STANDARD_DIR]


def load_standards(kb: KnowledgeBase) -> list[Standard]:
    """Shipped standards (corpus/discretion) and the user's imported ones (<home>/discretion)."""
    out: list[Standard] = []
    for folder in standard_dirs(kb):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                out.append(load_standard(path))
    return out


def find_standard(kb: KnowledgeBase, name: str) -> Standard:
    standards = load_standards(kb)
    for std in standards:
        if name in (std.name, Path(std.path).stem):
            return std
    matches = [s for s in standards if name in s.name]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(s.name for s in standards) or "none"
    raise NotFound(f"standard {name!r}: not found (standards: {names})")


# -- validation ------------------------------------------------------------------------------
class Problem(BaseModel):
    where: str  # 行为 HP-01 阶次 一般, or 'row 7'
    message: str
    severity: str = "error"  # error / warning
    row: int | None = None
    violation: str = ""
    tier: str = ""
    also: list[str] = Field(default_factory=list)  # other tiers involved (an overlap's pair)


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
    spans = []
    for f in fines:
        lo = f.low if f.low is not None else 0.0
        hi = f.high if f.high is not None else math.inf
        spans.append((lo, hi))
    spans.sort()
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
            return f"{_g(lo)}～{_g(hi)}倍"
        return f"{format_yuan(lo)}～{format_yuan(hi) if hi != math.inf else '不限'}"

    return "、".join(one(lo, hi) for lo, hi in spans) or "无"


def validate_standard(std: Standard, kb: KnowledgeBase, table: StatutoryTable) -> list[Problem]:
    problems: list[Problem] = []
    for v in std.violations:
        problems.extend(validate_violation(std, v, kb, table))
    return problems


def validate_violation(
    std: Standard, v: Violation, kb: KnowledgeBase, table: StatutoryTable
) -> list[Problem]:
    from lawkb.discretion.refs import resolve_ref

    out: list[Problem] = []

    def problem(
        message: str, tier: Tier | None = None, severity: str = "error", also: Tier | None = None
    ) -> None:
        where = f"行为 {v.id}" + (f" 阶次 {tier.name}" if tier else "")
        row = tier.row if tier and tier.row else v.row
        out.append(
            Problem(
                where=where,
                message=message,
                severity=severity,
                row=row,
                violation=v.id,
                tier=tier.name if tier else "",
                also=[also.name] if also else [],
            )
        )

    for text in v.violated:
        try:
            resolve_ref(kb, text)
        except LawkbError as exc:
            problem(f"违法依据 does not resolve: {exc}")
    try:
        basis, _article = resolve_ref(kb, v.basis)
    except LawkbError as exc:
        problem(f"处罚依据 does not resolve: {exc}")
        basis = None
    if basis is not None:
        fines = table.statutory_fines(
            basis.law, basis.key, basis.paragraph, [basis.item] if basis.item else None
        )
        if not table.for_article(basis.law, basis.key):
            problem(
                f"处罚依据 {basis.citation()} is not a legal-liability article "
                "in the statutory table"
            )
        for t in v.tiers:
            case = t.statutory_case or v.statutory_case
            spans = statutory_intervals(fines, t.fine.unit, case)
            if not spans:
                problem(
                    f"{basis.citation()} sets no fine in {t.fine.unit}"
                    + (f" for 法定情形 {case!r}" if case else ""),
                    t,
                )
            elif not inside(t.fine, spans):
                problem(
                    f"sub-range {t.fine.describe()} lies outside the statutory range of "
                    f"{basis.citation()} ({describe_spans(spans, t.fine.unit)})",
                    t,
                )
    for t in v.tiers:
        if t.fine.low > t.fine.high:
            problem(f"sub-range {t.fine.describe()} runs backwards", t)
        if t.name not in std.scale:
            problem(f"tier {t.name!r} is not on the scale {'/'.join(std.scale)}", t)
    names = [t.name for t in v.tiers]
    for name in {n for n in names if names.count(n) > 1}:
        problem(f"tier {name!r} appears more than once")
    _check_tier_ranges(v, std, problem)
    _check_tier_coverage(std, v, problem)
    return out


def _check_tier_ranges(v: Violation, std: Standard, problem: Callable[..., None]) -> None:
    """Sub-ranges of different tiers may touch but not overlap; a tier left out of the scale
    between two present ones is missing."""
    tiers = [t for t in v.tiers if t.name in std.scale]
    order = sorted(tiers, key=lambda t: std.scale.index(t.name))
    for a, b in itertools.pairwise(order):
        if a.fine.unit == b.fine.unit and b.fine.low < a.fine.high and a.fine.low < b.fine.high:
            problem(
                f"overlapping tiers: {a.name} {a.fine.describe()} and {b.name} {b.fine.describe()}",
                b,
                also=a,
            )
        elif a.fine.unit == b.fine.unit and b.fine.high < a.fine.low:
            problem(
                f"tier {b.name} ({b.fine.describe()}) is below {a.name} ({a.fine.describe()})", b
            )
    present = [std.scale.index(t.name) for t in order]
    if present:
        for idx in range(min(present), max(present) + 1):
            if idx not in present:
                problem(
                    f"missing tier {std.scale[idx]!r} between {std.scale[min(present)]!r} and "
                    f"{std.scale[max(present)]!r}",
                    severity="warning",
                )


def _check_tier_coverage(std: Standard, v: Violation, problem: Callable[..., None]) -> None:
    """Every combination of factor values fits exactly one tier (enumerated at the breakpoints)."""
    try:
        factors = std.factors_of(v)
    except NotFound as exc:
        problem(str(exc))
        return
    if not factors or not v.tiers:
        return
    domains: list[list[Any]] = []
    for f in factors:
        domains.append(_domain(f, v))
    total = math.prod(len(d) for d in domains)
    if total > 50_000:
        problem(
            f"too many factor combinations ({total}) to check tiers for gaps and overlaps",
            severity="warning",
        )
        return
    gaps: list[str] = []
    overlaps: set[tuple[str, str]] = set()
    overlap_example: dict[tuple[str, str], str] = {}
    for combo in itertools.product(*domains):
        facts = {f.name: val for f, val in zip(factors, combo, strict=True)}
        fitting = [t for t in v.tiers if t.fits(facts)[0]]
        desc = "、".join(f"{k}={_show(val)}" for k, val in facts.items())
        if not fitting:
            gaps.append(desc)
        for a, b in itertools.combinations(fitting, 2):
            overlaps.add((a.name, b.name))
            overlap_example.setdefault((a.name, b.name), desc)
    for a, b in sorted(overlaps):
        tier_a = next(t for t in v.tiers if t.name == a)
        tier_b = next(t for t in v.tiers if t.name == b)
        problem(
            f"overlapping tiers: {a} and {b} both fit {overlap_example[(a, b)]}",
            tier_b,
            also=tier_a,
        )
    if gaps:
        more = f" (and {len(gaps) - 1} more)" if len(gaps) > 1 else ""
        problem(f"missing tier: no tier fits {gaps[0]}{more}", severity="warning")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _g(value)
    return str(value)


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
