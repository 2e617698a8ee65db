"""The discretion calculator: find the violation, ask the factor questions, give the tier and
why, the fine range, the legal bases in full, the general rules that may apply, the 重大 flag,
and a 裁量说明 to paste into the case file.

When no tier of a standard fits, it says so and falls back to the statutory range of the
penalty article. It never makes a tier up. It is built once from its parts: the articles of
the collection, the statutory table and the standards.
"""

from __future__ import annotations

import re
from typing import Any

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.articles import ArticleSource
from lawkb.discretion.explanation import explain, fine_words
from lawkb.discretion.factors import Factor, show_value
from lawkb.discretion.fine_range import BASE_FACTOR, statutory_range
from lawkb.discretion.matching import RowTexts, decide, find_candidates
from lawkb.discretion.models import Fine, StatutoryRow
from lawkb.discretion.quoting import quote_row, quote_standard
from lawkb.discretion.refs import ArticleRef, resolve_ref
from lawkb.discretion.results import Calculation, Candidate, Match
from lawkb.discretion.rules import GENERAL_FACTORS, MAJOR_FINE, applied_rules
from lawkb.discretion.standard import SAMPLE_WARNING, Standard, Violation
from lawkb.discretion.table import StatutoryTable
from lawkb.discretion.tier_choice import apply_tier, decided, open_conditions
from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _

__all__ = ["BASE_FACTOR", "Calculation", "Calculator", "Candidate", "Match", "explain"]


class Calculator:
    def __init__(
        self, articles: ArticleSource, table: StatutoryTable, standards: list[Standard]
    ) -> None:
        self.articles = articles
        self.table = table
        self.standards = standards
        self._row_texts: RowTexts | None = None

    # -- finding -------------------------------------------------------------------------
    def find(self, query: str, limit: int = 8, standard: str | None = None) -> list[Candidate]:
        """Candidates for the words, best first: rows of the standards, then statutory rows."""
        return find_candidates(query, self.standards, self.table, self._texts(), limit, standard)

    def match(
        self,
        query: str | None,
        *,
        pick: str | None = None,
        standard: str | None = None,
        limit: int = 8,
    ) -> Match:
        """The candidate the words (or `pick`, an id) name, or the close ones to choose from."""
        candidates = self.find(query, limit, standard) if query else []
        if pick:
            return Match(query=query or "", candidates=candidates, chosen=self.candidate(pick))
        return decide(query or "", candidates)

    def candidate(self, candidate_id: str) -> Candidate:
        """A candidate named by id (standard:<name>:<id>, statutory:<row id>, or a row id)."""
        if candidate_id.startswith("standard:"):
            _ignored, name, vid = candidate_id.split(":", 2)
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
        r = self.table.row(candidate_id.removeprefix("statutory:"))
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
        raise NotFound(_("裁量基准 {name!r} 未载入").format(name=name))

    def _violation(self, candidate: Candidate) -> tuple[Standard, Violation]:
        std = self._standard(candidate.standard)
        return std, std.violation(candidate.violation)

    def _texts(self) -> RowTexts:
        """Each statutory row's paragraph text and items, for matching words (read once)."""
        if self._row_texts is None:
            refs = list(dict.fromkeys(r.ref for r in self.table.rows))
            empty = self.articles.is_empty()
            articles = {} if empty else self.articles.articles_by_refs(refs)
            out: RowTexts = {}
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
            std, v = self._violation(candidate)
            out.extend(std.factors_of(v))
        if self._needs_base(candidate):
            out.append(self._base_factor(candidate))
        return out

    def next_question(self, candidate: Candidate, facts: dict[str, Any]) -> Factor | None:
        """The next factor worth asking, or None when the tier (and range) is decided."""
        parsed = self.parse_facts(candidate, facts)
        if candidate.source == "standard":
            std, v = self._violation(candidate)
            if not decided(v, parsed):
                for c in open_conditions(v, parsed):
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
                asked = "、".join(f.name for f in self.factors(candidate)) or "无"
                raise InvalidInput(
                    f"--factor {name}",
                    _(
                        "不是“{title}”的裁量因素（本项询问：{asked}；通用情节：{general_factors}）"
                    ).format(
                        title=candidate.title,
                        asked=asked,
                        general_factors="、".join(GENERAL_FACTORS),
                    ),
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
        parsed = self.parse_facts(candidate, dict(facts or {}))
        units = {f.name: f.unit for f in self.factors(candidate)}
        shown = {
            k: show_value(v) + (units.get(k, "") if isinstance(v, float) else "")
            for k, v in parsed.items()
        }
        calc = Calculation(query=query, candidate=candidate, facts=shown)
        row, basis_ref = self._basis(candidate)
        fines = self._statutory_fines(candidate)
        calc.statutory = [f.label() for f in (row.fines if row else [])]
        calc.statutory_words = [fine_words(f) for f in (row.fines if row else [])]
        calc.kinds = list(row.kinds) if row else []
        calc.daily = bool(row and row.daily)
        if candidate.source == "standard":
            std, v = self._violation(candidate)
            apply_tier(calc, std, v, parsed)
            calc.articles = quote_standard(self.articles, v, basis_ref)
        else:
            calc.fallback = True
            calc.fallback_reason = "未选用裁量基准，适用法定罚款幅度"
            calc.articles = quote_row(self.articles, row) if row is not None else []
        if calc.fine is None:
            standard = candidate.source == "standard"
            case = self._violation(candidate)[1].statutory_case if standard else ""
            calc.fine = statutory_range(fines, candidate.items, parsed.get(BASE_FACTOR), case)
        self._flag_major(calc)
        calc.rules = applied_rules(parsed, row, calc.major, calc.major_note)
        if candidate.sample:
            calc.warnings.insert(0, f"所用裁量基准为示例：{SAMPLE_WARNING}")
        if row is not None and row.stale:
            calc.warnings.append(f"法定幅度表中 {row.id} 的条文已变化，请重新生成 statutory.tsv")
        calc.explanation = explain(calc)
        return calc

    def _flag_major(self, calc: Calculation) -> None:
        high = calc.fine.high if calc.fine else None
        if high is not None and high > MAJOR_FINE:
            calc.major = True
            calc.major_note = (
                f"罚款上限{format_yuan(high)}超过{format_yuan(MAJOR_FINE)}，属于重大行政处罚："
                "应当进行法制审核，并由行政机关负责人集体讨论决定"
            )
        elif calc.fine and calc.fine.high is None:
            calc.warnings.append(
                "罚款上限无法确定（按倍数计罚而未提供基数），请核实是否属于重大行政处罚"
            )

    def _basis(self, candidate: Candidate) -> tuple[StatutoryRow | None, ArticleRef | None]:
        if candidate.source == "statutory":
            return self.table.row(candidate.row), None
        _ignored, v = self._violation(candidate)
        ref, _ignored = resolve_ref(self.articles, v.basis)
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
