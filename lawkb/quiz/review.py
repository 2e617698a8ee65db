"""Spaced review with FSRS (the fsrs package, v6 API: Scheduler, Card, Rating).

A missed question gets a card, and so does the article behind it (the weak article): both
are rated Again. Answering a carded question right later rates it Good, and its article too.
The daily due set is every card due by the end of the officer's day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler

from lawkb.quiz.models import Graded

QUESTION, ARTICLE = "question", "article"
# no fuzz: the same answers on the same day give the same schedule (and testable dates)
SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class DueCard:
    kind: str  # "question" or "article"
    key: str  # question id or article ref
    due: dt.datetime
    reps: int
    lapses: int


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_of_day(now: dt.datetime) -> dt.datetime:
    """The end of `now`'s local day, in UTC: what "due today" means to the officer."""
    local = now.astimezone()
    end = local.replace(hour=23, minute=59, second=59, microsecond=0)
    return end.astimezone(dt.UTC)


def _card_id(officer_id: str, kind: str, key: str) -> int:
    # fsrs makes ids from the clock (and sleeps 1 ms per card); a hash is stable and instant
    return int(hashlib.sha1(f"{officer_id}|{kind}|{key}".encode()).hexdigest()[:12], 16)


def load_card(conn: sqlite3.Connection, officer_id: str, kind: str, key: str) -> Card | None:
    row = conn.execute(
        "SELECT card FROM quiz_cards WHERE officer_id = ? AND kind = ? AND key = ?",
        [officer_id, kind, key],
    ).fetchone()
    return Card.from_dict(json.loads(row[0])) if row else None


def review(
    conn: sqlite3.Connection,
    officer_id: str,
    kind: str,
    key: str,
    rating: Rating,
    now: dt.datetime,
    attempt_id: int | None = None,
) -> Card:
    """Rate one card (made on first miss) and store its new state. Runs in the caller's
    transaction."""
    card = load_card(conn, officer_id, kind, key)
    lapses_before = 0
    reps = 0
    if card is None:
        card = Card(card_id=_card_id(officer_id, kind, key), due=now)
    else:
        row = conn.execute(
            "SELECT reps, lapses FROM quiz_cards WHERE officer_id = ? AND kind = ? AND key = ?",
            [officer_id, kind, key],
        ).fetchone()
        reps, lapses_before = row
    card, _log = SCHEDULER.review_card(card, rating, review_datetime=now.astimezone(dt.UTC))
    lapses = lapses_before + (1 if rating == Rating.Again else 0)
    conn.execute(
        "INSERT INTO quiz_cards (officer_id, kind, key, card, due, reps, lapses, last_review) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (officer_id, kind, key) DO UPDATE SET card = excluded.card, "
        "due = excluded.due, reps = excluded.reps, lapses = excluded.lapses, "
        "last_review = excluded.last_review",
        [
            officer_id,
            kind,
            key,
            json.dumps(card.to_dict()),
            utc_text(card.due),
            reps + 1,
            lapses,
            utc_text(now),
        ],
    )
    conn.execute(
        "INSERT INTO quiz_review_log (officer_id, kind, key, rating, reviewed_at, due_after, "
        "attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [officer_id, kind, key, int(rating), utc_text(now), utc_text(card.due), attempt_id],
    )
    return card


def apply_answers(
    conn: sqlite3.Connection,
    officer_id: str,
    graded: Iterable[Graded],
    now: dt.datetime,
    attempt_id: int | None = None,
) -> None:
    """Schedule what an attempt showed: misses get (or reset) cards, hits on carded questions
    and articles count as Good. One rating per article per attempt."""
    article_result: dict[str, bool] = {}
    for g in graded:
        qid, ref = g.question.id, g.question.source.ref
        if not g.correct:
            review(conn, officer_id, QUESTION, qid, Rating.Again, now, attempt_id)
        elif load_card(conn, officer_id, QUESTION, qid) is not None:
            review(conn, officer_id, QUESTION, qid, Rating.Good, now, attempt_id)
        article_result[ref] = article_result.get(ref, True) and g.correct
    for ref, all_right in article_result.items():
        if not all_right:
            review(conn, officer_id, ARTICLE, ref, Rating.Again, now, attempt_id)
        elif load_card(conn, officer_id, ARTICLE, ref) is not None:
            review(conn, officer_id, ARTICLE, ref, Rating.Good, now, attempt_id)


def due_cards(
    conn: sqlite3.Connection, officer_id: str, until: dt.datetime, kind: str | None = None
) -> list[DueCard]:
    sql = "SELECT kind, key, due, reps, lapses FROM quiz_cards WHERE officer_id = ? AND due <= ?"
    args: list[object] = [officer_id, utc_text(until)]
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    sql += " ORDER BY due, kind, key"
    return [
        DueCard(k, key, dt.datetime.strptime(d, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC), r, lp)
        for k, key, d, r, lp in conn.execute(sql, args)
    ]
