"""The discretion calculator: find the violation, ask the factor questions, give the tier and
why, the fine range, the legal bases in full, the general rules that may apply, the 重大 flag,
and a 裁量说明 to paste into the case file.

When no tier of a standard fits, it says so and falls back to the statutory range of the
penalty article. It never makes a tier up.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.models import Fine, StatutoryRow
from lawkb.discretion.refs import ArticleRef, resolve_ref
from lawkb.discretion.rules import GENERAL_FACTORS, GENERAL_RULES, MAJOR_FINE, GeneralRule
from lawkb.discretion.standard import (
    SAMPLE_WARNING,
    Condition,
    Factor,
    Standard,
    Tier,
    Violation,
    load_standards,
    statutory_intervals,
)
from lawkb.errors import InvalidInput, LawkbError, NotFound
from lawkb.numerals import NumeralError, int_to_cn, parse_article_key

if TYPE_CHECKING:
    from lawkb.discretion.table import StatutoryTable
    from lawkb.kb import KnowledgeBase

BASE_FACTOR = "罚款基数"  # 货值金额, 违法所得 … in 元, for fines stated as multiples


# -- results ---------------------------------------------------------------------------------
class Candidate(BaseModel):
    id: str  # "standard:<standard>:<violation id>" or "statutory:<row id>"
    source: str  # standard / statutory
    title: str
    basis: str  # the penalty article, as a citation
    score: float
    standard: str = ""
    sample: bool = False
    violation: str = ""
    row: str = ""
    items: list[int] = Field(default_factory=list)  # 项 the words point at (statutory rows)


class QuotedArticle(BaseModel):
    role: str  # 违法依据 / 处罚依据 / 一般规定
    citation: str
    ref: str
    text: str
    paragraph: int | None = None


class AppliedRule(BaseModel):
    key: str
    title: str
    summary: str
    citations: list[str]
    triggered: bool  # the facts entered point at it
    because: list[str] = Field(default_factory=list)


class FineResult(BaseModel):
    low: float | None
    high: float | None
    unit: str = "元"
    base: str = ""
    text: str


class Calculation(BaseModel):
    query: str
    candidate: Candidate
    candidates: list[Candidate] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)  # as entered, for the record
    missing: list[str] = Field(default_factory=list)  # factor questions not answered
    tier: str | None = None
    why: list[str] = Field(default_factory=list)
    fallback: bool = False
    fallback_reason: str = ""
    fine: FineResult | None = None
    statutory: list[str] = Field(default_factory=list)  # the article's fines, labelled
    statutory_words: list[str] = Field(default_factory=list)  # the same, as a case document says
    kinds: list[str] = Field(default_factory=list)
    articles: list[QuotedArticle] = Field(default_factory=list)
    rules: list[AppliedRule] = Field(default_factory=list)
    major: bool = False
    major_note: str = ""
    daily: bool = False
    warnings: list[str] = Field(default_factory=list)
    explanation: str = ""


# -- the calculator --------------------------------------------------------------------------
class Calculator:
    def __init__(
        self,
        kb: KnowledgeBase,
        table: StatutoryTable | None = None,
        standards: list[Standard] | None = None,
    ) -> None:
        from lawkb.discretion.table import load_table

        self.kb = kb
        self.table = table if table is not None else load_table(kb)
        self.standards = standards if standards is not None else load_standards(kb)
        self._row_texts: dict[str, tuple[str, list[str]]] | None = None

    # -- finding -------------------------------------------------------------------------
    def find(self, query: str, limit: int = 8, standard: str | None = None) -> list[Candidate]:
        """Candidates for the words, best first: rows of the standards, then statutory rows."""
        query = query.strip()
        if not query:
            raise InvalidInput("query", "describe the violation in a few words, e.g. 超标排放")
        article_key = _article_in(query)
        out: list[Candidate] = []
        for std in self.standards:
            if standard and standard not in (std.name,):
                continue
            for v in std.violations:
                text = " ".join([v.name, *v.keywords])
                score = _score(query, text) + _keyword_bonus(query, [v.name, *v.keywords])
                basis_key = _basis_key(v.basis)
                if article_key and basis_key == article_key:
                    score += 2.0
                if score >= 0.35:
                    out.append(
                        Candidate(
                            id=f"standard:{std.name}:{v.id}",
                            source="standard",
                            title=v.name,
                            basis=v.basis,
                            score=round(score + 0.1, 3),
                            standard=std.name,
                            sample=std.sample,
                            violation=v.id,
                        )
                    )
        texts = self._texts()
        for r in self.table.rows:  # stale rows stay findable; calculate() warns about them
            summary, items = texts.get(r.id, (r.violation, []))
            score = _score(query, summary + " " + r.violation)
            if article_key and r.key == article_key:
                score += 2.0
            if score < 0.35:
                continue
            picked = _best_item(query, items)
            title = r.violation
            if picked:
                title = re.sub(
                    r"^[（(][一二三四五六七八九十]+[)）]|[；;。]$", "", items[picked - 1]
                )
            out.append(
                Candidate(
                    id=f"statutory:{r.id}",
                    source="statutory",
                    title=title,
                    basis=r.citation,
                    score=round(score, 3),
                    row=r.id,
                    items=[picked] if picked else [],
                )
            )
        out.sort(key=lambda c: (-c.score, c.source != "standard", c.id))
        return out[:limit]

    def candidate(self, candidate_id: str) -> Candidate:
        """A candidate named by id (standard:<name>:<id>, statutory:<row id>, or a row id)."""
        if candidate_id.startswith("standard:"):
            _, name, vid = candidate_id.split(":", 2)
            std = self._standard(name)
            v = std.violation(vid)
            return Candidate(
                id=candidate_id,
                source="standard",
                title=v.name,
                basis=v.basis,
                score=0,
                standard=std.name,
                sample=std.sample,
                violation=v.id,
            )
        row_id = candidate_id.removeprefix("statutory:")
        r = self.table.row(row_id)
        return Candidate(
            id=f"statutory:{r.id}",
            source="statutory",
            title=r.violation,
            basis=r.citation,
            score=0,
            row=r.id,
        )

    def _standard(self, name: str) -> Standard:
        for s in self.standards:
            if s.name == name:
                return s
        raise NotFound(f"standard {name!r}: not loaded")

    def _texts(self) -> dict[str, tuple[str, list[str]]]:
        """Each statutory row's paragraph text and items, for matching words (read once)."""
        if self._row_texts is None:
            refs = list(dict.fromkeys(r.ref for r in self.table.rows))
            articles = self.kb.collection.articles_by_refs(refs) if not self.kb.is_empty() else {}
            out: dict[str, tuple[str, list[str]]] = {}
            for r in self.table.rows:
                a = articles.get(r.ref)
                if a is None or r.paragraph > len(a.paragraphs):
                    continue
                p = a.paragraphs[r.paragraph - 1]
                head = re.split(r"的，由|，由", p.text)[0]
                out[r.id] = (head + " " + " ".join(p.items), list(p.items))
            self._row_texts = out
        return self._row_texts

    # -- questions -----------------------------------------------------------------------
    def factors(self, candidate: Candidate) -> list[Factor]:
        """Every question the candidate may ask (tier factors, then the fine base if needed)."""
        out: list[Factor] = []
        if candidate.source == "standard":
            std = self._standard(candidate.standard)
            out.extend(std.factors_of(std.violation(candidate.violation)))
        if self._needs_base(candidate):
            out.append(self._base_factor(candidate))
        return out

    def next_question(self, candidate: Candidate, facts: dict[str, Any]) -> Factor | None:
        """The next factor worth asking, or None when the tier (and range) is decided."""
        parsed = self.parse_facts(candidate, facts)
        if candidate.source == "standard":
            std = self._standard(candidate.standard)
            v = std.violation(candidate.violation)
            if not _decided(v, parsed):
                for c in _open_conditions(v, parsed):
                    return std.factor(v, c.factor)
        if self._needs_base(candidate) and BASE_FACTOR not in parsed:
            return self._base_factor(candidate)
        return None

    def general_factors(self) -> list[Factor]:
        return list(GENERAL_FACTORS.values())

    def parse_facts(self, candidate: Candidate, facts: dict[str, Any]) -> dict[str, Any]:
        known = {f.name: f for f in self.factors(candidate)} | GENERAL_FACTORS
        out: dict[str, Any] = {}
        for name, raw in facts.items():
            if name not in known:
                asked = "、".join(f.name for f in self.factors(candidate)) or "no factors"
                raise InvalidInput(
                    f"--factor {name}",
                    f"not a factor of {candidate.title!r} (it asks: {asked}; general: "
                    f"{'、'.join(GENERAL_FACTORS)})",
                )
            out[name] = known[name].parse(raw)
        return out

    def _needs_base(self, candidate: Candidate) -> bool:
        fines = self._statutory_fines(candidate)
        return (
            bool(fines)
            and not any(f.unit == "元" for f in fines)
            and any(f.unit in ("倍", "%") for f in fines)
        )

    def _base_factor(self, candidate: Candidate) -> Factor:
        bases = [f.base for f in self._statutory_fines(candidate) if f.base]
        base = bases[0] if bases else "基数"
        return Factor(name=BASE_FACTOR, kind="数值", unit="元", question=f"{base}（元）")

    # -- the answer ----------------------------------------------------------------------
    def calculate(
        self, candidate: Candidate, facts: dict[str, Any] | None = None, query: str = ""
    ) -> Calculation:
        facts = dict(facts or {})
        parsed = self.parse_facts(candidate, facts)
        units = {f.name: f.unit for f in self.factors(candidate)}
        calc = Calculation(
            query=query,
            candidate=candidate,
            facts={
                k: _show(v) + (units.get(k, "") if isinstance(v, float) else "")
                for k, v in parsed.items()
            },
        )
        row, basis_ref = self._basis(candidate)
        fines = self._statutory_fines(candidate)
        calc.statutory = [f.label() for f in (row.fines if row else [])]
        calc.statutory_words = [fine_words(f) for f in (row.fines if row else [])]
        calc.kinds = list(row.kinds) if row else []
        calc.daily = bool(row and row.daily)
        if candidate.source == "standard":
            self._apply_standard(calc, candidate, parsed, fines)
        else:
            calc.fallback = True
            calc.fallback_reason = "未选用裁量基准，适用法定罚款幅度"
        if calc.fine is None:
            calc.fine = _statutory_range(
                fines, candidate.items, parsed.get(BASE_FACTOR), self._case(candidate)
            )
        calc.articles = self._quote(candidate, row, basis_ref)
        high = calc.fine.high if calc.fine else None
        if high is not None and high > MAJOR_FINE:
            calc.major = True
            calc.major_note = (
                f"罚款上限{format_yuan(high)}超过{format_yuan(MAJOR_FINE)}，属于重大行政处罚：应当进行法制审核，"
                "并由行政机关负责人集体讨论决定"
            )
        elif calc.fine and calc.fine.high is None:
            calc.warnings.append(
                "罚款上限无法确定（按倍数计罚而未提供基数），请核实是否属于重大行政处罚"
            )
        calc.rules = _rules(parsed, row, calc)
        if candidate.sample:
            calc.warnings.insert(0, f"所用裁量基准为示例：{SAMPLE_WARNING}")
        if row is not None and row.stale:
            calc.warnings.append(f"法定幅度表中 {row.id} 的条文已变化，请重新生成 statutory.tsv")
        calc.explanation = explain(calc, self)
        return calc

    def _case(self, candidate: Candidate) -> str:
        if candidate.source != "standard":
            return ""
        return self._standard(candidate.standard).violation(candidate.violation).statutory_case

    def _apply_standard(
        self, calc: Calculation, candidate: Candidate, facts: dict[str, Any], fines: list[Fine]
    ) -> None:
        std = self._standard(candidate.standard)
        v = std.violation(candidate.violation)
        fitting: list[tuple[Tier, list[Condition]]] = []
        missing: list[str] = []
        for t in v.tiers:
            ok, conds, lacking = t.fits(facts)
            if ok:
                fitting.append((t, conds))
            missing.extend(lacking)
        if len(fitting) == 1 and _decided(v, facts):
            tier, conds = fitting[0]
            calc.tier = tier.name
            calc.why = [_because(c, facts[c.factor], std.factor(v, c.factor).unit) for c in conds]
            calc.fine = FineResult(
                low=tier.fine.low,
                high=tier.fine.high,
                unit=tier.fine.unit,
                text=tier.fine.describe(),
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
            calc.missing = [std.factor(v, n).ask() for n in dict.fromkeys(missing)]
            calc.fallback_reason = (
                f"缺少裁量因素（{'、'.join(dict.fromkeys(missing))}），未能确定阶次，按法定幅度处理"
            )
        else:
            calc.fallback_reason = "所录事实不符合该基准任何阶次的适用情形，按法定幅度处理"

    def _basis(self, candidate: Candidate) -> tuple[StatutoryRow | None, ArticleRef | None]:
        if candidate.source == "statutory":
            return self.table.row(candidate.row), None
        std = self._standard(candidate.standard)
        v = std.violation(candidate.violation)
        ref, _ = resolve_ref(self.kb, v.basis)
        rows = self.table.for_article(ref.law, ref.key)
        if ref.paragraph:
            rows = [r for r in rows if r.paragraph == ref.paragraph] or rows
        return (rows[0] if rows else None), ref

    def _statutory_fines(self, candidate: Candidate) -> list[Fine]:
        row, ref = self._basis(candidate)
        if ref is not None:
            return self.table.statutory_fines(
                ref.law, ref.key, ref.paragraph, [ref.item] if ref.item else None
            )
        if row is None:
            return []
        return [f for f in row.party_fines(candidate.items or None) if f.stated and f.per != "按日"]

    def _quote(
        self, candidate: Candidate, row: StatutoryRow | None, basis: ArticleRef | None
    ) -> list[QuotedArticle]:
        out: list[QuotedArticle] = []
        if candidate.source == "standard":
            v = self._standard(candidate.standard).violation(candidate.violation)
            for text in v.violated:
                try:
                    ref, art = resolve_ref(self.kb, text)
                except LawkbError:
                    continue
                out.append(
                    QuotedArticle(
                        role="违法依据",
                        citation=ref.citation(),
                        ref=art.ref,
                        text=art.text,
                        paragraph=ref.paragraph,
                    )
                )
            if basis is not None:
                art = self.kb.article(basis.law, basis.key)
                out.append(
                    QuotedArticle(
                        role="处罚依据",
                        citation=basis.citation(),
                        ref=art.ref,
                        text=art.text,
                        paragraph=basis.paragraph,
                    )
                )
        elif row is not None:
            for ref_text, target in self._violated_by_row(row):
                out.append(
                    QuotedArticle(
                        role="违法依据", citation=ref_text, ref=target.ref, text=target.text
                    )
                )
            art = self.kb.article(row.law, row.key)
            out.append(
                QuotedArticle(
                    role="处罚依据",
                    citation=row.citation,
                    ref=art.ref,
                    text=art.text,
                    paragraph=row.paragraph,
                )
            )
        return out

    def _violated_by_row(self, row: StatutoryRow) -> list[tuple[str, Any]]:
        """Articles a statutory row's violation names (违反本条例第十条规定的 …), via the links."""
        try:
            refs = self.kb.references(row.ref)
        except (LawkbError, AttributeError):
            return []
        art = self.kb.article(row.law, row.key)
        start = sum(
            len(p.text) + 1 + sum(len(i) + 1 for i in p.items)
            for p in art.paragraphs[: row.paragraph - 1]
        )
        para = art.paragraphs[row.paragraph - 1].text
        end = start + (para.find("，由") if "，由" in para else len(para))
        out = []
        for r in refs:
            if r.resolved and r.target and not r.internal and start <= r.start < end:
                try:
                    target = self.kb.article_by_ref(r.target)
                except NotFound:
                    continue
                out.append((f"《{target.law}》{target.label}", target))
        return out


# -- helpers ---------------------------------------------------------------------------------
def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _because(c: Condition, value: Any, unit: str = "") -> str:
    if c.flag is not None or c.values:
        return f"{c.factor}为{_show(value)}"
    return f"{c.factor}为{_show(value)}{unit}（{c.bounds()}）"


def _decided(v: Violation, facts: dict[str, Any]) -> bool:
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


def _open_conditions(v: Violation, facts: dict[str, Any]) -> list[Condition]:
    """Conditions on unanswered factors, in alternatives not yet ruled out (ask these)."""
    out: list[Condition] = []
    for t in v.tiers:
        for conds in t.alternatives:
            if all(c.factor not in facts or c.test(facts[c.factor]) for c in conds):
                out.extend(c for c in conds if c.factor not in facts)
    return out


def _statutory_range(
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
        high_v = None if high == math.inf else high
        if unit == "元":
            text = (
                f"{format_yuan(low)}～{format_yuan(high_v)}"
                if high_v
                else f"{format_yuan(low)}以上"
            )
            if low == 0 and high_v:
                text = f"{format_yuan(high_v)}以下"
            return FineResult(low=low, high=high_v, text=text)
        src = next(f for f in basic if f.unit == unit)
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
    return None


def _rules(facts: dict[str, Any], row: StatutoryRow | None, calc: Calculation) -> list[AppliedRule]:
    out: list[AppliedRule] = []
    discharge = bool(row and re.search(r"排放|倾倒|处置", row.violation))
    for r in GENERAL_RULES:
        triggered, because = _triggered(r, facts)
        if r.key == "按日连续处罚" and not (discharge or (row and row.daily)):
            continue
        if r.key in ("法制审核", "集体讨论"):
            triggered = calc.major
            because = [calc.major_note] if calc.major else []
        out.append(
            AppliedRule(
                key=r.key,
                title=r.title,
                summary=r.summary,
                citations=[_cite(s.law, s.key, s.paragraph) for s in r.sources],
                triggered=triggered,
                because=because,
            )
        )
    return out


def _triggered(r: GeneralRule, facts: dict[str, Any]) -> tuple[bool, list[str]]:
    for group in r.triggers:
        if all(facts.get(name) is True for name in group):
            return True, list(group)
    return False, []


def _cite(law: str, key: str, paragraph: int | None) -> str:
    number, suffix = parse_article_key(key)
    para = f"第{int_to_cn(paragraph)}款" if paragraph else ""
    return f"《{law}》第{int_to_cn(number)}条{suffix}{para}"


_CN_N = r"[零〇一二三四五六七八九十百千两]+|\d+"


def _article_in(query: str) -> str:
    m = re.search(rf"第\s*({_CN_N})\s*条(?:之([一二三四五六七八九十]+))?", query) or re.search(
        r"\b(\d{2,4})\b", query
    )
    if not m:
        return ""
    try:
        number, suffix = parse_article_key(
            m.group(0) if m.group(0).startswith("第") else m.group(1)
        )
    except NumeralError:
        return ""
    return f"{number}{suffix}"


def _basis_key(text: str) -> str:
    try:
        from lawkb.discretion.refs import parse_ref

        return parse_ref(text).key
    except LawkbError:
        return ""


_PUNCT = re.compile(r"[\s，。、；：:,.;（）()《》“”\"'!！?？]+")


def _bigrams(text: str) -> set[str]:
    s = _PUNCT.sub("", text)
    if len(s) < 2:
        return {s} if s else set()
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _score(query: str, text: str) -> float:
    q = _bigrams(query)
    if not q:
        return 0.0
    return len(q & _bigrams(text)) / len(q)


def _keyword_bonus(query: str, words: list[str]) -> float:
    q = _PUNCT.sub("", query)
    hits = [w for w in words if w and (w in q or (len(q) >= 2 and q in w))]
    return min(1.0, 0.5 * len(hits))


def _best_item(query: str, items: list[str]) -> int | None:
    if len(items) < 2:
        return None
    scored = sorted(((_score(query, t), i) for i, t in enumerate(items, start=1)), reverse=True)
    best, second = scored[0], scored[1]
    if best[0] >= 0.6 and best[0] > second[0]:
        return best[1]
    return None


# -- 裁量说明 ----------------------------------------------------------------------------------
def explain(calc: Calculation, calculator: Calculator) -> str:
    """A short 裁量说明 in the register of case documents (经查 … 依据 … 鉴于 … 综上 …)."""
    c = calc.candidate
    lines: list[str] = ["裁量说明"]
    if c.sample:
        lines.append(f"（本说明依据示例裁量基准生成：{SAMPLE_WARNING}。）")
    facts = "；".join(f"{k}：{v}" for k, v in calc.facts.items() if k != BASE_FACTOR)
    fact_part = f"经调查核实的裁量情节如下：{facts}。" if facts else "未录入裁量情节。"
    lines.append(f"经查，当事人存在“{c.title}”的违法行为。{fact_part}")
    violated = [a.citation for a in calc.articles if a.role == "违法依据"]
    penalty = [a.citation for a in calc.articles if a.role == "处罚依据"]
    statutory_text = "；".join(calc.statutory_words) if calc.statutory_words else "见条文"
    basis = f"上述行为违反了{'、'.join(violated)}的规定。" if violated else ""
    if penalty:
        basis += f"依据{penalty[0]}的规定，法定处罚为：{statutory_text}。"
    lines.append(basis)
    if calc.tier and calc.fine:
        std = calc.candidate.standard
        lines.append(
            f"鉴于{'，'.join(calc.why)}，符合《{std}》“{c.title}”项下“{calc.tier}”阶次的适用情形，"
            f"本案罚款幅度为{_range_words(calc.fine)}。"
        )
    else:
        if calc.fallback_reason and c.source == "standard":
            lines.append(f"经对照《{c.standard}》，{calc.fallback_reason}。")
        if calc.fine:
            lines.append(f"本案在法定幅度内裁量，罚款幅度为{_range_words(calc.fine)}。")
    triggered = [
        r
        for r in calc.rules
        if r.triggered and r.key in ("不予处罚", "无过错不予处罚", "从轻减轻", "从重")
    ]
    for r in triggered:
        lines.append(
            f"另查，当事人具有{'、'.join(r.because)}的情节，依照{'、'.join(r.citations)}，可能适用“{r.title}”。"
        )
    if calc.major:
        lines.append(
            "本案罚款上限超过20万元，属于重大行政处罚，应当依照《中华人民共和国行政处罚法》第五十八条的规定"
            "进行法制审核，并依照该法第五十七条第二款的规定由行政机关负责人集体讨论决定。"
        )
    measures = [k for k in calc.kinds if k in DEFINITE_MEASURES]
    measure_text = f"，并依法{'、'.join(measures[:4])}" if measures else ""
    if calc.fine:
        lines.append(f"综上，建议在{_range_words(calc.fine)}的幅度内确定罚款数额{measure_text}。")
    return "\n".join(line for line in lines if line)


DEFINITE_MEASURES = (
    "责令改正",
    "责令停止违法行为",
    "没收违法所得",
    "没收非法财物",
    "责令限制生产",
    "责令停产整治",
)


def fine_words(f: Fine) -> str:
    """'情节严重的，处100万元以上1000万元以下的罚款' (figures as the bureau writes them)."""
    if f.per == "按日":
        return "可以按原罚款数额按日连续处罚"
    if not f.stated:
        amount = "罚款"
    elif f.unit == "元":
        lo, hi = f.low, f.high
        if lo is not None and hi is not None and lo == hi:
            amount = f"{format_yuan(lo)}的罚款"
        elif lo is None:
            amount = f"{format_yuan(hi)}以下的罚款"
        elif hi is None:
            amount = f"{format_yuan(lo)}以上的罚款"
        else:
            amount = f"{format_yuan(lo)}以上{format_yuan(hi)}以下的罚款"
    else:
        mark = "倍" if f.unit == "倍" else "%"
        lo = f"{f.low:g}{mark}以上" if f.low is not None else ""
        amount = (
            f"{f.base}{lo}{f.high:g}{mark}以下的罚款"
            if f.high is not None
            else f"{f.base}{lo}的罚款"
        )
    head = []
    if f.items:
        head.append("有第" + "、".join(int_to_cn(i) for i in f.items) + "项情形")
    if f.when:
        head.append(f.when)
    prefix = "，".join(head)
    who = f"对{f.who}" if f.who else ""
    verb = "可以处" if f.may else "处"
    text = f"{who}{verb}{f.per}{amount}"
    return f"{prefix}的，{text}" if prefix else text


def _range_words(fine: FineResult) -> str:
    if fine.low is not None and fine.high is not None and fine.unit == "元":
        if fine.low == 0:
            return f"{format_yuan(fine.high)}以下"
        return f"{format_yuan(fine.low)}以上{format_yuan(fine.high)}以下"
    return fine.text
