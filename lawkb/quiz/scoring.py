"""Grading answers and scoring papers.

单选 and 判断 score when the one keyed option is chosen. 多选 scores only when exactly the
keyed options are chosen; a template may give `partial` points for a choice that is right
but incomplete (never for one with a wrong option in it). 填空 compares the words typed with
the article's words, reading numbers by value (15日 = 十五日) and authorities by meaning
(环境保护主管部门 = 生态环境主管部门).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from lawkb.quiz.models import LETTERS, FactKind, Graded, Question, QuestionType
from lawkb.quiz.text import (
    MONEY_RE,
    MULTIPLE_RE,
    TIME_RE,
    TIME_UNITS,
    norm_authority,
    number_value,
    range_value,
    squash,
)

MAX_SECONDS_PER_QUESTION = 300.0  # longer than this on one question is an idle clock


def normalise_response(q: Question, response: Sequence[str] | str | None) -> list[str]:
    """Letters (or the typed text for a cloze) as a sorted list; junk letters dropped."""
    if response is None:
        return []
    if q.type is QuestionType.CLOZE:
        items = [response] if isinstance(response, str) else list(response)
        return [s.strip() for s in items if s and s.strip()]
    text = response if isinstance(response, str) else "".join(response)
    valid = LETTERS[: len(q.options)]
    return sorted({c for c in text.upper() if c in valid})


def is_correct(q: Question, response: list[str]) -> bool:
    if q.type is QuestionType.CLOZE:
        return len(response) == len(q.answer) and all(
            cloze_matches(q.kind, given, expected)
            for given, expected in zip(response, q.answer, strict=True)
        )
    return sorted(response) == sorted(q.answer)


def grade(
    q: Question,
    response: Sequence[str] | str | None,
    points: float = 1.0,
    partial: float = 0.0,
    seconds: float = 0.0,
) -> Graded:
    given = normalise_response(q, response)
    correct = is_correct(q, given)
    earned = points if correct else 0.0
    if (
        not correct
        and q.type is QuestionType.MULTI
        and partial
        and given
        and set(given) < set(q.answer)
    ):
        earned = partial
    return Graded(
        question=q,
        response=given,
        correct=correct,
        points=earned,
        max_points=points,
        seconds=max(0.0, min(float(seconds), MAX_SECONDS_PER_QUESTION)),
    )


def _keyed(text: str) -> str:
    """The words typed, without punctuation (width and spaces already normalised)."""
    return "".join(c for c in squash(text) if not unicodedata.category(c).startswith("P"))


def cloze_matches(kind: FactKind, given: str, expected: str) -> bool:
    """The keyed words (punctuation and width aside), a number of the same value, or an
    authority under its new name; never a wording with a word left out."""
    g, e = squash(given), squash(expected)
    if g == e or _keyed(given) == _keyed(expected):
        return True
    if kind in (FactKind.AMOUNT, FactKind.MULTIPLE):
        regex = MONEY_RE if kind is FactKind.AMOUNT else MULTIPLE_RE
        mg, me = regex.fullmatch(g), regex.fullmatch(e)
        return bool(mg and me and range_value(mg) == range_value(me))
    if kind is FactKind.TIME_LIMIT:
        mg, me = TIME_RE.fullmatch(g), TIME_RE.fullmatch(e)
        if not (mg and me):
            return False
        return TIME_UNITS[mg.group("unit")] == TIME_UNITS[me.group("unit")] and number_value(
            mg.group("n")
        ) == number_value(me.group("n"))
    if kind is FactKind.AUTHORITY:
        return norm_authority(g, keep_words=True) == norm_authority(e, keep_words=True)
    return False


def total(graded: Sequence[Graded]) -> tuple[float, float]:
    """(score, max score)"""
    return sum(g.points for g in graded), sum(g.max_points for g in graded)


def study_minutes(graded: Sequence[Graded]) -> int:
    """Minutes actually spent answering: the capped time of the answered questions."""
    seconds = sum(g.seconds for g in graded if g.response)
    return int(seconds / 60 + 0.5)
