"""Discretion factors (裁量因素) and the conditions tiers put on them.

A factor is asked of the officer: a number (数值), a yes/no (是否) or one of some options
(选项). A condition is one factor's test: a numeric interval, a yes/no, or a set of options.
The fields read the Chinese keys of the standard's YAML directly (pydantic aliases).
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lawkb.errors import InvalidInput
from lawkb.i18n import _

FACTOR_KINDS = ("数值", "是否", "选项")
YES = {"是", "有", "true", "yes", "y", "1", "√"}
NO = {"否", "无", "false", "no", "n", "0", "×"}
CHINESE_KEYS = ConfigDict(validate_by_name=True, validate_by_alias=True)


def g(v: float) -> str:
    """A number without trailing zeros: 0.5, 2, 1e+06."""
    return f"{v:g}"


def show_value(value: Any) -> str:
    """A fact as the case file writes it: 是/否, 2.5, 已投产."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return g(value)
    return str(value)


class Factor(BaseModel):
    model_config = CHINESE_KEYS

    name: str
    kind: str = Field("数值", alias="类型")  # 数值 / 是否 / 选项
    unit: str = Field("", alias="单位")
    options: list[str] = Field(default_factory=list, alias="选项")
    question: str = Field("", alias="问题")
    minimum: float | None = Field(0.0, alias="最小值")  # 数值: smallest sensible value
    maximum: float | None = Field(None, alias="最大值")  # 数值: largest (a share in % ≤ 100)

    @model_validator(mode="before")
    @classmethod
    def _defaults_by_kind(cls, data: Any) -> Any:
        """类型 must be known; 选项 needs its options; bounds default by kind and unit."""
        if not isinstance(data, dict):
            raise ValueError("应为含“类型”的映射")
        kind = str(data.get("类型", data.get("kind", "数值")))
        if kind not in FACTOR_KINDS:
            raise ValueError(f"类型应为 {'/'.join(FACTOR_KINDS)} 之一，实为 {kind!r}")
        options = data.get("选项", data.get("options")) or []
        if kind == "选项" and not options:
            raise ValueError("类型为“选项”时须列出 选项: [...]")
        out = dict(data)
        if "最小值" not in out and "minimum" not in out:
            out["minimum"] = 0.0 if kind == "数值" else None
        unit = out.get("单位", out.get("unit", ""))
        if "最大值" not in out and "maximum" not in out:
            out["maximum"] = 100.0 if kind == "数值" and unit == "%" else None
        return out

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
            raise InvalidInput(self.name, _("应填“是”或“否”，实为 {text!r}").format(text=text))
        if self.kind == "选项":
            if text in self.options or not self.options:
                return text
            raise InvalidInput(
                self.name,
                _("应为 {options} 之一，实为 {text!r}").format(
                    options="/".join(self.options), text=text
                ),
            )
        return self._number(text)

    def _number(self, text: str) -> float:
        try:
            value = float(text.removesuffix(self.unit) if self.unit else text)
        except ValueError:
            unit = f"（{self.unit}）" if self.unit else ""
            raise InvalidInput(
                self.name, _("应为数字{unit}，实为 {text!r}").format(unit=unit, text=text)
            ) from None
        if math.isnan(value) or math.isinf(value):
            raise InvalidInput(self.name, _("应为有限的数字，实为 {text!r}").format(text=text))
        low, high = self.minimum, self.maximum
        if low is not None and value < low:
            raise InvalidInput(
                self.name,
                _("{text} 不能小于 {low:g}{unit}").format(text=text, low=low, unit=self.unit),
            )
        if high is not None and value > high:
            raise InvalidInput(
                self.name,
                _("{text} 不能大于 {high:g}{unit}").format(text=text, high=high, unit=self.unit),
            )
        return value


_OP_RE = re.compile(r"(>=|<=|≥|≤|>|<|=|＝)?\s*(-?\d+(?:\.\d+)?)")
_SPAN_RE = re.compile(r"(-?\d+(?:\.\d+)?)\s*[~～\-－至]\s*(-?\d+(?:\.\d+)?)")


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
        m = _SPAN_RE.fullmatch(text)
        if m:  # 0.5~1 means [0.5, 1)
            return cls(factor=factor.name, low=float(m.group(1)), high=float(m.group(2)))
        tokens = _OP_RE.findall(text)
        rest = _OP_RE.sub("", text).replace("且", "").replace(" ", "")
        if not tokens or rest:
            raise InvalidInput(
                factor.name,
                _("条件应写成 '<0.5'、'>=1 <3' 或 '2' 这样的形式，实为 {text!r}").format(text=text),
            )
        cond = cls(factor=factor.name)
        for op, num in tokens:
            cond._bound(op, float(num))
        return cond

    def _bound(self, op: str, v: float) -> None:
        if op in ("", "=", "＝"):
            self.low, self.high, self.low_inclusive, self.high_inclusive = v, v, True, True
        elif op in (">=", "≥"):
            self.low, self.low_inclusive = v, True
        elif op == ">":
            self.low, self.low_inclusive = v, False
        elif op in ("<=", "≤"):
            self.high, self.high_inclusive = v, True
        elif op == "<":
            self.high, self.high_inclusive = v, False

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
            return f"{self.factor}为{g(self.low)}"
        parts = []
        if self.low is not None:
            parts.append(f"{'≥' if self.low_inclusive else '>'}{g(self.low)}")
        if self.high is not None:
            parts.append(f"{'≤' if self.high_inclusive else '<'}{g(self.high)}")
        return f"{self.factor}{'且'.join(parts)}"

    def to_spec(self) -> Any:
        if self.flag is not None:
            return "是" if self.flag else "否"
        if self.values:
            return self.values[0] if len(self.values) == 1 else list(self.values)
        if self.low is not None and self.low == self.high:
            return g(self.low)
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.low_inclusive else '>'}{g(self.low)}")
        if self.high is not None:
            parts.append(f"{'<=' if self.high_inclusive else '<'}{g(self.high)}")
        return " ".join(parts)
