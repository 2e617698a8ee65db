"""Rows of the statutory table: what an article punishes and how (shared by extraction,
standards, import and the calculator)."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from lawkb.discretion.amounts import format_number, format_yuan
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.numerals import int_to_cn

# a condition that raises or lowers the range inside one article (情节严重的 …)
AGGRAVATION_RE = re.compile(
    r"情节|拒不|逾期|严重后果|严重的|重大|较大|特别|恶劣|再次|多次|三次以上"
)


PERSONAL_RE = re.compile(r"人员|负责人|法定代表人|船长|主持人")


class Fine(BaseModel):
    """One fine as the article states it. Bounds None = not stated (以下 / 处以罚款)."""

    low: float | None = None
    high: float | None = None
    unit: str = "元"  # 元, 倍 (multiple of base), % (percentage of base)
    base: str = ""  # 货值金额, 违法所得, 原罚款数额 …
    per: str = ""  # 每辆（艘）, 每次, 按次, 按日 …
    floor: float | None = None  # 货值金额不足五万元的，以五万元计算
    when: str = ""  # the article's own condition: 情节严重, 拒不改正, 报告表 …
    who: str = ""  # "" = the party; 直接责任人员, 个人, 单位 …
    items: list[int] = Field(default_factory=list)  # 项 of the violation it applies to; [] = all
    may: bool = False  # 可以处 (discretionary) rather than 处

    @property
    def stated(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def aggravated(self) -> bool:
        return bool(AGGRAVATION_RE.search(self.when))

    @property
    def scoped(self) -> bool:
        """A fine for a special case of the article (工业噪声, 报告表 …), not its general case."""
        head = self.when.split("；")[0]
        return bool(head) and not AGGRAVATION_RE.search(head)

    @property
    def personal(self) -> bool:
        """A fine on the people responsible (直接责任人员 …), not on the party itself."""
        return bool(PERSONAL_RE.search(self.who))

    @property
    def in_yuan(self) -> bool:
        return self.unit == "元" and not self.per

    def numbers(self) -> list[float]:
        return [v for v in (self.low, self.high, self.floor) if v is not None]

    def describe(self) -> str:
        """'二十万元以上一百万元以下' style, but with Arabic figures: '20万元～100万元'."""
        if self.per == "按日":
            return f"按{self.base or '原罚款数额'}按日连续处罚"
        if not self.stated:
            return "处以罚款（条文未规定数额）"
        if self.unit == "元":
            lo, hi = format_yuan(self.low), format_yuan(self.high)
        elif self.unit == "倍":
            lo = f"{format_number(self.low)}倍" if self.low is not None else "—"
            hi = f"{format_number(self.high)}倍" if self.high is not None else "—"
        else:
            lo = f"{format_number(self.low)}%" if self.low is not None else "—"
            hi = f"{format_number(self.high)}%" if self.high is not None else "—"
        if self.low is not None and self.low == self.high:
            text = lo
        elif self.low is None:
            text = f"{hi}以下"
        elif self.high is None:
            text = f"{lo}以上"
        else:
            text = f"{lo}～{hi}"
        if self.base:
            text = f"{self.base}的{text}"
        if self.per:
            text = f"{self.per}{text}"
        if self.floor is not None:
            text += f"（不足{format_yuan(self.floor)}按{format_yuan(self.floor)}计）"
        return text

    def label(self) -> str:
        parts = []
        if self.items:
            parts.append("第" + "、".join(str(i) for i in self.items) + "项")
        if self.when:
            parts.append(self.when)
        if self.who:
            parts.append(f"对{self.who}")
        head = "，".join(parts)
        text = self.describe()
        if self.may:
            text = "可以" + text
        return f"{head}：{text}" if head else text

    # -- one TSV cell: 'lo=200000 hi=1000000 when=情节严重' ------------------------------
    def to_token(self) -> str:
        out: list[str] = []
        for key, value in (("lo", self.low), ("hi", self.high), ("floor", self.floor)):
            if value is not None:
                out.append(f"{key}={_num(value)}")
        if self.unit != "元":
            out.append(f"unit={self.unit}")
        for key, text in (("base", self.base), ("per", self.per), ("when", self.when)):
            if text:
                out.append(f"{key}={_clean(text)}")
        if self.who:
            out.append(f"who={_clean(self.who)}")
        if self.items:
            out.append("items=" + ",".join(str(i) for i in self.items))
        if self.may:
            out.append("may=1")
        return " ".join(out) or "unstated"

    @classmethod
    def from_token(cls, token: str, where: str = "fines") -> Fine:
        data: dict[str, object] = {}
        token = token.strip()
        if token == "unstated":
            return cls()
        for part in token.split():
            key, sep, value = part.partition("=")
            if not sep:
                raise InvalidInput(
                    where,
                    _("罚款 {token!r} 中的 {part!r} 应写成 键=值").format(token=token, part=part),
                )
            if key in ("lo", "hi", "floor"):
                try:
                    data[{"lo": "low", "hi": "high"}.get(key, key)] = float(value)
                except ValueError:
                    raise InvalidInput(
                        where, _("{key} 应为数字，实为 {value!r}").format(key=key, value=value)
                    ) from None
            elif key in ("unit", "base", "per", "when", "who"):
                data[key] = value
            elif key == "items":
                data["items"] = [int(x) for x in value.split(",") if x]
            elif key == "may":
                data["may"] = value == "1"
            else:
                raise InvalidInput(
                    where, _("罚款 {token!r} 中有未知的键 {key!r}").format(token=token, key=key)
                )
        return cls.model_validate(data)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _clean(text: str) -> str:
    return re.sub(r"[\s|]+", "", text)


class StatutoryRow(BaseModel):
    """One row of the statutory table: one paragraph (款) of a legal-liability article."""

    id: str  # 生态环境法典#1095.1
    law: str  # full title
    number: int
    suffix: str = ""
    label: str  # 第一千零九十五条
    paragraph: int = 1  # 款, 1-based
    items: list[int] = Field(default_factory=list)  # 项 listed in the violation
    violation: str  # key words of the violation, never the article text
    kinds: list[str] = Field(default_factory=list)  # 警告, 罚款, 没收违法所得 …
    fines: list[Fine] = Field(default_factory=list)
    mandatory: str = ""  # 应当 / 可以 (for the party's basic fine), "" when no fine
    daily: bool = False  # 按日连续处罚
    authority: str = ""
    text_sha: str = ""  # of the article text: a changed text makes the row stale
    stale: bool = False  # set when checked against a collection

    @property
    def key(self) -> str:
        return f"{self.number}{self.suffix}"

    @property
    def ref(self) -> str:
        return f"{self.law}#{self.key}"

    @property
    def citation(self) -> str:
        para = f"第{int_to_cn(self.paragraph)}款" if self.paragraph > 1 else ""
        return f"《{self.law}》{self.label}{para}"

    def basic_fines(self, items: list[int] | None = None) -> list[Fine]:
        """The party's fines without aggravating conditions (the range a case starts from)."""
        return [f for f in self.party_fines(items) if not f.aggravated and f.per != "按日"]

    def party_fines(self, items: list[int] | None = None) -> list[Fine]:
        """Fines on the party (not on its responsible people), for the given 项 if any."""
        out = []
        for f in self.fines:
            if f.personal:
                continue
            if items and f.items and not set(items) & set(f.items):
                continue
            out.append(f)
        return out
