"""The 裁量说明: a short text in the register of case documents (经查 … 依据 … 鉴于 … 综上 …)
to paste into the case file, and fines written as a case document writes them."""

from __future__ import annotations

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.fine_range import BASE_FACTOR
from lawkb.discretion.models import Fine
from lawkb.discretion.results import Calculation, FineResult
from lawkb.discretion.standard import SAMPLE_WARNING
from lawkb.numerals import int_to_cn


def explain(calc: Calculation) -> str:
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
            f"本案罚款幅度为{range_words(calc.fine)}。"
        )
    else:
        if calc.fallback_reason and c.source == "standard":
            lines.append(f"经对照《{c.standard}》，{calc.fallback_reason}。")
        if calc.fine:
            lines.append(f"本案在法定幅度内裁量，罚款幅度为{range_words(calc.fine)}。")
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
        lines.append(f"综上，建议在{range_words(calc.fine)}的幅度内确定罚款数额{measure_text}。")
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


def range_words(fine: FineResult) -> str:
    if fine.low is not None and fine.high is not None and fine.unit == "元":
        if fine.low == 0:
            return f"{format_yuan(fine.high)}以下"
        return f"{format_yuan(fine.low)}以上{format_yuan(fine.high)}以下"
    return fine.text
