"""Bureau discretion standards (裁量基准) as data: YAML files in `corpus/discretion/` (shipped)
and in `<home>/discretion/` (imported by the user). The format is documented in
`corpus/discretion/README.md`; the models read its Chinese keys directly (pydantic aliases).

A standard lists violations; each names the article violated and the article that sets the
penalty (both resolved to the collection), and tiers (阶次) with conditions over named
factors and a fine sub-range that must lie inside the statutory range of its article
(checked by `standard_checks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from lawkb.atomic import atomic_path
from lawkb.discretion.amounts import format_yuan, parse_table_range
from lawkb.discretion.factors import CHINESE_KEYS, Condition, Factor, g
from lawkb.discretion.yaml_errors import chinese_error
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError
from lawkb.i18n import _

DEFAULT_SCALE = ["轻微", "一般", "较重", "严重"]
SAMPLE_WARNING = "示例，非官方标准，不得用于实际案件"
STANDARD_DIR = "discretion"


class ChineseKeys(BaseModel):
    """A model read from the standard's YAML: Chinese keys, numbers taken as text where text
    is expected, and an empty value (`关键词:`) as if the key were absent."""

    model_config = CHINESE_KEYS | {"coerce_numbers_to_str": True}

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data


def _factors(specs: Any) -> Any:
    """因素: {name: {类型: …}} -> each factor knows its name."""
    if not isinstance(specs, dict):
        return specs
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        if isinstance(spec, dict):
            spec = {"name": str(name), **spec}
        out[str(name)] = spec
    return out


class FineRange(BaseModel):
    low: float
    high: float
    unit: str = "元"  # 元 or 倍 (of the statutory base)

    def describe(self) -> str:
        if self.unit == "倍":
            return f"{g(self.low)}倍～{g(self.high)}倍"
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
            raise InvalidInput(
                where, _("应写成 '10万元～20万元' 这样的罚款幅度，实为 {text!r}").format(text=text)
            )
        lo, hi = found
        if lo > hi:
            raise InvalidInput(where, _("幅度 {text!r} 下限高于上限").format(text=text))
        return cls(low=lo, high=hi)


class Tier(ChineseKeys):
    name: str = Field(alias="阶次", min_length=1)
    conditions: Any = Field(None, alias="条件", exclude=True)  # as written; see alternatives
    alternatives: list[list[Condition]] = Field(default_factory=list)  # any-of of all-of
    fine: FineRange = Field(alias="罚款")
    kinds: list[str] = Field(default_factory=list, alias="处罚种类")  # measures it adds
    statutory_case: str = Field("", alias="法定情形")  # overrides the violation's
    note: str = Field("", alias="说明")
    row: int | None = None  # XLSX row it came from

    @field_validator("fine", mode="before")
    @classmethod
    def _fine(cls, spec: Any) -> Any:
        if isinstance(spec, (FineRange, dict)):
            return spec
        try:
            return FineRange.parse(spec, "罚款")
        except InvalidInput as exc:
            raise ValueError(exc.message) from None

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


class Violation(ChineseKeys):
    id: str = Field(alias="编号", min_length=1)
    name: str = Field(alias="违法行为", min_length=1)
    keywords: list[str] = Field(default_factory=list, alias="关键词")
    violated: list[str] = Field(default_factory=list, alias="违法依据")  # as written
    basis: str = Field(alias="处罚依据", min_length=1)  # the penalty article, as written
    statutory_case: str = Field("", alias="法定情形")  # narrows the article's fines
    factors: dict[str, Factor] = Field(default_factory=dict, alias="因素")
    tiers: list[Tier] = Field(default_factory=list, alias="阶次")
    note: str = Field("", alias="说明")
    row: int | None = None

    name_factors = field_validator("factors", mode="before")(_factors)

    @field_validator("violated", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Standard(ChineseKeys):
    name: str = Field(alias="名称", min_length=1)
    description: str = Field("", alias="说明")
    sample: bool = Field(False, alias="示例")
    issuer: str = Field("", alias="制定机关")
    version: str = Field("", alias="版本")
    scale: list[str] = Field(default_factory=lambda: list(DEFAULT_SCALE), alias="阶次")
    factors: dict[str, Factor] = Field(default_factory=dict, alias="因素")
    violations: list[Violation] = Field(default_factory=list, alias="行为")
    path: str = ""

    name_factors = field_validator("factors", mode="before")(_factors)

    @model_validator(mode="after")
    def _consistent(self) -> Standard:
        """The sample warning, unique 编号, and each tier's 条件 read against 因素."""
        if self.sample and SAMPLE_WARNING not in self.description:
            raise InvalidInput(
                _("说明"),
                _("示例标准的说明必须写明“{sample_warning}”").format(sample_warning=SAMPLE_WARNING),
            )
        seen: set[str] = set()
        for v in self.violations:
            if v.id in seen:
                raise InvalidInput(
                    _("行为 {id}").format(id=v.id), _("编号 {id!r} 重复使用").format(id=v.id)
                )
            seen.add(v.id)
            for j, t in enumerate(v.tiers, start=1):
                if not t.alternatives:  # read from YAML: no 条件 means no condition
                    where = f"行为 {v.id} 阶次 {j}"
                    t.alternatives = self._alternatives(v, t.conditions or {}, where)
        return self

    def _alternatives(self, v: Violation, spec: Any, where: str) -> list[list[Condition]]:
        groups = spec if isinstance(spec, list) else [spec]
        out: list[list[Condition]] = []
        for group in groups:
            if not isinstance(group, dict):
                raise InvalidInput(where, _("条件应为“因素: 值”的映射（或由它们组成的列表）"))
            conds = []
            for fname, fspec in group.items():
                try:
                    factor = self.factor(v, str(fname))
                except NotFound:
                    raise InvalidInput(
                        where, _("条件用到的因素 {fname!r} 未在“因素”中定义").format(fname=fname)
                    ) from None
                conds.append(Condition.parse(factor, fspec))
            out.append(conds)
        return out

    def factor(self, violation: Violation, name: str) -> Factor:
        if name in violation.factors:
            return violation.factors[name]
        if name in self.factors:
            return self.factors[name]
        raise NotFound(
            _("裁量基准 {name!r} 未定义因素 {name2!r}").format(name=self.name, name2=name)
        )

    def factors_of(self, violation: Violation) -> list[Factor]:
        names = dict.fromkeys(c.factor for t in violation.tiers for a in t.alternatives for c in a)
        return [self.factor(violation, n) for n in names]

    def violation(self, vid: str) -> Violation:
        for v in self.violations:
            if v.id == vid:
                return v
        raise NotFound(
            _("裁量基准 {name!r} 中没有编号为 {vid!r} 的违法行为").format(name=self.name, vid=vid)
        )


# -- YAML --------------------------------------------------------------------------------
def standard_from_data(data: dict) -> Standard:
    """A standard from the YAML's mapping; InvalidInput names the place in Chinese."""
    try:
        return Standard.model_validate(data)
    except ValidationError as exc:
        where, message = chinese_error(exc, data)
        raise InvalidInput(where, message) from None


def load_standard(path: Path) -> Standard:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ParseError(
            path,
            (line + 1) if line is not None else None,
            _("不是有效的 YAML：{exc}").format(exc=exc),
        ) from None
    except OSError as exc:
        raise NotFound(f"{path}：{exc.strerror}") from None
    if not isinstance(data, dict):
        raise ParseError(path, None, _("应为含“名称”“因素”“行为”的映射"))
    try:
        std = standard_from_data(data)
    except LawkbError as exc:
        raise ParseError(path, None, str(exc)) from None
    std.path = str(path)
    return std


def _factor_data(f: Factor) -> dict[str, Any]:
    rest = f.model_dump(
        by_alias=True, include={"unit", "options", "question"}, exclude_defaults=True
    )
    return {"类型": f.kind, **rest}


def _tier_data(t: Tier) -> dict[str, Any]:
    groups = [{c.factor: c.to_spec() for c in conds} for conds in t.alternatives]
    data = {"阶次": t.name, "条件": groups[0] if len(groups) == 1 else groups}
    data["罚款"] = t.fine.describe()
    extra = {"kinds", "statutory_case", "note"}
    return data | t.model_dump(by_alias=True, include=extra, exclude_defaults=True)


def standard_to_data(std: Standard) -> dict:
    data = {"名称": std.name, "说明": std.description}
    data |= std.model_dump(
        by_alias=True, include={"sample", "issuer", "version"}, exclude_defaults=True
    )
    data["阶次"] = list(std.scale)
    data["因素"] = {n: _factor_data(f) for n, f in std.factors.items()}
    rows = []
    for v in std.violations:
        vd = v.model_dump(
            by_alias=True, exclude={"factors", "tiers", "row", "note"}, exclude_defaults=True
        )
        if v.factors:
            vd["因素"] = {n: _factor_data(f) for n, f in v.factors.items()}
        vd["阶次"] = [_tier_data(t) for t in v.tiers]
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
        raise InvalidInput(
            "name", _("{path} 已存在（请换一个 --name，或加 --replace）").format(path=path)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_text(dump_standard(std), encoding="utf-8")
        load_standard(tmp)  # what we wrote must read back
    return path


# -- where standards live ---------------------------------------------------------------------
def standard_dirs(corpus: Path, home: Path) -> list[Path]:
    """Shipped standards (corpus/discretion), then the user's imported ones (home/discretion)."""
    return [Path(corpus) / STANDARD_DIR, Path(home) / STANDARD_DIR]


def load_standards(dirs: Iterable[Path]) -> list[Standard]:
    out: list[Standard] = []
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                out.append(load_standard(path))
    return out


def find_standard(standards: list[Standard], name: str) -> Standard:
    for std in standards:
        if name in (std.name, Path(std.path).stem):
            return std
    matches = [s for s in standards if name in s.name]
    if len(matches) == 1:
        return matches[0]
    names = "、".join(s.name for s in standards) or "无"
    raise NotFound(_("没有裁量基准 {name!r}（现有：{names}）").format(name=name, names=names))
