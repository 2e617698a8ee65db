"""How the quiz screen writes a handed-in attempt and the wrong-answer book."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from lawkb.quiz.models import AttemptResult, Question
from lawkb.tui.widgets.question_card import explanation_text
from lawkb.tui.widgets.result_table import fit

ANSWER_MIN = 10  # cells: the last column never narrower than this
CITATION_MIN = 12


def score_text(result: AttemptResult) -> Text:
    """Score and verdict (exams), answered of all, right, unanswered, what was recorded."""
    score = Text()
    if result.mode == "exam":
        verdict = "及格" if result.passed else "不及格"
        score.append(f"得分 {result.score:g} / {result.max_score:g}  ", style="bold")
        score.append(verdict, style="bold green" if result.passed else "bold red")
        score.append(f"（{result.pass_mark:g} 分及格）")
    answered, total = result.answered_count, max(result.questions, len(result.graded))
    lead = "\n" if score.plain else ""
    score.append(
        f"{lead}已答 {answered} / {total} 题，答对 {result.correct_count} 题", style="bold"
    )
    if result.unanswered_count:
        score.append(f"，未答 {result.unanswered_count} 题（不计入错题本）")
    score.append(
        f"\n错题 {len(result.wrong)} 道已记入错题本并安排复习；计入学习时间 "
        f"{result.study_minutes} 分钟。选中一行看解析，按 o 打开条文。"
    )
    return score


def fit_citation(citation: str, width: int) -> Text:
    """《law》第X条 in `width` cells: a long law name gives way, the article stays."""
    if cell_len(citation) <= width or "》" not in citation:
        return fit(citation, width)
    name, _, article = citation.rpartition("》")
    tail = "…》" + article
    return Text(fit(name, max(2, width - cell_len(tail))).plain.rstrip("…") + tail)


def _columns(width: int, fixed: list[int], citation: int) -> tuple[int, int]:
    """Cells for the citation column and the last one once the fixed columns (each with one
    cell of padding either side, and the scroll bar) are laid out: the last one keeps at
    least ANSWER_MIN, the citation takes what it needs of the rest."""
    rest = width - sum(w + 2 for w in fixed) - 4
    cite = max(CITATION_MIN, min(citation, rest - ANSWER_MIN - 2))
    return cite, max(ANSWER_MIN, rest - cite - 2)


def fill_wrong_table(table: DataTable, result: AttemptResult, width: int) -> None:
    """One row per question not answered right, keyed by its 1-based number. The article
    (依据) comes before the right answer, which is cut to what is left of `width` (the
    detail below the table shows it whole)."""
    table.clear(columns=True)
    rows = []
    for n, g in enumerate(result.graded, start=1):
        if g.correct:
            continue
        given = "、".join(g.response) or "（未答）"
        q = g.question
        rows.append((str(n), q.type.label, given, q.source.citation, q.answer_text, f"{n}"))
    heads = ("题号", "题型", "你的答案", "依据", "正确答案")
    fixed = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(heads[:3])]
    cite, last = _columns(width, fixed, max([4] + [cell_len(r[3]) for r in rows]))
    for col in heads:
        table.add_column(col)
    for number, kind, given, citation, answer, key in rows:
        table.add_row(number, kind, given, fit_citation(citation, cite), fit(answer, last), key=key)


def fill_book_table(table: DataTable, entries: list[Any], width: int) -> None:
    """The wrong-answer book, one row per entry, keyed by its index; the stem is cut to
    what is left of `width` (the detail below shows it whole)."""
    table.clear(columns=True)
    rows = [(e.question.type.label, str(e.misses)) for e in entries]
    fixed = [max([4] + [cell_len(r[i]) for r in rows]) for i in range(2)]
    citations = [e.question.source.citation for e in entries]
    cite, last = _columns(width, fixed, max([4] + [cell_len(c) for c in citations]))
    for col in ("依据", "题型", "错次", "题干"):
        table.add_column(col)
    for i, (row, e) in enumerate(zip(rows, entries, strict=True)):
        citation = fit_citation(e.question.source.citation, cite)
        table.add_row(citation, *row, fit(e.question.stem, last), key=str(i))


def wrong_detail(q: Question) -> Text:
    detail = Text(q.stem + "\n", style="bold")
    detail.append_text(explanation_text(q.explanation, q.highlights))
    return detail


def book_detail(q: Question) -> Text:
    detail = Text(q.stem + "\n", style="bold")
    detail.append(f"答案：{q.answer_text}\n")
    detail.append_text(explanation_text(q.explanation, q.highlights))
    return detail
