"""Attempts in the records database: scores, the wrong-answer book, FSRS review, study time."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from quiz_support import NOW, Clock, kb_with_officer, writable_home

from lawkb.errors import InvalidInput, NotFound
from lawkb.quiz.models import PaperTemplate, QuestionType, Section
from lawkb.quiz.service import PracticeScope

SMALL = PaperTemplate(
    name="small",
    minutes=10,
    pass_mark=6,
    sections=[
        Section(type=QuestionType.SINGLE, count=5, points=1),
        Section(type=QuestionType.MULTI, count=2, points=2),
        Section(type=QuestionType.JUDGE, count=3, points=1),
    ],
)


@pytest.fixture
def svc(corpus_home, tmp_path):
    kb = kb_with_officer(writable_home(corpus_home, tmp_path / "home"))
    return kb.quiz_service(now=lambda: NOW)


def wrong_answer(q):
    return next(letter for letter in "ABCDE"[: len(q.options)] if [letter] != q.answer)


def take_exam(svc, clock, miss=(0, 5), seed=3):
    s = svc.start_exam("T001", SMALL, seed=seed, clock=clock, wall=lambda: NOW)
    for i in range(len(s)):
        s.show(i)
        clock.advance(45)
        q = s.question(i)
        s.answer(i, wrong_answer(q) if i in miss else q.answer)
    return s


def test_a_scored_exam_lands_in_the_records(svc):
    clock = Clock()
    session = take_exam(svc, clock)
    missed = {session.question(0).id, session.question(5).id}
    result = svc.submit(session)
    # question 0 is a 单选 (1 point), question 5 a 多选 (2 points)
    assert (result.score, result.max_score, result.passed) == (9, 12, True)
    assert result.study_minutes == 8  # ten answers × 45 s, rounded
    db = sqlite3.connect(svc.home / "records.db")
    row = db.execute(
        "SELECT officer_id, mode, template, score, passed, questions, correct, entry_id "
        "FROM quiz_attempts WHERE id = ?",
        [result.attempt_id],
    ).fetchone()
    assert row[:7] == ("T001", "exam", "small", 9.0, 1, 10, 8)
    assert db.execute("SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = ?", [row[0]]).fetchone()
    answers = db.execute(
        "SELECT question_id, correct FROM quiz_answers WHERE attempt_id = ? ORDER BY seq",
        [result.attempt_id],
    ).fetchall()
    assert len(answers) == 10 and {q for q, c in answers if not c} == missed
    entry = db.execute(
        "SELECT minutes, activity, source, automatic FROM entries WHERE id = ?", [row[7]]
    ).fetchone()
    assert entry == (8, "模拟考试", "exam", 1)
    # the missed questions are in the wrong-answer book and due for review today
    book = svc.wrong_book("T001")
    assert {e.question.id for e in book} == missed
    due = svc.due("T001")
    due_questions = {d.card.key for d in due if d.card.kind == "question"}
    assert due_questions == missed
    weak = {d.card.key for d in due if d.card.kind == "article"}
    assert weak == {e.question.source.ref for e in book}


def test_right_answers_later_master_a_wrong_one(svc):
    clock = Clock()
    svc.submit(take_exam(svc, clock, miss=(0,)))
    (entry,) = svc.wrong_book("T001")
    for _ in range(2):  # practise the weak spots; answer the missed question right
        s = svc.start_practice(
            "T001", PracticeScope(weak=True), count=3, clock=clock, wall=lambda: NOW
        )
        index = next(i for i in range(len(s)) if s.question(i).id == entry.question.id)
        s.show(index)
        clock.advance(30)
        assert s.answer(index, entry.question.answer).correct
        svc.submit(s)
    assert svc.wrong_book("T001") == []
    (kept,) = svc.wrong_book("T001", include_mastered=True)
    assert kept.mastered and kept.misses == 1
    # rated Good twice after the miss: no longer due today
    later = NOW + dt.timedelta(hours=1)
    assert entry.question.id not in {c.key for c in svc.history.due("T001", later)}


def test_an_exam_ends_on_time(svc):
    clock = Clock()
    s = svc.start_exam("T001", SMALL, seed=4, clock=clock, wall=lambda: NOW)
    s.show(0)
    clock.advance(5)
    s.answer(0, s.question(0).answer)
    assert s.remaining() == pytest.approx(595)
    clock.advance(600)
    assert s.expired()
    with pytest.raises(InvalidInput):
        s.answer(1, s.question(1).answer)
    result = svc.submit(s)
    assert result.correct_count == 1 and result.passed is False
    # unanswered questions score nothing but are not wrong answers: not in the 错题本
    assert result.unanswered_count == 9 and len(result.wrong) == 0
    assert svc.wrong_book("T001") == []


def test_idle_time_is_not_study_time(svc):
    clock = Clock()
    s = svc.start_practice(
        "T001", PracticeScope(law="行政处罚法"), count=3, seed=1, clock=clock, wall=lambda: NOW
    )
    s.show(0)
    clock.advance(3600)  # an hour in front of one question: capped
    s.answer(0, "A")
    s.show(1)
    clock.advance(600)  # shown and never answered: not counted
    result = svc.submit(s)
    assert result.study_minutes == 5  # the cap of 300 s for the one answered question


def test_an_unknown_officer_writes_nothing(svc):
    with pytest.raises(NotFound):
        svc.start_exam("NOPE", SMALL, seed=1)
    db = sqlite3.connect(svc.home / "records.db")
    assert db.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone() == (0,)


def test_attempts_are_append_only(svc):
    result = svc.submit(take_exam(svc, Clock()))
    db = sqlite3.connect(svc.home / "records.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE quiz_attempts SET score = 100 WHERE id = ?", [result.attempt_id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM quiz_answers WHERE attempt_id = ?", [result.attempt_id])
