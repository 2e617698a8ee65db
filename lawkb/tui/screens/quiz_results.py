"""How the quiz screen writes a handed-in attempt and the wrong-answer book."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from lawkb.quiz.models import AttemptResult, Question
from lawkb.tui.widgets.question_card import explanation_text


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


def fill_wrong_table(table: DataTable, result: AttemptResult) -> None:
    """One row per question not answered right, keyed by its 1-based number."""
    table.clear(columns=True)
    for col in ("题号", "题型", "你的答案", "正确答案", "依据"):
        table.add_column(col)
    for n, g in enumerate(result.graded, start=1):
        if g.correct:
            continue
        given = "、".join(g.response) or "（未答）"
        table.add_row(
            str(n),
            g.question.type.label,
            given,
            g.question.answer_text[:30],
            g.question.source.citation,
            key=f"{n}",
        )


def fill_book_table(table: DataTable, entries: list[Any]) -> None:
    """The wrong-answer book, one row per entry, keyed by its index."""
    table.clear(columns=True)
    for col in ("依据", "题型", "错次", "题干"):
        table.add_column(col)
    for i, e in enumerate(entries):
        q = e.question
        table.add_row(q.source.citation, q.type.label, str(e.misses), q.stem[:40], key=str(i))


def wrong_detail(q: Question) -> Text:
    detail = Text(q.stem + "\n", style="bold")
    detail.append_text(explanation_text(q.explanation, q.highlights))
    return detail


def book_detail(q: Question) -> Text:
    detail = Text(q.stem + "\n", style="bold")
    detail.append(f"答案：{q.answer_text}\n")
    detail.append_text(explanation_text(q.explanation, q.highlights))
    return detail
