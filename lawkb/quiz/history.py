"""Attempts, the wrong-answer book (错题本) and review cards in the records database.

One attempt is saved in one BEGIN IMMEDIATE transaction: the questions as shown, every
answer, the wrong-answer book, the FSRS cards, and the automatic study entry for the time
actually spent answering. Either all of it is stored or none of it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel

from lawkb.errors import InvalidInput, NotFound
from lawkb.i18n import _
from lawkb.quiz import review
from lawkb.quiz.models import AttemptResult, Graded, Question
from lawkb.quiz.schema import migrations
from lawkb.quiz.scoring import study_minutes

if TYPE_CHECKING:
    from lawkb.records import Records

MASTERED_AFTER = 2  # right answers in a row after the last miss
ACTIVITY = {"exam": "模拟考试", "practice": "练习", "review": "练习"}
SOURCE = {"exam": "exam", "practice": "quiz", "review": "quiz"}


class WrongEntry(BaseModel):
    question: Question
    ref: str
    misses: int
    first_missed: str
    last_missed: str
    right_since: int
    last_answered: str

    @property
    def mastered(self) -> bool:
        return self.right_since >= MASTERED_AFTER


class AttemptSummary(BaseModel):
    id: int
    officer_id: str
    mode: str
    template: str
    seed: int | None
    started_at: str
    finished_at: str
    score: float
    max_score: float
    pass_mark: float | None
    passed: bool | None
    questions: int
    correct: int
    study_minutes: int


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class QuizRecords:
    def __init__(self, records: Records, now: Callable[[], dt.datetime] = utc_now) -> None:
        self.records = records
        self.now = now
        records.ensure_schema(migrations)

    @property
    def conn(self):  # the records connection (reads)
        return self.records.conn

    def check_officer(self, officer_id: str) -> None:
        row = self.conn.execute("SELECT 1 FROM officers WHERE id = ?", [officer_id]).fetchone()
        if row is None:
            raise NotFound(
                _("执法人员 {officer_id!r}：未登记（请用 `lawkb officers add` 添加）").format(
                    officer_id=officer_id
                )
            )

    # -- saving ----------------------------------------------------------------------------
    def save_attempt(self, result: AttemptResult, *, scope: str = "") -> AttemptResult:
        """Store a finished attempt; returns it with its id and the minutes logged."""
        if not result.graded:
            raise InvalidInput("attempt", _("没有回答任何题目"))
        self.check_officer(result.officer_id)
        uid = uuid.uuid4().hex
        minutes = study_minutes(result.graded)
        now = self.now()
        with self.records.transaction() as conn:
            for g in result.graded:
                _snapshot(conn, g.question, result.finished_at)
            entry_id = self._log_study(result, minutes, uid, scope)
            cur = conn.execute(
                "INSERT INTO quiz_attempts (uid, officer_id, mode, template, seed, scope, "
                "started_at, finished_at, score, max_score, pass_mark, passed, questions, "
                "correct, answered_seconds, study_minutes, entry_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    uid,
                    result.officer_id,
                    result.mode,
                    result.template,
                    result.seed,
                    scope,
                    result.started_at,
                    result.finished_at,
                    result.score,
                    result.max_score,
                    result.pass_mark,
                    None if result.passed is None else int(result.passed),
                    len(result.graded),
                    result.correct_count,
                    int(sum(g.seconds for g in result.graded if g.response)),
                    minutes if entry_id else 0,
                    entry_id,
                ],
            )
            attempt_id = int(cur.lastrowid)
            for seq, g in enumerate(result.graded, start=1):
                conn.execute(
                    "INSERT INTO quiz_answers (attempt_id, seq, question_id, options, response, "
                    "correct, points, max_points, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        attempt_id,
                        seq,
                        g.question.id,
                        json.dumps(g.question.options, ensure_ascii=False),
                        json.dumps(g.response, ensure_ascii=False),
                        int(g.correct),
                        g.points,
                        g.max_points,
                        g.seconds,
                    ],
                )
                _wrong_book(conn, result.officer_id, g, result.finished_at)
            review.apply_answers(conn, result.officer_id, result.graded, now, attempt_id)
        return result.model_copy(
            update={"attempt_id": attempt_id, "study_minutes": minutes if entry_id else 0}
        )

    def _log_study(self, result: AttemptResult, minutes: int, uid: str, scope: str) -> int | None:
        """The automatic study entry; a rule of the ledger that refuses it (a day already
        full, an activity the coordinator removed) does not lose the attempt."""
        if minutes < 1:
            return None
        topic = scope or (f"模拟考试 {result.template}" if result.mode == "exam" else "练习")
        try:
            return self.records.log_auto(
                result.officer_id,
                minutes,
                ACTIVITY[result.mode],
                topic,
                ref=f"quiz:{uid}",
                source=SOURCE[result.mode],
                date=dt.datetime.fromisoformat(result.finished_at.replace("Z", "+00:00"))
                .astimezone()
                .date(),
            )
        except InvalidInput:
            return None

    # -- reading ---------------------------------------------------------------------------
    def attempts(self, officer_id: str, limit: int = 50) -> list[AttemptSummary]:
        rows = self.conn.execute(
            "SELECT id, officer_id, mode, template, seed, started_at, finished_at, score, "
            "max_score, pass_mark, passed, questions, correct, study_minutes "
            "FROM quiz_attempts WHERE officer_id = ? ORDER BY id DESC LIMIT ?",
            [officer_id, limit],
        ).fetchall()
        keys = list(AttemptSummary.model_fields)
        out = []
        for r in rows:
            d = dict(zip(keys, r, strict=True))
            d["passed"] = None if d["passed"] is None else bool(d["passed"])
            out.append(AttemptSummary(**d))
        return out

    def wrong_book(self, officer_id: str, include_mastered: bool = False) -> list[WrongEntry]:
        self.check_officer(officer_id)
        sql = (
            "SELECT q.body, w.ref, w.misses, w.first_missed, w.last_missed, w.right_since, "
            "w.last_answered FROM quiz_wrong_book w JOIN quiz_questions q ON q.id = w.question_id "
            "WHERE w.officer_id = ?"
        )
        if not include_mastered:
            sql += f" AND w.right_since < {MASTERED_AFTER}"
        sql += " ORDER BY w.last_missed DESC, w.misses DESC"
        out = []
        for body, ref, misses, first, last, right, answered in self.conn.execute(sql, [officer_id]):
            out.append(
                WrongEntry(
                    question=Question.model_validate_json(body),
                    ref=ref,
                    misses=misses,
                    first_missed=first,
                    last_missed=last,
                    right_since=right,
                    last_answered=answered,
                )
            )
        return out

    def weak_articles(self, officer_id: str) -> list[tuple[str, int]]:
        """(article ref, misses) of the articles behind the officer's open wrong answers."""
        return [
            (ref, n)
            for ref, n in self.conn.execute(
                "SELECT ref, SUM(misses) FROM quiz_wrong_book WHERE officer_id = ? "
                f"AND right_since < {MASTERED_AFTER} GROUP BY ref ORDER BY 2 DESC, 1",
                [officer_id],
            )
        ]

    def due(self, officer_id: str, until: dt.datetime | None = None) -> list[review.DueCard]:
        self.check_officer(officer_id)
        return review.due_cards(self.conn, officer_id, until or review.end_of_day(self.now()))

    def question(self, question_id: str) -> Question | None:
        row = self.conn.execute(
            "SELECT body FROM quiz_questions WHERE id = ?", [question_id]
        ).fetchone()
        return Question.model_validate_json(row[0]) if row else None


def _snapshot(conn, q: Question, at: str) -> None:
    # options in their original order: the shuffled order is kept with each answer
    conn.execute(
        "INSERT INTO quiz_questions (id, type, kind, ref, origin, body, first_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        [q.id, q.type.value, q.kind.value, q.source.ref, q.origin, q.model_dump_json(), at],
    )


def _wrong_book(conn, officer_id: str, g: Graded, at: str) -> None:
    q = g.question
    if not g.response:  # unanswered (an exam handed in early): not a wrong answer
        return
    if not g.correct:
        conn.execute(
            "INSERT INTO quiz_wrong_book (officer_id, question_id, ref, first_missed, "
            "last_missed, misses, right_since, last_answered) VALUES (?, ?, ?, ?, ?, 1, 0, ?) "
            "ON CONFLICT (officer_id, question_id) DO UPDATE SET "
            "last_missed = excluded.last_missed, misses = misses + 1, right_since = 0, "
            "last_answered = excluded.last_answered",
            [officer_id, q.id, q.source.ref, at, at, at],
        )
    else:
        conn.execute(
            "UPDATE quiz_wrong_book SET right_since = right_since + 1, last_answered = ? "
            "WHERE officer_id = ? AND question_id = ?",
            [at, officer_id, q.id],
        )
