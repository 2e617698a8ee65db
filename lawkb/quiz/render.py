"""Papers and questions as Markdown (to print) and as JSON-ready dicts. No printing here."""

from __future__ import annotations

from typing import Any

from lawkb.numerals import int_to_cn
from lawkb.quiz.models import (
    BLANK,
    JUDGE_OPTIONS,
    LETTERS,
    Paper,
    PaperItem,
    Question,
    QuestionType,
)

SECTION_TITLES = {
    QuestionType.SINGLE: "单项选择题",
    QuestionType.MULTI: "多项选择题",
    QuestionType.JUDGE: "判断题",
    QuestionType.CLOZE: "填空题",
}
SECTION_HINTS = {
    QuestionType.SINGLE: "每题只有一个正确答案",
    QuestionType.MULTI: "每题有两个或两个以上正确答案，多选、少选、错选均不得分",
    QuestionType.JUDGE: "正确的选 A（正确），错误的选 B（错误）",
    QuestionType.CLOZE: "在括号内填写法条原文的用语",
}


def question_dict(q: Question, number: int | None = None, points: float | None = None) -> dict:
    """The JSON shape of a question: id, type, stem, options, answer, explanation, source."""
    out: dict[str, Any] = {}
    if number is not None:
        out["number"] = number
    out |= {
        "id": q.id,
        "type": q.type.value,
        "type_label": q.type.label,
        "stem": q.stem,
        "options": list(q.options),
        "answer": list(q.answer),
        "answer_text": q.answer_text,
        "explanation": q.explanation,
        "highlights": [list(h) for h in q.highlights],
        "difficulty": q.difficulty,
        "kind": q.kind.value,
        "origin": q.origin,
        "source": {
            "law": q.source.law,
            "article": q.source.article,
            "number": q.source.number,
            "suffix": q.source.suffix,
            "status": q.source.status.value,
            "ref": q.source.ref,
        },
    }
    if points is not None:
        out["points"] = points
    return out


def paper_dict(paper: Paper) -> dict:
    t = paper.template
    return {
        "title": t.title,
        "template": t.name,
        "seed": paper.seed,
        "minutes": t.minutes,
        "pass_mark": t.pass_mark,
        "total_points": paper.total_points,
        "questions": [question_dict(i.question, i.number, i.points) for i in paper.items],
    }


def marked(text: str, spans: list[tuple[int, int]], left: str = "**", right: str = "**") -> str:
    """`text` with each [start, end) span wrapped in left…right."""
    out, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        out += [text[pos:s], left, text[s:e], right]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _sections(paper: Paper) -> list[tuple[QuestionType, list[PaperItem]]]:
    out: list[tuple[QuestionType, list[PaperItem]]] = []
    for item in paper.items:
        if not out or out[-1][0] != item.question.type:
            out.append((item.question.type, []))
        out[-1][1].append(item)
    return out


def paper_markdown(paper: Paper) -> str:
    t = paper.template
    lines = [
        f"# {t.title}",
        "",
        f"模板 {t.name} · 种子 {paper.seed} · 共 {len(paper.items)} 题"
        f" · 满分 {_n(paper.total_points)} 分"
        f" · 考试时间 {t.minutes} 分钟 · {_n(t.pass_mark)} 分及格",
        "",
        "姓名：＿＿＿＿＿＿　执法证号：＿＿＿＿＿＿　得分：＿＿＿＿",
    ]
    for n, (qtype, items) in enumerate(_sections(paper), start=1):
        pts = _n(items[0].points)
        lines += [
            "",
            f"## {int_to_cn(n)}、{SECTION_TITLES[qtype]}（共 {len(items)} 题，每题 {pts} 分；"
            f"{SECTION_HINTS[qtype]}）",
        ]
        for item in items:
            q = item.question
            stem = q.stem if BLANK in q.stem else f"{q.stem}{BLANK}"
            lines += ["", f"**{item.number}.** {stem}"]
            if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
                lines.append("")
                lines += [f"- {LETTERS[i]}. {o}" for i, o in enumerate(q.options)]
            elif q.type is QuestionType.JUDGE:
                lines += ["", f"- A. {JUDGE_OPTIONS[0]}　　B. {JUDGE_OPTIONS[1]}"]
    return "\n".join(lines) + "\n"


def key_markdown(paper: Paper) -> str:
    t = paper.template
    lines = [f"# {t.title}：参考答案与解析", "", f"模板 {t.name} · 种子 {paper.seed}", ""]
    lines += [
        "| 题号 | 答案 | 题号 | 答案 | 题号 | 答案 | 题号 | 答案 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    cells = [f"{i.number} | {_short_answer(i.question)}" for i in paper.items]
    for k in range(0, len(cells), 4):
        row = cells[k : k + 4] + [" | "] * (4 - len(cells[k : k + 4]))
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## 解析"]
    for item in paper.items:
        q = item.question
        lines += [
            "",
            f"**{item.number}.** 答案：{_short_answer(q)}　依据：{q.source.citation}"
            + ("（已废止）" if q.is_old_law else ""),
            "",
            "> " + marked(q.explanation, q.highlights),
        ]
    return "\n".join(lines) + "\n"


def _short_answer(q: Question) -> str:
    if q.type is QuestionType.JUDGE:
        return JUDGE_OPTIONS[LETTERS.index(q.answer[0])]
    if q.type is QuestionType.CLOZE:
        return "；".join(q.answer)
    return "".join(q.answer)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def search_text(q: Question) -> str:
    """What "search this question" looks for: the stem without its blank and the options
    (they name the deciding article far more often than the stem alone)."""
    stem = q.stem.replace(BLANK, " ")
    options = [] if q.type is QuestionType.JUDGE else q.options
    return " ".join([stem, *options]).strip()


def search_command(q: Question) -> str:
    """The shell command that runs that search (printed after an answer in CLI practice)."""
    text = search_text(q).replace("'", "")
    return f"lawkb search '{text}'"
