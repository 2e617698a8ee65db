"""How the quiz screen writes a handed-in attempt and the wrong-answer book."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from lawkb.i18n import _
from lawkb.quiz.models import AttemptResult, Question
from lawkb.tui.widgets.question_card import explanation_text
from lawkb.tui.widgets.result_table import fit

ANSWER_MIN = 10  # cells: the last column never narrower than this
CITATION_MIN = 12


def score_text(result: AttemptResult) -> Text:
    """Score and verdict (exams), answered of all, right, unanswered, what was recorded."""
    score = Text()
    if result.mode == "exam":
        verdict = _("及格") if result.passed else _("不及格")
        score.append(
            _("得分 {score:g} / {max_score:g}  ").format(
                score=result.score, max_score=result.max_score
            ),
            style="bold",
        )
        score.append(verdict, style="bold green" if result.passed else "bold red")
        score.append(_("（{pass_mark:g} 分及格）").format(pass_mark=result.pass_mark))
    answered, total = result.answered_count, max(result.questions, len(result.graded))
    lead = "\n" if score.plain else ""
    score.append(
        _("{lead}已答 {answered} / {total} 题，答对 {correct_count} 题").format(
            lead=lead, answered=answered, total=total, correct_count=result.correct_count
        ),
        style="bold",
    )
    if result.unanswered_count:
        score.append(
            _("，未答 {unanswered_count} 题（不计入错题本）").format(
                unanswered_count=result.unanswered_count
            )
        )
    score.append(
        _(
            "\n错题 {n_wrong} 道已记入错题本并安排复习；计入学习时间 {study_minutes} "
            "分钟。选中一行看解析，按 o 打开条文。"
        ).format(n_wrong=len(result.wrong), study_minutes=result.study_minutes)
    )
    return score


def fit_citation(citation: str, width: int) -> Text:
    """《law》第X条 in `width` cells: a long law name gives way, the article stays."""
    if cell_len(citation) <= width or "》" not in citation:
        return fit(citation, width)
    name, _ignored, article = citation.rpartition("》")
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
        given = "、".join(g.response) or _("（未答）")
        q = g.question
        rows.append((str(n), q.type.label, given, q.source.citation, q.answer_text, f"{n}"))
    heads = (_("题号"), _("题型"), _("你的答案"), _("依据"), _("正确答案"))
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
    for col in (_("依据"), _("题型"), _("错次"), _("题干")):
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
    detail.append(_("答案：{answer_text}\n").format(answer_text=q.answer_text))
    detail.append_text(explanation_text(q.explanation, q.highlights))
    return detail
